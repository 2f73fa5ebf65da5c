package eligibility

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestReachRunRecordsWhatDecided(t *testing.T) {
	in, _ := outreachFiles(t)
	set, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(in.Panel)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, err := set.ReadPanel(in.Panel, f, nil)
	if err != nil {
		t.Fatal(err)
	}
	u := Usage{"stadjerspas": {"h4": true}}
	run := ReachRunInput{Panel: p, PanelName: in.Panel, Usage: u, UsageName: in.Usage, MinCell: 1, RulesFrom: "meegeleverd",
		Assumptions: []string{"vermogen=0"}, Protect: true}
	res, err := set.ReachRun(run)
	if err != nil {
		t.Fatal(err)
	}
	if res.Meta.Peildatum != "2025-12-31" || res.Meta.Households != 6 || res.Meta.Jaar != 2025 || res.Meta.RegelsBron != "meegeleverd" {
		t.Errorf("metadata %+v", res.Meta)
	}
	inForce := set.InForce(res.Day)
	if len(inForce) == 0 || len(res.Meta.Regels) != len(inForce) {
		t.Fatalf("metadata names %d rule versions, %d schemes are in force", len(res.Meta.Regels), len(inForce))
	}
	for _, sc := range inForce {
		if res.Meta.Regels[sc.Code] != sc.Version {
			t.Errorf("%s: metadata names version %q, %q decided", sc.Code, res.Meta.Regels[sc.Code], sc.Version)
		}
	}
	// Without --secundair the table written is the plain one; what is
	// stored is protected.
	plain, _ := set.Reach(p, u, res.Day, ReachOptions{MinCell: 1})
	if !reflect.DeepEqual(res.Rows, plain) || res.Protected == nil || !res.Suppressed {
		t.Errorf("rows differ from the plain table, or nothing protected to store (suppressed %v)", res.Suppressed)
	}
	if ja := res.Totals["stadjerspas"][0]; ja != 5 {
		t.Errorf("stadjerspas: %d entitled, want 5 (all but the one at 125 %%)", ja)
	}

	out := filepath.Join(t.TempDir(), "bereik.csv")
	if err := WriteReachRun(out, res); err != nil {
		t.Fatal(err)
	}
	var meta ReachMeta
	b, err := os.ReadFile(out + ".meta.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &meta); err != nil || !reflect.DeepEqual(meta, res.Meta) {
		t.Errorf("meta.json %s, %v", b, err)
	}
	if table, err := os.ReadFile(out); err != nil || !strings.Contains(string(table), "stadjerspas") {
		t.Errorf("table: %v\n%s", err, table)
	}
}
