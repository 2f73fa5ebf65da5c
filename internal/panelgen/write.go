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
	for i, h := range Header {
		if i > 0 {
			bw.WriteByte(',')
		}
		bw.WriteString(h)
	}
	bw.WriteByte('\n')
	err := generate(ctx, cfg, formatCSV, func(b *batch) error {
		_, err := bw.Write(b.out)
		return err
	})
	if err != nil {
		return err
	}
	return bw.Flush()
}

// formatCSV runs in the workers, so formatting scales with the cores.
func formatCSV(b *batch) {
	out := b.out[:0]
	for i := range b.rows {
		r := &b.rows[i]
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
		out = append(out, '\n')
	}
	b.out = out
}

// WriteParquet writes the panel as Parquet: jaar, personen, minderjarigen
// and aow INT32, inkomen DOUBLE, strings as UTF-8 byte arrays, uitgesloten
// optional (null when the household is in the population), Snappy
// compressed, in row groups of RowGroupRows rows.
func WriteParquet(ctx context.Context, w io.Writer, cfg Config) error {
	pw := parquet.NewGenericWriter[Row](w,
		parquet.MaxRowsPerRowGroup(RowGroupRows),
		parquet.Compression(&parquet.Snappy),
		parquet.CreatedBy("perspectief panelgen", "1", ""),
	)
	var pending int64
	err := generate(ctx, cfg, nil, func(b *batch) error {
		rows := b.rows
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
