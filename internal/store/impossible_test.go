package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

// TestImpossibleIndicatorValuesChangeNothing: the value form refuses what
// the import refuses, naming the field, and stores nothing.
func TestImpossibleIndicatorValuesChangeNothing(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := indicator.NewService(db.Indicators(), db.Trends(), db.Shapes())
		good := indicator.ValueInput{Period: "2024", Area: "GM0014", Value: "12,5", Source: "OIS"}
		if _, err := svc.EnterValue(ctx, admin, "moeite_met_rondkomen", good); err != nil {
			t.Fatalf("a good value: %v %v", err, perspectief.ErrorDetails(err))
		}
		count := func() int {
			vs, err := db.Indicators().StoredValues(ctx, indicator.ValueFilter{})
			if err != nil {
				t.Fatal(err)
			}
			return len(vs)
		}
		before := count()
		for _, c := range []struct {
			code string
			in   indicator.ValueInput
			want string
		}{
			{"moeite_met_rondkomen", indicator.ValueInput{Period: "2023", Area: "GM0014", Value: "140", Source: "x"}, "waarde: 140 ligt niet tussen 0 en 100"},
			{"moeite_met_rondkomen", indicator.ValueInput{Period: "2023", Area: "GM0014", Value: "20", Num: "30", Den: "20", Source: "x"}, "teller: de teller (30) is groter dan de noemer (20)"},
			{"o3_vroegsignalen", indicator.ValueInput{Period: "2023", Area: "GM0014", Value: "-4", Source: "x"}, "waarde: -4 is negatief"},
			{"o3_vroegsignalen", indicator.ValueInput{Period: "2023", Area: "WK036301", Value: "4", Source: "x"}, `gebied: "WK036301" staat niet in het gebiedenregister`},
		} {
			_, err := svc.EnterValue(ctx, admin, c.code, c.in)
			if d := strings.Join(perspectief.ErrorDetails(err), "\n"); perspectief.ErrorCode(err) != perspectief.CodeInvalid || !strings.Contains(d, c.want) {
				t.Errorf("%s %+v: %v\n%s", c.code, c.in, err, d)
			}
		}
		if n := count(); n != before {
			t.Errorf("refused values changed the store: %d values, had %d", n, before)
		}
	})
}
