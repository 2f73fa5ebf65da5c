package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestUploadPages: the beheerder opens the two upload pages, uploads a
// trendmonitor table computed elsewhere and a file of values, and sees
// the previews (with the count of sums that expose a suppressed cell) and
// a refusal. Nothing is confirmed, so the demo stays as it is for the
// other tests. Every page is checked with axe-core and the HTML checker.
func TestUploadPages(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	table := `indicator,jaar,niveau,gebied,groep,teller,noemer,waarde,onderdrukt
huishoudens_110,2031,wijk,WK001401,totaal,11,74,14.864864864864865,0
huishoudens_110,2031,buurt,BU00140100,totaal,6,40,15,0
huishoudens_110,2031,buurt,BU00140101,totaal,5,30,16.666666666666668,0
huishoudens_110,2031,buurt,BU00140102,totaal,,,,1
`
	good := write("cbs.csv", table)
	refused := write("cbs-minderjarigen.csv", strings.ReplaceAll(table, "huishoudens_110", "minderjarigen_110"))
	values := write("waarden.csv", "indicator,periode,gebied,groep,waarde,teller,noemer,marge,bron,toelichting\n"+
		"o3_vroegsignalen,2031-Q1,GM0014,totaal,3,,,,Eigen registratie,\n")

	s := newSession(t)
	s.login("beheerder@demo.perspectief.nl")
	main := func() string { return eval[string](s, `document.querySelector('main').innerText`) }
	submit := `//form[@enctype="multipart/form-data"]//button[@type="submit"]`

	s.open("/trendmonitor/inlezen", 200, "trendtabel-inlezen")
	s.do(chromedp.SetUploadFiles(`#bestand`, []string{good}))
	s.follow(200, "trendtabel-voorvertoning", chromedp.Click(submit))
	if text := main(); !strings.Contains(text, "1 sommen een onderdrukte cel terug te rekenen") || !strings.Contains(text, "Bevestigen en opslaan") {
		t.Errorf("trend preview: %s", oneLine(text, 600))
	}
	s.open("/trendmonitor/inlezen", 200, "trendtabel-inlezen-opnieuw")
	s.do(chromedp.SetUploadFiles(`#bestand`, []string{refused}))
	s.follow(422, "trendtabel-geweigerd", chromedp.Click(submit))
	if text := main(); !strings.Contains(text, "minderjarigen_110 2031 buurt BU00140100 totaal") {
		t.Errorf("trend refusal: %s", oneLine(text, 600))
	}

	s.open("/indicatoren/inlezen", 200, "waarden-inlezen")
	s.do(chromedp.SetUploadFiles(`#bestand`, []string{values}))
	s.follow(200, "waarden-voorvertoning", chromedp.Click(submit))
	if text := main(); !strings.Contains(text, "Na bevestigen worden 1 waarden opgeslagen") {
		t.Errorf("values preview: %s", oneLine(text, 600))
	}
}
