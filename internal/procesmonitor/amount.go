package procesmonitor

import (
	"fmt"
	"strconv"
	"strings"
)

// ParseAmount reads an amount in euros as a person types it in a form, in
// Dutch: "261.000", "261000", "1.234,56", "1,5" or "€ 261.000". A point
// followed by groups of three digits separates thousands; a comma is the
// decimal sign. For amounts written the machine way, a single point
// followed by one or two digits ("80.50") is read as the decimal sign.
func ParseAmount(s string) (int64, error) {
	bad := fmt.Errorf("%q is geen bedrag; schrijf euro's, bijvoorbeeld 261.000, 261000 of 1.234,56", clip(s))
	body := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "€"))
	sign := ""
	if strings.HasPrefix(body, "-") || strings.HasPrefix(body, "+") {
		sign, body = body[:1], body[1:]
	}
	whole, frac, hasFrac := body, "", false
	if i := strings.LastIndexByte(body, ','); i >= 0 {
		whole, frac, hasFrac = body[:i], body[i+1:], true
	} else if i := strings.LastIndexByte(body, '.'); i >= 0 && strings.Count(body, ".") == 1 && len(body)-i-1 <= 2 {
		whole, frac, hasFrac = body[:i], body[i+1:], true
	}
	if strings.Contains(whole, ".") {
		groups := strings.Split(whole, ".")
		if len(groups[0]) == 0 || len(groups[0]) > 3 {
			return 0, bad
		}
		for _, g := range groups[1:] {
			if len(g) != 3 {
				return 0, bad
			}
		}
		whole = strings.Join(groups, "")
	}
	plain := sign + whole
	if hasFrac {
		plain += "," + frac
	}
	c, err := ParseCents(plain)
	if err != nil && strings.Contains(err.Error(), "miljard") {
		return 0, err
	}
	if err != nil {
		return 0, bad
	}
	return c, nil
}

// FormatAmount writes cents as a Dutch amount for a form field or a page,
// the way ParseAmount reads it back: points between thousands, a decimal
// comma only when there are cents ("261.000", "1.234,56").
func FormatAmount(c int64) string {
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	digits := strconv.FormatInt(c/100, 10)
	var b strings.Builder
	b.WriteString(sign)
	for i, d := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(d)
	}
	if cents := c % 100; cents != 0 {
		fmt.Fprintf(&b, ",%02d", cents)
	}
	return b.String()
}
