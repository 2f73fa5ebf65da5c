package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/perspectief/perspectief/internal/eligibility/ruletest"
	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/store"
)

// stadjerspasFile writes the shipped Stadjerspas file as version version,
// applying from 1 July 2025 with an income limit of 130%.
func stadjerspasFile(t *testing.T, dir, version string) string {
	t.Helper()
	path := filepath.Join(dir, "stadjerspas-"+version+".yaml")
	if err := os.WriteFile(path, ruletest.Stadjerspas(t, version, "2025-07-01", 130), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestRuleVersionsThroughCLI loads a new Stadjerspas version with the CLI
// and checks that bereik decides each reference date by the version that
// applies then, and says so in its metadata and in the stored values.
func TestRuleVersionsThroughCLI(t *testing.T) {
	for name, dsnFor := range databases(t) {
		t.Run(name, func(t *testing.T) {
			dsn := dsnFor(t)
			dir := t.TempDir()
			for email, role := range map[string]string{"beheer@gemeente.nl": "beheerder", "team@gemeente.nl": "programmateam"} {
				if _, stderr, code := cli(t, "een goed wachtwoord\n", "account", "aanmaken", "--db", dsn, "--role", role, "--email", email); code != 0 {
					t.Fatalf("account aanmaken %s: %s", role, stderr)
				}
			}
			file := stadjerspasFile(t, dir, "2025.3")
			teamTok, beheerTok := tokenFor(t, dsn, "team@gemeente.nl"), tokenFor(t, dsn, "beheer@gemeente.nl")
			checkRuleLoad(t, dsn, dir, file, teamTok, beheerTok)
			checkBereikByVersion(t, dsn, dir)
		})
	}
}

// checkRuleLoad loads the file as regelingen inlezen: refused without
// proof, for the programmateam and for a broken file; stored for the
// beheerder, after which versies-tonen lists both versions.
func checkRuleLoad(t *testing.T, dsn, dir, file, teamTok, beheerTok string) {
	if _, stderr, code := cli(t, "", "regelingen", "inlezen", "--db", dsn, "--email", "beheer@gemeente.nl", file); code == 0 || !strings.Contains(stderr, "bewijs dat u") {
		t.Errorf("load without proof: exit %d, %q", code, stderr)
	}

	if _, stderr, code := cli(t, "", "regelingen", "inlezen", "--db", dsn, "--email", "team@gemeente.nl", "--token", teamTok, file); code == 0 || !strings.Contains(stderr, "Uw rol staat niet toe") {
		t.Errorf("programmateam may not load: exit %d, %q", code, stderr)
	}
	broken := filepath.Join(dir, "kapot.yaml")
	b, _ := os.ReadFile(file)
	os.WriteFile(broken, []byte(strings.Replace(string(b), "- als: not studiefinanciering", "- als: not studiefinancering", 1)), 0o644)
	if _, stderr, code := cli(t, "", "regelingen", "inlezen", "--db", dsn, "--email", "beheer@gemeente.nl", "--token", beheerTok, broken); code == 0 ||
		!strings.Contains(stderr, "kapot.yaml:29: voorwaarden[0].als: ") || !strings.Contains(stderr, "er is niets veranderd") {
		t.Errorf("broken file: exit %d, %q", code, stderr)
	}
	stdout, stderr, code := cli(t, "", "regelingen", "versies-tonen", "--db", dsn, "stadjerspas")
	if code != 0 || strings.Count(stdout, "\n") != 1 || !strings.Contains(stdout, "2025.2") {
		t.Errorf("versions before loading: exit %d\n%s%s", code, stdout, stderr)
	}

	stdout, stderr, code = cli(t, "", "regelingen", "inlezen", "--db", dsn, "--email", "Beheer@Gemeente.nl", "--token", beheerTok, file)
	if code != 0 || !strings.Contains(stdout, "stored stadjerspas version 2025.3 (valid 2025-07-01 to open)") {
		t.Fatalf("load: exit %d\n%s%s", code, stdout, stderr)
	}
	stdout, _, _ = cli(t, "", "regelingen", "versies-tonen", "--db", dsn, "stadjerspas")
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], "2025.3") || !strings.Contains(lines[0], "beheer@gemeente.nl") || !strings.Contains(lines[1], "meegeleverd") {
		t.Errorf("versions after loading:\n%s", stdout)
	}
	if old, _, code := cli(t, "", "regelingen", "versies-tonen", "--db", dsn, "stadjerspas", "2025.2"); code != 0 || !strings.Contains(old, "waarde: 120}") {
		t.Errorf("old file: exit %d\n%s", code, old)
	}

}

// checkBereikByVersion runs bereik-berekenen --db on a date before and
// after the new version and checks that each names the version that
// decided, on the screen, in the metadata and in the stored values.
func checkBereikByVersion(t *testing.T, dsn, dir string) {
	// 90, 105 (user), 115, 125, 128, 101% of the minimum.
	panel, gebruik := outreachInputs(t, dir, []float64{90, 105, 115, 125, 128, 101}, "pseudo01")
	out := filepath.Join(dir, "bereik.csv")
	for _, tc := range []struct {
		peil, version string
		entitled      float64
	}{{"2025-06-30", "2025.2", 4}, {"2025-12-31", "2025.3", 6}} {
		stdout, stderr, code := cli(t, "", "regelingen", "bereik-berekenen", "--panel", panel, "--gebruik", gebruik, "--out", out,
			"--db", dsn, "--min-cell", "1", "--peildatum", tc.peil)
		if code != 0 {
			t.Fatalf("bereik %s: exit %d\n%s%s", tc.peil, code, stdout, stderr)
		}
		if !strings.Contains(stdout, "stadjerspas          "+tc.version) {
			t.Errorf("%s: screen does not name version %s:\n%s", tc.peil, tc.version, stdout)
		}
		var meta struct {
			Regels     map[string]string `json:"regels"`
			RegelsBron string            `json:"regels_bron"`
		}
		mb, _ := os.ReadFile(out + ".meta.json")
		if err := json.Unmarshal(mb, &meta); err != nil || meta.Regels["stadjerspas"] != tc.version || !strings.Contains(meta.RegelsBron, "database") {
			t.Errorf("%s: metadata %s", tc.peil, mb)
		}
		db, err := store.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		vs, err := indicator.NewService(db.Indicators(), db.Trends(), db.Shapes()).Values(context.Background(), indicator.ValueFilter{Indicator: "niet_gebruik_stadjerspas", Area: "GM0014", Group: "totaal"})
		db.Close()
		if err != nil || len(vs) != 1 {
			t.Fatalf("values %+v %v", vs, err)
		}
		if v := vs[0]; v.Den == nil || *v.Den != tc.entitled || v.Note != "besloten met de regels van stadjerspas, versie "+tc.version {
			t.Errorf("%s: stored value %+v (noemer %v)", tc.peil, v, v.Den)
		}
	}
}
