package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/perspectief/perspectief/internal/indicator"
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
	return dispatch(ctx, args, indicatorenUsage, map[string]subcommand{"import": indicatorenImport})
}

func indicatorenImport(ctx context.Context, args []string) error {
	dsn, path, err := importArgs("indicatoren import", indicatorenUsage, args)
	if err != nil {
		return err
	}
	f, db, err := openImport(ctx, dsn, path)
	if err != nil {
		return err
	}
	defer f.Close()
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
		return refused(err)
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
