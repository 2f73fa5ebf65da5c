package e2e

import (
	"strings"
	"testing"
)

// overflow is what the page says about its width on a narrow screen.
type overflow struct {
	ScrollWidth int      `json:"scrollWidth"`
	InnerWidth  int      `json:"innerWidth"`
	Culprits    []string `json:"culprits"` // elements sticking out, for the report
}

// overflowJS measures the page against the viewport and, when it is too
// wide, names the outermost elements that stick out on the right (skipping
// those inside a container that scrolls on its own, like .table-wrap).
const overflowJS = `(() => {
	const w = window.innerWidth, de = document.documentElement;
	const culprits = [];
	if (de.scrollWidth > w) {
		const scrolls = el => { for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
			const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') return true; } return false; };
		for (const el of document.body.querySelectorAll('*')) {
			const r = el.getBoundingClientRect();
			if (r.right <= w + 0.5 || r.width === 0 || scrolls(el)) continue;
			if (el.parentElement && el.parentElement.getBoundingClientRect().right > w + 0.5) continue;
			const id = el.id ? '#' + el.id : '';
			const cls = typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\s+/).join('.') : '';
			culprits.push(el.tagName.toLowerCase() + id + cls + ' (right edge ' + Math.round(r.right) + 'px): ' + el.textContent.replace(/\s+/g, ' ').trim().slice(0, 60));
			if (culprits.length >= 8) break;
		}
	}
	return {scrollWidth: de.scrollWidth, innerWidth: w, culprits};
})()`

// chartTextJS lists chart texts drawn smaller than 12 CSS pixels: the
// font size in the drawing's units times the scale the SVG is shown at.
const chartTextJS = `(() => {
	const out = [];
	for (const t of document.querySelectorAll('svg text')) {
		const svg = t.ownerSVGElement, m = svg && svg.getScreenCTM();
		if (!m || !t.getClientRects().length) continue;
		const px = parseFloat(getComputedStyle(t).fontSize) * m.a;
		if (px < 11.95) out.push(svg.getAttribute('class') + ': "' + t.textContent.trim().slice(0, 30) + '" at ' + px.toFixed(1) + 'px');
		if (out.length >= 5) break;
	}
	return out;
})()`

// navReachJS checks every link of the main navigation: after scrolling it
// into view it lies inside the viewport and is the element a tap on its
// centre would hit.
const navReachJS = `(() => {
	const nav = document.querySelector('nav[aria-label="Hoofdmenu"]');
	if (!nav) return ['no main navigation (nav[aria-label="Hoofdmenu"])'];
	const problems = [];
	// On a phone the menu is folded away behind its button: closed at
	// first (it no longer fills the first screen), open after a press.
	const toggle = document.getElementById('menu-open'), list = nav.querySelector('ul');
	if (!toggle || getComputedStyle(toggle).display === 'none') {
		problems.push('no menu button on a narrow screen');
	} else {
		if (list.getBoundingClientRect().height > 0) problems.push('the menu is open before its button is pressed');
		const button = nav.querySelector('label[for="menu-open"]');
		const b = button.getBoundingClientRect();
		if (b.height < 24 || b.width < 24) problems.push('menu button only ' + Math.round(b.width) + 'x' + Math.round(b.height) + 'px');
		button.click();
		if (!toggle.checked || list.getBoundingClientRect().height === 0) problems.push('pressing the menu button does not open the menu');
	}
	const links = nav.querySelectorAll('a');
	if (!links.length) problems.push('the main navigation has no links');
	for (const a of links) {
		a.scrollIntoView({block: 'center', inline: 'center'});
		const r = a.getBoundingClientRect();
		const label = a.textContent.trim();
		if (r.width < 1 || r.height < 1) { problems.push(label + ': not visible'); continue; }
		if (r.left < 0 || r.right > window.innerWidth + 0.5) problems.push(label + ': outside the screen (' + Math.round(r.left) + '..' + Math.round(r.right) + 'px)');
		const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
		if (!hit || !a.contains(hit)) problems.push(label + ': covered by ' + (hit ? hit.tagName.toLowerCase() + '.' + hit.className : 'nothing'));
		if (r.height < 24) problems.push(label + ': tap target only ' + Math.round(r.height) + 'px high');
	}
	window.scrollTo(0, 0);
	return problems;
})()`

// TestPhoneWidth loads the overview and an intervention page on a 360px wide
// screen: the page must not scroll sideways, and the main navigation must be
// reachable (and work) there.
func TestPhoneWidth(t *testing.T) {
	s := newSession(t, phone)
	s.open("/inloggen", 200, "inloggen")
	checkPhonePage(t, s, "inloggen", false)
	s.submitLogin("programmateam@demo.perspectief.nl")
	checkPhonePage(t, s, "overzicht", true)

	// Use the main navigation to reach an intervention, as on a phone.
	s.clickLink(`//nav[@aria-label="Hoofdmenu"]`, "Interventies", "interventies")
	checkPhonePage(t, s, "interventies", true)
	resp := s.follow(200, "interventie", clickFirst(`//main//a[@href="/interventies/L1-01"]`))
	if p := s.path(resp); p != "/interventies/L1-01" {
		t.Fatalf("the list's link led to %s, want /interventies/L1-01", p)
	}
	checkPhonePage(t, s, "interventie", true)
}

// checkPhonePage checks that the page does not scroll sideways and, when
// withNav, that every link of the main navigation can be reached.
func checkPhonePage(t *testing.T, s *session, label string, withNav bool) {
	t.Helper()
	o := eval[overflow](s, overflowJS)
	if o.InnerWidth != 360 {
		t.Errorf("%s: window.innerWidth is %d, want the emulated 360", label, o.InnerWidth)
	}
	if small := eval[[]string](s, chartTextJS); len(small) > 0 {
		t.Errorf("%s: chart text below 12 CSS px on a 360px screen:\n    %s", label, strings.Join(small, "\n    "))
	}
	if o.ScrollWidth > o.InnerWidth {
		t.Errorf("%s scrolls sideways on a 360px screen: document width %dpx > %dpx; sticking out:\n    %s",
			label, o.ScrollWidth, o.InnerWidth, strings.Join(o.Culprits, "\n    "))
	}
	if !withNav {
		return
	}
	if problems := eval[[]string](s, navReachJS); len(problems) > 0 {
		t.Errorf("%s: main navigation not reachable on a 360px screen:\n    %s", label, strings.Join(problems, "\n    "))
	}
}
