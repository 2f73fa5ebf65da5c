package parquetcol

import (
	"bytes"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
)

type row struct {
	Jaar   int32    `parquet:"jaar"`
	Aantal int64    `parquet:"aantal"`
	Groot  uint64   `parquet:"groot"`
	Ja     bool     `parquet:"ja"`
	Bedrag float64  `parquet:"bedrag"`
	Klein  float32  `parquet:"klein"`
	Buurt  string   `parquet:"buurt,dict"`
	Naam   string   `parquet:"naam"`
	Leeg   *int64   `parquet:"leeg,optional"`
	Soms   *float64 `parquet:"soms,optional"`
	Tekst  *string  `parquet:"tekst,optional,dict"`
	Lijst  []int32  `parquet:"lijst"`
	Groep  struct {
		A int32 `parquet:"a"`
	} `parquet:"groep"`
}

// file writes rows in row groups of per rows, as a panel writer would.
func file(t *testing.T, rows []row, per int) *parquet.File {
	t.Helper()
	var buf bytes.Buffer
	w := parquet.NewGenericWriter[row](&buf, parquet.MaxRowsPerRowGroup(int64(per)), parquet.PageBufferSize(64))
	if _, err := w.Write(rows); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f, err := parquet.OpenFile(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func rows(n int) []row {
	out := make([]row, n)
	for i := range out {
		r := &out[i]
		r.Jaar, r.Aantal, r.Groot, r.Ja = int32(2020+i%5), int64(i)*1000, uint64(i), i%2 == 0
		r.Bedrag, r.Klein = float64(i)+0.25, float32(i)/2
		r.Buurt, r.Naam = "BU0014010"+strconv.Itoa(i%3), "h"+strconv.Itoa(i)
		if i%3 == 0 {
			v, f, s := int64(i), float64(i)*1.5, "t"+strconv.Itoa(i%2)
			r.Leeg, r.Soms, r.Tekst = &v, &f, &s
		}
	}
	return out
}

func lookup(t *testing.T, f *parquet.File, name string, kinds ...parquet.Kind) Column {
	t.Helper()
	col, ok, reason := Lookup(f, name, kinds, "the kind asked for")
	if !ok || reason != "" {
		t.Fatalf("Lookup(%s): ok %v, %s", name, ok, reason)
	}
	return col
}

// read reads a whole column in calls of batch values over every row group.
func read[T any](t *testing.T, f *parquet.File, col Column, batch int, next func(c *Cursor, dst []T, nulls []bool) Problem) ([]T, []bool, Problem) {
	t.Helper()
	var all []T
	var allNulls []bool
	base := 0
	for _, g := range f.RowGroups() {
		c := NewCursor(g, col)
		n := int(g.NumRows())
		for i := 0; i < n; i += batch {
			m := min(batch, n-i)
			dst, nulls := make([]T, m), make([]bool, m)
			if p := next(c, dst, nulls); p != None {
				c.Close()
				p.Row += base + i
				return all, allNulls, p
			}
			all, allNulls = append(all, dst...), append(allNulls, nulls...)
		}
		c.Close()
		base += n
	}
	return all, allNulls, None
}

func TestReadColumns(t *testing.T) {
	in := rows(50)
	f := file(t, in, 16)
	if len(f.RowGroups()) < 3 {
		t.Fatalf("%d row groups: the test wants several", len(f.RowGroups()))
	}
	for _, batch := range []int{1, 7, 50} {
		ints := func(name string, kinds ...parquet.Kind) ([]int64, []bool) {
			got, nulls, p := read(t, f, lookup(t, f, name, kinds...), batch, (*Cursor).Ints)
			if p != None {
				t.Fatalf("%s: %+v", name, p)
			}
			return got, nulls
		}
		floats := func(name string, kinds ...parquet.Kind) ([]float64, []bool) {
			got, nulls, p := read(t, f, lookup(t, f, name, kinds...), batch, (*Cursor).Floats)
			if p != None {
				t.Fatalf("%s: %+v", name, p)
			}
			return got, nulls
		}
		jaar, _ := ints("jaar", parquet.Int32)
		aantal, _ := ints("aantal", parquet.Int64)
		groot, _ := ints("groot", parquet.Int64)
		ja, _ := ints("ja", parquet.Boolean)
		leeg, leegNull := ints("leeg", parquet.Int64)
		bedrag, _ := floats("bedrag", parquet.Double)
		klein, _ := floats("klein", parquet.Float)
		soms, somsNull := floats("soms", parquet.Double)
		for i, r := range in {
			if jaar[i] != int64(r.Jaar) || aantal[i] != r.Aantal || groot[i] != int64(r.Groot) || (ja[i] == 1) != r.Ja || ja[i] > 1 {
				t.Fatalf("batch %d row %d: ints %d %d %d %d, want %+v", batch, i, jaar[i], aantal[i], groot[i], ja[i], r)
			}
			if bedrag[i] != r.Bedrag || klein[i] != float64(r.Klein) {
				t.Fatalf("batch %d row %d: floats %v %v, want %v %v", batch, i, bedrag[i], klein[i], r.Bedrag, r.Klein)
			}
			if leegNull[i] != (r.Leeg == nil) || r.Leeg != nil && leeg[i] != *r.Leeg {
				t.Fatalf("batch %d row %d: optional int %d (null %v), want %v", batch, i, leeg[i], leegNull[i], r.Leeg)
			}
			if somsNull[i] != (r.Soms == nil) || r.Soms != nil && soms[i] != *r.Soms {
				t.Fatalf("batch %d row %d: optional float %v (null %v)", batch, i, soms[i], somsNull[i])
			}
		}

		// A dictionary column as codes: each entry parsed once per
		// dictionary, not once per row.
		parsed := 0
		parse := func(b []byte) (uint32, string) {
			parsed++
			n, err := strconv.Atoi(string(b[len(b)-1:]))
			if err != nil {
				return 0, "no digit at the end"
			}
			return uint32(n), ""
		}
		codes, _, p := read(t, f, lookup(t, f, "buurt", parquet.ByteArray), batch, func(c *Cursor, dst []uint8, nulls []bool) Problem {
			return Codes(c, dst, nulls, parse)
		})
		if p != None {
			t.Fatalf("codes: %+v", p)
		}
		for i, r := range in {
			if want := r.Buurt[len(r.Buurt)-1] - '0'; codes[i] != want {
				t.Fatalf("row %d: code %d, want %d", i, codes[i], want)
			}
		}
		if parsed > 3*len(f.RowGroups()) {
			t.Errorf("batch %d: %d parses for 3 distinct values in %d row groups", batch, parsed, len(f.RowGroups()))
		}

		// Strings, plain and dictionary-encoded.
		for _, name := range []string{"naam", "buurt"} {
			col := lookup(t, f, name, parquet.ByteArray)
			var got []string
			for _, g := range f.RowGroups() {
				c := NewCursor(g, col)
				for i := 0; i < int(g.NumRows()); i += batch {
					m := min(batch, int(g.NumRows())-i)
					data, off, p := c.Strings(nil, []uint32{0}, m)
					if p != None {
						t.Fatalf("%s: %+v", name, p)
					}
					for j := range m {
						got = append(got, string(data[off[j]:off[j+1]]))
					}
				}
				c.Close()
			}
			for i, r := range in {
				want := r.Naam
				if name == "buurt" {
					want = r.Buurt
				}
				if got[i] != want {
					t.Fatalf("%s row %d: %q, want %q", name, i, got[i], want)
				}
			}
		}
	}
}

func TestLookupRefuses(t *testing.T) {
	f := file(t, rows(3), 3)
	for _, c := range []struct {
		name  string
		kinds []parquet.Kind
		ok    bool
		want  string
	}{
		{"ontbreekt", []parquet.Kind{parquet.Int32}, false, ""},
		{"groep", []parquet.Kind{parquet.Int32}, true, "wrong type: a group, not a value"},
		{"lijst", []parquet.Kind{parquet.Int32}, true, "wrong type: a repeated field, not a single value"},
		{"naam", []parquet.Kind{parquet.Int32, parquet.Int64}, true, "wrong type BYTE_ARRAY, want an integer"},
	} {
		_, ok, reason := Lookup(f, c.name, c.kinds, "an integer")
		if ok != c.ok || !strings.HasPrefix(reason, c.want) || (c.want == "") != (reason == "") {
			t.Errorf("Lookup(%s) = %v, %q; want %v, %q", c.name, ok, reason, c.ok, c.want)
		}
	}
}

// TestProblems: the first bad value is reported with its row: a null
// where none is allowed, an unsigned value beyond int64, a number that is
// not finite, a value the caller's parser refuses.
func TestProblems(t *testing.T) {
	in := rows(20)
	in[13].Groot = math.MaxUint64
	in[11].Bedrag = math.NaN()
	in[17].Buurt = "BU001401xx"
	f := file(t, in, 8)

	_, _, p := read(t, f, lookup(t, f, "leeg", parquet.Int64), 6, func(c *Cursor, dst []int64, _ []bool) Problem { return c.Ints(dst, nil) })
	if p.Fault != Null || p.Row != 1 || p.Reason() != "missing value (null)" {
		t.Errorf("null int: %+v %q", p, p.Reason())
	}
	_, _, p = read(t, f, lookup(t, f, "soms", parquet.Double), 6, func(c *Cursor, dst []float64, _ []bool) Problem { return c.Floats(dst, nil) })
	if p.Fault != Null || p.Row != 1 {
		t.Errorf("null float: %+v", p)
	}
	_, _, p = read(t, f, lookup(t, f, "groot", parquet.Int64), 6, (*Cursor).Ints)
	if p.Fault != OutOfRange || p.Row != 13 || p.Reason() != "integer out of range: 18446744073709551615" {
		t.Errorf("out of range: %+v %q", p, p.Reason())
	}
	_, _, p = read(t, f, lookup(t, f, "bedrag", parquet.Double), 6, (*Cursor).Floats)
	if p.Fault != NotFinite || p.Row != 11 || p.Reason() != "not a finite number: NaN" {
		t.Errorf("NaN: %+v %q", p, p.Reason())
	}
	_, _, p = read(t, f, lookup(t, f, "buurt", parquet.ByteArray), 6, func(c *Cursor, dst []uint32, nulls []bool) Problem {
		return Codes(c, dst, nulls, func(b []byte) (uint32, string) {
			if n, err := strconv.Atoi(string(b[8:])); err == nil {
				return uint32(n), ""
			}
			return 0, "geen nummer: " + string(b)
		})
	})
	if p.Fault != Invalid || p.Row != 17 || p.Reason() != "geen nummer: BU001401xx" {
		t.Errorf("parser: %+v %q", p, p.Reason())
	}
	col := lookup(t, f, "tekst", parquet.ByteArray)
	c := NewCursor(f.RowGroups()[0], col)
	data, off, p := c.Strings(nil, []uint32{0}, 4)
	c.Close()
	if p.Fault != Null || p.Row != 1 || len(off) != 5 || string(data[off[0]:off[1]]) != "t0" {
		t.Errorf("a null string: %+v, %q %v", p, data, off)
	}
	codes, nulls, p := read(t, f, lookup(t, f, "tekst", parquet.ByteArray), 6, func(c *Cursor, dst []uint8, nulls []bool) Problem {
		return Codes(c, dst, nulls, func(b []byte) (uint32, string) { return uint32(b[1] - '0' + 1), "" })
	})
	if p != None || !slices.Equal(nulls[:4], []bool{false, true, true, false}) || codes[0] != 1 || codes[3] != 2 {
		t.Errorf("optional codes: %v %v %+v", codes[:4], nulls[:4], p)
	}
}
