package e2e

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestEditGoalAndBudgetRow walks issue 14 section 5 in the browser at 1280
// and at 360 pixels: the programmateam edits a goal of the doelenboom and a
// row of the budget, each first with input the programme refuses (the
// error summary names the field and nothing is stored), then corrected,
// and reads the change on the goal's page and the budget. Every page is
// checked by axe and the HTML checker, and fits the screen.
func TestEditGoalAndBudgetRow(t *testing.T) {
	for _, sz := range []struct {
		label string
		opts  []sessionOption
	}{{"breed", nil}, {"telefoon", []sessionOption{phone}}} {
		t.Run(sz.label, func(t *testing.T) {
			s := newSession(t, sz.opts...)
			fits := func(what string) {
				t.Helper()
				if w := eval[int](s, `document.documentElement.scrollWidth - window.innerWidth`); w > 0 {
					t.Errorf("%s is %dpx wider than the screen", what, w)
				}
			}
			set := func(id, value string) {
				t.Helper()
				eval[bool](s, `(() => { const e = document.getElementById(`+strconv.Quote(id)+`); e.value = `+strconv.Quote(value)+`; return true; })()`)
			}
			summary := func() string {
				return eval[string](s, `(document.querySelector('.error-summary') || {innerText: ''}).innerText`)
			}
			s.login("programmateam@demo.perspectief.nl")

			// A goal: an empty title is refused, then a new "what we see".
			s.open("/doelen/O6/bewerken", 200, "doel-bewerken-"+sz.label)
			fits("the goal form")
			title := eval[string](s, `document.getElementById('titel').value`)
			seen := "Meer inwoners houden grip op hun geld (" + sz.label + ", voorbeeld)"
			set("titel", "")
			set("wat_zien_we", seen)
			s.do(chromedp.SendKeys(chromedp.ID("reden"), "Scherper geformuleerd (e2e, voorbeeld)"))
			s.follow(422, "doel-geweigerd-"+sz.label, chromedp.Click(`//button[normalize-space()="Opslaan als nieuwe versie"]`))
			if sum := summary(); !strings.Contains(sum, "Het doel is niet opgeslagen") || !strings.Contains(sum, "titel ontbreekt") {
				t.Errorf("the error summary does not name the title: %q", oneLine(sum, 300))
			}
			if got := eval[string](s, `document.getElementById('wat_zien_we').value`); got != seen {
				t.Errorf("the refused form lost what was typed: %q", got)
			}
			fits("the refused goal form")
			set("titel", title)
			resp := s.follow(200, "doel-opgeslagen-"+sz.label, chromedp.Click(`//button[normalize-space()="Opslaan als nieuwe versie"]`))
			if p := s.path(resp); p != "/doelen/O6" {
				t.Fatalf("after saving, the browser is at %s", p)
			}
			if main := eval[string](s, `document.querySelector('main').innerText`); !strings.Contains(main, seen) || !strings.Contains(main, title) {
				t.Errorf("the goal's page does not show the change: %s", oneLine(main, 400))
			}

			// A budget row: a word for an amount is refused, then a new note.
			s.open("/begroting/bewerken", 200, "begroting-bewerken-"+sz.label)
			fits("the list of budget rows")
			s.follow(200, "begrotingsregel-"+sz.label, chromedp.Click(`//a[@href="/begroting/beschikbaar/2"]`))
			fits("the budget row form")
			amount := eval[string](s, `document.getElementById('bedrag-2025').value`)
			note := "Rijksmiddelen, bijgewerkt in de browser (" + sz.label + ", voorbeeld)"
			set("bedrag-2025", "veel")
			set("toelichting", note)
			s.do(chromedp.SendKeys(chromedp.ID("reden"), "Toelichting bijgewerkt (e2e, voorbeeld)"))
			s.follow(422, "begrotingsregel-geweigerd-"+sz.label, chromedp.Click(`//button[normalize-space()="Opslaan als nieuwe versie"]`))
			if sum := summary(); !strings.Contains(sum, "De begrotingsregel is niet opgeslagen") || !strings.Contains(sum, `("veel") is geen getal`) {
				t.Errorf("the error summary does not name the amount: %q", oneLine(sum, 300))
			}
			if focused := eval[string](s, `document.activeElement ? document.activeElement.className : ''`); !strings.Contains(focused, "error-summary") {
				t.Errorf("the error summary does not have the focus (%q has)", focused)
			}
			fits("the refused budget row form")
			set("bedrag-2025", amount)
			resp = s.follow(200, "begrotingsregel-opgeslagen-"+sz.label, chromedp.Click(`//button[normalize-space()="Opslaan als nieuwe versie"]`))
			if p := s.path(resp); p != "/begroting" {
				t.Fatalf("after saving, the browser is at %s", p)
			}
			if main := eval[string](s, `document.querySelector('main').innerText`); !strings.Contains(main, note) {
				t.Errorf("the budget does not show the new note: %s", oneLine(main, 600))
			}
			fits("the budget")
		})
	}
}
