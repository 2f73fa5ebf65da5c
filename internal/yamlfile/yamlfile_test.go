package yamlfile

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

type doc struct {
	Naam  string `yaml:"naam"`
	Jaar  int    `yaml:"jaar"`
	Items []struct {
		Code  string `yaml:"code"`
		Lijst []int  `yaml:"lijst"`
	} `yaml:"items"`
}

const good = `naam: Programma
jaar: 2026
items:
  - code: A
    lijst: [1, 2]
  - code: B
    lijst:
      - 3
`

func TestDecodeGood(t *testing.T) {
	var d doc
	root, problems, err := Decode("p.yaml", strings.NewReader(good), 1<<10, &d)
	if err != nil || problems != nil {
		t.Fatalf("Decode: %v, %q", err, problems)
	}
	if d.Naam != "Programma" || d.Jaar != 2026 || len(d.Items) != 2 || d.Items[1].Code != "B" || !slices.Equal(d.Items[0].Lijst, []int{1, 2}) {
		t.Errorf("decoded %+v", d)
	}
	for path, want := range map[string]int{
		"naam": 1, "jaar": 2, "items": 3, "items[0]": 4, "items[1].code": 6, "items[1].lijst[0]": 8,
		"items[0].lijst[1]": 5,
		// Paths that go beyond the document end at the deepest node that exists.
		"items[7].code": 3, "items[1].onbekend": 6, "onbekend": 1,
	} {
		if got := LineOf(root, path); got != want {
			t.Errorf("LineOf(%s) = %d, want %d", path, got, want)
		}
	}
}

// TestDecodeProblems: every problem names the file and the line, and the
// value decoded into is of no use to the caller (problems are returned).
func TestDecodeProblems(t *testing.T) {
	for _, c := range []struct {
		name, in string
		max      int
		want     []string
	}{
		{"too large", good, 20, []string{"p.yaml:1: het bestand is groter dan 0 KiB"}},
		{"too large MiB", strings.Repeat("#\n", 1<<20+1), 1 << 20, []string{"p.yaml:1: het bestand is groter dan 1 MiB"}},
		{"empty", "", 1 << 10, []string{"p.yaml:1: het bestand is leeg"}},
		{"comment only", "# niets\n", 1 << 10, []string{"p.yaml:1: het bestand is leeg"}},
		{"syntax", "naam: x\njaar: 2026\n  kleur: rood\n", 1 << 10, []string{"p.yaml:3: mapping values are not allowed in this context"}},
		{"unknown field", "naam: x\nkleur: rood\n", 1 << 10, []string{"p.yaml:2: field kleur not found in type yamlfile.doc"}},
		{"type errors", "naam: x\njaar: tweeduizend\nitems:\n  - code: A\n    lijst: [een]\n", 1 << 10, []string{
			"p.yaml:2: cannot unmarshal !!str `tweedui...` into int",
			"p.yaml:5: cannot unmarshal !!str `een` into int"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var d doc
			root, problems, err := Decode("p.yaml", strings.NewReader(c.in), c.max, &d)
			if err != nil {
				t.Fatal(err)
			}
			if root != nil {
				t.Error("a node tree came back with problems")
			}
			if !slices.Equal(problems, c.want) {
				t.Errorf("problems %q, want %q", problems, c.want)
			}
		})
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("disk weg") }

func TestDecodeReadError(t *testing.T) {
	var d doc
	if _, _, err := Decode("p.yaml", failingReader{}, 10, &d); err == nil || !strings.Contains(err.Error(), "disk weg") {
		t.Errorf("a failed read: %v", err)
	}
}

func TestMessage(t *testing.T) {
	for in, want := range map[string]string{
		"yaml: line 3: mapping values are not allowed in this context": "f.yaml:3: mapping values are not allowed in this context",
		"yaml: unmarshal errors":     "f.yaml:1: unmarshal errors",
		"line 12: field x not found": "f.yaml:12: field x not found",
	} {
		if got := Message("f.yaml", errors.New(in)); got != want {
			t.Errorf("Message(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzDecode: any input either decodes (and then every path has a line
// within the file) or gives problems that each name the file and a line.
func FuzzDecode(f *testing.F) {
	f.Add(good)
	f.Add("naam: [a\n")
	f.Add("items:\n  - code: A\n    lijst: [x]\n")
	f.Fuzz(func(t *testing.T, in string) {
		var d doc
		root, problems, err := Decode("f.yaml", strings.NewReader(in), 1<<12, &d)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range problems {
			if !strings.HasPrefix(p, "f.yaml:") {
				t.Errorf("problem %q names no file and line", p)
			}
		}
		if root == nil {
			if len(problems) == 0 {
				t.Error("neither a document nor a problem")
			}
			return
		}
		// YAML breaks lines at \n, \r and (in YAML 1.1) NEL, LS and PS.
		lines := 1 + strings.Count(in, "\n") + strings.Count(in, "\r") + strings.Count(in, "\u0085") + strings.Count(in, "\u2028") + strings.Count(in, "\u2029")
		for _, path := range []string{"naam", "items[0].lijst[0]", "items[3].code"} {
			if l := LineOf(root, path); l < 0 || l > lines {
				t.Errorf("LineOf(%s) = %d in a file of %d lines", path, l, lines)
			}
		}
	})
}
