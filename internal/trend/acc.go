package trend

import "math"

// Groups of the output: totaal, then one per household type, then one per
// income source. A row adds to three of them.
const (
	numGroups = 1 + numTypes + numBrons
	groupType = 1
	groupBron = 1 + numTypes
)

// Counters per group. For each of four sets of households (all of the
// population, those at or below 110%, those at or below 120%, those at or
// below 110% for four years or more) the engine counts households, persons,
// minors, and households with minors: the last is how many households stand
// behind a sum of minors, which disclosure control needs.
const (
	kHH = iota
	kPers
	kMinors
	kHHMinors
	perSet
)

const (
	setAll = iota * perSet
	set110
	set120
	setLong
	numSets    = 4
	fullStride = numGroups * numSets * perSet
)

// A worker counts each row once per breakdown (its type and its source)
// under its income status, rather than under every set and group it adds
// to: 8 additions in two cache lines instead of 36 in five. The sets and
// totaal are sums of these, formed when the workers' counters are merged.
const (
	statusAbove = iota // above 120%
	status120          // above 110%, at or below 120%
	status110          // at or below 110%
	numStatus
	numDims   = numTypes + numBrons // type 0..4, then bron 5..9
	accStride = numDims * numStatus * perSet
)

const (
	chunkShift = 6
	chunkCells = 1 << chunkShift
)

// acc accumulates the counters of one worker per (buurt, year). Buurten are
// few (about 14,000 nationally), so a small map finds a buurt's slot and a
// dense table per year finds its cell; counters live in chunks so growth
// never copies them.
type acc struct {
	slotOf    map[uint32]int32
	buurten   []uint32
	cellOf    [numYears][]int32 // per year offset: slot -> cell + 1
	cellSlot  []int32
	cellYO    []uint8
	chunks    [][]int64
	lastBuurt uint32
	lastSlot  int32
}

func newAcc() *acc {
	return &acc{slotOf: map[uint32]int32{}, lastBuurt: math.MaxUint32}
}

// cell returns the cell of a buurt (by number) and year offset, creating it.
func (a *acc) cell(buurt uint32, yo uint8) int32 {
	// Panels are usually sorted by area or by household, so consecutive rows
	// mostly share a buurt and the map is rarely consulted.
	if buurt != a.lastBuurt {
		s, ok := a.slotOf[buurt]
		if !ok {
			s = int32(len(a.buurten))
			a.slotOf[buurt] = s
			a.buurten = append(a.buurten, buurt)
		}
		a.lastBuurt, a.lastSlot = buurt, s
	}
	// Indexed by year first: the rows of a batch mostly share a year, and
	// that year's table (4 bytes per buurt) then stays in cache.
	byYear := a.cellOf[yo]
	if int(a.lastSlot) >= len(byYear) {
		byYear = append(byYear, make([]int32, len(a.buurten)-len(byYear))...)
		a.cellOf[yo] = byYear
	}
	c := byYear[a.lastSlot]
	if c == 0 {
		c = int32(len(a.cellSlot)) + 1
		byYear[a.lastSlot] = c
		a.cellSlot = append(a.cellSlot, a.lastSlot)
		a.cellYO = append(a.cellYO, yo)
		if int(c-1)>>chunkShift == len(a.chunks) {
			a.chunks = append(a.chunks, make([]int64, chunkCells*accStride))
		}
	}
	return c - 1
}

func (a *acc) counters(c int32) []int64 {
	off := int(c&(chunkCells-1)) * accStride
	return a.chunks[c>>chunkShift][off : off+accStride : off+accStride]
}

// add counts one population household in a cell.
func (a *acc) add(c int32, typ, bron uint8, pers, minors int64, status int) {
	k := a.counters(c)
	var hasMinors int64
	if minors > 0 {
		hasMinors = 1
	}
	t := k[(int(typ)*numStatus+status)*perSet:][:perSet]
	t[kHH]++
	t[kPers] += pers
	t[kMinors] += minors
	t[kHHMinors] += hasMinors
	b := k[((numTypes+int(bron))*numStatus+status)*perSet:][:perSet]
	b[kHH]++
	b[kPers] += pers
	b[kMinors] += minors
	b[kHHMinors] += hasMinors
}

// mergeInto adds the counters of worker cell c to a full cell: per type and
// per source group, all = every status, 120 = the two lower ones, 110 = the
// lowest; totaal is the sum over the types.
func (a *acc) mergeInto(dst []int64, c int32) {
	k := a.counters(c)
	for d := range numDims {
		g := groupType + d // the bron groups follow the type groups, as the dims do
		for st := range numStatus {
			src := k[(d*numStatus+st)*perSet:][:perSet]
			sets := []int{setAll}
			switch st {
			case status120:
				sets = []int{setAll, set120}
			case status110:
				sets = []int{setAll, set120, set110}
			}
			for _, set := range sets {
				copyAdd(dst[g*numSets*perSet+set:][:perSet], src)
				if d < numTypes {
					copyAdd(dst[set:][:perSet], src)
				}
			}
		}
	}
}
