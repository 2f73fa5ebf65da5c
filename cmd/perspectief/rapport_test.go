package main

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/perspectief/perspectief/internal/demo"
	"github.com/perspectief/perspectief/internal/headless"
	"github.com/perspectief/perspectief/internal/procesmonitor"
	"github.com/perspectief/perspectief/internal/report"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/wegingskader"
)

func TestRapport(t *testing.T) {
	for name, dsnFor := range databases(t) {
		t.Run(name, func(t *testing.T) {
			dsn := dsnFor(t)
			ctx := context.Background()
			db, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			if err := demo.Seed(ctx, demoStores(db), time.Now()); err != nil {
				t.Fatal(err)
			}
			if err := demo.SeedIndicators(ctx, db.Indicators()); err != nil {
				t.Fatal(err)
			}
			if err := demo.SeedProcesmonitor(ctx, demoStores(db), time.Now()); err != nil {
				t.Fatal(err)
			}
			db.Close()
			dir := t.TempDir()
			year := time.Now().Year() - 1

			html, zipFile := filepath.Join(dir, "rapport.html"), filepath.Join(dir, "open.zip")
			_, stderr, code := cli(t, "", "rapport", "--db", dsn, "--jaar", itoa(year), "--out", html, "--open-data", zipFile)
			if code != 0 {
				t.Fatalf("exit %d\n%s", code, stderr)
			}
			doc, _ := os.ReadFile(html)
			if !bytes.HasPrefix(doc, []byte("<!doctype html>")) || !bytes.Contains(doc, []byte("Voortgangsrapportage "+itoa(year))) {
				t.Errorf("HTML report: %.100s", doc)
			}
			if !strings.Contains(stderr, "Besluiten volgens het wegingskader: Nog geen gegevens") {
				t.Errorf("the command does not say which chapters have no data:\n%s", stderr)
			}
			// The procesmonitor is wired: chapter 5 has the spending per line.
			if !bytes.Contains(doc, []byte("Besteed van de inzet")) || bytes.Contains(doc, []byte("de procesmonitor is nog niet op dit rapport aangesloten")) {
				t.Error("the report shows no spending from the procesmonitor")
			}
			zb, _ := os.ReadFile(zipFile)
			zr, err := zip.NewReader(bytes.NewReader(zb), int64(len(zb)))
			if err != nil || zr.File[0].Name != "datapackage.json" {
				t.Fatalf("open data: %v", err)
			}
			var files []string
			for _, f := range zr.File {
				files = append(files, f.Name)
			}
			if !slices.Contains(files, "besteding.csv") {
				t.Errorf("open data files %v: no besteding.csv", files)
			}

			for _, bad := range [][]string{
				{"--jaar", itoa(year), "--out", filepath.Join(dir, "r.docx")},
				{"--jaar", itoa(year), "--open-data", filepath.Join(dir, "r.tar")},
				{"--jaar", itoa(year)},
				{"--jaar", itoa(year), "--out", filepath.Join(dir, "geen-map", "r.html")},
			} {
				if _, stderr, code := cli(t, "", append([]string{"rapport", "--db", dsn}, bad...)...); code == 0 {
					t.Errorf("rapport %v succeeded:\n%s", bad, stderr)
				}
			}
			_, stderr, code = cli(t, "", "rapport", "--db", dsn, "--jaar", itoa(time.Now().Year()+1), "--out", html)
			if code != 1 || !strings.Contains(stderr, "ligt in de toekomst") {
				t.Errorf("future year: exit %d\n%s", code, stderr)
			}
		})
	}
}

func TestRapportPDF(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "p.db")
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.Seed(context.Background(), demoStores(db), time.Now()); err != nil {
		t.Fatal(err)
	}
	db.Close()
	out := filepath.Join(t.TempDir(), "rapport.pdf")
	year := itoa(time.Now().Year() - 1)

	t.Run("without Chromium", func(t *testing.T) {
		t.Setenv("PATH", t.TempDir())
		_, stderr, code := cli(t, "", "rapport", "--db", dsn, "--jaar", year, "--out", out)
		if code != 1 || !strings.Contains(stderr, "Een PDF maken kan hier niet, omdat Chromium niet op deze computer staat.") {
			t.Errorf("exit %d\n%s", code, stderr)
		}
		if _, err := os.Stat(out); err == nil {
			t.Error("a PDF file was written")
		}
	})
	t.Run("with Chromium", func(t *testing.T) {
		if !headless.Available() {
			if os.Getenv("PERSPECTIEF_REQUIRE_BROWSER") == "1" {
				t.Fatal("no Chromium, but PERSPECTIEF_REQUIRE_BROWSER=1")
			}
			t.Skip("no Chromium")
		}
		_, stderr, code := cli(t, "", "rapport", "--db", dsn, "--jaar", year, "--out", out)
		if code != 0 {
			t.Fatalf("exit %d\n%s", code, stderr)
		}
		b, _ := os.ReadFile(out)
		if !bytes.HasPrefix(b, []byte("%PDF-")) {
			t.Errorf("not a PDF: %.20q", b)
		}
	})
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestProcesmonitorSpending checks the adapter between the procesmonitor
// and the report: nothing for a year without spending, and otherwise the
// budget's inzet per line in euros (L1 in 2025: 300 + 250 + 100 thousand).
func TestProcesmonitorSpending(t *testing.T) {
	ctx := context.Background()
	db, now := seededDB(t)
	pm := procesmonitor.NewService(db.Procesmonitor(), db.Programmes())
	pm.Now = func() time.Time { return now }
	src := report.ProcesmonitorSpending{PM: pm}
	if rows, err := src.Spending(ctx, 2025); err != nil || rows != nil {
		t.Errorf("without bookings: %v, %v; want none", rows, err)
	}
	if rows, err := src.Spending(ctx, 2019); err != nil || rows != nil {
		t.Errorf("a year outside the budget: %v, %v; want none", rows, err)
	}
	if err := demo.SeedProcesmonitor(ctx, demoStores(db), now); err != nil {
		t.Fatal(err)
	}
	rows, err := src.Spending(ctx, 2025)
	if err != nil || len(rows) == 0 {
		t.Fatalf("with bookings: %v, %v", rows, err)
	}
	l1 := rows[0]
	if l1.Line != "L1" || l1.Allocated != 650000 || l1.Available != nil || l1.Spent <= 0 {
		t.Errorf("L1 in 2025: %+v, want inzet 650000 euros, no available of its own, some spending", l1)
	}
}

// TestLearningLessons checks the adapter between the learning log and the
// report: the lessons and decisions dated in the year, never the signals,
// with the codes they concern.
func TestLearningLessons(t *testing.T) {
	ctx := context.Background()
	db, now := seededDB(t)
	if err := demo.SeedSurveysAndLearning(ctx, demoStores(db), now); err != nil {
		t.Fatal(err)
	}
	src := report.LearningLessons{Log: db.Learning()}
	got, err := src.Lessons(ctx, 2026)
	if err != nil {
		t.Fatal(err)
	}
	byTitle := map[string]report.Lesson{}
	for _, l := range got {
		if l.Kind != "les" && l.Kind != "besluit" {
			t.Errorf("entry %q of kind %q in the report", l.Title, l.Kind)
		}
		if l.Date.Year() != 2026 {
			t.Errorf("entry %q dated %v", l.Title, l.Date)
		}
		byTitle[l.Title] = l
	}
	lesson, ok := byTitle["Laat brieven eerst lezen door ervaringsdeskundigen"]
	if !ok || !slices.Contains(lesson.Links, "L1-04") || !slices.Contains(lesson.Links, "O2") {
		t.Errorf("the demo's lesson on letters: %+v (found %v)", lesson, ok)
	}
	if _, ok := byTitle["Pauzeknop gaat op in een vaste contactpersoon voor jongeren"]; !ok {
		t.Errorf("the demo's decision is missing: %v", got)
	}
	// The demo's entries of 2025 are signals only.
	if old, err := src.Lessons(ctx, 2025); err != nil || len(old) != 0 {
		t.Errorf("2025: %v, %v; want no lessons or decisions", old, err)
	}
}

// seededDB is a SQLite database with the demo programme as of 1 June 2026.
func seededDB(t *testing.T) (*store.DB, time.Time) {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	if err := demo.Seed(context.Background(), demoStores(db), now); err != nil {
		t.Fatal(err)
	}
	return db, now
}

// TestWegingskaderDecisions checks the adapter between the wegingskader and
// the report: only rounds decided in the year, each chosen request with its
// applicant and the euros it asked over its years.
func TestWegingskaderDecisions(t *testing.T) {
	ctx := context.Background()
	db, now := seededDB(t)
	if err := demo.SeedWegingskader(ctx, demoStores(db), now); err != nil {
		t.Fatal(err)
	}
	src := report.WegingskaderDecisions{Store: db.Wegingskader()}
	if got, err := src.Decisions(ctx, 2026); err != nil || len(got) != 0 {
		t.Fatalf("the demo's round is closed, not decided: %v, %v", got, err)
	}
	rounds, err := db.Wegingskader().Rounds(ctx)
	if err != nil || len(rounds) == 0 {
		t.Fatalf("rounds: %v, %v", rounds, err)
	}
	r := rounds[0]
	reqs, _ := db.Wegingskader().Requests(ctx)
	var want []string
	var total float64
	for _, q := range reqs {
		if q.ID == r.Requests[0] || q.ID == r.Requests[1] {
			want = append(want, q.Title+" ("+q.Applicant+")")
			total += float64(q.Amounts.Total())
		}
	}
	decided := time.Date(2026, 5, 31, 22, 30, 0, 0, time.UTC) // 1 June in Groningen
	d := wegingskader.Decision{Chosen: r.Requests[:2], Motivation: "Past het best binnen het budget.", DecidedBy: "beheerder@demo.perspectief.nl", DecidedAt: decided}
	if err := db.Wegingskader().Decide(ctx, r.ID, d, "test"); err != nil {
		t.Fatal(err)
	}
	got, err := src.Decisions(ctx, 2026)
	if err != nil || len(got) != 1 {
		t.Fatalf("2026: %v, %v", got, err)
	}
	g := got[0]
	var titles []string
	var sum float64
	for _, gr := range g.Granted {
		titles = append(titles, gr.Title)
		sum += gr.Amount
	}
	slices.Sort(titles)
	slices.Sort(want)
	if g.Round != r.Name || g.Motivation != d.Motivation || !g.Date.Equal(decided) || !slices.Equal(titles, want) || sum != total {
		t.Errorf("decision %+v, want round %q, grants %v totalling %v", g, r.Name, want, total)
	}
	if old, _ := src.Decisions(ctx, 2025); len(old) != 0 {
		t.Errorf("2025: %v", old)
	}
}
