package eligibility

import (
	"strings"
	"testing"
	"time"
)

// testEnv declares a few facts and parameters for evaluator tests.
var testFacts = []Fact{
	{Name: "n", Type: FactNumber},
	{Name: "k", Type: FactInt},
	{Name: "b", Type: FactBool},
	{Name: "type", Type: FactEnum, Choices: []Choice{{Value: "alleenstaand"}, {Value: "eenouder"}, {Value: "paar_met_kinderen"}}},
	{Name: "aow", Type: FactBool},
	{Name: "minderjarigen", Type: FactInt},
}

func testEnv() Env {
	return Env{
		Fact: func(name string) (Fact, bool) {
			for _, f := range testFacts {
				if f.Name == name {
					return f, true
				}
			}
			return Fact{}, false
		},
		FactIndex: func(name string) int {
			for i, f := range testFacts {
				if f.Name == name {
					return i
				}
			}
			return -1
		},
		ParamIndex: func(name string) int {
			return map[string]int{"grens": 0, "aan": 1}[name]
		},
		Param: func(name string) (Type, bool) {
			switch name {
			case "grens":
				return TNumber, true
			case "aan":
				return TBool, true
			}
			return 0, false
		},
	}
}

func evalString(t *testing.T, src string, facts map[string]Value) Value {
	t.Helper()
	n, err := parseExpr(src, testEnv(), 0)
	if err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	h := make([]Value, len(testFacts))
	for i, f := range testFacts {
		h[i] = facts[f.Name]
	}
	ctx := evalCtx{facts: h, params: []Value{Num(120), Bool(true)}, year: 2025,
		norm: func(year int, ty string, aow bool, minors int) (float64, bool) {
			return 1000 + float64(minors)*100, true
		},
		slots: &[3]int{3, 4, 5}}
	return ctx.eval(n)
}

func TestEval(t *testing.T) {
	known := map[string]Value{"n": Num(50), "k": Num(3), "b": Bool(true), "type": Str("eenouder"), "aow": Bool(false), "minderjarigen": Num(2)}
	tests := []struct {
		src  string
		want Value
	}{
		{"1 + 2 * 3", Num(7)},
		{"(1 + 2) * 3", Num(9)},
		{"10 - 4 - 3", Num(3)},
		{"12 / 4 / 3", Num(1)},
		{"-n + 1", Num(-49)},
		{"- - 2", Num(2)},
		{"n <= 50", Bool(true)},
		{"n < 50", Bool(false)},
		{"n >= 50.5", Bool(false)},
		{"n > 49.99", Bool(true)},
		{"n == 50 and k != 4", Bool(true)},
		{"not b or n == 1", Bool(false)},
		{"not not b", Bool(true)},
		{"type == \"eenouder\"", Bool(true)},
		{"type in [\"alleenstaand\", \"eenouder\"]", Bool(true)},
		{"k in [1, 2]", Bool(false)},
		{"grens / 100 * norm()", Num(1.2 * 1200)},
		{"min(n, k) + max(n, k)", Num(53)},
		{"aan and true", Bool(true)},
		{"false or b", Bool(true)},
		{"1 / 0 == 1", Value{}}, // division by zero cannot decide
		{"b == true", Bool(true)},
	}
	for _, tt := range tests {
		if got := evalString(t, tt.src, known); got != tt.want {
			t.Errorf("%s = %+v, want %+v", tt.src, got, tt.want)
		}
	}
}

func TestEvalUnknown(t *testing.T) {
	// Only n is known (50); everything else is unknown.
	facts := map[string]Value{"n": Num(50)}
	tests := []struct {
		src  string
		want Value
	}{
		{"b", Value{}},
		{"not b", Value{}},
		{"k + 1 > 0", Value{}},
		{"b and n > 100", Bool(false)}, // false absorbs unknown
		{"n > 100 and b", Bool(false)},
		{"b or n < 100", Bool(true)}, // true absorbs unknown
		{"b or n > 100", Value{}},
		{"b and n < 100", Value{}},
		{"norm() > 0", Value{}}, // type, aow, minderjarigen unknown
		{"type in [\"eenouder\"]", Value{}},
		{"min(n, k)", Value{}},
	}
	for _, tt := range tests {
		if got := evalString(t, tt.src, facts); got != tt.want {
			t.Errorf("%s = %+v, want %+v", tt.src, got, tt.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{"", "te vroeg op"},
		{"inkomn < 3", "onbekende naam \"inkomn\""},
		{"n <", "te vroeg op"},
		{"n < 3 <= 4", "haakjes"},
		{"(n < 3", "verwacht \")\""},
		{"n + b", "rekent alleen met getallen"},
		{"b < 3", "vergelijkt"},
		{"b < true", "alleen op getallen"},
		{"n and b", "ja/nee"},
		{"not n", "ja/nee"},
		{"-b", "getal"},
		{"type == \"alleen\"", "geen keuze"},
		{"type in [\"eenouder\", \"stel\"]", "geen keuze"},
		{"type in [1]", "verwacht een tekst"},
		{"k in []", "alleen getallen of teksten"},
		{"foo()", "onbekende functie"},
		{"min(1)", "verwacht 2 argumenten"},
		{"min(b, 1) > 0", "alleen met getallen"},
		{"n ; 1", "onbekend teken"},
		{"\"open", "aanhalingsteken"},
		{"1.", "cijfer"},
		{"1 2", "onverwacht"},
		{"n", "geeft een getal, verwacht een ja/nee"},
		{strings.Repeat("(", 50) + "b" + strings.Repeat(")", 50), "dieper genest"},
		{strings.Repeat("not ", 60) + "b", "dieper genest"},
		{strings.Repeat("n + ", 500) + "1 > 0", "langer dan"},
		{strings.Repeat("1 + ", 300) + "1 > 0", "meer dan"},
		{"99999999999999999 > 1", "ongeldig getal"},
	}
	for _, tt := range tests {
		_, err := parseExpr(tt.src, testEnv(), TBool)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: error %v, want it to contain %q", tt.src, err, tt.want)
		}
	}
}

func TestNormNeedsItsFacts(t *testing.T) {
	env := testEnv()
	inner := env.Fact
	env.Fact = func(name string) (Fact, bool) {
		if name == "aow" {
			return Fact{}, false
		}
		return inner(name)
	}
	if _, err := parseExpr("norm() > 0", env, TBool); err == nil || !strings.Contains(err.Error(), "\"aow\"") {
		t.Fatalf("got %v", err)
	}
}

func TestFormatNumber(t *testing.T) {
	for _, tt := range []struct {
		v    float64
		lang string
		want string
	}{
		{3800, "nl", "3.800"}, {3800, "en", "3,800"}, {12.5, "nl", "12,5"}, {1459.94, "nl", "1.459,94"},
		{120, "nl", "120"}, {-2, "nl", "-2"}, {1234567, "en", "1,234,567"},
	} {
		if got := FormatNumber(tt.v, tt.lang); got != tt.want {
			t.Errorf("FormatNumber(%v, %s) = %q, want %q", tt.v, tt.lang, got, tt.want)
		}
	}
}

func TestDecideReasonAndVersion(t *testing.T) {
	set, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	sc, _ := set.Scheme("stadjerspas")
	h := set.NewHousehold()
	for name, v := range map[string]Value{"type": Str("alleenstaand"), "aow": Bool(false), "minderjarigen": Num(0), "inkomen": Num(1e6)} {
		if err := set.SetFact(h, name, v); err != nil {
			t.Fatal(err)
		}
	}
	d := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	r := set.Decide(sc, d, h)
	// studiefinanciering is unknown, but the income already fails: nee,
	// with the income sentence and the limit filled in.
	if r.Outcome != Nee || !strings.Contains(r.Reason.NL, "120%") || r.Version != "2025.2" {
		t.Fatalf("got %+v", r)
	}
	if err := set.SetFact(h, "inkomn", Num(1)); err == nil {
		t.Fatal("unknown fact accepted")
	}
	if err := set.SetFact(h, "inkomen", Bool(true)); err == nil {
		t.Fatal("wrong type accepted")
	}
}
