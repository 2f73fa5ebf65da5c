package eligibility

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
)

func shippedFiles(t testing.TB) ([]byte, map[string][]byte) {
	t.Helper()
	fsys := RulesFS()
	facts, err := fs.ReadFile(fsys, FactsFile)
	if err != nil {
		t.Fatal(err)
	}
	names, _ := fs.Glob(fsys, "*.yaml")
	files := map[string][]byte{}
	for _, n := range names {
		if n != FactsFile && !IsTestFile(n) {
			files[n], _ = fs.ReadFile(fsys, n)
		}
	}
	return facts, files
}

const minimalScheme = `formaat: 1
code: proef
versie: "1"
naam: Proef
uitvoerder: gemeente
bronnen: [test]
gecontroleerd: 2025-01-01
geldig_van: 2020-01-01
samenvatting: {nl: a, en: a}
geeft: {nl: a, en: a}
aanvragen: {nl: a, en: a}
feiten: [inkomen, type, aow, minderjarigen]
parameters:
  - naam: grens
    waarden:
      - {van: 2020-01-01, waarde: 120}
voorwaarden:
  - als: inkomen <= grens / 100 * norm()
    uitleg: {nl: "Niet meer dan {grens}%.", en: "At most {grens}%."}
`

func TestLoadMinimal(t *testing.T) {
	facts, _ := shippedFiles(t)
	set, err := Parse(facts, map[string][]byte{"proef.yaml": []byte(minimalScheme)}, DefaultNorm)
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Schemes) != 1 || set.Schemes[0].Code != "proef" {
		t.Fatalf("%+v", set.Schemes)
	}
}

// TestLoadErrors changes one line of a valid file and checks that the
// problem is reported with file, line and field: never a silent 'nee'.
func TestLoadErrors(t *testing.T) {
	facts, _ := shippedFiles(t)
	tests := []struct {
		old, new string
		want     string
	}{
		{"inkomen <= grens", "inkomn <= grens", `proef.yaml:18: voorwaarden[0].als: teken 1: onbekende naam "inkomn"`},
		{"inkomen <= grens", "inkomen <= grenz", `proef.yaml:18: voorwaarden[0].als: teken 12: onbekende naam "grenz"`},
		{"<= grens / 100", "<= / 100", `proef.yaml:18: voorwaarden[0].als: teken 12: onverwacht "/"`},
		{"inkomen <= grens / 100 * norm()", "inkomen", `proef.yaml:18: voorwaarden[0].als: teken 1: de uitdrukking geeft een getal`},
		{"feiten: [inkomen, type, aow, minderjarigen]", "feiten: [inkomen, type, aow]", `norm() heeft het feit "minderjarigen" nodig`},
		{"feiten: [inkomen,", "feiten: [salaris, inkomen,", `proef.yaml:12: feiten[0]: feit "salaris" staat niet in feiten.yaml`},
		{"code: proef", "code: Proef!", `proef.yaml:2: code: "Proef!" is geen geldige code`},
		{"geldig_van: 2020-01-01", "geldig_van: 2020-13-01", `proef.yaml:8: geldig_van: "2020-13-01" is geen datum`},
		{"{van: 2020-01-01, waarde: 120}", "{van: 2021-01-01, waarde: 120}", `proef.yaml:14: parameters[0].waarden: geen waarde vanaf geldig_van 2020-01-01`},
		{"{van: 2020-01-01, waarde: 120}", "{van: 2020-01-01, tot: 2021-12-31, waarde: 120}", `geen waarde na 2021-12-31`},
		{"{van: 2020-01-01, waarde: 120}", "{van: 2020-01-01, waarde: [1]}", `proef.yaml:16: parameters[0].waarden[0].waarde: verwacht een getal`},
		{"naam: Proef", "naam: Proef\nkleur: rood", `proef.yaml:5: yaml: field kleur not found`},
		{"{nl: \"Niet meer dan {grens}%.\"", "{nl: \"Niet meer dan {grns}%.\"", `proef.yaml:19: voorwaarden[0].uitleg: {grns} is geen parameter`},
		{"geeft: {nl: a, en: a}", "geeft: {nl: a}", `proef.yaml:10: geeft: nl en en zijn allebei verplicht`},
		{"formaat: 1", "formaat: 2", `proef.yaml:1: formaat: formaat 2 wordt niet ondersteund`},
		{"bronnen: [test]", "bronnen: []", `proef.yaml:1: bronnen: noem minstens één bron`},
		{"voorwaarden:", "vorwaarden:", `proef.yaml:17: yaml: field vorwaarden not found`},
		{"als: inkomen", "als: type == \"stel\" and inkomen", `geen keuze van feit "type"`},
	}
	for _, tt := range tests {
		src := strings.Replace(minimalScheme, tt.old, tt.new, 1)
		if src == minimalScheme {
			t.Fatalf("%q not found", tt.old)
		}
		_, err := Parse(facts, map[string][]byte{"proef.yaml": []byte(src)}, DefaultNorm)
		var le *LoadError
		if !errors.As(err, &le) {
			t.Errorf("%s: got %v, want a LoadError", tt.new, err)
			continue
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s:\n got %v\nwant %s", tt.new, err, tt.want)
		}
	}
}

func TestLoadDuplicateCode(t *testing.T) {
	facts, _ := shippedFiles(t)
	_, err := Parse(facts, map[string][]byte{"a.yaml": []byte(minimalScheme), "b.yaml": []byte(minimalScheme)}, DefaultNorm)
	if err == nil || !strings.Contains(err.Error(), `b.yaml:1: code: code "proef" staat ook in a.yaml`) {
		t.Fatalf("got %v", err)
	}
}

func TestFactsFileErrors(t *testing.T) {
	bad := "formaat: 1\nfeiten:\n  - naam: x\n    type: tekst\n    vraag: {nl: a, en: b}\n  - naam: and\n    type: bool\n    vraag: {nl: a, en: b}\n"
	_, err := Parse([]byte(bad), nil, DefaultNorm)
	for _, want := range []string{`feiten.yaml:4: feiten[0].type: onbekend type "tekst"`, `feiten.yaml:6: feiten[1].naam: "and" is een gereserveerd woord`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("got %v, want %s", err, want)
		}
	}
}

func TestCaseFileErrors(t *testing.T) {
	set, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	l := &loader{file: "testcases.yaml"}
	set.parseCases(l, []byte("formaat: 1\ngevallen:\n  - naam: a\n    datum: 2025-01-01\n    feiten: {inkomn: 1, type: stel}\n    verwacht: {stadjerpas: ja, iit: misschien}\n"))
	got := strings.Join(l.problems, "\n")
	for _, want := range []string{"testcases.yaml:5: gevallen[0].feiten.inkomn: onbekend feit", "gevallen[0].feiten.type:", "gevallen[0].verwacht.stadjerpas: onbekende regeling", `"misschien" is geen uitkomst`} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
}

// TestShippedVersionNamesChanges: the shipped files gained how to apply
// after they were first shipped as 2025.1, and a database keeps a stored
// version as it was, so they carry a later version that says what changed;
// the schemes still open today all tell what to have at hand.
func TestShippedVersionNamesChanges(t *testing.T) {
	set, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	links := 0
	for _, sc := range set.Schemes {
		if sc.Version == "2025.1" || !strings.Contains(sc.Changes, "2025.1") {
			t.Errorf("%s: version %s, changes %q; want a version after 2025.1 that says what changed", sc.Code, sc.Version, sc.Changes)
		}
		if sc.Valid.To.IsZero() && len(sc.BringAlong) == 0 {
			t.Errorf("%s %s does not say what to have at hand", sc.Code, sc.Version)
		}
		if sc.Link != "" {
			links++
		}
	}
	if links < 5 {
		t.Errorf("%d shipped schemes have a link to apply, want at least 5", links)
	}
}
