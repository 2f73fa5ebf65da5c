package e2e

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// lineRollup is what the overview's card of one programme line says.
type lineRollup struct {
	Found      bool           `json:"found"`
	Counts     map[string]int `json:"counts"`     // status label → count, as listed on the card
	GapSummary string         `json:"gapSummary"` // "2 zonder update in deze periode"
	Gaps       []string       `json:"gaps"`       // intervention codes without an update
	Concerns   []string       `json:"concerns"`   // the open concerns, as text
}

// readLineRollup reads the card of a line on the overview, the way a reader
// would: the numbers next to the status labels, the "zonder update" list and
// the open concerns.
func readLineRollup(s *session, line string) lineRollup {
	s.t.Helper()
	r := eval[lineRollup](s, fmt.Sprintf(`(() => {
		const h = document.getElementById(%q);
		if (!h) return {found: false, counts: {}, gapSummary: '', gaps: [], concerns: []};
		const card = h.closest('section');
		const counts = {};
		for (const li of card.querySelectorAll('.status-counts li')) {
			const text = li.textContent.replace(/\s+/g, ' ').trim();
			const m = text.match(/^(\d+) (.+)$/);
			if (m) counts[m[2]] = Number(m[1]);
		}
		let gapSummary = '', gaps = [];
		for (const d of card.querySelectorAll('details')) {
			const sum = d.querySelector('summary').textContent.replace(/\s+/g, ' ').trim();
			if (/zonder update/.test(sum)) {
				gapSummary = sum;
				gaps = [...d.querySelectorAll('li a')].map(a => a.textContent.trim().split(' ')[0]);
			}
		}
		const concerns = [...card.querySelectorAll('.concerns li')].map(li => li.textContent.replace(/\s+/g, ' ').trim());
		return {found: true, counts, gapSummary, gaps, concerns};
	})()`, "lijn-"+line))
	if !r.Found {
		s.fatal("the overview has no card for line %s", line)
	}
	return r
}

// TestWalkAsProgrammeTeam walks the site as a member of the programme team:
// reads the overview, walks the goal tree down to an intervention, edits its
// canvas, reports progress on an intervention that had no update in this
// period, and sees the overview change. Every page is checked with axe.
func TestWalkAsProgrammeTeam(t *testing.T) {
	s := newSession(t)
	s.login("programmateam@demo.perspectief.nl")
	user := strings.TrimSpace(eval[string](s, `document.querySelector('.user-name') ? document.querySelector('.user-name').firstChild.textContent : ''`))

	// The overview: the roll-up of line L1.
	before := readLineRollup(s, "L1")
	t.Logf("L1 before: counts %v, %q %v, %d open concerns", before.Counts, before.GapSummary, before.Gaps, len(before.Concerns))
	if _, ok := before.Counts["Achter"]; !ok {
		t.Fatalf("the L1 card lists no count for status Achter: %v", before.Counts)
	}
	if len(before.Gaps) == 0 {
		t.Fatalf("the demo's line L1 should have interventions without an update in this period; the card says %q", before.GapSummary)
	}
	if n := before.Counts["Geen update"]; n != len(before.Gaps) {
		t.Errorf("L1 card: %d with 'Geen update' but %d listed as %q", n, len(before.Gaps), before.GapSummary)
	}
	if !strings.HasPrefix(before.GapSummary, fmt.Sprintf("%d ", len(before.Gaps))) {
		t.Errorf("L1 gap summary %q does not start with the number of listed interventions, %d", before.GapSummary, len(before.Gaps))
	}
	// Unfold the list of interventions without an update, as a reader would.
	gapSummary := `//section[@aria-labelledby="lijn-L1"]//details/summary[contains(., "zonder update")]`
	s.do(chromedp.Click(gapSummary))
	if !eval[bool](s, `[...document.querySelectorAll('section[aria-labelledby="lijn-L1"] details')].some(d => d.open)`) {
		t.Errorf("clicking %q did not unfold the list", before.GapSummary)
	}
	s.checkPage("overzicht-open")

	// The goal tree, from an ambition down to an intervention.
	code := walkGoalTree(t, s)

	// Edit the canvas of the intervention the tree led to.
	s.clickLink("", "Canvas wijzigen", "canvas-formulier")
	objective := fmt.Sprintf("Meer inwoners van Groningen gebruiken de regelingen waar zij recht op hebben (aangepast door de e2e-test om %s).", time.Now().Format("15:04:05"))
	if v := run(s, chromedp.Value(chromedp.ID("doelstelling"))); v != "" {
		s.do(chromedp.Clear(chromedp.ID("doelstelling")))
	}
	s.do(chromedp.SendKeys(chromedp.ID("doelstelling"), objective))
	resp := s.follow(200, "canvas-opgeslagen", chromedp.Click(`//button[normalize-space()="Canvas opslaan"]`))
	if p := s.path(resp); !strings.HasPrefix(p, "/interventies/"+code) {
		t.Fatalf("after saving the canvas the browser is at %s, want the page of %s", p, code)
	}
	if notice := eval[string](s, `document.querySelector('.notice') ? document.querySelector('.notice').textContent.trim() : ''`); !strings.Contains(notice, "opgeslagen") {
		t.Errorf("no confirmation after saving the canvas; notice: %q", notice)
	}
	shown := eval[string](s, `(() => {
		for (const dt of document.querySelectorAll('dl.canvas dt'))
			if (dt.textContent.trim() === 'Doelstelling') return dt.nextElementSibling.textContent.trim();
		return '';
	})()`)
	if shown != objective {
		t.Errorf("the intervention page shows doelstelling %q, want the text just saved %q", shown, objective)
	}

	// Back to the overview; report progress on an intervention of L1 that
	// has no update in this period, found in the overview's gap list.
	s.clickLink(`//nav[@aria-label="Hoofdmenu"]`, "Overzicht", "overzicht-2")
	s.do(chromedp.Click(gapSummary))
	target := before.Gaps[0]
	resp = s.follow(200, "interventie-zonder-update",
		chromedp.Click(fmt.Sprintf(`//section[@aria-labelledby="lijn-L1"]//details[summary[contains(., "zonder update")]]//a[starts-with(normalize-space(), %s)]`, xpathString(target+" "))))
	if p := s.path(resp); p != "/interventies/"+target {
		t.Fatalf("the gap list's link led to %s, want /interventies/%s", p, target)
	}
	historyBefore := eval[int](s, `document.querySelectorAll('ol.history > li').length`)
	s.clickLink("", "Voortgang rapporteren", "voortgang-formulier")
	narrative := "De uitvoering loopt vertraging op doordat de partner minder mensen heeft. (e2e-test)"
	concern := fmt.Sprintf("Zonder extra capaciteit halen we de planning niet (e2e %s).", time.Now().Format("15:04:05"))
	s.do(
		chromedp.Click(`label[for="status-achter"]`),
		chromedp.SendKeys(chromedp.ID("toelichting"), narrative),
		chromedp.SendKeys(chromedp.ID("zorgen"), concern),
	)
	if !eval[bool](s, `document.getElementById('status-achter').checked`) {
		t.Fatalf("clicking the label 'Achter' did not select the radio button")
	}
	s.checkPage("voortgang-ingevuld")
	submitted := time.Now()
	resp = s.follow(200, "voortgang-opgeslagen", chromedp.Click(`//button[normalize-space()="Voortgang opslaan"]`))
	if p := s.path(resp); !strings.HasPrefix(p, "/interventies/"+target) {
		t.Fatalf("after saving progress the browser is at %s, want the page of %s", p, target)
	}
	checkNewestUpdate(t, s, historyBefore, "Achter", narrative, concern, user, submitted)

	// The overview has changed: one gap fewer, one more "Achter", the concern.
	s.clickLink(`//nav[@aria-label="Hoofdmenu"]`, "Overzicht", "overzicht-na-update")
	after := readLineRollup(s, "L1")
	t.Logf("L1 after: counts %v, %q %v, %d open concerns", after.Counts, after.GapSummary, after.Gaps, len(after.Concerns))
	if len(after.Gaps) != len(before.Gaps)-1 || slices.Contains(after.Gaps, target) {
		t.Errorf("gap list of L1: before %v, after %v; want %s gone and nothing else changed", before.Gaps, after.Gaps, target)
	}
	if after.Counts["Achter"] != before.Counts["Achter"]+1 {
		t.Errorf("L1 'Achter' count: before %d, after %d; want one more", before.Counts["Achter"], after.Counts["Achter"])
	}
	if after.Counts["Geen update"] != before.Counts["Geen update"]-1 {
		t.Errorf("L1 'Geen update' count: before %d, after %d; want one fewer", before.Counts["Geen update"], after.Counts["Geen update"])
	}
	found := false
	for _, c := range after.Concerns {
		if strings.Contains(c, target) && strings.Contains(c, concern) && strings.Contains(c, "Achter") {
			found = true
		}
	}
	if !found {
		t.Errorf("the new concern of %s (%q, status Achter) is not among L1's open concerns: %q", target, concern, after.Concerns)
	}
}

// walkGoalTree opens the goal tree from the main menu and clicks from an
// ambition down through a strategic and a tactical goal, then through an
// operational goal to an intervention. It returns the intervention's code.
func walkGoalTree(t *testing.T, s *session) string {
	t.Helper()
	s.clickLink(`//nav[@aria-label="Hoofdmenu"]`, "Doelenboom", "doelenboom")

	// Make sure the first ambition is unfolded, then open it.
	ambition := `(//ul[contains(@class,"tree")]/li[contains(@class,"level-ambitie")])[1]`
	if !eval[bool](s, `(() => { const d = document.querySelector('.tree > li.level-ambitie > details'); return !d || d.open; })()`) {
		s.do(chromedp.Click(ambition + `/details/summary`))
	}
	s.follow(200, "ambitie", chromedp.Click(ambition+`/div[contains(@class,"node-label")]/a`))
	expectLevel(t, s, "Ambitie")

	// Down through the child goals on each goal page.
	for _, level := range []string{"Strategisch doel", "Tactisch doel"} {
		s.follow(200, strings.ToLower(strings.Fields(level)[0]), chromedp.Click(`(//section[@aria-labelledby="onder"]//a)[1]`))
		expectLevel(t, s, level)
	}

	// A tactical goal may list its operational goals; in the Groningen
	// programme they hang under the tactical goals as a whole, and the tree
	// shows them in a section of their own, folded.
	if eval[int](s, `document.querySelectorAll('section[aria-labelledby="onder"] a').length`) > 0 {
		s.follow(200, "operationeel", chromedp.Click(`(//section[@aria-labelledby="onder"]//a)[1]`))
	} else {
		s.clickLink(`//p[contains(@class,"breadcrumb")]`, "Doelenboom", "doelenboom-2")
		op := `(//section[@aria-labelledby="los-titel"]//li[contains(@class,"level-operationeel")][details])[1]`
		if eval[bool](s, `(() => { const d = document.querySelector('section[aria-labelledby="los-titel"] li.level-operationeel > details'); return !d || d.open; })()`) {
			t.Logf("the first operational goal in the tree is unfolded already")
		} else {
			s.do(chromedp.Click(op + `/details/summary`))
			if !eval[bool](s, `document.querySelector('section[aria-labelledby="los-titel"] li.level-operationeel > details').open`) {
				t.Fatalf("clicking the summary did not unfold the operational goal")
			}
			s.do(chromedp.WaitVisible(op + `/details//ul[contains(@class,"interventions")]//a`))
			s.checkPage("doelenboom-uitgeklapt")
		}
		s.follow(200, "operationeel", chromedp.Click(op+`/div[contains(@class,"node-label")]/a`))
	}
	expectLevel(t, s, "Operationeel doel")

	resp := s.follow(200, "interventie", chromedp.Click(`(//section[@aria-labelledby="interventies"]//a)[1]`))
	p := s.path(resp)
	code, ok := strings.CutPrefix(p, "/interventies/")
	if !ok || code == "" || strings.Contains(code, "/") {
		t.Fatalf("the operational goal's intervention link led to %s", p)
	}
	if h1 := eval[string](s, `document.querySelector('h1').textContent.trim()`); !strings.HasPrefix(h1, code+" ") {
		t.Errorf("intervention page heading %q does not start with its code %s", h1, code)
	}
	return code
}

// expectLevel checks that the goal page's heading names the goal level.
func expectLevel(t *testing.T, s *session, level string) {
	t.Helper()
	got := eval[string](s, `(document.querySelector('h1 .level') || {textContent: ''}).textContent.trim()`)
	if got != level {
		h1 := eval[string](s, `document.querySelector('h1') ? document.querySelector('h1').textContent.trim() : ''`)
		t.Fatalf("expected a page for a %q, got heading %q", level, h1)
	}
}

// checkNewestUpdate checks the top of the intervention's progress history
// after a report: one entry more, with the status, texts, author and time.
func checkNewestUpdate(t *testing.T, s *session, countBefore int, status, narrative, concern, user string, submitted time.Time) {
	t.Helper()
	type entry struct {
		Count    int    `json:"count"`
		Heading  string `json:"heading"`
		Meta     string `json:"meta"`
		Datetime string `json:"datetime"`
		Text     string `json:"text"`
	}
	e := eval[entry](s, `(() => {
		const items = document.querySelectorAll('ol.history > li');
		if (!items.length) return {count: 0, heading: '', meta: '', datetime: '', text: ''};
		const li = items[0];
		const time = li.querySelector('time');
		return {
			count: items.length,
			heading: (li.querySelector('h3') || {textContent: ''}).textContent.replace(/\s+/g, ' ').trim(),
			meta: (li.querySelector('.meta') || {textContent: ''}).textContent.replace(/\s+/g, ' ').trim(),
			datetime: time ? time.getAttribute('datetime') : '',
			text: li.textContent.replace(/\s+/g, ' ').trim(),
		};
	})()`)
	if e.Count != countBefore+1 {
		t.Errorf("the history has %d updates after the report, had %d", e.Count, countBefore)
	}
	if !strings.Contains(e.Heading, status) {
		t.Errorf("the newest update's heading %q does not show status %q", e.Heading, status)
	}
	if !strings.Contains(e.Text, narrative) || !strings.Contains(e.Text, concern) {
		t.Errorf("the newest update does not show the toelichting and zorgen just entered: %q", e.Text)
	}
	author := "programmateam@demo.perspectief.nl"
	if !strings.Contains(e.Meta, author) && (user == "" || !strings.Contains(e.Meta, user)) {
		t.Errorf("the newest update's author line %q names neither %s nor %q", e.Meta, author, user)
	}
	at, err := time.Parse(time.RFC3339, e.Datetime)
	if err != nil {
		t.Errorf("the newest update has no readable time: datetime=%q (%v); author line %q", e.Datetime, err, e.Meta)
	} else if d := at.Sub(submitted); d < -2*time.Minute || d > 2*time.Minute {
		t.Errorf("the newest update is dated %s, but was submitted at %s", at, submitted.Format(time.RFC3339))
	}
}
