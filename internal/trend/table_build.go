package trend

import (
	"cmp"
	"fmt"
	"io"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// cellSet holds the counters of one area level per (code, year offset).
type cellSet struct {
	index  map[uint64]int32 // code<<8 | year offset
	keys   []uint64
	counts []int64 // stride per cell
	stride int
}

func newCellSet(ly layout) *cellSet {
	return &cellSet{index: map[uint64]int32{}, stride: ly.stride()}
}

func (s *cellSet) cell(key uint64) int32 {
	c, ok := s.index[key]
	if !ok {
		c = int32(len(s.keys))
		s.index[key] = c
		s.keys = append(s.keys, key)
	}
	return c
}

func (s *cellSet) counters(c int32) []int64 {
	return s.counts[int(c)*s.stride : (int(c)+1)*s.stride]
}

// buildTable merges the workers' counters per buurt, adds the long-term
// counters and rolls buurten up into wijken and gemeenten. has says which
// columns the panel has; with a section 6 column the cells have layoutExt.
func buildTable(workers []*worker, l *linker, k int64, has *[numCols]bool) *table {
	ly := layoutV1
	for c := numRequired; c < numCols; c++ {
		if has[c] {
			ly = layoutExt
		}
	}
	buurt := newCellSet(ly)
	local := make([][]int32, len(workers)) // worker cell -> buurt cell
	for w, wk := range workers {
		a := wk.acc
		local[w] = make([]int32, len(a.cellSlot))
		for c, slot := range a.cellSlot {
			local[w][c] = buurt.cell(uint64(a.buurten[slot])<<8 | uint64(a.cellYO[c]))
		}
	}
	buurt.counts = make([]int64, len(buurt.keys)*buurt.stride)
	for w, wk := range workers {
		a := wk.acc
		for c := range a.cellSlot {
			a.mergeInto(buurt.counters(local[w][c]), int32(c), ly)
		}
		wk.acc = nil
	}

	addLongTerm(buurt, local, l, ly)

	wijk, gemeente := newCellSet(ly), newCellSet(ly)
	for _, key := range buurt.keys {
		code, yo := key>>8, key&0xff
		wijk.cell((code/100)<<8 | yo)
		gemeente.cell((code/10000)<<8 | yo)
	}
	wijk.counts = make([]int64, len(wijk.keys)*wijk.stride)
	gemeente.counts = make([]int64, len(gemeente.keys)*gemeente.stride)
	for c, key := range buurt.keys {
		code, yo := key>>8, key&0xff
		src := buurt.counters(int32(c))
		copyAdd(wijk.counters(wijk.index[(code/100)<<8|yo]), src)
		copyAdd(gemeente.counters(gemeente.index[(code/10000)<<8|yo]), src)
	}
	t := newTable([numLevels]*cellSet{gemeente, wijk, buurt}, l.minYO, k)
	t.ly = ly
	for f := range numFlags {
		if has[flagCol(f)] {
			t.flags = append(t.flags, f)
		}
	}
	return t
}

func copyAdd(dst, src []int64) {
	for i, v := range src {
		dst[i] += v
	}
}

// addLongTerm counts the candidates whose run at or below 110% reaches four
// years. Candidates are split over goroutines, each with counters of its
// own, since the look-ups into the per-household year sets are random.
func addLongTerm(buurt *cellSet, local [][]int32, l *linker, ly layout) {
	chunks := l.cands.chunks
	parts := min(runtime.GOMAXPROCS(0), max(len(chunks), 1))
	sums := make([][]int64, parts)
	var wg sync.WaitGroup
	for p := range parts {
		wg.Go(func() {
			sum := make([]int64, len(buurt.keys)*ly.ng*perSet)
			for ci := p; ci < len(chunks); ci += parts {
				for _, c := range chunks[ci] {
					// Long-term indicators exist only from the fourth year of
					// the panel on; before that no run can be long enough.
					// The test also keeps yo-3 from wrapping below year 0.
					if c.yo < l.minYO+3 || !l.longTerm(c.hh, c.yo) {
						continue
					}
					cell := int(local[c.worker][c.cell])
					var hasMinors int64
					if c.minors > 0 {
						hasMinors = 1
					}
					groups := [5]int{0, groupType + int(c.tb&0xf), groupBron + int(c.tb>>4), groupAge + int(c.ext&0xf), groupEdu + int(c.ext>>4)}
					for _, g := range groups {
						if g >= ly.ng {
							continue // no age or education column
						}
						s := sum[(cell*ly.ng+g)*perSet:]
						s[kHH]++
						s[kPers] += int64(c.pers)
						s[kMinors] += int64(c.minors)
						s[kHHMinors] += hasMinors
					}
				}
			}
			sums[p] = sum
		})
	}
	wg.Wait()
	for _, sum := range sums {
		for cell := range buurt.keys {
			dst := buurt.counters(int32(cell))
			for g := range ly.ng {
				o := (cell*ly.ng + g) * perSet
				copyAdd(dst[g*ly.gs+setLong:][:perSet], sum[o:o+perSet])
			}
		}
	}
}

// indicatorDef says where an indicator's numbers come from: the set of
// households in the numerator, and the measure (households, persons or
// minors) summed. The households standing behind a sum of minors are those
// with minors; behind the others, every household of the set.
var indicatorDefs = [numBaseIndicators]struct{ set, measure int }{
	{set110, kHH}, {set120, kHH}, {set110, kPers}, {set120, kPers},
	{set110, kMinors}, {set120, kMinors},
	{setLong, kHH}, {setLong, kPers}, {setLong, kMinors},
}

func contributors(measure int) int {
	if measure == kMinors {
		return kHHMinors
	}
	return kHH
}

var areaFormats = [numLevels]string{"GM%04d", "WK%06d", "BU%08d"}

// table is the indicator table as counters, with the cells in output order.
type table struct {
	levels [numLevels]*cellSet
	refs   []cellRef
	minYO  uint8
	k      int64
	years  []int
	ly     layout
	flags  []int // the usage flags the panel has (section 6)
}

// cellRef is a cell of some level, with its area code as text.
type cellRef struct {
	yo    uint8
	level Level
	code  uint64
	cell  int32
	area  string
}

func newTable(levels [numLevels]*cellSet, minYO uint8, k int64) *table {
	t := &table{levels: levels, minYO: minYO, k: k, ly: layoutV1}
	for lv, s := range levels {
		names := map[uint64]string{}
		for c, key := range s.keys {
			code := key >> 8
			area, ok := names[code]
			if !ok {
				area = fmt.Sprintf(areaFormats[lv], code)
				names[code] = area
			}
			t.refs = append(t.refs, cellRef{uint8(key & 0xff), Level(lv), code, int32(c), area})
		}
	}
	slices.SortFunc(t.refs, func(a, b cellRef) int {
		return cmp.Or(cmp.Compare(a.yo, b.yo), cmp.Compare(a.level, b.level), cmp.Compare(a.code, b.code))
	})
	for _, r := range t.refs {
		if y := int(r.yo) + minYear; len(t.years) == 0 || t.years[len(t.years)-1] != y {
			t.years = append(t.years, y)
		}
	}
	return t
}

// suppress applies disclosure control: numHH and denHH are the households
// behind the numerator and the denominator.
func (t *table) suppress(row *Row, num, den, numHH, denHH int64) {
	if denHH < t.k || numHH >= 1 && numHH < t.k {
		row.Suppressed, row.Num, row.Den = true, 0, 0
	} else {
		row.Suppressed, row.Num, row.Den = false, num, den
	}
}

// rows makes the rows of the table, in order.
func (t *table) rows() []Row {
	ly := t.ly
	n := 0
	for _, r := range t.refs {
		cnt := t.levels[r.level].counters(r.cell)
		for g := range ly.ng {
			if cnt[g*ly.gs+setAll+kHH] > 0 {
				n += int(numBaseIndicators) + len(t.flags)
			}
		}
	}
	rows := make([]Row, 0, n)
	for _, r := range t.refs {
		t.cellRows(r, func(row *Row) { rows = append(rows, *row) })
	}
	return rows
}

// write writes the table as WriteTable would write its rows, without
// making them first: the national table has tens of millions. It returns
// how many rows it wrote and how many of them are suppressed.
func (t *table) write(w io.Writer) (rows, suppressed int, err error) {
	const refsPerChunk = 256 // some 30,000 rows
	var nRows, nSupp atomic.Int64
	err = writeChunks(w, (len(t.refs)+refsPerChunk-1)/refsPerChunk, func(i int, buf []byte) []byte {
		var n, supp int64
		for _, r := range t.refs[i*refsPerChunk : min((i+1)*refsPerChunk, len(t.refs))] {
			t.cellRows(r, func(row *Row) {
				buf = appendRow(buf, row)
				n++
				if row.Suppressed {
					supp++
				}
			})
		}
		nRows.Add(n)
		nSupp.Add(supp)
		return buf
	})
	return int(nRows.Load()), int(nSupp.Load()), err
}

// cellRows passes the rows of one cell to emit, in order. The row passed
// is reused for the next one.
func (t *table) cellRows(r cellRef, emit func(row *Row)) {
	ly := t.ly
	long := r.yo >= t.minYO+3
	cnt := t.levels[r.level].counters(r.cell)
	row := &Row{Year: int(r.yo) + minYear, Level: r.level, Area: r.area}
	for g := range ly.ng {
		gc := cnt[g*ly.gs : (g+1)*ly.gs]
		if gc[setAll+kHH] == 0 {
			continue
		}
		row.Group = Group(g)
		for ind, d := range indicatorDefs {
			if Indicator(ind).LongTerm() && !long {
				continue
			}
			row.Indicator = Indicator(ind)
			t.suppress(row, gc[d.set+d.measure], gc[setAll+d.measure], gc[d.set+contributors(d.measure)], gc[setAll+contributors(d.measure)])
			emit(row)
		}
		// Usage (section 6): the users among the households at or below
		// 110%; each user and each such household counts once.
		for _, f := range t.flags {
			row.Indicator = UseParticipatiewet110 + Indicator(f)
			users, low := gc[flagOff+f], gc[set110+kHH]
			t.suppress(row, users, low, users, low)
			emit(row)
		}
	}
}
