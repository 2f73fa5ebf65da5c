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

// trendFlags are the flags of trend berekenen.
type trendFlags struct {
	panel, out, norms, db string
	minCell               int
	secundair             bool
}

// parseTrendFlags reads and checks the flags, and checks the output
// directory and the database before a long computation rather than after.
func parseTrendFlags(ctx context.Context, args []string) (trendFlags, error) {
	var f trendFlags
	fs := flag.NewFlagSet("trend berekenen", flag.ContinueOnError)
	fs.Usage = func() { fmt.Fprint(fs.Output(), trendUsage, "\nflags:\n"); fs.PrintDefaults() }
	fs.StringVar(&f.panel, "panel", "", "panel `FILE`, CSV or Parquet")
	fs.StringVar(&f.out, "out", "", "indicator table `FILE.csv` to write")
	fs.StringVar(&f.norms, "norms", "", "norms `FILE` (jaar,categorie,bedrag); default: the built-in norms")
	fs.IntVar(&f.minCell, "min-cell", trend.DefaultMinCell, "minimum cell size `K` of disclosure control (>= 1)")
	fs.StringVar(&f.db, "db", "", "database `DSN` to store the table in (then --out is optional); stored with secondary suppression")
	fs.BoolVar(&f.secundair, "secundair", false, "apply secondary suppression (spec section 7): no suppressed cell can be recomputed from a sum")
	if err := fs.Parse(args); err != nil {
		return f, err
	}
	if fs.NArg() > 0 {
		return f, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if f.panel == "" || (f.out == "" && f.db == "") {
		fs.Usage()
		return f, errors.New("--panel and at least one of --out and --db are required")
	}
	if f.minCell < 1 {
		return f, fmt.Errorf("--min-cell must be at least 1, got %d", f.minCell)
	}
	if f.out != "" {
		if err := checkOutDir(f.out); err != nil {
			return f, err
		}
	}
	if f.db != "" {
		if err := checkDB(ctx, f.db); err != nil {
			return f, err
		}
	}
	return f, nil
}

func trendBerekenen(ctx context.Context, args []string) error {
	f, err := parseTrendFlags(ctx, args)
	if err != nil {
		return err
	}
	// The platform stores only tables with secondary suppression; --out
	// follows the flag.
	opt := trend.Options{PanelPath: f.panel, NormsPath: f.norms, MinCell: f.minCell, Progress: os.Stderr,
		Secondary: f.secundair || f.out == "", KeepCounts: f.db != "" && !f.secundair && f.out != ""}
	if f.db == "" {
		// Nothing else needs the rows: the table is written as it is made.
		opt.Out = f.out
	}
	if f.norms == "" {
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
	if f.out != "" && opt.Out == "" {
		if err := trend.WriteCSV(f.out, res.Rows); err != nil {
			return fmt.Errorf("writing %s: %w", f.out, err)
		}
	}
	if f.out != "" {
		fmt.Printf("wrote %s\n", f.out)
	}
	if res.Secondary {
		printSecondary(res)
	}
	if f.db != "" {
		if err := storeComputed(ctx, f.db, res); err != nil {
			return err
		}
	}
	printTrendSummary(res)
	return nil
}

func printSecondary(r *trend.Result) {
	fmt.Printf("secondary suppression: %d sums exposed a suppressed cell; %d more cells suppressed (onderdrukt = 2) in %d passes\n",
		r.SecondaryStats.Exposed, r.SecondaryStats.Cells, r.SecondaryStats.Passes)
}

// storeComputed stores the table with secondary suppression, applying it
// first when the run did not.
func storeComputed(ctx context.Context, dsn string, res *trend.Result) error {
	stored, err := res.WithSecondary()
	if err != nil {
		return err
	}
	if stored != res {
		fmt.Print("for the database: ")
		printSecondary(stored)
	}
	if err := saveTrend(ctx, dsn, computedRun(stored), stored.Rows); err != nil {
		return fmt.Errorf("storing the table: %w", err)
	}
	return nil
}

func printTrendSummary(res *trend.Result) {
	years := "none"
	if len(res.Years) > 0 {
		years = fmt.Sprintf("%d-%d", res.Years[0], res.Years[len(res.Years)-1])
	}
	fmt.Printf("%d rows, %d suppressed (k=%d)\n", res.TableRows, res.Suppressed, res.MinCell)
	fmt.Printf("panel %s (%s, sha256 %s): %d rows, %d in the population, %d households, years %s\n",
		res.Panel, res.Format, res.PanelSHA256, res.PanelRows, res.PopulationRows, res.Households, years)
	fmt.Printf("norms: %s\n", res.NormsSource)
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
