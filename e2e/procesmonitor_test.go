package e2e

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestProcesmonitor walks the procesmonitor as a reader: the programme page
// with its shortfall warning, chart, tables and CSV, then a line with its
// timeline; and the same page on a phone. Every page is checked with axe.
func TestProcesmonitor(t *testing.T) {
	s := newSession(t)
	s.login("lezer@demo.perspectief.nl")
	s.clickLink(`//nav[@aria-label="Hoofdmenu"]`, "Procesmonitor", "procesmonitor")
	if p := eval[string](s, `location.pathname`); p != "/procesmonitor" {
		t.Fatalf("the menu's Procesmonitor link led to %s", p)
	}
	warning := eval[string](s, `document.querySelector('.warning') ? document.querySelector('.warning').innerText : ''`)
	if !strings.Contains(warning, "Meer ingezet dan beschikbaar") || !strings.Contains(warning, "2027: tekort € 900.000") {
		t.Errorf("the 2027 gap is not at the top of the page: %q", warning)
	}
	if !eval[bool](s, `!!document.querySelector('svg.column-chart[role="img"] title')`) {
		t.Error("no column chart with a title")
	}
	if !eval[bool](s, `[...document.querySelectorAll('caption')].some(c => c.textContent.startsWith('Geld per jaar'))`) {
		t.Error("no table beneath the chart")
	}
	if !strings.Contains(eval[string](s, `document.body.innerText`), "Synthetische uitgaven") {
		t.Error("the synthetic spending is not labelled")
	}

	body := download(s, "/procesmonitor?formaat=csv", "text/csv")
	rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatalf("CSV does not parse: %v", err)
	}
	if !hasRow(rows, "programma", "", "Naar een zeker bestaan met perspectief", "2027", "800000", "1700000") {
		t.Errorf("CSV lacks 2027 with 800.000 available and 1.700.000 allocated:\n%s", oneLine(string(body), 600))
	}

	// A line, from the list on the page: its money and its timeline.
	resp := s.follow(200, "procesmonitor-L2", chromedp.Click(`(//ul[@class="line-links"]//a[starts-with(normalize-space(), "L2 ")])[1]`))
	if p := s.path(resp); !strings.HasPrefix(p, "/procesmonitor/lijnen/L2") {
		t.Fatalf("the line link led to %s", p)
	}
	if !eval[bool](s, `!!document.querySelector('svg.timeline-chart[role="img"] title')`) {
		t.Error("the line page has no timeline")
	}
	if n := eval[int](s, `document.querySelectorAll('#planning ~ .table-wrap tbody tr, section[aria-labelledby="planning"] tbody tr').length`); n == 0 {
		t.Error("no milestones listed beneath the timeline")
	}

	// On a phone the page reflows: nothing wider than the screen but the
	// tables, which scroll in their own region.
	p := newSession(t, phone)
	p.login("lezer@demo.perspectief.nl")
	p.open("/procesmonitor", 200, "procesmonitor-telefoon")
	if w := eval[int](p, `document.documentElement.scrollWidth - window.innerWidth`); w > 0 {
		t.Errorf("the page is %dpx wider than a 360px screen", w)
	}
	p.open("/procesmonitor/lijnen/L1", 200, "procesmonitor-L1-telefoon")
	if w := eval[int](p, `document.documentElement.scrollWidth - window.innerWidth`); w > 0 {
		t.Errorf("the line page is %dpx wider than a 360px screen", w)
	}
}

// TestSpendingImportAndMilestone: the programme team imports an export
// after checking its preview, twice (the second time changes nothing); an
// export in the codes of the financial administration lists the code it
// cannot map, which is mapped on the preview with the picker; a bad one
// is refused with its line and column; and a milestone is planned through
// the form.
func TestSpendingImportAndMilestone(t *testing.T) {
	s := newSession(t)
	s.login("programmateam@demo.perspectief.nl")
	s.open("/procesmonitor/uitgaven", 200, "uitgaven")

	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("export.csv", "boekdatum;lijn_of_post;bedrag;omschrijving;referentie\n2025-11-03;L1.2;1250,00;Kindpassen (e2e);E2E-0001\n")
	ledger := write("grootboek.csv", "boekdatum,lijn_of_post,bedrag,omschrijving,referentie\n2025-11-04,6340999,80.00,Zaalhuur (e2e),E2E-0003\n")
	bad := write("fout.csv", "boekdatum,lijn_of_post,bedrag,omschrijving,referentie\n2025-11-03,L1.2,12x,,E2E-0002\n")
	main := func() string { return eval[string](s, `document.querySelector('main').innerText`) }
	upload := func(path, label string, want int) string {
		s.do(chromedp.SetUploadFiles(`#bestand`, []string{path}))
		s.follow(want, label, chromedp.Click(`//form[@action="/procesmonitor/uitgaven" and @method="post"]//button[@type="submit"]`))
		return main()
	}
	press := func(button, label string) string {
		s.follow(200, label, chromedp.Click(`//button[normalize-space()=`+xpathString(button)+`]`))
		return main()
	}
	if text := upload(good, "uitgaven-controle", 200); !strings.Contains(text, "Er is nog niets opgeslagen.") {
		t.Errorf("preview: %s", oneLine(text, 400))
	}
	if text := press("Uitgaven opslaan", "uitgaven-ingelezen"); !strings.Contains(text, "De uitgaven zijn ingelezen.") || !strings.Contains(text, "export.csv") {
		t.Errorf("first import: %s", oneLine(text, 400))
	}
	s.open("/procesmonitor/uitgaven", 200, "uitgaven-2")
	upload(good, "uitgaven-nogmaals-controle", 200)
	if text := press("Klaar (er verandert niets)", "uitgaven-nogmaals"); !strings.Contains(text, "Er is niets veranderd.") {
		t.Errorf("second import: %s", oneLine(text, 400))
	}
	if text := upload(ledger, "uitgaven-onbekende-code", 200); !strings.Contains(text, "Codes zonder koppeling") || !strings.Contains(text, "6340999") {
		t.Errorf("unmapped code: %s", oneLine(text, 400))
	}
	s.do(chromedp.SetValue(`#bestemming_0`, "L2.1|L2-01"))
	if text := press("Koppelen en opnieuw controleren", "uitgaven-gekoppeld"); strings.Contains(text, "Codes zonder koppeling") || !strings.Contains(text, "Samenwerking gemeente en WIJ") {
		t.Errorf("after mapping: %s", oneLine(text, 400))
	}
	if text := press("Uitgaven opslaan", "uitgaven-grootboek-ingelezen"); !strings.Contains(text, "De uitgaven zijn ingelezen.") {
		t.Errorf("ledger import: %s", oneLine(text, 400))
	}
	s.open("/procesmonitor/koppeling", 200, "koppeling")
	if text := main(); !strings.Contains(text, "6340999") {
		t.Errorf("the mapping made on the preview is not listed: %s", oneLine(text, 400))
	}
	s.open("/procesmonitor/uitgaven", 200, "uitgaven-3")
	if text := upload(bad, "uitgaven-fout", 422); !strings.Contains(text, `fout.csv:2: bedrag:`) {
		t.Errorf("bad import: %s", oneLine(text, 400))
	}

	s.open("/interventies/L2-01/mijlpalen", 200, "mijlpalen")
	s.do(
		chromedp.SendKeys(`#mijlpaal-titel`, "Convenant met WIJ getekend (e2e)"),
		chromedp.SetValue(`#mijlpaal-datum`, "2027-03-31"),
		chromedp.SetValue(`#mijlpaal-eigenaar`, "Pim Programma"),
	)
	s.follow(200, "mijlpaal-toegevoegd", chromedp.Click(`//form[@action="/interventies/L2-01/mijlpalen"]//button[@type="submit"]`))
	if text := eval[string](s, `document.querySelector('main').innerText`); !strings.Contains(text, "De mijlpaal is opgeslagen.") || !strings.Contains(text, "Convenant met WIJ getekend (e2e)") {
		t.Errorf("milestone not shown: %s", oneLine(text, 400))
	}
}
