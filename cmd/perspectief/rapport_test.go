package main

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/perspectief/perspectief/internal/demo"
	"github.com/perspectief/perspectief/internal/headless"
	"github.com/perspectief/perspectief/internal/store"
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
			if err := demo.Seed(ctx, db, time.Now()); err != nil {
				t.Fatal(err)
			}
			if err := demo.SeedIndicators(ctx, db); err != nil {
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
			zb, _ := os.ReadFile(zipFile)
			if zr, err := zip.NewReader(bytes.NewReader(zb), int64(len(zb))); err != nil || zr.File[0].Name != "datapackage.json" {
				t.Errorf("open data: %v", err)
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
	if err := demo.Seed(context.Background(), db, time.Now()); err != nil {
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
