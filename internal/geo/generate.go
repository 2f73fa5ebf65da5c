package geo

import (
	"math"
	"sort"
	"strings"
)

// GenerateBuurten draws stand-in buurten inside real wijken, for buurt
// codes that have no outline of their own (the demo's synthetic buurten,
// BU0014xxyy inside WK0014xx). Each wijk is cut into as many strips of
// equal area as it has buurten, across its longer side, in code order. The
// shapes are marked Generated: they show where a buurt's figure belongs,
// not where its border lies. Codes without their wijk are left out.
func GenerateBuurten(wijken []Shape, codes []string) []Shape {
	byWijk := map[string][]string{}
	for _, c := range codes {
		if Level(c) == Buurt {
			w := "WK" + c[2:8]
			byWijk[w] = append(byWijk[w], c)
		}
	}
	var out []Shape
	for _, w := range wijken {
		bs := byWijk[w.Code]
		if len(bs) == 0 {
			continue
		}
		sort.Strings(bs)
		bs = dedupe(bs)
		for i, piece := range split(w.Rings, len(bs)) {
			name := w.Name + ", buurt " + strings.TrimPrefix(bs[i][8:], "0") // "01" -> "1", "00" -> "0"
			out = append(out, Shape{Code: bs[i], Name: name, Rings: piece, Generated: true})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

func dedupe(ss []string) []string {
	out := ss[:0]
	for i, s := range ss {
		if i == 0 || s != ss[i-1] {
			out = append(out, s)
		}
	}
	return out
}

// split cuts rings into n strips of (nearly) equal area, across the longer
// side of their bounding box in a local equirectangular projection. Each
// strip is the rings clipped to a band, so holes stay holes.
func split(rings [][][2]float64, n int) [][][][2]float64 {
	minX, maxX, minY, maxY := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, r := range rings {
		for _, p := range r {
			minX, maxX = math.Min(minX, p[0]), math.Max(maxX, p[0])
			minY, maxY = math.Min(minY, p[1]), math.Max(maxY, p[1])
		}
	}
	k := math.Cos((minY + maxY) / 2 * math.Pi / 180)
	axis := 0 // cut across longitude (vertical strips) ...
	lo, hi := minX, maxX
	if (maxY - minY) > (maxX-minX)*k {
		axis, lo, hi = 1, minY, maxY // ... or across latitude when taller than wide
	}
	sign := holes(rings)
	size := func(a, b float64) float64 {
		c, kept := clip(rings, axis, a, b)
		return area(c, kept, sign)
	}
	total := size(lo, hi)
	cuts := []float64{lo}
	for i := 1; i < n; i++ {
		// The position where the area from lo reaches i/n of the total.
		want := total * float64(i) / float64(n)
		a, b := cuts[len(cuts)-1], hi
		for range 50 {
			m := (a + b) / 2
			if size(lo, m) < want {
				a = m
			} else {
				b = m
			}
		}
		cuts = append(cuts, (a+b)/2)
	}
	cuts = append(cuts, hi)
	out := make([][][][2]float64, n)
	for i := 0; i < n; i++ {
		out[i], _ = clip(rings, axis, cuts[i], cuts[i+1])
	}
	return out
}

// clip keeps the part of each ring with lo <= coordinate axis <= hi
// (Sutherland-Hodgman against two parallel lines, which is exact for any
// polygon because the band is convex). Rings that vanish are dropped; kept
// holds the index of each ring that stays.
func clip(rings [][][2]float64, axis int, lo, hi float64) (out [][][2]float64, kept []int) {
	for i, r := range rings {
		c := clipHalf(r, axis, lo, true)
		c = clipHalf(c, axis, hi, false)
		if len(c) >= 3 {
			if c[0] != c[len(c)-1] {
				c = append(c, c[0])
			}
			if len(c) >= 4 {
				out = append(out, c)
				kept = append(kept, i)
			}
		}
	}
	return out, kept
}

// clipHalf keeps the part of a ring at or above v (above = true) or at or
// below it. The ring may or may not repeat its first point at the end.
func clipHalf(r [][2]float64, axis int, v float64, above bool) [][2]float64 {
	if len(r) > 1 && r[0] == r[len(r)-1] {
		r = r[:len(r)-1]
	}
	inside := func(p [2]float64) bool {
		if above {
			return p[axis] >= v
		}
		return p[axis] <= v
	}
	cross := func(a, b [2]float64) [2]float64 {
		t := (v - a[axis]) / (b[axis] - a[axis])
		var p [2]float64
		p[axis] = v
		o := 1 - axis
		p[o] = a[o] + t*(b[o]-a[o])
		return p
	}
	var out [][2]float64
	for i, cur := range r {
		prev := r[(i+len(r)-1)%len(r)]
		switch {
		case inside(cur) && inside(prev):
			out = append(out, cur)
		case inside(cur):
			out = append(out, cross(prev, cur), cur)
		case inside(prev):
			out = append(out, cross(prev, cur))
		}
	}
	return out
}

// holes gives each ring +1, or -1 when it lies inside an odd number of the
// other rings: under the even-odd rule the maps use, that ring is a hole.
func holes(rings [][][2]float64) []float64 {
	sign := make([]float64, len(rings))
	for i, r := range rings {
		depth := 0
		for j, o := range rings {
			if i != j && len(r) > 0 && contains(o, r[0]) {
				depth++
			}
		}
		sign[i] = 1
		if depth%2 == 1 {
			sign[i] = -1
		}
	}
	return sign
}

// contains reports whether p lies inside ring r (ray casting).
func contains(r [][2]float64, p [2]float64) bool {
	in := false
	for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
		a, b := r[i], r[j]
		if (a[1] > p[1]) != (b[1] > p[1]) && p[0] < (b[0]-a[0])*(p[1]-a[1])/(b[1]-a[1])+a[0] {
			in = !in
		}
	}
	return in
}

// area is the area the rings cover under the even-odd rule, in squared
// degrees (only ratios matter here); kept maps each ring to its sign.
func area(rings [][][2]float64, kept []int, sign []float64) float64 {
	total := 0.0
	for n, r := range rings {
		s := 0.0
		for i := 0; i+1 < len(r); i++ {
			s += r[i][0]*r[i+1][1] - r[i+1][0]*r[i][1]
		}
		total += sign[kept[n]] * math.Abs(s) / 2
	}
	return total
}
