package store

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/store/pgtest"
)

// TestOldIndicatorKinds: rows written with the kinds of before annex 1
// (prestatie, effect, context), as an older version or a restored backup
// left them, read as beleidsindicator or omgevingsindicator, on both
// databases.
func TestOldIndicatorKinds(t *testing.T) {
	for name, dsn := range map[string]func(t testing.TB) string{
		"sqlite":   func(t testing.TB) string { return filepath.Join(t.TempDir(), "p.db") },
		"postgres": pgtest.DSN,
	} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			db, err := Open(ctx, dsn(t))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			rows := []struct{ code, typ, kind, want string }{
				{"a_output_effect", "output", "effect", indicator.KindPolicy},
				{"b_throughput_effect", "throughput", "effect", indicator.KindPolicy},
				{"c_impact_effect", "impact", "effect", indicator.KindContext},
				{"d_output_prestatie", "output", "prestatie", indicator.KindPolicy},
				{"e_outcome_context", "outcome", "context", indicator.KindContext},
			}
			for i, r := range rows {
				if _, err := db.db.ExecContext(ctx, db.d.rebind(`INSERT INTO indicators (code, position, name, definition, unit, type, kind, level, source, frequency, direction, targets, goals, owner, note)
					VALUES (?, ?, ?, '', 'aantal', ?, ?, 'operationeel', '', '', 'omhoog', '[]', '[]', '', '')`), r.code, i, r.code, r.typ, r.kind); err != nil {
					t.Fatal(err)
				}
			}
			reg, err := db.Indicators().Register(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range rows {
				ind, ok := reg.Indicator(r.code)
				if !ok || ind.Kind != r.want || ind.Retired || ind.Baseline != nil {
					t.Errorf("%s (%s, %s) reads as %+v, want soort %s", r.code, r.typ, r.kind, ind, r.want)
				}
			}
		})
	}
}
