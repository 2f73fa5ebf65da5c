package wegingskader

import (
	"fmt"
	"strings"
	"unicode"
)

// MaxAmount is the largest amount a request or budget may hold for one
// year: a billion euros, far above any poverty budget, so that sums over
// sixty requests and several years stay exact in int64.
const MaxAmount = 1_000_000_000

// ParseEuros reads a whole amount of euros as people type it: "12500",
// "12.500", "€ 12.500", "12 500", "12.500,00" or "12.500,-". Cents other
// than zero are refused: requests and budgets are in whole euros.
func ParseEuros(s string) (int64, error) {
	t := strings.TrimSpace(s)
	t = strings.TrimPrefix(t, "€")
	t = strings.TrimPrefix(strings.TrimSpace(t), "EUR")
	t = strings.TrimSpace(t)
	if t == "" {
		return 0, fmt.Errorf("vul een bedrag in")
	}
	if strings.HasPrefix(t, "-") || strings.HasPrefix(t, "−") {
		return 0, fmt.Errorf("%q is negatief; een bedrag is 0 of meer", s)
	}
	whole, cents, hasCents := strings.Cut(t, ",")
	if hasCents && cents != "-" && strings.Trim(cents, "0") != "" {
		return 0, fmt.Errorf("%q heeft centen; geef hele euro's", s)
	}
	if hasCents && cents == "" {
		return 0, fmt.Errorf("%q is geen bedrag in hele euro's", s)
	}
	var n int64
	digits := 0
	for i, r := range whole {
		switch {
		case r >= '0' && r <= '9':
			n = n*10 + int64(r-'0')
			digits++
			if n > MaxAmount {
				return 0, fmt.Errorf("%q is meer dan %s", s, Euros(MaxAmount))
			}
		case (r == '.' || unicode.IsSpace(r)) && i > 0:
			// thousands separators
		default:
			return 0, fmt.Errorf("%q is geen bedrag in hele euro's", s)
		}
	}
	if digits == 0 {
		return 0, fmt.Errorf("%q is geen bedrag in hele euro's", s)
	}
	return n, nil
}
