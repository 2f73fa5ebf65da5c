// Command tablecmp compares two indicator tables of the trendmonitor spec:
// the same set of rows (indicator, jaar, niveau, gebied, groep), equal
// teller, noemer and onderdrukt, and waarde within a relative tolerance.
// Row and column order do not matter.
//
//	tablecmp [--tol 1e-6] A.csv B.csv
package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"flag"
	"fmt"
	"hash/maphash"
	"io"
	"math"
	"os"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
)

var keyCols = []string{"indicator", "jaar", "niveau", "gebied", "groep"}
var valCols = []string{"teller", "noemer", "waarde", "onderdrukt"}

// table holds A's rows in one byte arena indexed by a pointer-free map, so
// that tens of millions of rows cost the garbage collector nothing.
type table struct {
	arena    []byte
	recs     []rec
	index    map[uint64]int32
	overflow map[string]int32 // keys whose hash is taken by another key
	seen     []bool
}

// rec locates a row in the arena: the key, then the four values.
type rec struct {
	off  int64
	ends [5]int32 // end of key, teller, noemer, waarde, onderdrukt, relative to off
	line int32
}

func (t *table) field(r *rec, i int) []byte {
	start := int32(0)
	if i > 0 {
		start = r.ends[i-1]
	}
	return t.arena[r.off+int64(start) : r.off+int64(r.ends[i])]
}

var seed = maphash.MakeSeed()

func (t *table) lookup(key []byte) (int32, bool) {
	i, ok := t.index[maphash.Bytes(seed, key)]
	if ok && bytes.Equal(t.field(&t.recs[i], 0), key) {
		return i, true
	}
	i, ok = t.overflow[string(key)]
	return i, ok
}

func main() {
	tol := flag.Float64("tol", 1e-6, "relative tolerance for waarde")
	maxShown := flag.Int("show", 10, "differences to print")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile to this file")
	flag.Parse()
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fatal(err)
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	if flag.NArg() != 2 {
		fmt.Fprintln(os.Stderr, "usage: tablecmp [--tol 1e-6] A.csv B.csv")
		os.Exit(2)
	}
	pathA, pathB := flag.Arg(0), flag.Arg(1)
	// Size everything from the file up front: growing a multi-gigabyte
	// arena and map by doubling costs more than the comparison.
	a := &table{overflow: map[string]int32{}}
	if st, err := os.Stat(pathA); err == nil {
		rows := int(st.Size()/40) + 16
		a.arena = make([]byte, 0, st.Size())
		a.recs = make([]rec, 0, rows)
		a.index = make(map[uint64]int32, rows)
	} else {
		fatal(err)
	}
	err := scan(pathA, func(key []byte, vals [4][]byte, line int) error {
		if i, dup := a.lookup(key); dup {
			return fmt.Errorf("%s:%d: duplicate row %s (first on line %d)", pathA, line, key, a.recs[i].line)
		}
		r := rec{off: int64(len(a.arena)), line: int32(line)}
		a.arena = append(a.arena, key...)
		r.ends[0] = int32(len(key))
		for i, v := range vals {
			a.arena = append(a.arena, v...)
			r.ends[i+1] = r.ends[i] + int32(len(v))
		}
		n := int32(len(a.recs))
		a.recs = append(a.recs, r)
		h := maphash.Bytes(seed, key)
		if _, taken := a.index[h]; taken {
			a.overflow[string(key)] = n
		} else {
			a.index[h] = n
		}
		return nil
	})
	if err != nil {
		fatal(err)
	}
	a.seen = make([]bool, len(a.recs))

	var diffs []string
	nB := 0
	err = scan(pathB, func(key []byte, vals [4][]byte, line int) error {
		nB++
		i, ok := a.lookup(key)
		if !ok {
			diffs = append(diffs, fmt.Sprintf("only in %s (line %d): %s", pathB, line, key))
			return nil
		}
		if a.seen[i] {
			diffs = append(diffs, fmt.Sprintf("%s:%d: duplicate row %s", pathB, line, key))
			return nil
		}
		a.seen[i] = true
		r := &a.recs[i]
		var va [4][]byte
		for j := range va {
			va[j] = a.field(r, j+1)
		}
		if why := differ(va, vals, *tol); why != "" {
			diffs = append(diffs, fmt.Sprintf("%s: %s (lines %d, %d)", key, why, r.line, line))
		}
		return nil
	})
	if err != nil {
		fatal(err)
	}
	for i, s := range a.seen {
		if !s {
			r := &a.recs[i]
			diffs = append(diffs, fmt.Sprintf("only in %s (line %d): %s", pathA, r.line, a.field(r, 0)))
		}
	}
	if len(diffs) > 0 {
		sort.Strings(diffs)
		for i, d := range diffs {
			if i == *maxShown {
				fmt.Printf("... and %d more\n", len(diffs)-i)
				break
			}
			fmt.Println(d)
		}
		fmt.Printf("tablecmp: %d differences in %d / %d rows\n", len(diffs), len(a.recs), nB)
		os.Exit(1)
	}
	fmt.Printf("tablecmp: equal, %d rows (waarde within %g relative)\n", len(a.recs), *tol)
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "tablecmp:", err)
	os.Exit(1)
}

// differ compares teller, noemer, waarde, onderdrukt.
func differ(a, b [4][]byte, tol float64) string {
	if !bytes.Equal(a[3], b[3]) {
		return fmt.Sprintf("onderdrukt %s vs %s", a[3], b[3])
	}
	for i, name := range []string{"teller", "noemer"} {
		if !sameInt(a[i], b[i]) {
			return fmt.Sprintf("%s %q vs %q", name, a[i], b[i])
		}
	}
	wa, wb := a[2], b[2]
	if (len(wa) == 0) != (len(wb) == 0) {
		return fmt.Sprintf("waarde %q vs %q", wa, wb)
	}
	if len(wa) == 0 {
		return ""
	}
	x, err1 := strconv.ParseFloat(string(wa), 64)
	y, err2 := strconv.ParseFloat(string(wb), 64)
	if err1 != nil || err2 != nil {
		return fmt.Sprintf("waarde %q vs %q: not numbers", wa, wb)
	}
	if x != y && math.Abs(x-y) > tol*math.Max(math.Abs(x), math.Abs(y)) {
		return fmt.Sprintf("waarde %s vs %s", wa, wb)
	}
	return ""
}

func sameInt(a, b []byte) bool {
	if bytes.Equal(a, b) {
		return true
	}
	x, err1 := strconv.ParseInt(string(a), 10, 64)
	y, err2 := strconv.ParseInt(string(b), 10, 64)
	return err1 == nil && err2 == nil && x == y
}

// scan calls fn for every row of an indicator table with its key (the five
// key columns joined by commas) and its four values. The slices are only
// valid during the call.
func scan(path string, fn func(key []byte, vals [4][]byte, line int) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReaderSize(f, 1<<20))
	r.ReuseRecord = true
	header, err := r.Read()
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimPrefix(h, "\ufeff")] = i
	}
	for _, c := range append(append([]string{}, keyCols...), valCols...) {
		if _, ok := col[c]; !ok {
			return fmt.Errorf("%s: missing column %s", path, c)
		}
	}
	var key []byte
	var vals [4][]byte
	for line := 2; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		key = key[:0]
		for i, c := range keyCols {
			if i > 0 {
				key = append(key, ',')
			}
			key = append(key, rec[col[c]]...)
		}
		for i, c := range valCols {
			vals[i] = append(vals[i][:0], rec[col[c]]...)
		}
		if err := fn(key, vals, line); err != nil {
			return err
		}
	}
}
