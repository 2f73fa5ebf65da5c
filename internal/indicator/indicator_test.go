package indicator

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/perspectief/perspectief"
)

func TestParsePeriod(t *testing.T) {
	good := map[string]Period{
		"2020":    {Year, 2020, 0},
		"2020-T1": {Tertial, 2020, 1},
		"2020-T3": {Tertial, 2020, 3},
		"2021-Q4": {Quarter, 2021, 4},
		"2021-01": {Month, 2021, 1},
		"2021-12": {Month, 2021, 12},
	}
	for s, want := range good {
		p, err := ParsePeriod(s)
		if err != nil || p != want {
			t.Errorf("ParsePeriod(%q) = %+v, %v; want %+v", s, p, err, want)
		}
		if p.String() != s {
			t.Errorf("%+v.String() = %q, want %q", p, p.String(), s)
		}
	}
	for _, s := range []string{"", "20", "20a0", "1899", "2200", "2020-T0", "2020-T4", "2020-Q0", "2020-Q5", "2020-00", "2020-13", "2020-1", "2020-t1", "2020 ", "2020-T1x", "２０２０"} {
		if p, err := ParsePeriod(s); err == nil {
			t.Errorf("ParsePeriod(%q) = %+v, want an error", s, p)
		}
	}
}

func TestPeriodOrder(t *testing.T) {
	var ps []Period
	for _, s := range []string{"2021-02", "2020-Q2", "2021", "2020-T2", "2020", "2020-01", "2020-Q1", "2020-T1", "2019-12"} {
		p, _ := ParsePeriod(s)
		ps = append(ps, p)
	}
	slices.SortFunc(ps, Period.Compare)
	var got []string
	for _, p := range ps {
		got = append(got, p.String())
	}
	// A longer period goes before a shorter one starting the same month.
	want := "2019-12 2020 2020-T1 2020-Q1 2020-01 2020-Q2 2020-T2 2021 2021-02"
	if strings.Join(got, " ") != want {
		t.Errorf("order = %s\nwant    %s", strings.Join(got, " "), want)
	}
	if l := (Period{Tertial, 2020, 2}).Label(); l != "2e tertiaal 2020" {
		t.Errorf("label = %q", l)
	}
}

func TestDefaultRegister(t *testing.T) {
	reg, err := DefaultRegister()
	if err != nil {
		t.Fatalf("%v %v", err, perspectief.ErrorDetails(err))
	}
	for _, c := range TrendCodes {
		if _, ok := reg.Indicator(c); !ok {
			t.Errorf("trendmonitor indicator %s is not in the register", c)
		}
	}
	// The usage indicators of the trendmonitor's section 6 measure the
	// take-up goals O1 and O2 and the tactical goal on reaching households.
	for _, c := range []string{"gebruik_participatiewet_110", "gebruik_jeugdwet_110", "gebruik_wmo_110"} {
		ind, ok := reg.Indicator(c)
		if !ok {
			t.Errorf("%s is not in the register", c)
			continue
		}
		if !slices.Equal(ind.Goals, []string{"O1", "O2", "T3"}) || ind.Type != "outcome" || ind.Source == "" {
			t.Errorf("%s: goals %v, type %q, source %q", c, ind.Goals, ind.Type, ind.Source)
		}
	}
	// The five wellbeing indicators of the monitoringplan (3.1e), followed
	// for low-income households: each with a source and a note on the
	// split by income group.
	for _, c := range []string{"welbevinden_tevredenheid_leven", "welbevinden_geluk", "welbevinden_ervaren_gezondheid", "welbevinden_meedoen", "welbevinden_eenzaamheid"} {
		ind, ok := reg.Indicator(c)
		if !ok {
			t.Errorf("%s is not in the register", c)
			continue
		}
		if ind.Source == "" || !strings.Contains(ind.Note, "inkomensgroep") || !strings.Contains(ind.Note, "laag inkomen") || ind.Level != "strategisch" {
			t.Errorf("%s: source %q, level %q, note %q", c, ind.Source, ind.Level, ind.Note)
		}
	}
	if ind, _ := reg.Indicator("welbevinden_eenzaamheid"); ind == nil || ind.Direction != "omlaag" {
		t.Error("less loneliness is better")
	}
	levels := map[string]int{}
	kinds := map[string]int{}
	for _, ind := range reg.Indicators {
		levels[ind.Level]++
		kinds[ind.Kind]++
		// Annex 1: what the gemeente delivers itself (output, throughput)
		// is a beleidsindicator, never an effect on the surroundings.
		if (ind.Type == "output" || ind.Type == "throughput") && ind.Kind != KindPolicy {
			t.Errorf("%s: type %s but soort %s", ind.Code, ind.Type, ind.Kind)
		}
		if ind.Type == "impact" && ind.Kind != KindContext {
			t.Errorf("%s: impact but soort %s", ind.Code, ind.Kind)
		}
		// Demo targets for 2024-2026 are fictional and say so.
		for _, tg := range ind.Targets {
			if tg.Year >= 2024 && !strings.HasPrefix(tg.Reason, "(voorbeeld)") {
				t.Errorf("%s: target %d has reason %q, want it marked (voorbeeld)", ind.Code, tg.Year, tg.Reason)
			}
		}
		if _, ok := ind.Target(2026); !ok {
			t.Errorf("%s has no 2026 target", ind.Code)
		}
	}
	// The facts file: 7 budget prestatie-indicatoren and 6 operational
	// output and process indicators are beleidsindicatoren; mission and
	// strategic indicators, the tactical ones of 2020 (six goals, of which
	// seed 001 splits goals 1, 3 and 4 into two statements each: 9),
	// operational monitoring items.
	if kinds[KindPolicy] != 13 || kinds[KindContext] != 38 || levels["missie"] == 0 || levels["strategisch"] == 0 || levels["tactisch"] != 9 || levels["operationeel"] < 7+7 {
		t.Errorf("levels %v, kinds %v", levels, kinds)
	}
	wijken := 0
	for _, a := range reg.Areas {
		if strings.HasPrefix(a.Code, "WK0014") {
			wijken++
			if a.Parent != "GM0014" || a.Kind != "cbs" {
				t.Errorf("wijk %+v", a)
			}
		}
	}
	if wijken != 20 {
		t.Errorf("%d wijken, want 20", wijken)
	}
	if a, ok := reg.Area("WK001404"); !ok || a.Name != "Oosterparkwijk" {
		t.Errorf("WK001404 = %+v", a)
	}
	old, _ := reg.Area("groningen_oud")
	merged, _ := reg.Area("GM0014")
	if old == nil || merged == nil || !old.ValidIn(2018) || old.ValidIn(2019) || merged.ValidIn(2018) || !merged.ValidIn(2019) {
		t.Errorf("gemeente validity: oud %+v, 2019 %+v", old, merged)
	}
	for _, c := range []string{"ois_selwerd", "ois_paddepoel", "ois_tuinwijk", "ois_vinkhuizen"} {
		if a, ok := reg.Area(c); !ok || a.Kind != "eigen" {
			t.Errorf("area %s = %+v", c, a)
		}
	}
	vals, err := ReadValues("moeite_met_rondkomen.csv", bytes.NewReader(MoeiteMetRondkomenCSV()), reg)
	if err != nil {
		t.Fatalf("%v %v", err, perspectief.ErrorDetails(err))
	}
	if len(vals) != 16 {
		t.Errorf("%d values, want 16", len(vals))
	}
	if !bytes.Contains(WijkenGeoJSON(), []byte("8b3ab3c48d9293c61805f8e8633b392bf272f31e")) {
		t.Error("the shipped GeoJSON lost its source metadata")
	}
}

func TestRegisterValidate(t *testing.T) {
	src := `indicatoren:
  - {code: a, naam: A, type: output, soort: prestatie, niveau: operationeel, goede_richting: omhoog, streefwaarden: [{jaar: 2020, doel: getal}, {jaar: 2020, doel: stabiel}]}
  - {code: a, naam: "", type: x, soort: y, niveau: z, goede_richting: links}
  - {code: kaarten, naam: K, type: output, soort: prestatie, niveau: operationeel, goede_richting: omhoog}
gebieden:
  - {code: GM001, naam: X, soort: cbs, niveau: gemeente}
  - {code: eigen1, naam: Y, soort: eigen, niveau: wijk, ouder: nergens, geldig_vanaf: 2020, geldig_tot: 2019}
`
	_, err := ReadRegister("r.yaml", strings.NewReader(src))
	got := strings.Join(perspectief.ErrorDetails(err), "\n")
	for _, want := range []string{
		"indicatoren[0].streefwaarden[0].waarde: ontbreekt", "indicatoren[0].streefwaarden[1].jaar: 2020 heeft al",
		`indicatoren[1].code: "a" komt twee keer voor`, "indicatoren[1].naam: ontbreekt", "indicatoren[1].type", "indicatoren[1].soort",
		"indicatoren[1].niveau", "indicatoren[1].goede_richting", `gebieden[0].code: "GM001" is geen CBS-code`,
		"gebieden[1].geldig_tot", `gebieden[1].ouder: "nergens"`, `indicatoren[2].code: "kaarten" is gereserveerd`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	if _, err := ReadRegister("r.yaml", strings.NewReader("onbekend: 1\n")); err == nil {
		t.Error("an unknown field was accepted")
	}
}

func f(v float64) *float64 { return &v }

func TestVerdict(t *testing.T) {
	yv := func(y int, v float64) Value { return Value{Period: YearPeriod(y), Value: v} }
	series := []Value{yv(2014, 100), yv(2016, 0), yv(2018, 50), yv(2019, 100), yv(2020, 104), {Period: Period{Quarter, 2021, 1}, Value: 1}, yv(2021, 104), yv(2022, 96.8)}
	cases := []struct {
		name      string
		dir, unit string
		target    Target
		series    []Value
		status    Status
		expl      string
	}{
		{"increase met", Up, "aantal", Target{Year: 2020, Goal: Increase}, series, Met, "stijging gevraagd: 2020 ligt 4,0% boven 2019"},
		{"increase flat", Up, "aantal", Target{Year: 2021, Goal: Increase}, series, NotMet, "stijging gevraagd: 2021 is gelijk aan 2020"},
		{"increase fell", Up, "aantal", Target{Year: 2022, Goal: Increase}, series, NotMet, "stijging gevraagd: 2022 ligt 6,9% onder 2021"},
		{"decrease met", Down, "aantal", Target{Year: 2022, Goal: Decrease}, series, Met, "daling gevraagd: 2022 ligt 6,9% onder 2021"},
		{"stable default margin", None, "aantal", Target{Year: 2020, Goal: Stable}, series, Met, "stabiel gevraagd (hooguit 5,0% verschil): 2020 ligt 4,0% boven 2019"},
		{"stable tight margin", None, "aantal", Target{Year: 2020, Goal: Stable, Margin: 2}, series, NotMet, "stabiel gevraagd (hooguit 2,0% verschil): 2020 ligt 4,0% boven 2019"},
		{"previous is zero", Up, "aantal", Target{Year: 2018, Goal: Increase}, series, Met, "stijging gevraagd: 2018 is 50, 2016 was 0"},
		{"skip missing years", Up, "aantal", Target{Year: 2016, Goal: Decrease}, series, Met, "daling gevraagd: 2016 ligt 100,0% onder 2014"},
		{"no previous", Up, "aantal", Target{Year: 2014, Goal: Increase}, series, Unknown, "stijging gevraagd: er is geen eerdere meting om 2014 mee te vergelijken"},
		{"no value", Up, "aantal", Target{Year: 2023, Goal: Increase}, series, Unknown, "stijging gevraagd: voor 2023 is nog geen waarde bekend"},
		{"number within", Down, "procent", Target{Year: 2020, Goal: Number, Value: f(105), Margin: 1}, series, Met, "streefwaarde 105% (marge 1%): 2020 is 104%, binnen de marge"},
		{"number better", Down, "procent", Target{Year: 2022, Goal: Number, Value: f(100), Margin: 1}, series, Met, "streefwaarde 100% (marge 1%): 2022 is 96,8%, beter dan gevraagd"},
		{"number worse", Up, "aantal", Target{Year: 2022, Goal: Number, Value: f(1000)}, series, NotMet, "streefwaarde 1.000: 2022 is 96,8, buiten de marge"},
		{"suppressed is missing", Up, "aantal", Target{Year: 2020, Goal: Increase}, []Value{yv(2019, 1), {Period: YearPeriod(2020), Suppressed: true}}, Unknown, "voor 2020 is nog geen waarde bekend"},
	}
	for _, c := range cases {
		ind := Indicator{Direction: c.dir, Unit: c.unit, Targets: []Target{c.target}}
		v := ind.Verdict(c.target.Year, c.series)
		if v.Status != c.status || !strings.HasSuffix(v.Explanation, c.expl) {
			t.Errorf("%s: %s, %q\nwant %s, %q", c.name, v.Status, v.Explanation, c.status, c.expl)
		}
	}
	ind := Indicator{}
	if v := ind.Verdict(2020, series); v.Status != Unknown || v.Explanation != "geen streefwaarde voor 2020" {
		t.Errorf("no target: %+v", v)
	}
}

func TestFormatNumber(t *testing.T) {
	for v, want := range map[float64]string{0: "0", 12.34: "12,3", 2380: "2.380", 1234567.89: "1.234.567,9", -4.05: "-4,1", -0.01: "0", 15: "15"} {
		if got := FormatNumber(v, false); got != want {
			t.Errorf("FormatNumber(%v) = %q, want %q", v, got, want)
		}
	}
}

func TestPeriodOfKey(t *testing.T) {
	for _, s := range []string{"2024", "2024-T1", "2024-T2", "2024-T3", "2024-Q1", "2024-Q4", "2024-01", "2024-12", "1900", "2199-12"} {
		p, _ := ParsePeriod(s)
		back, ok := PeriodOfKey(p.Key())
		if !ok || back != p {
			t.Errorf("PeriodOfKey(%d) = %v, %v; want %s", p.Key(), back, ok, s)
		}
	}
	// 2024001: kind 1 (year) but month 0; 2024062: no tertial starts in June.
	for _, k := range []int{0, 2024001, 2024062, 2024139, 2024010, 2024000} {
		if p, ok := PeriodOfKey(k); ok {
			t.Errorf("PeriodOfKey(%d) = %v, want no period", k, p)
		}
	}
}
