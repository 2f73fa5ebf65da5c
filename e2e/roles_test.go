package e2e

import (
	"strings"
	"testing"
)

// TestReaderCannotEdit logs in as a reader (lezer): an intervention page
// offers no edit or progress buttons, and typing the address of the canvas
// or progress form gives a Dutch "no access" page with status 403.
func TestReaderCannotEdit(t *testing.T) {
	s := newSession(t)
	s.login("lezer@demo.perspectief.nl")

	s.open("/interventies/L1-01", 200, "interventie")
	type controls struct {
		Links    []string `json:"links"`    // links to the edit and progress forms
		Buttons  []string `json:"buttons"`  // texts of links or buttons that offer editing
		Comments bool     `json:"comments"` // a comment form
	}
	c := eval[controls](s, `(() => {
		const main = document.querySelector('main');
		const links = [...main.querySelectorAll('a[href$="/canvas"], a[href$="/voortgang"], form[action$="/canvas"], form[action$="/voortgang"]')]
			.map(e => e.outerHTML.slice(0, 120));
		const buttons = [...main.querySelectorAll('a, button')].map(e => e.textContent.replace(/\s+/g, ' ').trim())
			.filter(t => /voortgang rapporteren|canvas wijzigen|opmerking plaatsen/i.test(t));
		return {links, buttons, comments: !!main.querySelector('form[action$="/opmerkingen"]')};
	})()`)
	if len(c.Links) > 0 || len(c.Buttons) > 0 {
		t.Errorf("a reader sees ways to edit the intervention: links %q, buttons %q", c.Links, c.Buttons)
	}
	if c.Comments {
		t.Errorf("a reader is offered the comment form")
	}

	for _, path := range []string{"/interventies/L1-01/canvas", "/interventies/L1-01/voortgang"} {
		s.open(path, 403, "geen-toegang-"+path[strings.LastIndex(path, "/")+1:])
		h1 := eval[string](s, `document.querySelector('h1') ? document.querySelector('h1').textContent.trim() : ''`)
		lead := eval[string](s, `document.querySelector('main').textContent.replace(/\s+/g, ' ').trim()`)
		if h1 != "Geen toegang" {
			t.Errorf("GET %s as a reader: heading %q, want the Dutch %q", path, h1, "Geen toegang")
		}
		if !strings.Contains(lead, "Uw rol") {
			t.Errorf("GET %s as a reader: the page does not explain in Dutch that the role does not allow it: %q", path, lead)
		}
		if strings.Contains(lead, "Forbidden") {
			t.Errorf("GET %s as a reader: English text on the page: %q", path, lead)
		}
		if lang := eval[string](s, `document.documentElement.lang`); lang != "nl" {
			t.Errorf("GET %s: html lang=%q, want nl", path, lang)
		}
	}
}
