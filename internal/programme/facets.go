package programme

import (
	"fmt"
	"slices"
	"strings"
)

// Stage is where an intervention stands in the development path of seed
// 002 (chapter 5, "ontwikkelen en uitproberen"): first explored, then tried
// as a pilot, then scaled up, and finally embedded in regular services.
type Stage string

const (
	StageResearch Stage = "onderzoek"
	StagePilot    Stage = "pilot"
	StageScaleUp  Stage = "opschalen"
	StageEmbed    Stage = "borgen"
)

// Stages in the order an intervention passes through them.
var Stages = []Stage{StageResearch, StagePilot, StageScaleUp, StageEmbed}

// Label is the Dutch name of the stage.
func (s Stage) Label() string {
	switch s {
	case StageResearch:
		return "Onderzoek"
	case StagePilot:
		return "Pilot"
	case StageScaleUp:
		return "Opschalen"
	case StageEmbed:
		return "Borgen"
	case "":
		return "Fase niet vastgelegd"
	}
	return string(s)
}

// Valid reports whether s is a known stage or empty (not recorded).
func (s Stage) Valid() bool { return s == "" || slices.Contains(Stages, s) }

// Area is where an intervention works: the whole gemeente, the Groningen
// Noord approach of seed 002 (pilots and extra capacity first in the
// northern wijken), or chosen wijken.
type Area string

const (
	AreaMunicipality Area = "gemeente"
	AreaNoord        Area = "noord"
	AreaWijken       Area = "wijken"
)

// Areas are the kinds of area, in the order a form offers them.
var Areas = []Area{AreaMunicipality, AreaNoord, AreaWijken}

// Label is the Dutch name of the kind of area.
func (a Area) Label() string {
	switch a {
	case AreaMunicipality:
		return "Gemeentebreed"
	case AreaNoord:
		return "Groningen Noord"
	case AreaWijken:
		return "Gekozen wijken"
	case "":
		return "Gebied niet vastgelegd"
	}
	return string(a)
}

// Wijk is one of the gemeente's wijken by CBS code and name.
type Wijk struct {
	Code string
	Name string
	// Noord marks the wijken that make up Groningen Noord here.
	Noord bool
}

// Wijken are the 20 wijken of gemeente Groningen (GM0014), CBS Wijk- en
// buurtkaart 2024 (as in the project's shipped groningen_wijken_2024.geojson).
// Groningen Noord is taken as the CBS wijken Oud-Noord, Oosterparkwijk,
// Noordwest and Noordoost: the northern neighbourhoods (Korrewegwijk, De
// Hoogte, Indische Buurt, Oosterpark, Selwerd, Paddepoel, Vinkhuizen,
// Beijum, Lewenborg) that seed 002 names for the intensive approach.
// docs/programme-format.md says so; a gemeente that draws the line
// elsewhere chooses wijken instead.
var Wijken = []Wijk{
	{"WK001400", "Centrum", false},
	{"WK001401", "Oud-Zuid", false},
	{"WK001402", "Oud-West", false},
	{"WK001403", "Oud-Noord", true},
	{"WK001404", "Oosterparkwijk", true},
	{"WK001405", "Zuidoost", false},
	{"WK001406", "Helpman e.o.", false},
	{"WK001407", "Zuidwest", false},
	{"WK001408", "Hoogkerk e.o.", false},
	{"WK001409", "Nieuw-West", false},
	{"WK001410", "Noordwest", true},
	{"WK001411", "Noordoost", true},
	{"WK001412", "Noorddijk e.o.", false},
	{"WK001413", "Meerdorpen", false},
	{"WK001414", "Meerstad e.o.", false},
	{"WK001415", "Ten Boer e.o.", false},
	{"WK001416", "Ten Post e.o.", false},
	{"WK001417", "Haren-West e.o.", false},
	{"WK001418", "Haren-Oost e.o.", false},
	{"WK001419", "Glimmen-Onnen-Noordlaren", false},
}

// FindWijk returns the wijk with CBS code code.
func FindWijk(code string) (Wijk, bool) {
	for _, w := range Wijken {
		if w.Code == code {
			return w, true
		}
	}
	return Wijk{}, false
}

// WijkName is the name of the wijk with code code, or the code itself.
func WijkName(code string) string {
	if w, ok := FindWijk(code); ok {
		return w.Name
	}
	return code
}

// AreaLabel describes where iv works in words: "Gemeentebreed",
// "Groningen Noord", or the names of its wijken.
func (iv Intervention) AreaLabel() string {
	if iv.Area != AreaWijken {
		return iv.Area.Label()
	}
	names := make([]string, len(iv.Wijken))
	for i, c := range iv.Wijken {
		names[i] = WijkName(c)
	}
	return strings.Join(names, ", ")
}

// InArea reports whether iv works in the area named by filter: "gemeente"
// (gemeente-wide interventions only), "noord" (interventions in Groningen
// Noord or in one of its wijken), or a wijk code (interventions in that
// wijk, or in Groningen Noord when the wijk is part of it). Gemeente-wide
// interventions reach every wijk too; InArea leaves them out of "noord"
// and of a wijk so that a filter shows what is specific to the area.
func (iv Intervention) InArea(filter string) bool {
	switch Area(filter) {
	case "":
		return true
	case AreaMunicipality:
		return iv.Area == AreaMunicipality
	case AreaNoord:
		if iv.Area == AreaNoord {
			return true
		}
		if iv.Area == AreaWijken {
			for _, c := range iv.Wijken {
				if w, ok := FindWijk(c); ok && w.Noord {
					return true
				}
			}
		}
		return false
	}
	w, ok := FindWijk(filter)
	if !ok {
		return false
	}
	if iv.Area == AreaNoord {
		return w.Noord
	}
	return iv.Area == AreaWijken && slices.Contains(iv.Wijken, filter)
}

// ValidAreaFilter reports whether filter names an area InArea knows.
func ValidAreaFilter(filter string) bool {
	if filter == "" || filter == string(AreaMunicipality) || filter == string(AreaNoord) {
		return true
	}
	_, ok := FindWijk(filter)
	return ok
}

// AreaFilterLabel is the Dutch name of an area filter.
func AreaFilterLabel(filter string) string {
	switch Area(filter) {
	case AreaMunicipality:
		return "gemeentebreed"
	case AreaNoord:
		return "Groningen Noord"
	}
	return "wijk " + WijkName(filter)
}

// validateFacets checks the stage and the area of an intervention.
func validateFacets(p string, iv Intervention, errs *fieldErrors) {
	if !iv.Stage.Valid() {
		errs.add(p+".fase", "fase %q bestaat niet; kies onderzoek, pilot, opschalen of borgen", iv.Stage)
	}
	switch iv.Area {
	case "", AreaMunicipality, AreaNoord:
		if len(iv.Wijken) > 0 {
			errs.add(p+".wijken", "wijken horen alleen bij gebied \"wijken\"; dit gebied is %q", iv.Area.Label())
		}
	case AreaWijken:
		if len(iv.Wijken) == 0 {
			errs.add(p+".wijken", "kies ten minste één wijk")
		}
		seen := map[string]bool{}
		for j, c := range iv.Wijken {
			wp := fmt.Sprintf("%s.wijken[%d]", p, j)
			switch _, ok := FindWijk(c); {
			case !ok:
				errs.add(wp, "wijk %q bestaat niet in de gemeente Groningen (gebruik een CBS-wijkcode zoals WK001410)", c)
			case seen[c]:
				errs.add(wp, "wijk %s staat er twee keer", WijkName(c))
			}
			seen[c] = true
		}
	default:
		errs.add(p+".gebied", "gebied %q bestaat niet; kies gemeente, noord of wijken", iv.Area)
	}
}
