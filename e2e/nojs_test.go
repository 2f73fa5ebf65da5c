package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestWithoutJavaScript logs in and reports progress with JavaScript turned
// off in the page: the site must work with plain HTML forms. It logs in as
// the project leader, who may report on the interventions they own.
//
// The page is read through the DevTools DOM domain. (DevTools evaluations,
// which chromedp also uses for its visibility checks, are not page scripts
// and keep working; newSession proved that page scripts do not run.)
func TestWithoutJavaScript(t *testing.T) {
	s := newSession(t, withoutJavaScript)
	s.login("projectleider@demo.perspectief.nl")

	const code = "L1-03" // owned by the demo's project leader
	s.open("/interventies/"+code, 200, "interventie")
	before := strings.Count(html(s, `//section[@aria-labelledby="geschiedenis"]`), `class="update"`)
	s.clickLink("", "Voortgang rapporteren", "voortgang-formulier")

	// Without a status the server refuses the report and says why.
	narrative := "Zonder JavaScript ingevuld: de kindpas is bij alle scholen verspreid. (e2e-test)"
	s.do(chromedp.SendKeys(chromedp.ID("toelichting"), narrative))
	s.follow(422, "voortgang-fout", chromedp.Click(`//button[normalize-space()="Voortgang opslaan"]`))
	summary := html(s, `//div[contains(@class,"error-summary")]`)
	if !strings.Contains(summary, "status") {
		t.Errorf("the error summary does not mention the missing status: %s", text(summary))
	}
	if v := html(s, `//textarea[@id="toelichting"]`); !strings.Contains(v, "kindpas") {
		t.Errorf("the toelichting typed before the error is lost: %s", v)
	}

	// Choose a status and send again.
	s.do(chromedp.Click(`label[for="status-op_koers"]`))
	resp := s.follow(200, "voortgang-opgeslagen", chromedp.Click(`//button[normalize-space()="Voortgang opslaan"]`))
	if p := s.path(resp); !strings.HasPrefix(p, "/interventies/"+code) {
		t.Fatalf("after saving progress the browser is at %s, want the page of %s", p, code)
	}
	history := html(s, `//section[@aria-labelledby="geschiedenis"]`)
	if n := strings.Count(history, `class="update"`); n != before+1 {
		t.Errorf("the history has %d updates, had %d before the report", n, before)
	}
	newest := text(html(s, `(//ol[contains(@class,"history")]/li)[1]`))
	for _, want := range []string{"Op koers", narrative, "Lotte Leider"} {
		if !strings.Contains(newest, want) {
			t.Errorf("the newest update does not show %q: %s", want, newest)
		}
	}
}

// html returns the outer HTML of the first element the XPath matches,
// read through the DevTools DOM domain (which needs no page script).
func html(s *session, xpath string) string {
	s.t.Helper()
	return run(s, chromedp.OuterHTML("("+xpath+")[1]"))
}

// text strips tags and collapses white space, for messages and matching.
func text(h string) string {
	var b strings.Builder
	in := false
	for _, r := range h {
		switch {
		case r == '<':
			in = true
			b.WriteRune(' ')
		case r == '>':
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&#34;", `"`, "&#39;", "'", "&quot;", `"`).Replace(b.String())), " ")
}
