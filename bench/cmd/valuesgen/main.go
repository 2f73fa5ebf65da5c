// Command valuesgen writes a file of indicator values in Perspectief's
// import format, valid against the shipped register, for load runs: issue
// 17 measures the pages while an import of 280,000 rows runs.
//
//	valuesgen -rows 280000 -out waarden.csv
//
// The values are made up (a fixed pseudo-random sequence); the cells are
// buurten of gemeente Groningen, years and groups, so that no two rows
// name the same cell.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"

	"github.com/perspectief/perspectief/internal/indicator"
)

func main() {
	rows := flag.Int("rows", 280000, "how many rows (at most 2,000,000)")
	out := flag.String("out", "waarden.csv", "the file to write")
	flag.Parse()
	if *rows < 1 || *rows > 2_000_000 {
		fmt.Fprintln(os.Stderr, "valuesgen: -rows between 1 and 2000000")
		os.Exit(2)
	}
	if err := write(*out, *rows); err != nil {
		fmt.Fprintln(os.Stderr, "valuesgen:", err)
		os.Exit(1)
	}
}

func write(path string, rows int) error {
	reg, err := indicator.DefaultRegister()
	if err != nil {
		return err
	}
	var codes []string
	for _, ind := range reg.Indicators {
		if ind.IsPercent() {
			codes = append(codes, ind.Code)
		}
	}
	if len(codes) == 0 {
		return fmt.Errorf("the register has no percentage indicator")
	}
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprintln(w, "indicator,periode,gebied,groep,waarde,teller,noemer,marge,bron,toelichting")
	r := rand.New(rand.NewPCG(17, 280))
	// Cells: indicator x year (2015-2024) x buurt (BU00140000-) x group.
	const years, groups = 10, 4
	n := 0
	for buurt := 0; n < rows; buurt++ {
		for _, code := range codes {
			for y := range years {
				for g := range groups {
					if n == rows {
						break
					}
					den := 50 + r.IntN(950)
					num := r.IntN(den + 1)
					fmt.Fprintf(w, "%s,%d,BU0014%04d,g%d,%.1f,%d,%d,,valuesgen,\n", code, 2015+y, buurt, g, 100*float64(num)/float64(den), num, den)
					n++
				}
			}
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
