package trend

import (
	"cmp"
	"fmt"
	"runtime"
	"slices"
	"sync"
)

// cellSet holds the counters of one area level per (code, year offset).
type cellSet struct {
	index  map[uint64]int32 // code<<8 | year offset
	keys   []uint64
	counts []int64 // fullStride per cell
}

func newCellSet() *cellSet { return &cellSet{index: map[uint64]int32{}} }

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
	return s.counts[int(c)*fullStride : (int(c)+1)*fullStride]
}

// buildTable merges the workers' counters per buurt, adds the long-term
// counters and rolls buurten up into wijken and gemeenten.
func buildTable(workers []*worker, l *linker, k int64) *table {
	buurt := newCellSet()
	local := make([][]int32, len(workers)) // worker cell -> buurt cell
	for w, wk := range workers {
		a := wk.acc
		local[w] = make([]int32, len(a.cellSlot))
		for c, slot := range a.cellSlot {
			local[w][c] = buurt.cell(uint64(a.buurten[slot])<<8 | uint64(a.cellYO[c]))
		}
	}
	buurt.counts = make([]int64, len(buurt.keys)*fullStride)
	for w, wk := range workers {
		a := wk.acc
		for c := range a.cellSlot {
			a.mergeInto(buurt.counters(local[w][c]), int32(c))
		}
		wk.acc = nil
	}

	addLongTerm(buurt, local, l)

	wijk, gemeente := newCellSet(), newCellSet()
	for _, key := range buurt.keys {
		code, yo := key>>8, key&0xff
		wijk.cell((code/100)<<8 | yo)
		gemeente.cell((code/10000)<<8 | yo)
	}
	wijk.counts = make([]int64, len(wijk.keys)*fullStride)
	gemeente.counts = make([]int64, len(gemeente.keys)*fullStride)
	for c, key := range buurt.keys {
		code, yo := key>>8, key&0xff
		src := buurt.counters(int32(c))
		copyAdd(wijk.counters(wijk.index[(code/100)<<8|yo]), src)
		copyAdd(gemeente.counters(gemeente.index[(code/10000)<<8|yo]), src)
	}
	return newTable([numLevels]*cellSet{gemeente, wijk, buurt}, l.minYO, k)
}

func copyAdd(dst, src []int64) {
	for i, v := range src {
		dst[i] += v
	}
}

// addLongTerm counts the candidates whose run at or below 110% reaches four
// years. Candidates are split over goroutines, each with counters of its
// own, since the look-ups into the per-household year sets are random.
func addLongTerm(buurt *cellSet, local [][]int32, l *linker) {
	chunks := l.cands.chunks
	parts := min(runtime.GOMAXPROCS(0), max(len(chunks), 1))
	sums := make([][]int64, parts)
	var wg sync.WaitGroup
	for p := range parts {
		wg.Go(func() {
			sum := make([]int64, len(buurt.keys)*numGroups*perSet)
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
					for _, g := range [3]int{0, groupType + int(c.typ), groupBron + int(c.bron)} {
						s := sum[(cell*numGroups+g)*perSet:]
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
			for g := range numGroups {
				o := (cell*numGroups + g) * perSet
				copyAdd(dst[g*numSets*perSet+setLong:g*numSets*perSet+setLong+perSet], sum[o:o+perSet])
			}
		}
	}
}

// indicatorDef says where an indicator's numbers come from: the set of
// households in the numerator, and the measure (households, persons or
// minors) summed. The households standing behind a sum of minors are those
// with minors; behind the others, every household of the set.
var indicatorDefs = [numIndicators]struct{ set, measure int }{
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
	t := &table{levels: levels, minYO: minYO, k: k}
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

// rows makes the rows of the table, in order.
func (t *table) rows() []Row {
	n := 0
	for _, r := range t.refs {
		cnt := t.levels[r.level].counters(r.cell)
		for g := range numGroups {
			if cnt[g*numSets*perSet+setAll+kHH] > 0 {
				n += int(numIndicators)
			}
		}
	}
	rows := make([]Row, 0, n)
	for _, r := range t.refs {
		long := r.yo >= t.minYO+3
		cnt := t.levels[r.level].counters(r.cell)
		for g := range numGroups {
			gc := cnt[g*numSets*perSet : (g+1)*numSets*perSet]
			if gc[setAll+kHH] == 0 {
				continue
			}
			for ind, d := range indicatorDefs {
				if Indicator(ind).LongTerm() && !long {
					continue
				}
				row := Row{Indicator: Indicator(ind), Year: int(r.yo) + minYear, Level: r.level, Area: r.area, Group: Group(g)}
				numHH, denHH := gc[d.set+contributors(d.measure)], gc[setAll+contributors(d.measure)]
				if denHH < t.k || numHH >= 1 && numHH < t.k {
					row.Suppressed = true
				} else {
					row.Num, row.Den = gc[d.set+d.measure], gc[setAll+d.measure]
				}
				rows = append(rows, row)
			}
		}
	}
	return rows
}
