package indicator_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/norms"
	"github.com/perspectief/perspectief/internal/panelgen"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
	"github.com/perspectief/perspectief/internal/trend"
)

// TestTrendUploadTakesVersion2 (trendmonitor spec section 6, issue 18 §5):
// a table computed elsewhere from a version-2 panel, with the age and
// education groups and the three usage indicators, goes in through the
// upload whole: every cell of the table is stored, and the group page
// offers age and education beside household type and income source.
func TestTrendUploadTakesVersion2(t *testing.T) {
	ctx := context.Background()
	table := version2Table(t)
	rows, err := trend.ReadTable("cbs.csv", bytes.NewReader(table))
	if err != nil {
		t.Fatal(err)
	}
	want := map[[2]string]int{} // indicator and group kind -> cells
	for _, r := range rows {
		want[[2]string{r.Indicator.String(), kindOf(r.Group.String())}]++
	}
	for _, k := range [][2]string{{"gebruik_participatiewet_110", "totaal"}, {"gebruik_jeugdwet_110", "totaal"}, {"gebruik_wmo_110", "totaal"},
		{"huishoudens_110", "leeftijd"}, {"huishoudens_110", "opleiding"}} {
		if want[k] == 0 {
			t.Fatalf("the generated table has no cells of %v; the test needs them", k)
		}
	}

	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := indicator.NewService(db.Indicators(), db.Trends(), db.Shapes())
		plan, err := s.ImportTrendTable(ctx, team, "cbs.csv", table)
		if err != nil {
			t.Fatalf("%v %v", err, perspectief.ErrorDetails(err))
		}
		if plan.Rows != len(rows) {
			t.Errorf("the upload took %d rows of %d", plan.Rows, len(rows))
		}
		cells, err := db.Trends().TrendValues(ctx, indicator.TrendFilter{})
		if err != nil {
			t.Fatal(err)
		}
		got := map[[2]string]int{}
		for _, c := range cells {
			got[[2]string{c.Indicator, kindOf(c.Group)}]++
		}
		for k, n := range want {
			if got[k] != n {
				t.Errorf("%s, groups %s: %d cells stored, want %d", k[0], k[1], got[k], n)
			}
		}

		cmp, err := s.CompareGroups(ctx, indicator.GroupQuery{Breakdown: "leeftijd"})
		if err != nil {
			t.Fatal(err)
		}
		offered := map[string]bool{}
		for _, b := range cmp.Offered {
			offered[b.ID] = true
		}
		for _, b := range []string{"huishoudtype", "inkomensbron", "leeftijd", "opleiding"} {
			if !offered[b] {
				t.Errorf("after the upload the group page does not offer %s; it offers %v", b, cmp.Offered)
			}
		}
	})
}

// version2Table computes the trendmonitor table of a small synthetic
// version-2 panel, as CBS's remote-access environment would hand it out.
func version2Table(t *testing.T) []byte {
	t.Helper()
	dir := t.TempDir()
	panel := filepath.Join(dir, "panel.csv")
	f, err := os.Create(panel)
	if err != nil {
		t.Fatal(err)
	}
	if err := panelgen.WriteCSV(context.Background(), f, panelgen.Config{Mode: panelgen.Groningen, Households: 6000, Years: [2]int{2021, 2024}, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	f.Close()
	n, err := trend.ReadNorms("normen", bytes.NewReader(norms.DefaultCSV()))
	if err != nil {
		t.Fatal(err)
	}
	res, err := trend.Compute(context.Background(), trend.Options{PanelPath: panel, Norms: &n, Secondary: true})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := trend.WriteTable(&buf, res.Rows); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// kindOf is the breakdown of a group name: "leeftijd" for
// "leeftijd:65_plus", "totaal" for "totaal".
func kindOf(group string) string {
	kind, _, _ := strings.Cut(group, ":")
	return kind
}
