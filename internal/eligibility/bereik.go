package eligibility

import (
	"encoding/csv"
	"errors"
	"fmt"
	"github.com/perspectief/perspectief/internal/atomicfile"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The batch run ('bereik'): evaluate every household of a trendmonitor
// panel's latest year against the rules and count, per scheme, area and
// group, who is entitled and who of them does not use the scheme.

// PanelError is a problem in an input file, printed as FILE:LINE: COLUMN:
// reason like the trendmonitor's input errors.
type PanelError struct {
	File   string
	Line   int
	Column string
	Reason string
}

func (e *PanelError) Error() string {
	return fmt.Sprintf("%s:%d: %s: %s", e.File, e.Line, e.Column, e.Reason)
}

// PanelHousehold is one household of the population in the latest year.
type PanelHousehold struct {
	ID    string
	Buurt string
	Type  string
	Bron  string
	Facts Household
}

// Panel is the part of a panel the batch run needs.
type Panel struct {
	Name       string
	Year       int // the latest year of any row
	Households []PanelHousehold
	// FactColumns are the facts the panel supplies (core columns and extra
	// columns named after a fact); Derived and Assumed say where the others
	// came from, for the run's metadata.
	FactColumns []string
	Derived     []string
	Assumed     []string
}

var panelCore = []string{"jaar", "huishouden", "buurt", "type", "personen", "minderjarigen", "aow", "bron", "inkomen", "uitgesloten"}

var (
	// The values map to themselves so that a kept row holds the constant,
	// not a slice of its CSV line.
	panelTypes = map[string]string{"alleenstaand": "alleenstaand", "eenouder": "eenouder", "paar_zonder_kinderen": "paar_zonder_kinderen", "paar_met_kinderen": "paar_met_kinderen", "overig": "overig"}
	panelBron  = map[string]string{"werk": "werk", "zelfstandig": "zelfstandig", "uitkering": "uitkering", "pensioen": "pensioen", "overig": "overig"}
)

type panelRow struct {
	year int
	h    PanelHousehold
}

// ReadPanel reads a panel CSV (trendmonitor spec section 1) plus any extra
// columns named after declared facts, and keeps the population of the
// latest year. assume gives values for facts the panel has no column for
// (--aanname); assuming a fact the panel does have is an error, since the
// analyst would silently overrule the data.
//
// studiefinanciering is derived as false when the panel has no such column:
// the trendmonitor already leaves students out of the population
// (uitgesloten = student), so a population row is not a student.
func (s *Set) ReadPanel(name string, r io.Reader, assume map[string]Value) (*Panel, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return nil, &PanelError{name, 1, "header", "geen kopregel: " + err.Error()}
	}
	col := map[string]int{}
	for i, h := range header {
		if i == 0 {
			h = strings.TrimPrefix(h, "\ufeff")
		}
		col[h] = i
	}
	for _, c := range panelCore {
		if _, ok := col[c]; !ok {
			return nil, &PanelError{name, 1, c, "kolom ontbreekt"}
		}
	}
	p := &Panel{Name: name}
	extra := map[string]int{} // fact name -> column
	for _, f := range s.Facts {
		switch f.Name {
		case "type", "minderjarigen", "aow", "inkomen":
			p.FactColumns = append(p.FactColumns, f.Name)
			continue
		}
		if i, ok := col[f.Name]; ok {
			extra[f.Name] = i
			p.FactColumns = append(p.FactColumns, f.Name)
		}
	}
	base := s.NewHousehold()
	for nameA, v := range assume {
		f, ok := s.facts[nameA]
		if !ok {
			return nil, fmt.Errorf("--aanname %s: geen feit van de regels", nameA)
		}
		if _, has := extra[nameA]; has || nameA == "type" || nameA == "minderjarigen" || nameA == "aow" || nameA == "inkomen" {
			return nil, fmt.Errorf("--aanname %s: het panel heeft die kolom al", nameA)
		}
		base[f.slot] = v
		p.Assumed = append(p.Assumed, nameA)
	}
	sort.Strings(p.Assumed)
	if f, ok := s.facts["studiefinanciering"]; ok {
		if _, has := extra[f.Name]; !has && !base[f.slot].Known() {
			base[f.slot] = Bool(false)
			p.Derived = append(p.Derived, "studiefinanciering=0 (studenten staan buiten de populatie)")
		}
	}

	seen := map[string]bool{}
	var rows []panelRow
	maxYear := 0
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(name, err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != len(header) {
			return nil, &PanelError{name, line, "csv", fmt.Sprintf("%d velden, verwacht %d", len(rec), len(header))}
		}
		bad := func(c, format string, args ...any) error {
			return &PanelError{name, line, c, fmt.Sprintf(format, args...)}
		}
		get := func(c string) string { return rec[col[c]] }
		year, ok := panelInt(get("jaar"))
		if !ok || year < 1990 || year > 2100 {
			return nil, bad("jaar", "%q is geen jaar tussen 1990 en 2100", get("jaar"))
		}
		id := get("huishouden")
		if len(id) < 1 || len(id) > 64 {
			return nil, bad("huishouden", "id moet 1 tot 64 bytes zijn")
		}
		buurt := get("buurt")
		if len(buurt) != 10 || !strings.HasPrefix(buurt, "BU") || !digits(buurt[2:]) {
			return nil, bad("buurt", "%q is geen buurtcode (BU + 8 cijfers)", buurt)
		}
		typ, ok := panelTypes[get("type")]
		if !ok {
			return nil, bad("type", "onbekend type %q", get("type"))
		}
		personen, ok := panelInt(get("personen"))
		if !ok || personen < 1 {
			return nil, bad("personen", "%q is geen geheel getal >= 1", get("personen"))
		}
		minors, ok := panelInt(get("minderjarigen"))
		if !ok || minors < 0 || minors >= personen {
			return nil, bad("minderjarigen", "%q is geen geheel getal >= 0 en kleiner dan personen", get("minderjarigen"))
		}
		aow := get("aow")
		if aow != "0" && aow != "1" {
			return nil, bad("aow", "%q is geen 0 of 1", aow)
		}
		bron, ok := panelBron[get("bron")]
		if !ok {
			return nil, bad("bron", "onbekende bron %q", get("bron"))
		}
		if !plainNumber(get("inkomen"), false) {
			return nil, bad("inkomen", "%q is geen getal", get("inkomen"))
		}
		inkomen, err := strconv.ParseFloat(get("inkomen"), 64)
		if err != nil {
			return nil, bad("inkomen", "%q is geen bruikbaar getal", get("inkomen"))
		}
		key := strconv.Itoa(year) + "\x00" + id
		if seen[key] {
			return nil, bad("huishouden", "huishouden %q staat twee keer in %d", id, year)
		}
		seen[key] = true
		// Every row is validated, extra columns included, but only rows of
		// the latest year so far are kept: an earlier year is never
		// evaluated, and keeping it would multiply the memory by the years.
		for fname, i := range extra {
			if _, err := s.facts[fname].ParseValue(rec[i]); err != nil {
				return nil, bad(fname, "%v", err)
			}
		}
		if year > maxYear {
			maxYear = year
			rows = rows[:0]
		}
		if year < maxYear || strings.TrimSpace(get("uitgesloten")) != "" {
			continue
		}
		h := append(Household(nil), base...)
		for fname, i := range extra {
			f := s.facts[fname]
			h[f.slot], _ = f.ParseValue(rec[i])
		}
		s.setIf(h, "type", Str(typ))
		for fname := range extra {
			// Enum values too must not pin their line.
			if f := s.facts[fname]; f.Type == FactEnum {
				h[f.slot].Str = strings.Clone(h[f.slot].Str)
			}
		}
		s.setIf(h, "minderjarigen", Num(float64(minors)))
		s.setIf(h, "aow", Bool(aow == "1"))
		s.setIf(h, "inkomen", Num(inkomen))
		rows = append(rows, panelRow{year: year, h: PanelHousehold{ID: strings.Clone(id), Buurt: strings.Clone(buurt), Type: typ, Bron: bron, Facts: h}})
	}
	if maxYear == 0 {
		return nil, &PanelError{name, 1, "jaar", "het panel heeft geen rijen"}
	}
	p.Year = maxYear
	for _, r := range rows {
		if r.year == maxYear {
			p.Households = append(p.Households, r.h)
		}
	}
	return p, nil
}

func (s *Set) setIf(h Household, name string, v Value) {
	if f, ok := s.facts[name]; ok {
		h[f.slot] = v
	}
}

func panelInt(s string) (int, bool) {
	if !plainNumber(s, true) || len(s) > 9 {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// Usage says which households use which scheme: code -> household ids.
type Usage map[string]map[string]bool

// ReadUsage reads a gebruik file (CSV jaar,huishouden,regeling) and keeps
// the rows of year. An unknown scheme code is an error: a typo would
// otherwise make every household a non-user.
func (s *Set) ReadUsage(name string, r io.Reader, year int) (Usage, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, &PanelError{name, 1, "header", "geen kopregel: " + err.Error()}
	}
	col := map[string]int{}
	for i, h := range header {
		if i == 0 {
			h = strings.TrimPrefix(h, "\ufeff")
		}
		col[h] = i
	}
	for _, c := range []string{"jaar", "huishouden", "regeling"} {
		if _, ok := col[c]; !ok {
			return nil, &PanelError{name, 1, c, "kolom ontbreekt"}
		}
	}
	known := map[string]bool{}
	for _, sc := range s.Schemes {
		known[sc.Code] = true
	}
	u := Usage{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(name, err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != len(header) {
			return nil, &PanelError{name, line, "csv", fmt.Sprintf("%d velden, verwacht %d", len(rec), len(header))}
		}
		y, ok := panelInt(rec[col["jaar"]])
		if !ok {
			return nil, &PanelError{name, line, "jaar", fmt.Sprintf("%q is geen jaar", rec[col["jaar"]])}
		}
		code := rec[col["regeling"]]
		if !known[code] {
			return nil, &PanelError{name, line, "regeling", fmt.Sprintf("onbekende regeling %q", code)}
		}
		if y != year {
			continue
		}
		if u[code] == nil {
			u[code] = map[string]bool{}
		}
		u[code][rec[col["huishouden"]]] = true
	}
	return u, nil
}

// ReachRow is one row of the output table.
type ReachRow struct {
	Scheme, Level, Area, Group string
	Year                       int
	Entitled, Users, NonUsers  int
	Unknown                    int
	Suppressed                 bool
}

type reachCount struct{ entitled, users, unknown int }

// Reach evaluates every household on day d and aggregates per scheme in
// force, area level (gemeente, wijk, buurt) and group (totaal, type:...,
// bron:...). Disclosure control as in the trendmonitor with k = minCell:
// a row is suppressed when fewer than k entitled households stand behind
// the denominator or 1..k-1 non-users behind the numerator.
func (s *Set) Reach(p *Panel, u Usage, d time.Time, minCell int) ([]ReachRow, map[string][3]int) {
	schemes := s.InForce(d)
	params := make([][]Value, len(schemes))
	for i, sc := range schemes {
		params[i] = sc.paramsAt(d)
	}
	// Households are first counted per cell (buurt, type, bron) and scheme,
	// one map lookup per household; the cells are rolled up to every area
	// level and group afterwards, so the per-household work stays small.
	type cellKey struct{ buurt, typ, bron string }
	cellIndex := map[cellKey]int{}
	var cells []cellKey
	var cellCounts [][]reachCount // [cell][scheme]
	totals := map[string][3]int{} // scheme -> ja, nee, onbekend over the whole panel
	tot := make([][3]int, len(schemes))
	for _, h := range p.Households {
		ck := cellKey{h.Buurt, h.Type, h.Bron}
		ci, ok := cellIndex[ck]
		if !ok {
			ci = len(cells)
			cellIndex[ck] = ci
			cells = append(cells, ck)
			cellCounts = append(cellCounts, make([]reachCount, len(schemes)))
		}
		cc := cellCounts[ci]
		ctx := evalCtx{facts: h.Facts, year: d.Year(), norm: s.norm, slots: &s.slots}
		for i, sc := range schemes {
			ctx.params = params[i]
			outcome, _ := decide(sc, &ctx)
			switch outcome {
			case Ja:
				tot[i][0]++
				cc[i].entitled++
				if u[sc.Code][h.ID] {
					cc[i].users++
				}
			case Nee:
				tot[i][1]++
			default:
				tot[i][2]++
				cc[i].unknown++
			}
		}
	}
	for i, sc := range schemes {
		totals[sc.Code] = tot[i]
	}
	type key struct{ scheme, level, area, group string }
	counts := map[key]*reachCount{}
	for ci, ck := range cells {
		areas := [3][2]string{{"gemeente", "GM" + ck.buurt[2:6]}, {"wijk", "WK" + ck.buurt[2:8]}, {"buurt", ck.buurt}}
		groups := [3]string{"totaal", "type:" + ck.typ, "bron:" + ck.bron}
		for i, sc := range schemes {
			c := cellCounts[ci][i]
			for _, a := range areas {
				for _, g := range groups {
					k := key{sc.Code, a[0], a[1], g}
					agg := counts[k]
					if agg == nil {
						agg = &reachCount{}
						counts[k] = agg
					}
					agg.entitled += c.entitled
					agg.users += c.users
					agg.unknown += c.unknown
				}
			}
		}
	}
	rows := make([]ReachRow, 0, len(counts))
	for k, c := range counts {
		r := ReachRow{Scheme: k.scheme, Year: p.Year, Level: k.level, Area: k.area, Group: k.group,
			Entitled: c.entitled, Users: c.users, NonUsers: c.entitled - c.users, Unknown: c.unknown}
		r.Suppressed = r.Entitled < minCell || (r.NonUsers >= 1 && r.NonUsers < minCell)
		rows = append(rows, r)
	}
	levelRank := map[string]int{"gemeente": 0, "wijk": 1, "buurt": 2}
	sort.Slice(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if a.Scheme != b.Scheme {
			return a.Scheme < b.Scheme
		}
		if a.Level != b.Level {
			return levelRank[a.Level] < levelRank[b.Level]
		}
		if a.Area != b.Area {
			return a.Area < b.Area
		}
		return a.Group < b.Group
	})
	return rows, totals
}

// ReachHeader is the header of the output table.
const ReachHeader = "regeling,jaar,niveau,gebied,groep,rechthebbend,gebruik,niet_gebruik,niet_gebruik_pct,onbekend,onderdrukt"

// WriteReach writes the table. A suppressed row leaves rechthebbend,
// gebruik, niet_gebruik and the rate empty; onbekend is shown when it is 0
// or at least k, in any row, and left empty for 1..k-1 households.
func WriteReach(w io.Writer, rows []ReachRow, minCell int) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(strings.Split(ReachHeader, ",")); err != nil {
		return err
	}
	for _, r := range rows {
		rec := []string{r.Scheme, strconv.Itoa(r.Year), r.Level, r.Area, r.Group, "", "", "", "", "", "0"}
		if r.Suppressed {
			rec[10] = "1"
		} else {
			rec[5], rec[6], rec[7] = strconv.Itoa(r.Entitled), strconv.Itoa(r.Users), strconv.Itoa(r.NonUsers)
			if r.Entitled > 0 {
				rec[8] = strconv.FormatFloat(100*float64(r.NonUsers)/float64(r.Entitled), 'g', 10, 64)
			}
		}
		// onbekend is a count of its own, outside the ratio, so it gets its
		// own check rather than the row's.
		if r.Unknown == 0 || r.Unknown >= minCell {
			rec[9] = strconv.Itoa(r.Unknown)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteReachFile writes the table to path whole or not at all: into a
// temporary file beside it, renamed into place only when complete, so an
// existing file stays as it was on any error.
func WriteReachFile(path string, rows []ReachRow, minCell int) error {
	return atomicfile.Write(path, atomicfile.Options{Perm: 0o644}, func(w io.Writer) error { return WriteReach(w, rows, minCell) })
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// csvError places a CSV syntax error on its line; FieldPos cannot be asked
// after a failed Read.
func csvError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &PanelError{name, max(pe.Line, 1), "csv", pe.Err.Error()}
	}
	return &PanelError{name, 1, "csv", err.Error()}
}
