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
	features, problem := readCollection(name, b)
	if problem != "" {
		return nil, refuse([]string{problem})
	}
	rd := &shapeReader{name: name, seen: map[string]int{}}
	var out []Shape
	for i, raw := range features {
		s, ok, stop := rd.feature(i, raw)
		if stop {
			break
		}
		if ok {
			out = append(out, s)
		}
	}
	if rd.more > 0 {
		rd.details = append(rd.details, fmt.Sprintf("en nog %d fouten", rd.more))
	}
	if len(rd.details) > 0 {
		return nil, refuse(rd.details)
	}
	return out, nil
}

// readCollection checks the file as a whole and returns its features, or
// the problem that refuses it.
func readCollection(name string, b []byte) ([]json.RawMessage, string) {
	if len(b) > maxFileBytes {
		return nil, fmt.Sprintf("%s: het bestand is groter dan %d MB", name, maxFileBytes>>20)
	}
	if p := textenc.Check(b); p != nil {
		return nil, p.String(name)
	}
	var fc struct {
		Type     *string           `json:"type"`
		Features []json.RawMessage `json:"features"`
	}
	if err := json.Unmarshal(b, &fc); err != nil {
		return nil, jsonProblem(name, b, err)
	}
	switch {
	case fc.Type == nil:
		return nil, name + ": type: ontbreekt; een kaartbestand is een GeoJSON FeatureCollection"
	case *fc.Type != "FeatureCollection":
		return nil, fmt.Sprintf("%s: type: %q; een kaartbestand is een GeoJSON FeatureCollection", name, *fc.Type)
	case len(fc.Features) == 0:
		return nil, name + ": features: het bestand bevat geen gebieden"
	case len(fc.Features) > maxFeatures:
		return nil, fmt.Sprintf("%s: features: %d gebieden, hoogstens %d", name, len(fc.Features), maxFeatures)
	}
	return fc.Features, ""
}

// shapeReader reads the features of one file, collecting up to maxErrors
// problems.
type shapeReader struct {
	name     string
	details  []string
	more     int
	codeProp string         // the property with the CBS code, from the first feature
	seen     map[string]int // code -> feature index
}

func (rd *shapeReader) fail(at, format string, a ...any) {
	if len(rd.details) >= maxErrors {
		rd.more++
		return
	}
	rd.details = append(rd.details, fmt.Sprintf("%s: %s: %s", rd.name, at, fmt.Sprintf(format, a...)))
}

type geoFeature struct {
	Type       string         `json:"type"`
	Properties map[string]any `json:"properties"`
	Geometry   *struct {
		Type        string `json:"type"`
		Coordinates any    `json:"coordinates"`
	} `json:"geometry"`
}

// feature reads feature i; ok is false when it has a problem, stop true
// when the file has no usable code property at all.
func (rd *shapeReader) feature(i int, raw json.RawMessage) (s Shape, ok, stop bool) {
	at := fmt.Sprintf("features[%d]", i)
	var f geoFeature
	if err := json.Unmarshal(raw, &f); err != nil {
		rd.fail(at, "geen geldig GeoJSON-object (%s)", typeProblem(err))
		return s, false, false
	}
	if f.Type != "Feature" {
		rd.fail(at+".type", "%q, verwacht Feature", f.Type)
		return s, false, false
	}
	if rd.codeProp == "" {
		for _, p := range CodeProperties {
			if s, isText := f.Properties[p].(string); isText && s != "" {
				rd.codeProp = p
				break
			}
		}
		if rd.codeProp == "" {
			rd.fail(at+".properties", "geen CBS-code gevonden; verwacht de eigenschap %s", orList(CodeProperties))
			return s, false, true
		}
	}
	s.Code, ok = rd.code(i, at, f.Properties)
	for _, np := range nameProperties[rd.codeProp] {
		if n, isText := f.Properties[np].(string); isText && strings.TrimSpace(n) != "" {
			s.Name = strings.TrimSpace(n)
			break
		}
	}
	if s.Name == "" {
		s.Name = s.Code
	}
	rings, geomOK := rd.geometry(at, &f)
	s.Rings = rings
	return s, ok && geomOK, false
}

// code reads the CBS code of feature i.
func (rd *shapeReader) code(i int, at string, props map[string]any) (string, bool) {
	at += ".properties." + rd.codeProp
	code, isString := props[rd.codeProp].(string)
	switch {
	case props[rd.codeProp] == nil:
		rd.fail(at, "ontbreekt")
		return "", false
	case !isString:
		rd.fail(at, "moet tekst zijn, zoals \"WK001401\"")
		return "", false
	case Level(strings.TrimSpace(code)) == "":
		rd.fail(at, "%q is geen CBS-code van een wijk (WK en 6 tekens) of buurt (BU en 8 tekens)", code)
		return "", false
	}
	code = strings.TrimSpace(code)
	first, dup := rd.seen[code]
	if dup {
		rd.fail(at, "%q staat al bij features[%d]", code, first)
	}
	rd.seen[code] = i
	return code, !dup
}

// geometry reads the rings of a Polygon or MultiPolygon.
func (rd *shapeReader) geometry(at string, f *geoFeature) ([][][2]float64, bool) {
	if f.Geometry == nil {
		rd.fail(at+".geometry", "ontbreekt")
		return nil, false
	}
	var polys []any
	switch f.Geometry.Type {
	case "Polygon":
		polys = []any{f.Geometry.Coordinates}
	case "MultiPolygon":
		list, isList := f.Geometry.Coordinates.([]any)
		if !isList || len(list) == 0 {
			rd.fail(at+".geometry.coordinates", "verwacht een lijst van vlakken")
			return nil, false
		}
		polys = list
	default:
		rd.fail(at+".geometry.type", "%q is geen vlak; alleen Polygon en MultiPolygon", f.Geometry.Type)
		return nil, false
	}
	var out [][][2]float64
	for pi, poly := range polys {
		pat := at + ".geometry.coordinates"
		if f.Geometry.Type == "MultiPolygon" {
			pat += fmt.Sprintf("[%d]", pi)
		}
		rings, err := readPolygon(poly)
		if err != nil {
			rd.fail(pat+err.path, "%s", err.msg)
			return nil, false
		}
		out = append(out, rings...)
	}
	return out, true
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
