package main

import (
	"context"
	"path/filepath"
	"time"

	"github.com/perspectief/perspectief/internal/eligibility"
	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/store"
)

// storeReach stores the batch run's rows as the indicators
// niet_gebruik_<regeling> (regelingen bereik-berekenen --db). Indicators the
// database's register lacks are added to it first, the built-in register
// too when the database has none yet, so that the values show as
// indicators. An indicator the team has retired (vervallen) takes no new
// values: its rows are left out, and skipped says why, one line each. It
// returns the number of values stored.
func storeReach(ctx context.Context, db *store.DB, set *eligibility.Set, day time.Time, rows []eligibility.ReachRow, panelPath string) (n int, skipped []string, err error) {
	reg, err := db.Indicators().Register(ctx)
	if err != nil {
		return 0, nil, err
	}
	add := &indicator.Register{}
	if len(reg.Indicators) == 0 {
		if add, err = indicator.DefaultRegister(); err != nil {
			return 0, nil, err
		}
	}
	for _, sc := range set.InForce(day) {
		code := eligibility.IndicatorCode(sc.Code)
		if _, ok := reg.Indicator(code); ok {
			continue
		}
		if _, ok := add.Indicator(code); ok {
			continue
		}
		add.Indicators = append(add.Indicators, sc.Indicator())
	}
	if len(add.Indicators) > 0 {
		if errs := add.Validate(); len(errs) > 0 {
			return 0, nil, &indicatorRegisterError{errs}
		}
		if err := db.Indicators().SaveRegister(ctx, add, "cli"); err != nil {
			return 0, nil, err
		}
	}
	var vals []indicator.Value
	said := map[string]bool{}
	for _, v := range eligibility.ReachValues(rows, "regelingen bereik-berekenen "+filepath.Base(panelPath)) {
		if ind, ok := reg.Indicator(v.Indicator); ok && ind.Retired {
			if !said[ind.Code] {
				said[ind.Code] = true
				skipped = append(skipped, indicator.RetiredRefusal(ind))
			}
			continue
		}
		vals = append(vals, v)
	}
	if len(vals) == 0 {
		return 0, skipped, nil
	}
	if err := db.Indicators().ImportValues(ctx, vals, "regelingen bereik-berekenen "+filepath.Base(panelPath), "cli"); err != nil {
		return 0, nil, err
	}
	return len(vals), skipped, nil
}

type indicatorRegisterError struct{ problems []string }

func (e *indicatorRegisterError) Error() string {
	return "register entries for the non-take-up indicators are invalid: " + e.problems[0]
}
