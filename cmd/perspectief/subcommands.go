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
	"github.com/perspectief/perspectief/internal/store"
)

// importArgs reads the arguments of an "import --db DSN FILE" subcommand.
func importArgs(name, usage string, args []string) (dsn, path string, err error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.Usage = func() { fmt.Fprint(fs.Output(), usage, "\nflags:\n"); fs.PrintDefaults() }
	db := fs.String("db", "", "database `DSN`: a SQLite file or a postgres:// URL")
	if err := fs.Parse(args); err != nil {
		return "", "", err
	}
	if *db == "" || fs.NArg() != 1 {
		fs.Usage()
		return "", "", errors.New("--db and one input file are required")
	}
	return *db, fs.Arg(0), nil
}

// openImport opens the file to import and the database to import it into;
// close both when done.
func openImport(ctx context.Context, dsn, path string) (*os.File, *store.DB, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	db, err := store.Open(ctx, dsn)
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, db, nil
}

// withImport runs an import subcommand: it parses --db and the one file,
// opens both, and hands do the database, the file's base name (which
// messages and the audit log name) and the file; both are closed after.
func withImport(ctx context.Context, name, usage string, args []string, do func(db *store.DB, file string, r io.Reader) error) error {
	dsn, path, err := importArgs(name, usage, args)
	if err != nil {
		return err
	}
	f, db, err := openImport(ctx, dsn, path)
	if err != nil {
		return err
	}
	defer f.Close()
	defer db.Close()
	return do(db, filepath.Base(path), f)
}

// refused prints the detail lines of a refused file, one problem each, and
// returns err, whose message the caller prints.
func refused(err error) error {
	for _, d := range perspectief.ErrorDetails(err) {
		fmt.Fprintln(os.Stderr, d)
	}
	return err
}
