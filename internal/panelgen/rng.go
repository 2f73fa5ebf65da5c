package panelgen

import "math"

// The generator draws every random number from a hash of what it is for
// (seed, dwelling, occupant, field, year) instead of from a stream. Any
// household-year can then be computed on its own, in any order and on any
// goroutine, and the output is the same bytes for the same seed whatever
// the number of workers.

// mix64 is the SplitMix64 finaliser: a bijection on uint64 with good
// avalanche, so distinct inputs give distinct, well spread outputs.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// draw returns the hash for one named draw of a key in a year.
func draw(key uint64, field uint64, year int) uint64 {
	return mix64(mix64(key^(field*0x9e3779b97f4a7c15)) + uint64(year)*0xd1b54a32d192ed03)
}

// uniformFrom maps a hash to [0, 1).
func uniformFrom(h uint64) float64 {
	return float64(h>>11) * (1.0 / (1 << 53))
}

// normalFrom maps a hash to a standard normal deviate.
func normalFrom(h uint64) float64 {
	// Keep away from 0 so the inverse CDF stays finite.
	u := (float64(h>>11) + 0.5) * (1.0 / (1 << 53))
	return invNormal(u)
}

func hashString(s string) uint64 {
	// FNV-1a, then mixed: only used for fixed area codes.
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return mix64(h)
}

// normCDF is the standard normal distribution function.
func normCDF(x float64) float64 {
	return 0.5 * math.Erfc(-x/math.Sqrt2)
}

// invNormal is Acklam's rational approximation of the standard normal
// quantile (relative error below 1.2e-9), ample for synthetic data.
func invNormal(p float64) float64 {
	const (
		a1    = -3.969683028665376e+01
		a2    = 2.209460984245205e+02
		a3    = -2.759285104469687e+02
		a4    = 1.383577518672690e+02
		a5    = -3.066479806614716e+01
		a6    = 2.506628277459239e+00
		b1    = -5.447609879822406e+01
		b2    = 1.615858368580409e+02
		b3    = -1.556989798598866e+02
		b4    = 6.680131188771972e+01
		b5    = -1.328068155288572e+01
		c1    = -7.784894002430293e-03
		c2    = -3.223964580411365e-01
		c3    = -2.400758277161838e+00
		c4    = -2.549732539343734e+00
		c5    = 4.374664141464968e+00
		c6    = 2.938163982698783e+00
		d1    = 7.784695709041462e-03
		d2    = 3.224671290700398e-01
		d3    = 2.445134137142996e+00
		d4    = 3.754408661907416e+00
		pLow  = 0.02425
		pHigh = 1 - pLow
	)
	switch {
	case p < pLow:
		q := math.Sqrt(-2 * math.Log(p))
		return (((((c1*q+c2)*q+c3)*q+c4)*q+c5)*q + c6) / ((((d1*q+d2)*q+d3)*q+d4)*q + 1)
	case p <= pHigh:
		q := p - 0.5
		r := q * q
		return (((((a1*r+a2)*r+a3)*r+a4)*r+a5)*r + a6) * q / (((((b1*r+b2)*r+b3)*r+b4)*r+b5)*r + 1)
	default:
		q := math.Sqrt(-2 * math.Log(1-p))
		return -(((((c1*q+c2)*q+c3)*q+c4)*q+c5)*q + c6) / ((((d1*q+d2)*q+d3)*q+d4)*q + 1)
	}
}

// pick returns the index i with cum[i-1] <= u*total < cum[i].
func pick(cum []float64, u float64) int {
	x := u * cum[len(cum)-1]
	lo, hi := 0, len(cum)-1
	for lo < hi {
		m := (lo + hi) / 2
		if cum[m] > x {
			hi = m
		} else {
			lo = m + 1
		}
	}
	return lo
}

// interp evaluates a piecewise-linear function through knots (xs, ys) at x,
// xs ascending.
func interp(xs, ys []float64, x float64) float64 {
	if x <= xs[0] {
		return ys[0]
	}
	for i := 1; i < len(xs); i++ {
		if x <= xs[i] {
			t := (x - xs[i-1]) / (xs[i] - xs[i-1])
			return ys[i-1] + t*(ys[i]-ys[i-1])
		}
	}
	return ys[len(ys)-1]
}
