package trend

import (
	"fmt"
	"io"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/parquet-go/parquet-go"

	"github.com/perspectief/perspectief/internal/parquetcol"
)

// pqSource reads a Parquet panel. Row groups are read in parallel, each by
// one reader goroutine that walks the pages of every needed column chunk
// with a parquetcol.Cursor (decoded ahead on a goroutine per column, so that
// decompression runs in parallel too), which copies values straight from the
// typed page buffers into the batch. The generic row reader would build a Value per cell, which at 80
// million rows costs more than everything else together. String columns the
// engine keeps as codes (buurt, type, bron, uitgesloten) are parsed once per
// dictionary entry when the column is dictionary-encoded, as writers
// usually do for such columns.
type pqSource struct {
	file     string
	groups   []parquet.RowGroup
	cols     [numCols]parquetcol.Column
	has      [numCols]bool
	firstSeq []int // sequence number of each row group's first batch
	firstRow []int64
	batches  int
	nextRG   atomic.Int64
	readers  int
}

func openParquet(file string, r io.ReaderAt, size int64) (*pqSource, error) {
	f, err := parquet.OpenFile(r, size, parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true),
		parquet.ReadBufferSize(1<<20))
	if err != nil {
		return nil, fmt.Errorf("%s: not a readable Parquet file: %w", file, err)
	}
	s := &pqSource{file: file, groups: f.RowGroups(), readers: runtime.GOMAXPROCS(0)}
	var rows int64
	for _, g := range s.groups {
		s.firstSeq = append(s.firstSeq, s.batches)
		s.firstRow = append(s.firstRow, rows)
		s.batches += int((g.NumRows() + batchRows - 1) / batchRows)
		rows += g.NumRows()
	}
	if rows != f.NumRows() {
		return nil, fmt.Errorf("%s: corrupt Parquet file: row groups hold %d rows, the footer says %d", file, rows, f.NumRows())
	}
	for c := range numCols {
		col, reason := lookupColumn(f, c)
		if c >= numRequired && reason == "missing column" {
			continue // an optional column of section 6
		}
		if reason != "" {
			// A schema problem concerns every row; the first one is named so
			// that the message keeps the spec's form.
			return nil, &InputError{File: file, Row: 1, Column: colNames[c], Reason: reason}
		}
		s.cols[c] = col
		s.has[c] = true
	}
	return s, nil
}

func (s *pqSource) present() [numCols]bool { return s.has }

// lookupColumn finds a panel column and checks that its type is one the
// spec allows.
func lookupColumn(f *parquet.File, c int) (parquetcol.Column, string) {
	var allowed []parquet.Kind
	var want string
	switch c {
	case colJaar, colPersonen, colMinderjarigen, colLeeftijd:
		allowed, want = []parquet.Kind{parquet.Int32, parquet.Int64}, "INT32 or INT64"
	case colAOW, colParticipatiewet, colJeugdwet, colWmo:
		allowed, want = []parquet.Kind{parquet.Int32, parquet.Int64, parquet.Boolean}, "INT32, INT64 or BOOLEAN"
	case colInkomen:
		allowed, want = []parquet.Kind{parquet.Double, parquet.Float, parquet.Int32, parquet.Int64}, "DOUBLE, FLOAT, INT32 or INT64"
	default:
		allowed, want = []parquet.Kind{parquet.ByteArray}, "BYTE_ARRAY (UTF-8 string)"
	}
	col, ok, reason := parquetcol.Lookup(f, colNames[c], allowed, want)
	if !ok {
		return col, "missing column"
	}
	return col, reason
}

// window lets a reader run ahead by about a row group, so that the next
// row group's reader is not held up long while the previous one finishes;
// beyond that, batches in flight would only cost memory.
func (s *pqSource) window(workers int) int {
	most := 0
	for i := range s.groups {
		end := s.batches
		if i+1 < len(s.groups) {
			end = s.firstSeq[i+1]
		}
		most = max(most, end-s.firstSeq[i])
	}
	return min(max(4*workers+4, most+2*workers), 48)
}

func (s *pqSource) start(r *reading) {
	r.sq.end(s.batches)
	var wg sync.WaitGroup
	for range max(min(s.readers, len(s.groups)), 1) {
		wg.Go(func() { s.readGroups(r) })
	}
	go func() {
		wg.Wait()
		close(r.jobs)
	}()
}

// readGroups reads row groups, taking the next one in file order each time,
// until none are left, the run stops, or a problem is found.
func (s *pqSource) readGroups(r *reading) {
	for {
		g := int(s.nextRG.Add(1) - 1)
		if g >= len(s.groups) {
			return
		}
		if !s.readGroup(r, g) {
			// Later row groups are not started: the run ends at or before
			// this problem.
			s.nextRG.Store(int64(len(s.groups)))
			return
		}
	}
}

// readGroup sends the batches of row group g; false means stop reading.
func (s *pqSource) readGroup(r *reading, g int) bool {
	group := s.groups[g]
	var cur [numCols]*parquetcol.Cursor
	for c := range cur {
		if s.has[c] {
			cur[c] = parquetcol.NewCursor(group, s.cols[c])
		}
	}
	defer func() {
		for c := range cur {
			if cur[c] != nil {
				cur[c].Close()
			}
		}
	}()
	nulls := make([]bool, batchRows)
	rows := group.NumRows()
	for j := 0; int64(j)*batchRows < rows; j++ {
		seq := s.firstSeq[g] + j
		if !r.sq.acquire(seq) {
			return false
		}
		b := r.get()
		n := int(min(batchRows, rows-int64(j)*batchRows))
		b.reset(n, &s.has)
		b.seq = seq
		b.parquet = true
		b.file = s.file
		b.firstRow = s.firstRow[g] + int64(j)*batchRows
		ok := s.fill(b, &cur, nulls[:n])
		r.jobs <- b
		if !ok {
			return false
		}
	}
	return true
}

// fill reads the next b.n rows of every column; false means a problem was
// found (recorded in the batch) and reading must stop. nulls is scratch
// space for uitgesloten, where a null is a blank.
func (s *pqSource) fill(b *batch, cur *[numCols]*parquetcol.Cursor, nulls []bool) bool {
	n := b.n
	ok := true
	check := func(c int, p parquetcol.Problem) {
		if p.Row >= 0 {
			b.setBad(c, p.Row, p.Reason())
			ok = false
		}
	}
	check(colJaar, cur[colJaar].Ints(b.year, nil))
	check(colPersonen, cur[colPersonen].Ints(b.pers, nil))
	check(colMinderjarigen, cur[colMinderjarigen].Ints(b.minors, nil))
	check(colAOW, cur[colAOW].Ints(b.aow, nil))
	check(colInkomen, cur[colInkomen].Floats(b.income, nil))
	check(colBuurt, parquetcol.Codes(cur[colBuurt], b.buurt, nil, codeBuurt))
	check(colType, parquetcol.Codes(cur[colType], b.typ, nil, codeType))
	check(colBron, parquetcol.Codes(cur[colBron], b.bron, nil, codeBron))
	check(colUitgesloten, parquetcol.Codes(cur[colUitgesloten], b.excluded, nulls, codeUitgesloten))
	if s.has[colLeeftijd] {
		check(colLeeftijd, cur[colLeeftijd].Ints(b.age, nil))
	}
	for f := range numFlags {
		if c := flagCol(f); s.has[c] {
			check(c, cur[c].Ints(b.flag[f], nil))
		}
	}
	if s.has[colOpleiding] {
		// A null opleiding is unknown, as an empty one is.
		check(colOpleiding, parquetcol.Codes(cur[colOpleiding], b.edu, nulls, codeOpleiding))
		for i, null := range nulls {
			if null {
				b.edu[i] = eduUnknown
			}
		}
	}
	var p parquetcol.Problem
	// Sized once for ids of up to 24 bytes, so that recycled batches do not
	// grow step by step (each step touching fresh memory).
	data, off := b.arena[colHuishouden][:0], b.offs[colHuishouden][:0]
	if cap(data) < 24*n {
		data = make([]byte, 0, 24*n)
	}
	if cap(off) < n+1 {
		off = make([]uint32, 0, n+1)
	}
	b.arena[colHuishouden], b.offs[colHuishouden], p = cur[colHuishouden].Strings(data, append(off, 0), n)
	check(colHuishouden, p)
	b.str[colHuishouden] = byteCol{data: b.arena[colHuishouden], off: b.offs[colHuishouden], stride: 1}
	return ok
}

func (s *pqSource) close() {}
