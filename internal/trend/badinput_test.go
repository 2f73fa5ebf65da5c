package trend_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/perspectief/perspectief/internal/trend"
)

const (
	header  = "jaar,huishouden,buurt,type,personen,minderjarigen,aow,bron,inkomen,uitgesloten\n"
	goodRow = "2019,h1,BU00140100,alleenstaand,1,0,0,werk,5000,\n"
)

// goodNorms has complete years 2019 and 2020.
var goodNorms = normsCSV(2019, 2020)

func normsCSV(years ...int) string {
	var b strings.Builder
	b.WriteString("jaar,categorie,bedrag\n")
	for _, y := range years {
		for _, c := range []string{"alleenstaand", "eenouder", "paar", "alleenstaand_aow", "paar_aow", "per_kind"} {
			fmt.Fprintf(&b, "%d,%s,10000\n", y, c)
		}
	}
	return b.String()
}

// row builds a panel line from the good row with some fields replaced:
// pairs of column index and value.
func row(repl ...any) string {
	f := strings.Split(strings.TrimSuffix(goodRow, "\n"), ",")
	for i := 0; i < len(repl); i += 2 {
		f[repl[i].(int)] = repl[i+1].(string)
	}
	return strings.Join(f, ",") + "\n"
}

// Column indexes in the test header.
const (
	cJaar = iota
	cHuishouden
	cBuurt
	cType
	cPersonen
	cMinderjarigen
	cAOW
	cBron
	cInkomen
	cUitgesloten
)

type badCase struct {
	name, panel, norms, want string
}

var badCSVCases = []badCase{
	{"missing column", "jaar,huishouden,buurt,type,personen,minderjarigen,aow,bron,uitgesloten\n2019,h1,BU00140100,alleenstaand,1,0,0,werk,\n", "",
		"panel.csv:1: inkomen: missing column"},
	{"duplicate column", strings.TrimSuffix(header, "\n") + ",jaar\n", "", "panel.csv:1: jaar: duplicate column"},
	{"empty file", "", "", "panel.csv:1: jaar: missing column (the file has no header)"},
	{"unknown type", header + goodRow + row(cHuishouden, "h2", cType, "Paar"), "", `panel.csv:3: type: unknown type "Paar"`},
	{"unknown bron", header + row(cBron, "loon"), "", `panel.csv:2: bron: unknown bron "loon"`},
	{"untrimmed enum", header + row(cType, "alleenstaand "), "", `panel.csv:2: type: unknown type "alleenstaand "`},
	{"bad integer", header + row(cPersonen, "2.0"), "", `panel.csv:2: personen: not an integer: "2.0"`},
	{"integer with space", header + row(cPersonen, " 2"), "", `panel.csv:2: personen: not an integer: " 2"`},
	{"integer with plus", header + row(cMinderjarigen, "+0"), "", `panel.csv:2: minderjarigen: not an integer: "+0"`},
	{"integer overflow", header + row(cJaar, "99999999999999999999"), "", `panel.csv:2: jaar: integer out of range: "99999999999999999999"`},
	{"number with exponent", header + row(cInkomen, "1e5"), "", `panel.csv:2: inkomen: not a number: "1e5"`},
	{"NaN", header + row(cInkomen, "NaN"), "", `panel.csv:2: inkomen: not a number: "NaN"`},
	{"Inf", header + row(cInkomen, "-Inf"), "", `panel.csv:2: inkomen: not a number: "-Inf"`},
	{"decimal comma", header + row(cInkomen, `"1,5"`), "", `panel.csv:2: inkomen: not a number: "1,5"`},
	{"thousands separator", header + row(cInkomen, "1.000.000"), "", `panel.csv:2: inkomen: not a number: "1.000.000"`},
	{"leading dot", header + row(cInkomen, ".5"), "", `panel.csv:2: inkomen: not a number: ".5"`},
	{"trailing dot", header + row(cInkomen, "5."), "", `panel.csv:2: inkomen: not a number: "5."`},
	{"plus sign", header + row(cInkomen, "+5"), "", `panel.csv:2: inkomen: not a number: "+5"`},
	{"hex", header + row(cInkomen, "0x10"), "", `panel.csv:2: inkomen: not a number: "0x10"`},
	{"empty number", header + row(cInkomen, ""), "", `panel.csv:2: inkomen: not a number: ""`},
	{"duplicate household-year", header + goodRow + row(cHuishouden, "h2") + goodRow, "",
		`panel.csv:4: huishouden: household "h1" occurs twice in 2019`},
	{"duplicate with an excluded row", header + row(cUitgesloten, "student") + row(cJaar, "2020") + goodRow, "",
		`panel.csv:4: huishouden: household "h1" occurs twice in 2019`},
	{"minors equal persons", header + row(cPersonen, "2", cMinderjarigen, "2"), "",
		"panel.csv:2: minderjarigen: minderjarigen 2 must be less than personen 2"},
	{"minors above persons", header + row(cPersonen, "1", cMinderjarigen, "3"), "",
		"panel.csv:2: minderjarigen: minderjarigen 3 must be less than personen 1"},
	{"persons 0", header + row(cPersonen, "0"), "", "panel.csv:2: personen: personen must be at least 1, got 0"},
	{"minors negative", header + row(cMinderjarigen, "-1"), "", "panel.csv:2: minderjarigen: minderjarigen must be at least 0, got -1"},
	{"aow 2", header + row(cAOW, "2"), "", "panel.csv:2: aow: aow must be 0 or 1, got 2"},
	{"buurt 7 digits", header + row(cBuurt, "BU0014010"), "", `panel.csv:2: buurt: not a buurt code (BU and 8 digits): "BU0014010"`},
	{"buurt lower case", header + row(cBuurt, "bu00140100"), "", `panel.csv:2: buurt: not a buurt code (BU and 8 digits): "bu00140100"`},
	{"buurt is a wijk", header + row(cBuurt, "WK001401"), "", `panel.csv:2: buurt: not a buurt code (BU and 8 digits): "WK001401"`},
	{"buurt with letter", header + row(cBuurt, "BU0014010A"), "", `panel.csv:2: buurt: not a buurt code (BU and 8 digits): "BU0014010A"`},
	{"missing norms year", header + goodRow + row(cJaar, "2023") + goodRow[:0] + row(cJaar, "2023", cHuishouden, "h2"), "",
		"panel.csv:3: jaar: no norms for 2023 in norms.csv"},
	{"missing norms year of an excluded row", header + goodRow + row(cJaar, "2021", cUitgesloten, "student"), "",
		"panel.csv:3: jaar: no norms for 2021 in norms.csv"},
	{"missing norms category", header + goodRow, strings.ReplaceAll(goodNorms, "2019,per_kind,10000\n", ""),
		"panel.csv:2: jaar: no norm for 2019 categorie per_kind in norms.csv"},
	{"jaar below range", header + row(cJaar, "1989"), "", "panel.csv:2: jaar: jaar 1989 outside 1990..2100"},
	{"jaar above range", header + row(cJaar, "2101"), "", "panel.csv:2: jaar: jaar 2101 outside 1990..2100"},
	{"empty household id", header + row(cHuishouden, ""), "", "panel.csv:2: huishouden: empty household id"},
	{"household id of 65 bytes", header + row(cHuishouden, strings.Repeat("x", 65)), "",
		"panel.csv:2: huishouden: household id of 65 bytes, at most 64 allowed"},
	{"household id not UTF-8", header + row(cHuishouden, "h\xff"), "", "panel.csv:2: huishouden: household id is not valid UTF-8"},
	{"excluded rows are validated", header + row(cBuurt, "BU1", cUitgesloten, "student"), "",
		`panel.csv:2: buurt: not a buurt code (BU and 8 digits): "BU1"`},
	{"quoted newline shifts lines", header + row(cUitgesloten, "\"stu\ndent\"") + row(cHuishouden, "h2") + row(cHuishouden, "h3", cType, "x"), "",
		`panel.csv:5: type: unknown type "x"`},
	{"error on the second line of a record", header + row(cHuishouden, "\"h\n1\"", cType, "x"), "",
		`panel.csv:3: type: unknown type "x"`},
	{"quoted CRLF counts as one line", header + row(cUitgesloten, "\"a\r\nb\"") + row(cHuishouden, "h2", cBron, "x"), "",
		`panel.csv:4: bron: unknown bron "x"`},
	{"empty lines count", header + "\n\n" + goodRow + "\r\n" + row(cHuishouden, "h2", cAOW, "x"), "",
		`panel.csv:6: aow: not an integer: "x"`},
	{"bare quote", header + row(cHuishouden, `h"1`), "", `panel.csv:2: huishouden: bare " in unquoted field`},
	{"text after a quoted field", header + row(cHuishouden, `"h"1`), "", `panel.csv:2: huishouden: extraneous or missing " in quoted field`},
	{"unclosed quote", header + goodRow + strings.TrimSuffix(row(cUitgesloten, `"student`), "\n"), "",
		"panel.csv:3: uitgesloten: quoted field is not closed"},
	{"too few fields", header + "2019,h1,BU00140100,alleenstaand,1,0,0,werk,5000\n", "",
		"panel.csv:2: uitgesloten: missing field: the record has 9 fields, the header 10"},
	{"too many fields", header + "2019,h1,BU00140100,alleenstaand,1,0,0,werk,5000,,x\n", "",
		"panel.csv:2: field 11: too many fields: the record has 11 fields, the header 10"},
	// The first problem in file order wins, whatever its kind; within a row
	// the column that comes first in the spec.
	{"bad value before a duplicate", header + goodRow + row(cHuishouden, "h2", cPersonen, "x") + goodRow, "",
		`panel.csv:3: personen: not an integer: "x"`},
	{"duplicate before a bad value", header + goodRow + goodRow + row(cHuishouden, "h2", cPersonen, "x"), "",
		`panel.csv:3: huishouden: household "h1" occurs twice in 2019`},
	{"duplicate before a later column of its row", header + goodRow + row(cBron, "x"), "",
		`panel.csv:3: huishouden: household "h1" occurs twice in 2019`},
	{"two bad columns in a row", header + row(cBuurt, "x", cType, "y"), "", `panel.csv:2: buurt: not a buurt code (BU and 8 digits): "x"`},
	{"minors before a later bad column", header + row(cMinderjarigen, "1", cBron, "x"), "",
		"panel.csv:2: minderjarigen: minderjarigen 1 must be less than personen 1"},
	{"bad column before minors", header + row(cType, "y", cMinderjarigen, "1"), "", `panel.csv:2: type: unknown type "y"`},
	{"missing norms before other columns", header + row(cJaar, "2030", cBuurt, "x"), "", "panel.csv:2: jaar: no norms for 2030 in norms.csv"},

	// Norms files.
	{"norms: duplicate row", header + goodRow, goodNorms + "2019,paar,9000\n",
		"norms.csv:14: categorie: duplicate row for 2019 paar (first on line 4)"},
	{"norms: unknown category", header + goodRow, "jaar,categorie,bedrag\n2019,alleenstaand,1\n2019,kind,1\n",
		`norms.csv:3: categorie: unknown categorie "kind"`},
	{"norms: bedrag 0", header + goodRow, "jaar,categorie,bedrag\n2019,alleenstaand,0\n",
		`norms.csv:2: bedrag: bedrag must be greater than 0, got "0"`},
	{"norms: bedrag negative", header + goodRow, "bedrag,jaar,categorie\n-1,2019,paar\n",
		`norms.csv:2: bedrag: bedrag must be greater than 0, got "-1"`},
	{"norms: bedrag with exponent", header + goodRow, "jaar,categorie,bedrag\n2019,paar,1e4\n",
		`norms.csv:2: bedrag: not a number: "1e4"`},
	{"norms: bad year", header + goodRow, "jaar,categorie,bedrag\n2019.0,paar,1\n",
		`norms.csv:2: jaar: not an integer: "2019.0"`},
	{"norms: missing column", header + goodRow, "jaar,categorie\n2019,paar\n", "norms.csv:1: bedrag: missing column"},
}

// TestBadCSV checks each error of spec section 5: the exact message, and
// that neither a new output file nor a change to an existing one results.
func TestBadCSV(t *testing.T) {
	for _, tc := range badCSVCases {
		t.Run(tc.name, func(t *testing.T) {
			norms := tc.norms
			if norms == "" {
				norms = goodNorms
			}
			runBad(t, "panel.csv", func() { writeFile(t, "panel.csv", tc.panel) }, norms, tc.want)
		})
	}
}

// runBad runs a bad input in a fresh directory (so that file names in the
// messages are short) and checks the message and the output files.
func runBad(t *testing.T, panel string, write func(), norms, want string) {
	t.Helper()
	t.Chdir(t.TempDir())
	write()
	writeFile(t, "norms.csv", norms)
	writeFile(t, "old.csv", "old content\n")
	for _, out := range []string{"new.csv", "old.csv"} {
		_, err := computeFile(t, panel, "norms.csv", 1, out)
		if err == nil {
			t.Fatalf("no error, want %q", want)
		}
		if err.Error() != want {
			t.Fatalf("error\n got %q\nwant %q", err.Error(), want)
		}
		var ie *trend.InputError
		if !errors.As(err, &ie) {
			t.Errorf("error %T is not an *InputError", err)
		}
	}
	if _, err := os.Stat("new.csv"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("new.csv was created")
	}
	if b, _ := os.ReadFile("old.csv"); string(b) != "old content\n" {
		t.Errorf("old.csv changed to %q", b)
	}
	entries, _ := os.ReadDir(".")
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if want := []string{"norms.csv", "old.csv", panel}; !slices.Equal(names, sorted(want)) {
		t.Errorf("directory holds %v, want %v", names, sorted(want))
	}
}

func sorted(s []string) []string { slices.Sort(s); return s }

func writeFile(t testing.TB, name, content string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestBadCSVLaterBatch puts problems far into the file, where rows travel
// in later batches and are validated on other goroutines.
func TestBadCSVLaterBatch(t *testing.T) {
	var b strings.Builder
	b.WriteString(header)
	for i := range 150000 {
		fmt.Fprintf(&b, "2019,h%d,BU00140100,alleenstaand,1,0,0,werk,5000,\n", i)
	}
	big := b.String()
	// Line n+2 holds household n.
	for _, tc := range []struct{ name, panel, want string }{
		{"bad value", big + row(cHuishouden, "x", cAOW, "7"), "panel.csv:150002: aow: aow must be 0 or 1, got 7"},
		{"duplicate across batches", big + row(cHuishouden, "h3"), `panel.csv:150002: huishouden: household "h3" occurs twice in 2019`},
		{"duplicate before a later bad value", big + row(cHuishouden, "h140000") + row(cHuishouden, "y", cAOW, "7"),
			`panel.csv:150002: huishouden: household "h140000" occurs twice in 2019`},
		{"syntax error after a bad value", strings.Replace(big, "h100000,", "h100000,BU1", 1) + "\"",
			`panel.csv:100002: buurt: not a buurt code (BU and 8 digits): "BU1BU00140100"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			runBad(t, "panel.csv", func() { writeFile(t, "panel.csv", tc.panel) }, goodNorms, tc.want)
		})
	}
}

// TestDuplicatesInSeveralShards puts many duplicates in one batch, so that
// they fall in different shards of the household table: the earliest must
// win whichever shard holds it. Shards follow a hash with a seed of its own
// per run, so the run is repeated.
func TestDuplicatesInSeveralShards(t *testing.T) {
	var b strings.Builder
	b.WriteString(header)
	for round := range 2 {
		for i := range 200 {
			fmt.Fprintf(&b, "2019,h%d,BU00140100,alleenstaand,1,0,0,werk,%d,\n", i, 5000+round)
		}
	}
	dir := t.TempDir()
	panel := dir + "/panel.csv"
	writeFile(t, panel, b.String())
	want := panel + `:202: huishouden: household "h0" occurs twice in 2019`
	norms, err := trend.ReadNorms("norms.csv", strings.NewReader(goodNorms))
	if err != nil {
		t.Fatal(err)
	}
	for range 12 {
		_, err := trend.Compute(context.Background(), trend.Options{PanelPath: panel, Norms: &norms, Workers: 4})
		if err == nil || err.Error() != want {
			t.Fatalf("got %v, want %s", err, want)
		}
	}
}
