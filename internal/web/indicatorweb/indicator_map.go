package indicatorweb

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"sync"

	"github.com/perspectief/perspectief/internal/chart"
	"github.com/perspectief/perspectief/internal/geo"
	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/tabular"
)

// indicatorMap is the map of an indicator page: wijken or buurten coloured
// by value, with the table of what it shows.
type indicatorMap struct {
	Level      string // geo.Wijk or geo.Buurt
	Plural     string // "wijken" or "buurten"
	SVG        template.HTML
	Rows       []IndicatorValueRow
	Generated  bool // the buurt outlines are made up inside the real wijken
	Imported   bool // the outlines come from an imported file
	NoShape    []string
	Suppressed bool
	Switch     []MapSwitch // links between the wijk and the buurt map
}

// MapSwitch is a link to the map of one level.
type MapSwitch struct {
	Label, Link string
	Current     bool
}

// shippedWijken are the outlines of Groningen's wijken that ship with the
// project (CBS Wijk- en buurtkaart 2024), parsed once.
var shippedWijken = sync.OnceValues(func() ([]geo.Shape, error) {
	return geo.Read("groningen_wijken_2024.geojson", bytes.NewReader(indicator.WijkenGeoJSON()))
})

// mapShapes returns the outlines of one level in a gemeente: imported ones
// when there are any; else for wijken the shipped ones, and for buurten
// stand-ins generated inside the wijken for the codes that have a figure.
func (s *Pages) mapShapes(ctx context.Context, level, gemeente string, codes []string) (shapes []geo.Shape, imported bool, err error) {
	if level == geo.Wijk {
		return s.wijkShapes(ctx, gemeente)
	}
	if shapes, err = s.Shapes.Shapes(ctx, geo.Buurt, gemeente); err != nil || len(shapes) > 0 {
		return shapes, err == nil, err
	}
	wijken, _, err := s.wijkShapes(ctx, gemeente)
	if err != nil {
		return nil, false, err
	}
	return geo.GenerateBuurten(wijken, codes), false, nil
}

func (s *Pages) wijkShapes(ctx context.Context, gemeente string) ([]geo.Shape, bool, error) {
	shapes, err := s.Shapes.Shapes(ctx, geo.Wijk, gemeente)
	if err != nil || len(shapes) > 0 {
		return shapes, err == nil, err
	}
	shipped, err := shippedWijken()
	if err != nil {
		return nil, false, err
	}
	var out []geo.Shape
	for _, sh := range shipped {
		if geo.Gemeente(sh.Code) == gemeente {
			out = append(out, sh)
		}
	}
	return out, false, nil
}

// addMap draws the areas of one level coloured by value when the period
// has a value for at least one area with an outline. Own areas (such as
// OIS's older wijken) have no outline and stay in the bar chart and table.
func (s *Pages) addMap(ctx context.Context, v *indicatorView, reg *indicator.Register, ind *indicator.Indicator, inPeriod []indicator.Value, period indicator.Period, level string) error {
	// The gemeente whose areas have the most values in the period.
	count := map[string]int{}
	gemeente := ""
	var codes []string
	for _, val := range inPeriod {
		if geo.Level(val.Area) != level {
			continue
		}
		codes = append(codes, val.Area)
		g := geo.Gemeente(val.Area)
		count[g]++
		if gemeente == "" || count[g] > count[gemeente] {
			gemeente = g
		}
	}
	if gemeente == "" {
		return nil
	}
	shapes, imported, err := s.mapShapes(ctx, level, gemeente, codes)
	if err != nil || len(shapes) == 0 {
		return err
	}
	byArea := map[string]indicator.Value{}
	for _, val := range inPeriod {
		byArea[val.Area] = val
	}
	mp := indicatorMap{Level: level, Plural: "wijken", Imported: imported}
	if level == geo.Buurt {
		mp.Plural = "buurten"
	}
	m := chart.Choropleth{Title: "Kaart: " + ind.Name + " per " + level + ", " + period.Label(), Shapes: shapes, Values: map[string]chart.MapValue{}, Percent: ind.IsPercent()}
	table := tabular.Table{Sheet: "kaart", Header: []string{"gebied", "naam", "waarde", "toelichting"}}
	var suppressed, missing int
	var onMap []indicator.Value
	for _, sh := range shapes {
		if val, ok := byArea[sh.Code]; ok {
			onMap = append(onMap, val)
		}
	}
	dec := tableDecimals(onMap)
	drawn := map[string]bool{}
	for _, sh := range shapes {
		drawn[sh.Code] = true
		mp.Generated = mp.Generated || sh.Generated
		val, ok := byArea[sh.Code]
		row := IndicatorValueRow{Area: sh.Name, AreaCode: sh.Code, Value: "geen cijfer"}
		cell := tabular.Text("geen cijfer")
		switch {
		case !ok:
			missing++
		case val.Suppressed:
			suppressed++
			m.Values[sh.Code] = chart.MapValue{Suppressed: true}
			row.Value, cell = "onderdrukt", tabular.Suppressed()
			mp.Suppressed = true
		default:
			m.Values[sh.Code] = chart.MapValue{Value: val.Value}
			row.Value, cell = formatIn(ind, val, dec), tabular.Number(val.Value)
		}
		note := ""
		if sh.Generated {
			note = "gegenereerde buurtvorm"
		}
		mp.Rows = append(mp.Rows, row)
		table.Rows = append(table.Rows, []tabular.Cell{tabular.Text(sh.Code), tabular.Text(sh.Name), cell, tabular.Text(note)})
	}
	for _, c := range codes {
		if !drawn[c] {
			mp.NoShape = append(mp.NoShape, reg.AreaName(c))
		}
	}
	if len(m.Values) == 0 {
		return nil
	}
	m.Desc = fmt.Sprintf("Kaart van %d %s, gekleurd naar waarde van licht (laag) naar donker (hoog). %s onderdrukt (gearceerd), %s zonder cijfer (gestippeld).",
		len(shapes), mp.Plural, areas(suppressed, level), areas(missing, level))
	if mp.Generated {
		m.Desc += " De buurtgrenzen zijn gegenereerd binnen de echte wijkgrenzen; ze zijn niet echt."
	}
	m.Desc += " De cijfers staan in de tabel onder de kaart."
	svg := m.SVG()
	mp.SVG = template.HTML(svg)
	v.Map = mp
	v.charts["kaart"] = svg
	v.tables["kaart"] = table
	return nil
}

// areas is "1 wijk", "3 buurten".
func areas(n int, level string) string {
	if n == 1 {
		return "1 " + level
	}
	if level == geo.Buurt {
		return fmt.Sprintf("%d buurten", n)
	}
	return fmt.Sprintf("%d wijken", n)
}
