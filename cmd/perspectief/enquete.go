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

const enqueteUsage = `usage:
  perspectief enquete antwoorden-inlezen  --db DSN --as EMAIL --meting CODE FILE.csv
  perspectief enquete vragenlijst-inlezen --db DSN --as EMAIL FILE.yaml
  perspectief enquete links-maken         --db DSN --as EMAIL --meting CODE --aantal N --basis-url URL --out FILE.csv

antwoorden-inlezen reads answers exported from another survey tool into a
published wave; a file with any bad cell is refused whole, each problem as
FILE:LINE: kolom NAME: reason. vragenlijst-inlezen stores a questionnaire
file as the next version of its code. links-maken makes N personal links
for a wave with personal links and writes them to FILE.csv (link per line);
only their hashes are stored, so the file is the only copy.

--as names the account that acts: it must exist and be a beheerder or
programmateam, as on the web pages; the audit log records it.
`

// enqueteFlags are the flags of the enquete verbs.
type enqueteFlags struct {
	dsn, as, wave, base, out string
	n                        int
	files                    []string
}

func parseEnquete(verb string, args []string) (enqueteFlags, error) {
	var e enqueteFlags
	fs := flag.NewFlagSet("enquete "+verb, flag.ContinueOnError)
	fs.Usage = func() { fmt.Fprint(fs.Output(), enqueteUsage, "\nflags:\n"); fs.PrintDefaults() }
	fs.StringVar(&e.dsn, "db", "", "database `DSN`: a SQLite file or a postgres:// URL")
	fs.StringVar(&e.as, "as", "", "`EMAIL` of the account that acts")
	fs.StringVar(&e.wave, "meting", "", "`CODE` of the wave")
	fs.IntVar(&e.n, "aantal", 0, "number of personal links")
	fs.StringVar(&e.base, "basis-url", "", "`URL` residents reach the site at, e.g. https://perspectief.groningen.nl")
	fs.StringVar(&e.out, "out", "", "output `FILE.csv` for the links")
	if err := fs.Parse(args); err != nil {
		return e, err
	}
	if e.dsn == "" || e.as == "" {
		fs.Usage()
		return e, errors.New("--db and --as are required")
	}
	e.files = fs.Args()
	return e, nil
}

// withSurveys opens the database of e and hands do the survey service and
// the account --as.
func withSurveys(ctx context.Context, e enqueteFlags, do func(ss *survey.Service, u account.User) error) error {
	db, err := store.Open(ctx, e.dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := db.Accounts().UserByEmail(ctx, strings.ToLower(e.as))
	if err != nil {
		return fmt.Errorf("--as %s: %w", e.as, err)
	}
	return do(survey.NewService(db.Surveys(), db.Programmes(), db.Indicators()), *u)
}

func enqueteAntwoordenInlezen(ctx context.Context, args []string) error {
	e, err := parseEnquete("antwoorden-inlezen", args)
	if err != nil {
		return err
	}
	if e.wave == "" || len(e.files) != 1 {
		return errors.New("--meting and one FILE.csv are required")
	}
	return withSurveys(ctx, e, func(ss *survey.Service, u account.User) error {
		return enqueteImport(ctx, ss, u, e.wave, e.files[0])
	})
}

func enqueteVragenlijstInlezen(ctx context.Context, args []string) error {
	e, err := parseEnquete("vragenlijst-inlezen", args)
	if err != nil {
		return err
	}
	if len(e.files) != 1 {
		return errors.New("one FILE.yaml is required")
	}
	return withSurveys(ctx, e, func(ss *survey.Service, u account.User) error {
		f, err := os.Open(e.files[0])
		if err != nil {
			return err
		}
		defer f.Close()
		q, created, err := ss.ReadAndSave(ctx, u, filepath.Base(e.files[0]), f)
		if err != nil {
			return withDetails(err)
		}
		if created {
			fmt.Fprintf(os.Stderr, "Stored questionnaire %s version %d (%d questions).\n", q.Code, q.Version, len(q.Questions))
		} else {
			fmt.Fprintf(os.Stderr, "Questionnaire %s is the same as version %d; nothing stored.\n", q.Code, q.Version)
		}
		return nil
	})
}

func enqueteLinksMaken(ctx context.Context, args []string) error {
	e, err := parseEnquete("links-maken", args)
	if err != nil {
		return err
	}
	if e.wave == "" || e.n < 1 || e.base == "" || e.out == "" {
		return errors.New("--meting, --aantal, --basis-url and --out are required")
	}
	return withSurveys(ctx, e, func(ss *survey.Service, u account.User) error {
		tokens, err := ss.IssueTokens(ctx, u, e.wave, e.n)
		if err != nil {
			return withDetails(err)
		}
		prefix := strings.TrimSuffix(e.base, "/") + "/enquete/"
		err = atomicfile.Write(e.out, atomicfile.Options{Perm: 0o600}, func(w io.Writer) error {
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
		fmt.Fprintf(os.Stderr, "Wrote %d personal links to %s.\n", len(tokens), e.out)
		return nil
	})
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
