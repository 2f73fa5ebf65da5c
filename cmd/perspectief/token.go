package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/store"
)

func init() {
	register("token", "API tokens: token create --db DSN --email ADDRESS", runToken)
}

func runToken(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "create" {
		return errors.New("usage: perspectief token create --db DSN --email ADDRESS [--name NAME]")
	}
	fs := flag.NewFlagSet("token create", flag.ContinueOnError)
	dsn := fs.String("db", "", "database: a SQLite file or a postgres:// URL")
	email := fs.String("email", "", "the account the token acts for")
	name := fs.String("name", "", "a name to recognise the token by")
	if err := fs.Parse(args[1:]); err != nil {
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
	secret, _, err := account.NewService(db).CreateToken(ctx, *email, *name, "cli")
	if err != nil {
		return userError(err)
	}
	// The token alone goes to stdout, so that scripts can capture it.
	fmt.Fprintln(os.Stdout, secret)
	return nil
}
