package eligibility

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"github.com/perspectief/perspectief/internal/atomicfile"
	"github.com/perspectief/perspectief/internal/textenc"
	"io"
	"io/fs"
	"math"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
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

// ReadPanel reads a panel CSV (trendmonitor spec section 1) plus any extra
// columns named after declared facts, and keeps the population of the
// latest year. assume gives values for facts the panel has no column for
// (--aanname). Every row is checked, the extra columns too, in every year.
func (s *Set) ReadPanel(name string, r io.Reader, assume map[string]Value) (*Panel, error) {
	cr := csv.NewReader(bufio.NewReaderSize(textenc.NewReader(name, r), 1<<20))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return nil, panelReadError(name, err)
	}
	col := map[string]int{}
	for i, h := range header {
		if i == 0 {
			h = strings.TrimPrefix(h, "\ufeff")
		}
		col[h] = i
	}
	var core [pcCount]int
	for c, n := range panelCore {
		i, ok := col[n]
		if !ok {
			return nil, &PanelError{name, 1, n, "kolom ontbreekt"}
		}
		core[c] = i
	}
	b, err := s.newPanelBuilder(name, func(f string) (int, bool) { i, ok := col[f]; return i, ok }, assume, 0)
	if err != nil {
		return nil, err
	}
	extraVals := make([]Value, len(b.extra))
	var row coreRow
	// The index is sized from the file's size and the first row's length,
	// when r can say its size: growing a map of millions step by step
	// costs more than the rest of reading.
	sized := false
	headerEnd := cr.InputOffset()
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
		if !sized {
			sized = true
			if st, ok := r.(interface{ Stat() (fs.FileInfo, error) }); ok {
				if fi, err := st.Stat(); err == nil && cr.InputOffset() > headerEnd {
					b.p.index = make(map[idKey]int32, min(fi.Size()/(cr.InputOffset()-headerEnd)+1, 1<<27))
				}
			}
		}
		row.parseCSV(rec, &core)
		if c, reason := row.check(); c < pcCount {
			return nil, &PanelError{name, line, panelCore[c], reason}
		}
		if reason := b.seen(&row); reason != "" {
			return nil, &PanelError{name, line, "huishouden", reason}
		}
		for i, x := range b.extra {
			v, err := x.fact.ParseValue(rec[x.col])
			if err != nil {
				return nil, &PanelError{name, line, x.fact.Name, err.Error()}
			}
			extraVals[i] = v
		}
		if b.keeps(&row) {
			b.keep(&row, func(h Household) {
				for i, x := range b.extra {
					h[x.fact.slot] = extraVals[i]
				}
			})
		}
	}
	return b.finish()
}

// parseCSV parses the spec columns of a record, noting the first that
// does not parse.
func (r *coreRow) parseCSV(rec []string, core *[pcCount]int) {
	r.bad, r.badReason = pcCount, ""
	bad := func(c int, reason string) {
		if c < r.bad {
			r.bad, r.badReason = c, reason
		}
	}
	ints := [...]struct {
		c   int
		dst *int64
	}{{pcJaar, &r.year}, {pcPersonen, &r.pers}, {pcMinderjarigen, &r.minors}, {pcAOW, &r.aow}}
	for _, x := range ints {
		f := rec[core[x.c]]
		n, ok := panelInt(f)
		if !ok {
			switch x.c {
			case pcJaar:
				bad(x.c, fmt.Sprintf("%q is geen jaar tussen 1990 en 2100", f))
			case pcPersonen:
				bad(x.c, fmt.Sprintf("%q is geen geheel getal >= 1", f))
			case pcMinderjarigen:
				bad(x.c, fmt.Sprintf("%q is geen geheel getal >= 0 en kleiner dan personen", f))
			default:
				bad(x.c, fmt.Sprintf("%q is geen 0 of 1", f))
			}
		}
		*x.dst = int64(n)
	}
	r.id = rec[core[pcHuishouden]]
	codes := [...]struct {
		c     int
		dst   *uint32
		parse func(string) (uint32, string)
	}{{pcBuurt, &r.buurt, parseBuurt}, {pcType, &r.typ, parseType}, {pcBron, &r.bron, parseBron}}
	for _, x := range codes {
		v, reason := x.parse(rec[core[x.c]])
		if reason != "" {
			bad(x.c, reason)
		}
		*x.dst = v
	}
	inc := rec[core[pcInkomen]]
	if !plainNumber(inc, false) {
		bad(pcInkomen, fmt.Sprintf("%q is geen getal", inc))
	} else if v, err := strconv.ParseFloat(inc, 64); err != nil || math.IsInf(v, 0) {
		bad(pcInkomen, fmt.Sprintf("%q is geen bruikbaar getal", inc))
	} else {
		r.income = v
	}
	x, _ := parseExcluded(rec[core[pcUitgesloten]])
	r.excluded = x == 1
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
	cr := csv.NewReader(textenc.NewReader(name, r))
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, panelReadError(name, err)
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

// ReachRow is one row of the output table. Version is the version of the
// scheme's rules that decided it.
type ReachRow struct {
	Scheme, Version, Level, Area, Group string
	Year                                int
	Entitled, Users, NonUsers           int
	Unknown                             int
	Suppressed                          bool
	Secondary                           bool // hidden by secondary suppression (onderdrukt = 2); Suppressed too
	UnknownHidden                       bool // onbekend hidden by secondary suppression
}

type reachCount struct{ entitled, users, unknown int }

// ReachOptions tunes a batch run.
type ReachOptions struct {
	// MinCell is k of the disclosure control (at least 1).
	MinCell int
	// Workers evaluate households in parallel; 0 means one per CPU.
	Workers int
	// Progress, when set, is called now and then with the number of
	// households evaluated so far, from the workers' goroutines but never
	// twice at once.
	Progress func(done int)
}

// reachChunk households are evaluated at a time by one worker.
const reachChunk = 1 << 14

// Reach evaluates every household on day d and aggregates per scheme in
// force, area level (gemeente, wijk, buurt) and group (totaal, type:...,
// bron:...). Disclosure control as in the trendmonitor with k =
// opt.MinCell: a row is suppressed when fewer than k entitled households
// stand behind the denominator or 1..k-1 non-users behind the numerator.
// The totals are, per scheme, the households ja, nee and onbekend.
func (s *Set) Reach(p *Panel, u Usage, d time.Time, opt ReachOptions) ([]ReachRow, map[string][3]int) {
	run := &reachRun{set: s, p: p, schemes: s.InForce(d), year: d.Year(), opt: opt}
	run.prepare(u, d)
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, (len(p.Households)+reachChunk-1)/reachChunk))
	ns := len(run.schemes)
	tallies := make([]reachTally, workers)
	var wg sync.WaitGroup
	for w := range tallies {
		t := &tallies[w]
		t.cells = make([]reachCount, len(p.Cells)*ns)
		t.tot = make([][3]int, ns)
		wg.Go(func() { run.work(t) })
	}
	wg.Wait()
	totals := map[string][3]int{}
	for i, sc := range run.schemes {
		var t [3]int
		for _, w := range tallies {
			for j := range t {
				t[j] += w.tot[i][j]
			}
		}
		totals[sc.Code] = t
	}
	return run.rows(tallies), totals
}

// reachRun is one run of Reach.
type reachRun struct {
	set     *Set
	p       *Panel
	schemes []*Scheme
	year    int
	opt     ReachOptions
	params  [][]Value
	// users holds one bit per household and scheme, so that the loop over
	// the households does no map lookups.
	users      [][]uint64
	next, done atomic.Int64
	progressMu sync.Mutex
}

// reachTally is what one worker counts: households per cell (buurt, type,
// bron) and scheme, [cell*len(schemes) + scheme], rolled up to every area
// level and group afterwards, so the work per household stays small.
type reachTally struct {
	cells []reachCount
	tot   [][3]int
}

func (r *reachRun) prepare(u Usage, d time.Time) {
	ns := len(r.schemes)
	r.params = make([][]Value, ns)
	r.users = make([][]uint64, ns)
	for i, sc := range r.schemes {
		r.params[i] = sc.paramsAt(d)
		if len(u[sc.Code]) == 0 {
			continue
		}
		r.users[i] = make([]uint64, (len(r.p.Households)+63)/64)
		for id := range u[sc.Code] {
			if k, ok := r.p.Lookup(id); ok && k < len(r.p.Households) {
				r.users[i][k/64] |= 1 << (k % 64)
			}
		}
	}
}

// work evaluates chunks of households until none are left.
func (r *reachRun) work(t *reachTally) {
	ns := len(r.schemes)
	for {
		lo := int(r.next.Add(reachChunk)) - reachChunk
		if lo >= len(r.p.Households) {
			return
		}
		hi := min(lo+reachChunk, len(r.p.Households))
		for k := lo; k < hi; k++ {
			h := &r.p.Households[k]
			cc := t.cells[int(h.Cell)*ns : int(h.Cell)*ns+ns]
			ctx := evalCtx{facts: h.Facts, year: r.year, norm: r.set.norm, slots: &r.set.slots}
			for i, sc := range r.schemes {
				ctx.params = r.params[i]
				switch o, _ := decide(sc, &ctx); o {
				case Ja:
					t.tot[i][0]++
					cc[i].entitled++
					if r.users[i] != nil && r.users[i][k/64]&(1<<(k%64)) != 0 {
						cc[i].users++
					}
				case Nee:
					t.tot[i][1]++
				default:
					t.tot[i][2]++
					cc[i].unknown++
				}
			}
		}
		if r.opt.Progress != nil {
			n := r.done.Add(int64(hi - lo))
			r.progressMu.Lock()
			r.opt.Progress(int(n))
			r.progressMu.Unlock()
		}
	}
}

// rows rolls the cells up to gemeente, wijk and buurt x totaal, type and
// bron, with disclosure control, sorted by scheme, level, area and group.
func (r *reachRun) rows(tallies []reachTally) []ReachRow {
	type key struct {
		scheme      int
		level       int
		area, group string
	}
	ns := len(r.schemes)
	counts := map[key]*reachCount{}
	for ci, cell := range r.p.Cells {
		areas := [3]string{"GM" + cell.Buurt[2:6], "WK" + cell.Buurt[2:8], cell.Buurt}
		groups := [3]string{"totaal", "type:" + cell.Type, "bron:" + cell.Bron}
		for i := range r.schemes {
			var c reachCount
			for _, w := range tallies {
				x := w.cells[ci*ns+i]
				c.entitled += x.entitled
				c.users += x.users
				c.unknown += x.unknown
			}
			for level, a := range areas {
				for _, g := range groups {
					k := key{i, level, a, g}
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
	levels := [3]string{"gemeente", "wijk", "buurt"}
	rows := make([]ReachRow, 0, len(counts))
	for k, c := range counts {
		sc := r.schemes[k.scheme]
		row := ReachRow{Scheme: sc.Code, Version: sc.Version, Year: r.p.Year, Level: levels[k.level], Area: k.area, Group: k.group,
			Entitled: c.entitled, Users: c.users, NonUsers: c.entitled - c.users, Unknown: c.unknown}
		row.Suppressed = row.Entitled < r.opt.MinCell || (row.NonUsers >= 1 && row.NonUsers < r.opt.MinCell)
		rows = append(rows, row)
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
	return rows
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
			if r.Secondary {
				rec[10] = "2"
			}
		} else {
			rec[5], rec[6], rec[7] = strconv.Itoa(r.Entitled), strconv.Itoa(r.Users), strconv.Itoa(r.NonUsers)
			if r.Entitled > 0 {
				rec[8] = strconv.FormatFloat(100*float64(r.NonUsers)/float64(r.Entitled), 'g', 10, 64)
			}
		}
		// onbekend is a count of its own, outside the ratio, so it gets its
		// own check rather than the row's.
		if !unknownSuppressed(r.Unknown, minCell) && !r.UnknownHidden {
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
	return atomicfile.Write(path, atomicfile.Options{Perm: 0o600}, func(w io.Writer) error { return WriteReach(w, rows, minCell) })
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
	var se *textenc.StreamError
	if errors.As(err, &se) {
		return &PanelError{name, se.Line, "bestand", se.Reason}
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &PanelError{name, max(pe.Line, 1), "csv", pe.Err.Error()}
	}
	return &PanelError{name, 1, "csv", err.Error()}
}

// panelReadError is the error of a file whose header cannot be read.
func panelReadError(name string, err error) error {
	if pe, ok := csvError(name, err).(*PanelError); ok && pe.Column == "bestand" {
		return pe
	}
	return &PanelError{name, 1, "header", "geen kopregel: " + err.Error()}
}
