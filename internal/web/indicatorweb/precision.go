package indicatorweb

import (
	"strings"

	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/numfmt"
)

// One precision per table: a table whose values need a decimal shows every
// value with one ("13,0%" beside "16,6%", not "13%"); a table of whole
// numbers shows none.

// tableDecimals is the number of decimals of a table that shows vals:
// 1 when any shown value has a decimal at one decimal's precision, else 0.
func tableDecimals(vals []indicator.Value) int {
	for _, v := range vals {
		if !v.Suppressed && strings.Contains(numfmt.Format(v.Value, 1, numfmt.Dutch), ",") {
			return 1
		}
	}
	return 0
}

// formatIn writes val of ind as a table with dec decimals shows it:
// "onderdrukt" for a suppressed value, else the Dutch number with exactly
// dec decimals, and a percent sign for a percentage.
func formatIn(ind *indicator.Indicator, val indicator.Value, dec int) string {
	if val.Suppressed {
		return ind.Format(val)
	}
	s := numfmt.Fixed(val.Value, dec, numfmt.Dutch)
	if ind.IsPercent() {
		s += "%"
	}
	return s
}
