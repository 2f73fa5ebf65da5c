package trend

import (
	"cmp"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// Secondary suppression (spec section 7) runs over finished rows, after
// primary suppression, and knows nothing of how they were computed: the
// constraints follow from the rows themselves (their levels, area codes and
// groups), so every breakdown present in a table is covered, and an imported
// table is treated as a computed one. The only thing it asks of its caller
// is the number of households behind a row's denominator, which decides
// which cell is hidden.

// SecondaryStats says what secondary suppression found and did.
type SecondaryStats struct {
	// Exposed is the number of constraints (a parent row and its child
	// rows) that exposed a suppressed cell before the rule was applied.
	Exposed int
	// Cells is the number of rows the rule suppressed (onderdrukt = 2).
	Cells int
	// Passes is the largest number of passes any indicator and year needed
	// (0 when nothing was exposed).
	Passes int
}

// HouseholdCounts gives the number of households behind the denominator of
// rows[i] (spec section 4); ok is false when it is not known.
type HouseholdCounts func(i int) (n int64, ok bool)

// MissingCountsError is returned when a constraint has to choose between
// cells whose household counts are not known: the table lacks what the rule
// needs, and nothing was changed.
type MissingCountsError struct {
	Exposed int   // constraints exposing a suppressed cell in the table as given
	Cells   []Row // the cells (numbers cleared) whose count was needed, sorted
}

func (e *MissingCountsError) Error() string {
	return fmt.Sprintf("%d sums expose a suppressed cell, and %d cells lack the household counts needed to choose which to hide", e.Exposed, len(e.Cells))
}

// CellName names a row for messages: indicator jaar niveau gebied groep.
func CellName(r Row) string {
	return fmt.Sprintf("%s %d %s %s %s", r.Indicator, r.Year, r.Level, r.Area, r.Group)
}

// ApplySecondary applies secondary suppression to rows in place: for every
// indicator and year, passes over the constraints until none exposes a
// suppressed cell, each pass hiding at once one cell of every constraint
// exposed at its start. Hidden rows get Suppressed and Secondary set and
// their numbers cleared. When a choice needs a count that households does
// not know, it returns a *MissingCountsError and leaves rows as they were.
// The rule reads a row's Indicator only as the id of a table of its own, so
// other tables with the same sums (the non-take-up table's schemes) can use
// it too.
func ApplySecondary(rows []Row, households HouseholdCounts) (SecondaryStats, error) {
	return runSecondary(rows, households, true)
}

// CountExposed counts the constraints of rows that expose a suppressed
// cell: the sums from which a reader can compute a hidden number.
func CountExposed(rows []Row) int {
	st, _ := runSecondary(rows, nil, false)
	return st.Exposed
}

func runSecondary(rows []Row, households HouseholdCounts, apply bool) (SecondaryStats, error) {
	x := newSDCIndex(rows)
	type yearOut struct {
		exposed, passes int
		picks           []int32
		missing         []int32
	}
	out := make([]yearOut, len(x.years))
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), len(x.years)) {
		wg.Go(func() {
			w := x.newWorker()
			for y := range next {
				o := &out[y]
				w.load(y)
				for ind := range x.nInd {
					e, p := w.run(ind, households, apply, &o.picks, &o.missing)
					o.exposed += e
					o.passes = max(o.passes, p)
				}
			}
		})
	}
	for y := range x.years {
		next <- y
	}
	close(next)
	wg.Wait()

	var st SecondaryStats
	var missing []int32
	for _, o := range out {
		st.Exposed += o.exposed
		st.Passes = max(st.Passes, o.passes)
		st.Cells += len(o.picks)
		missing = append(missing, o.missing...)
	}
	if len(missing) > 0 {
		e := &MissingCountsError{Exposed: st.Exposed}
		slices.Sort(missing)
		for _, i := range slices.Compact(missing) {
			r := rows[i]
			r.Num, r.Den, r.Suppressed, r.Secondary = 0, 0, false, false
			e.Cells = append(e.Cells, r)
		}
		return SecondaryStats{Exposed: st.Exposed}, e
	}
	if !apply {
		st.Cells, st.Passes = 0, 0
		return st, nil
	}
	for _, o := range out {
		for _, i := range o.picks {
			r := &rows[i]
			r.Suppressed, r.Secondary, r.Num, r.Den = true, true, 0, 0
		}
	}
	return st, nil
}

// sdcIndex is the shape of a table: its areas, groups, years and the
// constraints between cells. A cell is an area and a group; the rows of a
// cell differ in indicator and year.
type sdcIndex struct {
	rows    []Row
	areaOf  map[string]int32
	areas   []string // area id -> code
	parent  []int32  // area id -> parent area id, or -1
	gIndex  [256]int16
	gNames  []string // dense group -> name
	total   int      // dense index of totaal, or -1
	bdOf    []int    // dense group -> breakdown, -1 for totaal
	nG, nB  int
	nInd    int
	years   []int
	byYear  [][2]int // rows order[lo:hi] hold year years[i]
	order   []int32  // row indices sorted by year; nil when rows already are
	cons    []int32  // constraint c has members conMem[cons[c]:cons[c+1]], parent first
	conMem  []int32  // cells: area*nG + group
	geoCons []int32  // parent cell -> its geographic constraint, or -1
	bdCons  []int32  // area*nB + breakdown -> constraint, or -1
}

func newSDCIndex(rows []Row) *sdcIndex {
	x := &sdcIndex{rows: rows, areaOf: map[string]int32{}, total: -1}
	for i := range x.gIndex {
		x.gIndex[i] = -1
	}
	level, groups, ys := x.scan()
	x.numberGroups(groups)
	x.orderYears(ys)
	children := x.linkAreas(level)
	x.addConstraints(children)
	return x
}

// yearScan is what scan learns about the years of the rows.
type yearScan struct {
	pos    map[int]int // year -> index in x.years
	count  []int       // rows per index
	sorted bool        // whether the rows come in year order
}

// scan numbers the areas and years of the rows, in order of appearance,
// and collects their groups and the number of indicators.
func (x *sdcIndex) scan() (level []Level, groups []Group, ys yearScan) {
	ys = yearScan{pos: map[int]int{}, sorted: true}
	last, lastID := "", int32(-1)
	for i := range x.rows {
		r := &x.rows[i]
		if r.Area != last || lastID < 0 {
			id, ok := x.areaOf[r.Area]
			if !ok {
				id = int32(len(x.areas))
				x.areaOf[r.Area] = id
				x.areas = append(x.areas, r.Area)
				level = append(level, r.Level)
			}
			last, lastID = r.Area, id
		}
		if x.gIndex[r.Group] < 0 {
			x.gIndex[r.Group] = 0 // numbered later, in name order
			groups = append(groups, r.Group)
		}
		x.nInd = max(x.nInd, int(r.Indicator)+1)
		p, ok := ys.pos[r.Year]
		if !ok {
			p = len(x.years)
			ys.pos[r.Year] = p
			x.years = append(x.years, r.Year)
			ys.count = append(ys.count, 0)
			ys.sorted = ys.sorted && (p == 0 || r.Year > x.years[p-1])
		} else if p != len(x.years)-1 {
			ys.sorted = false
		}
		ys.count[p]++
	}
	return level, groups, ys
}

// numberGroups numbers the groups in byte order of their names; breakdowns
// are the name's part before the colon.
func (x *sdcIndex) numberGroups(groups []Group) {
	slices.SortFunc(groups, func(a, b Group) int { return strings.Compare(a.String(), b.String()) })
	x.nG = len(groups)
	bdIndex := map[string]int{}
	for g, grp := range groups {
		name := grp.String()
		x.gNames = append(x.gNames, name)
		x.gIndex[grp] = int16(g)
		bd, _, ok := strings.Cut(name, ":")
		if !ok {
			x.total = g
			x.bdOf = append(x.bdOf, -1)
			continue
		}
		b, ok := bdIndex[bd]
		if !ok {
			b = len(bdIndex)
			bdIndex[bd] = b
		}
		x.bdOf = append(x.bdOf, b)
	}
	x.nB = len(bdIndex)
}

// orderYears finds the row range of each year in year order, and the order
// of the rows when they do not come sorted by year.
func (x *sdcIndex) orderYears(ys yearScan) {
	yearOrder := make([]int, len(x.years))
	for i := range yearOrder {
		yearOrder[i] = i
	}
	slices.SortFunc(yearOrder, func(a, b int) int { return cmp.Compare(x.years[a], x.years[b]) })
	start := make([]int, len(x.years))
	pos := 0
	for _, p := range yearOrder {
		start[p] = pos
		pos += ys.count[p]
	}
	x.byYear = make([][2]int, len(x.years))
	for p := range x.years {
		x.byYear[p] = [2]int{start[p], start[p] + ys.count[p]}
	}
	if ys.sorted {
		return
	}
	x.order = make([]int32, len(x.rows))
	fill := slices.Clone(start)
	for i := range x.rows {
		p := ys.pos[x.rows[i].Year]
		x.order[fill[p]] = int32(i)
		fill[p]++
	}
}

// linkAreas puts each buurt in the wijk of its first six digits and each
// wijk in the gemeente of its first four, when that area has rows. It
// returns the children of each area.
func (x *sdcIndex) linkAreas(level []Level) [][]int32 {
	x.parent = make([]int32, len(x.areas))
	children := make([][]int32, len(x.areas))
	for a, code := range x.areas {
		x.parent[a] = -1
		var pc string
		switch {
		case level[a] == Buurt && len(code) == 10:
			pc = "WK" + code[2:8]
		case level[a] == Wijk && len(code) == 8:
			pc = "GM" + code[2:6]
		default:
			continue
		}
		if p, ok := x.areaOf[pc]; ok {
			x.parent[a] = p
			children[p] = append(children[p], int32(a))
		}
	}
	return children
}

// addConstraints lists the constraints: geographic ones per parent area and
// group, breakdowns per area. Members are listed even where a cell has no
// row for some indicator and year; the passes skip those.
func (x *sdcIndex) addConstraints(children [][]int32) {
	x.cons = []int32{0}
	x.geoCons = make([]int32, len(x.areas)*x.nG)
	x.bdCons = make([]int32, len(x.areas)*x.nB)
	for i := range x.geoCons {
		x.geoCons[i] = -1
	}
	for i := range x.bdCons {
		x.bdCons[i] = -1
	}
	add := func(members ...int32) int32 {
		x.conMem = append(x.conMem, members...)
		x.cons = append(x.cons, int32(len(x.conMem)))
		return int32(len(x.cons) - 2)
	}
	nG := int32(x.nG)
	for a, kids := range children {
		if len(kids) == 0 {
			continue
		}
		for g := range nG {
			m := []int32{int32(a)*nG + g}
			for _, k := range kids {
				m = append(m, k*nG+g)
			}
			x.geoCons[int32(a)*nG+g] = add(m...)
		}
	}
	if x.total < 0 {
		return
	}
	for a := range x.areas {
		for b := range x.nB {
			m := []int32{int32(a)*nG + int32(x.total)}
			for g := range nG {
				if x.bdOf[g] == b {
					m = append(m, int32(a)*nG+g)
				}
			}
			x.bdCons[a*x.nB+b] = add(m...)
		}
	}
}

// constraintsOf appends the constraints a cell belongs to.
func (x *sdcIndex) constraintsOf(dst []int32, cell int32) []int32 {
	nG := int32(x.nG)
	a, g := cell/nG, int(cell%nG)
	if c := x.geoCons[cell]; c >= 0 {
		dst = append(dst, c)
	}
	if p := x.parent[a]; p >= 0 {
		if c := x.geoCons[p*nG+int32(g)]; c >= 0 {
			dst = append(dst, c)
		}
	}
	if g == x.total {
		for b := range x.nB {
			if c := x.bdCons[int(a)*x.nB+b]; c >= 0 {
				dst = append(dst, c)
			}
		}
	} else if x.total >= 0 {
		if c := x.bdCons[int(a)*x.nB+x.bdOf[g]]; c >= 0 {
			dst = append(dst, c)
		}
	}
	return dst
}

// sdcWorker holds one year's rows by cell and indicator, and the state of
// the passes.
type sdcWorker struct {
	x      *sdcIndex
	slot   []int32 // (cell*nInd + indicator) -> row index + 1, 0 when absent
	state  []uint8 // cell -> absent, shown or suppressed, for one indicator
	row    []int32 // cell -> row index, for one indicator
	hh     []int64 // cell -> households behind the denominator; -1 not yet asked, -2 unknown
	stamp  []int32 // constraint -> last pass it was queued in
	work   []int32
	next   []int32
	picks  []int32
	picked []bool  // cell -> picked in the current pass
	seen   []int32 // rows lacking a count, for one constraint
	cs     []int32 // scratch: the constraints of a cell
}

const (
	cellAbsent uint8 = iota
	cellShown
	cellHidden
)

func (x *sdcIndex) newWorker() *sdcWorker {
	nCells := len(x.areas) * x.nG
	return &sdcWorker{
		x:      x,
		slot:   make([]int32, nCells*x.nInd),
		state:  make([]uint8, nCells),
		row:    make([]int32, nCells),
		hh:     make([]int64, nCells),
		stamp:  make([]int32, len(x.cons)-1),
		picked: make([]bool, nCells),
	}
}

// load fills the slots with the rows of year number y.
func (w *sdcWorker) load(y int) {
	x := w.x
	clear(w.slot)
	lo, hi := x.byYear[y][0], x.byYear[y][1]
	last, lastID := "", int32(-1)
	for j := lo; j < hi; j++ {
		i := int32(j)
		if x.order != nil {
			i = x.order[j]
		}
		r := &x.rows[i]
		if r.Area != last || lastID < 0 {
			last, lastID = r.Area, x.areaOf[r.Area]
		}
		cell := int(lastID)*x.nG + int(x.gIndex[r.Group])
		w.slot[cell*x.nInd+int(r.Indicator)] = i + 1
	}
}

// run applies the rule to one indicator of the loaded year. It returns the
// constraints exposed at the start and the passes made; picked rows and rows
// whose missing count stopped it are appended to picks and missing.
func (w *sdcWorker) run(ind int, households HouseholdCounts, apply bool, picks, missing *[]int32) (exposed, passes int) {
	x := w.x
	hidden := false
	for c := range w.state {
		ri := w.slot[c*x.nInd+ind] - 1
		w.row[c] = ri
		w.hh[c] = -1
		switch {
		case ri < 0:
			w.state[c] = cellAbsent
		case x.rows[ri].Suppressed:
			w.state[c] = cellHidden
			hidden = true
		default:
			w.state[c] = cellShown
		}
	}
	if !hidden {
		return 0, 0 // nothing suppressed: nothing exposed
	}
	clear(w.stamp)
	w.work = w.work[:0]
	for c := range len(x.cons) - 1 {
		w.work = append(w.work, int32(c))
	}
	for pass := int32(1); len(w.work) > 0; pass++ {
		w.picks = w.picks[:0]
		stop := false
		found := 0
		for _, c := range w.work {
			mem := x.conMem[x.cons[c]:x.cons[c+1]]
			pick, ok, lacking := w.choose(mem, households)
			if !ok {
				continue
			}
			found++
			if lacking {
				stop = true
				*missing = append(*missing, w.seen...)
				continue
			}
			if apply && !w.picked[pick] {
				w.picked[pick] = true
				w.picks = append(w.picks, pick)
			}
		}
		if pass == 1 {
			exposed = found
		}
		if found > 0 {
			passes = int(pass)
		}
		if stop {
			for _, cell := range w.picks {
				w.picked[cell] = false
			}
			return exposed, passes
		}
		if !apply {
			return exposed, passes
		}
		w.next = w.next[:0]
		for _, cell := range w.picks {
			w.state[cell] = cellHidden
			w.picked[cell] = false
			*picks = append(*picks, w.row[cell])
			w.cs = x.constraintsOf(w.cs[:0], cell)
			for _, c := range w.cs {
				if w.stamp[c] != pass {
					w.stamp[c] = pass
					w.next = append(w.next, c)
				}
			}
		}
		w.work, w.next = w.next, w.work
	}
	return exposed, passes
}

// choose looks at one constraint: ok when exactly one of its cells is
// suppressed (and the parent and at least one child exist). It then returns
// the cell to hide: the shown child with the fewest households behind its
// denominator, ties to the smaller gebied and then groep, or else the
// parent. lacking reports that a needed count was unknown; the rows that
// lack it are then in w.seen.
func (w *sdcWorker) choose(mem []int32, households HouseholdCounts) (pick int32, ok, lacking bool) {
	parent := mem[0]
	if w.state[parent] == cellAbsent {
		return 0, false, false
	}
	hidden, kids, shown := 0, 0, 0
	if w.state[parent] != cellShown {
		hidden++
	}
	for _, c := range mem[1:] {
		switch w.state[c] {
		case cellAbsent:
			continue
		case cellShown:
			shown++
		default:
			hidden++
		}
		kids++
	}
	if kids == 0 || hidden != 1 {
		return 0, false, false
	}
	if shown == 0 {
		return parent, true, false
	}
	if households == nil {
		return 0, true, false // only counting
	}
	best, bestN := int32(-1), int64(0)
	w.seen = w.seen[:0]
	for _, c := range mem[1:] {
		if w.state[c] != cellShown {
			continue
		}
		n, known := int64(0), true
		if shown > 1 {
			n, known = w.households(c, households)
		}
		if !known {
			w.seen = append(w.seen, w.row[c])
			continue
		}
		if best < 0 || n < bestN || n == bestN && w.less(c, best) {
			best, bestN = c, n
		}
	}
	if len(w.seen) > 0 {
		return 0, true, true
	}
	return best, true, false
}

// households asks for a cell's count once per indicator and year.
func (w *sdcWorker) households(c int32, households HouseholdCounts) (int64, bool) {
	if w.hh[c] == -1 {
		w.hh[c] = -2
		if n, ok := households(int(w.row[c])); ok {
			w.hh[c] = n
		}
	}
	return w.hh[c], w.hh[c] >= 0
}

// less orders two cells by gebied, then groep, in byte order.
func (w *sdcWorker) less(a, b int32) bool {
	x := w.x
	nG := int32(x.nG)
	if aa, ab := x.areas[a/nG], x.areas[b/nG]; aa != ab {
		return aa < ab
	}
	return x.gNames[a%nG] < x.gNames[b%nG]
}
