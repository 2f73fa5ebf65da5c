package e2e

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestWegingskaderRound runs an assessment round in two browsers: the
// programmateam prepares a request and a round with the programmateam and
// an ervaringsdeskundige on the panel, both score blind, the round closes
// and the choice within the budget shows. axe checks every page.
func TestWegingskaderRound(t *testing.T) {
	team := newSession(t)
	team.login("programmateam@demo.perspectief.nl")
	stamp := time.Now().Format("150405")

	// A request.
	team.clickLink(`//nav[@aria-label="Hoofdmenu"]`, "Wegingskader", "wegingskader")
	team.clickLink("//main", "Nieuwe aanvraag", "aanvraag-formulier")
	year := eval[string](team, `document.querySelector('.wk-years input').id.replace('bedrag-', '')`)
	title := "Voorleesouders (e2e " + stamp + ")"
	team.do(
		chromedp.SendKeys(chromedp.ID("aanvrager"), "Stichting Voorlezen (e2e)"),
		chromedp.SendKeys(chromedp.ID("titel"), title),
		chromedp.SendKeys(chromedp.ID("omschrijving"), "Vrijwilligers lezen thuis voor in gezinnen met een laag inkomen."),
		chromedp.SendKeys(chromedp.ID("bedrag-"+year), "18.000"),
		chromedp.Click(`label[for="doelgroep-gezinnen"]`),
		chromedp.Click(`label[for="doel-T1"]`),
		chromedp.Click(`label[for="doel-T6"]`),
	)
	team.checkPage("aanvraag-ingevuld")
	resp := team.follow(200, "aanvraag-opgeslagen", chromedp.Click(`//button[normalize-space()="Aanvraag opslaan"]`))
	if !regexp.MustCompile(`^/wegingskader/aanvragen/\d+`).MatchString(team.path(resp)) {
		t.Fatalf("after saving the request the browser is at %s", team.path(resp))
	}

	// A round with a budget for that year; panel: Pim and Erik.
	team.open("/wegingskader/rondes/nieuw", 200, "ronde-formulier")
	round := "E2E-ronde " + stamp
	team.do(
		chromedp.SendKeys(chromedp.ID("naam"), round),
		chromedp.SendKeys(chromedp.ID("budget-"+year), "20.000"),
		chromedp.Click(`//label[starts-with(normalize-space(), "Pim Programma")]`),
		chromedp.Click(`//label[starts-with(normalize-space(), "Erik Ervaring")]`),
		chromedp.Click(fmt.Sprintf(`//label[starts-with(normalize-space(), %s)]`, xpathString(title))),
	)
	resp = team.follow(200, "ronde-opgeslagen", chromedp.Click(`//button[normalize-space()="Ronde opslaan"]`))
	base := regexp.MustCompile(`^/wegingskader/rondes/\d+`).FindString(team.path(resp))
	if base == "" {
		t.Fatalf("after saving the round the browser is at %s", team.path(resp))
	}
	team.follow(200, "ronde-geopend", chromedp.Click(`//button[normalize-space()="Ronde openen voor het panel"]`))
	if got := mainText(team); !strings.Contains(got, "De ronde is geopend") {
		t.Fatalf("no confirmation that the round opened: %.300s", got)
	}

	// Pim scores and hands in.
	team.clickLink("//main", "Mijn scores invullen", "mijn-scores")
	scoreRequest(t, team, title, 3, "Pim")
	team.follow(200, "ingediend", chromedp.Click(`//button[normalize-space()="Scores indienen"]`))
	if got := mainText(team); !strings.Contains(got, "Uw scores zijn ingediend") || !strings.Contains(got, "Pim over 1a") {
		t.Errorf("after handing in, Pim does not see his handed-in scores: %.400s", got)
	}

	// Erik, on the panel, has not handed in: he sees no scores of others.
	expert := newSession(t)
	expert.login("ervaringsdeskundige@demo.perspectief.nl")
	expert.open(base+"/uitslag", 200, "blind")
	if got := mainText(expert); !strings.Contains(got, "pas als u uw eigen scores hebt ingediend") || strings.Contains(got, "Pim over") {
		t.Fatalf("the blind phase does not hold for Erik: %.400s", got)
	}
	if n := eval[int](expert, `document.querySelectorAll('main table').length`); n != 0 {
		t.Errorf("Erik sees %d score tables before handing in", n)
	}
	// A round cannot close without an ervaringsdeskundige's scores.
	team.open(base, 200, "ronde-open")
	if got := mainText(team); !strings.Contains(got, "kan pas sluiten als minstens één ervaringsdeskundige") {
		t.Errorf("the round page does not say it cannot close yet: %.400s", got)
	}
	if n := eval[int](team, `document.querySelectorAll('form[action$="/sluiten"]').length`); n != 0 {
		t.Error("the close button is offered before an ervaringsdeskundige handed in")
	}

	expert.open(base+"/scores", 200, "erik-scores")
	scoreRequest(t, expert, title, 1, "Erik")
	expert.follow(200, "erik-ingediend", chromedp.Click(`//button[normalize-space()="Scores indienen"]`))
	got := mainText(expert)
	for _, want := range []string{"Pim over 1a", "Erik over 1a", "anders lager: 1 tegen 3"} {
		if !strings.Contains(got, want) {
			t.Errorf("after handing in, Erik's page lacks %q", want)
		}
	}

	// Pim closes the round; the choice within the budget shows.
	team.open(base, 200, "ronde-sluitbaar")
	team.follow(200, "gesloten", chromedp.Click(`//button[normalize-space()="Ronde sluiten"]`))
	team.clickLink(`//nav[@aria-label="Onderdelen van de ronde"]`, "Keuze binnen het budget", "keuze")
	got = mainText(team)
	for _, want := range []string{"Het voorstel: 1 van de 1 aanvragen", "Gekozen", "Hoe stabiel is de keuze?", "Besluit vastleggen"} {
		if !strings.Contains(got, want) {
			t.Errorf("the choice page lacks %q: %.600s", want, got)
		}
	}
	team.clickLink(`//nav[@aria-label="Onderdelen van de ronde"]`, "In samenhang", "samenhang")
	team.open(base+"/afdruk", 200, "afdruk")

	// The lezer reads the closed round.
	reader := newSession(t)
	reader.login("lezer@demo.perspectief.nl")
	reader.open(base+"/uitslag", 200, "lezer-uitslag")
	if got := mainText(reader); !strings.Contains(got, "Erik over 4") {
		t.Errorf("the lezer does not see the closed round's scores: %.300s", got)
	}
}

func mainText(s *session) string {
	s.t.Helper()
	return eval[string](s, `document.querySelector('main').textContent.replace(/\s+/g, ' ').trim()`)
}

// scoreRequest opens the scoring form of the request titled title from the
// member's sheet, gives every criterion score v with a motivation, saves,
// and returns to the sheet.
func scoreRequest(t *testing.T, s *session, title string, v int, who string) {
	t.Helper()
	s.clickLink("//main", title, "scoreformulier-"+who)
	codes := eval[[]string](s, `[...document.querySelectorAll('fieldset.wk-score')].map(f => f.id.replace('criterium-', ''))`)
	if len(codes) != 9 {
		t.Fatalf("the score form has %d criteria, want 9 (1a-f, 2, 3, 4)", len(codes))
	}
	for _, c := range codes {
		s.do(
			chromedp.Click(fmt.Sprintf(`label[for="score-%s-%d"]`, c, v)),
			chromedp.SendKeys(chromedp.ID("motivering-"+c), who+" over "+c),
		)
	}
	s.checkPage("scores-ingevuld-" + who)
	s.follow(200, "scores-opgeslagen-"+who, chromedp.Click(`//button[normalize-space()="Opslaan"]`))
	if got := mainText(s); !strings.Contains(got, "Uw scores voor deze aanvraag zijn opgeslagen") {
		t.Fatalf("no confirmation after saving scores: %.300s", got)
	}
}
