package eligibility

import (
	"fmt"
	"hash/maphash"
	"sort"
	"strconv"
	"strings"
)

// The panel as the batch run holds it, and what the CSV and Parquet
// readers share: the checks of the trendmonitor spec's columns (in Dutch,
// as FILE:LINE: COLUMN: reason), duplicate detection, and compact storage.

// PanelHousehold is one household of the population in the latest year.
// Its buurt, type and bron are those of its cell.
type PanelHousehold struct {
	ID    string
	Cell  int32 // index in Panel.Cells
	Facts Household
}

// Cell is one combination of buurt, type and bron; the batch run counts per
// cell and rolls the cells up to every area level and group.
type Cell struct{ Buurt, Type, Bron string }

// Panel is the part of a panel the batch run needs.
type Panel struct {
	Name       string
	Year       int // the latest year of any row
	Households []PanelHousehold
	Cells      []Cell
	// FactColumns are the facts the panel supplies (core columns and extra
	// columns named after a fact); Derived and Assumed say where the others
	// came from, for the run's metadata.
	FactColumns []string
	Derived     []string
	Assumed     []string

	// index maps (year, id) of every row read to its household (-1 for a
	// row that is not kept), for duplicate detection and Lookup.
	index map[idKey]int32
}

// idKey is a 128-bit hash of (year, household id): two different rows get
// the same key with a chance of about 2^-128 per pair, so no id needs to be
// kept for the rows of earlier years.
type idKey [2]uint64

var idSeeds = [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}

func keyOf(year int, id string) idKey {
	y := uint64(year)
	return idKey{maphash.String(idSeeds[0], id) ^ y*0x9e3779b97f4a7c15, maphash.String(idSeeds[1], id) + y}
}

// Lookup returns the position in Households of the household with id.
func (p *Panel) Lookup(id string) (int, bool) {
	i, ok := p.index[keyOf(p.Year, id)]
	if !ok || i < 0 {
		return 0, false
	}
	return int(i), true
}

// The panel's columns, in the order of the spec: checks run in this order
// so that a row's first problem is the one reported.
const (
	pcJaar = iota
	pcHuishouden
	pcBuurt
	pcType
	pcPersonen
	pcMinderjarigen
	pcAOW
	pcBron
	pcInkomen
	pcUitgesloten
	pcCount
)

var panelCore = [pcCount]string{"jaar", "huishouden", "buurt", "type", "personen", "minderjarigen", "aow", "bron", "inkomen", "uitgesloten"}

var (
	panelTypeNames  = []string{"alleenstaand", "eenouder", "paar_zonder_kinderen", "paar_met_kinderen", "overig"}
	panelBronNames  = []string{"werk", "zelfstandig", "uitkering", "pensioen", "overig"}
	panelTypeValues = func() []Value {
		out := make([]Value, len(panelTypeNames))
		for i, t := range panelTypeNames {
			out[i] = Str(t)
		}
		return out
	}()
)

// The string columns are parsed into small codes, the same way for both
// formats (the Parquet reader once per dictionary entry).
func parseBuurt(b string) (uint32, string) {
	if len(b) != 10 || b[0] != 'B' || b[1] != 'U' || !digits(b[2:]) {
		return 0, fmt.Sprintf("%q is geen buurtcode (BU + 8 cijfers)", b)
	}
	n, _ := strconv.ParseUint(b[2:], 10, 32)
	return uint32(n), ""
}

func parseType(b string) (uint32, string) {
	for i, t := range panelTypeNames {
		if b == t {
			return uint32(i), ""
		}
	}
	return 0, fmt.Sprintf("onbekend type %q", b)
}

func parseBron(b string) (uint32, string) {
	for i, t := range panelBronNames {
		if b == t {
			return uint32(i), ""
		}
	}
	return 0, fmt.Sprintf("onbekende bron %q", b)
}

// parseExcluded is 1 for a row outside the population: any uitgesloten
// that is not blank.
func parseExcluded(b string) (uint32, string) {
	if strings.TrimSpace(b) != "" {
		return 1, ""
	}
	return 0, ""
}

// coreRow is one row's spec columns, parsed. bad names the first column
// that could not be parsed or read (pcCount when none) and why.
type coreRow struct {
	year, pers, minors, aow int64
	income                  float64
	id                      string
	buurt                   uint32
	typ, bron               uint32
	excluded                bool
	bad                     int
	badReason               string
}

// check returns the row's first problem in column order: the reader's
// (bad) or a value outside what the spec allows.
func (r *coreRow) check() (int, string) {
	for c := range pcCount {
		if c == r.bad {
			return c, r.badReason
		}
		switch c {
		case pcJaar:
			if r.year < 1990 || r.year > 2100 {
				return c, fmt.Sprintf("%q is geen jaar tussen 1990 en 2100", strconv.FormatInt(r.year, 10))
			}
		case pcHuishouden:
			if len(r.id) < 1 || len(r.id) > 64 {
				return c, "id moet 1 tot 64 bytes zijn"
			}
		case pcPersonen:
			if r.pers < 1 || r.pers > 1e9 {
				return c, fmt.Sprintf("%q is geen geheel getal >= 1", strconv.FormatInt(r.pers, 10))
			}
		case pcMinderjarigen:
			if r.minors < 0 || r.minors >= r.pers {
				return c, fmt.Sprintf("%q is geen geheel getal >= 0 en kleiner dan personen", strconv.FormatInt(r.minors, 10))
			}
		case pcAOW:
			if r.aow != 0 && r.aow != 1 {
				return c, fmt.Sprintf("%q is geen 0 of 1", strconv.FormatInt(r.aow, 10))
			}
		}
	}
	return pcCount, ""
}

// extraCol is a panel column named after a fact of the rules.
type extraCol struct {
	fact *Fact
	col  int // position in the CSV header (CSV only)
}

// panelBuilder collects the population of the latest year. Facts are
// stored in blocks of factBlock households so that a million households
// cost a few hundred allocations, not a million.
type panelBuilder struct {
	s       *Set
	p       *Panel
	base    Household
	extra   []extraCol
	block   []Value
	cells   map[uint64]int32
	buurten map[uint32]string
	// ids of kept rows not yet turned into strings: one string per
	// idFlush rows, the households' IDs are slices of it.
	ids     []byte
	idEnds  []int
	idFirst int
	// kept holds the households in chunks of hhChunk, so that growing
	// never copies them; finish joins them.
	kept [][]PanelHousehold
	n    int
	// coreSlots are the slots of the facts type, minderjarigen, aow and
	// inkomen (-1 when the rules do not declare one).
	coreSlots [4]int
}

const (
	factBlock = 4096
	idFlush   = 4096
	hhChunk   = 1 << 16
)

// newPanelBuilder prepares the panel: it names the facts the columns
// supply and applies the analyst's assumptions. has says which extra fact
// columns the file has (fact name to CSV position, -1 for Parquet); rows
// is the number of rows when known (Parquet), to size the index at once.
// Assuming a fact the panel has is an error, since the analyst would
// silently overrule the data. studiefinanciering is derived as false when
// the panel has no such column: the trendmonitor already leaves students
// out of the population (uitgesloten = student), so a population row is
// not a student.
func (s *Set) newPanelBuilder(name string, has func(string) (int, bool), assume map[string]Value, rows int) (*panelBuilder, error) {
	p := &Panel{Name: name, index: make(map[idKey]int32, rows)}
	b := &panelBuilder{s: s, p: p, base: s.NewHousehold(), cells: map[uint64]int32{}, buurten: map[uint32]string{}}
	for i, n := range [...]string{"type", "minderjarigen", "aow", "inkomen"} {
		b.coreSlots[i] = s.Slot(n)
	}
	for _, f := range s.Facts {
		switch f.Name {
		case "type", "minderjarigen", "aow", "inkomen":
			p.FactColumns = append(p.FactColumns, f.Name)
			continue
		}
		if i, ok := has(f.Name); ok {
			b.extra = append(b.extra, extraCol{fact: f, col: i})
			p.FactColumns = append(p.FactColumns, f.Name)
		}
	}
	for nameA, v := range assume {
		f, ok := s.facts[nameA]
		if !ok {
			return nil, fmt.Errorf("--aanname %s: geen feit van de regels", nameA)
		}
		if _, has := has(nameA); has || nameA == "type" || nameA == "minderjarigen" || nameA == "aow" || nameA == "inkomen" {
			return nil, fmt.Errorf("--aanname %s: het panel heeft die kolom al", nameA)
		}
		b.base[f.slot] = v
		p.Assumed = append(p.Assumed, nameA)
	}
	sort.Strings(p.Assumed)
	if f, ok := s.facts["studiefinanciering"]; ok {
		if _, has := has(f.Name); !has && !b.base[f.slot].Known() {
			b.base[f.slot] = Bool(false)
			p.Derived = append(p.Derived, "studiefinanciering=0 (studenten staan buiten de populatie)")
		}
	}
	return b, nil
}

// seen records the row's (year, id) and reports a duplicate. A row that
// starts a later year drops what was kept of an earlier one: rows of
// earlier years are checked but not kept, since they are never evaluated
// and keeping them would multiply the memory. The index gets the position
// the row will have if keep stores it, so that the map is touched once.
func (b *panelBuilder) seen(r *coreRow) string {
	if int(r.year) > b.p.Year {
		b.p.Year = int(r.year)
		b.kept, b.n = b.kept[:0], 0
		b.block = nil
		b.ids, b.idEnds, b.idFirst = b.ids[:0], b.idEnds[:0], 0
	}
	idx := int32(-1)
	if b.keeps(r) {
		idx = int32(b.n)
	}
	before := len(b.p.index)
	b.p.index[keyOf(int(r.year), r.id)] = idx
	if len(b.p.index) == before {
		return fmt.Sprintf("huishouden %q staat twee keer in %d", r.id, r.year)
	}
	return ""
}

// keeps reports whether a row that seen accepted belongs to the
// population of the latest year so far.
func (b *panelBuilder) keeps(r *coreRow) bool { return int(r.year) == b.p.Year && !r.excluded }

// keep stores a row that keeps returned true for, right after seen; fill
// puts the extra columns' values into its facts.
func (b *panelBuilder) keep(r *coreRow, fill func(h Household)) {
	nf := len(b.base)
	if len(b.block) < nf {
		b.block = make([]Value, nf*factBlock)
	}
	h := Household(b.block[:nf:nf])
	b.block = b.block[nf:]
	copy(h, b.base)
	fill(h)
	typ, bron := panelTypeNames[r.typ], panelBronNames[r.bron]
	for i, v := range [...]Value{panelTypeValues[r.typ], Num(float64(r.minors)), Bool(r.aow == 1), Num(r.income)} {
		if b.coreSlots[i] >= 0 {
			h[b.coreSlots[i]] = v
		}
	}
	buurt, ok := b.buurten[r.buurt]
	if !ok {
		buurt = fmt.Sprintf("BU%08d", r.buurt)
		b.buurten[r.buurt] = buurt
	}
	ck := uint64(r.buurt)<<16 | uint64(r.typ)<<8 | uint64(r.bron)
	cell, ok := b.cells[ck]
	if !ok {
		cell = int32(len(b.p.Cells))
		b.cells[ck] = cell
		b.p.Cells = append(b.p.Cells, Cell{Buurt: buurt, Type: typ, Bron: bron})
	}
	if b.n%hhChunk == 0 {
		b.kept = append(b.kept, make([]PanelHousehold, 0, hhChunk))
	}
	last := &b.kept[len(b.kept)-1]
	*last = append(*last, PanelHousehold{Cell: cell, Facts: h})
	b.n++
	b.ids = append(b.ids, r.id...)
	b.idEnds = append(b.idEnds, len(b.ids))
	if len(b.idEnds) >= idFlush {
		b.flushIDs()
	}
}

// flushIDs gives the households kept since the last flush their IDs, as
// slices of one string.
func (b *panelBuilder) flushIDs() {
	all := string(b.ids)
	start := 0
	for i, end := range b.idEnds {
		k := b.idFirst + i
		b.kept[k/hhChunk][k%hhChunk].ID = all[start:end]
		start = end
	}
	b.idFirst += len(b.idEnds)
	b.ids, b.idEnds = b.ids[:0], b.idEnds[:0]
}

// finish returns the panel, or the error of a panel without rows.
func (b *panelBuilder) finish() (*Panel, error) {
	b.flushIDs()
	if b.p.Year == 0 {
		return nil, &PanelError{b.p.Name, 1, "jaar", "het panel heeft geen rijen"}
	}
	b.p.Households = make([]PanelHousehold, 0, b.n)
	for _, c := range b.kept {
		b.p.Households = append(b.p.Households, c...)
	}
	b.kept = nil
	return b.p, nil
}
