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
	for _, sz := range screens {
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
			save := chromedp.Click(`//button[normalize-space()="Opslaan als nieuwe versie"]`)
			// refuseThenSave types other and the bad value of field, expects
			// the error summary (with the focus) to say every want and the
			// form to keep what was typed, then saves with field's good
			// value and returns the path it lands on.
			refuseThenSave := func(name, field, bad, good string, other map[string]string, want ...string) string {
				t.Helper()
				for id, v := range other {
					set(id, v)
				}
				set(field, bad)
				s.do(chromedp.SendKeys(chromedp.ID("reden"), "Bijgewerkt in de browser (e2e, voorbeeld)"))
				s.follow(422, name+"-geweigerd-"+sz.label, save)
				sum := summary()
				for _, w := range want {
					if !strings.Contains(sum, w) {
						t.Errorf("the error summary lacks %q: %q", w, oneLine(sum, 300))
					}
				}
				if focused := eval[string](s, `document.activeElement ? document.activeElement.className : ''`); !strings.Contains(focused, "error-summary") {
					t.Errorf("the error summary does not have the focus (%q has)", focused)
				}
				for id, v := range other {
					if got := eval[string](s, `document.getElementById(`+strconv.Quote(id)+`).value`); got != v {
						t.Errorf("the refused form lost what was typed in %s: %q", id, got)
					}
				}
				fits("the refused " + name + " form")
				set(field, good)
				return s.path(s.follow(200, name+"-opgeslagen-"+sz.label, save))
			}
			s.login("programmateam@demo.perspectief.nl")

			// A goal: an empty title is refused, then a new "what we see".
			s.open("/doelen/O6/bewerken", 200, "doel-bewerken-"+sz.label)
			fits("the goal form")
			title := eval[string](s, `document.getElementById('titel').value`)
			seen := "Meer inwoners houden grip op hun geld (" + sz.label + ", voorbeeld)"
			if p := refuseThenSave("doel", "titel", "", title, map[string]string{"wat_zien_we": seen}, "Het doel is niet opgeslagen", "titel ontbreekt"); p != "/doelen/O6" {
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
			if p := refuseThenSave("begrotingsregel", "bedrag-2025", "veel", amount, map[string]string{"toelichting": note},
				"De begrotingsregel is niet opgeslagen", `("veel") is geen getal`); p != "/begroting" {
				t.Fatalf("after saving, the browser is at %s", p)
			}
			if main := eval[string](s, `document.querySelector('main').innerText`); !strings.Contains(main, note) {
				t.Errorf("the budget does not show the new note: %s", oneLine(main, 600))
			}
			fits("the budget")
		})
	}
}
