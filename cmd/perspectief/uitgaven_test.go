package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/perspectief/perspectief/internal/programme"
	"github.com/perspectief/perspectief/internal/store"
)

func TestUitgavenImport(t *testing.T) {
	for name, dsnFor := range databases(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			dsn := dsnFor(t)
			db, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			m, err := programme.ReadFile("groningen.yaml", bytes.NewReader(programme.GroningenFile()))
			if err != nil {
				t.Fatal(err)
			}
			if err := db.Programmes().ReplaceModel(ctx, m, "test"); err != nil {
				t.Fatal(err)
			}

			dir := t.TempDir()
			good := filepath.Join(dir, "export.csv")
			src := "boekdatum;lijn_of_post;bedrag;omschrijving;referentie\n" +
				"2025-01-31;L1.2;25000,00;Kindpassen januari;FA-1\n" +
				"2025-02-28;L2;-100;Correctie;FA-2\n"
			if err := os.WriteFile(good, []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			_, stderr, code := cli(t, "", "uitgaven", "inlezen", "--db", dsn, good)
			if code != 0 || !strings.Contains(stderr, "Stored 2 new bookings from export.csv (0 already stored, skipped).") {
				t.Fatalf("exit %d\n%s", code, stderr)
			}
			_, stderr, code = cli(t, "", "uitgaven", "inlezen", "--db", dsn, good)
			if code != 0 || !strings.Contains(stderr, "Nothing new in export.csv: all 2 bookings were already stored; nothing changed.") {
				t.Fatalf("second import: exit %d\n%s", code, stderr)
			}

			bad := filepath.Join(dir, "fout.csv")
			if err := os.WriteFile(bad, []byte(src+"2025-03-01;L1.2;12.345,00;Te veel punten;FA-3\n2025-03-02;L8;1;;FA-4\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			_, stderr, code = cli(t, "", "uitgaven", "inlezen", "--db", dsn, bad)
			if code != 1 || !strings.Contains(stderr, "fout.csv:4: bedrag:") || !strings.Contains(stderr, `fout.csv:5: lijn_of_post: "L8"`) || !strings.Contains(stderr, "geweigerd") {
				t.Fatalf("bad file: exit %d\n%s", code, stderr)
			}
			bs, err := db.Procesmonitor().Bookings(ctx, 0)
			if err != nil || len(bs) != 2 {
				t.Errorf("%d bookings stored, want 2: a refused file must change nothing (%v)", len(bs), err)
			}
			evs, _ := db.Accounts().AuditLog(ctx, 1, 0)
			if len(evs) != 1 || evs[0].Actor != "cli" || evs[0].Entity != "uitgaven" || evs[0].Key != "export.csv" {
				t.Errorf("last audit event %+v, want the cli's import of export.csv", evs)
			}
			if _, _, code := cli(t, "", "uitgaven", "inlezen", "--db", dsn); code == 0 {
				t.Error("import without a file succeeded")
			}
		})
	}
}
