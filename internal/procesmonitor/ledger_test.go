package procesmonitor

import (
	"slices"
	"strings"
	"testing"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/programme"
)

// withInterventions is small() with an intervention on each line.
func withInterventions() *programme.Model {
	m := small()
	m.Interventions = []programme.Intervention{{Code: "I1", Line: "L1", Title: "Eerste"}, {Code: "I2", Line: "L2", Title: "Tweede"}}
	return m
}

func TestCheckLedgerCode(t *testing.T) {
	m := withInterventions()
	c, fe := CheckLedgerCode(m, LedgerInput{Code: " kp4410/6340100 ", Target: "X", Intervention: "I1", Note: "schuldhulp"})
	if len(fe) != 0 || c.Code != "KP4410/6340100" || c.Target != "X" || c.Intervention != "I1" {
		t.Fatalf("valid mapping: %+v %v", c, fe)
	}
	if _, fe := CheckLedgerCode(m, LedgerInput{Code: "6340100", Target: "L2"}); len(fe) != 0 {
		t.Fatalf("a line without intervention is a valid destination: %v", fe)
	}
	cases := []struct {
		in         LedgerInput
		path, want string
	}{
		{LedgerInput{Target: "X"}, "code", "vul de code"},
		{LedgerInput{Code: "63 40", Target: "X"}, "code", "zonder spaties"},
		{LedgerInput{Code: strings.Repeat("1", 41), Target: "X"}, "code", "langer dan 40"},
		{LedgerInput{Code: "x", Target: "X"}, "code", "al een code van de begroting"},
		{LedgerInput{Code: "6340100"}, "bestemming", "kies de post"},
		{LedgerInput{Code: "6340100", Target: "L9"}, "bestemming", "geen post"},
		{LedgerInput{Code: "6340100", Target: "X", Intervention: "I9"}, "interventie", "bestaat niet"},
		{LedgerInput{Code: "6340100", Target: "X", Intervention: "I2"}, "interventie", "andere programmalijn"},
		{LedgerInput{Code: "6340100", Target: "L2", Note: strings.Repeat("a", 301)}, "toelichting", "langer dan 300"},
	}
	for _, tc := range cases {
		_, fe := CheckLedgerCode(m, tc.in)
		if len(fe) != 1 || fe[0].Path != tc.path || !strings.Contains(fe[0].Message, tc.want) {
			t.Errorf("%+v: %v, want one error at %s saying %q", tc.in, fe, tc.path, tc.want)
		}
	}
}

func TestMappingResolve(t *testing.T) {
	m := withInterventions()
	mp := NewMapping(m, []LedgerCode{
		{Code: "6340100", Target: "X", Intervention: "I1"},
		{Code: "KP4410", Target: "L2"},
		{Code: "KP4410/6340100", Target: "Y", Intervention: "I2"},
		{Code: "7000000", Target: "GONE"},                    // its item left the budget
		{Code: "7100000", Target: "Y", Intervention: "GONE"}, // its intervention stopped
	})
	cases := []struct {
		code string
		want Destination
		ok   bool
	}{
		{"x", Destination{Target: "X"}, true}, // a budget code, any case
		{"6340100", Destination{Target: "X", Intervention: "I1", Ledger: "6340100"}, true},
		{"kp4410/6340100", Destination{Target: "Y", Intervention: "I2", Ledger: "KP4410/6340100"}, true}, // the combination wins
		{"KP4410/6999999", Destination{Target: "L2", Ledger: "KP4410/6999999"}, true},                    // by kostenplaats
		{"KP9999/6340100", Destination{Target: "X", Intervention: "I1", Ledger: "KP9999/6340100"}, true}, // by grootboekrekening
		{"KP9999/6999999", Destination{}, false},
		{"7000000", Destination{}, false},
		{"7100000", Destination{Target: "Y", Ledger: "7100000"}, true},
	}
	for _, tc := range cases {
		got, ok := mp.Resolve(tc.code)
		if ok != tc.ok || got != tc.want {
			t.Errorf("Resolve(%q) = %+v %v, want %+v %v", tc.code, got, ok, tc.want, tc.ok)
		}
	}
}

func TestReadSpendingListsUnmapped(t *testing.T) {
	mp := NewMapping(withInterventions(), []LedgerCode{{Code: "6340100", Target: "X", Intervention: "I1"}})
	src := header +
		"2025-01-10,6340100,100,Training,R1\n" +
		"2025-01-11,6340200,20.50,Zaal,R2\n" +
		"2025-01-12,Y,5,Koffie,R3\n" +
		"2025-01-13,6340200,-0.50,Correctie,R4\n" +
		"2025-01-14,KP1/GB1,7,Drukwerk,R5\n"
	f, err := ReadSpending("uitgaven.csv", strings.NewReader(src), mp.Resolve, day("2025-06-30"))
	if err != nil {
		t.Fatal(err, perspectief.ErrorDetails(err))
	}
	if len(f.Bookings) != 2 || f.Bookings[0].Target != "X" || f.Bookings[0].Intervention != "I1" || f.Bookings[0].Code != "6340100" ||
		f.Bookings[1].Target != "Y" || f.Bookings[1].Code != "" {
		t.Fatalf("bookings: %+v", f.Bookings)
	}
	want := []Unmapped{{Code: "6340200", Lines: []int{3, 5}, Count: 2, Cents: 2000}, {Code: "KP1/GB1", Lines: []int{6}, Count: 1, Cents: 700}}
	if len(f.Unmapped) != 2 {
		t.Fatalf("unmapped: %+v", f.Unmapped)
	}
	for i, u := range f.Unmapped {
		if u.Code != want[i].Code || !slices.Equal(u.Lines, want[i].Lines) || u.Count != want[i].Count || u.Cents != want[i].Cents {
			t.Errorf("unmapped %d: %+v, want %+v", i, u, want[i])
		}
	}
	// Other problems still refuse the whole file, naming the unmapped codes
	// too; a bad line is not also listed as unmapped.
	_, err = ReadSpending("uitgaven.csv", strings.NewReader(src+"2025-01-15,6340200,12x,Fout,R6\n"), mp.Resolve, day("2025-06-30"))
	if d := perspectief.ErrorDetails(err); len(d) != 4 || !strings.HasPrefix(d[0], "uitgaven.csv:7: bedrag:") ||
		!strings.HasPrefix(d[1], `uitgaven.csv:3: lijn_of_post: "6340200" is geen post`) || !strings.HasPrefix(d[3], `uitgaven.csv:6: lijn_of_post: "KP1/GB1"`) {
		t.Fatalf("bad amount on an unmapped line: %v %v", err, d)
	}
	// The strict reader (CLI, API) refuses the unmapped code.
	_, err = ReadBookings("uitgaven.csv", strings.NewReader(src), func(s string) (string, bool) {
		d, ok := mp.Resolve(s)
		return d.Target, ok
	}, day("2025-06-30"))
	if d := perspectief.ErrorDetails(err); len(d) != 3 || !strings.Contains(d[0], `uitgaven.csv:3: lijn_of_post: "6340200" is geen post`) {
		t.Fatalf("strict: %v", d)
	}
}

func TestPerIntervention(t *testing.T) {
	ivs := withInterventions().Interventions
	bs := []Booking{
		{Intervention: "I2", Cents: 100}, {Intervention: "", Cents: 5}, {Intervention: "I2", Cents: -20},
		{Intervention: "OLD", Cents: 7}, // an intervention no longer in the programme
	}
	got := PerIntervention(ivs, bs)
	want := []InterventionSpending{{Intervention: "I2", Count: 2, Cents: 80}, {Intervention: "", Count: 2, Cents: 12}}
	if !slices.Equal(got, want) {
		t.Fatalf("got %+v, want %+v", got, want)
	}
}

// FuzzReadSpending: whatever the file, the lenient reader refuses with
// details or returns bookings that resolve and unmapped codes that do not,
// each booking line counted once.
func FuzzReadSpending(f *testing.F) {
	f.Add(header + "2025-03-14,6340100,1234.56,Flyers,FA-1\n2025-03-14,KP1/9,1,x,FA-2\n")
	f.Add("boekdatum;lijn_of_post;bedrag;omschrijving;referentie\n14-03-2025;onbekend;-1,5;\"a;b\";R\n")
	f.Add(header + "2025-01-01,L1,1,,R1\n2025-01-01,zz,1,,R1\n")
	m := withInterventions()
	mp, targets := NewMapping(m, []LedgerCode{{Code: "6340100", Target: "X", Intervention: "I1"}, {Code: "KP1", Target: "L2"}}), Targets(m)
	f.Fuzz(func(t *testing.T, src string) {
		sf, err := ReadSpending("u.csv", strings.NewReader(src), mp.Resolve, day("2025-06-30"))
		if err != nil {
			if perspectief.ErrorCode(err) != perspectief.CodeInvalid || len(perspectief.ErrorDetails(err)) == 0 {
				t.Fatalf("refusal without details: %v", err)
			}
			return
		}
		for _, b := range sf.Bookings {
			if _, ok := targets[b.Target]; !ok {
				t.Fatalf("booking with an unknown target: %+v", b)
			}
		}
		lines := map[int]bool{}
		for _, u := range sf.Unmapped {
			if _, ok := mp.Resolve(u.Code); ok || u.Count == 0 || len(u.Lines) == 0 || len(u.Lines) > u.Count {
				t.Fatalf("unmapped code wrong: %+v", u)
			}
			for _, l := range u.Lines {
				if lines[l] {
					t.Fatalf("line %d counted twice", l)
				}
				lines[l] = true
			}
		}
	})
}
