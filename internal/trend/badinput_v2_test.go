package trend_test

import (
	"strings"
	"testing"
)

// A panel with the five optional columns of section 6, after the ten of
// section 1.
const (
	headerV2  = "jaar,huishouden,buurt,type,personen,minderjarigen,aow,bron,inkomen,uitgesloten,leeftijd,opleiding,participatiewet,jeugdwet,wmo\n"
	goodRowV2 = "2019,h1,BU00140100,alleenstaand,1,0,0,werk,5000,,40,laag,1,0,0\n"
)

const (
	cLeeftijd = iota + cUitgesloten + 1
	cOpleiding
	cParticipatiewet
	cJeugdwet
	cWmo
)

// rowV2 is row for the version 2 panel.
func rowV2(repl ...any) string {
	f := strings.Split(strings.TrimSuffix(goodRowV2, "\n"), ",")
	for i := 0; i < len(repl); i += 2 {
		f[repl[i].(int)] = repl[i+1].(string)
	}
	return strings.Join(f, ",") + "\n"
}

var badCSVV2Cases = []badCase{
	{"leeftijd above 120", headerV2 + rowV2(cLeeftijd, "121"), "", "panel.csv:2: leeftijd: leeftijd 121 outside 0..120"},
	{"leeftijd negative", headerV2 + goodRowV2 + rowV2(cHuishouden, "h2", cLeeftijd, "-1"), "", "panel.csv:3: leeftijd: leeftijd -1 outside 0..120"},
	{"leeftijd not an integer", headerV2 + rowV2(cLeeftijd, "40.5"), "", `panel.csv:2: leeftijd: not an integer: "40.5"`},
	{"leeftijd empty", headerV2 + rowV2(cLeeftijd, ""), "", `panel.csv:2: leeftijd: not an integer: ""`},
	{"opleiding in capitals", headerV2 + rowV2(cOpleiding, "Laag"), "", `panel.csv:2: opleiding: unknown opleiding "Laag"`},
	{"opleiding not trimmed", headerV2 + rowV2(cOpleiding, " "), "", `panel.csv:2: opleiding: unknown opleiding " "`},
	{"opleiding onbekend is not a value", headerV2 + rowV2(cOpleiding, "onbekend"), "", `panel.csv:2: opleiding: unknown opleiding "onbekend"`},
	{"participatiewet 2", headerV2 + rowV2(cParticipatiewet, "2"), "", "panel.csv:2: participatiewet: participatiewet must be 0 or 1, got 2"},
	{"jeugdwet empty", headerV2 + rowV2(cJeugdwet, ""), "", `panel.csv:2: jeugdwet: not an integer: ""`},
	{"wmo true", headerV2 + rowV2(cWmo, "true"), "", `panel.csv:2: wmo: not an integer: "true"`},
	{"excluded rows are validated too", headerV2 + rowV2(cUitgesloten, "student", cWmo, "-1"), "",
		"panel.csv:2: wmo: wmo must be 0 or 1, got -1"},
	{"earlier column of the row wins", headerV2 + rowV2(cLeeftijd, "200", cJeugdwet, "5"), "", "panel.csv:2: leeftijd: leeftijd 200 outside 0..120"},
	{"section 1 columns come first", headerV2 + rowV2(cBron, "x", cLeeftijd, "200"), "", `panel.csv:2: bron: unknown bron "x"`},
	{"earlier row wins", headerV2 + rowV2(cWmo, "3") + rowV2(cHuishouden, "h2", cLeeftijd, "x"), "", "panel.csv:2: wmo: wmo must be 0 or 1, got 3"},
	{"duplicate optional column", strings.TrimSuffix(headerV2, "\n") + ",wmo\n", "", "panel.csv:1: wmo: duplicate column"},
	{"too few fields names the optional column", headerV2 + "2019,h1,BU00140100,alleenstaand,1,0,0,werk,5000,,40,laag,1,0\n", "",
		"panel.csv:2: wmo: missing field: the record has 14 fields, the header 15"},
}

func TestBadCSVV2(t *testing.T) {
	for _, tc := range badCSVV2Cases {
		t.Run(tc.name, func(t *testing.T) {
			runBad(t, "panel.csv", func() { writeFile(t, "panel.csv", tc.panel) }, goodNorms, tc.want)
		})
	}
}

// v2Record is a version 2 panel row whose optional columns can be null.
type v2Record struct {
	Jaar            int64   `parquet:"jaar"`
	Huishouden      string  `parquet:"huishouden"`
	Buurt           string  `parquet:"buurt"`
	Type            string  `parquet:"type"`
	Personen        int32   `parquet:"personen"`
	Minderjarigen   int32   `parquet:"minderjarigen"`
	AOW             bool    `parquet:"aow"`
	Bron            string  `parquet:"bron"`
	Inkomen         float64 `parquet:"inkomen"`
	Uitgesloten     *string `parquet:"uitgesloten,optional"`
	Leeftijd        *int32  `parquet:"leeftijd,optional"`
	Opleiding       *string `parquet:"opleiding,optional,dict"`
	Participatiewet *bool   `parquet:"participatiewet,optional"`
	Jeugdwet        *int64  `parquet:"jeugdwet,optional"`
	Wmo             *int32  `parquet:"wmo,optional"`
}

func goodV2Records(n int) []v2Record {
	recs := make([]v2Record, n)
	for i := range recs {
		age, edu, yes, no := int32(40), "hoog", true, int64(0)
		one := int32(1)
		recs[i] = v2Record{Jaar: 2019, Huishouden: "h" + strings.Repeat("x", i), Buurt: "BU00140100", Type: "alleenstaand",
			Personen: 1, Bron: "werk", Inkomen: 5000, Leeftijd: &age, Opleiding: &edu, Participatiewet: &yes, Jeugdwet: &no, Wmo: &one}
	}
	return recs
}

type stringAge struct {
	Jaar          int64   `parquet:"jaar"`
	Huishouden    string  `parquet:"huishouden"`
	Buurt         string  `parquet:"buurt"`
	Type          string  `parquet:"type"`
	Personen      int32   `parquet:"personen"`
	Minderjarigen int32   `parquet:"minderjarigen"`
	AOW           bool    `parquet:"aow"`
	Bron          string  `parquet:"bron"`
	Inkomen       float64 `parquet:"inkomen"`
	Uitgesloten   string  `parquet:"uitgesloten"`
	Leeftijd      string  `parquet:"leeftijd"`
	Wmo           float64 `parquet:"wmo"`
}

func TestBadParquetV2(t *testing.T) {
	cases := []struct {
		name  string
		write func(t *testing.T)
		want  string
	}{
		{"null leeftijd", func(t *testing.T) {
			recs := goodV2Records(4)
			recs[2].Leeftijd = nil
			writeRows(t, "panel.parquet", recs)
		}, "panel.parquet: row 3: leeftijd: missing value (null)"},
		{"null flag", func(t *testing.T) {
			recs := goodV2Records(4)
			recs[1].Jeugdwet = nil
			writeRows(t, "panel.parquet", recs)
		}, "panel.parquet: row 2: jeugdwet: missing value (null)"},
		{"flag 2", func(t *testing.T) {
			recs := goodV2Records(4)
			two := int32(2)
			recs[3].Wmo = &two
			writeRows(t, "panel.parquet", recs)
		}, "panel.parquet: row 4: wmo: wmo must be 0 or 1, got 2"},
		{"leeftijd 121 in an excluded row", func(t *testing.T) {
			recs := goodV2Records(4)
			age, why := int32(121), "student"
			recs[1].Leeftijd, recs[1].Uitgesloten = &age, &why
			writeRows(t, "panel.parquet", recs)
		}, "panel.parquet: row 2: leeftijd: leeftijd 121 outside 0..120"},
		{"unknown opleiding", func(t *testing.T) {
			recs := goodV2Records(4)
			edu := "mbo"
			recs[2].Opleiding = &edu
			writeRows(t, "panel.parquet", recs)
		}, `panel.parquet: row 3: opleiding: unknown opleiding "mbo"`},
		{"wrong type of leeftijd", func(t *testing.T) {
			writeRows(t, "panel.parquet", []stringAge{{2019, "h1", "BU00140100", "alleenstaand", 1, 0, false, "werk", 5000, "", "40", 1}})
		}, "panel.parquet: row 1: leeftijd: wrong type BYTE_ARRAY, want INT32 or INT64"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			runBad(t, "panel.parquet", func() { tc.write(t) }, goodNorms, tc.want)
		})
	}
}
