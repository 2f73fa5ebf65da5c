package survey

import (
	"math"
	"testing"
)

// The expected bounds are worked out by hand from
//
//	centre = (p + z²/2n) / (1 + z²/n)
//	half   = z/(1 + z²/n) · √(p(1−p)/n + z²/4n²)
//
// with z = 1.959964, z² = 3.841459. For k = 5, n = 10: p = 0.5,
// 1 + z²/n = 1.384146, centre = (0.5 + 0.192073)/1.384146 = 0.5,
// half = 1.416008 · √(0.025 + 0.009604) = 1.416008 · 0.186020 = 0.263407,
// so 0.236593 to 0.763407. For k = 0, n = 10: centre = 0.192073/1.384146
// = 0.138767 and half = 1.416008 · √0.009604 = 0.138767, so 0 to 0.277533.
func TestWilson(t *testing.T) {
	for _, c := range []struct {
		k, n   int
		lo, hi float64
	}{
		{5, 10, 0.236593, 0.763407},
		{0, 10, 0, 0.277533},
		{10, 10, 0.722467, 1},
		{7, 12, 0.319511, 0.806740},
		{81, 263, 0.255289, 0.366210},
		{1, 1, 0.206549, 1},
	} {
		lo, hi := Wilson(c.k, c.n, Z95)
		if math.Abs(lo-c.lo) > 5e-7 || math.Abs(hi-c.hi) > 5e-7 {
			t.Errorf("Wilson(%d, %d) = %.6f..%.6f, want %.6f..%.6f", c.k, c.n, lo, hi, c.lo, c.hi)
		}
		if p := float64(c.k) / float64(c.n); lo > p || hi < p {
			t.Errorf("Wilson(%d, %d) = %.6f..%.6f does not contain p = %.6f", c.k, c.n, lo, hi, p)
		}
	}
	if lo, hi := Wilson(0, 0, Z95); lo != 0 || hi != 0 {
		t.Errorf("Wilson(0, 0) = %v..%v, want 0..0", lo, hi)
	}
}
