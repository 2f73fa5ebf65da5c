package geo

import (
	"math"
	"os"
	"strings"
	"testing"

	"github.com/perspectief/perspectief"
)

const square = `[[[6.0,53.0],[6.1,53.0],[6.1,53.1],[6.0,53.1],[6.0,53.0]]]`

func feature(props, geomType, coords string) string {
	return `{"type":"Feature","properties":` + props + `,"geometry":{"type":"` + geomType + `","coordinates":` + coords + `}}`
}

func collection(features ...string) string {
	return `{"type":"FeatureCollection","features":[` + strings.Join(features, ",") + `]}`
}

func TestRead(t *testing.T) {
	src := collection(
		feature(`{"buurtcode":"BU00140100","buurtnaam":"Binnenstad-Noord","wijkcode":"WK001401"}`, "Polygon", square),
		feature(`{"buurtcode":"BU00140101","buurtnaam":" "}`, "MultiPolygon", `[`+square+`,[[[6.2,53.0],[6.3,53.0,1.5],[6.3,53.1],[6.2,53.0]]]]`),
	)
	shapes, err := Read("buurten.geojson", strings.NewReader(src))
	if err != nil {
		t.Fatalf("%v %v", err, perspectief.ErrorDetails(err))
	}
	if len(shapes) != 2 || shapes[0].Code != "BU00140100" || shapes[0].Name != "Binnenstad-Noord" || len(shapes[0].Rings) != 1 {
		t.Fatalf("shapes[0] = %+v", shapes[0])
	}
	// No name: the code stands in; a MultiPolygon's rings are all kept.
	if s := shapes[1]; s.Name != "BU00140101" || len(s.Rings) != 2 || s.Rings[1][1] != [2]float64{6.3, 53.0} {
		t.Errorf("shapes[1] = %+v", s)
	}
}

// TestReadShipped reads the wijken the project ships (CBS Wijk- en
// buurtkaart 2024): 20 wijken of Groningen.
func TestReadShipped(t *testing.T) {
	f, err := os.Open("../indicator/data/groningen_wijken_2024.geojson")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	shapes, err := Read("groningen_wijken_2024.geojson", f)
	if err != nil {
		t.Fatalf("%v %v", err, perspectief.ErrorDetails(err))
	}
	if len(shapes) != 20 || shapes[0].Code != "WK001400" || shapes[0].Name != "Centrum" {
		t.Errorf("%d shapes, first %s %s", len(shapes), shapes[0].Code, shapes[0].Name)
	}
}

func TestReadRefuses(t *testing.T) {
	good := feature(`{"wijkcode":"WK001401","wijknaam":"Oud-Zuid"}`, "Polygon", square)
	for _, c := range []struct{ src, want string }{
		{``, "k.geojson: het bestand is leeg"},
		{`{"type":"FeatureCollection","features":[`, "k.geojson: het bestand houdt midden in de JSON op"},
		{"{\"type\":\n\"FeatureCollection\",,}", "k.geojson:2: geen geldige JSON"},
		{`[1,2]`, "k.geojson: : verwacht een object"},
		{`{"features":[]}`, "k.geojson: type: ontbreekt"},
		{`{"type":"Feature"}`, `k.geojson: type: "Feature"; een kaartbestand is een GeoJSON FeatureCollection`},
		{collection(), "k.geojson: features: het bestand bevat geen gebieden"},
		{collection(`{"type":"Feature","properties":{"naam":"x"},"geometry":null}`), "k.geojson: features[0].properties: geen CBS-code gevonden; verwacht de eigenschap buurtcode, wijkcode, statcode of code"},
		{collection(good, feature(`{"wijknaam":"zonder code"}`, "Polygon", square)), "k.geojson: features[1].properties.wijkcode: ontbreekt"},
		{collection(good, feature(`{"wijkcode":14}`, "Polygon", square)), "k.geojson: features[1].properties.wijkcode: moet tekst zijn"},
		{collection(good, feature(`{"wijkcode":"GM0014"}`, "Polygon", square)), `k.geojson: features[1].properties.wijkcode: "GM0014" is geen CBS-code van een wijk`},
		{collection(good, good), `k.geojson: features[1].properties.wijkcode: "WK001401" staat al bij features[0]`},
		{collection(good, feature(`{"wijkcode":"WK001402"}`, "Point", `[6,53]`)), `k.geojson: features[1].geometry.type: "Point" is geen vlak; alleen Polygon en MultiPolygon`},
		{collection(good, `{"type":"Feature","properties":{"wijkcode":"WK001402"}}`), "k.geojson: features[1].geometry: ontbreekt"},
		{collection(good, `{"type":"Thing"}`), `k.geojson: features[1].type: "Thing", verwacht Feature`},
		{collection(good, `{"type":"Feature","properties":[]}`), "k.geojson: features[1]: geen geldig GeoJSON-object (properties: verwacht een object)"},
		{collection(feature(`{"wijkcode":"WK001402"}`, "Polygon", `[[[6,53],[6.1,53],[6,53.1]]]`)), "k.geojson: features[0].geometry.coordinates[0]: een ring heeft minstens 4 punten, deze 3"},
		{collection(feature(`{"wijkcode":"WK001402"}`, "Polygon", `[[[6,53],[6.1,53],[6.1,53.1],[6,53.1]]]`)), "k.geojson: features[0].geometry.coordinates[0]: de ring is niet gesloten"},
		{collection(feature(`{"wijkcode":"WK001402"}`, "Polygon", `[[[6,53],[6.1,53],["x",53.1],[6,53]]]`)), "k.geojson: features[0].geometry.coordinates[0][2]: een coördinaat moet een getal zijn"},
		{collection(feature(`{"wijkcode":"WK001402"}`, "MultiPolygon", `[`+square+`,[[[233000,582000],[234000,582000],[234000,583000],[233000,582000]]]]`)),
			"k.geojson: features[0].geometry.coordinates[1][0][0]: [233000, 582000] is geen lengte- en breedtegraad; het lijken RD-coördinaten (EPSG:28992)"},
		{collection(feature(`{"wijkcode":"WK001402"}`, "Polygon", `[[[6,53]]],"x":[`)), "k.geojson:1: geen geldige JSON"},
	} {
		shapes, err := Read("k.geojson", strings.NewReader(c.src))
		if perspectief.ErrorCode(err) != perspectief.CodeInvalid {
			t.Errorf("%s: err = %v, shapes %v", c.src, err, shapes)
			continue
		}
		if got := strings.Join(perspectief.ErrorDetails(err), "\n"); !strings.Contains(got, c.want) {
			t.Errorf("%s:\n details %q\n want %q", c.src, got, c.want)
		}
		if msg := perspectief.ErrorMessage(err); msg != "Het kaartbestand k.geojson is geweigerd; er is niets ingelezen." {
			t.Errorf("message %q", msg)
		}
	}
}

func TestLevel(t *testing.T) {
	for code, want := range map[string]string{"WK001401": Wijk, "WK0363AA": Wijk, "BU00140100": Buurt, "BU0363AA01": Buurt, "GM0014": "", "WK00140": "", "ois_selwerd": "", "wk001401": ""} {
		if got := Level(code); got != want {
			t.Errorf("Level(%q) = %q, want %q", code, got, want)
		}
	}
}

func FuzzRead(f *testing.F) {
	f.Add(collection(feature(`{"wijkcode":"WK001401","wijknaam":"Oud-Zuid"}`, "Polygon", square)))
	f.Add(collection(feature(`{"buurtcode":"BU00140101"}`, "MultiPolygon", `[`+square+`]`)))
	f.Add(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":null,"geometry":{}}]}`)
	f.Add(`{"type":"FeatureCollection","features":[1]}`)
	f.Fuzz(func(t *testing.T, src string) {
		shapes, err := Read("fuzz.geojson", strings.NewReader(src))
		if err != nil {
			if perspectief.ErrorCode(err) != perspectief.CodeInvalid || len(perspectief.ErrorDetails(err)) == 0 {
				t.Fatalf("error without code or details: %v", err)
			}
			return
		}
		for _, s := range shapes {
			if Level(s.Code) == "" || len(s.Rings) == 0 {
				t.Fatalf("accepted a shape without a CBS code or rings: %+v", s)
			}
			for _, r := range s.Rings {
				if len(r) < 4 || r[0] != r[len(r)-1] {
					t.Fatalf("accepted an open ring: %v", r)
				}
			}
		}
	})
}

func ringsArea(rings [][][2]float64) float64 {
	return area(rings, seq(len(rings)), holes(rings))
}

func seq(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// TestGenerateBuurten: a wijk 4 wide and 1 high (near the equator, where a
// degree of longitude is one of latitude) with a hole, cut into 4 buurten.
func TestGenerateBuurten(t *testing.T) {
	outer := [][2]float64{{0, 0}, {4, 0}, {4, 1}, {0, 1}, {0, 0}}
	hole := [][2]float64{{0.25, 0.25}, {0.75, 0.25}, {0.75, 0.75}, {0.25, 0.75}, {0.25, 0.25}} // 0.25 square degrees
	wijken := []Shape{
		{Code: "WK001401", Name: "Oud-Zuid", Rings: [][][2]float64{outer, hole}},
		{Code: "WK001402", Name: "Oud-West", Rings: [][][2]float64{outer}},
	}
	codes := []string{"BU00140103", "BU00140100", "BU00140101", "BU00140102", "BU00140100", "BU00990100", "WK001401", "ois_selwerd"}
	got := GenerateBuurten(wijken, codes)
	if len(got) != 4 {
		t.Fatalf("%d buurten, want 4 (one per distinct code of a known wijk): %+v", len(got), got)
	}
	if ringsArea([][][2]float64{outer, hole}) != 3.75 {
		t.Fatalf("area of the wijk = %v, want 4 - 0.25", ringsArea([][][2]float64{outer, hole}))
	}
	sum := 0.0
	for i, b := range got {
		if want := "BU0014010" + string(rune('0'+i)); b.Code != want || !b.Generated {
			t.Errorf("buurt %d: %s generated=%v, want %s generated", i, b.Code, b.Generated, want)
		}
		a := area(b.Rings, seq(len(b.Rings)), signsOf(b.Rings, hole))
		if math.Abs(a-3.75/4) > 1e-6 {
			t.Errorf("%s covers %.6f, want %.6f", b.Code, a, 3.75/4)
		}
		sum += a
	}
	if got[1].Name != "Oud-Zuid, buurt 1" {
		t.Errorf("name %q", got[1].Name)
	}
	if math.Abs(sum-3.75) > 1e-6 {
		t.Errorf("the buurten cover %v, want the wijk's 3.75", sum)
	}
	// The first strip holds the hole and is wider than a quarter: the cut
	// lies right of x = 1.
	if x := maxX(got[0].Rings); x <= 1 || x >= 1.25 {
		t.Errorf("first cut at x = %v, want a bit right of 1", x)
	}
}

// signsOf marks the rings of a clipped strip that came from the hole.
func signsOf(rings [][][2]float64, hole [][2]float64) []float64 {
	out := make([]float64, len(rings))
	for i, r := range rings {
		out[i] = 1
		inHole := true
		for _, p := range r {
			if p[0] < hole[0][0]-1e-9 || p[0] > hole[1][0]+1e-9 || p[1] < hole[0][1]-1e-9 || p[1] > hole[2][1]+1e-9 {
				inHole = false
			}
		}
		if inHole {
			out[i] = -1
		}
	}
	return out
}

func maxX(rings [][][2]float64) float64 {
	m := math.Inf(-1)
	for _, r := range rings {
		for _, p := range r {
			m = math.Max(m, p[0])
		}
	}
	return m
}
