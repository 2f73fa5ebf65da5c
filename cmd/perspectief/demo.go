package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/perspectief/perspectief/internal/demo"
	"github.com/perspectief/perspectief/internal/store"
)

// parseDemo reads the flags of `perspectief demo`; the other server
// settings keep their defaults.
func (m *Main) parseDemo(args []string) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.StringVar(&m.Server.Addr, "addr", m.Server.Addr, "address to listen on (HOST:PORT)")
	fs.StringVar(&m.Server.DSN, "db", "perspectief-demo.db", "the demo's SQLite file (created when missing)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if store.IsPostgres(m.Server.DSN) {
		return fmt.Errorf("the demo runs on a SQLite file; use server for PostgreSQL")
	}
	m.Server.Demo = true
	m.Server.Ready = func(bound string) {
		fmt.Fprintf(m.Stderr, "\nPerspectief (demo) draait op http://%s\n\nDemo-accounts (wachtwoord %q):\n", bound, demo.Password)
		for _, a := range append(demo.Accounts, demo.PanelAccounts...) {
			fmt.Fprintf(m.Stderr, "  %-20s %s\n", a.Role, a.Email)
		}
		fmt.Fprintln(m.Stderr)
	}
	return nil
}

// runDemo fills the demo database when it is new and serves it.
func (m *Main) runDemo(ctx context.Context) error {
	db, err := m.openDB(ctx, m.Server.DSN)
	if err != nil {
		return err
	}
	if db.Created {
		if err := m.fillDemo(ctx, db); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(m.Stderr, "Reusing the demo database %s (delete it to start afresh)\n", db.Path)
	}
	return m.serve(ctx, db)
}

// fillDemo fills a new demo database.
func (m *Main) fillDemo(ctx context.Context, db *store.DB) error {
	fmt.Fprintf(m.Stderr, "Filling the demo database %s ...\n", db.Path)
	if err := demo.Seed(ctx, demoStores(db), time.Now()); err != nil {
		return fmt.Errorf("fill demo database: %w", err)
	}
	say := func(s string) { fmt.Fprintf(m.Stderr, "  %s ...\n", s) }
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
	say("freezing the tertial report of the last tertial for the regiegroep")
	if err := demo.SeedTertial(ctx, tertialService(db), time.Now()); err != nil {
		return fmt.Errorf("fill demo tertial report: %w", err)
	}
	return nil
}

// demoStores gives the demo seeds the repositories of db.
func demoStores(db *store.DB) demo.Stores {
	return demo.Stores{
		Programme: db.Programmes(), Accounts: db.Accounts(), Indicators: db.Indicators(), Surveys: db.Surveys(),
		Learning: db.Learning(), Procesmonitor: db.Procesmonitor(), Wegingskader: db.Wegingskader(),
	}
}
