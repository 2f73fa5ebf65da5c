package eligibility

import (
	"bytes"
	"errors"
	"regexp"
	"testing"
	"time"
)

// FuzzExpr parses arbitrary text as a condition and, when it parses,
// evaluates it with all facts unknown and with all facts known: neither may
// panic, and a result must have the type the checker promised.
func FuzzExpr(f *testing.F) {
	set, err := Default()
	if err != nil {
		f.Fatal(err)
	}
	for _, sc := range set.Schemes {
		for _, c := range sc.Conditions {
			f.Add(c.Source)
		}
	}
	for _, s := range []string{"1 + 2 * 3 > n", "not (b or k in [1, 2])", "type in [\"eenouder\"]", "min(n, 1) / 0 > 0",
		"-(-(n)) >= grens / 100 * norm()", "\"a\" == \"b\"", "1.5e3", "((((b))))", "aan and not aan"} {
		f.Add(s)
	}
	known := make([]Value, len(testFacts))
	for i, fct := range testFacts {
		switch fct.Type {
		case FactNumber, FactInt:
			known[i] = Num(float64(i) + 0.5)
		case FactBool:
			known[i] = Bool(i%2 == 0)
		case FactEnum:
			known[i] = Str(fct.Choices[0].Value)
		}
	}
	f.Fuzz(func(t *testing.T, src string) {
		n, err := parseExpr(src, testEnv(), 0)
		if err != nil {
			var ee *ExprError
			if !errors.As(err, &ee) || ee.Pos < 0 || ee.Pos > len(src) {
				t.Fatalf("%q: bad error %v", src, err)
			}
			return
		}
		for _, facts := range [][]Value{make([]Value, len(testFacts)), known} {
			ctx := evalCtx{facts: facts, params: []Value{Num(120), Bool(true)}, year: 2025,
				norm: DefaultNorm, slots: &[3]int{3, 4, 5}}
			v := ctx.eval(n)
			if v.Known() && v.typ != n.typ {
				t.Fatalf("%q: value of type %v, checker said %v", src, v.typ, n.typ)
			}
		}
	})
}

var problemLine = regexp.MustCompile(`^[^:]+\.yaml:\d+: [^:]+: .+`)

// checkProblems fails unless err lists problems in the FILE:LINE: field:
// reason form.
func checkProblems(t *testing.T, err error) {
	t.Helper()
	var le *LoadError
	if !errors.As(err, &le) || len(le.Problems) == 0 {
		t.Fatalf("not a LoadError: %v", err)
	}
	for _, p := range le.Problems {
		if !problemLine.MatchString(p) {
			t.Fatalf("problem not in FILE:LINE: field: reason form: %q", p)
		}
	}
}

// FuzzRuleFile loads arbitrary bytes as a scheme file next to the shipped
// fact catalogue: it must either load or fail with FILE:LINE: field: reason
// problems, never panic; a loaded scheme must evaluate without panicking.
func FuzzRuleFile(f *testing.F) {
	facts, files := shippedFiles(f)
	for _, b := range files {
		f.Add(b)
	}
	f.Add([]byte(minimalScheme))
	f.Add([]byte("formaat: 1\n"))
	f.Add([]byte("{{{"))
	f.Add([]byte("voorwaarden: [{als: 1}]"))
	base, err := Default()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		// As a new version loaded by a beheerder: the same checks, and a
		// version that loads must load again from the store.
		if sc, err := base.ParseVersion("v.yaml", data); err != nil {
			checkProblems(t, err)
		} else {
			more, err := base.WithVersions([]StoredVersion{{ID: 1, Code: sc.Code, Version: sc.Version, File: "v.yaml", Content: data}})
			if err != nil {
				t.Fatalf("a version that loaded does not load from the store: %v", err)
			}
			for _, d := range []time.Time{sc.Valid.From, time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)} {
				for _, r := range more.Evaluate(d, more.NewHousehold()) {
					if r.Outcome != Ja && r.Outcome != Nee && r.Outcome != Onbekend {
						t.Fatalf("outcome %q", r.Outcome)
					}
				}
			}
		}
		set, err := Parse(facts, map[string][]byte{"x.yaml": data}, DefaultNorm)
		if err != nil {
			checkProblems(t, err)
			return
		}
		h := set.NewHousehold()
		for _, d := range []time.Time{time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC), time.Date(1999, 1, 1, 0, 0, 0, 0, time.UTC)} {
			for _, r := range set.Evaluate(d, h) {
				if r.Outcome != Ja && r.Outcome != Nee && r.Outcome != Onbekend {
					t.Fatalf("outcome %q", r.Outcome)
				}
			}
		}
	})
}

// FuzzReadPanel feeds arbitrary bytes to the batch run's panel reader: it
// must return a panel or a FILE:LINE: COLUMN: reason error, never panic.
func FuzzReadPanel(f *testing.F) {
	set, err := Default()
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte(panelHeader + ",vermogen\n2025,a,BU00140100,alleenstaand,1,0,0,werk,1000.5,,12\n"))
	f.Add([]byte(panelHeader + "\n2025,a,BU00140100,alleenstaand,1,0,0,werk,1,student\n2024,a,BU00140100,eenouder,2,1,1,pensioen,-5,\n"))
	f.Add([]byte("\"unterminated\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := set.ReadPanel("p.csv", bytes.NewReader(data), nil)
		if err != nil {
			var pe *PanelError
			if !errors.As(err, &pe) || pe.Line < 1 || pe.Column == "" {
				t.Fatalf("bad error %v", err)
			}
			return
		}
		d := time.Date(p.Year, 12, 31, 0, 0, 0, 0, time.UTC)
		rows, _ := set.Reach(p, Usage{}, d, ReachOptions{MinCell: 1})
		if len(p.Households) > 0 && len(set.InForce(d)) > 0 && len(rows) == 0 {
			t.Fatal("households but no rows")
		}
	})
}
