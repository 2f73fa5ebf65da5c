package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/perspectief/perspectief/internal/norms"
	"github.com/perspectief/perspectief/internal/trend"
)

const trendUsage = `usage:
  perspectief trend berekenen --panel FILE --out FILE.csv [--norms FILE] [--min-cell K] [--secundair]
  perspectief trend berekenen --panel FILE --db DSN [--out FILE.csv] [--norms FILE] [--min-cell K] [--secundair]
  perspectief trend inlezen --db DSN FILE.csv

berekenen reads a household panel (CSV or Parquet), computes the indicator
table of the trendmonitor spec and writes it to --out. Without --norms the
built-in default norms are used. --secundair applies secondary suppression
(spec section 7) to the table written to --out. A table stored with --db, or
imported, is always stored with secondary suppression.
`

func trendBerekenen(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("trend berekenen", flag.ContinueOnError)
	fs.Usage = func() { fmt.Fprint(fs.Output(), trendUsage, "\nflags:\n"); fs.PrintDefaults() }
	panel := fs.String("panel", "", "panel `FILE`, CSV or Parquet")
	out := fs.String("out", "", "indicator table `FILE.csv` to write")
	normsPath := fs.String("norms", "", "norms `FILE` (jaar,categorie,bedrag); default: the built-in norms")
	minCell := fs.Int("min-cell", trend.DefaultMinCell, "minimum cell size `K` of disclosure control (>= 1)")
	db := fs.String("db", "", "database `DSN` to store the table in (then --out is optional); stored with secondary suppression")
	secundair := fs.Bool("secundair", false, "apply secondary suppression (spec section 7): no suppressed cell can be recomputed from a sum")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if *panel == "" || (*out == "" && *db == "") {
		fs.Usage()
		return errors.New("--panel and at least one of --out and --db are required")
	}
	if *minCell < 1 {
		return fmt.Errorf("--min-cell must be at least 1, got %d", *minCell)
	}
	// Fail before a long computation, not after it.
	if *out != "" {
		if err := checkOutDir(*out); err != nil {
			return err
		}
	}
	if *db != "" {
		if err := checkDB(ctx, *db); err != nil {
			return err
		}
	}

	// The platform stores only tables with secondary suppression; --out
	// follows the flag.
	opt := trend.Options{PanelPath: *panel, NormsPath: *normsPath, MinCell: *minCell, Progress: os.Stderr,
		Secondary: *secundair || *out == "", KeepCounts: *db != "" && !*secundair && *out != ""}
	if *normsPath == "" {
		n, err := defaultNorms()
		if err != nil {
			return err
		}
		opt.Norms = &n
	}
	res, err := trend.Compute(ctx, opt)
	if err != nil {
		return err
	}
	if *out != "" {
		if err := trend.WriteCSV(*out, res.Rows); err != nil {
			return fmt.Errorf("writing %s: %w", *out, err)
		}
		fmt.Printf("wrote %s\n", *out)
	}
	printSecondary := func(r *trend.Result) {
		fmt.Printf("secondary suppression: %d sums exposed a suppressed cell; %d more cells suppressed (onderdrukt = 2) in %d passes\n",
			r.SecondaryStats.Exposed, r.SecondaryStats.Cells, r.SecondaryStats.Passes)
	}
	if res.Secondary {
		printSecondary(res)
	}
	if *db != "" {
		stored, err := res.WithSecondary()
		if err != nil {
			return err
		}
		if stored != res {
			fmt.Print("for the database: ")
			printSecondary(stored)
		}
		if err := saveTrend(ctx, *db, computedRun(stored), stored.Rows); err != nil {
			return fmt.Errorf("storing the table: %w", err)
		}
	}
	years := "none"
	if len(res.Years) > 0 {
		years = fmt.Sprintf("%d-%d", res.Years[0], res.Years[len(res.Years)-1])
	}
	fmt.Printf("%d rows, %d suppressed (k=%d)\n", len(res.Rows), res.Suppressed, res.MinCell)
	fmt.Printf("panel %s (%s, sha256 %s): %d rows, %d in the population, %d households, years %s\n",
		res.Panel, res.Format, res.PanelSHA256, res.PanelRows, res.PopulationRows, res.Households, years)
	fmt.Printf("norms: %s\n", res.NormsSource)
	return nil
}

// defaultNorms reads the norms the project ships.
func defaultNorms() (trend.Norms, error) {
	n, err := trend.ReadNorms("the built-in default norms", bytes.NewReader(norms.DefaultCSV()))
	if err != nil {
		return trend.Norms{}, fmt.Errorf("built-in norms: %w", err)
	}
	if ys := n.Years(); len(ys) > 0 {
		// Name the years in the source, so that a panel year outside them
		// explains itself: "no norms for 2030 in the built-in default norms (2015-2026)".
		n = n.WithSource(fmt.Sprintf("the built-in default norms (%d-%d)", ys[0], ys[len(ys)-1]))
	}
	return n, nil
}

func trendInlezen(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("trend inlezen", flag.ContinueOnError)
	fs.Usage = func() { fmt.Fprint(fs.Output(), trendUsage, "\nflags:\n"); fs.PrintDefaults() }
	db := fs.String("db", "", "database `DSN` to store the table in")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *db == "" || fs.NArg() != 1 {
		fs.Usage()
		return errors.New("import needs --db DSN and one FILE.csv")
	}
	return importTrendTable(ctx, *db, fs.Arg(0))
}
