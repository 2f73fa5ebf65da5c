package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/eligibility"
	"github.com/perspectief/perspectief/internal/store"
)

// outreachInputs writes a panel of single households at the given income
// ratios (percent of the social minimum) and a gebruik file in which the
// listed households use the Stadjerspas (entitled up to 120%).
func outreachInputs(t *testing.T, dir string, pcts []float64, users ...string) (panel, gebruik string) {
	t.Helper()
	norm, ok := eligibility.DefaultNorm(2025, "alleenstaand", false, 0)
	if !ok {
		t.Fatal("no norm for 2025")
	}
	var pb strings.Builder
	pb.WriteString("jaar,huishouden,buurt,type,personen,minderjarigen,aow,bron,inkomen,uitgesloten\n")
	for i, p := range pcts {
		fmt.Fprintf(&pb, "2025,pseudo%02d,BU001401%02d,alleenstaand,1,0,0,werk,%.2f,\n", i, i, p/100*norm)
	}
	pb.WriteString("2024,pseudo-oud,BU00140100,alleenstaand,1,0,0,werk,1,\n")
	gb := "jaar,huishouden,regeling\n"
	for _, u := range users {
		gb += "2025," + u + ",stadjerspas\n"
	}
	panel, gebruik = filepath.Join(dir, "panel.csv"), filepath.Join(dir, "gebruik.csv")
	if err := os.WriteFile(panel, []byte(pb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(gebruik, []byte(gb), 0o644); err != nil {
		t.Fatal(err)
	}
	return panel, gebruik
}

func outreachEvents(t *testing.T, dsn string) []account.AuditEvent {
	t.Helper()
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	evs, err := db.Accounts().AuditLog(context.Background(), 1000, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []account.AuditEvent
	for _, ev := range evs {
		if ev.Action == "uitnodigingslijst" {
			out = append(out, ev)
		}
	}
	return out
}

// outreachFixture is a database with an account of every role, each with
// an API token, and the input files of an outreach list.
type outreachFixture struct {
	dsn, dir, out, panel, gebruik string
	tokens                        map[string]string
}

func newOutreachFixture(t *testing.T, dsn string) *outreachFixture {
	t.Helper()
	f := &outreachFixture{dsn: dsn, dir: t.TempDir(), tokens: map[string]string{}}
	for email, role := range map[string]string{"lezer@gemeente.nl": "lezer", "team@gemeente.nl": "programmateam",
		"pl@gemeente.nl": "projectleider", "ed@gemeente.nl": "ervaringsdeskundige", "beheer@gemeente.nl": "beheerder"} {
		if _, stderr, code := cli(t, "een goed wachtwoord\n", "account", "aanmaken", "--db", dsn, "--role", role, "--email", email); code != 0 {
			t.Fatalf("account aanmaken %s: %s", role, stderr)
		}
		f.tokens[email] = tokenFor(t, dsn, email)
	}
	// pseudo00 90%, pseudo01 105% (user), pseudo02 115%, pseudo03 125%
	// (not entitled), pseudo04 128%: not entitled, pseudo05 101%.
	f.panel, f.gebruik = outreachInputs(t, f.dir, []float64{90, 105, 115, 125, 128, 101}, "pseudo01")
	f.out = filepath.Join(f.dir, "lijst.csv")
	return f
}

// bare is the command line for email without proof.
func (f *outreachFixture) bare(email string, extra ...string) []string {
	return append([]string{"regelingen", "uitnodigen", "--db", f.dsn, "--email", email, "--panel", f.panel,
		"--gebruik", f.gebruik, "--regeling", "stadjerspas", "--out", f.out}, extra...)
}

// args acts for email with its own token, as its owner would.
func (f *outreachFixture) args(email string, extra ...string) []string {
	if tok, ok := f.tokens[strings.ToLower(email)]; ok {
		extra = append([]string{"--token", tok}, extra...)
	}
	return f.bare(email, extra...)
}

func TestRegelingenUitnodigen(t *testing.T) {
	for name, dsnFor := range databases(t) {
		t.Run(name, func(t *testing.T) {
			f := newOutreachFixture(t, dsnFor(t))
			checkOutreachRefused(t, f)
			checkOutreachLists(t, f)
			checkOutreachProofs(t, f)
		})
	}
}

// checkOutreachRefused: without proof, or for a role that may not, nothing
// is written or audited.
func checkOutreachRefused(t *testing.T, f *outreachFixture) {
	// Naming an account is no proof: without its token or its
	// password on a terminal, nothing is read or written.
	for _, c := range []struct {
		what string
		args []string
		env  []string
		want string
	}{
		{"no proof", f.bare("team@gemeente.nl"), nil, "bewijs dat u team@gemeente.nl bent"},
		{"a password on a pipe", f.bare("team@gemeente.nl"), nil, "--token of PERSPECTIEF_TOKEN"},
		{"another account's token", f.bare("team@gemeente.nl", "--token", f.tokens["beheer@gemeente.nl"]), nil, "hoort niet bij team@gemeente.nl"},
		{"another account's token in the environment", f.bare("team@gemeente.nl"), []string{"PERSPECTIEF_TOKEN=" + f.tokens["beheer@gemeente.nl"]}, "hoort niet bij"},
		{"a made-up token", f.bare("team@gemeente.nl", "--token", "psp_verzonnen"), nil, "ongeldig"},
	} {
		_, stderr, code := cliEnv(t, c.env, "een goed wachtwoord\n", c.args...)
		if code == 0 || !strings.Contains(stderr, "geweigerd") || !strings.Contains(stderr, c.want) {
			t.Errorf("%s: exit %d, stderr %q; want refused with %q", c.what, code, stderr, c.want)
		}
		if _, err := os.Stat(f.out); !os.IsNotExist(err) {
			t.Fatalf("%s: refused export wrote %s", c.what, f.out)
		}
	}

	for _, who := range []string{"lezer@gemeente.nl", "pl@gemeente.nl", "ed@gemeente.nl", "niemand@gemeente.nl"} {
		_, stderr, code := cli(t, "", f.args(who)...)
		if code == 0 || !strings.Contains(stderr, "geweigerd") {
			t.Errorf("%s: exit %d, stderr %q", who, code, stderr)
		}
		if _, err := os.Stat(f.out); !os.IsNotExist(err) {
			t.Fatalf("%s: refused export wrote %s (%v)", who, f.out, err)
		}
		if ents, _ := os.ReadDir(f.dir); len(ents) != 2 {
			t.Errorf("%s: files left behind: %v", who, ents)
		}
	}
	if evs := outreachEvents(t, f.dsn); len(evs) != 0 {
		t.Fatalf("refused exports were audited: %+v", evs)
	}

}

// checkOutreachLists: the programmateam gets the list, filtered or not,
// each audited without household ids.
func checkOutreachLists(t *testing.T, f *outreachFixture) {
	stdout, stderr, code := cli(t, "", f.args("Team@Gemeente.nl")...)
	if code != 0 {
		t.Fatalf("programmateam: exit %d\n%s%s", code, stdout, stderr)
	}
	data, err := os.ReadFile(f.out)
	if err != nil {
		t.Fatal(err)
	}
	want := "huishouden,buurt\npseudo00,BU00140100\npseudo02,BU00140102\npseudo05,BU00140105\n"
	if string(data) != want {
		t.Errorf("list = %q, want %q", data, want)
	}

	_, stderr, code = cli(t, "", f.args("team@gemeente.nl", "--van", "100", "--tot", "130")...)
	if code != 0 {
		t.Fatalf("filtered: exit %d: %s", code, stderr)
	}
	data, _ = os.ReadFile(f.out)
	if want := "huishouden,buurt\npseudo02,BU00140102\npseudo05,BU00140105\n"; string(data) != want {
		t.Errorf("100..130 list = %q, want %q", data, want)
	}

	evs := outreachEvents(t, f.dsn)
	if len(evs) != 2 {
		t.Fatalf("want 2 audit events, got %+v", evs)
	}
	ev := evs[0] // newest first: the filtered one
	if ev.Actor != "team@gemeente.nl" || ev.Entity != "regeling" || ev.Key != "stadjerspas" {
		t.Errorf("event %+v", ev)
	}
	for _, e := range evs {
		if strings.Contains(e.After, "pseudo") || strings.Contains(e.Before, "pseudo") {
			t.Errorf("audit event carries household ids: %s", e.After)
		}
	}
	var after struct {
		PanelSHA256   string            `json:"panel_sha256"`
		GebruikSHA256 string            `json:"gebruik_sha256"`
		Filters       map[string]string `json:"filters"`
		Rijen         int               `json:"rijen"`
	}
	if err := json.Unmarshal([]byte(ev.After), &after); err != nil {
		t.Fatalf("after %q: %v", ev.After, err)
	}
	if len(after.PanelSHA256) != 64 || len(after.GebruikSHA256) != 64 || after.PanelSHA256 == after.GebruikSHA256 ||
		after.Rijen != 2 || after.Filters["van"] != "100" || after.Filters["tot"] != "130" {
		t.Errorf("after = %s", ev.After)
	}
	if err := json.Unmarshal([]byte(evs[1].After), &after); err != nil || after.Rijen != 3 {
		t.Errorf("unfiltered event: %s", evs[1].After)
	}

}

// checkOutreachProofs: a failed export is not audited; the beheerder may
// export; the token in the environment proves the account; a disabled
// account's token does not.
func checkOutreachProofs(t *testing.T, f *outreachFixture) {
	if _, stderr, code := cli(t, "", f.args("team@gemeente.nl", "--regeling", "stadspas")...); code == 0 ||
		!strings.Contains(stderr, "onbekende regeling") {
		t.Errorf("unknown scheme: exit %d, %q", code, stderr)
	}
	if n := len(outreachEvents(t, f.dsn)); n != 2 {
		t.Errorf("failed export audited: %d events", n)
	}
	// The beheerder may make the list too.
	if _, stderr, code := cli(t, "", f.args("beheer@gemeente.nl")...); code != 0 {
		t.Fatalf("beheerder: exit %d: %s", code, stderr)
	}
	if evs := outreachEvents(t, f.dsn); len(evs) != 3 || evs[0].Actor != "beheer@gemeente.nl" || !strings.Contains(evs[0].After, `"bewijs":"api-token"`) {
		t.Errorf("beheerder export: %+v", evs)
	}
	// The token in the environment proves the account as well.
	if _, stderr, code := cliEnv(t, []string{"PERSPECTIEF_TOKEN=" + f.tokens["team@gemeente.nl"]}, "", f.bare("team@gemeente.nl")...); code != 0 {
		t.Errorf("token in PERSPECTIEF_TOKEN: exit %d: %s", code, stderr)
	}
	// A disabled account's token proves nothing any more.
	if _, stderr, code := cli(t, "", "account", "uitschakelen", "--db", f.dsn, "--email", "team@gemeente.nl"); code != 0 {
		t.Fatal(stderr)
	}
	if _, stderr, code := cli(t, "", f.args("team@gemeente.nl")...); code == 0 || !strings.Contains(stderr, "geweigerd") {
		t.Errorf("token of a disabled account: exit %d, %q", code, stderr)
	}
	if n := len(outreachEvents(t, f.dsn)); n != 4 {
		t.Errorf("%d export events, want 4", n)
	}
}
