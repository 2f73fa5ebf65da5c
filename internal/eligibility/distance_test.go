package eligibility

import (
	"math"
	"strings"
	"testing"
	"time"
)

// household sets the facts of one household on the default set.
func household(t *testing.T, set *Set, facts map[string]Value) Household {
	t.Helper()
	h := set.NewHousehold()
	for name, v := range facts {
		if err := set.SetFact(h, name, v); err != nil {
			t.Fatal(err)
		}
	}
	return h
}

func decideOn(t *testing.T, set *Set, code string, d time.Time, h Household) Result {
	t.Helper()
	sc, ok := set.SchemeOn(code, d)
	if !ok {
		t.Fatalf("no %s on %s", code, d.Format("2006-01-02"))
	}
	return set.Decide(sc, d, h)
}

// TestWhyNotNamesTheDistance: a 'nee' on a limit says how far the
// household is from it, per month where the form asks per month, from the
// same rule that decided.
func TestWhyNotNamesTheDistance(t *testing.T) {
	set, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	d := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	norm, ok := DefaultNorm(2025, "alleenstaand", false, 0)
	if !ok {
		t.Fatal("no norm for 2025")
	}
	limit := 1.2 * norm / 12 // the Stadjerspas: 120% of the social minimum
	single := map[string]Value{"type": Str("alleenstaand"), "aow": Bool(false), "minderjarigen": Num(0), "studiefinanciering": Bool(false)}
	for _, c := range []struct {
		over float64
		gap  string
	}{{120, "120"}, {0.4, "1"}, {1200.5, "1.201"}} {
		facts := map[string]Value{"inkomen": Num(12 * (limit + c.over))}
		for k, v := range single {
			facts[k] = v
		}
		r := decideOn(t, set, "stadjerspas", d, household(t, set, facts))
		if r.Outcome != Nee || r.Distance == nil || r.NotForHousehold {
			t.Fatalf("%v over: %+v", c.over, r)
		}
		want := "Uw inkomen is ongeveer € " + c.gap + " per maand hoger dan de grens van € " + FormatNumber(math.Round(limit), "nl") + " per maand."
		if got := r.Distance.Text().NL; got != want {
			t.Errorf("%v over:\n got %q\nwant %q", c.over, got, want)
		}
		if en := r.Distance.Text().EN; !strings.HasPrefix(en, "Your income is about € "+strings.ReplaceAll(c.gap, ".", ",")+" a month above the limit of € ") {
			t.Errorf("English: %q", en)
		}
	}

	// Savings: the kwijtschelding limit of the household's own type, found
	// inside a condition that lists every type.
	r := decideOn(t, set, "kwijtschelding", d, household(t, set, map[string]Value{"type": Str("eenouder"), "aow": Bool(false),
		"minderjarigen": Num(1), "inkomen": Num(0), "vermogen": Num(4000), "auto_waarde": Num(0), "koophuis_overwaarde": Bool(false)}))
	if r.Distance == nil || r.Distance.Text().NL != "Uw spaargeld is ongeveer € 200 hoger dan de grens van € 3.800." {
		t.Errorf("savings: %+v", r.Distance)
	}

	// A minimum in years: no 'ongeveer', the unit named.
	r = decideOn(t, set, "iit", d, household(t, set, map[string]Value{"type": Str("alleenstaand"), "aow": Bool(false), "minderjarigen": Num(0),
		"leeftijd_hoofd": Num(40), "studiefinanciering": Bool(false), "vooruitzicht_hoger_inkomen": Bool(false), "inkomen": Num(0),
		"jaren_op_minimum": Num(3), "vermogen": Num(0)}))
	if r.Distance == nil || r.Distance.Text().NL != "Het aantal jaren met een inkomen op bijstandsniveau is 2 jaar lager dan de grens van 5 jaar." {
		t.Errorf("years: %+v", r.Distance)
	}
}

// TestNotForHousehold: a child scheme for a couple without children is not
// for this household, even when the income also fails; an income limit
// alone is not.
func TestNotForHousehold(t *testing.T) {
	set, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	d := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	couple := household(t, set, map[string]Value{"type": Str("paar_zonder_kinderen"), "aow": Bool(false), "minderjarigen": Num(0),
		"studiefinanciering": Bool(false), "inkomen": Num(1e6)})
	r := decideOn(t, set, "kindpas", d, couple)
	if r.Outcome != Nee || !r.NotForHousehold || r.Distance != nil || !strings.Contains(r.Reason.NL, "kinderen jonger dan 18") {
		t.Errorf("kindpas for a couple without children: %+v", r)
	}
	r = decideOn(t, set, "stadjerspas", d, couple)
	if r.Outcome != Nee || r.NotForHousehold || r.Distance == nil {
		t.Errorf("stadjerspas on income: %+v", r)
	}
}

// TestContactChecked: a link that is not https, a phone number that is not
// one, or contact data without a source refuse the file.
func TestContactChecked(t *testing.T) {
	set, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	sc, _ := set.Scheme("stadjerspas")
	good := strings.Replace(string(sc.Content), `versie: "`, `versie: "contact-`, 1)
	for _, c := range []struct{ from, to, want string }{
		{"link: https://", "link: http://", `link: "http://stadjerspas.gemeente.groningen.nl" is geen webadres`},
		{"link: https://", "telefoon: 'bel ons'\nlink: https://", `telefoon: "bel ons" is geen telefoonnummer`},
		{"contact_bron: ", "x_contact_bron: ", `field x_contact_bron not found`},
	} {
		bad := strings.Replace(good, c.from, c.to, 1)
		_, err := set.ParseVersion("stadjerspas.yaml", []byte(bad))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v", c.to, err)
		}
	}
	noSource := strings.Replace(good, "contact_bron: ", "# contact_bron: ", 1)
	if _, err := set.ParseVersion("stadjerspas.yaml", []byte(noSource)); err == nil || !strings.Contains(err.Error(), "contact_bron: noem de bron") {
		t.Errorf("no source: %v", err)
	}
	if set.Help == nil || set.Help.Link != "https://wij.groningen.nl" || set.Help.Phone != "" {
		t.Errorf("help: %+v", set.Help)
	}
}
