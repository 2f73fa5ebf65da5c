package chart

import (
	"fmt"
	"math"
	"strings"

	"github.com/perspectief/perspectief/internal/geo"
)

// Shape is an area's outline (see package geo).
type Shape = geo.Shape

// MapValue is an area's value on a map. An area without an entry has no
// figure and is dotted; a suppressed one is hatched. Patterns rather than
// colours set both apart from the classes, so that a reader who cannot
// tell the palest class from grey still can.
type MapValue struct {
	Value      float64
	Suppressed bool
}

// Choropleth is a map of areas coloured by value in five equal classes.
type Choropleth struct {
	Title, Desc string
	Shapes      []Shape
	Values      map[string]MapValue
	Percent     bool
}

// Palette is ColorBrewer's YlGnBu in five classes: sequential, readable
// for the common forms of colour blindness, light to dark.
var Palette = []string{"#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"}

const (
	mapPad      = 8.0
	legendEntry = 22.0
	noFigure    = "url(#map-none)"
)

// Projection maps longitude/latitude to the drawing: an equirectangular
// projection around the middle latitude, fitted to the width.
type Projection struct {
	MinLon, MaxLat, K, Scale float64
	Height                   float64 // of the map part of the drawing
}

// Project fits the shapes into Width.
func Project(shapes []Shape) Projection {
	minLon, maxLon, minLat, maxLat := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, s := range shapes {
		for _, r := range s.Rings {
			for _, p := range r {
				minLon, maxLon = math.Min(minLon, p[0]), math.Max(maxLon, p[0])
				minLat, maxLat = math.Min(minLat, p[1]), math.Max(maxLat, p[1])
			}
		}
	}
	if math.IsInf(minLon, 0) {
		return Projection{K: 1, Scale: 1, Height: 2 * mapPad}
	}
	k := math.Cos((minLat + maxLat) / 2 * math.Pi / 180)
	span := (maxLon - minLon) * k
	if span <= 0 {
		span = 1
	}
	sc := (Width - 2*mapPad) / span
	return Projection{MinLon: minLon, MaxLat: maxLat, K: k, Scale: sc, Height: (maxLat-minLat)*sc + 2*mapPad}
}

// XY is the drawing position of a longitude/latitude pair.
func (p Projection) XY(lon, lat float64) (float64, float64) {
	return mapPad + (lon-p.MinLon)*p.K*p.Scale, mapPad + (p.MaxLat-lat)*p.Scale
}

// Classes are the class bounds: five equal intervals from the lowest to
// the highest value, or one class when all values are equal.
func (m Choropleth) Classes() []float64 {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range m.Values {
		if !v.Suppressed {
			lo, hi = math.Min(lo, v.Value), math.Max(hi, v.Value)
		}
	}
	switch {
	case math.IsInf(lo, 0):
		return nil
	case lo == hi:
		return []float64{lo, hi}
	}
	n := len(Palette)
	out := make([]float64, n+1)
	for i := range out {
		out[i] = lo + (hi-lo)*float64(i)/float64(n)
	}
	out[n] = hi
	return out
}

// Fill is the colour of v given the class bounds.
func (m Choropleth) Fill(bounds []float64, v float64) string {
	if len(bounds) == 2 {
		return Palette[2]
	}
	n := len(bounds) - 1
	i := int((v - bounds[0]) / (bounds[n] - bounds[0]) * float64(n))
	return Palette[max(0, min(n-1, i))]
}

// SVG draws the map with its legend beneath.
func (m Choropleth) SVG() string {
	pr := Project(m.Shapes)
	bounds := m.Classes()
	var suppressed, missing bool
	for _, s := range m.Shapes {
		v, ok := m.Values[s.Code]
		suppressed = suppressed || ok && v.Suppressed
		missing = missing || !ok
	}
	entries := max(len(bounds)-1, 0)
	if suppressed {
		entries++
	}
	if missing {
		entries++
	}
	h := pr.Height + legendEntry*float64(entries) + mapPad
	var b strings.Builder
	open(&b, Width, h, "map-chart", m.Title, m.Desc)
	b.WriteString(`<defs><pattern id="map-hatch" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)"><rect width="6" height="6" fill="#d9d9d9"/><line x1="0" y1="0" x2="0" y2="6" stroke="#595959" stroke-width="2"/></pattern>` +
		`<pattern id="map-none" patternUnits="userSpaceOnUse" width="8" height="8"><rect width="8" height="8" fill="#ffffff"/><circle cx="4" cy="4" r="1.2" fill="#757575"/></pattern></defs>`)
	for _, s := range m.Shapes {
		v, ok := m.Values[s.Code]
		fill, what := noFigure, "geen cijfer"
		switch {
		case ok && v.Suppressed:
			fill, what = "url(#map-hatch)", "onderdrukt"
		case ok:
			fill, what = m.Fill(bounds, v.Value), Number(v.Value, m.Percent)
		}
		var d strings.Builder
		for _, r := range s.Rings {
			for i, p := range r {
				x, y := pr.XY(p[0], p[1])
				if i == 0 {
					d.WriteString("M")
				} else {
					d.WriteString("L")
				}
				d.WriteString(F(x) + "," + F(y))
			}
			d.WriteString("Z")
		}
		fmt.Fprintf(&b, `<path d="%s" fill="%s" fill-rule="evenodd" stroke="%s" stroke-width="0.8"><title>%s: %s</title></path>`, d.String(), fill, ink, esc(s.Name), esc(what))
	}
	y := pr.Height + mapPad
	swatch := func(fill, label string) {
		fmt.Fprintf(&b, `<rect x="%s" y="%s" width="28" height="16" fill="%s" stroke="%s" stroke-width="0.8"/>`, F(mapPad), F(y), fill, ink)
		fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="12" fill="%s">%s</text>`, F(mapPad+36), F(y+12), ink, esc(label))
		y += legendEntry
	}
	for i := 0; i+1 < len(bounds); i++ {
		label := Number(bounds[i], m.Percent) + " tot " + Number(bounds[i+1], m.Percent)
		if i+2 == len(bounds) {
			label = Number(bounds[i], m.Percent) + " tot en met " + Number(bounds[i+1], m.Percent)
		}
		if len(bounds) == 2 {
			label = Number(bounds[0], m.Percent)
		}
		swatch(m.Fill(bounds, (bounds[i]+bounds[i+1])/2), label)
	}
	if suppressed {
		swatch("url(#map-hatch)", "onderdrukt, te weinig waarnemingen (gearceerd)")
	}
	if missing {
		swatch(noFigure, "geen cijfer (gestippeld)")
	}
	b.WriteString(`</svg>`)
	return b.String()
}
