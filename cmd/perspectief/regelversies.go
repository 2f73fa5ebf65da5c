package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/eligibility"
	"github.com/perspectief/perspectief/internal/store"
)

// regelingenInlezen loads a new version of a scheme file into the database,
// as a beheerder does on /regelingen.
func regelingenInlezen(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("regelingen inlezen", flag.ContinueOnError)
	fs.Usage = func() { fmt.Fprint(fs.Output(), regelingenUsage, "\nflags:\n"); fs.PrintDefaults() }
	dsn := fs.String("db", "", "database `DSN`: a SQLite file or a postgres:// URL")
	email := fs.String("email", "", "e-mail `ADDRESS` of the beheerder who loads the file")
	token := fs.String("token", "", "API `TOKEN` of that account (default: $"+tokenEnv+"; without one, the password is asked on the terminal)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dsn == "" || *email == "" || fs.NArg() != 1 {
		fs.Usage()
		return errors.New("--db, --email and one FILE.yaml are required")
	}
	path := fs.Arg(0)
	data, err := readRuleFile(path)
	if err != nil {
		return err
	}
	db, err := store.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	u, _, err := actingUser(ctx, db, *email, *token)
	if err != nil {
		return err
	}
	svc := eligibility.NewService(db.Rules(), eligibility.MustDefault())
	if _, err := svc.Sync(ctx); err != nil {
		return err
	}
	sc, err := svc.Load(ctx, *u, filepath.Base(path), data)
	if err != nil {
		// The details name every problem with its line; main prints only
		// the message.
		for _, d := range perspectief.ErrorDetails(err) {
			fmt.Fprintln(os.Stderr, d)
		}
		return err
	}
	to := "open"
	if !sc.Valid.To.IsZero() {
		to = sc.Valid.To.Format("2006-01-02")
	}
	fmt.Fprintf(stdout, "stored %s version %s (valid %s to %s), recorded in the audit log as %s\n",
		sc.Code, sc.Version, sc.Valid.From.Format("2006-01-02"), to, u.Email)
	fmt.Fprintf(stdout, "it decides from %s on; before that the previous version still decides\n", sc.Valid.From.Format("2006-01-02"))
	return nil
}

func readRuleFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, eligibility.MaxFileBytes+1))
	if err != nil {
		return nil, err
	}
	return data, nil
}

// regelingenVersiesTonen lists the versions of every scheme, or prints one
// version's file as it was loaded.
func regelingenVersiesTonen(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("regelingen versies-tonen", flag.ContinueOnError)
	fs.Usage = func() { fmt.Fprint(fs.Output(), regelingenUsage, "\nflags:\n"); fs.PrintDefaults() }
	dsn := fs.String("db", "", "database `DSN`: a SQLite file or a postgres:// URL")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dsn == "" || fs.NArg() > 2 {
		fs.Usage()
		return errors.New("--db is required, with at most a CODE and a VERSION")
	}
	db, err := store.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	set, err := eligibility.NewService(db.Rules(), eligibility.MustDefault()).Rules(ctx)
	if err != nil {
		return err
	}
	if fs.NArg() == 2 {
		sc, ok := set.Version(fs.Arg(0), fs.Arg(1))
		if !ok {
			return fmt.Errorf("scheme %q has no version %q", fs.Arg(0), fs.Arg(1))
		}
		_, err := stdout.Write(sc.Content)
		return err
	}
	for _, code := range set.Codes() {
		if fs.NArg() == 1 && code != fs.Arg(0) {
			continue
		}
		for _, sc := range set.Versions(code) {
			to, loaded := "open", "not stored"
			if !sc.Valid.To.IsZero() {
				to = sc.Valid.To.Format("2006-01-02")
			}
			if !sc.LoadedAt.IsZero() {
				loaded = sc.LoadedAt.Format("2006-01-02 15:04") + " by " + sc.LoadedBy
			}
			fmt.Fprintf(stdout, "%-20s %-10s %s to %-10s %-11s %s\n", code, sc.Version, sc.Valid.From.Format("2006-01-02"), to, sc.Origin, loaded)
		}
	}
	return nil
}
