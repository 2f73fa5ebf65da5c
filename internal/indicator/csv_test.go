package indicator

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/perspectief/perspectief"
)

func testRegister(t testing.TB) *Register {
	t.Helper()
	reg, err := DefaultRegister()
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

const header = "indicator,periode,gebied,groep,waarde,teller,noemer,marge,bron,toelichting\n"

func TestReadValues(t *testing.T) {
	reg := testRegister(t)
	src := "\uFEFF" + header +
		"moeite_met_rondkomen,2018,ois_selwerd,,14,,,1.5,OIS,\n" +
		`o1_gebruik_regelingen,2024-T2,GM0014,totaal,"1234,5",10,20,,Eigen registratie,"met, komma"` + "\n" +
		"huishoudens_110,2023,WK001401,type:eenouder,onderdrukt,,,,Trendmonitor,\n" +
		"o3_vroegsignalen,2024-Q3,BU00140101,totaal,3,,,,x,\n" +
		"o3_vroegsignalen,2024-07,GM0014,totaal,7,,,,x,\n"
	vals, err := ReadValues("w.csv", strings.NewReader(src), reg)
	if err != nil {
		t.Fatalf("%v: %v", err, perspectief.ErrorDetails(err))
	}
	if len(vals) != 5 {
		t.Fatalf("%d values", len(vals))
	}
	if v := vals[0]; v.Group != TotalGroup || v.Value != 14 || v.Margin == nil || *v.Margin != 1.5 || v.Num != nil {
		t.Errorf("row 1 = %+v", v)
	}
	if v := vals[1]; v.Value != 1234.5 || *v.Num != 10 || *v.Den != 20 || v.Note != "met, komma" || v.Period != (Period{Tertial, 2024, 2}) {
		t.Errorf("row 2 = %+v", v)
	}
	if !vals[2].Suppressed {
		t.Errorf("row 3 = %+v", vals[2])
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, vals); err != nil {
		t.Fatal(err)
	}
	again, err := ReadValues("export.csv", &buf, reg)
	if err != nil {
		t.Fatalf("export does not import again: %v %v\n%s", err, perspectief.ErrorDetails(err), buf.String())
	}
	if !reflect.DeepEqual(vals, again) {
		t.Errorf("round trip changed values:\n%+v\n%+v", vals, again)
	}
}

func TestReadValuesRefusesWhole(t *testing.T) {
	reg := testRegister(t)
	src := header +
		"moeite_met_rondkomen,2018,ois_selwerd,totaal,14,,,,OIS,\n" + // line 2 is fine
		"bestaat_niet,2018,GM0014,totaal,1,,,,x,\n" +
		"moeite_met_rondkomen,2018-T4,GM0014,totaal,1,,,,x,\n" +
		"moeite_met_rondkomen,2018,Mars,totaal,1,,,,x,\n" +
		"moeite_met_rondkomen,2018,GM0014,totaal,1.000.000,,,,x,\n" +
		"moeite_met_rondkomen,2018,GM0014,totaal,NaN,abc,-1,1e3,,\n" +
		"moeite_met_rondkomen,2018,ois_selwerd,totaal,15,,,,OIS,\n" +
		"moeite_met_rondkomen,2018,GM0014,totaal\n" +
		"moeite_met_rondkomen,2017,GM0014,totaal,,,,,x,\n" +
		"moeite_met_rondkomen,2016,GM0014,totaal,140,,,,x,\n" +
		"moeite_met_rondkomen,2015,GM0014,totaal,-1,,,,x,\n" +
		"o3_vroegsignalen,2024,GM0014,totaal,-3,,,,x,\n" +
		"o3_vroegsignalen,2023,GM0014,totaal,1e308,,,,x,\n" +
		"o3_vroegsignalen,2022,GM0014,totaal,3000000000000,,,,x,\n" +
		"moeite_met_rondkomen,2014,GM0014,totaal,50,30,20,,x,\n" +
		"moeite_met_rondkomen,2014,WK036301,totaal,5,,,,x,\n" +
		"moeite_met_rondkomen,2014,GM0363,totaal,5,,,,x,\n" +
		"moeite_met_rondkomen,2014,BU00149999,totaal,5,,,,x,\n"
	_, err := ReadValues("fout.csv", strings.NewReader(src), reg)
	if perspectief.ErrorCode(err) != perspectief.CodeInvalid {
		t.Fatalf("err = %v", err)
	}
	got := strings.Join(perspectief.ErrorDetails(err), "\n")
	for _, want := range []string{
		`fout.csv:3: indicator: "bestaat_niet" staat niet in het indicatorenregister`,
		`fout.csv:4: periode: periode "2018-T4"`,
		`fout.csv:5: gebied: "Mars" staat niet in het gebiedenregister`,
		`fout.csv:6: waarde: "1.000.000" is geen getal`,
		`fout.csv:7: waarde: "NaN" is geen getal`,
		`fout.csv:7: teller: "abc" is geen getal`,
		`fout.csv:7: noemer: mag niet negatief zijn`,
		`fout.csv:7: marge: "1e3" is geen getal`,
		`fout.csv:7: bron: ontbreekt`,
		`fout.csv:8: regel: dezelfde indicator, periode, gebied en groep staan al op regel 2`,
		`fout.csv:9: regel: 4 kolommen, verwacht 10`,
		`fout.csv:10: waarde: ontbreekt`,
		`fout.csv:11: waarde: 140 ligt niet tussen 0 en 100, en de eenheid van moeite_met_rondkomen is procent`,
		`fout.csv:12: waarde: -1 ligt niet tussen 0 en 100`,
		`fout.csv:13: waarde: -3 is negatief, en o3_vroegsignalen telt een aantal`,
		`fout.csv:14: waarde: "1e308" is geen getal`,
		`fout.csv:15: waarde: 3000000000000 is groter dan 1000000000000`,
		`fout.csv:16: teller: de teller (30) is groter dan de noemer (20)`,
		`fout.csv:17: gebied: "WK036301" staat niet in het gebiedenregister`,
		`fout.csv:18: gebied: "GM0363" staat niet in het gebiedenregister`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	if strings.Contains(got, "fout.csv:19:") {
		t.Errorf("a buurt of a registered gemeente was refused:\n%s", got)
	}
	for _, bad := range []struct{ src, want string }{
		{"", "w.csv:1: het bestand is leeg"},
		{"a,b\n", "w.csv:1: kolommen: verwacht indicator,periode"},
		{header, "w.csv:2: het bestand bevat geen waarden"},
		{header + "\"x,2018\n", "w.csv:2: kolom"},
	} {
		_, err := ReadValues("w.csv", strings.NewReader(bad.src), reg)
		if d := strings.Join(perspectief.ErrorDetails(err), "\n"); !strings.Contains(d, bad.want) {
			t.Errorf("%q: details %q, want %q", bad.src, d, bad.want)
		}
	}
}

func FuzzReadValues(f *testing.F) {
	reg := testRegister(f)
	f.Add(string(MoeiteMetRondkomenCSV()))
	f.Add(header + "o1_gebruik_regelingen,2024-T2,GM0014,totaal,\"1234,5\",10,20,,Eigen,\"met, komma\"\n")
	f.Add(header + "huishoudens_110,2023-Q1,WK001401,type:eenouder,onderdrukt,,,,T,\n")
	f.Add(header + "huishoudens_110,2023-13,Mars,,-,,,,,\n")
	f.Add("\uFEFF" + header + "\"unterminated\n")
	f.Fuzz(func(t *testing.T, src string) {
		vals, err := ReadValues("fuzz.csv", strings.NewReader(src), reg)
		if err != nil {
			if perspectief.ErrorCode(err) != perspectief.CodeInvalid || len(perspectief.ErrorDetails(err)) == 0 {
				t.Fatalf("error without code or details: %v", err)
			}
			return
		}
		// Whatever is accepted must survive an export and a new import.
		var buf bytes.Buffer
		if err := WriteCSV(&buf, vals); err != nil {
			t.Fatal(err)
		}
		again, err := ReadValues("export.csv", &buf, reg)
		if err != nil {
			t.Fatalf("export does not import again: %v %v\n%s", err, perspectief.ErrorDetails(err), buf.String())
		}
		if !reflect.DeepEqual(vals, again) {
			t.Fatalf("round trip changed values:\n%+v\n%+v", vals, again)
		}
	})
}

// TestExportNeutralisesFormulas: a note or source that a spreadsheet would
// run as a formula is written with an apostrophe in front; numbers stay
// plain numbers (a negative value too); the file imports again unchanged.
func TestExportNeutralisesFormulas(t *testing.T) {
	reg := testRegister(t)
	num, margin := 12.0, 0.5
	vals := []Value{
		{Indicator: "o3_vroegsignalen", Period: YearPeriod(2024), Area: "GM0014", Group: "=groep", Value: 3, Num: &num, Margin: &margin,
			Source: `=HYPERLINK("http://evil.example","klik")`, Note: "@SUM(1+1)"},
		{Indicator: "o3_vroegsignalen", Period: YearPeriod(2023), Area: "GM0014", Group: TotalGroup, Value: 4,
			Source: "+31 50", Note: "-min"},
		{Indicator: "o3_vroegsignalen", Period: YearPeriod(2022), Area: "GM0014", Group: TotalGroup, Value: 5,
			Source: "'=al beschermd", Note: "gewone tekst"},
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, vals); err != nil {
		t.Fatal(err)
	}
	want := header +
		`o3_vroegsignalen,2024,GM0014,'=groep,3,12,,0.5,"'=HYPERLINK(""http://evil.example"",""klik"")",'@SUM(1+1)` + "\n" +
		"o3_vroegsignalen,2023,GM0014,totaal,4,,,,'+31 50,'-min\n" +
		"o3_vroegsignalen,2022,GM0014,totaal,5,,,,''=al beschermd,gewone tekst\n"
	if buf.String() != want {
		t.Errorf("export:\n%s\nwant:\n%s", buf.String(), want)
	}
	again, err := ReadValues("export.csv", &buf, reg)
	if err != nil {
		t.Fatalf("export does not import: %v %v", err, perspectief.ErrorDetails(err))
	}
	if !reflect.DeepEqual(again, vals) {
		t.Errorf("round trip changed values:\n%+v\n%+v", again, vals)
	}
}
