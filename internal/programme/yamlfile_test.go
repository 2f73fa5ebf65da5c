package programme_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/programme"
)

const goodFile = `perspectief_programma: 1
programma:
  naam: Test
  startjaar: 2024
  eindjaar: 2026
  doelen:
    - {code: A1, niveau: ambitie, titel: Ambitie}
    - {code: S1, niveau: strategisch, titel: Strategisch, onder: [A1]}
    - {code: T1, niveau: tactisch, titel: Tactisch, onder: [S1]}
    - {code: O1, niveau: operationeel, titel: Operationeel}
  lijnen:
    - {code: L1, naam: Lijn een}
  interventies:
    - code: I1
      lijn: L1
      titel: Interventie
      operationele_doelen: [O1]
      canvas:
        doelstelling: doel
        aanpak: aanpak
  begroting:
    beschikbaar: []
    inzet: []
`

func TestReadFileRefusesWithLineAndField(t *testing.T) {
	cases := []struct {
		name    string
		replace [2]string // in goodFile
		want    []string  // every one must appear in the details
	}{
		{"unknown line", [2]string{"lijn: L1\n", "lijn: L9\n"}, []string{"p.yaml:15: programma.interventies[0].lijn", `programmalijn "L9" bestaat niet`}},
		{"goal not operational", [2]string{"operationele_doelen: [O1]", "operationele_doelen: [T1]"}, []string{"p.yaml:17: programma.interventies[0].operationele_doelen[0]", "geen operationeel doel"}},
		{"skip a level", [2]string{"onder: [S1]", "onder: [A1]"}, []string{"p.yaml:9: programma.doelen[2].onder[0]", "één niveau hoger"}},
		{"unknown level", [2]string{"niveau: tactisch", "niveau: tactiek"}, []string{"p.yaml:9: programma.doelen[2].niveau", `"tactiek" is onbekend`}},
		{"duplicate code", [2]string{"code: O1,", "code: T1,"}, []string{"p.yaml:10: programma.doelen[3].code", "komt al eerder voor"}},
		{"unknown field", [2]string{"titel: Interventie", "titel: Interventie\n      kleur: rood"}, []string{"p.yaml:17:", "kleur"}},
		{"wrong type", [2]string{"startjaar: 2024", "startjaar: twintig"}, []string{"p.yaml:4:", "twintig"}},
		{"syntax", [2]string{"naam: Test", "naam: [Test"}, []string{"p.yaml:"}},
		{"format version", [2]string{"perspectief_programma: 1", "perspectief_programma: 2"}, []string{"p.yaml:1: perspectief_programma"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := strings.Replace(goodFile, c.replace[0], c.replace[1], 1)
			if src == goodFile {
				t.Fatalf("replacement %q not found", c.replace[0])
			}
			m, err := programme.ReadFile("p.yaml", strings.NewReader(src))
			if err == nil {
				t.Fatalf("accepted a bad file: %+v", m)
			}
			if perspectief.ErrorCode(err) != perspectief.CodeInvalid {
				t.Errorf("code = %s, want invalid", perspectief.ErrorCode(err))
			}
			details := strings.Join(perspectief.ErrorDetails(err), "\n")
			for _, w := range c.want {
				if !strings.Contains(details, w) {
					t.Errorf("details lack %q:\n%s", w, details)
				}
			}
		})
	}
}

func TestReadFileReportsEveryProblem(t *testing.T) {
	src := strings.Replace(goodFile, "lijn: L1\n", "lijn: L9\n", 1)
	src = strings.Replace(src, "titel: Ambitie", "titel: ''", 1)
	_, err := programme.ReadFile("p.yaml", strings.NewReader(src))
	if got := len(perspectief.ErrorDetails(err)); got != 2 {
		t.Errorf("%d problems reported, want 2: %v", got, perspectief.ErrorDetails(err))
	}
}

func TestReadFileRefusesOversizedFile(t *testing.T) {
	big := goodFile + "# " + strings.Repeat("x", programme.MaxFileSize) + "\n"
	if _, err := programme.ReadFile("big.yaml", strings.NewReader(big)); err == nil {
		t.Fatal("accepted a file over the size limit")
	}
}

func TestWriteReadRoundTrip(t *testing.T) {
	m, err := programme.ReadFile("p.yaml", strings.NewReader(goodFile))
	if err != nil {
		t.Fatal(err, perspectief.ErrorDetails(err))
	}
	var buf bytes.Buffer
	if err := programme.WriteFile(&buf, m); err != nil {
		t.Fatal(err)
	}
	back, err := programme.ReadFile("export.yaml", &buf)
	if err != nil {
		t.Fatalf("export does not read back: %v %v\n%s", err, perspectief.ErrorDetails(err), buf.String())
	}
	if back.Interventions[0].OperationalGoals[0] != "O1" || back.Goals[2].Parents[0] != "S1" {
		t.Errorf("round trip lost links: %+v", back)
	}
}

func FuzzReadFile(f *testing.F) {
	f.Add(goodFile)
	f.Add("perspectief_programma: 1\nprogramma: {}\n")
	f.Add("")
	f.Add("- a\n- b")
	f.Add(strings.Replace(goodFile, "onder: [S1]", "onder: [S1, S1]", 1))
	f.Fuzz(func(t *testing.T, src string) {
		m, err := programme.ReadFile("f.yaml", strings.NewReader(src))
		if err != nil {
			if perspectief.ErrorCode(err) != perspectief.CodeInvalid {
				t.Fatalf("error without invalid code: %v", err)
			}
			return
		}
		// An accepted file must be valid and survive a round trip.
		if fe := m.Validate(); len(fe) > 0 {
			t.Fatalf("accepted model does not validate: %v", fe)
		}
		var buf bytes.Buffer
		if err := programme.WriteFile(&buf, m); err != nil {
			t.Fatal(err)
		}
		if _, err := programme.ReadFile("again.yaml", &buf); err != nil {
			t.Fatalf("accepted model does not read back: %v %v", err, perspectief.ErrorDetails(err))
		}
	})
}

func TestReadFileAcceptsJSONWithBudget(t *testing.T) {
	src := `{"perspectief_programma": 1, "programma": {"naam": "J", "startjaar": 2024, "eindjaar": 2025,
  "doelen": [], "lijnen": [{"code": "L1", "naam": "Een"}], "interventies": [],
  "begroting": {"beschikbaar": [{"post": "Bron", "bedragen": {"2024": 700, "2025": 650.5}}], "inzet": []}}}`
	m, err := programme.ReadFile("p.json", strings.NewReader(src))
	if err != nil {
		t.Fatal(err, perspectief.ErrorDetails(err))
	}
	if got := m.Budget.Available[0].Amounts; got[2024] != 700 || got[2025] != 650.5 {
		t.Errorf("amounts = %v", got)
	}
	bad := strings.Replace(src, `"2025": 650.5`, `"twee": 650.5`, 1)
	_, err = programme.ReadFile("p.json", strings.NewReader(bad))
	if d := strings.Join(perspectief.ErrorDetails(err), "\n"); !strings.Contains(d, "p.json:3:") || !strings.Contains(d, `"twee"`) {
		t.Errorf("bad year: %v", d)
	}
}
