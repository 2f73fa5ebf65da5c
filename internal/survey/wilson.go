package survey

import "math"

// Z95 is the standard normal quantile for a two-sided 95% interval.
const Z95 = 1.959963984540054

// Wilson returns the Wilson score interval for k successes out of n at the
// given z. Unlike the textbook p ± z·√(p(1−p)/n) it stays within 0..1 and
// does not collapse to a point when k is 0 or n, which matters for the
// small samples of a survey per area (Wilson 1927; Brown, Cai and DasGupta
// 2001 recommend it for n below 40 and above).
func Wilson(k, n int, z float64) (lo, hi float64) {
	if n <= 0 {
		return 0, 0
	}
	nf := float64(n)
	p := float64(k) / nf
	z2 := z * z
	denom := 1 + z2/nf
	centre := (p + z2/(2*nf)) / denom
	half := z / denom * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf))
	lo, hi = centre-half, centre+half
	// At k = 0 or k = n the bound is exactly 0 or 1; rounding would leave
	// it a hair off.
	if k == 0 {
		lo = 0
	}
	if k == n {
		hi = 1
	}
	return math.Max(0, lo), math.Min(1, hi)
}
