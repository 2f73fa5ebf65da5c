package e2e

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// reportStructureJS lists what an accessibility review of the report
// document would flag: language, one h1, skipped heading levels, charts
// without a title, a description or a table right after them.
const reportStructureJS = `(() => {
	const p = [];
	if (document.documentElement.lang !== 'nl') p.push('lang is ' + document.documentElement.lang);
	const h1 = document.querySelectorAll('h1').length;
	if (h1 !== 1) p.push(h1 + ' h1 elements');
	let prev = 0;
	for (const h of document.querySelectorAll('h1,h2,h3,h4,h5,h6')) {
		const l = +h.tagName[1];
		if (l > prev + 1) p.push(h.tagName + ' after h' + prev + ': ' + h.textContent.trim());
		prev = l;
	}
	const svgs = document.querySelectorAll('svg');
	if (!svgs.length) p.push('no charts');
	for (const s of svgs) {
		const t = s.querySelector('title'), d = s.querySelector('desc');
		const name = t ? t.textContent.trim() : '(no title)';
		if (!t || !name || !d || !d.textContent.trim()) p.push('chart without a title or description: ' + name);
		const fig = s.closest('figure'), next = fig && fig.nextElementSibling;
		if (!next || !next.querySelector('table caption')) p.push('chart not followed by a table with a caption: ' + name);
	}
	return p;
})()`

// TestYearlyReport walks the programme team through last year's report: the
// page from the main menu, a text for a chapter, the report itself (also
// on a phone), its PDF, and freezing it as a council dossier.
func TestYearlyReport(t *testing.T) {
	year := time.Now().Year() - 1
	s := newSession(t)
	s.login("programmateam@demo.perspectief.nl")
	s.clickLink(`//nav[@aria-label="Hoofdmenu"]`, "Rapportage", "rapportage")
	s.clickLink("//main", fmt.Sprintf("Voortgangsrapportage %d", year), "rapportage-jaar")

	// The demo wrote an example text for the introduction.
	if intro := run(s, chromedp.Value(chromedp.ID("tekst-inleiding"))); !strings.Contains(intro, "voorbeeldtekst") {
		t.Errorf("the introduction's text field holds %q, want the demo's example text", intro)
	}
	lesson := fmt.Sprintf("Wat we dit jaar leerden: bellen werkt beter dan een brief (e2e %s).", time.Now().Format("15:04:05"))
	s.do(chromedp.SendKeys(chromedp.ID("tekst-leerlogboek"), lesson))
	s.follow(200, "tekst-opgeslagen", chromedp.Click(`//button[normalize-space()="Tekst bij hoofdstuk 7 opslaan"]`))
	// The page opens at the chapter, with the confirmation and the text there.
	saved := eval[[]string](s, `(() => { const c = document.getElementById(location.hash.slice(1)); if (!c) return ['no chapter ' + location.hash, ''];
		const n = c.querySelector('.notice'); return [n ? n.textContent.trim() : '', c.querySelector('textarea').value]; })()`)
	if !strings.Contains(saved[0], "De tekst is opgeslagen") || saved[1] != lesson {
		t.Errorf("after saving, chapter 7 shows notice %q and text %q", saved[0], saved[1])
	}

	// The report as a web page.
	s.clickLink("//main", "Rapport bekijken als webpagina", "rapport")
	for _, p := range eval[[]string](s, reportStructureJS) {
		t.Errorf("report: %s", p)
	}
	body := eval[string](s, `document.body.innerText.replace(/\u00ad/g, '')`)
	for _, want := range []string{fmt.Sprintf("Voortgangsrapportage %d", year), lesson, "Toelichting van het programmateam", "Nog geen gegevens", "Armoede in Groningen: de trends"} {
		if !strings.Contains(body, want) {
			t.Errorf("the report does not show %q", want)
		}
	}
	if styled := eval[string](s, `getComputedStyle(document.querySelector('h1')).color`); styled != "rgb(21, 66, 115)" {
		t.Errorf("the report's h1 has colour %s: its inline style was blocked", styled)
	}

	// The PDF, as the link downloads it.
	if pdf := download(s, fmt.Sprintf("/rapportage/%d/rapport.pdf", year), "application/pdf"); !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Errorf("the PDF link gave %.20q", pdf)
	}

	// Freeze it as a council dossier.
	s.open(fmt.Sprintf("/rapportage/%d", year), 200, "rapportage-jaar-2")
	s.do(chromedp.SendKeys(chromedp.ID("notitie"), "Aangeboden aan de raad (e2e-test)."))
	resp := s.follow(200, "raadsdossier", chromedp.Click(`//button[normalize-space()="Leg vast als raadsdossier"]`))
	if p := s.path(resp); !strings.HasPrefix(p, fmt.Sprintf("/rapportage/%d/dossiers/", year)) {
		t.Fatalf("after freezing the browser is at %s", p)
	}
	h1 := eval[string](s, `document.querySelector('h1').textContent.trim()`)
	if !strings.HasPrefix(h1, fmt.Sprintf("Raadsdossier %d, versie ", year)) {
		t.Errorf("dossier page heading %q", h1)
	}
	s.clickLink("//main", "Rapport (webpagina)", "raadsdossier-rapport")
	if !strings.Contains(eval[string](s, `document.body.innerText`), h1) {
		t.Errorf("the frozen report does not say it is %s", h1)
	}
}

// TestYearlyReportOnPhone reads the report and its page on a 360px screen.
func TestYearlyReportOnPhone(t *testing.T) {
	year := time.Now().Year() - 1
	s := newSession(t, phone)
	s.login("lezer@demo.perspectief.nl")
	s.open("/rapportage", 200, "rapportage-index-telefoon")
	checkPhonePage(t, s, "rapportage-index-telefoon", true)
	s.open(fmt.Sprintf("/rapportage/%d", year), 200, "rapportage-telefoon")
	checkPhonePage(t, s, "rapportage-telefoon", true)
	s.open(fmt.Sprintf("/rapportage/%d/rapport.html", year), 200, "rapport-telefoon")
	checkPhonePage(t, s, "rapport-telefoon", false)
}
