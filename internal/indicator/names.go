package indicator

import (
	"bytes"
	"context"
	"sync"

	"github.com/perspectief/perspectief/internal/geo"
)

// AreaNames names areas by code: the register's areas, the stored map
// outlines (wijken and buurten of the register's CBS gemeenten) and the
// shipped outlines of Groningen's wijken, the first that names a code wins.
// Pages show the name and at most the code in small print after it.
type AreaNames map[string]string

// Name is the area's name, or its code when nothing names it.
func (n AreaNames) Name(code string) string {
	if name, ok := n[code]; ok && name != "" {
		return name
	}
	return code
}

// Label is the name with the code after it in parentheses, or the code
// alone when nothing names it: for places without small print (a select's
// options, a CSV cell).
func (n AreaNames) Label(code string) string {
	if name := n.Name(code); name != code {
		return name + " (" + code + ")"
	}
	return code
}

// shippedWijken are the names of the embedded wijken of Groningen, read
// once: the file never changes while the program runs.
var shippedWijken = sync.OnceValue(func() map[string]string {
	names := map[string]string{}
	shapes, err := geo.Read("groningen_wijken_2024.geojson", bytes.NewReader(WijkenGeoJSON()))
	if err != nil {
		return names // the embedded file is checked by a test
	}
	for _, s := range shapes {
		names[s.Code] = s.Name
	}
	return names
})

// AreaNames gives the names of every area the pages may show.
func (s *Service) AreaNames(ctx context.Context) (AreaNames, error) {
	names := AreaNames{}
	reg, err := s.Register(ctx)
	if err != nil {
		return nil, err
	}
	for _, a := range reg.Areas {
		names[a.Code] = a.Name
	}
	if s.Shapes != nil {
		for _, a := range reg.Areas {
			if a.Kind != "cbs" || !IsCBSArea(a.Code) {
				continue
			}
			for _, level := range []string{geo.Wijk, geo.Buurt} {
				shapes, err := s.Shapes.Shapes(ctx, level, a.Code)
				if err != nil {
					return nil, err
				}
				for _, sh := range shapes {
					if _, ok := names[sh.Code]; !ok && sh.Name != "" {
						names[sh.Code] = sh.Name
					}
				}
			}
		}
	}
	for code, name := range shippedWijken() {
		if _, ok := names[code]; !ok {
			names[code] = name
		}
	}
	return names, nil
}
