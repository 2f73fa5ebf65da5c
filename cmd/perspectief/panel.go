package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/perspectief/perspectief/internal/atomicfile"

	"golang.org/x/term"

	"github.com/perspectief/perspectief/internal/panelgen"
)

const panelUsage = `usage: perspectief panel genereren --out FILE.{csv,parquet} [flags]

Writes a synthetic household-year income panel in the trendmonitor's input
format. The format follows from the extension. The same seed gives the same
file. Run 'perspectief panel genereren -h' for the flags.
`

func panelGenereren(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("panel genereren", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprint(os.Stderr, panelUsage, "\nflags:\n")
		fs.PrintDefaults()
	}
	out := fs.String("out", "", "output file, .csv or .parquet (required)")
	households := fs.Int("households", 0, "households in the last year (0: the CBS 2024 counts of the area)")
	years := fs.String("years", "2015-2024", "years FIRST-LAST (or one year)")
	seed := fs.Int64("seed", 1, "random seed")
	areaName := fs.String("area", "groningen", "groningen (the 20 wijken of GM0014) or nl (all Dutch wijken)")
	v1 := fs.Bool("v1", false, "only the columns of spec sections 1-5: no leeftijd, opleiding, participatiewet, jeugdwet, wmo")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if *out == "" {
		fs.Usage()
		return errors.New("--out is required")
	}
	mode, err := panelgen.ParseMode(*areaName)
	if err != nil {
		return err
	}
	first, last, err := parseYears(*years)
	if err != nil {
		return err
	}
	var write func(context.Context, io.Writer, panelgen.Config) error
	switch strings.ToLower(filepath.Ext(*out)) {
	case ".csv":
		write = panelgen.WriteCSV
	case ".parquet":
		write = panelgen.WriteParquet
	default:
		return fmt.Errorf("%s: unknown extension (want .csv or .parquet)", *out)
	}

	cfg := panelgen.Config{Mode: mode, Households: *households, Years: [2]int{first, last}, Seed: *seed, Version1: *v1}
	progress := newProgress(os.Stderr)
	cfg.Progress = progress.update
	start := time.Now()
	if err := atomicfile.Write(*out, atomicfile.Options{}, func(w io.Writer) error { return write(ctx, w, cfg) }); err != nil {
		progress.clear()
		return err
	}
	progress.clear()
	fmt.Fprintf(os.Stderr, "wrote %s: %d rows, years %d-%d, area %s, seed %d, in %s\n",
		*out, progress.rows, first, last, mode, *seed, time.Since(start).Round(time.Millisecond))
	what := "households, incomes and buurten (BU codes)"
	if !*v1 {
		what = "households, incomes, ages, education, use of Participatiewet, Jeugdwet and Wmo, and buurten (BU codes)"
	}
	fmt.Fprintf(os.Stderr, "synthetic data: the wijken and their household counts are real (CBS 2024); %s are generated\n", what)
	return nil
}

func parseYears(s string) (int, int, error) {
	a, b, found := strings.Cut(s, "-")
	first, err := strconv.Atoi(a)
	if err != nil {
		return 0, 0, fmt.Errorf("--years %q: want FIRST-LAST", s)
	}
	last := first
	if found {
		if last, err = strconv.Atoi(b); err != nil {
			return 0, 0, fmt.Errorf("--years %q: want FIRST-LAST", s)
		}
	}
	return first, last, nil
}

// progress shows a one-line counter, only when stderr is a terminal: logs
// and pipes get the summary line alone.
type progress struct {
	f     *os.File
	tty   bool
	last  time.Time
	rows  int64
	shown bool
}

func newProgress(f *os.File) *progress {
	return &progress{f: f, tty: term.IsTerminal(int(f.Fd()))}
}

func (p *progress) update(year int, rows int64) {
	p.rows = rows
	if !p.tty || time.Since(p.last) < 200*time.Millisecond {
		return
	}
	p.last = time.Now()
	p.shown = true
	fmt.Fprintf(p.f, "\rgenerating %d ... %d rows ", year, rows)
}

func (p *progress) clear() {
	if p.shown {
		fmt.Fprint(p.f, "\r\033[K")
	}
}
