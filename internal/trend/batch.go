package trend

import (
	"fmt"
	"hash/maphash"
	"math"
	"unicode/utf8"
)

// batchRows is the number of panel rows that travel through the pipeline
// together: large enough to amortise the hand-offs between goroutines, small
// enough that a few batches in flight stay well under 100 MB.
const batchRows = 1 << 16

// byteCol is a column of byte strings: value i is data[off[k]:off[k+1]] with
// k = i*stride + base. The stride lets a CSV batch keep all fields of a
// record together while a Parquet batch keeps one array per column.
type byteCol struct {
	data         []byte
	off          []uint32
	stride, base int
}

func (c *byteCol) at(i int) []byte {
	k := i*c.stride + c.base
	return c.data[c.off[k]:c.off[k+1]]
}

// multiLine records the start line of each field of a CSV record that spans
// several lines (a quoted field with a newline), for error messages.
type multiLine struct {
	row   int
	lines [numCols]int64
}

// batch carries up to batchRows consecutive panel rows from the reader
// through validation and aggregation (a worker) to household linking (one
// goroutine, in file order).
type batch struct {
	seq     int
	n       int
	parquet bool
	file    string

	// Where the rows are: Parquet row firstRow+i+1, or CSV line lines[i].
	firstRow int64
	lines    []int64
	ml       []multiLine

	// Column values. A CSV batch arrives as text (str, pointing into one
	// arena holding all fields) and is parsed by a worker; a Parquet batch
	// arrives parsed, with only the household ids as text.
	year, pers, minors, aow []int64
	income                  []float64
	buurt                   []uint32
	typ                     []uint8
	bron                    []uint8
	excluded                []uint8 // 1 when uitgesloten is not blank
	// The optional columns (section 6), sized only when present: has says
	// which columns the panel carries.
	has   *[numCols]bool
	age   []int64
	edu   []uint8
	flag  [numFlags][]int64
	str   [numCols]byteCol
	arena [numCols][]byte
	offs  [numCols][]uint32

	// Problems found while reading: the first bad row per column (n when
	// none) and why, and an error after the last row (a malformed CSV record,
	// a failed read) that ends the input.
	bad       [numCols]int
	badReason [numCols]string
	tail      error

	// For linking: rows [0, nLink) are checked for duplicates; err is the
	// first problem of the batch, reported unless linking finds an earlier
	// duplicate.
	nLink  int
	hash   []uint64
	ids    []uint32 // household numbers, filled by the linker
	yo     []uint8  // year - minYear
	low    []bool   // in the population and at or below 110%
	err    error
	minYO  uint8
	worker int
	pop    int64

	// Rows at or below 110% in the population, which may count as
	// long-term once every year has been linked.
	candRow  []int32
	candCell []int32
}

func (b *batch) reset(n int, has *[numCols]bool) {
	b.n = n
	b.has = has
	if has[colLeeftijd] {
		b.age = grow(b.age, n)
	}
	if has[colOpleiding] {
		b.edu = grow(b.edu, n)
	}
	for f := range numFlags {
		if has[flagCol(f)] {
			b.flag[f] = grow(b.flag[f], n)
		}
	}
	b.year = grow(b.year, n)
	b.pers = grow(b.pers, n)
	b.minors = grow(b.minors, n)
	b.aow = grow(b.aow, n)
	b.income = grow(b.income, n)
	b.buurt = grow(b.buurt, n)
	b.typ = grow(b.typ, n)
	b.bron = grow(b.bron, n)
	b.excluded = grow(b.excluded, n)
	for c := range b.bad {
		b.bad[c] = n
		b.badReason[c] = ""
	}
	b.tail = nil
	b.err = nil
	b.lines = b.lines[:0]
	b.ml = b.ml[:0]
	b.candRow = b.candRow[:0]
	b.candCell = b.candCell[:0]
	b.pop = 0
}

// grow returns s resized to n, reusing its memory when it can; batches are
// recycled, so after the first few nothing is allocated.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// errorAt makes the error for row i (counted in the batch) and column c.
func (b *batch) errorAt(i, c int, reason string) *InputError {
	e := &InputError{File: b.file, Column: colNames[c], Reason: reason}
	if b.parquet {
		e.Row = b.firstRow + int64(i) + 1
		return e
	}
	e.Line = b.lines[i]
	for k := range b.ml {
		if b.ml[k].row == i {
			e.Line = b.ml[k].lines[c]
		}
	}
	return e
}

// setBad notes a problem found while reading column c at row i.
func (b *batch) setBad(c, i int, reason string) {
	if i < b.bad[c] {
		b.bad[c] = i
		b.badReason[c] = reason
	}
}

// decodeCSV parses the fields of a CSV batch. It runs in a worker so that
// the single goroutine scanning the file only splits records. (The Parquet
// reader fills the same columns itself, from typed values.)
func (b *batch) decodeCSV() {
	n := b.n
	type intCol struct {
		c   int
		dst []int64
	}
	ints := []intCol{{colJaar, b.year}, {colPersonen, b.pers}, {colMinderjarigen, b.minors}, {colAOW, b.aow}}
	if b.has[colLeeftijd] {
		ints = append(ints, intCol{colLeeftijd, b.age})
	}
	for f := range numFlags {
		if b.has[flagCol(f)] {
			ints = append(ints, intCol{flagCol(f), b.flag[f]})
		}
	}
	for _, col := range ints {
		s := &b.str[col.c]
		for i := range n {
			f := s.at(i)
			v, ok, overflow := parseInt(f)
			if !ok || overflow {
				b.setBad(col.c, i, intReason(f, overflow))
				break
			}
			col.dst[i] = v
		}
	}
	s := &b.str[colInkomen]
	for i := range n {
		v, reason := parseNumber(s.at(i))
		if reason != "" {
			b.setBad(colInkomen, i, reason)
			break
		}
		b.income[i] = v
	}
	decodeCodes(b, colBuurt, b.buurt, codeBuurt)
	decodeCodes(b, colType, b.typ, codeType)
	decodeCodes(b, colBron, b.bron, codeBron)
	decodeCodes(b, colUitgesloten, b.excluded, codeUitgesloten)
	if b.has[colOpleiding] {
		decodeCodes(b, colOpleiding, b.edu, codeOpleiding)
	}
}

func decodeCodes[T uint8 | uint32](b *batch, c int, dst []T, parse codeParser) {
	s := &b.str[c]
	for i := range b.n {
		v, reason := parse(s.at(i))
		if reason != "" {
			b.setBad(c, i, reason)
			break
		}
		dst[i] = T(v)
	}
}

// codeParser turns a string value into the small code the engine keeps, or
// explains why it cannot. The Parquet reader calls it once per dictionary
// entry, the CSV path once per row; both give the same messages.
type codeParser func([]byte) (uint32, string)

func codeBuurt(b []byte) (uint32, string) {
	if v, ok := parseBuurt(b); ok {
		return v, ""
	}
	return 0, "not a buurt code (BU and 8 digits): " + quote(b)
}

func codeType(b []byte) (uint32, string) {
	if t := parseType(b); t != badEnum {
		return uint32(t), ""
	}
	return 0, "unknown type " + quote(b)
}

func codeBron(b []byte) (uint32, string) {
	if t := parseBron(b); t != badEnum {
		return uint32(t), ""
	}
	return 0, "unknown bron " + quote(b)
}

func codeOpleiding(b []byte) (uint32, string) {
	if e := parseOpleiding(b); e != badEnum {
		return uint32(e), ""
	}
	return 0, "unknown opleiding " + quote(b)
}

// codeUitgesloten is 1 for an excluded row: any reason that is not blank.
func codeUitgesloten(b []byte) (uint32, string) {
	if len(b) == 0 {
		return 0, ""
	}
	if !utf8.Valid(b) {
		return 0, "uitgesloten is not valid UTF-8"
	}
	if isBlank(b) {
		return 0, ""
	}
	return 1, ""
}

// validator tracks the first problem of a batch in file order: the lowest
// row, and within a row the column that comes first in the spec.
type validator struct {
	row, col int
	reason   string
}

func (v *validator) fail(row, col int, reason string) {
	if row < v.row || row == v.row && col < v.col {
		v.row, v.col, v.reason = row, col, reason
	}
}

// limit is how far a check of column c needs to look: up to and including
// the first problem found so far (a problem in an earlier column of the same
// row still wins), and never past a row where reading c itself failed.
func (v *validator) limit(b *batch, c int) int { return min(b.n, v.row+1, b.bad[c]) }

// worker validates batches and adds their population rows to its own
// accumulator; workers share nothing but the read-only norms.
type worker struct {
	id    int
	seed  maphash.Seed
	norms *normTable
	src   Norms
	acc   *acc
	ext   bool // the panel has an optional column: count the section 6 groups and flags
}

// finish validates a batch and, when it is clean, aggregates it.
func (w *worker) finish(b *batch) {
	if !b.parquet {
		b.decodeCSV()
	}
	v := validator{row: b.n, col: numCols}
	for c := range numCols {
		if b.bad[c] < b.n {
			v.fail(b.bad[c], c, b.badReason[c])
		}
	}
	w.checkYears(b, &v)
	checkIDs(b, &v)
	checkCounts(b, &v)
	checkOptional(b, &v)
	checkMinors(b, &v)
	w.prepareLink(b, &v)
	if b.err == nil {
		w.aggregate(b)
	}
}

// checkYears checks jaar: within the engine's years, with norms.
func (w *worker) checkYears(b *batch, v *validator) {
	for i := range v.limit(b, colJaar) {
		y := b.year[i]
		if y < minYear || y > maxYear {
			v.fail(i, colJaar, fmt.Sprintf("jaar %d outside %d..%d", y, minYear, maxYear))
			return
		}
		if !w.norms[y-minYear].ok {
			v.fail(i, colJaar, w.src.missing(int(y)))
			return
		}
	}
}

// checkIDs checks the household ids: not empty, not too long, UTF-8.
func checkIDs(b *batch, v *validator) {
	hh := &b.str[colHuishouden]
	for i := range v.limit(b, colHuishouden) {
		id := hh.at(i)
		if len(id) == 0 {
			v.fail(i, colHuishouden, "empty household id")
			return
		}
		if len(id) > maxIDLen {
			v.fail(i, colHuishouden, fmt.Sprintf("household id of %d bytes, at most %d allowed", len(id), maxIDLen))
			return
		}
		if !utf8.Valid(id) {
			v.fail(i, colHuishouden, "household id is not valid UTF-8")
			return
		}
	}
}

// checkCounts checks personen, minderjarigen and aow each on its own.
func checkCounts(b *batch, v *validator) {
	for i := range v.limit(b, colPersonen) {
		if p := b.pers[i]; p < 1 || p > math.MaxInt32 {
			v.fail(i, colPersonen, rangeReason("personen", p, 1))
			break
		}
	}
	for i := range v.limit(b, colMinderjarigen) {
		if m := b.minors[i]; m < 0 || m > math.MaxInt32 {
			v.fail(i, colMinderjarigen, rangeReason("minderjarigen", m, 0))
			break
		}
	}
	for i := range v.limit(b, colAOW) {
		if a := b.aow[i]; a != 0 && a != 1 {
			v.fail(i, colAOW, fmt.Sprintf("aow must be 0 or 1, got %d", a))
			break
		}
	}
}

// checkOptional checks leeftijd and the usage flags (section 6) where the
// panel has them.
func checkOptional(b *batch, v *validator) {
	if b.has[colLeeftijd] {
		for i := range v.limit(b, colLeeftijd) {
			if a := b.age[i]; a < 0 || a > maxAge {
				v.fail(i, colLeeftijd, fmt.Sprintf("leeftijd %d outside 0..%d", a, maxAge))
				break
			}
		}
	}
	for f := range numFlags {
		c := flagCol(f)
		if !b.has[c] {
			continue
		}
		for i := range v.limit(b, c) {
			if x := b.flag[f][i]; x != 0 && x != 1 {
				v.fail(i, c, fmt.Sprintf("%s must be 0 or 1, got %d", colNames[c], x))
				break
			}
		}
	}
}

// checkMinors checks minors against persons. Both values must be sound,
// which holds for every row before the first problem and, on that row,
// when the problem lies in a later column.
func checkMinors(b *batch, v *validator) {
	for i := range min(b.n, v.row+1) {
		if i == v.row && v.col <= colMinderjarigen {
			return
		}
		if b.minors[i] >= b.pers[i] {
			v.fail(i, colMinderjarigen, fmt.Sprintf("minderjarigen %d must be less than personen %d", b.minors[i], b.pers[i]))
			return
		}
	}
}

// prepareLink sets the batch's first problem and what linking needs. Rows
// before the first problem are linked so that an earlier duplicate
// household-year wins; so is the problem row itself when its jaar and
// huishouden are sound, since a duplicate (column huishouden) comes before
// a problem in a later column.
func (w *worker) prepareLink(b *batch, v *validator) {
	b.nLink = b.n
	switch {
	case v.row < b.n:
		b.nLink = v.row
		if v.col > colHuishouden {
			b.nLink++
		}
		b.err = b.errorAt(v.row, v.col, v.reason)
	case b.tail != nil:
		b.err = b.tail
	}
	b.hash = grow(b.hash, b.nLink)
	b.yo = grow(b.yo, b.nLink)
	b.low = grow(b.low, b.nLink)
	b.minYO = math.MaxUint8
	hh := &b.str[colHuishouden]
	for i := range b.nLink {
		b.hash[i] = maphash.Bytes(w.seed, hh.at(i))
		yo := uint8(b.year[i] - minYear)
		b.yo[i] = yo
		b.minYO = min(b.minYO, yo)
		b.low[i] = false
	}
}

// extCode packs the age band (low 4 bits) and education level (high 4 bits)
// of row i, noExt for a column the panel lacks.
func (b *batch) extCode(i int) uint8 {
	age, edu := uint8(noExt), uint8(noExt)
	if b.has[colLeeftijd] {
		age = ageBand(b.age[i])
	}
	if b.has[colOpleiding] {
		edu = b.edu[i]
	}
	return age | edu<<4
}

// flags gives the usage flags of row i as bits, bit f for flag f.
func (b *batch) flags(i int) uint8 {
	var bits uint8
	for f := range numFlags {
		if b.has[flagCol(f)] && b.flag[f][i] == 1 {
			bits |= 1 << f
		}
	}
	return bits
}

func rangeReason(col string, v, lo int64) string {
	if v < lo {
		return fmt.Sprintf("%s must be at least %d, got %d", col, lo, v)
	}
	return fmt.Sprintf("%s %d is too large (at most %d)", col, v, math.MaxInt32)
}

// aggregate adds the population rows of a clean batch to the worker's
// accumulator and notes the rows at or below 110%.
func (w *worker) aggregate(b *batch) {
	a := w.acc
	nt := w.norms
	b.worker = w.id
	for i := range b.n {
		if b.excluded[i] != 0 {
			continue
		}
		b.pop++
		yo := b.yo[i]
		t := b.typ[i]
		minors := b.minors[i]
		amounts := &nt[yo].amount
		// The spec fixes the float64 evaluation order; the conversions stop
		// the compiler from fusing the multiply and add (FMA), which would
		// round once instead of twice.
		norm := amounts[normCategory[b.aow[i]][t]] + float64(float64(minors)*amounts[catPerKind])
		inc := b.income[i]
		le110 := inc <= float64(1.10*norm)
		status := statusAbove
		switch {
		case le110:
			status = status110
		case inc <= float64(1.20*norm):
			status = status120
		}
		cell := a.cell(b.buurt[i], yo)
		a.add(cell, t, b.bron[i], b.pers[i], minors, status)
		if w.ext {
			a.addExt(cell, t, b.bron[i], b.extCode(i), b.flags(i), b.pers[i], minors, status)
		}
		if le110 {
			b.low[i] = true
			b.candRow = append(b.candRow, int32(i))
			b.candCell = append(b.candCell, cell)
		}
	}
}
