package web_test

import (
	"context"
	"net/http"
	"net/url"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/demo"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
	wk "github.com/perspectief/perspectief/internal/wegingskader"
)

// wkSite is the demo site with the wegingskader's demo: round 1 is closed,
// its panel is the programmateam, the projectleider and two
// ervaringsdeskundigen. It adds an open round (2: programmateam and
// ervaringsdeskundige) and a round in preparation (3).
type wkSite struct {
	*site
	closed, open, draft int64
	req                 int64 // a request of the open round
}

func newWKSite(t *testing.T, db *store.DB) *wkSite {
	t.Helper()
	s := newSite(t, db)
	ctx := context.Background()
	if err := demo.SeedWegingskader(ctx, storetest.Demo(db), now); err != nil {
		t.Fatal(err)
	}
	svc := s.web.Wegingskader
	tm := account.User{Email: team, Role: account.RoleTeam}
	r1, err := svc.AddRequest(ctx, tm, wk.Request{Applicant: "Buurthuis Oost (test)", Title: "Taalcafé voor ouders", Description: "Ouders oefenen Nederlands en leren de regelingen kennen.",
		Amounts: wk.Amounts{2026: 20_000}, TargetGroup: wk.GroupFamilies, Goals: []string{"T3"}})
	if err != nil {
		t.Fatal(err)
	}
	open, err := svc.AddRound(ctx, tm, wk.RoundInput{Name: "Najaarsronde (test)", Budget: wk.Amounts{2026: 30_000}, Panel: []string{team, expert}, Requests: []int64{r1.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.OpenRound(ctx, tm, open.ID); err != nil {
		t.Fatal(err)
	}
	draft, err := svc.AddRound(ctx, tm, wk.RoundInput{Name: "Concept (test)", Budget: wk.Amounts{2026: 1}, Panel: []string{expert}, Requests: []int64{r1.ID}})
	if err != nil {
		t.Fatal(err)
	}
	return &wkSite{site: s, closed: 1, open: open.ID, draft: draft.ID, req: r1.ID}
}

func rpath(id int64, rest string) string {
	return "/wegingskader/rondes/" + strconv.FormatInt(id, 10) + rest
}

// TestWegingskaderRoleAccess walks every role through the pages and actions
// of the wegingskader.
func TestWegingskaderRoleAccess(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newWKSite(t, db)
		const ok, see, no, clash = http.StatusOK, http.StatusSeeOther, http.StatusForbidden, http.StatusConflict
		request := url.Values{"aanvrager": {"X"}, "titel": {"Y"}, "omschrijving": {"Z"}, "bedrag-2026": {"1.000"}, "doelgroep": {"overige"}, "doel": {"T1"}}
		score := url.Values{"score-1a": {"2"}, "motivering-1a": {"Redelijk"}}
		type check struct {
			method, path string
			form         url.Values
			want         [6]int // beheerder, programmateam, projectleider, ervaringsdeskundige, lezer, regiegroep
		}
		checks := []check{
			{"GET", "/wegingskader", nil, [6]int{ok, ok, ok, ok, ok, ok}},
			{"GET", "/wegingskader/kader", nil, [6]int{ok, ok, ok, ok, ok, ok}},
			{"GET", "/wegingskader/aanvragen", nil, [6]int{ok, ok, ok, ok, ok, ok}},
			{"GET", "/wegingskader/aanvragen/1", nil, [6]int{ok, ok, ok, ok, ok, ok}},
			{"GET", "/wegingskader/aanvragen/" + strconv.FormatInt(s.req, 10), nil, [6]int{ok, ok, no, ok, no, no}},
			{"GET", "/wegingskader/aanvragen/nieuw", nil, [6]int{ok, ok, no, no, no, no}},
			{"POST", "/wegingskader/aanvragen", request, [6]int{see, see, no, no, no, no}},
			{"GET", "/wegingskader/rondes/nieuw", nil, [6]int{ok, ok, no, no, no, no}},
			{"POST", "/wegingskader/kader", nil, [6]int{422, 422, no, no, no, no}},

			// The closed demo round: everyone reads it.
			{"GET", rpath(s.closed, ""), nil, [6]int{ok, ok, ok, ok, ok, ok}},
			{"GET", rpath(s.closed, "/uitslag"), nil, [6]int{ok, ok, ok, ok, ok, ok}},
			{"GET", rpath(s.closed, "/samenhang"), nil, [6]int{ok, ok, ok, ok, ok, ok}},
			{"GET", rpath(s.closed, "/keuze"), nil, [6]int{ok, ok, ok, ok, ok, ok}},
			{"GET", rpath(s.closed, "/afdruk"), nil, [6]int{ok, ok, ok, ok, ok, ok}},
			// Fixing is for managers and the panel (the projectleider and
			// the ervaringsdeskundige sit on it); the lezer only reads.
			{"POST", rpath(s.closed, "/vastzetten"), url.Values{}, [6]int{see, see, see, see, no, no}},
			{"GET", rpath(s.closed, "/scores"), nil, [6]int{no, ok, ok, ok, no, no}},

			// The open round: managers and its panel (programmateam and
			// ervaringsdeskundige) see it.
			{"GET", rpath(s.open, ""), nil, [6]int{ok, ok, no, ok, no, no}},
			{"GET", rpath(s.open, "/uitslag"), nil, [6]int{ok, ok, no, ok, no, no}},
			{"GET", rpath(s.open, "/keuze"), nil, [6]int{clash, clash, no, clash, no, no}},
			{"GET", rpath(s.open, "/scores"), nil, [6]int{no, ok, no, ok, no, no}},
			{"POST", rpath(s.open, "/scores/"+strconv.FormatInt(s.req, 10)), score, [6]int{no, see, no, see, no, no}},
			{"POST", rpath(s.open, "/sluiten"), url.Values{}, [6]int{clash, clash, no, no, no, no}},

			// In preparation: managers only.
			{"GET", rpath(s.draft, ""), nil, [6]int{ok, ok, no, no, no, no}},
			// The programmateam opens it; after that the beheerder finds
			// it opened.
			{"GET", rpath(s.draft, "/bewerken"), nil, [6]int{clash, ok, no, no, no, no}},
			{"POST", rpath(s.draft, "/openen"), url.Values{}, [6]int{clash, see, no, no, no, no}},
		}
		// The roles that may not open the draft go first, then the
		// programmateam (who opens it), then the beheerder.
		order := []int{2, 3, 4, 5, 1, 0}
		for _, i := range order {
			role := account.Roles[i]
			t.Run(string(role), func(t *testing.T) {
				c := s.login(byRole[role])
				for _, ch := range checks {
					want := ch.want[i]
					var r response
					switch {
					case ch.method == "POST" && ch.path == "/wegingskader/kader":
						r = c.uploadTo(ch.path, "leeg.yaml", nil)
					case ch.method == "POST":
						r = c.post(ch.path, ch.form)
					default:
						r = c.get(ch.path)
					}
					if r.Status != want {
						t.Errorf("%s %s as %s: status %d, want %d\n%.600s", ch.method, ch.path, role, r.Status, want, text(r.Body))
					}
					if r.Status == no {
						mustContain(t, r, "Geen toegang")
					}
				}
			})
		}
	})
}

// TestWegingskaderWhatEachRoleSees checks the links and buttons offered.
func TestWegingskaderWhatEachRoleSees(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newWKSite(t, db)
		rd := s.login(reader)
		r := rd.get("/wegingskader")
		mustContain(t, r, "Voorjaarsronde 2026 (voorbeeld)")
		mustNotContain(t, r, "Najaarsronde (test)", "Concept (test)", "Nieuwe beoordelingsronde")
		r = rd.get(rpath(s.closed, "/keuze"))
		mustContain(t, r, "Voorstel", "Hoe stabiel is de keuze?", "Er is nog geen besluit")
		mustNotContain(t, r, "Opnieuw berekenen", "Besluit vastleggen")
		mustContain(t, s.login(team).get("/"), "Wegingskader")

		ex := s.login(expert)
		r = ex.get("/wegingskader")
		mustContain(t, r, "Voorjaarsronde 2026 (voorbeeld)", "Najaarsronde (test)")
		mustNotContain(t, r, "Concept (test)", "Nieuwe beoordelingsronde")
		mustContain(t, ex.get(rpath(s.open, "")), "Mijn scores invullen")
		r = ex.get(rpath(s.closed, "/keuze"))
		mustContain(t, r, "Opnieuw berekenen")
		mustNotContain(t, r, "Besluit vastleggen")

		ad := s.login(admin)
		mustContain(t, ad.get("/wegingskader"), "Nieuwe beoordelingsronde", "Concept (test)")
		r = ad.get(rpath(s.open, ""))
		mustContain(t, r, "0 van de 2 panelleden", "De ronde kan pas sluiten als minstens één ervaringsdeskundige scores heeft ingediend")
		mustNotContain(t, r, "Mijn scores invullen")
		mustContain(t, ad.get(rpath(s.closed, "/keuze")), "Besluit vastleggen", "Opnieuw berekenen")
	})
}

// scoreAll fills in the form of every request of a round as c, all with
// score v, and returns the last response.
func scoreAll(t *testing.T, c *client, round int64, v int) {
	t.Helper()
	sheet := c.get(rpath(round, "/scores"))
	wantStatus(t, sheet, http.StatusOK, "sheet")
	links := regexp.MustCompile(`href="(/wegingskader/rondes/\d+/scores/\d+)"`).FindAllStringSubmatch(sheet.Body, -1)
	if len(links) == 0 {
		t.Fatalf("no requests to score on\n%s", text(sheet.Body))
	}
	for _, l := range links {
		form := c.get(l[1])
		f := url.Values{}
		for _, m := range regexp.MustCompile(`name="score-([^"]+)"`).FindAllStringSubmatch(form.Body, -1) {
			f.Set("score-"+m[1], strconv.Itoa(v))
			f.Set("motivering-"+m[1], "Mijn oordeel over "+m[1])
		}
		r := c.post(l[1], f)
		wantStatus(t, r, http.StatusSeeOther, "save scores "+l[1])
	}
}

// TestWegingskaderRoundInTheBrowser runs a round through the forms: prepare,
// open, score blind, hand in, close, choose, decide and grant.
func TestWegingskaderRoundInTheBrowser(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newWKSite(t, db)
		tm := s.login(team)

		// A request with mistakes keeps what was typed.
		bad := url.Values{"aanvrager": {""}, "titel": {"Schoolontbijt"}, "omschrijving": {"Ontbijt op school."}, "bedrag-2026": {"12,50"}, "doelgroep": {"gezinnen"}}
		r := tm.post("/wegingskader/aanvragen", bad)
		wantStatus(t, r, http.StatusUnprocessableEntity, "bad request")
		mustContain(t, r, "De aanvraag is niet opgeslagen.", "2026: \"12,50\" heeft centen; geef hele euro's")
		if !strings.Contains(r.Body, `value="Schoolontbijt"`) || !strings.Contains(r.Body, `value="12,50"`) || !strings.Contains(r.Body, `href="#bedrag-2026"`) {
			t.Error("the form lost the input or the link to the amount field")
		}
		bad.Set("bedrag-2026", "12.500")
		r = tm.post("/wegingskader/aanvragen", bad)
		wantStatus(t, r, http.StatusUnprocessableEntity, "request without applicant and goals")
		mustContain(t, r, "Vul de aanvrager in", "Kies minstens één tactisch doel")
		if !strings.Contains(r.Body, `href="#aanvrager"`) || !strings.Contains(r.Body, `href="#doel-T1"`) {
			t.Error("errors are not linked to their fields")
		}
		good := bad
		good.Set("aanvrager", "Schoolvereniging Noord (test)")
		good["doel"] = []string{"T1", "T5"}
		good["bijlage_titel"] = []string{"Begroting", ""}
		good["bijlage_tekst"] = []string{"Brood en beleg € 12.500", ""}
		r = tm.post("/wegingskader/aanvragen", good)
		wantStatus(t, r, http.StatusSeeOther, "good request")
		page := tm.get(r.Location)
		mustContain(t, page, "De aanvraag is opgeslagen.", "Schoolontbijt", "2026: € 12.500", "T1 De bestedingsmogelijkheden", "Brood en beleg € 12.500")
		reqID := regexp.MustCompile(`/aanvragen/(\d+)`).FindStringSubmatch(r.Location)[1]

		// A round: budget, panel, request.
		form := url.Values{"naam": {"Ontbijtronde"}, "budget-2027": {"10.000"}, "panel": {team, expert}, "aanvraag": {reqID}}
		r = tm.post("/wegingskader/rondes", form)
		wantStatus(t, r, http.StatusUnprocessableEntity, "a request asks for a year without budget")
		mustContain(t, r, "De ronde is niet opgeslagen.", "vraagt geld voor 2026, maar de ronde heeft geen budget voor 2026")
		if !strings.Contains(r.Body, `value="10.000"`) || !strings.Contains(r.Body, `value="Ontbijtronde"`) {
			t.Error("the round form lost its input")
		}
		form.Del("budget-2027")
		form.Set("budget-2026", "15.000")
		r = tm.post("/wegingskader/rondes", form)
		wantStatus(t, r, http.StatusSeeOther, "round")
		round, _ := strconv.ParseInt(regexp.MustCompile(`/rondes/(\d+)`).FindStringSubmatch(r.Location)[1], 10, 64)
		mustContain(t, tm.get(r.Location), "De ronde is opgeslagen.", "In voorbereiding", "Ronde openen voor het panel")
		r = tm.post(rpath(round, "/openen"), url.Values{})
		wantStatus(t, r, http.StatusSeeOther, "open")
		mustContain(t, tm.get(r.Location), "De ronde is geopend.", "Mijn scores invullen")

		// Blind: the programmateam scores and hands in; the
		// ervaringsdeskundige sees nothing of it.
		scoreAll(t, tm, round, 3)
		ex := s.login(expert)
		mustContain(t, ex.get(rpath(round, "/uitslag")), "U ziet de scores van de anderen pas als u uw eigen scores hebt ingediend")
		r = tm.post(rpath(round, "/indienen"), url.Values{})
		wantStatus(t, r, http.StatusSeeOther, "hand in")
		page = tm.get(r.Location)
		mustContain(t, page, "Uw scores zijn ingediend.", "Pim Programma", "Mijn oordeel over 1a")
		mustNotContain(t, page, "Erik Ervaring")
		r = ex.get(rpath(round, "/uitslag"))
		mustContain(t, r, "pas als u uw eigen scores hebt ingediend")
		mustNotContain(t, r, "Mijn oordeel over")

		// A score outside the scale is refused next to its criterion.
		sheet := ex.get(rpath(round, "/scores/"+reqID))
		wantStatus(t, sheet, http.StatusOK, "score form")
		r = ex.post(rpath(round, "/scores/"+reqID), url.Values{"score-1a": {"7"}, "motivering-1a": {"Te hoog"}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "score out of scale")
		mustContain(t, r, "Score 7 ligt buiten de schaal 0-3 van 1a")
		if !strings.Contains(r.Body, `href="#score-1a-0"`) || !strings.Contains(r.Body, ">Te hoog</textarea>") {
			t.Error("the refused score form lost its link or its input")
		}
		// Closing needs an ervaringsdeskundige's scores.
		r = tm.post(rpath(round, "/sluiten"), url.Values{})
		wantStatus(t, r, http.StatusConflict, "close too early")
		mustContain(t, r, "nog geen ervaringsdeskundige heeft scores ingediend")
		scoreAll(t, ex, round, 1)
		wantStatus(t, ex.post(rpath(round, "/indienen"), url.Values{}), http.StatusSeeOther, "expert hands in")
		r = ex.get(rpath(round, "/uitslag"))
		mustContain(t, r, "Pim Programma", "Erik Ervaring", "anders lager: 1 tegen 3")
		r = tm.post(rpath(round, "/sluiten"), url.Values{})
		wantStatus(t, r, http.StatusSeeOther, "close")

		// The lezer reads it now; the choice shows.
		rd := s.login(reader)
		mustContain(t, rd.get(rpath(round, "/uitslag")), "Erik Ervaring", "Mijn oordeel over 4")
		r = rd.get(rpath(round, "/keuze"))
		mustContain(t, r, "Het voorstel: 1 van de 1 aanvragen", "Gekozen", "2026 € 15.000 € 12.500 € 2.500")

		// Fix out, recompute, then back; a decision needs a motivation.
		r = tm.post(rpath(round, "/vastzetten"), url.Values{"vast-" + reqID: {"uit"}})
		wantStatus(t, r, http.StatusSeeOther, "fix out")
		mustContain(t, tm.get(r.Location), "Het voorstel: 0 van de 1 aanvragen", "Niet gekozen (vastgezet: nooit erin)")
		wantStatus(t, tm.post(rpath(round, "/vastzetten"), url.Values{"vast-" + reqID: {""}}), http.StatusSeeOther, "unfix")
		r = tm.post(rpath(round, "/besluit"), url.Values{"motivering": {" "}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "decision without motivation")
		mustContain(t, r, "Het besluit is niet vastgelegd.", "Schrijf waarom het panel zo kiest")
		r = tm.post(rpath(round, "/besluit"), url.Values{"motivering": {"Kinderen ontbijten beter."}})
		wantStatus(t, r, http.StatusSeeOther, "decide")
		page = rd.get(rpath(round, "/keuze"))
		mustContain(t, page, "Het besluit", "Kinderen ontbijten beter.", "Besloten door "+team)

		// Grant: one action makes the intervention.
		r = tm.post(rpath(round, "/toekennen"), url.Values{"lijn-" + reqID: {""}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "grant without a line")
		mustContain(t, r, "Schoolontbijt: kies een programmalijn")
		r = tm.post(rpath(round, "/toekennen"), url.Values{"lijn-" + reqID: {"L1"}})
		wantStatus(t, r, http.StatusSeeOther, "grant")
		page = tm.get(r.Location)
		mustContain(t, page, "De gekozen aanvragen zijn als interventies aan het programma toegevoegd.")
		code := regexp.MustCompile(`href="/interventies/(L1-\d+)"`).FindStringSubmatch(page.Body)
		if code == nil {
			t.Fatalf("no link to the new intervention\n%s", text(page.Body))
		}
		mustContain(t, rd.get("/interventies/"+code[1]), "Schoolontbijt", "Schoolvereniging Noord (test)", "Ontbijtronde")

		// The print version has it all.
		r = rd.get(rpath(round, "/afdruk"))
		mustContain(t, r, "Ontbijtronde", "Kinderen ontbijten beter.", "Mijn oordeel over 2", "Erik Ervaring (ervaringsdeskundige), 1:")
		if !strings.Contains(r.Body, `<html lang="nl">`) || !strings.Contains(r.Body, "<h1>Ontbijtronde</h1>") || !strings.Contains(r.Body, "<caption>") {
			t.Error("the print page lacks lang, h1 or table captions")
		}
	})
}

func TestWegingskaderPDF(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newWKSite(t, db)
		r := s.login(reader).get(rpath(s.closed, "/afdruk?formaat=pdf"))
		if _, err := exec.LookPath("chromium"); err != nil {
			wantStatus(t, r, http.StatusBadRequest, "pdf without chromium")
			mustContain(t, r, "Een PDF maken kan op deze server niet, omdat Chromium er niet op staat.")
			return
		}
		wantStatus(t, r, http.StatusOK, "pdf")
		if r.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(r.Body, "%PDF-") {
			t.Errorf("not a PDF: %s %.10q", r.Header.Get("Content-Type"), r.Body)
		}
	})
}

// TestWegingskaderPDFWithoutChromium hides the browser: the page says what
// to do instead. It changes PATH, so it does not run in parallel.
func TestWegingskaderPDFWithoutChromium(t *testing.T) {
	db := storetest.SQLite(t)
	s := newWKSite(t, db)
	c := s.login(reader)
	t.Setenv("PATH", t.TempDir())
	r := c.get(rpath(s.closed, "/afdruk?formaat=pdf"))
	wantStatus(t, r, http.StatusBadRequest, "pdf without chromium")
	mustContain(t, r, "Een PDF maken kan op deze server niet, omdat Chromium er niet op staat.", "Opslaan als PDF")
}

func TestWegingskaderFrameworkUpload(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newWKSite(t, db)
		c := s.login(team)
		r := c.get("/wegingskader/kader?formaat=yaml")
		wantStatus(t, r, http.StatusOK, "download")
		if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/yaml") || !strings.Contains(r.Body, "perspectief_wegingskader: 1") {
			t.Fatalf("download: %s\n%.200s", r.Header.Get("Content-Type"), r.Body)
		}
		badFile := strings.Replace(r.Body, "gewicht: 3", "gewicht: -3", 1)
		up := c.uploadTo("/wegingskader/kader", "kader.yaml", []byte(badFile))
		wantStatus(t, up, http.StatusUnprocessableEntity, "bad framework")
		mustContain(t, up, "Het wegingskader kader.yaml is geweigerd; er is niets vastgelegd.", "kader.criteria[7].gewicht")
		if !regexp.MustCompile(`kader\.yaml:\d+: kader\.criteria\[7\]\.gewicht`).MatchString(text(up.Body)) {
			t.Error("the message does not name the line")
		}
		up = c.uploadTo("/wegingskader/kader", "kader.yaml", []byte(strings.Replace(r.Body, "gewicht: 3", "gewicht: 5", 1)))
		wantStatus(t, up, http.StatusSeeOther, "good framework")
		page := c.get(up.Location)
		mustContain(t, page, "Versie 2, vastgelegd op", "Gewicht 5", "Versie 1")
		// The closed round keeps version 1.
		mustContain(t, c.get(rpath(s.closed, "")), "versie 1 van het wegingskader")
	})
}
