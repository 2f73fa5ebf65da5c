package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/atomicfile"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/survey"
)

func init() {
	register("enquete", "experience surveys: import answers, read in a questionnaire, make personal links", runEnquete)
}

const enqueteUsage = `usage:
  perspectief enquete import      --db DSN --as EMAIL --meting CODE FILE.csv
  perspectief enquete vragenlijst --db DSN --as EMAIL FILE.yaml
  perspectief enquete links       --db DSN --as EMAIL --meting CODE --aantal N --basis-url URL --out FILE.csv

import reads answers exported from another survey tool into a published
wave; a file with any bad cell is refused whole, each problem as
FILE:LINE: kolom NAME: reason. vragenlijst stores a questionnaire file as
the next version of its code. links makes N personal links for a wave with
personal links and writes them to FILE.csv (link per line); only their
hashes are stored, so the file is the only copy.

--as names the account that acts: it must exist and be a beheerder or
programmateam, as on the web pages; the audit log records it.
`

func runEnquete(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(os.Stderr, enqueteUsage)
		return flag.ErrHelp
	}
	sub, rest := args[0], args[1:]
	fs := flag.NewFlagSet("enquete "+sub, flag.ContinueOnError)
	fs.Usage = func() { fmt.Fprint(fs.Output(), enqueteUsage, "\nflags:\n"); fs.PrintDefaults() }
	dsn := fs.String("db", "", "database `DSN`: a SQLite file or a postgres:// URL")
	as := fs.String("as", "", "`EMAIL` of the account that acts")
	wave := fs.String("meting", "", "`CODE` of the wave")
	n := fs.Int("aantal", 0, "number of personal links")
	base := fs.String("basis-url", "", "`URL` residents reach the site at, e.g. https://perspectief.groningen.nl")
	out := fs.String("out", "", "output `FILE.csv` for the links")
	if err := fs.Parse(rest); err != nil {
		return err
	}
	if *dsn == "" || *as == "" {
		fs.Usage()
		return errors.New("--db and --as are required")
	}
	db, err := store.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := db.Accounts().UserByEmail(ctx, strings.ToLower(*as))
	if err != nil {
		return fmt.Errorf("--as %s: %w", *as, err)
	}
	ss := survey.NewService(db.Surveys(), db.Programmes(), db.Indicators())
	switch sub {
	case "import":
		if *wave == "" || fs.NArg() != 1 {
			return errors.New("--meting and one FILE.csv are required")
		}
		return enqueteImport(ctx, ss, *u, *wave, fs.Arg(0))
	case "vragenlijst":
		if fs.NArg() != 1 {
			return errors.New("one FILE.yaml is required")
		}
		f, err := os.Open(fs.Arg(0))
		if err != nil {
			return err
		}
		defer f.Close()
		q, created, err := ss.ReadAndSave(ctx, *u, filepath.Base(fs.Arg(0)), f)
		if err != nil {
			return withDetails(err)
		}
		if created {
			fmt.Fprintf(os.Stderr, "Stored questionnaire %s version %d (%d questions).\n", q.Code, q.Version, len(q.Questions))
		} else {
			fmt.Fprintf(os.Stderr, "Questionnaire %s is the same as version %d; nothing stored.\n", q.Code, q.Version)
		}
		return nil
	case "links":
		if *wave == "" || *n < 1 || *base == "" || *out == "" {
			return errors.New("--meting, --aantal, --basis-url and --out are required")
		}
		tokens, err := ss.IssueTokens(ctx, *u, *wave, *n)
		if err != nil {
			return withDetails(err)
		}
		prefix := strings.TrimSuffix(*base, "/") + "/enquete/"
		err = atomicfile.Write(*out, atomicfile.Options{Perm: 0o600}, func(w io.Writer) error {
			if _, err := fmt.Fprintln(w, "link"); err != nil {
				return err
			}
			for _, t := range tokens {
				if _, err := fmt.Fprintln(w, prefix+t); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("%d links were made but could not be written (they are not stored; make new ones): %w", len(tokens), err)
		}
		fmt.Fprintf(os.Stderr, "Wrote %d personal links to %s.\n", len(tokens), *out)
		return nil
	}
	fmt.Fprint(os.Stderr, enqueteUsage)
	return fmt.Errorf("unknown subcommand %q", sub)
}

func enqueteImport(ctx context.Context, ss *survey.Service, u account.User, wave, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	imp, err := ss.ImportCSV(ctx, u, wave, filepath.Base(path), f)
	if err != nil {
		return withDetails(err)
	}
	fmt.Fprintf(os.Stderr, "Imported %d answers into %s (%d already imported before, %d rows without any answer skipped).\n", imp.Added, wave, imp.Known, imp.Empty)
	return nil
}

// withDetails puts the detail lines of a refused file under its message.
func withDetails(err error) error {
	d := perspectief.ErrorDetails(err)
	if len(d) == 0 {
		return err
	}
	return fmt.Errorf("%s\n  %s", perspectief.ErrorMessage(err), strings.Join(d, "\n  "))
}
