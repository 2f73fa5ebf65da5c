package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/programme"
	wk "github.com/perspectief/perspectief/internal/wegingskader"
)

// PanelAccounts are demo accounts beyond one per role: a second
// ervaringsdeskundige, so that the demo panel shows how two
// ervaringsdeskundigen judge next to the others.
var PanelAccounts = []Account{
	{"ervaringsdeskundige2@demo.perspectief.nl", "Esra Ervaring", account.RoleExpert},
}

// demoRequest is a synthetic funding request with the panel's base scores
// per criterion (1a-f, 2, 3, 4).
type demoRequest struct {
	wk.Request
	base [9]int
}

// The requests are invented for the demo: the applicants do not exist.
var demoRequests = []demoRequest{
	{wk.Request{Applicant: "Sportvereniging De Vennen (fictief)", Title: "Sportmaatje voor kinderen",
		Description: "Vrijwilligers halen kinderen uit gezinnen met een laag inkomen op voor de training en betalen contributie en kleding uit een eigen fonds. (Synthetische voorbeeldaanvraag.)",
		Amounts:     wk.Amounts{2026: 45_000, 2027: 45_000}, TargetGroup: wk.GroupFamilies, Goals: []string{"T1", "T6"},
		Attachments: []wk.Attachment{{Title: "Begroting", Text: "Coördinator 0,4 fte € 28.000; contributies en kleding € 12.000; vrijwilligersvergoeding € 5.000 per jaar."}}},
		[9]int{3, 2, 2, 2, 2, 2, 2, 3, 2}},
	{wk.Request{Applicant: "Stichting Jas Aan (fictief)", Title: "Kledingbank voor schoolkinderen",
		Description: "Twee keer per jaar een pakket schoolkleding voor kinderen uit gezinnen tot 120% van het sociaal minimum, op te halen bij een uitgiftepunt. (Synthetische voorbeeldaanvraag.)",
		Amounts:     wk.Amounts{2026: 30_000, 2027: 30_000}, TargetGroup: wk.GroupFamilies, Goals: []string{"T1"}},
		[9]int{2, 1, 3, 1, 1, 0, 1, 2, 3}},
	{wk.Request{Applicant: "Jongerenwerk Stad (fictief)", Title: "Budgetcoach voor jongeren van 18 tot 27",
		Description: "Een vaste budgetcoach helpt jongeren met een eerste schuld een jaar lang met een plan, in de eigen woonomgeving. (Synthetische voorbeeldaanvraag.)",
		Amounts:     wk.Amounts{2026: 60_000, 2027: 40_000}, TargetGroup: wk.GroupYoungAdults, Goals: []string{"T2", "T4"},
		Attachments: []wk.Attachment{{Title: "Resultaten pilot", Text: "In de pilot kwamen 41 jongeren; 29 hadden na een jaar een betalingsregeling of waren schuldenvrij."}}},
		[9]int{1, 3, 2, 3, 3, 2, 2, 2, 2}},
	{wk.Request{Applicant: "Bibliotheeknetwerk Groningen (fictief)", Title: "Geldzorgen-inloop in de bibliotheek",
		Description: "Een wekelijkse inloop in vier wijkbibliotheken waar vrijwilligers helpen met post, toeslagen en regelingen, en doorverwijzen naar schuldhulp. (Synthetische voorbeeldaanvraag.)",
		Amounts:     wk.Amounts{2026: 35_000, 2027: 20_000}, TargetGroup: wk.GroupOther, Goals: []string{"T3", "T2"}},
		[9]int{2, 3, 3, 2, 2, 1, 3, 1, 3}},
	{wk.Request{Applicant: "Zorg & Geld Coöperatie (fictief)", Title: "Gezinscoach bij geldzorgen",
		Description: "Een coach werkt anderhalf jaar met gezinnen met kinderen en problematische schulden aan rust, een schuldregeling en de kansen van de kinderen. (Synthetische voorbeeldaanvraag.)",
		Amounts:     wk.Amounts{2026: 80_000, 2027: 70_000}, TargetGroup: wk.GroupFamilies, Goals: []string{"T5", "T2"}},
		[9]int{1, 3, 2, 3, 3, 3, 2, 3, 1}},
	{wk.Request{Applicant: "Energiecoöperatie Zuid (fictief)", Title: "Energiecoaches aan huis",
		Description: "Energiecoaches bezoeken huishoudens met een hoge energierekening, plaatsen kleine besparende middelen en geven advies. Eenmalig in 2026. (Synthetische voorbeeldaanvraag.)",
		Amounts:     wk.Amounts{2026: 40_000}, TargetGroup: wk.GroupOther, Goals: []string{"T1", "T5"}},
		[9]int{2, 2, 2, 2, 2, 0, 1, 1, 3}},
	{wk.Request{Applicant: "Collectief Stem (fictief)", Title: "Ervaringsdeskundigen aan de balie",
		Description: "Getrainde ervaringsdeskundigen staan bij de WIJ-teams aan de balie en lopen mee naar het eerste gesprek. (Synthetische voorbeeldaanvraag.)",
		Amounts:     wk.Amounts{2026: 25_000, 2027: 25_000}, TargetGroup: wk.GroupOther, Goals: []string{"T3", "T6"}},
		[9]int{1, 3, 2, 3, 2, 1, 3, 1, 2}},
	{wk.Request{Applicant: "Stichting Op Eigen Benen (fictief)", Title: "Startgeld voor jongvolwassenen uit de jeugdzorg",
		Description: "Een startbedrag en een maatje voor jongeren die op hun achttiende uit de jeugdzorg komen, zodat ze zonder schulden beginnen. (Synthetische voorbeeldaanvraag.)",
		Amounts:     wk.Amounts{2026: 50_000, 2027: 50_000}, TargetGroup: wk.GroupYoungAdults, Goals: []string{"T2", "T4"}},
		[9]int{1, 2, 1, 2, 3, 2, 1, 2, 2}},
}

// expertView holds where the ervaringsdeskundigen judge differently from
// the base, with what they wrote: by request index and criterion index.
var expertView = map[[2]int]struct {
	score int
	note  string
}{
	{1, 1}: {0, "Een pakket ophalen en weer naar huis: niemand vraagt hoe het verder gaat."},
	{1, 2}: {2, "Kleding ophalen bij een uitgiftepunt voelt voor veel ouders als bedelen."},
	{4, 8}: {3, "Duur, maar één gezin dat uit de schulden komt, scheelt later veel meer."},
	{6, 2}: {3, "Iemand die het zelf heeft meegemaakt aan de balie: dan durf je binnen te komen."},
	{6, 4}: {3, "Je wordt meegenomen naar het gesprek; dat neemt de grootste drempel weg."},
	{7, 2}: {0, "Wie uit de jeugdzorg komt, vertrouwt een loket niet; zo vinden ze het niet."},
}

var levelWords = [...]string{"zie ik niet terug", "beperkt", "duidelijk aanwezig", "sterk"}

// SeedWegingskader adds the wegingskader's demo: the shipped framework,
// eight synthetic funding requests and one closed round whose panel (the
// programmateam, the projectleider and two ervaringsdeskundigen) handed in
// their scores. The round is not decided yet, so that the demo can show
// the choice within the budget.
func SeedWegingskader(ctx context.Context, db Stores, now time.Time) error {
	accts := account.NewService(db.Accounts)
	accts.Now = func() time.Time { return now }
	for _, a := range PanelAccounts {
		if _, err := accts.AddUser(ctx, a.Email, a.Name, a.Role, Password, "demo"); err != nil {
			return fmt.Errorf("demo account %s: %w", a.Email, err)
		}
	}
	ps := programme.NewService(db.Programme)
	svc := wk.NewService(db.Wegingskader, ps)
	clock := now.AddDate(0, 0, -40)
	svc.Now = func() time.Time { clock = clock.Add(17 * time.Minute); return clock }
	team := account.User{Email: "programmateam@demo.perspectief.nl", Role: account.RoleTeam}

	var ids []int64
	for _, dr := range demoRequests {
		r, err := svc.AddRequest(ctx, team, dr.Request)
		if err != nil {
			return fmt.Errorf("demo request %q: %w", dr.Title, err)
		}
		ids = append(ids, r.ID)
	}
	panel := []Account{Accounts[1], Accounts[3], PanelAccounts[0], Accounts[2]}
	var emails []string
	for _, a := range panel {
		emails = append(emails, a.Email)
	}
	r, err := svc.AddRound(ctx, team, wk.RoundInput{
		Name:        "Voorjaarsronde 2026 (voorbeeld)",
		Description: "Voorbeeldronde met synthetische aanvragen: nieuwe voorzieningen voor 2026 en 2027, gewogen met het wegingskader.",
		Budget:      wk.Amounts{2026: 250_000, 2027: 150_000},
		Panel:       emails,
		Requests:    ids,
	})
	if err != nil {
		return fmt.Errorf("demo round: %w", err)
	}
	if err := svc.OpenRound(ctx, team, r.ID); err != nil {
		return err
	}
	f, err := svc.Framework(ctx, r.FrameworkVersion)
	if err != nil {
		return err
	}
	for mi, a := range panel {
		u := account.User{Email: a.Email, Name: a.Name, Role: a.Role}
		for ri, dr := range demoRequests {
			var in []wk.ScoreInput
			for ci, c := range f.Criteria {
				v, note := memberScore(mi, a.Role == account.RoleExpert, ri, ci, dr)
				motivation := fmt.Sprintf("%s: %s.", c.Title, levelWords[v])
				if note != "" {
					motivation = note
				}
				in = append(in, wk.ScoreInput{Criterion: c.Code, Value: &v, Motivation: motivation})
			}
			if err := svc.SaveScores(ctx, u, r.ID, ids[ri], in); err != nil {
				return fmt.Errorf("demo scores of %s: %w", a.Email, err)
			}
		}
		if err := svc.Submit(ctx, u, r.ID); err != nil {
			return fmt.Errorf("demo hand-in of %s: %w", a.Email, err)
		}
	}
	return svc.CloseRound(ctx, team, r.ID)
}

// memberScore is member mi's score of request ri on criterion ci: the base
// score, the ervaringsdeskundigen's own view where they have one, and a
// little disagreement elsewhere, as in a real panel.
func memberScore(mi int, expert bool, ri, ci int, dr demoRequest) (int, string) {
	v := dr.base[ci]
	if ev, ok := expertView[[2]int{ri, ci}]; ok && expert {
		return ev.score, ev.note
	}
	h := hash(dr.Title, fmt.Sprint(ci), fmt.Sprint(mi))
	switch {
	case mi == 0:
		// the programmateam scores the base
	case h%6 == 0:
		v++
	case h%6 == 1:
		v--
	}
	return min(3, max(0, v)), ""
}
