package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestWegingskaderChoiceOnPhone reads the demo round's choice and its
// results on a 360px screen: no sideways page scroll, the first column in
// view while a table scrolls, and no row stretched tall by a squeezed
// sentence.
func TestWegingskaderChoiceOnPhone(t *testing.T) {
	s := newSession(t, phone)
	s.login("programmateam@demo.perspectief.nl")
	s.clickLink(`//nav[@aria-label="Hoofdmenu"]`, "Wegingskader", "wegingskader")
	for _, p := range []string{"/wegingskader/rondes/1/keuze", "/wegingskader/rondes/1/uitslag"} {
		label := strings.TrimPrefix(p, "/wegingskader/rondes/1/")
		s.open(p, 200, label)
		checkPhonePage(t, s, label, true)
		tall := eval[[]string](s, `(() => {
			const out = [];
			for (const tr of document.querySelectorAll('main .table-wrap tbody tr')) {
				const h = tr.getBoundingClientRect().height;
				if (h > 200) out.push(tr.textContent.replace(/\s+/g, ' ').trim().slice(0, 50) + ': ' + Math.round(h) + 'px');
			}
			return out;
		})()`)
		if len(tall) > 0 {
			t.Errorf("%s: table rows taller than 200px on a phone:\n    %s", label, strings.Join(tall, "\n    "))
		}
		sticky := eval[string](s, `(() => { const th = document.querySelector('main .table-wrap tbody th');
			return th ? getComputedStyle(th).position : 'no row header'; })()`)
		if sticky != "sticky" {
			t.Errorf("%s: the first column of a wide table is %q on a phone, want sticky", label, sticky)
		}
	}
}

// TestWijzerResultPrints: the result page offers printing (a button with
// JavaScript, the browser's own Print without) and prints the result
// without the form, the navigation or the footer.
func TestWijzerResultPrints(t *testing.T) {
	s := newSession(t)
	s.open("/wijzer", 200, "wijzer")
	s.do(
		chromedp.Click(`label[for="f-type-0"]`),
		chromedp.SendKeys(chromedp.ID("f-inkomen"), "900"),
	)
	s.follow(200, "wijzer-uitkomst", chromedp.Click(`//form[@id="vragen"]//button[@type="submit"]`))
	summary := eval[string](s, `document.getElementById('samenvatting').textContent.trim()`)
	if !strings.HasPrefix(summary, "U kunt waarschijnlijk") {
		t.Errorf("the result does not start with its summary: %q", summary)
	}
	button := eval[bool](s, `(() => { const b = document.querySelector('button[data-print]'); return !!b && !b.hidden && b.getClientRects().length > 0; })()`)
	if !button {
		t.Error("no visible print button on the result with JavaScript")
	}
	if _, err := chromedp.Call(s.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatalf("print media: %v", err)
	}
	shown := eval[map[string]bool](s, `(() => {
		const vis = sel => { const e = document.querySelector(sel); return !!e && e.getClientRects().length > 0; };
		return {result: vis('#samenvatting'), form: vis('#vragen'), footer: vis('.site-footer'), hint: vis('.print-hint')};
	})()`)
	if !shown["result"] || shown["form"] || shown["footer"] || shown["hint"] {
		t.Errorf("printed, the page shows %v; want the result only", shown)
	}
	s.screenshot("wijzer-afdruk")
}
