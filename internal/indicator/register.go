package indicator

import (
	"bytes"
	"embed"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/perspectief/perspectief"
)

// The indicator types of the monitoring plan (annex 1), from the means put
// in to the society-wide effect.
var Types = []string{"input", "throughput", "output", "outcome", "impact"}

// TypeLabels are the Dutch names of the types as annex 1 describes them;
// throughput is called "proces" on the pages.
var TypeLabels = map[string]string{
	"input":      "Input (middelen)",
	"throughput": "Proces (throughput: uitvoering en activiteiten)",
	"output":     "Output (producten en diensten)",
	"outcome":    "Outcome (directe beleidseffecten)",
	"impact":     "Impact (indirecte, maatschappelijke effecten)",
}

// Kinds (annex 1): a beleidsindicator measures what lies within the
// gemeente's direct influence (with a goal attached, a prestatie-indicator);
// an omgevingsindicator describes the surroundings the gemeente does not
// steer (an effect- or contextindicator).
const (
	KindPolicy  = "beleidsindicator"
	KindContext = "omgevingsindicator"
)

// Kinds lists the kinds in the order of the pages.
var Kinds = []string{KindPolicy, KindContext}

// KindLabels are the kinds as pages name them.
var KindLabels = map[string]string{KindPolicy: "Beleidsindicator", KindContext: "Omgevingsindicator"}

// NormalizeKind maps the kinds of registers written before annex 1's
// typology was followed (prestatie, effect, context) onto it, and the
// type "proces" onto throughput. A prestatie-indicator is a
// beleidsindicator and a contextindicator an omgevingsindicator; an old
// "effect" indicator of type input, throughput or output measures the
// gemeente's own work, so it is a beleidsindicator, and otherwise an
// omgevingsindicator. Current kinds and unknown ones stay as they are.
func (ind *Indicator) NormalizeKind() {
	if ind.Type == "proces" {
		ind.Type = "throughput"
	}
	switch ind.Kind {
	case "prestatie":
		ind.Kind = KindPolicy
	case "context":
		ind.Kind = KindContext
	case "effect":
		ind.Kind = KindContext
		if ind.Type == "input" || ind.Type == "throughput" || ind.Type == "output" {
			ind.Kind = KindPolicy
		}
	}
}

// Levels are the goal levels an indicator measures, in the order of the
// overview page.
var Levels = []struct{ Code, Label string }{
	{"missie", "Missie"},
	{"strategisch", "Strategische doelen"},
	{"tactisch", "Tactische doelen"},
	{"operationeel", "Operationele doelen"},
	{"interventie", "Interventies"},
}

// Directions say which way a value is better.
const (
	Up   = "omhoog"
	Down = "omlaag"
	None = "geen"
)

// Indicator is one entry of the register.
type Indicator struct {
	Code       string    `yaml:"code"`
	Name       string    `yaml:"naam"`
	Definition string    `yaml:"definitie"`
	Unit       string    `yaml:"eenheid"` // "procent", "aantal", ...
	Type       string    `yaml:"type"`
	Kind       string    `yaml:"soort"`
	Level      string    `yaml:"niveau"`
	Source     string    `yaml:"bron"`
	Frequency  string    `yaml:"frequentie"`
	Direction  string    `yaml:"goede_richting"`
	Baseline   *Baseline `yaml:"nulmeting,omitempty"`
	Targets    []Target  `yaml:"streefwaarden,omitempty"`
	Goals      []string  `yaml:"doelen,omitempty"`
	Owner      string    `yaml:"eigenaar"`
	Note       string    `yaml:"toelichting,omitempty"`
	// Retired (vervallen) indicators keep their values and page but are
	// no longer offered for new values or links.
	Retired bool `yaml:"vervallen,omitempty"`
}

// Baseline is the measurement the targets start from.
type Baseline struct {
	Year  int     `yaml:"jaar"`
	Value float64 `yaml:"waarde"`
}

// Target is what a year should bring: a movement against the year before
// (stabiel, stijging, daling) or a number with a margin.
type Target struct {
	Year   int      `yaml:"jaar"`
	Goal   string   `yaml:"doel"` // stabiel, stijging, daling or getal
	Value  *float64 `yaml:"waarde,omitempty"`
	Margin float64  `yaml:"marge,omitempty"` // getal: absolute; stabiel: percent change still counted as stable
	Reason string   `yaml:"reden,omitempty"` // why this target: the decision it comes from
}

// Target goals.
const (
	Stable   = "stabiel"
	Increase = "stijging"
	Decrease = "daling"
	Number   = "getal"
)

// Target returns the target of year y.
func (ind *Indicator) Target(y int) (Target, bool) {
	for _, t := range ind.Targets {
		if t.Year == y {
			return t, true
		}
	}
	return Target{}, false
}

// IsPercent reports whether values are percentages.
func (ind *Indicator) IsPercent() bool { return ind.Unit == "procent" }

// Area is an entry of the area register: a CBS area or one of the
// platform's own, each with the years it is valid (0 = open).
type Area struct {
	Code      string `yaml:"code"`
	Name      string `yaml:"naam"`
	Kind      string `yaml:"soort"`  // cbs or eigen
	Level     string `yaml:"niveau"` // gemeente, wijk, buurt or overig
	ValidFrom int    `yaml:"geldig_vanaf,omitempty"`
	ValidTo   int    `yaml:"geldig_tot,omitempty"`
	Parent    string `yaml:"ouder,omitempty"`
	Note      string `yaml:"toelichting,omitempty"`
}

// ValidIn reports whether the area exists in year y.
func (a *Area) ValidIn(y int) bool {
	return (a.ValidFrom == 0 || y >= a.ValidFrom) && (a.ValidTo == 0 || y <= a.ValidTo)
}

// Validity is the area's validity in words, empty when always valid.
func (a *Area) Validity() string {
	switch {
	case a.ValidFrom != 0 && a.ValidTo != 0:
		return fmt.Sprintf("geldig van %d tot en met %d", a.ValidFrom, a.ValidTo)
	case a.ValidFrom != 0:
		return fmt.Sprintf("geldig vanaf %d", a.ValidFrom)
	case a.ValidTo != 0:
		return fmt.Sprintf("geldig tot en met %d", a.ValidTo)
	}
	return ""
}

// Register holds the indicators and areas, in the order of their file.
type Register struct {
	Indicators []Indicator `yaml:"indicatoren"`
	Areas      []Area      `yaml:"gebieden"`
}

// Indicator looks up an indicator by code.
func (r *Register) Indicator(code string) (*Indicator, bool) {
	for i := range r.Indicators {
		if r.Indicators[i].Code == code {
			return &r.Indicators[i], true
		}
	}
	return nil, false
}

// Area looks up an area by code.
func (r *Register) Area(code string) (*Area, bool) {
	for i := range r.Areas {
		if r.Areas[i].Code == code {
			return &r.Areas[i], true
		}
	}
	return nil, false
}

// AreaName is the area's name, or its code when the register lacks it.
func (r *Register) AreaName(code string) string {
	if a, ok := r.Area(code); ok {
		return a.Name
	}
	return code
}

var (
	codeRE    = regexp.MustCompile(`^[a-z0-9][a-z0-9_]{0,62}$`)
	areaRE    = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$`)
	cbsAreaRE = regexp.MustCompile(`^(GM[0-9]{4}|WK[0-9]{6}|BU[0-9]{8})$`)
)

// reservedCodes cannot name an indicator: they are pages under
// /indicatoren/ (the map outlines, the upload, the form for a new
// indicator, the register's versions).
var reservedCodes = []string{"kaarten", "inlezen", "nieuw", "versies"}

// KnowsArea reports whether values may be given for area code: an area of
// the register, or a CBS wijk or buurt of a CBS gemeente of the register
// (WK0014xx and BU0014xxxx under GM0014; CBS codes carry their gemeente).
func (r *Register) KnowsArea(code string) bool {
	if _, ok := r.Area(code); ok {
		return true
	}
	if !IsCBSArea(code) || strings.HasPrefix(code, "GM") {
		return false
	}
	a, ok := r.Area("GM" + code[2:6])
	return ok && a.Kind == "cbs"
}

// IsCBSArea reports whether code has the form of a CBS gemeente, wijk or
// buurt code; such codes are accepted without a register entry.
func IsCBSArea(code string) bool { return cbsAreaRE.MatchString(code) }

// problems collects the problems of a register, each as "path: message".
type problems []string

func (p *problems) add(format string, a ...any) { *p = append(*p, fmt.Sprintf(format, a...)) }

// Validate checks the register and returns every problem.
func (r *Register) Validate() []string {
	var errs problems
	seen := map[string]bool{}
	for i := range r.Indicators {
		errs.checkIndicator(fmt.Sprintf("indicatoren[%d]", i), &r.Indicators[i], seen)
	}
	seenA := map[string]bool{}
	for i, a := range r.Areas {
		errs.checkArea(fmt.Sprintf("gebieden[%d]", i), a, seenA)
	}
	for i, a := range r.Areas {
		if a.Parent != "" && !seenA[a.Parent] {
			errs.add("gebieden[%d].ouder: %q staat niet in het register", i, a.Parent)
		}
	}
	return errs
}

func (errs *problems) checkIndicator(at string, ind *Indicator, seen map[string]bool) {
	for _, fe := range CheckIndicator(ind) {
		errs.add("%s.%s: %s", at, fe.Path, fe.Message)
	}
	if codeRE.MatchString(ind.Code) && !slices.Contains(reservedCodes, ind.Code) && seen[ind.Code] {
		errs.add("%s.code: %q komt twee keer voor", at, ind.Code)
	}
	seen[ind.Code] = true
}

// Years a target or baseline may name.
const (
	minYear = 1990
	maxYear = 2100
)

// CheckIndicator checks one indicator on its own (not whether its code is
// free) and returns every problem with the field it is in, in the field
// names of the register file (naam, streefwaarden[0].jaar).
func CheckIndicator(ind *Indicator) []perspectief.FieldError {
	var errs []perspectief.FieldError
	add := func(path, format string, a ...any) {
		errs = append(errs, perspectief.FieldError{Path: path, Message: fmt.Sprintf(format, a...)})
	}
	if !codeRE.MatchString(ind.Code) {
		add("code", "%q is geen geldige code (kleine letters, cijfers en _, hooguit 63 tekens)", ind.Code)
	} else if slices.Contains(reservedCodes, ind.Code) {
		add("code", "%q is gereserveerd voor een pagina onder /indicatoren/; kies een andere code", ind.Code)
	}
	if strings.TrimSpace(ind.Name) == "" {
		add("naam", "ontbreekt")
	}
	if !slices.Contains(Types, ind.Type) {
		add("type", "%q moet een van %s zijn", ind.Type, strings.Join(Types, ", "))
	}
	if !slices.Contains(Kinds, ind.Kind) {
		add("soort", "%q moet een van %s zijn", ind.Kind, strings.Join(Kinds, ", "))
	}
	if !slices.ContainsFunc(Levels, func(l struct{ Code, Label string }) bool { return l.Code == ind.Level }) {
		add("niveau", "%q is geen doelniveau", ind.Level)
	}
	if ind.Direction != Up && ind.Direction != Down && ind.Direction != None {
		add("goede_richting", "%q moet omhoog, omlaag of geen zijn", ind.Direction)
	}
	if b := ind.Baseline; b != nil && (b.Year < minYear || b.Year > maxYear) {
		add("nulmeting.jaar", "%d is geen jaar tussen %d en %d", b.Year, minYear, maxYear)
	}
	years := map[int]bool{}
	for j, t := range ind.Targets {
		at := fmt.Sprintf("streefwaarden[%d]", j)
		if t.Year < minYear || t.Year > maxYear {
			add(at+".jaar", "%d is geen jaar tussen %d en %d", t.Year, minYear, maxYear)
		} else if years[t.Year] {
			add(at+".jaar", "%d heeft al een streefwaarde", t.Year)
		}
		years[t.Year] = true
		switch t.Goal {
		case Stable, Increase, Decrease:
			if t.Value != nil {
				add(at+".waarde", "alleen bij doel getal")
			}
		case Number:
			if t.Value == nil {
				add(at+".waarde", "ontbreekt bij doel getal")
			}
		default:
			add(at+".doel", "%q moet stabiel, stijging, daling of getal zijn", t.Goal)
		}
		if t.Margin < 0 {
			add(at+".marge", "mag niet negatief zijn")
		}
	}
	return errs
}

func (errs *problems) checkArea(at string, a Area, seen map[string]bool) {
	if !areaRE.MatchString(a.Code) {
		errs.add("%s.code: %q is geen geldige gebiedscode", at, a.Code)
	} else if seen[a.Code] {
		errs.add("%s.code: %q komt twee keer voor", at, a.Code)
	}
	seen[a.Code] = true
	if strings.TrimSpace(a.Name) == "" {
		errs.add("%s.naam: ontbreekt", at)
	}
	switch a.Kind {
	case "cbs":
		if !IsCBSArea(a.Code) {
			errs.add("%s.code: %q is geen CBS-code (GM, WK of BU met cijfers)", at, a.Code)
		}
	case "eigen":
	default:
		errs.add("%s.soort: %q moet cbs of eigen zijn", at, a.Kind)
	}
	if !slices.Contains([]string{"gemeente", "wijk", "buurt", "overig"}, a.Level) {
		errs.add("%s.niveau: %q moet gemeente, wijk, buurt of overig zijn", at, a.Level)
	}
	if a.ValidFrom != 0 && a.ValidTo != 0 && a.ValidTo < a.ValidFrom {
		errs.add("%s.geldig_tot: ligt voor geldig_vanaf", at)
	}
}

// ReadRegister reads and validates a register file.
func ReadRegister(name string, r io.Reader) (*Register, error) {
	dec := yaml.NewDecoder(r)
	dec.KnownFields(true)
	var reg Register
	if err := dec.Decode(&reg); err != nil {
		return nil, &perspectief.Error{Code: perspectief.CodeInvalid, Message: "Het indicatorenregister " + name + " is geweigerd.", Details: []string{name + ": " + err.Error()}, Err: err}
	}
	for i := range reg.Indicators {
		reg.Indicators[i].NormalizeKind()
	}
	if errs := reg.Validate(); len(errs) > 0 {
		for i := range errs {
			errs[i] = name + ": " + errs[i]
		}
		return nil, &perspectief.Error{Code: perspectief.CodeInvalid, Message: "Het indicatorenregister " + name + " is geweigerd.", Details: errs}
	}
	return &reg, nil
}

//go:embed data/register.yaml data/moeite_met_rondkomen.csv data/groningen_wijken_2024.geojson
var dataFS embed.FS

// DefaultRegister is the embedded register of the Groningen programme.
func DefaultRegister() (*Register, error) {
	b, err := dataFS.ReadFile("data/register.yaml")
	if err != nil {
		return nil, err
	}
	return ReadRegister("register.yaml", bytes.NewReader(b))
}

// MoeiteMetRondkomenCSV is the facts file's table of 'moeite met
// rondkomen' (2014-2018) in the import format.
func MoeiteMetRondkomenCSV() []byte {
	b, _ := dataFS.ReadFile("data/moeite_met_rondkomen.csv")
	return b
}

// WijkenGeoJSON is the shipped geometry of Groningen's wijken (2024).
func WijkenGeoJSON() []byte {
	b, _ := dataFS.ReadFile("data/groningen_wijken_2024.geojson")
	return b
}
