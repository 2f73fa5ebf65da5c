package trend

import (
	"bytes"
	"errors"
	"fmt"
	"math"
)

// Per-household arrays are kept in chunks of idChunk entries so that growing
// them never copies (and briefly doubles) hundreds of megabytes.
const (
	idShift = 12
	idChunk = 1 << idShift
	idMask  = idChunk - 1
)

// arenaChunk is the size of the blocks household ids are copied into.
const arenaChunk = 1 << 16

var errTooManyHouseholds = errors.New("more than 4294967294 households")

// linker gives each household id a number and keeps, per household, two bit
// sets of years (years fit in two words): the years it has a row, to find
// duplicates, and the years it is in the population at or below 110%, for
// durations.
//
// Households are split over shards by hash, each shard with a goroutine and
// a table of its own; both copies of a duplicate land in the same shard. A
// shard handles the rows of each batch in file order, so the first duplicate
// a shard finds is its earliest, and the earliest of the shards' is the
// first in the file. Batches are handed to every shard in file order and
// their results taken back in that order.
type linker struct {
	shards  []*shard
	cands   candidates
	minYO   uint8
	rows    int64
	pop     int64
	queue   []*batch // handed to the shards, results not yet taken
	stopped bool
}

// shard is one part of the household table.
type shard struct {
	index int
	count int
	in    chan *batch
	out   chan linkResult
	parts [numParts]slotPart
	n     uint32
	refs  [][]uint64 // where a household's id sits in the arena
	arena [][]byte
	seen  yearBits   // the years each household has a row
	low   yearBits   // the years each household is at or below 110%
	succ  [][]uint32 // per household, the one after it in the shard's rows the last time, + 1
	last  uint32     // the household found last, for guessing the next
	skip  uint32     // a guess for the next row after one out of order, + 1
}

// linkResult is a shard's verdict on a batch: the first row it found a
// duplicate (or another problem) in, or -1.
type linkResult struct {
	row    int
	reason string
}

func newLinker(shards int) *linker {
	l := &linker{minYO: math.MaxUint8}
	for i := range shards {
		s := &shard{index: i, count: shards, in: make(chan *batch, 4), out: make(chan linkResult, 4)}
		for p := range s.parts {
			s.parts[p].slots = make([]uint64, 1<<4)
		}
		l.shards = append(l.shards, s)
		go s.run()
	}
	return l
}

// shardOf picks a shard from the low byte of the hash; a shard's slot table
// uses the high 32 bits, as place and as tag.
func shardOf(h uint64, shards int) int { return int(uint8(h)) % shards }

func (s *shard) run() {
	for b := range s.in {
		s.out <- s.link(b)
	}
	close(s.out)
}

// link numbers the shard's rows of a batch and checks them for duplicates.
func (s *shard) link(b *batch) linkResult {
	hh := &b.str[colHuishouden]
	for i := range b.nLink {
		h := b.hash[i]
		if shardOf(h, s.count) != s.index {
			continue
		}
		id, err := s.intern(hh.at(i), h)
		if err != nil {
			return linkResult{i, err.Error()}
		}
		b.ids[i] = id*uint32(s.count) + uint32(s.index)
		yo := b.yo[i]
		if s.seen.set(yo, id) {
			return linkResult{i, fmt.Sprintf("household %s occurs twice in %d", quote(hh.at(i)), int(yo)+minYear)}
		}
		if b.low[i] {
			s.low.set(yo, id)
		}
	}
	return linkResult{row: -1}
}

func (s *shard) key(id uint32) []byte {
	ref := s.refs[id>>idShift][id&idMask]
	chunk, off, n := ref>>32, (ref>>8)&0xffffff, ref&0xff
	return s.arena[chunk][off : off+n]
}

// intern returns the number of household id k with hash h, adding it when new.
func (s *shard) intern(k []byte, h uint64) (uint32, error) {
	// Panels are usually sorted, by year and then by something that keeps
	// its order from year to year (a dwelling, an address, the household),
	// or by household and then year. Guesses follow those orders: the
	// household that came after the last one the previous time; when the
	// last row broke that order (a household that left, came or moved), the
	// one that came two after the household expected there; the one after
	// the one expected here; the last one again; the one numbered after it.
	// They touch little memory and skip the random access into the slot
	// table, which at millions of households misses every cache. A match is
	// exact whatever the order of the file.
	if s.n > 0 {
		skip := s.skip
		s.skip = 0
		next := s.succ[s.last>>idShift][s.last&idMask]
		if next != 0 && bytes.Equal(s.key(next-1), k) {
			s.last = next - 1
			return s.last, nil
		}
		if skip != 0 && bytes.Equal(s.key(skip-1), k) {
			s.follow(skip - 1)
			return skip - 1, nil
		}
		if next != 0 {
			// This row is not the expected one: the next may be the one
			// that followed it, if this one replaces it.
			s.skip = s.succ[(next-1)>>idShift][(next-1)&idMask]
			if s.skip != 0 && bytes.Equal(s.key(s.skip-1), k) {
				s.follow(s.skip - 1)
				s.skip = 0
				return s.last, nil
			}
		}
		if bytes.Equal(s.key(s.last), k) {
			return s.last, nil
		}
		if next := s.last + 1; next < s.n && bytes.Equal(s.key(next), k) {
			s.follow(next)
			return next, nil
		}
	}
	id, err := s.lookup(k, h)
	if err == nil && s.n > 1 {
		s.follow(id)
	}
	s.last = id
	return id, err
}

// follow notes that household id came after the last one, and makes it the
// last one.
func (s *shard) follow(id uint32) {
	s.succ[s.last>>idShift][s.last&idMask] = id + 1
	s.last = id
}

// lookup finds or adds a household in the slot table.
func (s *shard) lookup(k []byte, h uint64) (uint32, error) {
	tag := h &^ 0xffffffff
	part := &s.parts[h>>(64-partBits)]
	mask := uint64(len(part.slots) - 1)
	pos := h >> 32 & mask
	for {
		v := part.slots[pos]
		if v == 0 {
			break
		}
		// A 32-bit tag match is almost always the household itself; the
		// bytes are compared anyway, so a hash collision cannot merge two
		// households.
		if v&^0xffffffff == tag {
			id := uint32(v) - 1
			if bytes.Equal(s.key(id), k) {
				return id, nil
			}
		}
		pos = (pos + 1) & mask
	}
	if uint64(s.n+1)*uint64(s.count) >= math.MaxUint32 {
		return 0, errTooManyHouseholds
	}
	id := s.n
	s.n++
	part.slots[pos] = tag | uint64(id+1)
	part.n++
	if id&idMask == 0 {
		s.refs = append(s.refs, make([]uint64, idChunk))
		s.succ = append(s.succ, make([]uint32, idChunk))
	}
	last := len(s.arena) - 1
	if last < 0 || len(s.arena[last])+len(k) > arenaChunk {
		s.arena = append(s.arena, make([]byte, 0, arenaChunk))
		last++
	}
	off := len(s.arena[last])
	s.arena[last] = append(s.arena[last], k...)
	s.refs[id>>idShift][id&idMask] = uint64(last)<<32 | uint64(off)<<8 | uint64(len(k))
	if 2*part.n > len(part.slots) {
		part.grow()
	}
	return id, nil
}

// The slot table of a shard is split in parts by the top bits of the hash,
// each grown on its own: growing one never holds two copies of the whole
// table (hundreds of megabytes nationally), and the memory a part leaves
// is soon reused by another.
const (
	partBits = 8
	numParts = 1 << partBits
)

type slotPart struct {
	slots []uint64 // high 32 bits of the hash | number+1; 0 is empty
	n     int
}

// grow doubles a part, keeping the load at most one half so that linear
// probing stays short. A slot's place comes from its tag, so the
// households' ids need not be read (nor hashed) again, and the slots move
// in nearly sequential order.
func (p *slotPart) grow() {
	slots := make([]uint64, 2*len(p.slots))
	mask := uint64(len(slots) - 1)
	for _, v := range p.slots {
		if v == 0 {
			continue
		}
		pos := v >> 32 & mask
		for slots[pos] != 0 {
			pos = (pos + 1) & mask
		}
		slots[pos] = v
	}
	p.slots = slots
}

// depth is how many batches may be with the shards at once, so that they
// keep working while the linker takes a finished batch's results.
const depth = 3

// add hands a batch to the shards. When depth batches are out, it first
// finishes the oldest and returns it (or its error); otherwise it returns
// nil.
func (l *linker) add(b *batch) (*batch, error) {
	b.ids = grow(b.ids, b.nLink)
	for _, s := range l.shards {
		s.in <- b
	}
	l.queue = append(l.queue, b)
	if len(l.queue) < depth {
		return nil, nil
	}
	return l.next()
}

// next finishes the oldest batch with the shards, or returns nil when there
// is none.
func (l *linker) next() (*batch, error) {
	if len(l.queue) == 0 {
		return nil, nil
	}
	b := l.queue[0]
	l.queue = l.queue[1:]
	first := linkResult{row: -1}
	for _, s := range l.shards {
		r := <-s.out
		if r.row >= 0 && (first.row < 0 || r.row < first.row) {
			first = r
		}
	}
	if first.row >= 0 {
		return b, b.errorAt(first.row, colHuishouden, first.reason)
	}
	if b.err != nil {
		return b, b.err
	}
	l.rows += int64(b.n)
	l.pop += b.pop
	l.minYO = min(l.minYO, b.minYO)
	for j, row := range b.candRow {
		l.cands.add(cand{
			hh:     b.ids[row],
			cell:   b.candCell[j],
			pers:   int32(b.pers[row]),
			minors: int32(b.minors[row]),
			yo:     b.yo[row],
			tb:     b.typ[row] | b.bron[row]<<4,
			ext:    b.extCode(int(row)),
			worker: uint8(b.worker),
		})
	}
	return b, nil
}

// stop ends the shard goroutines, draining what they still hold; it may be
// called more than once.
func (l *linker) stop() {
	if l.stopped {
		return
	}
	l.stopped = true
	for _, s := range l.shards {
		close(s.in)
	}
	for _, s := range l.shards {
		for range s.out {
		}
	}
	l.queue = nil
}

// households is the number of distinct household ids.
func (l *linker) households() int {
	n := 0
	for _, s := range l.shards {
		n += int(s.n)
	}
	return n
}

// longTerm reports whether household id, at or below 110% in year offset
// yo, was so in each of the three years before.
func (l *linker) longTerm(id uint32, yo uint8) bool {
	s := l.shards[id%uint32(len(l.shards))]
	local := id / uint32(len(l.shards))
	return s.low.has(yo-1, local) && s.low.has(yo-2, local) && s.low.has(yo-3, local)
}

// releaseTable drops what only linking needs; the year sets of durations stay.
func (l *linker) releaseTable() {
	for _, s := range l.shards {
		s.parts, s.refs, s.arena, s.seen, s.succ = [numParts]slotPart{}, nil, nil, yearBits{}, nil
	}
}

// yearBits is a set of (year, household) pairs: per year offset a bit set
// of households, in chunks of idChunk bits made when first needed. A panel
// spans a few years, so this takes a few bits per household, and the rows of
// one year (files are mostly sorted by year) touch one compact set.
type yearBits [numYears][][]uint64

// set adds household id in year offset yo and reports whether it was there.
func (y *yearBits) set(yo uint8, id uint32) bool {
	c := int(id >> idShift)
	chunks := y[yo]
	if c >= len(chunks) {
		chunks = append(chunks, make([][]uint64, c+1-len(chunks))...)
		y[yo] = chunks
	}
	if chunks[c] == nil {
		chunks[c] = make([]uint64, idChunk/64)
	}
	w, bit := &chunks[c][id&idMask>>6], uint64(1)<<(id&63)
	was := *w&bit != 0
	*w |= bit
	return was
}

// has reports whether household id is in the set in year offset yo.
func (y *yearBits) has(yo uint8, id uint32) bool {
	chunks := y[yo]
	c := int(id >> idShift)
	return c < len(chunks) && chunks[c] != nil && chunks[c][id&idMask>>6]>>(id&63)&1 != 0
}

// cand is a population row at or below 110%: a candidate for the long-term
// indicators, decided once all years are linked.
type cand struct {
	hh     uint32
	cell   int32
	pers   int32
	minors int32
	yo     uint8
	tb     uint8 // type (low 4 bits) and bron (high 4 bits)
	ext    uint8 // age band and education level, as batch.extCode
	worker uint8
}

// candidates is an append-only list in chunks.
type candidates struct {
	chunks [][]cand
	n      int
}

func (c *candidates) add(x cand) {
	if c.n&idMask == 0 {
		c.chunks = append(c.chunks, make([]cand, 0, idChunk))
	}
	last := len(c.chunks) - 1
	c.chunks[last] = append(c.chunks[last], x)
	c.n++
}
