package e2e

import (
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"gopkg.in/yaml.v3"

	"github.com/perspectief/perspectief/internal/eligibility"
)

// wijzerCasesFile holds the test households of the shipped rules. The
// expectations are read from it, not retyped here, so a beheerder who changes
// a rule and its cases changes this test too.
const wijzerCasesFile = "../internal/eligibility/rules/testcases.yaml"

// wijzerCase is one case of testcases.yaml (format: rules/README.md).
type wijzerCase struct {
	Name      string            `yaml:"naam"`
	Like      string            `yaml:"zoals"`
	Date      string            `yaml:"datum"`
	IncomePct *float64          `yaml:"inkomen_pct"`
	Facts     map[string]string `yaml:"feiten"`
	Expect    map[string]string `yaml:"verwacht"`
}

// loadWijzerCases reads the named cases from testcases.yaml, with `zoals`
// resolved as the rules' loader does (date, income and facts copied from the
// earlier case, then overridden).
func loadWijzerCases(t *testing.T, names ...string) map[string]wijzerCase {
	t.Helper()
	data, err := os.ReadFile(wijzerCasesFile)
	if err != nil {
		t.Fatalf("read the test households: %v", err)
	}
	var file struct {
		Format int          `yaml:"formaat"`
		Cases  []wijzerCase `yaml:"gevallen"`
	}
	if err := yaml.Unmarshal(data, &file); err != nil {
		t.Fatalf("%s: %v", wijzerCasesFile, err)
	}
	if file.Format != 1 {
		t.Fatalf("%s: formaat %d, this test reads formaat 1", wijzerCasesFile, file.Format)
	}
	all := map[string]wijzerCase{}
	for _, c := range file.Cases {
		if c.Like != "" {
			base, ok := all[c.Like]
			if !ok {
				t.Fatalf("%s: case %q is like %q, which does not come before it", wijzerCasesFile, c.Name, c.Like)
			}
			facts := map[string]string{}
			for k, v := range base.Facts {
				facts[k] = v
			}
			for k, v := range c.Facts {
				facts[k] = v
			}
			c.Facts = facts
			if c.Date == "" {
				c.Date = base.Date
			}
			if c.IncomePct == nil {
				c.IncomePct = base.IncomePct
			}
		}
		all[c.Name] = c
	}
	out := map[string]wijzerCase{}
	for _, n := range names {
		c, ok := all[n]
		if !ok {
			t.Fatalf("%s has no case %q", wijzerCasesFile, n)
		}
		if len(c.Expect) == 0 {
			t.Fatalf("%s: case %q expects nothing", wijzerCasesFile, n)
		}
		out[n] = c
	}
	return out
}

// wijzerLang holds the fixed texts of the page the test looks for.
type wijzerLang struct {
	code       string // the language the page is marked with
	path       string // the address of the empty form
	title      string // the h1
	results    string // the heading above the outcomes
	indication string // the 'indication, not a decision' notice
	labels     map[string]string
	decimal    string // the decimal mark a resident types
	skip       string // the skip link
	footer     string // how the footer starts
}

var (
	wijzerNL = wijzerLang{
		code:       "nl",
		path:       "/wijzer",
		title:      "Waar heb ik mogelijk recht op?",
		results:    "Uw uitkomst",
		indication: "Dit is een indicatie, geen besluit.",
		labels:     map[string]string{"ja": "Waarschijnlijk wel", "nee": "Waarschijnlijk niet", "onbekend": "Dat weten we niet zeker"},
		decimal:    ",",
		skip:       "Ga direct naar de inhoud",
		footer:     "Perspectief — monitor van het programma",
	}
	wijzerEN = wijzerLang{
		code:       "en",
		path:       "/wijzer?lang=en",
		title:      "What support might I be entitled to?",
		results:    "Your outcome",
		indication: "This is an indication, not a decision.",
		labels:     map[string]string{"ja": "Probably yes", "nee": "Probably not", "onbekend": "We cannot say for sure"},
		decimal:    ".",
		skip:       "Skip to main content",
		footer:     "Perspectief — monitor of the programme",
	}
)

// TestWijzerThreeHouseholds walks three test households of the rules
// (testcases.yaml: H1, a single adult on the minimum for years; H2, a single
// parent of two at 118%; H4, a pensioner at 112% with Wmo care) through the
// public resident check, without logging in, as a resident would: clicking
// the labels of the radio buttons and typing the amounts, the monthly income
// in cents with the decimal mark of the page's language. Each result page
// must give every scheme the case lists the expected outcome, written out,
// and say that it is an indication, not a decision. H2 is done on a phone,
// where neither page may scroll sideways; H4 in English. The site may set no
// cookie. Every page, the empty form included, is checked with axe.
//
// The cases are dated 2025-06-01, but the demo checks on today's date: the
// income is taken as the same percentage of today's social minimum, which
// keeps a case on the same side of every percentage limit. Limits in euros
// (savings, car, gross income) are today's; should one change, the reason
// the page gives is in the failure.
func TestWijzerThreeHouseholds(t *testing.T) {
	cases := loadWijzerCases(t, "H1", "H2", "H4")
	tests := []struct {
		name  string
		lang  wijzerLang
		phone bool
	}{
		{"H1", wijzerNL, false},
		{"H2", wijzerNL, true},
		{"H4", wijzerEN, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			var opts []sessionOption
			if tc.phone {
				opts = append(opts, phone)
			}
			s := newSession(t, opts...)
			walkWijzer(t, s, cases[tc.name], tc.lang, tc.phone)
			t.Logf("%s: %v", tc.name, time.Since(start).Round(time.Millisecond))
		})
	}
}

// wijzerField is one question of the form, as the page shows it.
type wijzerField struct {
	Name   string   `json:"name"`
	Kind   string   `json:"kind"`   // "radio" or "text"
	Values []string `json:"values"` // the values of the radio buttons
}

const wijzerFieldsJS = `(() => {
	const form = document.getElementById('vragen');
	if (!form) return [];
	const seen = new Map();
	for (const el of form.querySelectorAll('input[name]')) {
		let f = seen.get(el.name);
		if (!f) { f = {name: el.name, kind: el.type === 'radio' ? 'radio' : 'text', values: []}; seen.set(el.name, f); }
		if (el.type === 'radio') f.values.push(el.value);
	}
	return [...seen.values()];
})()`

// wijzerCard is what the result page says about one scheme.
type wijzerCard struct {
	Code    string `json:"code"`
	Outcome string `json:"outcome"`
	Name    string `json:"name"`
	Label   string `json:"label"`
	Reason  string `json:"reason"`
}

type wijzerResultPage struct {
	Heading string       `json:"heading"`
	Notice  string       `json:"notice"`
	Date    string       `json:"date"`
	Cards   []wijzerCard `json:"cards"`
	Errors  string       `json:"errors"`
}

const wijzerResultJS = `(() => {
	const clean = e => e ? e.textContent.replace(/\s+/g, ' ').trim() : '';
	const sec = document.querySelector('section[aria-labelledby="uitkomst"]');
	const cards = [...document.querySelectorAll('article.card[id^="regeling-"]')].map(a => ({
		code: a.id.slice('regeling-'.length),
		outcome: a.dataset.uitkomst || '',
		name: clean(a.querySelector('h3')),
		label: clean(a.querySelector('.status')),
		reason: clean(a.querySelector('.status') && a.querySelector('.status').closest('p').nextElementSibling),
	}));
	return {
		heading: clean(document.getElementById('uitkomst')),
		notice: clean(sec && sec.querySelector('[role="note"]')),
		date: clean(sec && sec.querySelector('.meta')),
		cards,
		errors: clean(document.querySelector('.error-summary')),
	};
})()`

// walkWijzer fills in the form for one household, sends it and checks the
// outcomes.
func walkWijzer(t *testing.T, s *session, c wijzerCase, lang wijzerLang, onPhone bool) {
	// The household's monthly income, as a resident would type it.
	income := ""
	if c.IncomePct != nil {
		income = wijzerIncome(t, c, lang)
	}

	// The empty form, reached without logging in.
	resp := s.open(lang.path, 200, c.Name+"-formulier")
	if p := s.path(resp); p != lang.path {
		s.fatal("GET %s ended at %s; the check must not need a login", lang.path, p)
	}
	if onPhone {
		checkWijzerPhone(t, s, c.Name+"-formulier")
	}
	checkWijzerHeading(t, s, lang)

	fields := eval[[]wijzerField](s, wijzerFieldsJS)
	if len(fields) == 0 {
		s.fatal("%s: the page has no form with questions", lang.path)
	}
	byName := map[string]wijzerField{}
	var asked []string
	for _, f := range fields {
		byName[f.Name] = f
		asked = append(asked, f.Name)
	}

	// Answer the questions in the order of the form; the others are left
	// at 'Weet ik niet' or empty.
	answers := map[string]string{}
	for name, v := range c.Facts {
		answers[name] = v
	}
	if income != "" {
		answers["inkomen"] = income
	}
	for name := range answers {
		if _, ok := byName[name]; !ok {
			t.Errorf("%s: case %s answers %q, but the form does not ask it (it asks %v)", lang.path, c.Name, name, asked)
		}
	}
	for _, f := range fields {
		v, ok := answers[f.Name]
		if !ok {
			continue
		}
		switch f.Kind {
		case "radio":
			choice := v
			switch v {
			case "true", "1":
				choice = "ja"
			case "false", "0":
				choice = "nee"
			}
			if !slices.Contains(f.Values, choice) {
				t.Errorf("%s: case %s answers %s=%q, but the question offers only %q", lang.path, c.Name, f.Name, v, f.Values)
				continue
			}
			// Click the label, as a resident does, not the tiny circle.
			id := eval[string](s, fmt.Sprintf(`document.querySelector('input[type="radio"][name=%q][value=%q]').id`, f.Name, choice))
			s.do(chromedp.Click(chromedp.CSS(fmt.Sprintf(`label[for=%q]`, id))))
			if !eval[bool](s, fmt.Sprintf(`document.getElementById(%q).checked`, id)) {
				t.Errorf("%s: clicking the label of %s=%s did not select the radio button", c.Name, f.Name, choice)
			}
		default:
			s.do(chromedp.SendKeys(chromedp.ID("f-"+f.Name), v))
			if got := run(s, chromedp.Value(chromedp.ID("f-"+f.Name))); got != v {
				t.Errorf("%s: typed %q into %s, the field holds %q", c.Name, v, f.Name, got)
			}
		}
	}
	t.Logf("%s answers: %v", c.Name, answers)

	// Send the answers.
	resp = s.follow(200, c.Name+"-uitkomst", chromedp.Click(`//form[@id="vragen"]//button[@type="submit"]`))
	if p := s.path(resp); p != lang.path {
		t.Errorf("the form sent the answers to %s, want %s", p, lang.path)
	}
	if onPhone {
		checkWijzerPhone(t, s, c.Name+"-uitkomst")
	}
	checkWijzerHeading(t, s, lang)

	page := eval[wijzerResultPage](s, wijzerResultJS)
	if page.Errors != "" {
		s.fatal("%s: the page refused the answers: %s", c.Name, page.Errors)
	}
	if page.Heading != lang.results {
		t.Errorf("%s: the results heading is %q, want %q", c.Name, page.Heading, lang.results)
	}
	if !strings.Contains(page.Notice, lang.indication) {
		t.Errorf("%s: the result page does not say %q; its notice reads %q", c.Name, lang.indication, page.Notice)
	}
	t.Logf("%s: %s", c.Name, page.Date)

	cards := map[string]wijzerCard{}
	for _, card := range page.Cards {
		cards[card.Code] = card
	}
	codes := make([]string, 0, len(c.Expect))
	for code := range c.Expect {
		codes = append(codes, code)
	}
	slices.Sort(codes)
	var seen []string
	for _, code := range codes {
		want := c.Expect[code]
		card, ok := cards[code]
		if !ok {
			t.Errorf("%s: no result for %s (#regeling-%s) on the page; it shows %d schemes", c.Name, code, code, len(page.Cards))
			continue
		}
		seen = append(seen, code+"="+card.Outcome)
		if card.Outcome != want {
			t.Errorf("%s, %s: data-uitkomst=%q, want %q (testcases.yaml); the page says %q: %q", c.Name, code, card.Outcome, want, card.Label, card.Reason)
		}
		if card.Label != lang.labels[card.Outcome] {
			t.Errorf("%s, %s: outcome %q is written out as %q, want %q", c.Name, code, card.Outcome, card.Label, lang.labels[card.Outcome])
		}
	}
	t.Logf("%s: %d schemes on the page; %s", c.Name, len(page.Cards), strings.Join(seen, " "))
	var extra []string
	for _, card := range page.Cards {
		if _, ok := c.Expect[card.Code]; !ok {
			extra = append(extra, card.Code+"="+card.Outcome)
		}
	}
	if len(extra) > 0 {
		t.Logf("%s: schemes the case does not list: %s", c.Name, strings.Join(extra, ", "))
	}

	checkNoCookies(t, s)
}

// wijzerIncome returns the case's income per month, in euros and cents
// with the decimal mark of the language, rounded down so that a case on a
// limit (H1 sits at 100% of the minimum) stays on its side of it.
func wijzerIncome(t *testing.T, c wijzerCase, lang wijzerLang) string {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		loc = time.UTC // as the site does
	}
	year := time.Now().In(loc).Year()
	minors := 0
	if m, ok := c.Facts["minderjarigen"]; ok {
		if minors, err = strconv.Atoi(m); err != nil {
			t.Fatalf("case %s: minderjarigen %q: %v", c.Name, m, err)
		}
	}
	aow := c.Facts["aow"] == "true" || c.Facts["aow"] == "1"
	norm, ok := eligibility.DefaultNorm(year, c.Facts["type"], aow, minors)
	if !ok {
		t.Fatalf("case %s: no social minimum for %d (type %q): the check cannot decide on income today; extend internal/norms", c.Name, year, c.Facts["type"])
	}
	yearly := *c.IncomePct / 100 * norm
	cents := math.Floor(yearly / 12 * 100)
	// The site multiplies the monthly amount by 12; step down a cent
	// when the rounding of that product would cross the case's income.
	for cents > 0 && cents/100*12 > yearly {
		cents--
	}
	s := strconv.FormatFloat(cents/100, 'f', 2, 64)
	t.Logf("case %s (dated %s): %v%% of the %d minimum %.2f a year is %s a month", c.Name, c.Date, *c.IncomePct, year, norm, s)
	return strings.Replace(s, ".", lang.decimal, 1)
}

// checkWijzerPhone checks the page on the phone as TestPhoneWidth does and,
// when it is wider than the 360px screen, names the elements that stick out.
// (On an emulated phone the browser widens the layout viewport to the page,
// so window.innerWidth grows with it and checkPhonePage cannot name them.)
func checkWijzerPhone(t *testing.T, s *session, label string) {
	t.Helper()
	checkPhonePage(t, s, label, false)
	culprits := eval[[]string](s, `(() => {
		const w = 360, out = [];
		if (document.documentElement.scrollWidth <= w && window.innerWidth <= w) return out;
		const where = el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : '') +
			(el.closest('[id]') ? ' in #' + el.closest('[id]').id : '');
		// The text that runs past the screen's edge (a long word or link
		// widens its box, and a grid column with it) ...
		const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
		const range = document.createRange();
		for (let n = walk.nextNode(); n && out.length < 8; n = walk.nextNode()) {
			if (!n.textContent.trim()) continue;
			range.selectNodeContents(n);
			const r = range.getBoundingClientRect();
			if (r.right > w + 0.5) out.push('text in ' + where(n.parentElement) + ' (' + Math.round(r.left) + '..' + Math.round(r.right) + 'px): ' + n.textContent.replace(/\s+/g, ' ').trim().slice(0, 80));
		}
		if (out.length) return out;
		// ... or else the outermost elements that stick out.
		for (const el of document.body.querySelectorAll('*')) {
			const r = el.getBoundingClientRect();
			if (r.right <= w + 0.5 || r.width === 0) continue;
			if (el.parentElement && el.parentElement.getBoundingClientRect().right > w + 0.5) continue;
			out.push(where(el) + ' (' + Math.round(r.left) + '..' + Math.round(r.right) + 'px): ' + el.textContent.replace(/\s+/g, ' ').trim().slice(0, 80));
			if (out.length >= 8) break;
		}
		return out;
	})()`)
	if len(culprits) > 0 {
		t.Errorf("%s is wider than the 360px screen; sticking out:\n    %s", label, strings.Join(culprits, "\n    "))
	}
}

// checkWijzerHeading checks the page's heading, in the page's language.
func checkWijzerHeading(t *testing.T, s *session, lang wijzerLang) {
	t.Helper()
	type heading struct {
		Text string `json:"text"`
		Lang string `json:"lang"`
	}
	h := eval[heading](s, `(() => {
		const h = document.querySelector('main h1') || document.querySelector('h1');
		if (!h) return {text: '', lang: ''};
		const l = h.closest('[lang]');
		return {text: h.textContent.replace(/\s+/g, ' ').trim(), lang: l ? l.lang : ''};
	})()`)
	if h.Text != lang.title {
		t.Errorf("%s: heading %q, want %q", lang.path, h.Text, lang.title)
	}
	if h.Lang != lang.code {
		t.Errorf("%s: the heading is marked lang=%q, want %q", lang.path, h.Lang, lang.code)
	}
	// The whole page is in the page's language: the document, the skip
	// link and the footer, not only the form.
	type chrome struct {
		Lang   string `json:"lang"`
		Skip   string `json:"skip"`
		Footer string `json:"footer"`
	}
	c := eval[chrome](s, `(() => {
		const clean = e => e ? e.textContent.replace(/\s+/g, ' ').trim() : '';
		return {lang: document.documentElement.lang, skip: clean(document.querySelector('.skip-link')),
			footer: clean(document.querySelector('footer p'))};
	})()`)
	if c.Lang != lang.code || c.Skip != lang.skip || !strings.HasPrefix(c.Footer, lang.footer) {
		t.Errorf("%s: page language %q, skip link %q, footer %q; want %q, %q, %q...", lang.path, c.Lang, c.Skip, c.Footer, lang.code, lang.skip, lang.footer)
	}
}

// checkNoCookies checks that the site set no cookie: none visible to the
// page, and none at all in the browser for the demo's address (which also
// finds HttpOnly cookies).
func checkNoCookies(t *testing.T, s *session) {
	t.Helper()
	if c := eval[string](s, `document.cookie`); c != "" {
		t.Errorf("the resident check set a cookie: document.cookie = %q", c)
	}
	ctx, cancel := s.stepCtx()
	defer cancel()
	res, err := chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{s.base + "/", s.base + "/wijzer"}})
	if err != nil {
		s.fatal("Network.getCookies: %v", err)
	}
	for _, c := range res.Cookies {
		t.Errorf("the resident check set a cookie: %s (path %s, HttpOnly %v)", c.Name, c.Path, c.HTTPOnly)
	}
}
