package eligibility

import (
	"fmt"
	"io/fs"
	"sort"
	"time"
)

// Case is one test household from a test-case file: facts on a date and the
// outcome expected per scheme. The format is documented in
// internal/eligibility/rules/README.md; the cases ship beside the rules so that a beheerder who
// changes a rule changes its tests in the same place.
type Case struct {
	Name string
	File string
	Line int
	Date time.Time
	// IncomePct, when set, gives inkomen as a percentage of the household's
	// social minimum on Date, computed as pct / 100 * norm() exactly as the
	// rules write it, so that a case at 120 sits exactly on a 120% limit.
	IncomePct *float64
	Facts     map[string]string
	Expect    map[string]Outcome
}

type casesFile struct {
	Format int        `yaml:"formaat"`
	Cases  []caseYAML `yaml:"gevallen"`
}

type caseYAML struct {
	Name      lstr            `yaml:"naam"`
	Like      lstr            `yaml:"zoals"`
	Date      lstr            `yaml:"datum"`
	IncomePct *float64        `yaml:"inkomen_pct"`
	Facts     map[string]lstr `yaml:"feiten"`
	Expect    map[string]lstr `yaml:"verwacht"`
}

// LoadCases reads every test-case file (testcases*.yaml) of a rule
// directory and checks it against the set: unknown facts, schemes, outcomes
// or bad values are errors, so a typo cannot make a test pass vacuously.
func (s *Set) LoadCases(fsys fs.FS) ([]Case, error) {
	names, err := fs.Glob(fsys, "testcases*.yaml")
	if err != nil {
		return nil, err
	}
	var out []Case
	var problems []string
	for _, n := range names {
		data, err := readLimited(fsys, n)
		if err != nil {
			return nil, err
		}
		l := &loader{file: n}
		cs := s.parseCases(l, data)
		problems = append(problems, l.problems...)
		out = append(out, cs...)
	}
	if len(problems) > 0 {
		return nil, &LoadError{Problems: problems}
	}
	return out, nil
}

func (s *Set) parseCases(l *loader, data []byte) []Case {
	var cf casesFile
	if !decodeStrict(l, data, &cf) {
		return nil
	}
	if cf.Format != FormatVersion {
		l.add(1, "formaat", "formaat %d wordt niet ondersteund, verwacht %d", cf.Format, FormatVersion)
	}
	byName := map[string]*Case{}
	var out []Case
	for i, cy := range cf.Cases {
		field := fmt.Sprintf("gevallen[%d]", i)
		c := Case{Name: cy.Name.V, File: l.file, Line: cy.Name.Line, Facts: map[string]string{}, Expect: map[string]Outcome{}}
		if c.Name == "" || byName[c.Name] != nil {
			l.add(max(cy.Name.Line, 1), field+".naam", "lege of dubbele naam %q", c.Name)
			continue
		}
		if cy.Like.V != "" {
			base, ok := byName[cy.Like.V]
			if !ok {
				l.add(cy.Like.Line, field+".zoals", "geen eerder geval %q", cy.Like.V)
				continue
			}
			c.Date, c.IncomePct = base.Date, base.IncomePct
			for k, v := range base.Facts {
				c.Facts[k] = v
			}
		}
		if cy.Date.V != "" || cy.Like.V == "" {
			d, ok := parseDate(l, cy.Date, field+".datum", true)
			if !ok {
				continue
			}
			c.Date = d
		}
		if cy.IncomePct != nil {
			c.IncomePct = cy.IncomePct
		}
		for k, v := range cy.Facts {
			f, ok := s.facts[k]
			if !ok {
				l.add(v.Line, field+".feiten."+k, "onbekend feit")
				continue
			}
			if _, err := f.ParseValue(v.V); err != nil {
				l.add(v.Line, field+".feiten."+k, "%v", err)
				continue
			}
			c.Facts[k] = v.V
		}
		for k, v := range cy.Expect {
			if _, ok := s.Scheme(k); !ok {
				l.add(v.Line, field+".verwacht."+k, "onbekende regeling")
				continue
			}
			switch o := Outcome(v.V); o {
			case Ja, Nee, Onbekend:
				c.Expect[k] = o
			default:
				l.add(v.Line, field+".verwacht."+k, "%q is geen uitkomst (ja, nee of onbekend)", v.V)
			}
		}
		if len(c.Expect) == 0 {
			l.add(max(cy.Name.Line, 1), field+".verwacht", "geen verwachte uitkomst")
		}
		out = append(out, c)
		byName[c.Name] = &out[len(out)-1]
	}
	return out
}

// Household builds the facts of a case. When IncomePct is set and the norm
// is unknown (a fact of norm() missing), inkomen stays unknown.
func (s *Set) Household(c Case) (Household, error) {
	h := s.NewHousehold()
	keys := make([]string, 0, len(c.Facts))
	for k := range c.Facts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		f := s.facts[k]
		if f == nil {
			return nil, fmt.Errorf("%s: onbekend feit %q", c.Name, k)
		}
		v, err := f.ParseValue(c.Facts[k])
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %v", c.Name, k, err)
		}
		h[f.slot] = v
	}
	if c.IncomePct != nil {
		if f, ok := s.facts["inkomen"]; ok {
			ctx := evalCtx{facts: h, year: c.Date.Year(), norm: s.norm, slots: &s.slots}
			n := ctx.call(&node{kind: nCall, name: "norm"})
			if n.Known() {
				h[f.slot] = Num(*c.IncomePct / 100 * n.num)
			}
		}
	}
	return h, nil
}

// CheckCases runs test cases and returns one line per expectation that does
// not hold, in the FILE:LINE form of the loader, with the reason the rules
// gave.
func (s *Set) CheckCases(cases []Case) []string {
	var out []string
	for _, c := range cases {
		h, err := s.Household(c)
		if err != nil {
			out = append(out, fmt.Sprintf("%s:%d: %s: %v", c.File, c.Line, c.Name, err))
			continue
		}
		codes := make([]string, 0, len(c.Expect))
		for code := range c.Expect {
			codes = append(codes, code)
		}
		sort.Strings(codes)
		for _, code := range codes {
			want := c.Expect[code]
			sc, ok := s.SchemeOn(code, c.Date)
			if !ok {
				out = append(out, fmt.Sprintf("%s:%d: %s: %s geldt niet op %s", c.File, c.Line, c.Name, code, c.Date.Format("2006-01-02")))
				continue
			}
			if !sc.InForce(c.Date) {
				out = append(out, fmt.Sprintf("%s:%d: %s: %s geldt niet op %s", c.File, c.Line, c.Name, code, c.Date.Format("2006-01-02")))
				continue
			}
			if got := s.Decide(sc, c.Date, h); got.Outcome != want {
				out = append(out, fmt.Sprintf("%s:%d: %s: %s is %s (%s), verwacht %s", c.File, c.Line, c.Name, code, got.Outcome, got.Reason.NL, want))
			}
		}
	}
	return out
}
