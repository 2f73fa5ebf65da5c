// Package numfmt writes numbers the way Dutch readers expect them: a dot
// between thousands and a decimal comma ("2.380", "12,5"), with English
// separators on request. Pages, charts and explanations all use it, so a
// figure reads the same wherever it appears.
package numfmt

import (
	"math"
	"strconv"
	"strings"
)

// Separators are the thousands and decimal marks of a language.
type Separators struct{ Thousands, Decimal string }

var (
	Dutch   = Separators{".", ","}
	English = Separators{",", "."}
)

// Format rounds v to at most decimals places and writes it with sep. Trailing
// zero decimals are left out ("12,5", not "12,50"; "3", not "3,0"); a value
// that rounds to zero carries no minus sign. Any float is written without
// panicking: NaN as "?", infinities as "∞" and "-∞", and values beyond
// what int64 holds exactly without decimals.
func Format(v float64, decimals int, sep Separators) string {
	switch {
	case math.IsNaN(v):
		return "?"
	case math.IsInf(v, 1):
		return "∞"
	case math.IsInf(v, -1):
		return "-∞"
	}
	decimals = min(max(decimals, 0), 6)
	scale := math.Pow(10, float64(decimals))
	neg := v < 0
	r := math.Round(math.Abs(v) * scale)
	var digits string
	var frac int64
	if r >= 1<<53 || math.IsInf(r, 0) {
		// Too large for exact integer arithmetic: the decimals are noise.
		r = math.Round(math.Abs(v))
		digits = strconv.FormatFloat(r, 'f', 0, 64)
	} else {
		whole := int64(r / scale)
		frac = int64(r) - whole*int64(scale)
		digits = strconv.FormatInt(whole, 10)
	}
	var b strings.Builder
	if neg && r != 0 {
		b.WriteByte('-')
	}
	for i, c := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteString(sep.Thousands)
		}
		b.WriteRune(c)
	}
	if frac != 0 {
		f := strconv.FormatInt(frac, 10)
		f = strings.Repeat("0", decimals-len(f)) + f
		b.WriteString(sep.Decimal + strings.TrimRight(f, "0"))
	}
	return b.String()
}

// Dutch1 writes v the Dutch way with at most one decimal, and a percent sign
// when percent is set: "12,5%", "2.380".
func Dutch1(v float64, percent bool) string {
	s := Format(v, 1, Dutch)
	if percent {
		s += "%"
	}
	return s
}

// Fixed writes v like Format but always with exactly decimals decimals,
// so that the numbers of one table line up: "17,0" beside "17,6".
func Fixed(v float64, decimals int, sep Separators) string {
	s := Format(v, decimals, sep)
	if decimals <= 0 || strings.ContainsAny(s, "?∞") {
		return s
	}
	i := strings.Index(s, sep.Decimal)
	if i < 0 {
		return s + sep.Decimal + strings.Repeat("0", decimals)
	}
	return s + strings.Repeat("0", decimals-(len(s)-i-len(sep.Decimal)))
}

// Fixed1 writes a percentage with exactly one decimal ("17,0%") and any
// other number as Dutch1 does: for the tables of the yearly report, where
// one precision holds per table.
func Fixed1(v float64, percent bool) string {
	if !percent {
		return Dutch1(v, false)
	}
	return Fixed(v, 1, Dutch) + "%"
}

// Count writes a whole number the Dutch way ("1.000", "250"), for counts
// in running text and messages.
func Count(n int) string { return Format(float64(n), 0, Dutch) }
