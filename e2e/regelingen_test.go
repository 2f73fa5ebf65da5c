package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/perspectief/perspectief/internal/eligibility/ruletest"
)

// futureStadjerspas is the shipped Stadjerspas file as a new version that
// only applies from 2099, so that loading it changes no outcome the other
// tests of the shared demo see today.
func futureStadjerspas(t *testing.T, version string) []byte {
	return ruletest.Stadjerspas(t, version, "2099-01-01", 130)
}

// TestLoadRuleVersion loads a new version of the Stadjerspas rules as the
// beheerder would: first a file with a typo, which is refused with its
// line, then a good one, which is stored and shown with the old version
// beside it. A reader then looks at both on a phone. Every page is checked
// with axe.
func TestLoadRuleVersion(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "stadjerspas-e2e.yaml")
	if err := os.WriteFile(good, futureStadjerspas(t, "e2e.1"), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "stadjerspas-fout.yaml")
	if err := os.WriteFile(bad, []byte(strings.Replace(string(futureStadjerspas(t, "e2e.2")), "not studiefinanciering", "not studiefinancering", 1)), 0o644); err != nil {
		t.Fatal(err)
	}

	s := newSession(t)
	s.login("beheerder@demo.perspectief.nl")
	s.clickLink(`//nav[@aria-label="Hoofdmenu"]`, "Regelingen", "regelingen")

	s.do(chromedp.SetUploadFiles(`#bestand`, []string{bad}))
	s.follow(422, "regelingen-fout", chromedp.Click(`//form[@action="/regelingen"]//button[@type="submit"]`))
	errs := eval[string](s, `document.querySelector('.error-summary') ? document.querySelector('.error-summary').textContent.replace(/\s+/g, ' ') : ''`)
	if !strings.Contains(errs, "stadjerspas-fout.yaml:29: voorwaarden[0].als:") || !strings.Contains(errs, "er is niets veranderd") {
		t.Errorf("the refusal does not name the file, line and field: %q", errs)
	}

	s.do(chromedp.SetUploadFiles(`#bestand`, []string{good}))
	resp := s.follow(200, "regelversie", chromedp.Click(`//form[@action="/regelingen"]//button[@type="submit"]`))
	if p := s.path(resp); p != "/regelingen/stadjerspas/e2e.1?melding=regelversie" {
		t.Errorf("after loading, the browser is at %s", p)
	}
	main := eval[string](s, `document.querySelector('main').textContent.replace(/\s+/g, ' ')`)
	for _, want := range []string{"Stadjerspas, versie e2e.1", "De nieuwe versie van de regels is ingelezen", "Deze versie beslist vandaag niet",
		"beheerder@demo.perspectief.nl", "2025.2 (beslist vandaag)"} {
		if !strings.Contains(main, want) {
			t.Errorf("the new version's page does not say %q", want)
		}
	}

	r := newSession(t, phone)
	r.login("lezer@demo.perspectief.nl")
	r.open("/regelingen", 200, "regelingen-lezer")
	checkPhonePage(t, r, "regelingen-lezer", true)
	if txt := eval[string](r, `document.querySelector('main').textContent.replace(/\s+/g, ' ')`); !strings.Contains(txt, "nieuwste: e2e.1") ||
		!strings.Contains(txt, "Alleen een beheerder") {
		t.Errorf("a reader's list does not show the new version or says it could load one: %q", txt)
	}
	r.open("/regelingen/stadjerspas/2025.2", 200, "regelversie-oud")
	checkPhonePage(t, r, "regelversie-oud", true)
	if txt := eval[string](r, `document.querySelector('main').textContent.replace(/\s+/g, ' ')`); !strings.Contains(txt, "Deze versie beslist vandaag") {
		t.Errorf("the old version's page: %q", txt)
	}
}
