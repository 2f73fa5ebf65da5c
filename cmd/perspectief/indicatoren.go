package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/store"
)

func init() {
	register("indicatoren", "indicators: import aggregated values from a CSV file", runIndicatoren)
}

const indicatorenUsage = `usage:
  perspectief indicatoren import --db DSN FILE.csv

import reads aggregated indicator values with the header
  indicator,periode,gebied,groep,waarde,teller,noemer,marge,bron,toelichting
checks every line against the indicator and area register and stores the
values in one transaction, replacing values with the same indicator,
periode, gebied and groep. A file with any bad line is refused whole.
A database without a register gets the built-in register first.
`

func runIndicatoren(ctx context.Context, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(os.Stderr, indicatorenUsage)
		return flag.ErrHelp
	}
	switch args[0] {
	case "import":
		return indicatorenImport(ctx, args[1:])
	case "help", "-h", "--help":
		fmt.Fprint(os.Stderr, indicatorenUsage)
		return flag.ErrHelp
	}
	fmt.Fprint(os.Stderr, indicatorenUsage)
	return fmt.Errorf("unknown subcommand %q", args[0])
}

func indicatorenImport(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("indicatoren import", flag.ContinueOnError)
	fs.Usage = func() { fmt.Fprint(fs.Output(), indicatorenUsage, "\nflags:\n"); fs.PrintDefaults() }
	dsn := fs.String("db", "", "database `DSN`: a SQLite file or a postgres:// URL")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dsn == "" || fs.NArg() != 1 {
		fs.Usage()
		return errors.New("--db and one FILE.csv are required")
	}
	path := fs.Arg(0)
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	db, err := store.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	reg, err := db.Register(ctx)
	if err != nil {
		return err
	}
	if len(reg.Indicators) == 0 {
		if reg, err = indicator.DefaultRegister(); err != nil {
			return err
		}
		if err := db.SaveRegister(ctx, reg, "cli"); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "Stored the built-in register: %d indicators, %d areas.\n", len(reg.Indicators), len(reg.Areas))
	}
	name := filepath.Base(path)
	vals, err := indicator.ReadValues(name, f, reg)
	if err != nil {
		// The details name every bad line; the caller prints only the message.
		for _, d := range perspectief.ErrorDetails(err) {
			fmt.Fprintln(os.Stderr, d)
		}
		return err
	}
	if err := db.ImportValues(ctx, vals, name, "cli"); err != nil {
		return err
	}
	inds := map[string]bool{}
	for _, v := range vals {
		inds[v.Indicator] = true
	}
	fmt.Fprintf(os.Stderr, "Stored %d values of %d indicator(s) from %s.\n", len(vals), len(inds), name)
	return nil
}
