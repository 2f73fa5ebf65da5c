package e2e

import (
	"bytes"
	"strings"
	"testing"
	"time"

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

// TestTertialReport: a regiegroep member finds the tertial report in the
// main menu, opens the version the demo froze for the last tertial, reads
// it as a web page and downloads its PDF; then the same on a 360px screen.
// Every page is checked by axe and the HTML checker.
func TestTertialReport(t *testing.T) {
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	prev := tertialBefore(time.Now().In(ams))
	s := newSession(t)
	s.login("regiegroep@demo.perspectief.nl")
	s.clickLink(`//nav[@aria-label="Hoofdmenu"]`, "Tertiaalrapportage", "tertiaalrapportage")
	s.follow(200, "tertiaalrapportage-versie", chromedp.Click(`//a[@href="/tertiaalrapportage/`+prev+`/versies/1"]`))
	h1 := eval[string](s, `document.querySelector('h1').textContent.trim()`)
	if !strings.HasPrefix(h1, "Tertiaalrapportage ") || !strings.HasSuffix(h1, ", versie 1") {
		t.Errorf("version page heading %q", h1)
	}
	s.clickLink("//main", "Rapportage lezen", "tertiaalrapportage-rapport")
	body := eval[string](s, `document.body.innerText.replace(/\u00ad/g, '')`)
	for _, want := range []string{h1, "In het kort", "Fatsoenlijk inkomen", "Escalaties naar de regiegroep", "Mijlpalen te laat", "Signalen uit de begroting", "Indicatoren", "(voorbeeld)"} {
		if !strings.Contains(body, want) {
			t.Errorf("the tertial report does not show %q", want)
		}
	}
	if strings.Contains(body, "@demo.perspectief.nl") {
		t.Error("the tertial report shows an e-mail address instead of a name")
	}
	if styled := eval[string](s, `getComputedStyle(document.querySelector('h1')).color`); styled != "rgb(21, 66, 115)" {
		t.Errorf("the report's h1 has colour %s: its inline style was blocked", styled)
	}
	if pdf := download(s, "/tertiaalrapportage/"+prev+"/versies/1/rapport.pdf", "application/pdf"); !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Errorf("the PDF link gave %.20q", pdf)
	}

	p := newSession(t, phone)
	p.login("regiegroep@demo.perspectief.nl")
	for _, page := range []struct {
		path, label string
		nav         bool
	}{
		{"/tertiaalrapportage", "tertiaalrapportage-telefoon", true},
		{"/tertiaalrapportage/" + prev + "/versies/1", "tertiaalrapportage-versie-telefoon", true},
		{"/tertiaalrapportage/" + prev + "/versies/1/rapport.html", "tertiaalrapportage-rapport-telefoon", false},
	} {
		p.open(page.path, 200, page.label)
		checkPhonePage(t, p, page.label, page.nav)
	}
}

// tertialBefore names the tertial before the one of t, as the demo freezes it.
func tertialBefore(t time.Time) string {
	y, n := t.Year(), (int(t.Month())-1)/4+1
	if n == 1 {
		y, n = y-1, 3
	} else {
		n--
	}
	return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC).Format("2006") + "-T" + string(rune('0'+n))
}
