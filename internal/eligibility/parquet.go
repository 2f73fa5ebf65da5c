package eligibility

import (
	"fmt"
	"io"
	"strconv"

	"github.com/parquet-go/parquet-go"

	"github.com/perspectief/perspectief/internal/parquetcol"
)

// ReadPanelParquet reads a panel stored as Parquet (the trendmonitor spec's
// columns as top-level fields, extra fact columns allowed) with the same
// checks and result as ReadPanel. Columns are read with the trendmonitor's
// typed column cursors (internal/parquetcol), a batch of rows at a time,
// straight from the page buffers. A problem's LINE is the row number + 1,
// as if the file were the CSV panel with its header. In the extra columns
// a null is an empty cell (unknown); booleans may be BOOLEAN or 0/1.
// progress, when not nil, is called after each batch with the rows read
// and the rows in the file.
func (s *Set) ReadPanelParquet(name string, r io.ReaderAt, size int64, assume map[string]Value, progress func(done, total int64)) (*Panel, error) {
	f, err := parquet.OpenFile(r, size, parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true), parquet.ReadBufferSize(1<<20))
	if err != nil {
		return nil, &PanelError{name, 1, "parquet", "geen leesbaar Parquet-bestand: " + err.Error()}
	}
	var core [pcCount]parquetcol.Column
	for c, n := range panelCore {
		allowed, want := coreKinds(c)
		col, ok, reason := parquetcol.Lookup(f, n, allowed, want)
		if !ok {
			return nil, &PanelError{name, 1, n, "kolom ontbreekt"}
		}
		if reason != "" {
			return nil, &PanelError{name, 1, n, "kolomtype niet bruikbaar (" + reason + ")"}
		}
		core[c] = col
	}
	b, err := s.newPanelBuilder(name, func(n string) (int, bool) { return -1, f.Root().Column(n) != nil }, assume, int(min(f.NumRows(), 1<<27)))
	if err != nil {
		return nil, err
	}
	extra := make([]parquetcol.Column, len(b.extra))
	for i, x := range b.extra {
		allowed, want := factKinds(x.fact.Type)
		col, _, reason := parquetcol.Lookup(f, x.fact.Name, allowed, want)
		if reason != "" {
			return nil, &PanelError{name, 1, x.fact.Name, "kolomtype niet bruikbaar (" + reason + ")"}
		}
		extra[i] = col
	}
	rd := newPQReader(name, b, core, extra)
	var first int64
	for _, g := range f.RowGroups() {
		if err := rd.group(g, first, progress, f.NumRows()); err != nil {
			return nil, err
		}
		first += g.NumRows()
	}
	return b.finish()
}

func coreKinds(c int) ([]parquet.Kind, string) {
	switch c {
	case pcJaar, pcPersonen, pcMinderjarigen:
		return []parquet.Kind{parquet.Int32, parquet.Int64}, "INT32 or INT64"
	case pcAOW:
		return []parquet.Kind{parquet.Int32, parquet.Int64, parquet.Boolean}, "INT32, INT64 or BOOLEAN"
	case pcInkomen:
		return []parquet.Kind{parquet.Double, parquet.Float, parquet.Int32, parquet.Int64}, "DOUBLE, FLOAT, INT32 or INT64"
	}
	return []parquet.Kind{parquet.ByteArray}, "BYTE_ARRAY (UTF-8 string)"
}

func factKinds(t FactType) ([]parquet.Kind, string) {
	switch t {
	case FactNumber:
		return []parquet.Kind{parquet.Double, parquet.Float, parquet.Int32, parquet.Int64}, "DOUBLE, FLOAT, INT32 or INT64"
	case FactInt:
		return []parquet.Kind{parquet.Int32, parquet.Int64}, "INT32 or INT64"
	case FactBool:
		return []parquet.Kind{parquet.Boolean, parquet.Int32, parquet.Int64}, "BOOLEAN, INT32 or INT64"
	}
	return []parquet.Kind{parquet.ByteArray}, "BYTE_ARRAY (UTF-8 string)"
}

// pqBatch is the number of rows read per column at a time.
const pqBatch = 1 << 14

// pqReader holds the column buffers of one batch.
type pqReader struct {
	name  string
	b     *panelBuilder
	core  [pcCount]parquetcol.Column
	extra []parquetcol.Column

	year, pers, minors, aow []int64
	income                  []float64
	buurt, typ, bron, excl  []uint32
	nulls                   []bool
	ids                     []byte
	idOff                   []uint32
	probs                   [pcCount]parquetcol.Problem
	xInt                    [][]int64
	xNum                    [][]float64
	xCode                   [][]uint32
	xNull                   [][]bool
	xProb                   []parquetcol.Problem
	parsers                 []parquetcol.Parser
}

func newPQReader(name string, b *panelBuilder, core [pcCount]parquetcol.Column, extra []parquetcol.Column) *pqReader {
	rd := &pqReader{name: name, b: b, core: core, extra: extra,
		year: make([]int64, pqBatch), pers: make([]int64, pqBatch), minors: make([]int64, pqBatch), aow: make([]int64, pqBatch),
		income: make([]float64, pqBatch), buurt: make([]uint32, pqBatch), typ: make([]uint32, pqBatch), bron: make([]uint32, pqBatch),
		excl: make([]uint32, pqBatch), nulls: make([]bool, pqBatch), idOff: make([]uint32, 0, pqBatch+1),
		xInt: make([][]int64, len(extra)), xNum: make([][]float64, len(extra)), xCode: make([][]uint32, len(extra)),
		xNull: make([][]bool, len(extra)), xProb: make([]parquetcol.Problem, len(extra)), parsers: make([]parquetcol.Parser, len(extra))}
	for i, x := range b.extra {
		rd.xNull[i] = make([]bool, pqBatch)
		switch x.fact.Type {
		case FactNumber:
			rd.xNum[i] = make([]float64, pqBatch)
		case FactInt, FactBool:
			rd.xInt[i] = make([]int64, pqBatch)
		case FactEnum:
			rd.xCode[i] = make([]uint32, pqBatch)
			rd.parsers[i] = x.fact.parseChoice
		}
	}
	return rd
}

// parseChoice is the index of an enum fact's choice, for the Parquet
// reader's dictionary-once parsing.
func (f *Fact) parseChoice(b []byte) (uint32, string) {
	for i, c := range f.Choices {
		if string(b) == c.Value {
			return uint32(i), ""
		}
	}
	return 0, fmt.Sprintf("%q is geen keuze van %s", b, f.Name)
}

func strParser(p func(string) (uint32, string)) parquetcol.Parser {
	return func(b []byte) (uint32, string) { return p(string(b)) }
}

var (
	pqBuurt    = strParser(parseBuurt)
	pqType     = strParser(parseType)
	pqBron     = strParser(parseBron)
	pqExcluded = strParser(parseExcluded)
)

// faultReason words a reading problem in Dutch.
func faultReason(p parquetcol.Problem) string {
	switch p.Fault {
	case parquetcol.Null:
		return "waarde ontbreekt (null)"
	case parquetcol.OutOfRange:
		return "geheel getal buiten bereik: " + p.Detail
	case parquetcol.NotFinite:
		return fmt.Sprintf("%q is geen bruikbaar getal", p.Detail)
	case parquetcol.Unreadable:
		return "kolom niet leesbaar: " + p.Detail
	}
	return p.Detail
}

// group reads row group g, whose first row is row first of the file.
func (rd *pqReader) group(g parquet.RowGroup, first int64, progress func(done, total int64), total int64) error {
	cur := make([]*parquetcol.Cursor, 0, pcCount+len(rd.extra))
	for _, c := range rd.core {
		cur = append(cur, parquetcol.NewCursor(g, c))
	}
	for _, c := range rd.extra {
		cur = append(cur, parquetcol.NewCursor(g, c))
	}
	defer func() {
		for _, c := range cur {
			c.Close()
		}
	}()
	rows := g.NumRows()
	for start := int64(0); start < rows; start += pqBatch {
		n := int(min(pqBatch, rows-start))
		rd.read(cur, n)
		if err := rd.rows(n, first+start); err != nil {
			return err
		}
		if progress != nil {
			progress(first+start+int64(n), total)
		}
	}
	return nil
}

// read fills the buffers with the next n rows of every column.
func (rd *pqReader) read(cur []*parquetcol.Cursor, n int) {
	p := &rd.probs
	p[pcJaar] = cur[pcJaar].Ints(rd.year[:n], nil)
	p[pcPersonen] = cur[pcPersonen].Ints(rd.pers[:n], nil)
	p[pcMinderjarigen] = cur[pcMinderjarigen].Ints(rd.minors[:n], nil)
	p[pcAOW] = cur[pcAOW].Ints(rd.aow[:n], nil)
	p[pcInkomen] = cur[pcInkomen].Floats(rd.income[:n], nil)
	p[pcBuurt] = parquetcol.Codes(cur[pcBuurt], rd.buurt[:n], nil, pqBuurt)
	p[pcType] = parquetcol.Codes(cur[pcType], rd.typ[:n], nil, pqType)
	p[pcBron] = parquetcol.Codes(cur[pcBron], rd.bron[:n], nil, pqBron)
	p[pcUitgesloten] = parquetcol.Codes(cur[pcUitgesloten], rd.excl[:n], rd.nulls[:n], pqExcluded)
	rd.ids, rd.idOff, p[pcHuishouden] = cur[pcHuishouden].Strings(rd.ids[:0], append(rd.idOff[:0], 0), n)
	for i, x := range rd.b.extra {
		c := cur[pcCount+i]
		switch x.fact.Type {
		case FactNumber:
			rd.xProb[i] = c.Floats(rd.xNum[i][:n], rd.xNull[i][:n])
		case FactInt, FactBool:
			rd.xProb[i] = c.Ints(rd.xInt[i][:n], rd.xNull[i][:n])
		case FactEnum:
			rd.xProb[i] = parquetcol.Codes(c, rd.xCode[i][:n], rd.xNull[i][:n], rd.parsers[i])
		}
	}
}

// rows checks and keeps the n rows of the buffers; the first is row first
// of the file (counted from 0).
func (rd *pqReader) rows(n int, first int64) error {
	// One string for the batch's ids: a row's id is a slice of it.
	ids := string(rd.ids)
	var r coreRow
	for i := range n {
		line := int(first) + i + 2
		r.bad, r.badReason = pcCount, ""
		for c := range pcCount {
			if rd.probs[c].Row == i {
				r.bad, r.badReason = c, faultReason(rd.probs[c])
				break
			}
		}
		r.year, r.pers, r.minors, r.aow = rd.year[i], rd.pers[i], rd.minors[i], rd.aow[i]
		r.income, r.buurt, r.typ, r.bron = rd.income[i], rd.buurt[i], rd.typ[i], rd.bron[i]
		r.excluded = rd.excl[i] == 1
		r.id = ids[rd.idOff[i]:rd.idOff[i+1]]
		if c, reason := r.check(); c < pcCount {
			return &PanelError{rd.name, line, panelCore[c], reason}
		}
		if reason := rd.b.seen(&r); reason != "" {
			return &PanelError{rd.name, line, "huishouden", reason}
		}
		for k, x := range rd.b.extra {
			if rd.xProb[k].Row == i {
				return &PanelError{rd.name, line, x.fact.Name, faultReason(rd.xProb[k])}
			}
			if err := rd.checkExtra(k, i); err != nil {
				return &PanelError{rd.name, line, x.fact.Name, err.Error()}
			}
		}
		if rd.b.keeps(&r) {
			rd.b.keep(&r, func(h Household) {
				for k, x := range rd.b.extra {
					h[x.fact.slot] = rd.extraValue(k, i)
				}
			})
		}
	}
	return nil
}

func (rd *pqReader) checkExtra(k, i int) error {
	if rd.xNull[k][i] {
		return nil
	}
	f := rd.b.extra[k].fact
	switch f.Type {
	case FactNumber:
		if v := rd.xNum[k][i]; !f.inRange(v) {
			return f.checkRange(v, strconv.FormatFloat(v, 'f', -1, 64))
		}
	case FactInt:
		if v := rd.xInt[k][i]; !f.inRange(float64(v)) {
			return f.checkRange(float64(v), strconv.FormatInt(v, 10))
		}
	case FactBool:
		if v := rd.xInt[k][i]; v != 0 && v != 1 {
			return fmt.Errorf("%q is geen ja/nee (gebruik 1 of 0)", strconv.FormatInt(v, 10))
		}
	}
	return nil
}

func (rd *pqReader) extraValue(k, i int) Value {
	if rd.xNull[k][i] {
		return Value{}
	}
	f := rd.b.extra[k].fact
	switch f.Type {
	case FactNumber:
		return Num(rd.xNum[k][i])
	case FactInt:
		return Num(float64(rd.xInt[k][i]))
	case FactBool:
		return Bool(rd.xInt[k][i] == 1)
	}
	return f.choiceVals[rd.xCode[k][i]]
}
