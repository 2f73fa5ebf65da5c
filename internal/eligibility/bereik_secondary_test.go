package eligibility

import (
	"bytes"
	"strings"
	"testing"
)

// The non-take-up table's own sums, worked out by hand (k = 10): the wijk is
// the sum of its buurten, per scheme.
func TestReachSecondary(t *testing.T) {
	row := func(scheme, level, area string, entitled, nonUsers, unknown int) ReachRow {
		r := ReachRow{Scheme: scheme, Version: "1", Year: 2025, Level: level, Area: area, Group: "totaal",
			Entitled: entitled, Users: entitled - nonUsers, NonUsers: nonUsers, Unknown: unknown}
		r.Suppressed = r.Entitled < 10 || (r.NonUsers >= 1 && r.NonUsers < 10)
		return r
	}
	var rows []ReachRow
	for _, s := range []string{"kwijtschelding", "stadjerspas"} {
		small := 5 // stadjerspas: BU00140102 has 5 entitled households, below k
		if s == "kwijtschelding" {
			small = 15 // nothing suppressed: the scheme stays as it is
		}
		rows = append(rows,
			row(s, "gemeente", "GM0014", 55+small, 22, 15),
			row(s, "wijk", "WK001401", 55+small, 22, 15),
			row(s, "buurt", "BU00140100", 30, 12, 3),
			row(s, "buurt", "BU00140101", 25, 10, 12),
			row(s, "buurt", "BU00140102", small, 0, 0))
	}
	cells, unknown, err := ReachSecondary(rows, 10)
	if err != nil {
		t.Fatal(err)
	}
	// stadjerspas: WK001401 minus the shown buurten gives BU00140102; of
	// those shown, BU00140101 has the fewest entitled (25 < 30).
	// onbekend (both schemes): BU00140100's 3 is hidden (1..k-1); the wijk's
	// 15 minus the others would give it, so the shown buurt with the fewest
	// unknown, BU00140102 (0), is hidden too.
	if cells.Exposed != 1 || cells.Cells != 1 || unknown.Exposed != 2 || unknown.Cells != 2 {
		t.Errorf("stats: cells %+v, onbekend %+v", cells, unknown)
	}
	var buf bytes.Buffer
	if err := WriteReach(&buf, rows, 10); err != nil {
		t.Fatal(err)
	}
	want := ReachHeader + `
kwijtschelding,2025,gemeente,GM0014,totaal,70,48,22,31.42857143,15,0
kwijtschelding,2025,wijk,WK001401,totaal,70,48,22,31.42857143,15,0
kwijtschelding,2025,buurt,BU00140100,totaal,30,18,12,40,,0
kwijtschelding,2025,buurt,BU00140101,totaal,25,15,10,40,12,0
kwijtschelding,2025,buurt,BU00140102,totaal,15,15,0,0,,0
stadjerspas,2025,gemeente,GM0014,totaal,60,38,22,36.66666667,15,0
stadjerspas,2025,wijk,WK001401,totaal,60,38,22,36.66666667,15,0
stadjerspas,2025,buurt,BU00140100,totaal,30,18,12,40,,0
stadjerspas,2025,buurt,BU00140101,totaal,,,,,12,2
stadjerspas,2025,buurt,BU00140102,totaal,,,,,,1
`
	if got := strings.ReplaceAll(buf.String(), "\r\n", "\n"); got != want {
		t.Errorf("table:\n%s\nwant:\n%s", got, want)
	}
}
