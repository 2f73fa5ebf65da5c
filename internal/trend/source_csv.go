package trend

import (
	"io"
)

// csvSource splits a CSV panel into batches. Only record splitting happens
// here, on the goroutine that reads the file; parsing the values is left to
// the workers.
type csvSource struct {
	file string
	s    *csvScanner
	h    *csvHeader
	done bool
	// The columns present, and per slot of a record in the batch arena the
	// column it holds and the field it comes from.
	has    [numCols]bool
	cols   []int
	fields []int
}

// maxBatchBytes ends a batch early when its records are unusually long, so
// that offsets stay far within uint32.
const maxBatchBytes = 32 << 20

func newCSVSource(file string, r io.Reader) (*csvSource, error) {
	s := newCSVScanner(file, r)
	h, err := readHeader(s, file, colNames[:], numCols-numRequired)
	if err != nil {
		return nil, err
	}
	c := &csvSource{file: file, s: s, h: h}
	for col, f := range h.idx {
		if f >= 0 {
			c.has[col] = true
			c.cols = append(c.cols, col)
			c.fields = append(c.fields, f)
		}
	}
	return c, nil
}

func (c *csvSource) present() [numCols]bool { return c.has }

func (c *csvSource) fill(b *batch) bool {
	if c.done {
		return false
	}
	data := b.arena[0][:0]
	off := b.offs[0][:0]
	lines := b.lines[:0]
	ml := b.ml[:0]
	n := 0
	var tail error
	for n < batchRows && len(data) < maxBatchBytes {
		ok, serr := c.s.next()
		if serr != nil {
			tail = c.h.syntaxError(serr)
			break
		}
		if !ok {
			if err := c.s.err(); err != nil {
				tail = readError(c.file, err)
			}
			c.done = true
			break
		}
		if e := c.h.checkFields(c.s); e != nil {
			tail = e
			break
		}
		for _, f := range c.fields {
			off = append(off, uint32(len(data)))
			data = append(data, c.s.field(f)...)
			off = append(off, uint32(len(data)))
		}
		lines = append(lines, c.s.recLine)
		if c.s.flines[len(c.s.flines)-1] != c.s.recLine {
			m := multiLine{row: n}
			for slot, f := range c.fields {
				m.lines[c.cols[slot]] = c.s.flines[f]
			}
			ml = append(ml, m)
		}
		n++
	}
	if tail != nil {
		c.done = true
	}
	if n == 0 && tail == nil {
		return false
	}
	b.reset(n, &c.has)
	b.parquet = false
	b.file = c.file
	b.tail = tail
	b.arena[0], b.offs[0], b.lines, b.ml = data, off, lines, ml
	for slot, col := range c.cols {
		b.str[col] = byteCol{data: data, off: off, stride: 2 * len(c.cols), base: 2 * slot}
	}
	return true
}

func (c *csvSource) close() {}

func (c *csvSource) window(workers int) int { return 4*workers + 4 }

// start reads on one goroutine: splitting records is cheap next to parsing
// them, which the workers do.
func (c *csvSource) start(r *reading) {
	go func() {
		defer close(r.jobs)
		for seq := 0; ; seq++ {
			if !r.sq.acquire(seq) {
				return
			}
			b := r.get()
			if !c.fill(b) {
				r.sq.end(seq)
				return
			}
			b.seq = seq
			r.jobs <- b
		}
	}()
}
