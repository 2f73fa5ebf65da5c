package e2e

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// totalN reads n of "Alle antwoorden" for a question from the results
// table, as a reader of the page would.
func totalN(s *session, question string) int {
	s.t.Helper()
	txt := eval[string](s, `document.querySelector('#vraag-`+question+`').closest('section').querySelector('tbody tr td:last-child').textContent.trim()`)
	n, err := strconv.Atoi(txt)
	if err != nil {
		s.fatal("n of %s is %q, not a number", question, txt)
	}
	return n
}

// TestSurveyFormAndResults: the team finds the public link of the demo's
// residents' wave; a resident opens it with JavaScript off, answers with
// the keyboard-reachable labels and sends it; the team sees one answer more
// in the results. The form, the wave and the results pass axe.
func TestSurveyFormAndResults(t *testing.T) {
	team := newSession(t)
	team.login("programmateam@demo.perspectief.nl")
	team.clickLink(`//nav[@aria-label="Hoofdmenu"]`, "Ervaringsonderzoek", "enquetes")
	wave := fmt.Sprintf("Ervaring inwoners %d", time.Now().Year())
	team.clickLink("", wave, "meting")
	link := eval[string](team, `(document.querySelector('a[href*="/enquete/"]') || {href: ''}).href`)
	u, err := url.Parse(link)
	if err != nil || !strings.HasPrefix(u.Path, "/enquete/") {
		t.Fatalf("the wave page shows no public link: %q", link)
	}
	if n := eval[int](team, `document.querySelectorAll('.qr-box svg title').length`); n != 1 {
		t.Errorf("the wave page has %d titled QR codes, want 1", n)
	}
	results := fmt.Sprintf("/enquetes/inwoners-%d/resultaten", time.Now().Year())
	team.open(results, 200, "enquete-resultaten")
	before := totalN(team, "serieus")
	// The form itself, with axe, as the team previews it.
	team.open(u.Path, 200, "enquete-formulier")
	// Twelve questions with answers to choose, each a fieldset with its
	// legend; one open question, a text field with its label.
	if q, l := eval[int](team, `document.querySelectorAll('fieldset.question').length`), eval[int](team, `document.querySelectorAll('fieldset.question > legend').length`); q != 12 || l != 12 {
		t.Errorf("%d questions with %d legends, want 12 each: a screen reader announces each question with its legend", q, l)
	}
	if n := eval[int](team, `[...document.querySelectorAll('textarea')].filter(a => document.querySelector('label[for="'+a.id+'"]')).length`); n != 1 {
		t.Errorf("%d labelled text fields, want 1 for the open question", n)
	}
	if n := eval[int](team, `[...document.querySelectorAll('input[type=radio]')].filter(i => !document.querySelector('label[for="'+i.id+'"]')).length`); n != 0 {
		t.Errorf("%d answers without a label", n)
	}

	res := newSession(t, withoutJavaScript, phone)
	res.open(u.Path, 200, "enquete-zonder-js")
	res.do(
		chromedp.Click(`label[for="vraag-serieus-4"]`),     // helemaal mee eens
		chromedp.Click(`label[for="vraag-andere_hulp-0"]`), // ja
		chromedp.SendKeys(`#vraag-beter`, "Sneller antwoord op mijn brief."),
		chromedp.SetValue(`#gebied`, "WK001404"),
	)
	resp := res.follow(200, "enquete-bedankt", chromedp.Click(`//button[normalize-space()="Antwoorden versturen"]`))
	if p := res.path(resp); p != "/enquete/bedankt" {
		t.Fatalf("after sending the browser is at %s, want /enquete/bedankt", p)
	}
	if h := run(res, chromedp.Text("h1")); !strings.Contains(h, "Bedankt") {
		t.Errorf("the thank-you page says %q", h)
	}

	team.open(results, 200, "enquete-resultaten-na")
	if after := totalN(team, "serieus"); after != before+1 {
		t.Errorf("results show n = %d for the first question, want %d (one answer more)", after, before+1)
	}
}
