package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/perspectief/perspectief/internal/atomicfile"
	"github.com/perspectief/perspectief/internal/headless"
	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/procesmonitor"
	"github.com/perspectief/perspectief/internal/report"
	"github.com/perspectief/perspectief/internal/store"
)

const rapportUsage = `usage:
  perspectief rapport --db DSN --jaar YYYY --out FILE.pdf|FILE.html [--open-data FILE.zip]
  perspectief rapport --db DSN --jaar YYYY --open-data FILE.zip

Makes the voortgangsrapportage of year YYYY from the data in the database,
with the narrative texts the team wrote for it. --out FILE.html writes one
self-contained HTML file; --out FILE.pdf prints that file to PDF with the
machine's Chromium. --open-data writes the report's aggregates as a
Frictionless data package (zip: datapackage.json and CSV files).
`

// reportService wires the report to its sources: every source of the
// report is plugged in here, each through its feed in internal/report
// (see docs/report.md).
func reportService(db *store.DB) *report.Service {
	svc := report.NewService(report.Sources{
		Programme:  db.Programmes(),
		Versions:   db.Programmes(),
		Indicators: indicator.NewService(db.Indicators(), db.Trends(), db.Shapes()),
		TrendRuns:  db.Trends(),
		Spending:   report.ProcesmonitorSpending{PM: procesmonitor.NewService(db.Procesmonitor(), db.Programmes())},
		Decisions:  report.WegingskaderDecisions{Store: db.Wegingskader()},
		Lessons:    report.LearningLessons{Log: db.Learning()},
	}, db.Reports())
	if headless.Available() {
		svc.PDF = headless.PDF
	}
	return svc
}

// tertialService wires the tertial report for the regiegroep to its
// sources.
func tertialService(db *store.DB) *report.TertialService {
	svc := report.NewTertialService(report.TertialSources{
		Programme:     db.Programmes(),
		Indicators:    indicator.NewService(db.Indicators(), db.Trends(), db.Shapes()),
		Procesmonitor: procesmonitor.NewService(db.Procesmonitor(), db.Programmes()),
		Users:         db.Accounts().Users,
	}, db.Reports())
	if headless.Available() {
		svc.PDF = headless.PDF
	}
	return svc
}

// rapportFlags are the flags of rapport.
type rapportFlags struct {
	dsn, out, openData string
	year               int
	pdf                bool
}

func parseRapport(args []string) (*rapportFlags, error) {
	var f rapportFlags
	fs := flag.NewFlagSet("rapport", flag.ContinueOnError)
	fs.Usage = func() { fmt.Fprint(fs.Output(), rapportUsage, "\nflags:\n"); fs.PrintDefaults() }
	fs.StringVar(&f.dsn, "db", "", "database `DSN`: a SQLite file or a postgres:// URL")
	fs.IntVar(&f.year, "jaar", 0, "the `YYYY` the report is about")
	fs.StringVar(&f.out, "out", "", "the report to write: `FILE`.pdf or FILE.html")
	fs.StringVar(&f.openData, "open-data", "", "also write the open-data package to `FILE`.zip")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if f.dsn == "" || f.year == 0 || (f.out == "" && f.openData == "") || fs.NArg() > 0 {
		fs.Usage()
		return nil, errors.New("--db, --jaar and --out or --open-data are required")
	}
	ext := strings.ToLower(filepath.Ext(f.out))
	if f.out != "" && ext != ".pdf" && ext != ".html" && ext != ".htm" {
		return nil, fmt.Errorf("--out %s: the name must end in .pdf or .html", f.out)
	}
	f.pdf = ext == ".pdf"
	if f.openData != "" && strings.ToLower(filepath.Ext(f.openData)) != ".zip" {
		return nil, fmt.Errorf("--open-data %s: the name must end in .zip", f.openData)
	}
	for _, p := range []string{f.out, f.openData} {
		if p != "" {
			if err := checkOutDir(p); err != nil {
				return nil, err
			}
		}
	}
	return &f, nil
}

func runRapport(ctx context.Context, args []string) error {
	f, err := parseRapport(args)
	if err != nil {
		return err
	}
	db, err := store.Open(ctx, f.dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	svc := reportService(db)
	if f.pdf && svc.PDF == nil {
		return report.ErrNoBrowser
	}
	r, err := svc.Build(ctx, f.year)
	if err != nil {
		return err
	}
	if f.out != "" {
		if err := writeReport(ctx, svc, r, f); err != nil {
			return err
		}
	}
	if f.openData != "" {
		zip, err := report.OpenData(r)
		if err != nil {
			return err
		}
		if err := writeFile(f.openData, zip); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "Wrote the open data of %d to %s (%d bytes).\n", f.year, f.openData, len(zip))
	}
	for _, c := range report.Chapters {
		if why := r.Missing()[c.Key]; why != "" {
			fmt.Fprintf(os.Stderr, "  %s: %s\n", c.Title, why)
		}
	}
	return nil
}

// writeReport renders the report to --out, as HTML or printed to PDF.
func writeReport(ctx context.Context, svc *report.Service, r *report.Report, f *rapportFlags) error {
	doc, err := report.Render(r)
	if err != nil {
		return err
	}
	if f.pdf {
		if doc, err = svc.MakePDF(ctx, doc); err != nil {
			return err
		}
	}
	if err := writeFile(f.out, doc); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "Wrote the report on %d to %s (%d bytes).\n", f.year, f.out, len(doc))
	return nil
}

func writeFile(path string, b []byte) error {
	return atomicfile.Write(path, atomicfile.Options{Perm: 0o600}, func(w io.Writer) error {
		_, err := io.Copy(w, bytes.NewReader(b))
		return err
	})
}
