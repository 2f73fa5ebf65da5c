package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/perspectief/perspectief/internal/demo"
	"github.com/perspectief/perspectief/internal/store"
)

func TestEnquete(t *testing.T) {
	for name, dsnFor := range databases(t) {
		t.Run(name, func(t *testing.T) {
			dsn := dsnFor(t)
			ctx := context.Background()
			now := time.Date(2025, 6, 16, 10, 0, 0, 0, time.UTC)
			db, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			for _, seed := range []func() error{
				func() error { return demo.Seed(ctx, demoStores(db), now) },
				func() error { return demo.SeedIndicators(ctx, db.Indicators()) },
				func() error { return demo.SeedSurveys(ctx, demoStores(db), now) },
			} {
				if err := seed(); err != nil {
					t.Fatal(err)
				}
			}
			dir := t.TempDir()
			team := "programmateam@demo.perspectief.nl"
			bad := filepath.Join(dir, "papier.csv")
			os.WriteFile(bad, []byte("wijk,serieus\nCentrum,4\nCentrum,ja\n"), 0o644)
			_, stderr, code := cli(t, "", "enquete", "antwoorden-inlezen", "--db", dsn, "--as", team, "--meting", "inwoners-2025", bad)
			if code != 1 || !strings.Contains(stderr, "papier.csv:3: kolom serieus") {
				t.Fatalf("bad file: exit %d\n%s", code, stderr)
			}
			good := filepath.Join(dir, "goed.csv")
			os.WriteFile(good, []byte("wijk;serieus\nCentrum;4\nCentrum;Mee oneens\n"), 0o644)
			_, stderr, code = cli(t, "", "enquete", "antwoorden-inlezen", "--db", dsn, "--as", team, "--meting", "inwoners-2025", good)
			if code != 0 || !strings.Contains(stderr, "Imported 2 answers into inwoners-2025") {
				t.Fatalf("good file: exit %d\n%s", code, stderr)
			}
			_, stderr, code = cli(t, "", "enquete", "antwoorden-inlezen", "--db", dsn, "--as", "lezer@demo.perspectief.nl", "--meting", "inwoners-2025", good)
			if code != 1 || !strings.Contains(stderr, "beheerder") && !strings.Contains(stderr, "rol") {
				t.Errorf("a lezer imports: exit %d\n%s", code, stderr)
			}
			out := filepath.Join(dir, "links.csv")
			_, stderr, code = cli(t, "", "enquete", "links-maken", "--db", dsn, "--as", team, "--meting", "medewerkers-2025", "--aantal", "5", "--basis-url", "https://perspectief.example.nl/", "--out", out)
			if code != 0 {
				t.Fatalf("links: exit %d\n%s", code, stderr)
			}
			data, _ := os.ReadFile(out)
			lines := strings.Split(strings.TrimSpace(string(data)), "\n")
			if len(lines) != 6 || !strings.HasPrefix(lines[1], "https://perspectief.example.nl/enquete/") {
				t.Errorf("links file:\n%s", data)
			}
			if fi, _ := os.Stat(out); fi.Mode().Perm() != 0o600 {
				t.Errorf("links file mode %v, want 0600: it holds secrets", fi.Mode().Perm())
			}
			if issued, _, _ := db.Surveys().TokenCounts(ctx, "medewerkers-2025"); issued != 65 {
				t.Errorf("%d links stored, want 60 from the demo and 5 new", issued)
			}
		})
	}
}
