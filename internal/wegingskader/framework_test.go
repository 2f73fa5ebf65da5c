package wegingskader

import (
	"bytes"
	"strings"
	"testing"

	"github.com/perspectief/perspectief"
)

func TestDefaultFramework(t *testing.T) {
	f := Default()
	var codes []string
	for _, c := range f.Criteria {
		codes = append(codes, c.Code)
		if c.Min() != 0 || c.Max() != 3 {
			t.Errorf("criterion %s: scale %d-%d, want 0-3", c.Code, c.Min(), c.Max())
		}
		if _, ok := f.Group(c.Group); !ok {
			t.Errorf("criterion %s: group %q missing", c.Code, c.Group)
		}
	}
	if got := strings.Join(codes, " "); got != "1a 1b 1c 1d 1e 1f 2 3 4" {
		t.Errorf("criteria %s, want 1a-f, 2, 3, 4 as in the plan", got)
	}
	c, _ := f.Criterion("3")
	if !strings.Contains(c.Question, "gezinnen met minderjarige kinderen") || !strings.Contains(c.Meaning(3), "kinderen") {
		t.Errorf("criterion 3 lost its question: %q / %q", c.Question, c.Meaning(3))
	}
	if f.TotalWeight() != 13 {
		t.Errorf("total weight %v, want 6x1 + 2 + 3 + 2 = 13", f.TotalWeight())
	}
}

const smallFramework = `perspectief_wegingskader: 1
kader:
  naam: Klein
  groepen:
    - {code: "1", titel: Een}
  criteria:
    - code: 1a
      groep: "1"
      titel: Eerste
      vraag: Is het goed?
      gewicht: 1
      schaal:
        - {score: 0, betekenis: nee}
        - {score: 1, betekenis: ja}
`

func TestReadFrameworkRefusesWithLineAndField(t *testing.T) {
	cases := []struct {
		name    string
		replace [2]string
		want    []string
	}{
		{"unknown group", [2]string{`groep: "1"`, `groep: "9"`}, []string{"k.yaml:8: kader.criteria[0].groep", `groep "9" bestaat niet`}},
		{"scale gap", [2]string{"{score: 1, betekenis: ja}", "{score: 3, betekenis: ja}"}, []string{"k.yaml:14: kader.criteria[0].schaal[1].score", "volgt niet op 0"}},
		{"one level", [2]string{"        - {score: 1, betekenis: ja}\n", ""}, []string{"k.yaml:12: kader.criteria[0].schaal", "2 tot en met 11"}},
		{"negative weight", [2]string{"gewicht: 1", "gewicht: -2"}, []string{"k.yaml:11: kader.criteria[0].gewicht", "0 tot en met 100"}},
		{"no question", [2]string{"vraag: Is het goed?", "vraag: ''"}, []string{"k.yaml:10: kader.criteria[0].vraag", "de vraag ontbreekt"}},
		{"unknown field", [2]string{"titel: Eerste", "titel: Eerste\n      kleur: rood"}, []string{"k.yaml:10:", "kleur"}},
		{"wrong type", [2]string{"gewicht: 1", "gewicht: veel"}, []string{"k.yaml:11:", "veel"}},
		{"format", [2]string{"perspectief_wegingskader: 1", "perspectief_wegingskader: 7"}, []string{"k.yaml:1: perspectief_wegingskader", "formaatversie 7"}},
		{"all weights zero", [2]string{"gewicht: 1", "gewicht: 0"}, []string{"kader.criteria", "alle gewichten zijn 0"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := strings.Replace(smallFramework, c.replace[0], c.replace[1], 1)
			if src == smallFramework {
				t.Fatalf("%q not found", c.replace[0])
			}
			_, err := ReadFramework("k.yaml", strings.NewReader(src))
			if perspectief.ErrorCode(err) != perspectief.CodeInvalid {
				t.Fatalf("err %v, want invalid", err)
			}
			all := strings.Join(perspectief.ErrorDetails(err), "\n")
			for _, w := range c.want {
				if !strings.Contains(all, w) {
					t.Errorf("details lack %q:\n%s", w, all)
				}
			}
		})
	}
	if _, err := ReadFramework("k.yaml", strings.NewReader(smallFramework)); err != nil {
		t.Fatalf("the good file is refused: %v", err)
	}
}

func FuzzReadFramework(f *testing.F) {
	f.Add([]byte(smallFramework))
	f.Add(DefaultSource())
	f.Add([]byte("perspectief_wegingskader: 1\nkader: {naam: x, criteria: [{code: a, schaal: [{score: 2}]}]}"))
	f.Add([]byte("- [1, 2"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fw, err := ReadFramework("f.yaml", bytes.NewReader(data))
		if err != nil {
			if perspectief.ErrorCode(err) != perspectief.CodeInvalid {
				t.Fatalf("a bad file gives a non-invalid error: %v", err)
			}
			for _, d := range perspectief.ErrorDetails(err) {
				if !strings.HasPrefix(d, "f.yaml:") {
					t.Fatalf("detail without file and line: %q", d)
				}
			}
			return
		}
		// What is accepted is usable: every scale has levels and a
		// positive total weight.
		if fw.TotalWeight() <= 0 {
			t.Fatal("accepted a framework without weight")
		}
		for _, c := range fw.Criteria {
			_ = c.Max() - c.Min()
		}
	})
}

func TestParseEuros(t *testing.T) {
	good := map[string]int64{"12500": 12500, "12.500": 12500, "€ 12.500": 12500, "12 500": 12500, "€12.500,00": 12500, "12.500,-": 12500, "0": 0, " 7 ": 7, "1.000.000.000": MaxAmount}
	for in, want := range good {
		got, err := ParseEuros(in)
		if err != nil || got != want {
			t.Errorf("ParseEuros(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	bad := map[string]string{"": "vul een bedrag in", "-5": "negatief", "12,50": "centen", "twaalf": "geen bedrag", ".500": "geen bedrag", "1.000.000.001": "meer dan", "12,": "geen bedrag", "€": "vul een bedrag in"}
	for in, want := range bad {
		if _, err := ParseEuros(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseEuros(%q): err %v, want %q", in, err, want)
		}
	}
}

func FuzzParseEuros(f *testing.F) {
	for _, s := range []string{"12500", "€ 12.500,00", "12 500", "-1", "1,5", "9999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseEuros(s)
		if err != nil {
			return
		}
		if n < 0 || n > MaxAmount {
			t.Fatalf("ParseEuros(%q) = %d, outside 0..%d", s, n, MaxAmount)
		}
		// The Dutch way of writing it reads back as the same amount.
		if back, err := ParseEuros(Euros(n)); err != nil || back != n {
			t.Fatalf("Euros(%d) = %q reads back as %d, %v", n, Euros(n), back, err)
		}
	})
}
