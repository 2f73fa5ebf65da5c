package eligibility

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

const panelHeader = "jaar,huishouden,buurt,type,personen,minderjarigen,aow,bron,inkomen,uitgesloten"

func TestReadPanelErrors(t *testing.T) {
	set, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	good := "2025,a,BU00140100,alleenstaand,1,0,0,werk,1000.5,"
	tests := []struct{ body, want string }{
		{"jaar,huishouden\n", "p.csv:1: buurt: kolom ontbreekt"},
		{panelHeader + "\n" + good + "\n" + good + "\n", `p.csv:3: huishouden: huishouden "a" staat twee keer in 2025`},
		{panelHeader + "\n2025,a,BU0014010,alleenstaand,1,0,0,werk,1,\n", "p.csv:2: buurt:"},
		{panelHeader + "\n2025,a,BU00140100,alleenstaand,1,1,0,werk,1,\n", "p.csv:2: minderjarigen:"},
		{panelHeader + "\n2025,a,BU00140100,alleenstaand,1,0,2,werk,1,\n", "p.csv:2: aow:"},
		{panelHeader + "\n2025,a,BU00140100,alleenstaand,1,0,0,werk,1e3,\n", "p.csv:2: inkomen:"},
		{panelHeader + "\n2025,a,BU00140100,alleenstaand,1,0,0,loon,1,\n", "p.csv:2: bron:"},
		{panelHeader + ",vermogen\n2025,a,BU00140100,alleenstaand,1,0,0,werk,1,,veel\n", "p.csv:2: vermogen:"},
		{panelHeader + "\n", "p.csv:1: jaar: het panel heeft geen rijen"},
	}
	for _, tt := range tests {
		_, err := set.ReadPanel("p.csv", strings.NewReader(tt.body), nil)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("got %v, want %s", err, tt.want)
		}
	}
	p, err := set.ReadPanel("p.csv", strings.NewReader("\ufeff"+panelHeader+",vermogen\n"+good+",\n2024,b,BU00140100,eenouder,2,1,0,werk,1,,5\n2025,x,BU00140100,eenouder,2,1,0,werk,1, student ,5\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if p.Year != 2025 || len(p.Households) != 1 || p.Households[0].ID != "a" {
		t.Fatalf("%+v", p)
	}
	if v := p.Households[0].Facts[set.Slot("vermogen")]; v.Known() {
		t.Errorf("empty vermogen cell should be unknown, got %+v", v)
	}
}

// TestReachDisclosure checks the trendmonitor's disclosure control on the
// reach table: k entitled behind the denominator, 0 or >= k non-users.
func TestReachDisclosure(t *testing.T) {
	set, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	norm, _ := DefaultNorm(2025, "alleenstaand", false, 0)
	var b strings.Builder
	b.WriteString(panelHeader + "\n")
	// Buurt 01: 10 entitled, all users. Buurt 02: 10 entitled, 5 users.
	// Buurt 03: 9 entitled, none users.
	for i := 0; i < 29; i++ {
		fmt.Fprintf(&b, "2025,h%d,BU001401%02d,alleenstaand,1,0,0,werk,%.2f,\n", i, 1+i/10, 0.9*norm)
	}
	p, err := set.ReadPanel("p.csv", strings.NewReader(b.String()), nil)
	if err != nil {
		t.Fatal(err)
	}
	u := Usage{"stadjerspas": {}}
	for i := 0; i < 15; i++ {
		u["stadjerspas"][fmt.Sprintf("h%d", i)] = true
	}
	rows, _ := set.Reach(p, u, time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC), ReachOptions{MinCell: 10})
	var out strings.Builder
	if err := WriteReach(&out, rows, 10); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"stadjerspas,2025,buurt,BU00140101,totaal,10,10,0,0,0,0",
		"stadjerspas,2025,buurt,BU00140102,totaal,,,,,0,1",
		"stadjerspas,2025,buurt,BU00140103,totaal,,,,,0,1",
		"stadjerspas,2025,gemeente,GM0014,totaal,29,15,14,48.27586207,0,0",
		"stadjerspas,2025,wijk,WK001401,bron:werk,29,15,14,48.27586207,0,0",
	} {
		if !strings.Contains(out.String(), want+"\n") {
			t.Errorf("missing %s", want)
		}
	}
	if strings.Contains(out.String(), "energietoeslag") {
		t.Error("scheme not in force in the output")
	}
}
