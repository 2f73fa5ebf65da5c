package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestTertialCycle walks the tertial in the browser: the programmateam
// assigns the projectleider to an intervention by name, the projectleider
// finds the due update on "Mijn interventies" and submits it with an
// escalation, the regiegroep reads it among the escalations, and the team
// sees the reminders in the app. Every page is checked by axe and the HTML
// checker.
func TestTertialCycle(t *testing.T) {
	const code = "L3-02"
	team := newSession(t)
	team.login("programmateam@demo.perspectief.nl")
	team.open("/interventies/"+code+"/projectleiders", 200, "projectleiders-formulier")
	team.do(chromedp.Click(`//label[normalize-space()="Lotte Leider"]`))
	resp := team.follow(200, "projectleiders-opgeslagen", chromedp.Click(`//form[@action="/interventies/`+code+`/projectleiders"]//button[@type="submit"]`))
	if p := team.path(resp); !strings.HasPrefix(p, "/interventies/"+code) {
		t.Fatalf("after assigning, the browser is at %s", p)
	}
	if facts := eval[string](team, `document.querySelector('dl.facts').innerText`); !strings.Contains(facts, "Lotte Leider") {
		t.Errorf("the intervention does not name its new projectleider: %s", oneLine(facts, 300))
	}
	team.open("/herinneringen", 200, "herinneringen")

	lotte := newSession(t)
	lotte.login("projectleider@demo.perspectief.nl")
	lotte.clickLink(`//nav[@aria-label="Hoofdmenu"]`, "Mijn interventies", "mijn-interventies")
	due := eval[string](lotte, `document.querySelector('section[aria-labelledby="nodig-titel"]').innerText`)
	if !strings.Contains(due, code) {
		t.Fatalf("Mijn interventies does not list %s as due: %s", code, oneLine(due, 400))
	}
	lotte.follow(200, "voortgang-met-escalatie", chromedp.Click(`//a[starts-with(@href, "/interventies/`+code+`/voortgang")]`))
	reason := "Zonder besluit over de huur stopt het spreekuur. (e2e)"
	lotte.do(
		chromedp.Click(`label[for="status-achter"]`),
		chromedp.SendKeys(chromedp.ID("toelichting"), "De locatie vervalt."),
		chromedp.Click(`label[for="escaleren"]`),
		chromedp.SendKeys(chromedp.ID("escalatie_reden"), reason),
	)
	lotte.follow(200, "voortgang-geescaleerd", chromedp.Click(`//button[normalize-space()="Voortgang opslaan"]`))

	rik := newSession(t)
	rik.login("regiegroep@demo.perspectief.nl")
	rik.clickLink(`//nav[@aria-label="Hoofdmenu"]`, "Escalaties", "escalaties")
	if list := eval[string](rik, `document.querySelector('main').innerText`); !strings.Contains(list, reason) || !strings.Contains(list, code) {
		t.Errorf("the regiegroep does not see the escalation: %s", oneLine(list, 400))
	}
}
