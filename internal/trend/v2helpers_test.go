package trend_test

import (
	"encoding/csv"
	"os"
	"strconv"
	"testing"

	"github.com/parquet-go/parquet-go"
)

// pqStyle says how csvToParquetCols writes the columns whose type the spec
// leaves open: flags (aow and the usage flags) as BOOLEAN or INT32, and an
// empty uitgesloten or opleiding as a null or as an empty string.
type pqStyle struct {
	boolFlags, emptyNull bool
}

// csvToParquetCols converts a valid panel CSV (parsed with encoding/csv) to
// Parquet with exactly the panel columns the CSV has, optional ones of
// section 6 included; other columns are dropped. The schema is built from
// the header, so it serves version 1 and version 2 panels alike.
func csvToParquetCols(t testing.TB, csvPath, pqPath string, style pqStyle) {
	t.Helper()
	f, err := os.Open(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	flag := parquet.Leaf(parquet.BooleanType)
	if !style.boolFlags {
		flag = parquet.Int(32)
	}
	nodes := map[string]parquet.Node{
		"jaar": parquet.Int(64), "huishouden": parquet.String(), "buurt": parquet.String(), "type": parquet.String(),
		"personen": parquet.Int(32), "minderjarigen": parquet.Int(64), "aow": flag, "bron": parquet.String(),
		"inkomen": parquet.Leaf(parquet.DoubleType), "uitgesloten": parquet.Optional(parquet.String()),
		"leeftijd": parquet.Int(32), "opleiding": parquet.Optional(parquet.String()),
		"participatiewet": flag, "jeugdwet": flag, "wmo": flag,
	}
	group := parquet.Group{}
	col := map[string]int{}
	for i, h := range recs[0] {
		if n, ok := nodes[h]; ok {
			group[h] = n
			col[h] = i
		}
	}
	schema := parquet.NewSchema("panel", group)
	fields := schema.Fields()
	var rows []parquet.Row
	for _, r := range recs[1:] {
		row := make(parquet.Row, len(fields))
		for i, fd := range fields {
			s := r[col[fd.Name()]]
			var v parquet.Value
			switch fd.Name() {
			case "uitgesloten", "opleiding":
				if s == "" && style.emptyNull {
					row[i] = parquet.NullValue().Level(0, 0, i)
					continue
				}
				row[i] = parquet.ByteArrayValue([]byte(s)).Level(0, 1, i)
				continue
			case "inkomen":
				x, err := strconv.ParseFloat(s, 64)
				if err != nil {
					t.Fatal(err)
				}
				v = parquet.DoubleValue(x)
			case "huishouden", "buurt", "type", "bron":
				v = parquet.ByteArrayValue([]byte(s))
			default:
				x, err := strconv.ParseInt(s, 10, 64)
				if err != nil {
					t.Fatal(err)
				}
				switch fd.Type().Kind() {
				case parquet.Boolean:
					v = parquet.BooleanValue(x == 1)
				case parquet.Int32:
					v = parquet.Int32Value(int32(x))
				default:
					v = parquet.Int64Value(x)
				}
			}
			row[i] = v.Level(0, 0, i)
		}
		rows = append(rows, row)
	}
	out, err := os.Create(pqPath)
	if err != nil {
		t.Fatal(err)
	}
	w := parquet.NewWriter(out, schema, parquet.MaxRowsPerRowGroup(1000), parquet.PageBufferSize(4096))
	if _, err := w.WriteRows(rows); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}
