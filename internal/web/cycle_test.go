package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/programme"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

// addProjectLeader adds a second projectleider account, Piet Plan.
func addProjectLeader(t *testing.T, db *store.DB) string {
	t.Helper()
	const email = "piet.plan@example.nl"
	if _, err := account.NewService(db.Accounts()).AddUser(context.Background(), email, "Piet Plan", account.RoleProjectLeader, password, "test"); err != nil {
		t.Fatal(err)
	}
	return email
}

// TestAssignLeaders: the programmateam picks two projectleiders by name
// and writes the shared owner in words; the page, the programme file and
// the rights follow, and a wrong choice changes nothing.
func TestAssignLeaders(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		piet := addProjectLeader(t, db)
		lotte := s.login(leader)
		wantStatus(t, lotte.get("/interventies/L3-01/voortgang"), http.StatusForbidden, "projectleider on an intervention not theirs")
		wantStatus(t, lotte.get("/interventies/L3-01/projectleiders"), http.StatusForbidden, "projectleider opens the assignment")

		tm := s.login(team)
		form := tm.get("/interventies/L3-01/projectleiders")
		wantStatus(t, form, http.StatusOK, "assignment form")
		mustContain(t, form, "Lotte Leider", "Piet Plan", "Eigenaar")
		// Accounts of other roles are no choice.
		mustNotContain(t, form, "Lies Lezer")

		// A reader's address, sent by hand, is refused and nothing changes.
		r := tm.post("/interventies/L3-01/projectleiders", url.Values{"projectleiders": {reader}, "eigenaar": {"WIJ en gemeente"}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "a lezer as projectleider")
		mustContain(t, r, "Het account "+reader+" is geen actieve projectleider")
		if m := tm.export(); len(ivByCode(t, m.Interventions, "L3-01").Leaders) != 0 {
			t.Errorf("refused assignment was stored")
		}

		r = tm.post("/interventies/L3-01/projectleiders", url.Values{"projectleiders": {leader, piet}, "eigenaar": {"WIJ en gemeente"}})
		wantStatus(t, r, http.StatusSeeOther, "assignment")
		page := tm.get("/interventies/L3-01")
		mustContain(t, page, "Projectleiders Lotte Leider, Piet Plan", "Eigenaar WIJ en gemeente")
		mustNotContain(t, page, piet)
		iv := ivByCode(t, tm.export().Interventions, "L3-01")
		if !slices.Equal(iv.Leaders, []string{leader, piet}) || iv.Owner != "WIJ en gemeente" {
			t.Errorf("programme file: projectleiders %q, eigenaar %q", iv.Leaders, iv.Owner)
		}
		wantStatus(t, lotte.get("/interventies/L3-01/voortgang"), http.StatusOK, "assigned projectleider reports progress")
		versions := tm.get("/programma/versies")
		mustContain(t, versions, "Projectleiders van L3-01 toegewezen")
	})
}

func ivByCode(t *testing.T, ivs []programme.Intervention, code string) programme.Intervention {
	t.Helper()
	for _, iv := range ivs {
		if iv.Code == code {
			return iv
		}
	}
	t.Fatalf("no intervention %s", code)
	return programme.Intervention{}
}

// TestMyInterventions: the projectleider's start page names the update
// still due this tertial, their late milestones only, and advice left
// by others since the last visit.
func TestMyInterventions(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		// A projectleider's login lands on their own start page; a
		// lezer's on the overview; a page asked for wins.
		if r := s.client().loginAs(leader, password); r.Location != "/mijn-interventies" {
			t.Errorf("a projectleider's login goes to %q, want /mijn-interventies", r.Location)
		}
		if r := s.client().loginAs(reader, password); r.Location != "/" {
			t.Errorf("a lezer's login goes to %q, want /", r.Location)
		}
		c := s.client()
		form := c.get("/inloggen?terug=%2Fdoelenboom")
		r := c.postRaw("/inloggen", url.Values{"csrf": {formCSRF(t, form.Body)}, "email": {leader}, "wachtwoord": {password}, "terug": {"/doelenboom"}})
		if r.Location != "/doelenboom" {
			t.Errorf("a projectleider asking for /doelenboom lands on %q", r.Location)
		}
		lotte := s.login(leader)
		if home := lotte.get("/"); !strings.Contains(home.Body, `href="/mijn-interventies"`) {
			t.Error("the navigation of a projectleider does not link Mijn interventies")
		}
		if home := s.login(reader).get("/"); strings.Contains(home.Body, `href="/mijn-interventies"`) {
			t.Error("a lezer is offered Mijn interventies")
		}
		erik := s.login(expert)
		wantStatus(t, erik.post("/interventies/L1-01/opmerkingen", url.Values{"tekst": {"Betrek de wijkteams eerder."}}), http.StatusSeeOther, "advice")
		wantStatus(t, erik.post("/interventies/L3-01/opmerkingen", url.Values{"tekst": {"Niet van Lotte."}}), http.StatusSeeOther, "advice elsewhere")

		page := lotte.get("/mijn-interventies")
		wantStatus(t, page, http.StatusOK, "Mijn interventies")
		body := text(page.Body)
		due, _, _ := strings.Cut(body[strings.Index(body, "Update nodig voor 2025-T2"):], "Mijlpalen te laat")
		// The demo leaves L1-02 without an update in 2025-T2.
		if !strings.Contains(due, "L1-02") || strings.Contains(due, "L3-01") {
			t.Errorf("due section: %s", due)
		}
		mustContain(t, page, "Betrek de wijkteams eerder.", "Erik Ervaring")
		mustNotContain(t, page, "Niet van Lotte.")
		att, err := s.web.Procesmonitor.Attention(context.Background(), 30)
		if err != nil {
			t.Fatal(err)
		}
		late := 0
		for _, m := range att.Late {
			if strings.HasPrefix(m.Intervention, "L1-0") && m.Intervention <= "L1-03" {
				late++
				mustContain(t, page, m.Title)
			}
		}
		mustContain(t, page, fmt.Sprintf("Mijlpalen te laat (%d)", late))

		// Reported now: no longer due. Seen once: the advice is no news.
		wantStatus(t, lotte.post("/interventies/L1-02/voortgang", url.Values{"periode": {"2025-T2"}, "status": {"op_koers"}, "toelichting": {"Loopt."}}), http.StatusSeeOther, "progress")
		page = lotte.get("/mijn-interventies")
		mustContain(t, page, "Update nodig voor 2025-T2 (0)", "Geen nieuw advies")
		mustNotContain(t, page, "Betrek de wijkteams eerder.")
	})
}

// TestSteeringRole: a beheerder makes an account with the role
// regiegroep; it reads every page and may write nothing.
func TestSteeringRole(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		ad := s.login(admin)
		form := ad.get("/beheer/gebruikers")
		mustContain(t, form, "Regiegroep: alles lezen en de escalaties ontvangen.")
		if !strings.Contains(form.Body, `<option value="regiegroep"`) {
			t.Fatal("the account form offers no role regiegroep")
		}
		r := ad.post("/beheer/gebruikers", url.Values{"email": {"rita@example.nl"}, "naam": {"Rita Regie"}, "rol": {"regiegroep"}, "wachtwoord": {password}})
		wantStatus(t, r, http.StatusSeeOther, "new regiegroep account")
		mustContain(t, ad.get("/beheer/gebruikers"), "Rita Regie rita@example.nl Regiegroep")

		rita := s.login("rita@example.nl")
		page := rita.get("/interventies/L1-01")
		mustContain(t, page, "Rita Regie (Regiegroep)")
		mustNotContain(t, page, "Opmerking plaatsen", "Voortgang rapporteren", "Canvas wijzigen", "projectleiders toewijzen")
		wantStatus(t, rita.post("/interventies/L1-01/opmerkingen", url.Values{"tekst": {"Mag niet."}}), http.StatusForbidden, "regiegroep comments")
	})
}

// TestEscalate: the projectleider escalates an update to the regiegroep;
// without a reason the form comes back and nothing is stored.
func TestEscalate(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		lotte := s.login(leader)
		form := lotte.get("/interventies/L1-02/voortgang")
		mustContain(t, form, "Escaleren naar regiegroep", "Reden van de escalatie")
		up := url.Values{"periode": {"2025-T2"}, "status": {"achter"}, "toelichting": {"De locatie is vervallen."}, "escaleren": {"ja"}}
		r := lotte.post("/interventies/L1-02/voortgang", up)
		wantStatus(t, r, http.StatusUnprocessableEntity, "escalation without a reason")
		mustContain(t, r, "Geef de reden om naar de regiegroep te escaleren")
		if !strings.Contains(r.Body, `id="escaleren" name="escaleren" value="ja" checked`) {
			t.Error("the re-shown form lost the escalation flag")
		}
		rik := s.login(steer)
		mustContain(t, rik.get("/escalaties"), "Er zijn geen escalaties.")

		up.Set("escalatie_reden", "Zonder nieuwe locatie stopt het spreekuur; besluit nodig over huur.")
		wantStatus(t, lotte.post("/interventies/L1-02/voortgang", up), http.StatusSeeOther, "escalation")
		list := rik.get("/escalaties")
		mustContain(t, list, "L1-02", "Zonder nieuwe locatie stopt het spreekuur; besluit nodig over huur.", "Lotte Leider")
		if !strings.Contains(rik.get("/").Body, `href="/escalaties"`) {
			t.Error("the regiegroep's navigation does not link the escalations")
		}
		mustContain(t, lotte.get("/interventies/L1-02"), "Geëscaleerd naar de regiegroep")
		wantStatus(t, lotte.get("/escalaties"), http.StatusForbidden, "projectleider reads escalations")
	})
}

// TestRemindersInTheApp: without a mail server, the programme team sees
// the reminders that e-mail would send; out of the window, none.
func TestRemindersInTheApp(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		tm := s.login(team)
		page := tm.get("/herinneringen")
		wantStatus(t, page, http.StatusOK, "reminders in June")
		mustContain(t, page, "Er is geen mailserver ingesteld", "Er is nu geen tertiaalupdate nodig.")

		due := time.Date(2025, 8, 25, 9, 0, 0, 0, time.UTC)
		s.web.Reminders.Now = func() time.Time { return due }
		page = tm.get("/herinneringen")
		mustContain(t, page, "Herinneringen voor 2025 T2 (mei–augustus)", "Lotte Leider Herinnering Voortgangsupdate 2025-T2 nodig",
			"Pim Programma Weekoverzicht (2025-W35)")
		if !strings.Contains(page.Body, `<a href="/interventies/L1-02">L1-02</a>`) {
			t.Error("the reminder does not link L1-02, which has no 2025-T2 update")
		}
		mustNotContain(t, page, "Lies Lezer")
		if strings.Contains(page.Body, "<td>ja</td>") || !strings.Contains(page.Body, "<td>nee</td>") {
			t.Error("nothing was sent without a mail server, yet the list says otherwise")
		}
	})
}
