package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/store"
)

const tokenUsage = "usage: perspectief token maken --db DSN --email ADDRESS [--name NAME] [--days N]\n"

func tokenMaken(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("token maken", flag.ContinueOnError)
	dsn := fs.String("db", "", "database: a SQLite file or a postgres:// URL")
	email := fs.String("email", "", "the account the token acts for")
	name := fs.String("name", "", "a name to recognise the token by")
	days := fs.Int("days", 365, "days until the token expires (at most 731)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dsn == "" || *email == "" {
		return errors.New("--db and --email are required")
	}
	db, err := store.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	svc := account.NewService(db.Accounts())
	secret, t, err := svc.CreateTokenUntil(ctx, *email, *name, "cli", svc.Now().Add(time.Duration(*days)*24*time.Hour))
	if err != nil {
		return userError(err)
	}
	fmt.Fprintf(os.Stderr, "Token %q expires on %s.\n", t.Name, t.ExpiresAt.Format("2006-01-02 15:04Z"))
	// The token alone goes to stdout, so that scripts can capture it.
	fmt.Fprintln(os.Stdout, secret)
	return nil
}
