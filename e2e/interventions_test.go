package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestEditInterventionAndVerdict walks issue 14 section 5 in the browser at
// 1280 and at 360 pixels: the programmateam edits an intervention's stage
// and area (a wijk picked by name), sees them on its page, reports a value
// for a numeric intended result and reads the verdict; the list filtered by
// that wijk shows the intervention. Every page is checked by axe and the
// HTML checker, and fits the screen.
func TestEditInterventionAndVerdict(t *testing.T) {
	const code = "L3-04"
	for _, sz := range []struct {
		label, stage, stageLabel, wijk, wijkCode, value string
		opts                                            []sessionOption
	}{
		{"breed", "borgen", "Borgen", "Noordwest", "WK001410", "160", nil},
		{"telefoon", "pilot", "Pilot", "Noordoost", "WK001411", "170", []sessionOption{phone}},
	} {
		t.Run(sz.label, func(t *testing.T) {
			s := newSession(t, sz.opts...)
			s.login("programmateam@demo.perspectief.nl")
			s.open("/interventies/"+code+"/bewerken", 200, "interventie-bewerken-"+sz.label)
			s.do(
				chromedp.SetValue(chromedp.ID("fase"), sz.stage),
				chromedp.SetValue(chromedp.ID("gebied"), "wijken"),
				chromedp.Click(`//label[normalize-space()="`+sz.wijk+`"]`),
				chromedp.SendKeys(chromedp.ID("reden"), "Fase en gebied bijgewerkt (e2e, voorbeeld)"),
			)
			resp := s.follow(200, "interventie-bewerkt-"+sz.label, chromedp.Click(`//button[normalize-space()="Opslaan als nieuwe versie"]`))
			if p := s.path(resp); !strings.HasPrefix(p, "/interventies/"+code) {
				t.Fatalf("after saving, the browser is at %s", p)
			}
			facts := eval[string](s, `document.querySelector('dl.facts').innerText`)
			if !strings.Contains(facts, sz.stageLabel) || !strings.Contains(facts, sz.wijk) {
				t.Errorf("the intervention does not show stage %s and wijk %s: %s", sz.stageLabel, sz.wijk, oneLine(facts, 400))
			}

			s.open("/interventies/"+code+"/voortgang", 200, "voortgang-resultaat-"+sz.label)
			s.do(
				chromedp.Click(`label[for="status-op_koers"]`),
				chromedp.SendKeys(chromedp.ID("toelichting"), "Meer huishoudens bereikt (e2e, voorbeeld)."),
				chromedp.SetValue(chromedp.ID("waarde-R1"), sz.value),
			)
			s.follow(200, "voortgang-opgeslagen-"+sz.label, chromedp.Click(`//button[normalize-space()="Voortgang opslaan"]`))
			s.open("/interventies/"+code, 200, "interventie-oordeel-"+sz.label)
			verdicts := eval[string](s, `document.querySelector('section[aria-labelledby="resultaten-oordeel"]').innerText`)
			if !strings.Contains(verdicts, "R1 Gehaald") || !strings.Contains(verdicts, sz.value+" huishoudens per jaar") {
				t.Errorf("the verdict does not show: %s", oneLine(verdicts, 400))
			}
			if w := eval[int](s, `document.documentElement.scrollWidth - window.innerWidth`); w > 0 {
				t.Errorf("the intervention page is %dpx wider than the screen", w)
			}

			s.open("/interventies?gebied="+sz.wijkCode, 200, "interventies-per-wijk-"+sz.label)
			if list := eval[string](s, `document.querySelector('main').innerText`); !strings.Contains(list, code) {
				t.Errorf("the list for wijk %s does not show %s: %s", sz.wijk, code, oneLine(list, 400))
			}
		})
	}
}
