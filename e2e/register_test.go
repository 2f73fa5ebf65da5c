package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestRegisterCycle: the beheerder adds an indicator with a 2026 target in
// the register's form, uploads its values and sees the verdict with the
// target's reason; the form fits a 360px screen. Every page is checked with
// axe-core and the HTML checker. The indicator has its own code, so the
// other tests' pages do not change.
func TestRegisterCycle(t *testing.T) {
	const code = "e2e_kansrijk"
	s := newSession(t)
	s.login("beheerder@demo.perspectief.nl")
	main := func() string { return eval[string](s, `document.querySelector('main').innerText`) }

	s.open("/indicatoren", 200, "indicatoren")
	s.follow(200, "indicator-toevoegen", chromedp.Click(`//main//a[normalize-space()="Indicator toevoegen"]`))
	s.do(
		chromedp.SendKeys(`#code`, code),
		chromedp.SendKeys(`#naam`, "Huishoudens in Kansrijk Groningen (e2e)"),
		chromedp.SetValue(`#type`, "output"),
		chromedp.SetValue(`#niveau`, "interventie"),
		chromedp.Click(`//details[summary[@id="doelen"]]/summary`),
		chromedp.Click(`label[for="doel-O4"]`),
		chromedp.SendKeys(`#eenheid`, "aantal"),
		chromedp.SendKeys(`#nulmeting_jaar`, "2023"),
		chromedp.SendKeys(`#nulmeting_waarde`, "65"),
		// The rows are 2024, 2025, 2026, then another year.
		chromedp.SetValue(`#streef-2-doel`, "getal"),
		chromedp.SendKeys(`#streef-2-waarde`, "150"),
		chromedp.SendKeys(`#streef-2-marge`, "10"),
		chromedp.SendKeys(`#streef-2-reden`, "(voorbeeld) 150 huishoudens per jaar in 2026"),
		chromedp.SendKeys(`#reden`, "Toegevoegd in de e2e-test"),
	)
	resp := s.follow(200, "indicator-toegevoegd", chromedp.Click(`//button[normalize-space()="Indicator toevoegen"]`))
	if p := s.path(resp); !strings.HasPrefix(p, "/indicatoren/"+code+"?") {
		t.Fatalf("after adding, the browser is at %s", p)
	}
	if text := main(); !strings.Contains(text, "Beleidsindicator") || !strings.Contains(text, "150 (marge 10)") || !strings.Contains(text, "nulmeting 2023: 65") {
		t.Errorf("the new indicator: %s", oneLine(text, 600))
	}

	dir := t.TempDir()
	values := filepath.Join(dir, "kansrijk.csv")
	if err := os.WriteFile(values, []byte("indicator,periode,gebied,groep,waarde,teller,noemer,marge,bron,toelichting\n"+
		code+",2025,GM0014,totaal,120,,,,Eigen registratie,\n"+code+",2026,GM0014,totaal,155,,,,Eigen registratie,\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s.open("/indicatoren/inlezen", 200, "waarden-inlezen")
	s.do(chromedp.SetUploadFiles(`#bestand`, []string{values}))
	s.follow(200, "waarden-voorvertoning", chromedp.Click(`//form[@enctype="multipart/form-data"]//button[@type="submit"]`))
	s.follow(200, "waarden-ingelezen", chromedp.Click(`//button[normalize-space()="Bevestigen en opslaan"]`))

	s.open("/indicatoren/"+code, 200, "indicator-met-oordeel")
	verdicts := eval[string](s, `document.querySelector('section[aria-labelledby="doel-titel"]').innerText`)
	for _, want := range []string{"gehaald", "streefwaarde 150 (marge 10): 2026 is 155, binnen de marge", "(voorbeeld) 150 huishoudens per jaar in 2026"} {
		if !strings.Contains(verdicts, want) {
			t.Errorf("the verdict does not show %q: %s", want, oneLine(verdicts, 600))
		}
	}
	s.open("/indicatoren/versies", 200, "register-versies")
	if text := main(); !strings.Contains(text, "Toegevoegd in de e2e-test") {
		t.Errorf("the versions do not list the addition: %s", oneLine(text, 400))
	}
	// An earlier version can be restored after a confirmation that lists
	// what changes (not done here: the addition would be retired).
	s.open("/indicatoren/versies?versie=1", 200, "register-versie-1")
	s.follow(200, "register-terugzetten", chromedp.Click(`//button[@name="terugzetten"]`))
	if text := main(); !strings.Contains(text, "Versie 1 terugzetten") || !strings.Contains(text, "("+code+")") {
		t.Errorf("the confirmation does not name the indicator added since: %s", oneLine(text, 400))
	}
	// The learning log picks a wegingskader round from a list.
	s.open("/leerlogboek/nieuw?soort=signaal", 200, "leerlogboek-formulier")
	if n := eval[int](s, `document.querySelectorAll('select#rondes option').length`); n < 1 {
		t.Errorf("the learning log form has no round picker")
	}

	// The form on a phone: nothing sticks out.
	p := newSession(t, phone)
	p.login("programmateam@demo.perspectief.nl")
	p.open("/indicatoren/"+code+"/wijzigen", 200, "indicator-wijzigen-telefoon")
	checkPhonePage(t, p, "indicator-wijzigen", false)
}
