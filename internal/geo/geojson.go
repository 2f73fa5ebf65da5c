package geo

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/textenc"
)

const (
	maxFileBytes = 64 << 20
	maxFeatures  = 50000
	maxErrors    = 50
)

// CodeProperties are the feature properties that may hold the CBS code, in
// the order they are looked for; the first one the first feature has is
// required of every feature. NameProperties hold the matching names.
var (
	CodeProperties = []string{"buurtcode", "wijkcode", "statcode", "code"}
	nameProperties = map[string][]string{
		"buurtcode": {"buurtnaam"}, "wijkcode": {"wijknaam"}, "statcode": {"statnaam"}, "code": {"naam", "name"},
	}
)

// Read reads a GeoJSON FeatureCollection of CBS wijken or buurten: Polygons
// or MultiPolygons in WGS84 longitude/latitude, each feature with its CBS
// code in one of CodeProperties. A file with any problem is refused whole,
// with a detail per problem that names the feature and the property
// ("wijken.geojson: features[3].properties.wijkcode: ...").
func Read(name string, r io.Reader) ([]Shape, error) {
	refuse := func(details []string) error {
		return &perspectief.Error{Code: perspectief.CodeInvalid, Message: "Het kaartbestand " + name + " is geweigerd; er is niets ingelezen.", Details: details}
	}
	b, err := io.ReadAll(io.LimitReader(r, maxFileBytes+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxFileBytes {
		return nil, refuse([]string{fmt.Sprintf("%s: het bestand is groter dan %d MB", name, maxFileBytes>>20)})
	}
	if p := textenc.Check(b); p != nil {
		return nil, refuse([]string{p.String(name)})
	}
	var fc struct {
		Type     *string           `json:"type"`
		Features []json.RawMessage `json:"features"`
	}
	if err := json.Unmarshal(b, &fc); err != nil {
		return nil, refuse([]string{jsonProblem(name, b, err)})
	}
	switch {
	case fc.Type == nil:
		return nil, refuse([]string{name + ": type: ontbreekt; een kaartbestand is een GeoJSON FeatureCollection"})
	case *fc.Type != "FeatureCollection":
		return nil, refuse([]string{fmt.Sprintf("%s: type: %q; een kaartbestand is een GeoJSON FeatureCollection", name, *fc.Type)})
	case len(fc.Features) == 0:
		return nil, refuse([]string{name + ": features: het bestand bevat geen gebieden"})
	case len(fc.Features) > maxFeatures:
		return nil, refuse([]string{fmt.Sprintf("%s: features: %d gebieden, hoogstens %d", name, len(fc.Features), maxFeatures)})
	}

	var details []string
	more := 0
	fail := func(at, format string, a ...any) {
		if len(details) >= maxErrors {
			more++
			return
		}
		details = append(details, fmt.Sprintf("%s: %s: %s", name, at, fmt.Sprintf(format, a...)))
	}
	codeProp := ""
	seen := map[string]int{}
	var out []Shape
	for i, raw := range fc.Features {
		at := fmt.Sprintf("features[%d]", i)
		var f struct {
			Type       string         `json:"type"`
			Properties map[string]any `json:"properties"`
			Geometry   *struct {
				Type        string `json:"type"`
				Coordinates any    `json:"coordinates"`
			} `json:"geometry"`
		}
		if err := json.Unmarshal(raw, &f); err != nil {
			fail(at, "geen geldig GeoJSON-object (%s)", typeProblem(err))
			continue
		}
		if f.Type != "Feature" {
			fail(at+".type", "%q, verwacht Feature", f.Type)
			continue
		}
		if codeProp == "" {
			for _, p := range CodeProperties {
				if s, ok := f.Properties[p].(string); ok && s != "" {
					codeProp = p
					break
				}
			}
			if codeProp == "" {
				fail(at+".properties", "geen CBS-code gevonden; verwacht de eigenschap %s", orList(CodeProperties))
				break
			}
		}
		s := Shape{}
		ok := true
		code, isString := f.Properties[codeProp].(string)
		switch {
		case f.Properties[codeProp] == nil:
			fail(at+".properties."+codeProp, "ontbreekt")
			ok = false
		case !isString:
			fail(at+".properties."+codeProp, "moet tekst zijn, zoals \"WK001401\"")
			ok = false
		case Level(strings.TrimSpace(code)) == "":
			fail(at+".properties."+codeProp, "%q is geen CBS-code van een wijk (WK en 6 tekens) of buurt (BU en 8 tekens)", code)
			ok = false
		default:
			s.Code = strings.TrimSpace(code)
			if first, dup := seen[s.Code]; dup {
				fail(at+".properties."+codeProp, "%q staat al bij features[%d]", s.Code, first)
				ok = false
			}
			seen[s.Code] = i
		}
		for _, np := range nameProperties[codeProp] {
			if n, isText := f.Properties[np].(string); isText && strings.TrimSpace(n) != "" {
				s.Name = strings.TrimSpace(n)
				break
			}
		}
		if s.Name == "" {
			s.Name = s.Code
		}
		if f.Geometry == nil {
			fail(at+".geometry", "ontbreekt")
			continue
		}
		var polys []any
		switch f.Geometry.Type {
		case "Polygon":
			polys = []any{f.Geometry.Coordinates}
		case "MultiPolygon":
			list, isList := f.Geometry.Coordinates.([]any)
			if !isList || len(list) == 0 {
				fail(at+".geometry.coordinates", "verwacht een lijst van vlakken")
				continue
			}
			polys = list
		default:
			fail(at+".geometry.type", "%q is geen vlak; alleen Polygon en MultiPolygon", f.Geometry.Type)
			continue
		}
		for pi, poly := range polys {
			pat := at + ".geometry.coordinates"
			if f.Geometry.Type == "MultiPolygon" {
				pat += fmt.Sprintf("[%d]", pi)
			}
			rings, err := readPolygon(poly)
			if err != nil {
				fail(pat+err.path, "%s", err.msg)
				ok = false
				break
			}
			s.Rings = append(s.Rings, rings...)
		}
		if ok {
			out = append(out, s)
		}
	}
	if more > 0 {
		details = append(details, fmt.Sprintf("en nog %d fouten", more))
	}
	if len(details) > 0 {
		return nil, refuse(details)
	}
	return out, nil
}

type coordError struct{ path, msg string }

// readPolygon checks one polygon: rings of at least four positions that
// end where they start, each position a longitude and latitude in degrees.
func readPolygon(v any) ([][][2]float64, *coordError) {
	rings, ok := v.([]any)
	if !ok || len(rings) == 0 {
		return nil, &coordError{"", "verwacht een lijst van ringen"}
	}
	out := make([][][2]float64, 0, len(rings))
	for ri, rv := range rings {
		pos, ok := rv.([]any)
		if !ok {
			return nil, &coordError{fmt.Sprintf("[%d]", ri), "verwacht een lijst van punten"}
		}
		if len(pos) < 4 {
			return nil, &coordError{fmt.Sprintf("[%d]", ri), fmt.Sprintf("een ring heeft minstens 4 punten, deze %d", len(pos))}
		}
		ring := make([][2]float64, len(pos))
		for pi, pv := range pos {
			at := fmt.Sprintf("[%d][%d]", ri, pi)
			xy, ok := pv.([]any)
			if !ok || len(xy) < 2 || len(xy) > 3 {
				return nil, &coordError{at, "verwacht een punt [lengtegraad, breedtegraad]"}
			}
			var p [2]float64
			for k := 0; k < 2; k++ {
				n, ok := xy[k].(float64)
				if !ok {
					return nil, &coordError{at, "een coördinaat moet een getal zijn"}
				}
				p[k] = n
			}
			if math.Abs(p[0]) > 180 || math.Abs(p[1]) > 90 {
				msg := fmt.Sprintf("[%g, %g] is geen lengte- en breedtegraad", p[0], p[1])
				if p[0] > 0 && p[0] < 300000 && p[1] > 250000 && p[1] < 650000 {
					msg += "; het lijken RD-coördinaten (EPSG:28992). Sla het bestand op in WGS84 (EPSG:4326)"
				}
				return nil, &coordError{at, msg}
			}
			ring[pi] = p
		}
		if ring[0] != ring[len(ring)-1] {
			return nil, &coordError{fmt.Sprintf("[%d]", ri), "de ring is niet gesloten: het laatste punt moet gelijk zijn aan het eerste"}
		}
		out = append(out, ring)
	}
	return out, nil
}

// jsonProblem names the line of a JSON syntax error.
func jsonProblem(name string, b []byte, err error) string {
	var se *json.SyntaxError
	if len(bytes.TrimSpace(b)) == 0 {
		return name + ": het bestand is leeg"
	}
	if errors.As(err, &se) && int(se.Offset) >= len(b) {
		return name + ": het bestand houdt midden in de JSON op"
	}
	if errors.As(err, &se) {
		line := 1 + bytes.Count(b[:min(int(se.Offset), len(b))], []byte("\n"))
		return fmt.Sprintf("%s:%d: geen geldige JSON (%v)", name, line, se)
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Sprintf("%s: %s: verwacht %s", name, te.Field, jsonKind(te.Type.Kind().String()))
	}
	return fmt.Sprintf("%s: geen geldige JSON (%v)", name, err)
}

func typeProblem(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return te.Field + ": verwacht " + jsonKind(te.Type.Kind().String())
	}
	return err.Error()
}

func jsonKind(k string) string {
	switch k {
	case "string":
		return "tekst"
	case "slice":
		return "een lijst"
	case "map", "struct", "ptr":
		return "een object"
	}
	return k
}

func orList(ss []string) string {
	if len(ss) == 1 {
		return ss[0]
	}
	return strings.Join(ss[:len(ss)-1], ", ") + " of " + ss[len(ss)-1]
}
