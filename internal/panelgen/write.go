package panelgen

import (
	"bufio"
	"context"
	"io"
	"strconv"

	"github.com/parquet-go/parquet-go"
)

// RowGroupRows is the number of rows per Parquet row group. The writer
// holds one row group in memory, so this bounds its memory use.
const RowGroupRows = 1 << 20

// WriteCSV writes the panel as CSV (header row, comma separated, LF line
// ends). No field needs quoting: codes, ids and enum values hold no comma or
// quote. Incomes are whole euros.
func WriteCSV(ctx context.Context, w io.Writer, cfg Config) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	header, format := Header, formatCSV
	if cfg.Version1 {
		header, format = HeaderV1, formatCSVV1
	}
	for i, h := range header {
		if i > 0 {
			bw.WriteByte(',')
		}
		bw.WriteString(h)
	}
	bw.WriteByte('\n')
	err := generate(ctx, cfg, format, func(b *batch) error {
		_, err := bw.Write(b.out)
		return err
	})
	if err != nil {
		return err
	}
	return bw.Flush()
}

// formatCSV runs in the workers, so formatting scales with the cores.
func formatCSV(b *batch) { b.out = appendCSV(b.out[:0], b.rows, true) }

func formatCSVV1(b *batch) { b.out = appendCSV(b.out[:0], b.rows, false) }

func appendCSV(out []byte, rows []Row, v2 bool) []byte {
	for i := range rows {
		r := &rows[i]
		out = strconv.AppendInt(out, int64(r.Jaar), 10)
		out = append(out, ',')
		out = append(out, r.Huishouden...)
		out = append(out, ',')
		out = append(out, r.Buurt...)
		out = append(out, ',')
		out = append(out, r.Type...)
		out = append(out, ',')
		out = strconv.AppendInt(out, int64(r.Personen), 10)
		out = append(out, ',')
		out = strconv.AppendInt(out, int64(r.Minderjarigen), 10)
		out = append(out, ',')
		out = strconv.AppendInt(out, int64(r.AOW), 10)
		out = append(out, ',')
		out = append(out, r.Bron...)
		out = append(out, ',')
		// 'f' never uses an exponent, which the spec's number grammar forbids.
		out = strconv.AppendFloat(out, r.Inkomen, 'f', -1, 64)
		out = append(out, ',')
		out = append(out, r.Uitgesloten...)
		if v2 {
			out = append(out, ',')
			out = strconv.AppendInt(out, int64(r.Leeftijd), 10)
			out = append(out, ',')
			out = append(out, r.Opleiding...)
			for _, f := range [3]int32{r.Participatiewet, r.Jeugdwet, r.Wmo} {
				out = append(out, ',', byte('0'+f))
			}
		}
		out = append(out, '\n')
	}
	return out
}

// WriteParquet writes the panel as Parquet: jaar, personen, minderjarigen,
// aow, leeftijd and the usage flags INT32, inkomen DOUBLE, strings as UTF-8
// byte arrays, uitgesloten and opleiding optional (null when the household
// is in the population, when the level is unknown), Snappy
// compressed, in row groups of RowGroupRows rows.
func WriteParquet(ctx context.Context, w io.Writer, cfg Config) error {
	if cfg.Version1 {
		var v1 []rowV1
		return writeParquet(ctx, w, cfg, func(rows []Row) []rowV1 {
			v1 = v1[:0]
			for i := range rows {
				r := &rows[i]
				v1 = append(v1, rowV1{r.Jaar, r.Huishouden, r.Buurt, r.Type, r.Personen, r.Minderjarigen, r.AOW, r.Bron, r.Inkomen, r.Uitgesloten})
			}
			return v1
		})
	}
	return writeParquet(ctx, w, cfg, func(rows []Row) []Row { return rows })
}

// writeParquet writes the rows as conv makes them, of type T.
func writeParquet[T any](ctx context.Context, w io.Writer, cfg Config, conv func([]Row) []T) error {
	var zero T
	pw := parquet.NewGenericWriter[T](w,
		// Named "Row" whatever T is, so that a version 1 panel is the file
		// it was before Row had the section 6 columns.
		parquet.NewSchema("Row", parquet.SchemaOf(zero)),
		parquet.MaxRowsPerRowGroup(RowGroupRows),
		parquet.Compression(&parquet.Snappy),
		parquet.CreatedBy("perspectief panelgen", "1", ""),
	)
	var pending int64
	err := generate(ctx, cfg, nil, func(b *batch) error {
		rows := conv(b.rows)
		for len(rows) > 0 {
			// Flush at the row-group boundary ourselves, so a row group
			// never grows past RowGroupRows in memory.
			n := min(int64(len(rows)), RowGroupRows-pending)
			if _, err := pw.Write(rows[:n]); err != nil {
				return err
			}
			rows = rows[n:]
			pending += n
			if pending == RowGroupRows {
				if err := pw.Flush(); err != nil {
					return err
				}
				pending = 0
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return pw.Close()
}
