package web_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

var (
	pageTitle = regexp.MustCompile(`<title>([^<]*)</title>`)
	mainStart = regexp.MustCompile(`(?s)<main[^>]*>\s*(?:<div class="form">\s*)?<div class="error-summary"[^>]*\sautofocus[ >]`)
)

// TestRefusedFormsSayFout: every form that refuses what it was sent says
// so in the page title ("Fout: ...") and puts an error summary that takes
// the focus first in main, before the heading, so that a keyboard or
// screen-reader user lands on it with or without JavaScript.
func TestRefusedFormsSayFout(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		ad := s.login(admin)
		anon := s.client()
		empty := url.Values{}
		for _, c := range []struct {
			who          *client
			method, path string
			form         url.Values
			prefix       string
		}{
			{ad, "POST", "/interventies/L1-01/opmerkingen", url.Values{"tekst": {" "}}, "Fout: "},
			{ad, "POST", "/doelen/O1/opmerkingen", url.Values{"tekst": {""}}, "Fout: "},
			{ad, "POST", "/interventies/L1-01/voortgang", empty, "Fout: "},
			{ad, "POST", "/interventies/L1-01/canvas", url.Values{"resultaat_omschrijving": {"Zonder code"}}, "Fout: "},
			{ad, "POST", "/interventies/L1-01/mijlpalen", empty, "Fout: "},
			{ad, "POST", "/leerlogboek/nieuw", url.Values{"soort": {"signaal"}}, "Fout: "},
			{ad, "GET", "/leerlogboek?van=gisteren", nil, "Fout: "},
			{ad, "POST", "/tokens", url.Values{"naam": {""}}, "Fout: "},
			{ad, "POST", "/beheer/gebruikers", empty, "Fout: "},
			{ad, "POST", "/account/wachtwoord", empty, "Fout: "},
			{ad, "POST", "/enquetes/nieuw", empty, "Fout: "},
			{ad, "POST", "/wegingskader/aanvragen", empty, "Fout: "},
			{ad, "POST", "/wegingskader/rondes", empty, "Fout: "},
			{ad, "POST", "/indicatoren/moeite_met_rondkomen/waarde", empty, "Fout: "},
			{ad, "POST", "/rapportage/2024/teksten/inleiding", url.Values{"tekst": {strings.Repeat("x", 30000)}}, "Fout: "},
			{anon, "POST", "/wijzer", url.Values{"inkomen": {"veel"}}, "Fout: "},
			{anon, "POST", "/wijzer?lang=en", url.Values{"inkomen": {"lots"}}, "Error: "},
		} {
			var r response
			switch {
			case c.method == "GET":
				r = c.who.get(c.path)
			case c.who == anon:
				r = c.who.postRaw(c.path, c.form)
			default:
				r = c.who.post(c.path, c.form)
			}
			where := c.method + " " + c.path
			if r.Status < 400 || r.Status >= 500 {
				t.Errorf("%s: status %d, want a refusal (4xx)", where, r.Status)
				continue
			}
			title := pageTitle.FindStringSubmatch(r.Body)
			if title == nil || !strings.HasPrefix(title[1], c.prefix) {
				t.Errorf("%s: title %q, want it to start with %q", where, title, c.prefix)
			}
			if !mainStart.MatchString(r.Body) {
				i := strings.Index(r.Body, "<main")
				t.Errorf("%s: main does not start with a focused error summary:\n%s", where, r.Body[i:min(len(r.Body), i+400)])
			}
		}
		// A page that was not refused has no prefix.
		if title := pageTitle.FindStringSubmatch(ad.get("/interventies/L1-01").Body); title == nil || strings.HasPrefix(title[1], "Fout") {
			t.Errorf("intervention page title %q", title)
		}
	})
}
