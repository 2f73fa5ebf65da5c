package trend

import (
	"errors"
	"fmt"
	"io"
	"math"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/parquet-go/parquet-go/format"
)

// pqSource reads a Parquet panel. Row groups are read in parallel, each by
// one reader goroutine that walks the pages of every needed column chunk
// (decoded ahead on a goroutine per column, so that decompression runs in
// parallel too) and copies values straight from the typed page buffers into
// the batch. The generic row reader would build a Value per cell, which at 80
// million rows costs more than everything else together. String columns the
// engine keeps as codes (buurt, type, bron, uitgesloten) are parsed once per
// dictionary entry when the column is dictionary-encoded, as writers
// usually do for such columns.
type pqSource struct {
	file     string
	groups   []parquet.RowGroup
	cols     [numCols]pqColumn
	firstSeq []int // sequence number of each row group's first batch
	firstRow []int64
	batches  int
	nextRG   atomic.Int64
	readers  int
}

// pqColumn is a panel column as the file stores it.
type pqColumn struct {
	leaf     int
	kind     parquet.Kind
	unsigned bool
	optional bool
	maxDef   byte
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
		if reason != "" {
			// A schema problem concerns every row; the first one is named so
			// that the message keeps the spec's form.
			return nil, &InputError{File: file, Row: 1, Column: colNames[c], Reason: reason}
		}
		s.cols[c] = col
	}
	return s, nil
}

// lookupColumn finds a panel column and checks that its type is one the
// spec allows.
func lookupColumn(f *parquet.File, c int) (pqColumn, string) {
	col := f.Root().Column(colNames[c])
	if col == nil {
		return pqColumn{}, "missing column"
	}
	if !col.Leaf() {
		return pqColumn{}, "wrong type: a group, not a value"
	}
	if col.Repeated() {
		return pqColumn{}, "wrong type: a repeated field, not a single value"
	}
	kind := col.Type().Kind()
	var allowed []parquet.Kind
	var want string
	switch c {
	case colJaar, colPersonen, colMinderjarigen:
		allowed, want = []parquet.Kind{parquet.Int32, parquet.Int64}, "INT32 or INT64"
	case colAOW:
		allowed, want = []parquet.Kind{parquet.Int32, parquet.Int64, parquet.Boolean}, "INT32, INT64 or BOOLEAN"
	case colInkomen:
		allowed, want = []parquet.Kind{parquet.Double, parquet.Float, parquet.Int32, parquet.Int64}, "DOUBLE, FLOAT, INT32 or INT64"
	default:
		allowed, want = []parquet.Kind{parquet.ByteArray}, "BYTE_ARRAY (UTF-8 string)"
	}
	ok := false
	for _, k := range allowed {
		ok = ok || k == kind
	}
	if !ok {
		return pqColumn{}, fmt.Sprintf("wrong type %s, want %s", kind, want)
	}
	pc := pqColumn{leaf: col.Index(), kind: kind, optional: col.Optional(), maxDef: byte(col.MaxDefinitionLevel())}
	isInt := kind == parquet.Int32 || kind == parquet.Int64
	// Annotations change what the stored numbers mean: a DECIMAL income of
	// 123456 is 1234.56 euros. Only plain integers and strings are accepted
	// rather than guessing.
	if lt := col.Type().LogicalType(); lt != nil && lt.Value != nil {
		switch v := lt.Value.(type) {
		case *format.IntType:
			if !isInt {
				return pqColumn{}, "wrong type: " + lt.String()
			}
			pc.unsigned = !v.IsSigned
		case *format.StringType, *format.EnumType:
			if kind != parquet.ByteArray {
				return pqColumn{}, "wrong type: " + lt.String()
			}
		default:
			return pqColumn{}, fmt.Sprintf("wrong type %s %s, want %s", kind, lt.String(), want)
		}
	} else if ct := col.Type().ConvertedType(); ct != nil {
		switch *ct {
		case deprecated.UTF8, deprecated.Enum:
			if kind != parquet.ByteArray {
				return pqColumn{}, fmt.Sprintf("wrong type: converted type %d", *ct)
			}
		case deprecated.Uint8, deprecated.Uint16, deprecated.Uint32, deprecated.Uint64:
			pc.unsigned = true
		case deprecated.Int8, deprecated.Int16, deprecated.Int32, deprecated.Int64:
		default:
			return pqColumn{}, fmt.Sprintf("wrong type %s (converted type %d), want %s", kind, *ct, want)
		}
	}
	return pc, ""
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
	var cur [numCols]pqCursor
	for c := range cur {
		cur[c] = pqCursor{col: s.cols[c], left: group.NumRows(),
			pages: parquet.AsyncPages(group.ColumnChunks()[s.cols[c].leaf].Pages())}
	}
	defer func() {
		for c := range cur {
			cur[c].close()
		}
	}()
	rows := group.NumRows()
	for j := 0; int64(j)*batchRows < rows; j++ {
		seq := s.firstSeq[g] + j
		if !r.sq.acquire(seq) {
			return false
		}
		b := r.get()
		n := int(min(batchRows, rows-int64(j)*batchRows))
		b.reset(n)
		b.seq = seq
		b.parquet = true
		b.file = s.file
		b.firstRow = s.firstRow[g] + int64(j)*batchRows
		ok := s.fill(b, &cur)
		r.jobs <- b
		if !ok {
			return false
		}
	}
	return true
}

// fill reads the next b.n rows of every column; false means a problem was
// found (recorded in the batch) and reading must stop.
func (s *pqSource) fill(b *batch, cur *[numCols]pqCursor) bool {
	n := b.n
	ok := true
	check := func(c int, p problem) {
		if p.row >= 0 {
			b.setBad(c, p.row, p.reason)
			ok = false
		}
	}
	check(colJaar, cur[colJaar].ints(b.year))
	check(colPersonen, cur[colPersonen].ints(b.pers))
	check(colMinderjarigen, cur[colMinderjarigen].ints(b.minors))
	check(colAOW, cur[colAOW].ints(b.aow))
	check(colInkomen, cur[colInkomen].floats(b.income))
	check(colBuurt, readCodes(&cur[colBuurt], b.buurt, false, codeBuurt))
	check(colType, readCodes(&cur[colType], b.typ, false, codeType))
	check(colBron, readCodes(&cur[colBron], b.bron, false, codeBron))
	check(colUitgesloten, readCodes(&cur[colUitgesloten], b.excluded, true, codeUitgesloten))
	var p problem
	b.arena[colHuishouden], b.offs[colHuishouden], p = cur[colHuishouden].strs(b.arena[colHuishouden][:0], b.offs[colHuishouden][:0], n)
	check(colHuishouden, p)
	b.str[colHuishouden] = byteCol{data: b.arena[colHuishouden], off: b.offs[colHuishouden], stride: 1}
	return ok
}

func (s *pqSource) close() {}

// problem is the first bad value found while reading a column in a batch;
// row is -1 when there is none.
type problem struct {
	row    int
	reason string
}

var none = problem{row: -1}

// pqCursor walks the pages of one column chunk.
type pqCursor struct {
	col   pqColumn
	left  int64 // rows of the chunk not yet read
	pages parquet.Pages
	page  parquet.Page

	defs  []byte
	nrows int
	rpos  int // next row of the page
	vpos  int // next stored (non-null) value of the page
	idx   []int32
	nvals int
	i32   []int32
	i64   []int64
	f32   []float32
	f64   []float64
	bits  []byte
	bdata []byte
	boff  []uint32

	// Codes of the dictionary entries, parsed once per dictionary.
	dict       parquet.Dictionary
	dictCodes  []uint32
	dictReason []string
}

var errCorrupt = errors.New("corrupt column data")

func (c *pqCursor) close() {
	if c.page != nil {
		parquet.Release(c.page)
		c.page = nil
	}
	if c.pages != nil {
		c.pages.Close()
		c.pages = nil
	}
}

// avail makes the next row readable and returns how many rows can be taken
// from the current page.
func (c *pqCursor) avail() (int, error) {
	for c.rpos >= c.nrows {
		if c.page != nil {
			parquet.Release(c.page)
			c.page = nil
		}
		if c.left <= 0 {
			return 0, errCorrupt
		}
		p, err := c.pages.ReadPage()
		if err == io.EOF {
			return 0, errCorrupt
		}
		if err != nil {
			return 0, err
		}
		if err := c.setPage(p); err != nil {
			return 0, err
		}
	}
	return int(min(int64(c.nrows-c.rpos), c.left)), nil
}

func (c *pqCursor) setPage(p parquet.Page) error {
	c.page = p
	c.nrows = int(p.NumRows())
	c.rpos, c.vpos = 0, 0
	c.defs = nil
	if c.col.optional {
		c.defs = p.DefinitionLevels()
		if len(c.defs) != c.nrows {
			return errCorrupt
		}
	}
	vals := p.Data()
	c.idx = nil
	if d := p.Dictionary(); d != nil {
		c.idx = vals.Int32()
		if c.dict != d {
			c.dict, c.dictCodes, c.dictReason = d, nil, nil
		}
		vals = d.Page().Data()
	}
	switch c.col.kind {
	case parquet.Int32:
		c.i32 = vals.Int32()
		c.nvals = len(c.i32)
	case parquet.Int64:
		c.i64 = vals.Int64()
		c.nvals = len(c.i64)
	case parquet.Float:
		c.f32 = vals.Float()
		c.nvals = len(c.f32)
	case parquet.Double:
		c.f64 = vals.Double()
		c.nvals = len(c.f64)
	case parquet.Boolean:
		c.bits = vals.Boolean()
		c.nvals = 8 * len(c.bits)
	case parquet.ByteArray:
		c.bdata, c.boff = vals.ByteArray()
		c.nvals = max(len(c.boff)-1, 0)
	}
	if c.idx == nil && c.defs == nil && c.nvals < c.nrows {
		return errCorrupt
	}
	return nil
}

// take moves the cursor past m rows of the page.
func (c *pqCursor) take(m int) {
	c.rpos += m
	c.left -= int64(m)
}

// value returns the position of the next stored value, looking it up in the
// dictionary when the page has one; false means the file is inconsistent.
func (c *pqCursor) value() (int, bool) {
	v := c.vpos
	c.vpos++
	if c.idx != nil {
		if v >= len(c.idx) {
			return 0, false
		}
		v = int(c.idx[v])
		if v < 0 {
			return 0, false
		}
	}
	return v, v < c.nvals
}

// plain reports whether the next m rows are stored one value per row with
// no dictionary and no nulls, the case the fast loops handle.
func (c *pqCursor) plain() bool { return c.idx == nil && c.defs == nil }

// null reports whether row j of the page (counted from rpos) is null.
func (c *pqCursor) null(j int) bool { return c.defs != nil && c.defs[c.rpos+j] != c.col.maxDef }

func failed(row int, err error) problem {
	return problem{row, "cannot read the column: " + err.Error()}
}

// ints reads the next len(dst) values of an integer (or boolean) column.
func (c *pqCursor) ints(dst []int64) problem {
	for i := 0; i < len(dst); {
		m, err := c.avail()
		if err != nil {
			return failed(i, err)
		}
		m = min(m, len(dst)-i)
		out := dst[i : i+m]
		switch {
		case c.plain() && c.col.kind == parquet.Int64 && !c.col.unsigned:
			copy(out, c.i64[c.vpos:c.vpos+m])
			c.vpos += m
		case c.plain() && c.col.kind == parquet.Int32 && !c.col.unsigned:
			for j, v := range c.i32[c.vpos : c.vpos+m] {
				out[j] = int64(v)
			}
			c.vpos += m
		default:
			for j := range m {
				if c.null(j) {
					return problem{i + j, "missing value (null)"}
				}
				k, ok := c.value()
				if !ok {
					return failed(i+j, errCorrupt)
				}
				var v int64
				switch c.col.kind {
				case parquet.Int32:
					if c.col.unsigned {
						v = int64(uint32(c.i32[k]))
					} else {
						v = int64(c.i32[k])
					}
				case parquet.Int64:
					v = c.i64[k]
					if c.col.unsigned && v < 0 {
						return problem{i + j, fmt.Sprintf("integer out of range: %d", uint64(v))}
					}
				case parquet.Boolean:
					v = int64(c.bits[k>>3] >> (k & 7) & 1)
				}
				out[j] = v
			}
		}
		c.take(m)
		i += m
	}
	return none
}

// floats reads the next len(dst) values of the income column.
func (c *pqCursor) floats(dst []float64) problem {
	for i := 0; i < len(dst); {
		m, err := c.avail()
		if err != nil {
			return failed(i, err)
		}
		m = min(m, len(dst)-i)
		out := dst[i : i+m]
		if c.plain() && c.col.kind == parquet.Double {
			copy(out, c.f64[c.vpos:c.vpos+m])
			c.vpos += m
		} else {
			for j := range m {
				if c.null(j) {
					return problem{i + j, "missing value (null)"}
				}
				k, ok := c.value()
				if !ok {
					return failed(i+j, errCorrupt)
				}
				var v float64
				switch c.col.kind {
				case parquet.Double:
					v = c.f64[k]
				case parquet.Float:
					v = float64(c.f32[k])
				case parquet.Int32:
					if c.col.unsigned {
						v = float64(uint32(c.i32[k]))
					} else {
						v = float64(c.i32[k])
					}
				case parquet.Int64:
					if c.col.unsigned {
						v = float64(uint64(c.i64[k]))
					} else {
						v = float64(c.i64[k])
					}
				}
				out[j] = v
			}
		}
		for j, v := range out {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return problem{i + j, fmt.Sprintf("not a finite number: %v", v)}
			}
		}
		c.take(m)
		i += m
	}
	return none
}

// readCodes reads the next len(dst) values of a string column kept as a
// code. With a dictionary, each entry is parsed once and rows only look up
// their entry. A null is an error unless nullOK, when it reads as code 0.
func readCodes[T uint8 | uint32](c *pqCursor, dst []T, nullOK bool, parse codeParser) problem {
	for i := 0; i < len(dst); {
		m, err := c.avail()
		if err != nil {
			return failed(i, err)
		}
		m = min(m, len(dst)-i)
		if c.idx != nil && c.dictCodes == nil {
			c.dictCodes = make([]uint32, c.nvals)
			c.dictReason = make([]string, c.nvals)
			for k := range c.nvals {
				c.dictCodes[k], c.dictReason[k] = parse(c.bdata[c.boff[k]:c.boff[k+1]])
			}
		}
		for j := range m {
			if c.null(j) {
				if !nullOK {
					return problem{i + j, "missing value (null)"}
				}
				dst[i+j] = 0
				continue
			}
			k, ok := c.value()
			if !ok {
				return failed(i+j, errCorrupt)
			}
			var code uint32
			var reason string
			if c.idx != nil {
				code, reason = c.dictCodes[k], c.dictReason[k]
			} else {
				code, reason = parse(c.bdata[c.boff[k]:c.boff[k+1]])
			}
			if reason != "" {
				return problem{i + j, reason}
			}
			dst[i+j] = T(code)
		}
		c.take(m)
		i += m
	}
	return none
}

// strs copies the next n values of the household id column into an arena.
func (c *pqCursor) strs(data []byte, off []uint32, n int) ([]byte, []uint32, problem) {
	// Sized once for ids of up to 24 bytes, so that recycled batches do not
	// grow step by step (each step touching fresh memory).
	if cap(data) < 24*n {
		data = make([]byte, 0, 24*n)
	}
	if cap(off) < n+1 {
		off = make([]uint32, 0, n+1)
	}
	off = append(off, 0)
	p := none
	for i := 0; i < n && p.row < 0; {
		m, err := c.avail()
		if err != nil {
			p = failed(i, err)
			break
		}
		m = min(m, n-i)
		if c.plain() {
			// One copy for the whole run of values, then shifted offsets.
			from, to := c.boff[c.vpos], c.boff[c.vpos+m]
			shift := uint32(len(data)) - from
			data = append(data, c.bdata[from:to]...)
			for _, o := range c.boff[c.vpos+1 : c.vpos+m+1] {
				off = append(off, o+shift)
			}
			c.vpos += m
		} else {
			for j := range m {
				if c.null(j) {
					p = problem{i + j, "missing value (null)"}
					break
				}
				k, ok := c.value()
				if !ok {
					p = failed(i+j, errCorrupt)
					break
				}
				data = append(data, c.bdata[c.boff[k]:c.boff[k+1]]...)
				off = append(off, uint32(len(data)))
			}
		}
		c.take(m)
		i += m
	}
	// Rows past a problem read as empty so that nothing indexes past the end.
	for len(off) < n+1 {
		off = append(off, uint32(len(data)))
	}
	return data, off, p
}
