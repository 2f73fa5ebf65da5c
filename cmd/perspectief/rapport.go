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
	"slices"
	"strings"
	"time"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/atomicfile"
	"github.com/perspectief/perspectief/internal/datefmt"
	"github.com/perspectief/perspectief/internal/headless"
	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/learning"
	"github.com/perspectief/perspectief/internal/procesmonitor"
	"github.com/perspectief/perspectief/internal/report"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/wegingskader"
)

func init() {
	register("rapport", "the yearly progress report as PDF or HTML, and its open data: rapport --db DSN --jaar YYYY --out FILE.pdf", runRapport)
}

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
// report is plugged in here, each through a small adapter below (see
// docs/report.md).
func reportService(db *store.DB) *report.Service {
	svc := report.NewService(report.Sources{
		Programme:  db.Programmes(),
		Versions:   db.Programmes(),
		Indicators: indicator.NewService(db.Indicators(), db.Trends(), db.Shapes()),
		TrendRuns:  db.Trends(),
		Spending:   procesmonitorSpending{procesmonitor.NewService(db.Procesmonitor(), db.Programmes())},
		Decisions:  wegingskaderDecisions{db.Wegingskader()},
		Lessons:    learningLessons{db.Learning()},
	}, db.Reports())
	if headless.Available() {
		svc.PDF = headless.PDF
	}
	return svc
}

// procesmonitorSpending gives the report the procesmonitor's money per line
// in a year: what is allocated, what was spent, and what is available where
// sources are tied to a line. The procesmonitor counts in thousands of
// euros, the report in euros. A year without any spending has none, so the
// report says so rather than showing zeros.
type procesmonitorSpending struct{ pm *procesmonitor.Service }

func (a procesmonitorSpending) Spending(ctx context.Context, year int) ([]report.Spending, error) {
	_, o, err := a.pm.Overview(ctx, year)
	if perspectief.ErrorCode(err) == perspectief.CodeInvalid {
		return nil, nil // the year lies outside the budget
	}
	if err != nil {
		return nil, err
	}
	var out []report.Spending
	spent := false
	for _, l := range o.Lines {
		f, ok := l.FiguresOf(year)
		if !ok {
			continue
		}
		s := report.Spending{Line: l.Code, Allocated: f.Allocated * 1000, Spent: f.Spent * 1000}
		if f.HasAvailable {
			v := f.Available * 1000
			s.Available = &v
		}
		spent = spent || f.Spent != 0
		out = append(out, s)
	}
	if !spent {
		return nil, nil
	}
	return out, nil
}

// wegingskaderDecisions gives the report the wegingskader rounds decided in
// a year (by the day of the decision, in Dutch time): the requests chosen,
// each with its applicant and the euros it asked over all its years, and
// the motivation.
type wegingskaderDecisions struct {
	st interface {
		Rounds(ctx context.Context) ([]wegingskader.Round, error)
		Requests(ctx context.Context) ([]wegingskader.Request, error)
	}
}

func (a wegingskaderDecisions) Decisions(ctx context.Context, year int) ([]report.Decision, error) {
	rounds, err := a.st.Rounds(ctx)
	if err != nil {
		return nil, err
	}
	reqs, err := a.st.Requests(ctx)
	if err != nil {
		return nil, err
	}
	byID := map[int64]wegingskader.Request{}
	for _, q := range reqs {
		byID[q.ID] = q
	}
	var out []report.Decision
	for _, r := range rounds {
		d := r.Decision
		if r.Status != wegingskader.StatusDecided || d == nil || d.DecidedAt.In(datefmt.Amsterdam).Year() != year {
			continue
		}
		rd := report.Decision{Round: r.Name, Date: d.DecidedAt, Motivation: d.Motivation}
		for _, id := range d.Chosen {
			q := byID[id]
			title := q.Title
			if q.Applicant != "" {
				title += " (" + q.Applicant + ")"
			}
			rd.Granted = append(rd.Granted, report.Grant{Title: title, Amount: float64(q.Amounts.Total())})
		}
		out = append(out, rd)
	}
	return out, nil
}

// learningLessons gives the report the learning log's lessons and
// decisions dated in a year (signals stay in the log), with the codes of
// what each concerns.
type learningLessons struct{ log learning.Reader }

func (a learningLessons) Lessons(ctx context.Context, year int) ([]report.Lesson, error) {
	from, to := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC)
	var out []report.Lesson
	for _, k := range []learning.Kind{learning.Decision, learning.Lesson} {
		es, err := a.log.Entries(ctx, learning.Filter{Kind: k, From: from, To: to})
		if err != nil {
			return nil, err
		}
		for _, e := range es {
			links := slices.Concat(e.Goals, e.Lines, e.Interventions, e.Indicators)
			for _, r := range e.Rounds {
				links = append(links, "ronde "+r)
			}
			out = append(out, report.Lesson{Date: e.Date, Kind: string(e.Kind), Title: e.Title, Text: e.Text, Links: links})
		}
	}
	return out, nil
}

func runRapport(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("rapport", flag.ContinueOnError)
	fs.Usage = func() { fmt.Fprint(fs.Output(), rapportUsage, "\nflags:\n"); fs.PrintDefaults() }
	dsn := fs.String("db", "", "database `DSN`: a SQLite file or a postgres:// URL")
	year := fs.Int("jaar", 0, "the `YYYY` the report is about")
	out := fs.String("out", "", "the report to write: `FILE`.pdf or FILE.html")
	openData := fs.String("open-data", "", "also write the open-data package to `FILE`.zip")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dsn == "" || *year == 0 || (*out == "" && *openData == "") || fs.NArg() > 0 {
		fs.Usage()
		return errors.New("--db, --jaar and --out or --open-data are required")
	}
	ext := strings.ToLower(filepath.Ext(*out))
	if *out != "" && ext != ".pdf" && ext != ".html" && ext != ".htm" {
		return fmt.Errorf("--out %s: the name must end in .pdf or .html", *out)
	}
	if *openData != "" && strings.ToLower(filepath.Ext(*openData)) != ".zip" {
		return fmt.Errorf("--open-data %s: the name must end in .zip", *openData)
	}
	for _, f := range []string{*out, *openData} {
		if f != "" {
			if err := checkOutDir(f); err != nil {
				return err
			}
		}
	}
	db, err := store.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	svc := reportService(db)
	if ext == ".pdf" && svc.PDF == nil {
		return report.ErrNoBrowser
	}
	r, err := svc.Build(ctx, *year)
	if err != nil {
		return err
	}
	if *out != "" {
		doc, err := report.Render(r)
		if err != nil {
			return err
		}
		if ext == ".pdf" {
			if doc, err = svc.MakePDF(ctx, doc); err != nil {
				return err
			}
		}
		if err := writeFile(*out, doc); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "Wrote the report on %d to %s (%d bytes).\n", *year, *out, len(doc))
	}
	if *openData != "" {
		zip, err := report.OpenData(r)
		if err != nil {
			return err
		}
		if err := writeFile(*openData, zip); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "Wrote the open data of %d to %s (%d bytes).\n", *year, *openData, len(zip))
	}
	for _, c := range report.Chapters {
		if why := r.Missing()[c.Key]; why != "" {
			fmt.Fprintf(os.Stderr, "  %s: %s\n", c.Title, why)
		}
	}
	return nil
}

func writeFile(path string, b []byte) error {
	return atomicfile.Write(path, atomicfile.Options{Perm: 0o600}, func(w io.Writer) error {
		_, err := io.Copy(w, bytes.NewReader(b))
		return err
	})
}
