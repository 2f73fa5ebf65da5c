// Package demo fills a database with the Groningen programme, one account
// per role and a plausible, clearly synthetic history of progress updates,
// so that the demo shows a living programme from its first start.
package demo

import (
	"bytes"
	"context"
	"fmt"
	"hash/fnv"
	"strings"
	"time"

	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/learning"
	"github.com/perspectief/perspectief/internal/procesmonitor"
	"github.com/perspectief/perspectief/internal/survey"
	wk "github.com/perspectief/perspectief/internal/wegingskader"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/programme"
)

// Password is the password of every demo account. Demo accounts exist only
// in databases made by the demo command.
const Password = "demo-wachtwoord"

// Account is a demo login.
type Account struct {
	Email string
	Name  string
	Role  account.Role
}

// Accounts lists one demo account per role.
var Accounts = []Account{
	{"beheerder@demo.perspectief.nl", "Bea Beheer", account.RoleAdmin},
	{"programmateam@demo.perspectief.nl", "Pim Programma", account.RoleTeam},
	{"projectleider@demo.perspectief.nl", "Lotte Leider", account.RoleProjectLeader},
	{"ervaringsdeskundige@demo.perspectief.nl", "Erik Ervaring", account.RoleExpert},
	{"lezer@demo.perspectief.nl", "Lies Lezer", account.RoleReader},
	{"regiegroep@demo.perspectief.nl", "Rik Regie", account.RoleSteering},
}

// Stores are the repositories seeding writes to and reads from, one per
// feature; a seed uses the ones it needs.
type Stores struct {
	Programme     programme.Store
	Accounts      account.Store
	Indicators    indicator.Store
	Surveys       survey.Store
	Learning      learning.Store
	Procesmonitor procesmonitor.Store
	Wegingskader  wk.Store
}

// Seed fills an empty database: the Groningen programme, the demo accounts
// and progress updates from the programme's start up to the period of now.
func Seed(ctx context.Context, db Stores, now time.Time) error {
	m, err := programme.ReadFile("groningen.yaml", bytes.NewReader(programme.GroningenFile()))
	if err != nil {
		return fmt.Errorf("embedded programme: %w", err)
	}
	Facets(m)
	if _, err := db.Programme.ApplyModel(ctx, m, "demo", programme.Change{Base: programme.NoBase, Kind: programme.VersionImport, Reason: "Programmabestand ingelezen; fasen en gebieden die de stukken niet noemen, zijn voor de demo verzonnen (voorbeeld)"}); err != nil {
		return err
	}
	accts := account.NewService(db.Accounts)
	accts.Now = func() time.Time { return now }
	for _, a := range Accounts {
		if _, err := accts.AddUser(ctx, a.Email, a.Name, a.Role, Password, "demo"); err != nil {
			return fmt.Errorf("demo account %s: %w", a.Email, err)
		}
	}
	for _, u := range History(m, now) {
		u := u
		if err := db.Programme.AddUpdate(ctx, &u); err != nil {
			return err
		}
	}
	return nil
}

// History makes the synthetic progress updates: one per intervention per
// tertial from T1 2024 to the period of now, except that a few
// interventions have not reported yet in the current period, so that the
// roll-up shows that gap as it would in real life.
func History(m *programme.Model, now time.Time) []programme.Update {
	cur := perspectief.PeriodOf(now)
	var out []programme.Update
	for p := (perspectief.Period{Year: m.StartYear, Tertial: 1}); !cur.Before(p); p = next(p) {
		for i, iv := range m.Interventions {
			h := hash(iv.Code, p.String())
			if p == cur && i%4 == 1 {
				continue // not reported yet
			}
			st := pickStatus(h, p, cur, i)
			u := programme.Update{
				Intervention: iv.Code,
				Period:       p,
				Status:       st,
				Narrative:    narratives[st][h%uint32(len(narratives[st]))],
				Author:       "projectleider@demo.perspectief.nl",
				CreatedAt:    reportTime(p, now, h),
			}
			if st == programme.StatusOnTrack || st == programme.StatusDone {
				u.Successes = successes[h%uint32(len(successes))]
			}
			if st == programme.StatusAttention || st == programme.StatusBehind {
				u.Concerns = concerns[h%uint32(len(concerns))]
			}
			for k, r := range iv.Canvas.Results {
				val := progressValue(p, m.StartYear, k)
				if r.Numeric() {
					if val = numericValue(iv.Code+"/"+r.Code, *r.Amount, p, m.StartYear, m.EndYear); val == "" {
						continue
					}
				}
				u.Values = append(u.Values, programme.ResultValue{Result: r.Code, Value: val})
			}
			out = append(out, u)
		}
	}
	return out
}

func next(p perspectief.Period) perspectief.Period {
	if p.Tertial == 3 {
		return perspectief.Period{Year: p.Year + 1, Tertial: 1}
	}
	return perspectief.Period{Year: p.Year, Tertial: p.Tertial + 1}
}

// reportTime is a moment in the last month of the period (or just before now
// for the current period), when project leaders typically report.
func reportTime(p perspectief.Period, now time.Time, h uint32) time.Time {
	endMonth := time.Month(p.Tertial * 4)
	t := time.Date(p.Year, endMonth, 10+int(h%15), 9+int(h%8), int(h%60), 0, 0, time.UTC)
	if t.After(now) {
		t = now.Add(-time.Duration(1+h%72) * time.Hour)
	}
	return t
}

func pickStatus(h uint32, p, cur perspectief.Period, i int) programme.Status {
	if p.Year == 2024 && p.Tertial == 1 && i%3 == 0 {
		return programme.StatusNotStared
	}
	switch h % 10 {
	case 0, 1:
		return programme.StatusAttention
	case 2:
		if i%5 == 2 {
			return programme.StatusBehind
		}
		return programme.StatusAttention
	case 3:
		if p.Year >= 2026 && i%7 == 3 {
			return programme.StatusDone
		}
	}
	return programme.StatusOnTrack
}

func progressValue(p perspectief.Period, start, k int) string {
	n := (p.Year-start)*3 + p.Tertial
	return fmt.Sprintf("%d", n*(5+3*k))
}

func hash(parts ...string) uint32 {
	f := fnv.New32a()
	for _, s := range parts {
		f.Write([]byte(s))
		f.Write([]byte{0})
	}
	return f.Sum32()
}

var narratives = map[programme.Status][]string{
	programme.StatusOnTrack: {
		"De activiteiten lopen volgens plan. (Voorbeeldtekst, synthetische demodata.)",
		"Uitvoering loopt; de samenwerking met de partners is goed op gang. (Voorbeeldtekst.)",
		"We liggen op schema en bereiken de afgesproken doelgroep. (Voorbeeldtekst.)",
	},
	programme.StatusAttention: {
		"De uitvoering loopt, maar de capaciteit bij partners is krap. (Voorbeeldtekst.)",
		"Minder aanmeldingen dan verwacht; we passen de communicatie aan. (Voorbeeldtekst.)",
	},
	programme.StatusBehind: {
		"De start is vertraagd doordat de aanbesteding langer duurde. (Voorbeeldtekst.)",
	},
	programme.StatusDone: {
		"De interventie is afgerond en overgedragen aan de reguliere dienstverlening. (Voorbeeldtekst.)",
	},
	programme.StatusNotStared: {
		"Voorbereiding loopt; de uitvoering start volgend tertiaal. (Voorbeeldtekst.)",
	},
}

var successes = []string{
	"Inwoners geven aan dat ze sneller geholpen worden.",
	"Nieuwe afspraken met WIJ Groningen over doorverwijzen.",
	"Ervaringsdeskundigen hebben de brieven herschreven in eenvoudige taal.",
}

var concerns = []string{
	"Personeelstekort bij de uitvoerende partner.",
	"Het bereik onder werkende minima blijft achter.",
	"Financiering na 2026 is nog niet zeker.",
}

// demoFacets are the stage and area of the interventions whose stage or
// area the seeds do not give: fictional, for the demo only. The shipped
// programme file keeps what seed 002 says (see its comments).
var demoFacets = map[string]struct {
	stage  programme.Stage
	area   programme.Area
	wijken []string
}{
	"L1-01": {programme.StageScaleUp, programme.AreaMunicipality, nil},
	"L1-02": {"", "", nil},
	"L1-03": {programme.StageEmbed, programme.AreaMunicipality, nil},
	"L1-04": {programme.StagePilot, programme.AreaWijken, []string{"WK001404", "WK001410"}},
	"L1-05": {programme.StagePilot, programme.AreaNoord, nil},
	"L1-06": {programme.StageResearch, programme.AreaMunicipality, nil},
	"L1-07": {programme.StagePilot, programme.AreaWijken, []string{"WK001411"}},
	"L2-01": {programme.StageScaleUp, programme.AreaNoord, nil},
	"L2-02": {programme.StageScaleUp, programme.AreaMunicipality, nil},
	"L2-03": {programme.StagePilot, programme.AreaWijken, []string{"WK001403", "WK001404"}},
	"L2-04": {programme.StagePilot, programme.AreaMunicipality, nil},
	"L2-05": {"", programme.AreaMunicipality, nil},
	"L3-01": {programme.StageEmbed, programme.AreaMunicipality, nil},
	"L3-03": {programme.StageScaleUp, programme.AreaMunicipality, nil},
	"L3-04": {"", programme.AreaWijken, []string{"WK001404", "WK001402"}},
	"L3-05": {programme.StageEmbed, programme.AreaMunicipality, nil},
	"L3-06": {"", programme.AreaMunicipality, nil},
}

// demoNumbers turn some qualitative results of the shipped programme into
// numeric ones for the demo, marked "(voorbeeld)": the seeds give no such
// numbers. L3-04's 150 households per year in 2026 is the seed's own.
var demoNumbers = map[string]struct {
	amount float64
	year   int
}{
	"L1-01/R3": {400, 2025},
	"L1-03/R2": {2500, 2026},
	"L1-04/R2": {300, 2026},
}

// Facets fills in a stage and an area for every intervention that has
// none, and a few numeric intended results, all fictional (see
// demoFacets and demoNumbers). Each says so where a visitor reads it: an
// intervention whose stage or area was made up says which in its approach
// text, a made-up number in its result, each with "(voorbeeld".
func Facets(m *programme.Model) {
	for i := range m.Interventions {
		iv := &m.Interventions[i]
		f := demoFacets[iv.Code]
		var made []string
		if iv.Stage == "" && f.stage != "" {
			iv.Stage = f.stage
			made = append(made, "de fase")
		}
		if iv.Area == "" && f.area != "" {
			iv.Area, iv.Wijken = f.area, f.wijken
			made = append(made, "het gebied")
		}
		if len(made) > 0 {
			iv.Canvas.Approach = strings.TrimSpace(iv.Canvas.Approach + " " + facetNote(made))
		}
		for k := range iv.Canvas.Results {
			r := &iv.Canvas.Results[k]
			if n, ok := demoNumbers[iv.Code+"/"+r.Code]; ok && !r.Numeric() {
				a := n.amount
				r.Amount, r.Year = &a, n.year
				r.Description += " (voorbeeld: het aantal is fictief)"
			}
		}
	}
}

// facetNote is the sentence that marks an intervention's made-up stage or
// area (made: "de fase", "het gebied") as fictional.
func facetNote(made []string) string {
	what := strings.Join(made, " en ")
	is, stands := "is", "staat"
	if len(made) > 1 {
		is, stands = "zijn", "staan"
	}
	return "(voorbeeld: " + what + " van deze interventie " + is + " verzonnen voor de demo en " + stands + " niet in de stukken van de gemeente.)"
}

// demoShares are how far each numeric result has come by the programme's
// last period, as a share of its number: one passes, one falls short, one
// has no measurement at all.
var demoShares = map[string]float64{"L1-01/R3": 1.1, "L3-04/R1": 0.8, "L1-04/R2": 0.6}

// numericValue is the synthetic value of a numeric result in period p,
// growing from 40% of the share at the start to the full share at the end
// of the programme; "" where the demo reports nothing.
func numericValue(key string, amount float64, p perspectief.Period, start, end int) string {
	share, ok := demoShares[key]
	if !ok {
		return ""
	}
	total := float64((end-start+1)*3 - 1)
	n := float64((p.Year-start)*3 + p.Tertial - 1)
	return fmt.Sprintf("%.0f", amount*share*(0.4+0.6*min(n/total, 1)))
}
