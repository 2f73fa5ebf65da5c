package indicator

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestCheckRecordListsEveryProblemInOrder pins the messages of checkRecord
// and their order: the text of every field first, then the columns from
// indicator to bron.
func TestCheckRecordListsEveryProblemInOrder(t *testing.T) {
	reg := testRegister(t)
	long := strings.Repeat("x", maxFieldRunes+1)
	for _, c := range []struct {
		name string
		rec  []string
		want []string
	}{
		{"every column", []string{"bestaat_niet", "2018-T4", "Mars", "a\nb", "abc", "-1", "abc", "\xff", "", long}, []string{
			"marge: geen geldige UTF-8-tekst",
			"toelichting: langer dan 2.000 tekens",
			"indicator: \"bestaat_niet\" staat niet in het indicatorenregister",
			"periode: periode \"2018-T4\": gebruik JJJJ, JJJJ-T1 tot JJJJ-T3, JJJJ-Q1 tot JJJJ-Q4 of JJJJ-MM",
			"gebied: \"Mars\" staat niet in het gebiedenregister en is geen wijk of buurt van een gemeente daarin",
			"groep: mag geen regeleinde bevatten",
			"waarde: \"abc\" is geen getal (gebruik bijvoorbeeld 12.5 of 12,5, zonder punten voor duizendtallen)",
			"teller: mag niet negatief zijn",
			"noemer: \"abc\" is geen getal (gebruik bijvoorbeeld 12.5 of 12,5, zonder punten voor duizendtallen)",
			"bron: ontbreekt; noem waar het cijfer vandaan komt",
		}},
		{"empty", []string{"", "", "", "", "", "", "", "", "", ""}, []string{
			"indicator: ontbreekt",
			"periode: periode \"\": gebruik JJJJ, JJJJ-T1 tot JJJJ-T3, JJJJ-Q1 tot JJJJ-Q4 of JJJJ-MM",
			"gebied: ontbreekt",
			"waarde: ontbreekt (schrijf \"onderdrukt\" voor een onderdrukt cijfer)",
			"bron: ontbreekt; noem waar het cijfer vandaan komt",
		}},
		{"too large", []string{"o3_vroegsignalen", "2024", "GM0014", "", "-3", "2000000000000", "3000000000000", "", "x", ""}, []string{
			"waarde: -3 is negatief, en o3_vroegsignalen telt een aantal",
			"teller: groter dan 1000000000000: waarschijnlijk een tikfout",
			"noemer: groter dan 1000000000000: waarschijnlijk een tikfout",
		}},
		{"part above whole", []string{"moeite_met_rondkomen", "2018", "GM0014", "totaal", "140", "30", "20", "1", "x", ""}, []string{
			"waarde: 140 ligt niet tussen 0 en 100, en de eenheid van moeite_met_rondkomen is procent",
			"teller: de teller (30) is groter dan de noemer (20): een deel kan niet groter zijn dan het geheel",
		}},
		{"suppressed", []string{"moeite_met_rondkomen", "2018", "GM0014", "", "Onderdrukt", "", "", "", "OIS", ""}, nil},
	} {
		_, errs := checkRecord(c.rec, reg)
		var got []string
		for _, e := range errs {
			got = append(got, fmt.Sprintf("%s: %s", e.Column, e.Message))
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: problems\n%s\nwant\n%s", c.name, strings.Join(got, "\n"), strings.Join(c.want, "\n"))
		}
	}
}
