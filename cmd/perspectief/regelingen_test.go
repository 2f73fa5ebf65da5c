package main

import (
	"encoding/csv"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/perspectief/perspectief/internal/web/wijzerweb"

	"github.com/perspectief/perspectief/internal/eligibility"
	"github.com/perspectief/perspectief/internal/web"
)

var coreFacts = map[string]bool{"type": true, "minderjarigen": true, "aow": true, "inkomen": true}

// TestWijzerAndBatchAgree is the 'one truth' test of issue 6: every shipped
// test case goes through the resident check's HTTP form and, as a household
// of a panel CSV, through `perspectief regelingen bereik-berekenen`; both must give
// the same outcome for every scheme in force, and the expected one where the
// case states it. Each case gets a buurt of its own and k = 1, so the buurt
// rows of the output show each household's outcome.
func TestWijzerAndBatchAgree(t *testing.T) {
	set, err := eligibility.Default()
	if err != nil {
		t.Fatal(err)
	}
	cases, err := set.LoadCases(eligibility.RulesFS())
	if err != nil {
		t.Fatal(err)
	}
	byDate, skipped := panelCasesByDate(cases)
	if skipped > 5 {
		t.Fatalf("%d cases skipped", skipped)
	}
	var extra []string
	for _, f := range set.Facts {
		if !coreFacts[f.Name] {
			extra = append(extra, f.Name)
		}
	}
	var today time.Time
	core := &web.Core{}
	site := core.Handler(&wijzerweb.Pages{Base: web.Base{Core: core, Templates: wijzerweb.Templates},
		Rules: eligibility.NewService(nil, set), Now: func() time.Time { return today }})
	compared := 0

	for day, idx := range byDate {
		dir := t.TempDir()
		panel, gebruik := writeCasePanel(t, set, cases, idx, day, extra, dir)
		out := filepath.Join(dir, "bereik.csv")
		stdout, stderr, code := cli(t, "", "regelingen", "bereik-berekenen", "--panel", panel, "--gebruik", gebruik,
			"--out", out, "--min-cell", "1", "--peildatum", day.Format("2006-01-02"))
		if code != 0 {
			t.Fatalf("bereik: exit %d\n%s%s", code, stdout, stderr)
		}
		batch, users := readBereik(t, out)

		today = day.Add(12 * time.Hour)
		for _, i := range idx {
			c := cases[i]
			h, _ := set.Household(c)
			form := residentForm(set, h)
			req := httptest.NewRequest("POST", "/wijzer", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			rec := httptest.NewRecorder()
			site.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				t.Fatalf("%s: wijzer status %d", c.Name, rec.Code)
			}
			check := pageOutcomes(rec.Body.String())
			for _, sc := range set.InForce(day) {
				b := batch[buurtOf(i)][sc.Code]
				w := check[sc.Code]
				if b == "" || w == "" || b != w {
					t.Errorf("%s, %s: wijzer %q, batch %q", c.Name, sc.Code, w, b)
				}
				if want, ok := c.Expect[sc.Code]; ok && string(want) != b {
					t.Errorf("%s, %s: %q, want %q", c.Name, sc.Code, b, want)
				}
				compared++
			}
			// Every second household uses the Stadjerspas; the count of
			// users must follow when it is entitled.
			if batch[buurtOf(i)]["stadjerspas"] == "ja" {
				wantUsers := 0
				if i%2 == 0 {
					wantUsers = 1
				}
				if users[buurtOf(i)] != wantUsers {
					t.Errorf("%s: stadjerspas gebruik %d, want %d", c.Name, users[buurtOf(i)], wantUsers)
				}
			}
		}
	}
	if compared < 400 {
		t.Fatalf("only %d comparisons", compared)
	}
	t.Logf("%d cases, %d scheme outcomes compared, %d cases skipped", len(cases)-skipped, compared, skipped)
}

// panelCasesByDate groups the test cases that can be panel rows by their
// date; a panel always has type, minderjarigen, aow and inkomen, so a case
// without one cannot be a panel row and is skipped.
func panelCasesByDate(cases []eligibility.Case) (map[time.Time][]int, int) {
	byDate := map[time.Time][]int{}
	skipped := 0
	for i, c := range cases {
		complete := true
		for f := range coreFacts {
			if _, ok := c.Facts[f]; !ok && !(f == "inkomen" && c.IncomePct != nil) {
				complete = false
			}
		}
		if !complete {
			skipped++
			continue
		}
		byDate[c.Date] = append(byDate[c.Date], i)
	}
	return byDate, skipped
}

// writeCasePanel writes the cases idx as a panel CSV of day's year, each
// in a buurt of its own, with the extra fact columns, and a gebruik file
// in which every second one uses the Stadjerspas.
func writeCasePanel(t *testing.T, set *eligibility.Set, cases []eligibility.Case, idx []int, day time.Time, extra []string, dir string) (panel, gebruik string) {
	t.Helper()
	panel, gebruik = filepath.Join(dir, "panel.csv"), filepath.Join(dir, "gebruik.csv")
	var pb, gb strings.Builder
	pw, gw := csv.NewWriter(&pb), csv.NewWriter(&gb)
	_ = pw.Write(append([]string{"jaar", "huishouden", "buurt", "type", "personen", "minderjarigen", "aow", "bron", "inkomen", "uitgesloten"}, extra...))
	_ = gw.Write([]string{"jaar", "huishouden", "regeling"})
	for _, i := range idx {
		c := cases[i]
		h, err := set.Household(c)
		if err != nil {
			t.Fatal(err)
		}
		minors := int(h[set.Slot("minderjarigen")].Number())
		aow := "0"
		if h[set.Slot("aow")].Truth() {
			aow = "1"
		}
		row := []string{strconv.Itoa(day.Year()), fmt.Sprintf("c%d", i), buurtOf(i), c.Facts["type"],
			strconv.Itoa(minors + 2), strconv.Itoa(minors), aow, "overig",
			strconv.FormatFloat(h[set.Slot("inkomen")].Number(), 'f', -1, 64), ""}
		for _, f := range extra {
			row = append(row, panelValue(h[set.Slot(f)]))
		}
		_ = pw.Write(row)
		if i%2 == 0 {
			_ = gw.Write([]string{strconv.Itoa(day.Year()), fmt.Sprintf("c%d", i), "stadjerspas"})
		}
	}
	pw.Flush()
	gw.Flush()
	if err := os.WriteFile(panel, []byte(pb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(gebruik, []byte(gb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return panel, gebruik
}

func buurtOf(i int) string { return fmt.Sprintf("BU0014%02d%02d", i/100, i%100) }

func panelValue(v eligibility.Value) string {
	switch v.Type() {
	case eligibility.TNumber:
		return strconv.FormatFloat(v.Number(), 'f', -1, 64)
	case eligibility.TBool:
		if v.Truth() {
			return "1"
		}
		return "0"
	case eligibility.TString:
		return v.Text()
	}
	return ""
}

// residentForm gives the answers a resident would type: yes/no radios, the
// income per month with a decimal comma.
func residentForm(set *eligibility.Set, h eligibility.Household) url.Values {
	form := url.Values{}
	for _, f := range set.Facts {
		v := h[set.Slot(f.Name)]
		switch {
		case !v.Known():
		case f.Type == eligibility.FactBool:
			form.Set(f.Name, map[bool]string{true: "ja", false: "nee"}[v.Truth()])
		case f.Type == eligibility.FactEnum:
			form.Set(f.Name, v.Text())
		default:
			n := v.Number()
			if f.PerMonth {
				n /= 12
			}
			form.Set(f.Name, strings.Replace(strconv.FormatFloat(n, 'f', -1, 64), ".", ",", 1))
		}
	}
	return form
}

var pageOutcomeRE = regexp.MustCompile(`id="regeling-([a-z0-9_]+)" data-uitkomst="([a-z]+)"`)

func pageOutcomes(body string) map[string]string {
	out := map[string]string{}
	for _, m := range pageOutcomeRE.FindAllStringSubmatch(body, -1) {
		out[m[1]] = m[2]
	}
	return out
}

// readBereik returns, per buurt, each scheme's outcome as read from the
// buurt/totaal rows (k = 1: rechthebbend 1 is ja, onbekend 1 is onbekend),
// and the stadjerspas users per buurt.
func readBereik(t *testing.T, path string) (map[string]map[string]string, map[string]int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(recs[0], ",") != eligibility.ReachHeader {
		t.Fatalf("header %v", recs[0])
	}
	out := map[string]map[string]string{}
	users := map[string]int{}
	for _, r := range recs[1:] {
		if r[2] != "buurt" || r[4] != "totaal" {
			continue
		}
		// With k = 1 only rows without entitled households are
		// suppressed, and onbekend is always shown.
		if r[10] != "0" && r[5] != "" {
			t.Fatalf("suppressed row with counts: %v", r)
		}
		o := "nee"
		switch {
		case r[5] == "1":
			o = "ja"
		case r[9] == "1":
			o = "onbekend"
		}
		if out[r[3]] == nil {
			out[r[3]] = map[string]string{}
		}
		out[r[3]][r[0]] = o
		if r[0] == "stadjerspas" {
			users[r[3]], _ = strconv.Atoi(r[6])
		}
	}
	return out, users
}

// TestBereikCommand checks the command's own behaviour: defaults, the
// metadata, assumptions, disclosure control and bad input.
func TestBereikCommand(t *testing.T) {
	dir := t.TempDir()
	panel := filepath.Join(dir, "panel.csv")
	gebruik := filepath.Join(dir, "gebruik.csv")
	out := filepath.Join(dir, "bereik.csv")
	var b strings.Builder
	b.WriteString("jaar,huishouden,buurt,type,personen,minderjarigen,aow,bron,inkomen,uitgesloten,vermogen\n")
	// 2024: ignored apart from the year; 2025: 15 singles at 80% of the
	// norm in one buurt, 3 of whom use the Stadjerspas, and one student.
	b.WriteString("2024,old,BU00140100,alleenstaand,1,0,0,werk,1000,,\n")
	norm, _ := eligibility.DefaultNorm(2025, "alleenstaand", false, 0)
	for i := 0; i < 15; i++ {
		fmt.Fprintf(&b, "2025,h%d,BU00140100,alleenstaand,1,0,0,werk,%s,,%d\n", i, strconv.FormatFloat(0.8*norm, 'f', 2, 64), 1000*i)
	}
	b.WriteString("2025,s1,BU00140100,alleenstaand,1,0,0,overig,100,student,\n")
	if err := os.WriteFile(panel, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(gebruik, []byte("jaar,huishouden,regeling\n2025,h0,stadjerspas\n2025,h1,stadjerspas\n2025,h2,stadjerspas\n2024,h3,stadjerspas\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := cli(t, "", "regelingen", "bereik-berekenen", "--panel", panel, "--gebruik", gebruik, "--out", out,
		"--aanname", "leeftijd_hoofd=40")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	// The IIT's undecided households are counted apart on screen too.
	for _, want := range []string{"ASSUMPTION: leeftijd_hoofd=40", "reference date 2025-12-31", "15 households", "derived: studiefinanciering=0",
		"iit                  2025.2  ja 0, nee 7, onbekend 8", "stadjerspas          2025.2  ja 15, nee 0, onbekend 0"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	meta, err := os.ReadFile(out + ".meta.json")
	if err != nil || !strings.Contains(string(meta), `"leeftijd_hoofd=40"`) || !strings.Contains(string(meta), `"stadjerspas": "2025.2"`) {
		t.Errorf("metadata: %s %v", meta, err)
	}
	data, _ := os.ReadFile(out)
	rows := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n")[1:] {
		f := strings.SplitN(line, ",", 6)
		rows[f[0]+"|"+f[2]+"|"+f[4]] = line
	}
	// 15 entitled, 3 users, 12 non-users: shown at k = 10.
	if got := rows["stadjerspas|gemeente|totaal"]; got != "stadjerspas,2025,gemeente,GM0014,totaal,15,3,12,80,0,0" {
		t.Errorf("stadjerspas row %q", got)
	}
	// The IIT needs years at the minimum, which the panel lacks: the 8
	// households with savings up to 7.770 are onbekend, the other 7 nee.
	// Nobody is entitled, so the row is suppressed; 8 onbekend < k is hidden.
	if got := rows["iit|gemeente|totaal"]; got != "iit,2025,gemeente,GM0014,totaal,,,,,,1" {
		t.Errorf("iit row %q", got)
	}
	if first, _, _ := strings.Cut(string(data), "\n"); first != eligibility.ReachHeader {
		t.Errorf("header %q", first)
	}

	// Bad input: the message names file, line and column, and the existing
	// output stays as it was.
	before, _ := os.ReadFile(out)
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("jaar,huishouden,buurt,type,personen,minderjarigen,aow,bron,inkomen,uitgesloten\n2025,a,BU00140100,alleen,1,0,0,werk,1,\n"), 0o644)
	_, stderr, code = cli(t, "", "regelingen", "bereik-berekenen", "--panel", bad, "--gebruik", gebruik, "--out", out)
	if code == 0 || !strings.Contains(stderr, bad+":2: type: onbekend type") {
		t.Errorf("bad panel: exit %d, %s", code, stderr)
	}
	os.WriteFile(bad, []byte("jaar,huishouden,regeling\n2025,h1,stadjerpas\n"), 0o644)
	_, stderr, code = cli(t, "", "regelingen", "bereik-berekenen", "--panel", panel, "--gebruik", bad, "--out", out)
	if code == 0 || !strings.Contains(stderr, bad+":2: regeling: onbekende regeling") {
		t.Errorf("bad gebruik: exit %d, %s", code, stderr)
	}
	_, stderr, code = cli(t, "", "regelingen", "bereik-berekenen", "--panel", panel, "--gebruik", gebruik, "--out", out, "--aanname", "vermogen=0")
	if code == 0 || !strings.Contains(stderr, "het panel heeft die kolom al") {
		t.Errorf("assumption over data: exit %d, %s", code, stderr)
	}
	if after, _ := os.ReadFile(out); string(after) != string(before) {
		t.Error("a failed run changed the output file")
	}
}

// TestControleer checks a rule directory as a beheerder would before
// putting new rule versions live.
func TestControleer(t *testing.T) {
	stdout, stderr, code := cli(t, "", "regelingen", "controleren")
	if code != 0 || !strings.Contains(stdout, "all pass") || !strings.Contains(stdout, "stadjerspas") {
		t.Fatalf("shipped rules: exit %d\n%s%s", code, stdout, stderr)
	}

	copyRules := func(t *testing.T) string {
		dir := t.TempDir()
		entries, err := fs.ReadDir(eligibility.RulesFS(), ".")
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			b, _ := fs.ReadFile(eligibility.RulesFS(), e.Name())
			if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return dir
	}
	edit := func(t *testing.T, path, old, new string) {
		b, _ := os.ReadFile(path)
		s := strings.Replace(string(b), old, new, 1)
		if s == string(b) {
			t.Fatalf("%q not in %s", old, path)
		}
		os.WriteFile(path, []byte(s), 0o644)
	}

	dir := copyRules(t)
	edit(t, filepath.Join(dir, "stadjerspas.yaml"), "als: inkomen <=", "als: inkomn <=")
	_, stderr, code = cli(t, "", "regelingen", "controleren", "--regels", dir)
	if code == 0 || !regexp.MustCompile(`stadjerspas\.yaml:\d+: voorwaarden\[1\]\.als: teken 1: onbekende naam "inkomn"`).MatchString(stderr) {
		t.Errorf("broken rule: exit %d\n%s", code, stderr)
	}

	// A new version with a higher limit: the shipped test cases at 121%
	// now fail, and controleer says which.
	dir = copyRules(t)
	edit(t, filepath.Join(dir, "stadjerspas.yaml"), "{van: 2019-01-01, waarde: 120}", "{van: 2019-01-01, waarde: 130}")
	stdout, _, code = cli(t, "", "regelingen", "controleren", "--regels", dir)
	if code == 0 || !regexp.MustCompile(`testcases\.yaml:\d+: H3: stadjerspas is ja \(.*\), verwacht nee`).MatchString(stdout) {
		t.Errorf("changed rule: exit %d\n%s", code, stdout)
	}
}
