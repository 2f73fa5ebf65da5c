package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/demo"
	"github.com/perspectief/perspectief/internal/store"
)

func init() {
	register("demo", "create (or reuse) the demo database with the Groningen programme and serve it", runDemo)
}

func runDemo(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	addr := fs.String("addr", "localhost:8080", "address to listen on (HOST:PORT)")
	path := fs.String("db", "perspectief-demo.db", "the demo's SQLite file (created when missing)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if store.IsPostgres(*path) {
		return fmt.Errorf("the demo runs on a SQLite file; use serve for PostgreSQL")
	}
	db, err := store.Open(ctx, *path)
	if err != nil {
		return err
	}
	defer db.Close()
	if db.Created {
		fmt.Fprintf(os.Stderr, "Filling the demo database %s ...\n", db.Path)
		if err := demo.Seed(ctx, demoStores(db), time.Now()); err != nil {
			return fmt.Errorf("fill demo database: %w", err)
		}
		say := func(s string) { fmt.Fprintf(os.Stderr, "  %s ...\n", s) }
		if err := demo.SeedTrend(ctx, db.Trends(), say); err != nil {
			return fmt.Errorf("fill demo trendmonitor: %w", err)
		}
		say("storing the indicator register, the 'moeite met rondkomen' table, surveys with synthetic answers and the learning log")
		if err := demo.SeedSurveysAndLearning(ctx, demoStores(db), time.Now()); err != nil {
			return fmt.Errorf("fill demo: %w", err)
		}
		say("storing a synthetic spending history, commitments and milestones for the procesmonitor")
		if err := demo.SeedProcesmonitor(ctx, demoStores(db), time.Now()); err != nil {
			return fmt.Errorf("fill demo procesmonitor: %w", err)
		}
		say("adding the wegingskader: eight synthetic funding requests and a closed round")
		if err := demo.SeedWegingskader(ctx, demoStores(db), time.Now()); err != nil {
			return fmt.Errorf("fill demo wegingskader: %w", err)
		}
		say("writing example texts for last year's progress report")
		if err := demo.SeedReport(ctx, db.Reports(), time.Now()); err != nil {
			return fmt.Errorf("fill demo report texts: %w", err)
		}
	} else {
		fmt.Fprintf(os.Stderr, "Reusing the demo database %s (delete it to start afresh)\n", db.Path)
	}
	return serve(ctx, db, *addr, false, true, "", account.DefaultLifetimes(), func(bound string) {
		fmt.Fprintf(os.Stderr, "\nPerspectief (demo) draait op http://%s\n\nDemo-accounts (wachtwoord %q):\n", bound, demo.Password)
		for _, a := range append(demo.Accounts, demo.PanelAccounts...) {
			fmt.Fprintf(os.Stderr, "  %-20s %s\n", a.Role, a.Email)
		}
		fmt.Fprintln(os.Stderr)
	})
}

// demoStores gives the demo seeds the repositories of db.
func demoStores(db *store.DB) demo.Stores {
	return demo.Stores{
		Programme: db.Programmes(), Accounts: db.Accounts(), Indicators: db.Indicators(), Surveys: db.Surveys(),
		Learning: db.Learning(), Procesmonitor: db.Procesmonitor(), Wegingskader: db.Wegingskader(),
	}
}
