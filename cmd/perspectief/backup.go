package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/perspectief/perspectief/internal/store"
)

func runBackup(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	dsn := fs.String("db", "", "the SQLite database file")
	out := fs.String("out", "", "the backup file to write (must not exist)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dsn == "" || *out == "" {
		return errors.New("--db and --out are required")
	}
	if store.IsPostgres(*dsn) {
		return errors.New("backup copies SQLite databases; for PostgreSQL use pg_dump")
	}
	if _, err := os.Stat(*dsn); err != nil {
		return fmt.Errorf("database %s: %w", *dsn, err)
	}
	db, err := store.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(ctx, *out); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "Backup written to %s\n", *out)
	return nil
}
