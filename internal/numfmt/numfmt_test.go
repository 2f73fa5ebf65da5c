package numfmt

import (
	"math"
	"strings"
	"testing"
)

func TestFormat(t *testing.T) {
	for _, c := range []struct {
		v    float64
		dec  int
		sep  Separators
		want string
	}{
		{2380, 1, Dutch, "2.380"},
		{-900, 1, Dutch, "-900"},
		{12.5, 1, Dutch, "12,5"},
		{12.46, 1, Dutch, "12,5"},
		{12.04, 1, Dutch, "12"},
		{-0.04, 1, Dutch, "0"},
		{1234567.891, 2, Dutch, "1.234.567,89"},
		{1234567.891, 2, English, "1,234,567.89"},
		{1410.5, 2, Dutch, "1.410,5"},
		{0.05, 2, Dutch, "0,05"},
		{999.96, 1, Dutch, "1.000"},
	} {
		if got := Format(c.v, c.dec, c.sep); got != c.want {
			t.Errorf("Format(%v, %d, %v) = %q, want %q", c.v, c.dec, c.sep, got, c.want)
		}
	}
	if got := Dutch1(16.75, true); got != "16,8%" {
		t.Errorf("Dutch1 = %q", got)
	}
}

// TestFormatExtremes: no stored value can make a page fail in its numbers.
func TestFormatExtremes(t *testing.T) {
	for _, c := range []struct {
		v    float64
		want string
	}{
		{math.NaN(), "?"}, {math.Inf(1), "∞"}, {math.Inf(-1), "-∞"},
		{1e15, "1.000.000.000.000.000"}, {-1e16, "-10.000.000.000.000.000"},
		{9007199254740993, "9.007.199.254.740.992"}, {12.345, "12,3"},
	} {
		if got := Format(c.v, 1, Dutch); got != c.want {
			t.Errorf("Format(%g) = %q, want %q", c.v, got, c.want)
		}
	}
	for _, v := range []float64{1e308, -1e308, math.MaxFloat64, math.SmallestNonzeroFloat64, 4.5e18, -9.3e18} {
		if got := Format(v, 1, Dutch); got == "" || strings.ContainsAny(got, "e+") {
			t.Errorf("Format(%g) = %q", v, got)
		}
	}
}

func TestFixed(t *testing.T) {
	for _, c := range []struct {
		v    float64
		d    int
		want string
	}{{17, 1, "17,0"}, {17.6, 1, "17,6"}, {17.65, 2, "17,65"}, {17.5, 2, "17,50"}, {1234, 1, "1.234,0"}, {-0.04, 1, "0,0"}, {3, 0, "3"}} {
		if got := Fixed(c.v, c.d, Dutch); got != c.want {
			t.Errorf("Fixed(%v, %d) = %q, want %q", c.v, c.d, got, c.want)
		}
	}
	if got := Fixed1(17, true); got != "17,0%" {
		t.Errorf("Fixed1(17, true) = %q", got)
	}
}
