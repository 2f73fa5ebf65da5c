package trend

import "strings"

// TableHouseholds gives the household counts secondary suppression needs,
// as far as a table shows them itself (for a table computed elsewhere):
//
//   - huishoudens_*: the noemer is the number of households;
//   - personen_*: the noemer of a shown huishoudens_* row of the same year,
//     area and group, since every one of them counts the households of the
//     population;
//   - gebruik_*_110 (section 6): the noemer is the number of households at
//     or below 110%, the households behind it;
//   - minderjarigen_*: unknown, since the households with minors appear in
//     no row.
//
// A suppressed row has no numbers, so its count is unknown too.
func TableHouseholds(rows []Row) HouseholdCounts {
	type cell struct {
		year  int
		area  string
		group Group
	}
	hh := map[cell]int64{}
	for i := range rows {
		r := &rows[i]
		if !r.Suppressed && strings.HasPrefix(r.Indicator.String(), "huishoudens_") {
			hh[cell{r.Year, r.Area, r.Group}] = r.Den
		}
	}
	return func(i int) (int64, bool) {
		r := &rows[i]
		if r.Suppressed {
			return 0, false
		}
		name := r.Indicator.String()
		switch {
		case strings.HasPrefix(name, "huishoudens_"), r.Indicator >= UseParticipatiewet110 && r.Indicator <= UseWmo110:
			return r.Den, true
		case strings.HasPrefix(name, "personen_"):
			n, ok := hh[cell{r.Year, r.Area, r.Group}]
			return n, ok
		}
		return 0, false
	}
}
