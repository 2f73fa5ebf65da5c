package wijzerweb

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/perspectief/perspectief/internal/web"

	"github.com/perspectief/perspectief/internal/eligibility"
)

func wijzerServer(t *testing.T, day time.Time) http.Handler {
	t.Helper()
	set, err := eligibility.Default()
	if err != nil {
		t.Fatal(err)
	}
	core := &web.Core{}
	pages := &Pages{Base: web.Base{Core: core, Templates: Templates}, Rules: eligibility.NewService(nil, set), Now: func() time.Time { return day }}
	return core.Handler(pages)
}

type wijzerResp struct {
	status int
	header http.Header
	body   string
}

func doWijzer(t *testing.T, h http.Handler, method, target string, form url.Values) wijzerResp {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, target, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return wijzerResp{rec.Code, rec.Header(), rec.Body.String()}
}

var outcomeRE = regexp.MustCompile(`id="regeling-([a-z0-9_]+)" data-uitkomst="([a-z]+)"`)

// wijzerOutcomes reads the per-scheme outcomes from a result page.
func wijzerOutcomes(body string) map[string]string {
	out := map[string]string{}
	for _, m := range outcomeRE.FindAllStringSubmatch(body, -1) {
		out[m[1]] = m[2]
	}
	return out
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 12, 0, 0, 0, time.UTC) }

func TestWijzerFormIsPublic(t *testing.T) {
	h := wijzerServer(t, day(2025, 6, 1))
	r := doWijzer(t, h, "GET", "/wijzer", nil)
	if r.status != http.StatusOK {
		t.Fatalf("status %d", r.status)
	}
	if c := r.header.Values("Set-Cookie"); len(c) > 0 {
		t.Errorf("sets cookies: %v", c)
	}
	if r.header.Get("Cache-Control") != "no-store" {
		t.Errorf("Cache-Control %q", r.header.Get("Cache-Control"))
	}
	for _, want := range []string{"Waar heb ik mogelijk recht op?", "Met wie woont u?", "<h2>Uw huishouden</h2>", "<h2>Kinderen</h2>", `name="inkomen"`, "euro per maand",
		`method="post" action="/wijzer"`, "Wij bewaren uw antwoorden niet", `href="/wijzer?lang=en"`} {
		if !strings.Contains(r.body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	// The one script is the site's own progressive enhancement (print
	// button, focus), served from /static/; nothing inline, nothing from
	// elsewhere.
	scripts := regexp.MustCompile(`<script[^>]*>`).FindAllString(r.body, -1)
	for _, sc := range scripts {
		if !strings.Contains(sc, `src="/static/enhance.`) {
			t.Errorf("page has a script other than the site's own: %s", sc)
		}
	}
	if strings.Contains(r.body, `name="csrf"`) || strings.Contains(r.body, "style=") {
		t.Error("page has a CSRF field or an inline style")
	}
	if strings.Contains(r.body, "data-uitkomst") {
		t.Error("a GET shows outcomes")
	}

	if !strings.Contains(r.body, `<html lang="nl">`) || !strings.Contains(r.body, "Ga direct naar de inhoud") {
		t.Error("Dutch page: no lang=nl or no Dutch skip link")
	}

	// The English page is English throughout: the whole document, the skip
	// link, header and footer, not only the form.
	en := doWijzer(t, h, "GET", "/wijzer?lang=en", nil)
	for _, want := range []string{`<html lang="en">`, ">Skip to main content</a>", "monitor of the programme", "Who do you live with?",
		"euros per month", `action="/wijzer?lang=en"`, `<span class="brand-sub" lang="nl">`, `lang="nl" hreflang="nl">Lees deze pagina in het Nederlands`} {
		if !strings.Contains(en.body, want) {
			t.Errorf("English page lacks %q", want)
		}
	}
	for _, dutch := range []string{"Ga direct naar de inhoud", "monitor van het programma", "Weet ik niet"} {
		if strings.Contains(en.body, dutch) {
			t.Errorf("English page has Dutch %q", dutch)
		}
	}
}

func h1Form() url.Values {
	return url.Values{
		"type": {"alleenstaand"}, "minderjarigen": {"0"}, "aow": {"nee"}, "leeftijd_hoofd": {"45"},
		"studiefinanciering": {"nee"}, "inkomen": {"1.200,00"}, "jaren_op_minimum": {"6"},
		"vooruitzicht_hoger_inkomen": {"nee"}, "vermogen": {"2000"}, "auto_waarde": {"0"},
		"koophuis_overwaarde": {"nee"}, "kind_4_17": {"nee"}, "kind_groep8": {"nee"}, "kind_vo": {"nee"},
		"zorgindicatie": {"nee"},
	}
}

func TestWijzerAnswers(t *testing.T) {
	h := wijzerServer(t, day(2025, 6, 1))
	r := doWijzer(t, h, "POST", "/wijzer", h1Form())
	if r.status != http.StatusOK {
		t.Fatalf("status %d\n%s", r.status, r.body)
	}
	got := wijzerOutcomes(r.body)
	want := map[string]string{"iit": "ja", "stadjerspas": "ja", "kindpas": "nee", "kwijtschelding": "ja", "meerkostenregeling": "nee", "jeugdfonds": "nee"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	if _, ok := got["energietoeslag_2023"]; ok {
		t.Error("shows a scheme that is not in force")
	}
	for _, s := range []string{"Dit is een indicatie, geen besluit.", "Waarschijnlijk wel", "Waarschijnlijk niet",
		"De Kindpas is voor ouders met kinderen jonger dan 18 jaar.", "Wat krijgt u?", "Hoe vraagt u het aan?", `value="1.200,00"`} {
		if !strings.Contains(r.body, s) {
			t.Errorf("result page lacks %q", s)
		}
	}
	if c := r.header.Values("Set-Cookie"); len(c) > 0 {
		t.Errorf("sets cookies: %v", c)
	}

	// English, with the same answers.
	form := h1Form()
	form.Set("inkomen", "1,200.00")
	en := doWijzer(t, h, "POST", "/wijzer?lang=en", form)
	for _, s := range []string{"This is an indication, not a decision.", "Probably yes", "The Kindpas is for parents with children under 18."} {
		if !strings.Contains(en.body, s) {
			t.Errorf("English result lacks %q", s)
		}
	}
}

func TestWijzerUnknown(t *testing.T) {
	h := wijzerServer(t, day(2025, 6, 1))
	r := doWijzer(t, h, "POST", "/wijzer", url.Values{})
	if r.status != http.StatusOK {
		t.Fatalf("status %d", r.status)
	}
	got := wijzerOutcomes(r.body)
	if got["stadjerspas"] != "onbekend" || !strings.Contains(r.body, "Dat weten we niet zeker") {
		t.Errorf("empty form: %v", got)
	}
	// Only one answer that already rules out the Stadjerspas.
	r = doWijzer(t, h, "POST", "/wijzer", url.Values{"studiefinanciering": {"ja"}})
	if got := wijzerOutcomes(r.body); got["stadjerspas"] != "nee" {
		t.Errorf("student: %v", got)
	}
}

func TestWijzerBadInput(t *testing.T) {
	h := wijzerServer(t, day(2025, 6, 1))
	form := h1Form()
	form.Set("inkomen", "veel")
	form.Set("minderjarigen", "1,5")
	form.Set("type", "kasteel")
	r := doWijzer(t, h, "POST", "/wijzer", form)
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", r.status)
	}
	for _, s := range []string{"Er is iets niet goed ingevuld", `href="#f-inkomen"`, `href="#f-type-0"`, "Vul een heel getal in", `value="veel"`} {
		if !strings.Contains(r.body, s) {
			t.Errorf("error page lacks %q", s)
		}
	}
	if strings.Contains(r.body, "data-uitkomst") {
		t.Error("outcomes shown despite errors")
	}
	big := url.Values{"inkomen": {strings.Repeat("9", 20000)}}
	if r := doWijzer(t, h, "POST", "/wijzer", big); r.status != http.StatusRequestEntityTooLarge || !strings.Contains(r.body, "te groot") {
		t.Errorf("oversized form: status %d", r.status)
	}
}

func TestParseResidentNumber(t *testing.T) {
	tests := []struct {
		in   string
		lang string
		want float64
		ok   bool
	}{
		{"1250", "nl", 1250, true},
		{"1.250", "nl", 1250, true},
		{"1250,50", "nl", 1250.5, true},
		{"€ 1.250,50", "nl", 1250.5, true},
		{"1250.5", "nl", 1250.5, true},
		{"1.234.567,8", "nl", 1234567.8, true},
		{"-300", "nl", -300, true},
		{"1,250.50", "en", 1250.5, true},
		{"1250,5", "en", 1250.5, true},
		{"1250,123456", "nl", 1250.123456, true},
		{"12.34.5", "nl", 0, false},
		{"1,2,3", "nl", 0, false},
		{"abc", "nl", 0, false},
		{"", "nl", 0, false},
		{"1e5", "nl", 0, false},
		{"2,5", "nl", 0, false}, // whole numbers only below
	}
	for i, tt := range tests {
		whole := i == len(tests)-1
		got, ok := parseResidentNumber(tt.in, tt.lang, whole)
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("parseResidentNumber(%q, %s) = %v, %v; want %v, %v", tt.in, tt.lang, got, ok, tt.want, tt.ok)
		}
	}
}

// wijzerForm turns the facts of a test case into the answers a resident
// would give on the form, income per month with a decimal comma.
func wijzerForm(set *eligibility.Set, c eligibility.Case) (url.Values, error) {
	h, err := set.Household(c)
	if err != nil {
		return nil, err
	}
	form := url.Values{}
	for _, f := range set.Facts {
		v := h[set.Slot(f.Name)]
		if !v.Known() {
			continue
		}
		switch f.Type {
		case eligibility.FactBool:
			form.Set(f.Name, map[bool]string{true: "ja", false: "nee"}[v.Truth()])
		case eligibility.FactEnum:
			form.Set(f.Name, v.Text())
		default:
			n := v.Number()
			if f.PerMonth {
				n /= 12
			}
			form.Set(f.Name, strings.Replace(strconv.FormatFloat(n, 'f', -1, 64), ".", ",", 1))
		}
	}
	return form, nil
}

// TestWijzerShippedCases drives every shipped test case through the form.
func TestWijzerShippedCases(t *testing.T) {
	set, err := eligibility.Default()
	if err != nil {
		t.Fatal(err)
	}
	cases, err := set.LoadCases(eligibility.RulesFS())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		h := wijzerServer(t, c.Date.Add(12*time.Hour))
		form, err := wijzerForm(set, c)
		if err != nil {
			t.Fatal(err)
		}
		r := doWijzer(t, h, "POST", "/wijzer", form)
		if r.status != http.StatusOK {
			t.Fatalf("%s: status %d", c.Name, r.status)
		}
		got := wijzerOutcomes(r.body)
		for code, want := range c.Expect {
			if got[code] != string(want) {
				t.Errorf("testcases.yaml:%d %s: %s = %q through the form, want %q", c.Line, c.Name, code, got[code], want)
			}
		}
	}
}
