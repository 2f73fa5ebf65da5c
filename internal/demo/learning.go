package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/learning"
	"github.com/perspectief/perspectief/internal/programme"
	"github.com/perspectief/perspectief/internal/survey"
)

// SyntheticNote labels every demo wave: its answers are generated.
const SyntheticNote = "Synthetische demo-antwoorden: gegenereerd door de demo, niet ingevuld door echte inwoners of medewerkers."

// ResidentWave is the code of the demo's published residents' wave, whose
// open link the browser tests fill in.
func ResidentWave(now time.Time) string { return fmt.Sprintf("inwoners-%d", now.Year()) }

// demoUser acts for the seeds: a beheerder named demo.
var demoUser = account.User{Email: "programmateam@demo.perspectief.nl", Name: "Pim Programma", Role: account.RoleTeam}

// SeedSurveys stores the shipped questionnaires, a published residents'
// wave with about 200 synthetic answers over five wijken, a staff wave
// with personal links and synthetic answers, and puts the residents'
// results into the indicator register.
func SeedSurveys(ctx context.Context, db Stores, now time.Time) error {
	ss := survey.NewService(db.Surveys, db.Programme, db.Indicators)
	ss.Now = func() time.Time { return now }
	qs, err := survey.Shipped()
	if err != nil {
		return err
	}
	for _, q := range qs {
		if _, _, err := ss.SaveQuestionnaire(ctx, demoUser, q); err != nil {
			return fmt.Errorf("questionnaire %s: %w %v", q.Code, err, perspectief.ErrorDetails(err))
		}
	}
	year := fmt.Sprint(now.Year())
	res, err := ss.CreateWave(ctx, demoUser, survey.WaveInput{Code: ResidentWave(now), Title: "Ervaring inwoners " + year, Questionnaire: "inwoners",
		Period: year, Access: survey.OpenLink, Note: SyntheticNote})
	if err != nil {
		return err
	}
	staff, err := ss.CreateWave(ctx, demoUser, survey.WaveInput{Code: "medewerkers-" + year, Title: "Ervaring medewerkers " + year, Questionnaire: "medewerkers",
		Period: year, Access: survey.Tokens, Note: SyntheticNote})
	if err != nil {
		return err
	}
	for _, w := range []*survey.Wave{res, staff} {
		if err := ss.Publish(ctx, demoUser, w.Code); err != nil {
			return err
		}
	}
	if _, err := ss.IssueTokens(ctx, demoUser, staff.Code, 60); err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(2026, 8))
	if _, err := db.Surveys.ImportResponses(ctx, res.Code, residentAnswers(rng, now), "synthetische demo-antwoorden", "demo"); err != nil {
		return err
	}
	if _, err := db.Surveys.ImportResponses(ctx, staff.Code, staffAnswers(rng, now), "synthetische demo-antwoorden", "demo"); err != nil {
		return err
	}
	_, _, err = ss.PushToRegister(ctx, demoUser, res.Code)
	return err
}

// The residents' synthetic answers: how many per wijk ("" for none given),
// and how much more or less that wijk agrees than the average.
var demoWijken = []struct {
	code  string
	n     int
	shift float64
}{
	{"WK001404", 58, 0.00},  // Oosterparkwijk
	{"WK001410", 50, -0.08}, // Noordwest
	{"WK001411", 42, -0.05}, // Noordoost
	{"WK001407", 30, 0.06},  // Zuidwest
	{"WK001413", 6, 0.05},   // Meerdorpen: too few to show
	{"", 14, 0},
}

// Average share that agrees per question of the residents' questionnaire.
var demoAgree = map[string]float64{"serieus": 0.72, "andere_hulp": 0.45, "waarheen": 0.58, "passend": 0.66, "drempels": 0.50, "lang_genoeg": 0.41,
	"herkend": 0.68, "binnenlopen": 0.55, "eigen_regie": 0.60, "informatie": 0.52, "op_tijd": 0.57, "eigen_situatie": 0.63}

// The questions split off or added later (seed 001's separate statements,
// the experience items of O1, O4 and O7) draw from their own generator, so
// that the answers to the first six stay what they were.
var demoLater = []string{"herkend", "binnenlopen", "eigen_regie", "informatie", "op_tijd", "eigen_situatie"}

// demoOpen are made-up answers to the open question, as residents might
// write them; the whole wave is marked synthetic.
var demoOpen = []string{
	"Sneller antwoord op mijn aanvraag. Ik heb zes weken gewacht.",
	"Minder formulieren. Ik moest drie keer hetzelfde invullen.",
	"De medewerker van WIJ nam echt de tijd. Dat mag zo blijven.",
	"Een brief in gewone taal. Ik begreep de eerste brief niet.",
	"Dat je niet elk jaar opnieuw alles moet aantonen.",
	"Meer avonduren, ik werk overdag.",
	"Ik wist niet dat ik ook de Kindpas kon krijgen. Vertel dat eerder.",
	"Iemand die met mij meegaat naar de schuldeiser.",
	"De website is lastig op mijn telefoon.",
	"Niets, ik ben goed geholpen.",
	"Uitleg in het Engels of Arabisch zou helpen.",
	"Eén vast aanspreekpunt in plaats van steeds iemand anders.",
}

func residentAnswers(rng *rand.Rand, now time.Time) []survey.Response {
	var out []survey.Response
	order := []string{"serieus", "andere_hulp", "waarheen", "passend", "drempels", "lang_genoeg"}
	later := rand.New(rand.NewPCG(2026, 9))
	for _, wk := range demoWijken {
		for i := 0; i < wk.n; i++ {
			r := survey.Response{Area: wk.code, Date: demoDay(rng, now), Channel: survey.ChannelImport, Answers: map[string]string{}}
			for _, q := range order {
				answerDemo(rng, r.Answers, q, wk.shift)
			}
			for _, q := range demoLater {
				answerDemo(later, r.Answers, q, wk.shift)
			}
			if n := len(out); n%16 == 3 && n/16 < len(demoOpen) {
				r.Answers["beter"] = demoOpen[n/16]
			}
			out = append(out, r)
		}
	}
	return out
}

// answerDemo draws an answer to question q: skipped, weet niet, or
// agreeing with the question's share shifted by the wijk's.
func answerDemo(rng *rand.Rand, answers map[string]string, q string, shift float64) {
	x := rng.Float64()
	switch {
	case x < 0.06:
		return // skipped
	case x < 0.10:
		answers[q] = survey.DontKnow
		return
	}
	agree := rng.Float64() < demoAgree[q]+shift
	if q == "andere_hulp" {
		answers[q] = map[bool]string{true: survey.Yes, false: survey.No}[agree]
		return
	}
	answers[q] = likert(rng, agree)
}

func staffAnswers(rng *rand.Rand, now time.Time) []survey.Response {
	agree := map[string]float64{"kennis_partners": 0.55, "ervaringskennis": 0.48, "ruimte_maatwerk": 0.38, "zo_lang_als_nodig": 0.33}
	var out []survey.Response
	for i := 0; i < 38; i++ {
		r := survey.Response{Date: demoDay(rng, now), Channel: survey.ChannelImport, Answers: map[string]string{}}
		for q, p := range agree {
			r.Answers[q] = likert(rng, rng.Float64() < p)
		}
		out = append(out, r)
	}
	return out
}

func likert(rng *rand.Rand, agree bool) string {
	if agree {
		if rng.Float64() < 0.35 {
			return survey.StronglyAgree
		}
		return survey.Agrees
	}
	switch x := rng.Float64(); {
	case x < 0.4:
		return survey.Neutral
	case x < 0.8:
		return survey.Disagree
	}
	return survey.StronglyDisagree
}

// demoDay is a day in the 60 days before now.
func demoDay(rng *rand.Rand, now time.Time) string {
	return now.AddDate(0, 0, -1-rng.IntN(60)).Format("2006-01-02")
}

// SeedSurveysAndLearning stores the indicator register, the surveys and
// the learning log: what the survey, learning and report pages show.
func SeedSurveysAndLearning(ctx context.Context, db Stores, now time.Time) error {
	if err := SeedIndicators(ctx, db.Indicators); err != nil {
		return fmt.Errorf("indicators: %w", err)
	}
	if err := SeedSurveys(ctx, db, now); err != nil {
		return fmt.Errorf("surveys: %w", err)
	}
	if err := SeedLearning(ctx, db, now); err != nil {
		return fmt.Errorf("learning log: %w", err)
	}
	return nil
}

// SeedLearning fills the learning log with signals, lessons and decisions
// of the last months; one decision recalibrates the programme: the
// pauzeknop (L2-05) is stopped and a fixed contact for young people with
// debts (L2-06) is added, which makes programme version 2.
func SeedLearning(ctx context.Context, db Stores, now time.Time) error {
	ls := learning.NewService(db.Learning, db.Programme)
	ls.Now = func() time.Time { return now }
	team := demoUser
	expert := account.User{Email: "ervaringsdeskundige@demo.perspectief.nl", Name: "Erik Ervaring", Role: account.RoleExpert}
	ago := func(days int) time.Time { return now.AddDate(0, 0, -days) }
	ids := map[string]int64{}
	add := func(key string, u account.User, e learning.Entry, basis ...string) error {
		for _, b := range basis {
			e.Basis = append(e.Basis, ids[b])
		}
		got, err := ls.Add(ctx, u, e)
		if err != nil {
			return fmt.Errorf("learning log %q: %w %v", e.Title, err, perspectief.ErrorDetails(err))
		}
		ids[key] = got.ID
		return nil
	}
	year := now.Year()
	steps := []func() error{
		func() error {
			return add("brieven", expert, learning.Entry{Kind: learning.Signal, Date: ago(200), Source: "ervaringsdeskundigen",
				Title:         "Brieven over regelingen zijn te moeilijk",
				Text:          "Op het spreekuur lezen we vaak brieven voor. Veel inwoners begrijpen de brief over de bijzondere bijstand niet en haken af voordat ze iets aanvragen.",
				Interventions: []string{"L1-04"}, Goals: []string{"O2"}})
		},
		func() error {
			return add("jongeren", team, learning.Entry{Kind: learning.Signal, Date: ago(180), Source: "professionals",
				Title:         "Jongeren met schulden melden zich laat",
				Text:          "Consulenten van WIJ zien jongeren pas als de schulden al hoog zijn. Ze schamen zich en weten niet bij wie ze terechtkunnen.",
				Interventions: []string{"L2-04"}, Goals: []string{"O3"}})
		},
		func() error {
			return add("wachttijd", team, learning.Entry{Kind: learning.Signal, Date: ago(165), Source: "partners",
				Title:         "Wachttijd bij schuldhulp loopt op",
				Text:          "Eerste Hulp bij Geldzaken meldt dat inwoners drie tot vijf weken wachten op een eerste gesprek over schulden.",
				Interventions: []string{"L2-03"}, Goals: []string{"O4"}})
		},
		func() error {
			return add("wijzer", expert, learning.Entry{Kind: learning.Signal, Date: ago(150), Source: "inwoners",
				Title:         "De voorzieningenwijzer helpt, maar is lastig op de telefoon",
				Text:          "Inwoners die we spraken, vinden de wijzer duidelijk. Op een kleine telefoon raken ze de weg kwijt in de lange lijst met vragen.",
				Interventions: []string{"L1-02"}, Goals: []string{"O1"}})
		},
		func() error {
			return add("weten", team, learning.Entry{Kind: learning.Signal, Date: ago(140), Source: "monitoring",
				Title: "Veel gebruikers van regelingen weten niet waar ze met geldvragen heen kunnen",
				Text:  fmt.Sprintf("In het ervaringsonderzoek van %d (synthetische demo-antwoorden) zegt maar iets meer dan de helft te weten waar ze terechtkunnen met een vraag over geld.", year),
				Goals: []string{"T3"}, Indicators: []string{"tactisch_3_weten_waarheen"}})
		},
		func() error {
			return add("taal", team, learning.Entry{Kind: learning.Lesson, Date: ago(120), Source: "programmateam",
				Title:         "Laat brieven eerst lezen door ervaringsdeskundigen",
				Text:          "Een brief die ervaringsdeskundigen begrijpen, begrijpen inwoners ook. Testen kost een week en scheelt veel uitval.",
				Interventions: []string{"L1-04"}, Goals: []string{"O2"}}, "brieven")
		},
		func() error {
			return add("pauze", team, learning.Entry{Kind: learning.Lesson, Date: ago(100), Source: "programmateam",
				Title:         "Een pauze bij schulden helpt alleen met een vaste contactpersoon",
				Text:          "Uit de verkenning van de pauzeknop en de signalen over jongeren: rust bij schuldeisers werkt pas als iemand de jongere in die tijd begeleidt. Een losse pauzeknop lost weinig op.",
				Interventions: []string{"L2-05", "L2-04"}, Goals: []string{"O3"}}, "jongeren", "wachttijd")
		},
		func() error {
			return add("fonds", expert, learning.Entry{Kind: learning.Signal, Date: ago(90), Source: "ervaringsdeskundigen",
				Title: "Aanvraag buurtfonds mist nazorg",
				Text:  "Bij de weging van de aanvragen viel op dat het buurtfonds geen nazorg biedt na de eerste hulp. Dat weegt mee bij criterium 1f.",
				Goals: []string{"T5"}, Rounds: []string{fmt.Sprintf("%d-1", year)}})
		},
		func() error {
			return add("besluit-pauze", team, learning.Entry{Kind: learning.Decision, Date: ago(60), Source: "programmateam",
				Title: "Pauzeknop gaat op in een vaste contactpersoon voor jongeren",
				Text:  "Het programmateam stopt de verkenning van de pauzeknop als losse interventie. Er komt een vaste contactpersoon voor jongeren met schulden, die rust bij schuldeisers regelt en de jongere begeleidt.",
				Changes: []learning.Change{
					{Action: learning.Stop, Target: learning.TargetIntervention, Code: "L2-05"},
					{Action: learning.Add, Target: learning.TargetIntervention, Code: "L2-06", Intervention: &programme.Intervention{
						Line: "L2", Title: "Vaste contactpersoon voor jongeren met schulden", OperationalGoals: []string{"O3", "O4", "O6"},
						Canvas: programme.Canvas{
							Objective: "Jongeren met schulden krijgen eerder rust en één vaste contactpersoon die hen begeleidt naar een oplossing.",
							Approach:  "Een consulent van WIJ regelt een adempauze bij schuldeisers en blijft de jongere begeleiden tot er een oplossing is.",
							Audience:  "Jongeren van 18 tot 27 jaar met schulden",
							Partners:  "WIJ Groningen, Eerste Hulp bij Geldzaken, Gemeentelijke Kredietbank",
						}}},
				}}, "pauze")
		},
		func() error {
			return add("besluit-taal", team, learning.Entry{Kind: learning.Decision, Date: ago(30), Source: "programmateam",
				Title:         "Nieuwe brieven worden eerst getest met ervaringsdeskundigen",
				Text:          "Vanaf nu lezen ervaringsdeskundigen elke nieuwe brief over regelingen voordat die wordt verstuurd.",
				Interventions: []string{"L1-04"}, Goals: []string{"O2"}}, "taal")
		},
		func() error {
			return add("drempels", team, learning.Entry{Kind: learning.Lesson, Date: ago(10), Source: "monitoring",
				Title: "Drempels zijn in Noordwest het hoogst",
				Text:  fmt.Sprintf("In het ervaringsonderzoek van %d (synthetische demo-antwoorden) zeggen inwoners in Noordwest het minst vaak dat drempels zijn weggenomen. We bespreken dit met WIJ Noordwest.", year),
				Goals: []string{"T3"}, Indicators: []string{"tactisch_5_drempels_weg"}}, "weten")
		},
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}
