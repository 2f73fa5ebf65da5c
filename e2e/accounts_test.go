package e2e

import (
	"strings"
	"testing"
)

// TestAccountPages walks the account pages a beheerder and every user reach
// (the account list, one account, all API tokens, one's own account) at
// 1280 and at 360 pixels: each is checked by axe and the HTML checker, shows
// people by name, and fits the screen.
func TestAccountPages(t *testing.T) {
	for _, sz := range screens {
		t.Run(sz.label, func(t *testing.T) {
			s := newSession(t, sz.opts...)
			s.login("beheerder@demo.perspectief.nl")
			s.open("/beheer/gebruikers", 200, "gebruikers-"+sz.label)
			if body := eval[string](s, `document.querySelector('main').innerText`); !strings.Contains(body, "Lies Lezer") {
				t.Errorf("the account list does not name the reader: %s", oneLine(body, 300))
			}
			user := eval[string](s, `(() => { const a = [...document.querySelectorAll('main a[href^="/beheer/gebruikers/"]')].find(a => a.textContent.includes('Lies Lezer')); return a ? a.getAttribute('href') : ''; })()`)
			if user == "" {
				t.Fatal("no link to the reader's account page")
			}
			s.open(user, 200, "gebruiker-"+sz.label)
			s.open("/beheer/tokens", 200, "alle-tokens-"+sz.label)
			s.open("/account", 200, "eigen-account-"+sz.label)
			if w := eval[int](s, `document.documentElement.scrollWidth - window.innerWidth`); w > 0 {
				t.Errorf("/account is %dpx wider than the screen", w)
			}
		})
	}
}
