package trend

import "math"

// Groups of the output: totaal, then one per household type, then one per
// income source. A row adds to three of them.
//
// A panel with any optional column of section 6 also has the age and
// education groups (numGroupsExt in all); groups of a column the panel lacks
// stay empty and give no rows.
const (
	numGroups    = 1 + numTypes + numBrons
	groupType    = 1
	groupBron    = 1 + numTypes
	groupAge     = numGroups
	groupEdu     = groupAge + numAges
	numGroupsExt = groupEdu + numEdus
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
	numSets  = 4
	setsSize = numSets * perSet
	// A group's counters in the merged table: the sets, and with section 6
	// columns the users of each flag among the households at or below 110%.
	flagOff = setsSize
)

// layout is the shape of a merged cell: ng groups of gs counters each.
// Without section 6 columns it is exactly what version 1 had.
type layout struct{ ng, gs int }

var (
	layoutV1  = layout{numGroups, setsSize}
	layoutExt = layout{numGroupsExt, setsSize + numFlags}
)

func (l layout) stride() int { return l.ng * l.gs }

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
	ext       bool      // also keep extChunks, parallel to chunks
	extChunks [][]int64 // extStride per cell
	slotOf    buurtIndex
	buurten   []uint32
	cellOf    [numYears][]int32 // per year offset: slot -> cell + 1
	cellSlot  []int32
	cellYO    []uint8
	chunks    [][]int64
	lastBuurt uint32
	lastSlot  int32
}

func newAcc() *acc {
	return &acc{slotOf: newBuurtIndex(), lastBuurt: math.MaxUint32}
}

// cell returns the cell of a buurt (by number) and year offset, creating it.
func (a *acc) cell(buurt uint32, yo uint8) int32 {
	// Panels are often sorted by area or by household, so consecutive rows
	// may share a buurt.
	if buurt != a.lastBuurt {
		a.lastBuurt, a.lastSlot = buurt, a.slotOf.slot(buurt, &a.buurten)
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
			if a.ext {
				a.extChunks = append(a.extChunks, make([]int64, chunkCells*extStride))
			}
		}
	}
	return c - 1
}

// buurtIndex numbers buurt codes: an open-addressing table small enough
// (some 14,000 buurten nationally) to stay in cache, where a Go map costs
// several times as much per look-up.
type buurtIndex struct {
	slots []uint64 // code+1 in the high half, slot in the low half; 0 is empty
	n     int
}

func newBuurtIndex() buurtIndex { return buurtIndex{slots: make([]uint64, 1<<10)} }

// slot returns the slot of a buurt code, appending new codes to buurten.
func (x *buurtIndex) slot(code uint32, buurten *[]uint32) int32 {
	mask := uint64(len(x.slots) - 1)
	key := uint64(code) + 1
	for pos := (key * 0x9e3779b97f4a7c15 >> 32) & mask; ; pos = (pos + 1) & mask {
		v := x.slots[pos]
		if v>>32 == key {
			return int32(uint32(v))
		}
		if v == 0 {
			s := int32(len(*buurten))
			*buurten = append(*buurten, code)
			x.slots[pos] = key<<32 | uint64(s)
			x.n++
			if 2*x.n > len(x.slots) {
				x.grow()
			}
			return s
		}
	}
}

func (x *buurtIndex) grow() {
	old := x.slots
	x.slots = make([]uint64, 2*len(old))
	mask := uint64(len(x.slots) - 1)
	for _, v := range old {
		if v == 0 {
			continue
		}
		pos := (v >> 32 * 0x9e3779b97f4a7c15 >> 32) & mask
		for x.slots[pos] != 0 {
			pos = (pos + 1) & mask
		}
		x.slots[pos] = v
	}
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

// statusSets lists the sets a status adds to: all = every status, 120 = the
// two lower ones, 110 = the lowest.
var statusSets = [numStatus][]int{
	statusAbove: {setAll},
	status120:   {setAll, set120},
	status110:   {setAll, set120, set110},
}

// mergeInto adds the counters of worker cell c to a full cell of layout ly:
// per type and per source group, the sets of each status; totaal is the sum
// over the types.
func (a *acc) mergeInto(dst []int64, c int32, ly layout) {
	k := a.counters(c)
	for d := range numDims {
		g := groupType + d // the bron groups follow the type groups, as the dims do
		for st := range numStatus {
			src := k[(d*numStatus+st)*perSet:][:perSet]
			for _, set := range statusSets[st] {
				copyAdd(dst[g*ly.gs+set:][:perSet], src)
				if d < numTypes {
					copyAdd(dst[set:][:perSet], src)
				}
			}
		}
	}
	if a.ext {
		a.mergeExt(dst, c, ly)
	}
}

// The section 6 counters of a worker cell: per age band and education level
// (extDims, groupAge on) the counters per status as in acc.add, then for
// every breakdown value (types, sources, ages, levels: numExtGroups, groupType
// on) the users of each flag among the rows at or below 110%.
const (
	extDims      = numAges + numEdus
	extFlagOff   = extDims * numStatus * perSet
	numExtGroups = numGroupsExt - 1
	extStride    = extFlagOff + numExtGroups*numFlags
)

func (a *acc) extCounters(c int32) []int64 {
	off := int(c&(chunkCells-1)) * extStride
	return a.extChunks[c>>chunkShift][off : off+extStride : off+extStride]
}

// addExt counts one population household in the section 6 counters of a
// cell: ext packs its age band and education level (see batch.extCode),
// flags its usage flags as bits.
func (a *acc) addExt(c int32, typ, bron, ext, flags uint8, pers, minors int64, status int) {
	k := a.extCounters(c)
	var hasMinors int64
	if minors > 0 {
		hasMinors = 1
	}
	age, edu := ext&0xf, ext>>4
	for _, e := range [2]int{int(age), numAges + int(edu)} {
		if e >= extDims {
			continue // the panel lacks the column
		}
		t := k[(e*numStatus+status)*perSet:][:perSet]
		t[kHH]++
		t[kPers] += pers
		t[kMinors] += minors
		t[kHHMinors] += hasMinors
	}
	if status != status110 || flags == 0 {
		return
	}
	groups := [4]int{groupType + int(typ), groupBron + int(bron), groupAge + int(age), groupEdu + int(edu)}
	for _, g := range groups {
		if g >= numGroupsExt {
			continue
		}
		u := k[extFlagOff+(g-1)*numFlags:][:numFlags]
		for f := range numFlags {
			u[f] += int64(flags >> f & 1)
		}
	}
}

// mergeExt adds the section 6 counters of worker cell c to a full cell of
// layout ly (which is layoutExt): the age and education groups' sets, and
// every group's flag users; totaal's users are the sum over the types.
func (a *acc) mergeExt(dst []int64, c int32, ly layout) {
	k := a.extCounters(c)
	for e := range extDims {
		g := groupAge + e // the education groups follow the age groups
		for st := range numStatus {
			src := k[(e*numStatus+st)*perSet:][:perSet]
			for _, set := range statusSets[st] {
				copyAdd(dst[g*ly.gs+set:][:perSet], src)
			}
		}
	}
	for g := 1; g < numGroupsExt; g++ {
		src := k[extFlagOff+(g-1)*numFlags:][:numFlags]
		copyAdd(dst[g*ly.gs+flagOff:][:numFlags], src)
		if g < groupBron {
			copyAdd(dst[flagOff:][:numFlags], src)
		}
	}
}
