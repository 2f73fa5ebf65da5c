package eligibility

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
)

// ReadPanelParquet reads a panel stored as Parquet (the trendmonitor spec's
// columns as top-level fields, extra fact columns allowed) with the same
// checks and result as ReadPanel. The rows go through parquet-go's generic
// row reader and are handed to ReadPanel as CSV records, so that both
// formats share one validation; a problem's LINE is the row number + 1, as
// if the file were the CSV panel with its header. Booleans become 1/0, a
// null becomes an empty cell. This is simple rather than fast: the
// trendmonitor's own reader (internal/trend) is the fast one.
func (s *Set) ReadPanelParquet(name string, r io.ReaderAt, size int64, assume map[string]Value) (*Panel, error) {
	f, err := parquet.OpenFile(r, size, parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true))
	if err != nil {
		return nil, &PanelError{name, 1, "parquet", "geen leesbaar Parquet-bestand: " + err.Error()}
	}
	cols := f.Root().Columns()
	header := make([]string, len(cols))
	leafPos := map[int]int{} // leaf index -> position in the record
	for i, c := range cols {
		header[i] = c.Name()
		if !c.Leaf() || c.Repeated() {
			return nil, &PanelError{name, 1, c.Name(), "verkeerd type: geen enkelvoudige waarde"}
		}
		if lt := c.Type().LogicalType(); lt != nil && lt.Value != nil {
			switch lt.Value.(type) {
			case *format.IntType, *format.StringType, *format.EnumType:
			default:
				// A DECIMAL income of 123456 would be 1234.56 euros: refuse
				// rather than guess.
				return nil, &PanelError{name, 1, c.Name(), "verkeerd type " + lt.String()}
			}
		}
		leafPos[c.Index()] = i
	}

	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(parquetToCSV(f, header, leafPos, pw))
	}()
	p, err := s.ReadPanel(name, pr, assume)
	// Stops the writer when ReadPanel returned early.
	pr.CloseWithError(errors.New("panel gelezen"))
	if err != nil {
		return nil, err
	}
	return p, nil
}

func parquetToCSV(f *parquet.File, header []string, leafPos map[int]int, w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	cw := csv.NewWriter(bw)
	if err := cw.Write(header); err != nil {
		return err
	}
	rec := make([]string, len(header))
	buf := make([]parquet.Row, 256)
	for _, g := range f.RowGroups() {
		rows := g.Rows()
		for {
			n, err := rows.ReadRows(buf)
			for _, row := range buf[:n] {
				clear(rec)
				for _, v := range row {
					if i, ok := leafPos[v.Column()]; ok {
						rec[i] = parquetCell(v)
					}
				}
				if werr := cw.Write(rec); werr != nil {
					rows.Close()
					return werr
				}
			}
			if err == io.EOF {
				break
			}
			if err != nil {
				rows.Close()
				return fmt.Errorf("parquet: %w", err)
			}
		}
		rows.Close()
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

func parquetCell(v parquet.Value) string {
	if v.IsNull() {
		return ""
	}
	switch v.Kind() {
	case parquet.Boolean:
		if v.Boolean() {
			return "1"
		}
		return "0"
	case parquet.Int32:
		return strconv.FormatInt(int64(v.Int32()), 10)
	case parquet.Int64:
		return strconv.FormatInt(v.Int64(), 10)
	case parquet.Float:
		return strconv.FormatFloat(float64(v.Float()), 'f', -1, 32)
	case parquet.Double:
		return strconv.FormatFloat(v.Double(), 'f', -1, 64)
	case parquet.ByteArray, parquet.FixedLenByteArray:
		return string(v.ByteArray())
	}
	return v.String()
}
