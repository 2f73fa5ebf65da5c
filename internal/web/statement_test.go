package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

// TestAccessibilityStatement: the toegankelijkheidsverklaring is public,
// has the parts of the Dutch register (status, what does not comply yet,
// contact), and the footer of every page links to it, with or without a
// login, in Dutch and on the English wijzer.
func TestAccessibilityStatement(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		anon := s.client()
		r := anon.get("/toegankelijkheid")
		wantStatus(t, r, http.StatusOK, "verklaring without login")
		if m := pageTitle.FindStringSubmatch(r.Body); m == nil || m[1] != "Toegankelijkheidsverklaring — Perspectief" {
			t.Errorf("title %q", m)
		}
		mustContain(t, r, "Status", "Eerste maatregelen genomen", "WCAG 2.1",
			"Wat nog niet voldoet", "Contact", "gemeente.groningen.nl", "Nationale ombudsman")
		for _, c := range []struct {
			who  *client
			path string
			link string
		}{
			{anon, "/inloggen", `<a href="/toegankelijkheid">Toegankelijkheidsverklaring</a>`},
			{anon, "/wijzer", `<a href="/toegankelijkheid">Toegankelijkheidsverklaring</a>`},
			{anon, "/wijzer?lang=en", `<a href="/toegankelijkheid" hreflang="nl">Accessibility statement</a>`},
			{s.login(reader), "/", `<a href="/toegankelijkheid">Toegankelijkheidsverklaring</a>`},
		} {
			body := c.who.get(c.path).Body
			footer := body[strings.Index(body, "<footer"):]
			if !strings.Contains(footer, c.link) {
				t.Errorf("%s: the footer does not link the statement:\n%s", c.path, footer)
			}
		}
	})
}

// TestEveryPageItsOwnTitle: pages of different kinds do not share a title,
// and none is only the site's name.
func TestEveryPageItsOwnTitle(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		ad := s.login(admin)
		seen := map[string]string{}
		for _, p := range []string{"/", "/doelenboom", "/interventies", "/interventies/L1-01", "/doelen/O1", "/begroting",
			"/procesmonitor", "/wegingskader", "/trendmonitor", "/indicatoren", "/enquetes", "/leerlogboek", "/regelingen",
			"/rapportage", "/programma/import", "/tokens", "/beheer/gebruikers", "/account", "/toegankelijkheid", "/wijzer", "/bestaat-niet"} {
			r := ad.get(p)
			m := pageTitle.FindStringSubmatch(r.Body)
			if m == nil || m[1] == "Perspectief" {
				t.Errorf("%s: title %q", p, m)
				continue
			}
			if other, dup := seen[m[1]]; dup {
				t.Errorf("%s and %s share the title %q", p, other, m[1])
			}
			seen[m[1]] = p
		}
	})
}

// TestMenuFoldsWithoutScript: the main navigation carries the menu button
// that folds it on a phone, built from a checkbox and its label so that it
// works without JavaScript, tied to the list it opens.
func TestMenuFoldsWithoutScript(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		r := newSite(t, db).login(reader).get("/interventies")
		nav := r.Body[strings.Index(r.Body, `<nav class="main-nav" aria-label="Hoofdmenu">`):]
		nav = nav[:strings.Index(nav, "</nav>")]
		for _, want := range []string{`<input type="checkbox" id="menu-open" class="menu-toggle" aria-controls="hoofdmenu">`,
			`<label for="menu-open" class="menu-button">`, `Menu</label>`, `<ul class="wrap" id="hoofdmenu">`} {
			if !strings.Contains(nav, want) {
				t.Errorf("the main navigation lacks %s:\n%s", want, nav)
			}
		}
		// The status of an intervention comes right after its code, so that
		// it is in view on a phone while the table scrolls.
		if !strings.Contains(r.Body, `<th scope="col">Code</th><th scope="col">Status</th>`) {
			t.Error("on /interventies the status is not the column after the code")
		}
	})
}
