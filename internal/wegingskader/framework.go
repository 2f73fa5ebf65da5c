package wegingskader

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"math"
	"regexp"
	"strings"
	"time"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/programme"
	"github.com/perspectief/perspectief/internal/yamlfile"
)

// FormatVersion is written to and required from every framework file.
const FormatVersion = 1

// MaxFrameworkSize is the largest framework file accepted; the Groningen
// framework is under 10 KiB.
const MaxFrameworkSize = 1 << 20

//go:embed data/wegingskader.yaml
var defaultSource []byte

// DefaultSource is the framework that ships with Perspectief: the criteria
// of 'Toekomst met perspectief' with a proposed scale and weights.
func DefaultSource() []byte { return bytes.Clone(defaultSource) }

// ScaleLevel is one score on a criterion's scale and what it means.
type ScaleLevel struct {
	Score   int    `yaml:"score" json:"score"`
	Meaning string `yaml:"betekenis" json:"betekenis"`
}

// Group is a main question of the framework (1 to 4); criterion 1 has six
// sub-criteria, the others one each.
type Group struct {
	Code     string `yaml:"code" json:"code"`
	Title    string `yaml:"titel" json:"titel"`
	Question string `yaml:"vraag" json:"vraag"`
}

// Criterion is one question the panel scores.
type Criterion struct {
	Code        string       `yaml:"code" json:"code"`
	Group       string       `yaml:"groep" json:"groep"`
	Title       string       `yaml:"titel" json:"titel"`
	Question    string       `yaml:"vraag" json:"vraag"`
	Explanation string       `yaml:"toelichting,omitempty" json:"toelichting"`
	Weight      float64      `yaml:"gewicht" json:"gewicht"`
	Scale       []ScaleLevel `yaml:"schaal" json:"schaal"`
}

// Min is the lowest score of the scale.
func (c Criterion) Min() int { return c.Scale[0].Score }

// Max is the highest score of the scale.
func (c Criterion) Max() int { return c.Scale[len(c.Scale)-1].Score }

// Meaning returns what a score means on this criterion's scale.
func (c Criterion) Meaning(score int) string {
	for _, l := range c.Scale {
		if l.Score == score {
			return l.Meaning
		}
	}
	return ""
}

// Framework is one version of the weighing framework. Version, CreatedAt
// and CreatedBy are set when a version is stored, not read from the file.
type Framework struct {
	Version     int         `yaml:"-" json:"versie"`
	Name        string      `yaml:"naam" json:"naam"`
	Source      string      `yaml:"bron,omitempty" json:"bron"`
	Description string      `yaml:"omschrijving,omitempty" json:"omschrijving"`
	Groups      []Group     `yaml:"groepen" json:"groepen"`
	Criteria    []Criterion `yaml:"criteria" json:"criteria"`
	CreatedAt   time.Time   `yaml:"-" json:"vastgelegd_op"`
	CreatedBy   string      `yaml:"-" json:"vastgelegd_door"`
}

// Criterion returns the criterion with this code.
func (f *Framework) Criterion(code string) (Criterion, bool) {
	for _, c := range f.Criteria {
		if c.Code == code {
			return c, true
		}
	}
	return Criterion{}, false
}

// Group returns the group with this code.
func (f *Framework) Group(code string) (Group, bool) {
	for _, g := range f.Groups {
		if g.Code == code {
			return g, true
		}
	}
	return Group{}, false
}

// TotalWeight is the sum of the weights.
func (f *Framework) TotalWeight() float64 {
	var t float64
	for _, c := range f.Criteria {
		t += c.Weight
	}
	return t
}

type frameworkFile struct {
	Format    int       `yaml:"perspectief_wegingskader"`
	Framework Framework `yaml:"kader"`
}

var criterionCode = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z._-]{0,9}$`)

// maxScaleLevels keeps a scale something a panel can hold in mind and a
// form can show as radio buttons.
const maxScaleLevels = 11

// Validate checks a framework and returns every problem, as paths in the
// notation of the file (criteria[2].schaal[1].score).
func (f *Framework) Validate() []programme.FieldError {
	var errs []programme.FieldError
	add := func(path, format string, args ...any) {
		errs = append(errs, programme.FieldError{Path: path, Message: fmt.Sprintf(format, args...)})
	}
	if strings.TrimSpace(f.Name) == "" {
		add("naam", "de naam van het kader ontbreekt")
	}
	// code checks a code's form and that it is new among seen.
	code := func(path, c string, seen map[string]bool) {
		switch {
		case !criterionCode.MatchString(c):
			add(path, "code %q is ongeldig: gebruik letters en cijfers (hoogstens 10 tekens)", c)
		case seen[c]:
			add(path, "code %q komt al eerder voor", c)
		}
		seen[c] = true
	}
	groups := map[string]bool{}
	for i, g := range f.Groups {
		p := fmt.Sprintf("groepen[%d]", i)
		code(p+".code", g.Code, groups)
		if strings.TrimSpace(g.Title) == "" {
			add(p+".titel", "de titel ontbreekt")
		}
	}
	if len(f.Criteria) == 0 {
		add("criteria", "het kader heeft geen criteria")
	}
	seen := map[string]bool{}
	for i, c := range f.Criteria {
		p := fmt.Sprintf("criteria[%d]", i)
		code(p+".code", c.Code, seen)
		if c.Group != "" && !groups[c.Group] {
			add(p+".groep", "groep %q bestaat niet", c.Group)
		}
		if strings.TrimSpace(c.Title) == "" {
			add(p+".titel", "de titel ontbreekt")
		}
		if strings.TrimSpace(c.Question) == "" {
			add(p+".vraag", "de vraag ontbreekt")
		}
		if math.IsNaN(c.Weight) || c.Weight < 0 || c.Weight > 100 {
			add(p+".gewicht", "het gewicht moet een getal van 0 tot en met 100 zijn")
		}
		if len(c.Scale) < 2 || len(c.Scale) > maxScaleLevels {
			add(p+".schaal", "de schaal moet 2 tot en met %d scores hebben", maxScaleLevels)
		}
		for j, l := range c.Scale {
			lp := fmt.Sprintf("%s.schaal[%d]", p, j)
			if l.Score < 0 || l.Score > 100 {
				add(lp+".score", "score %d ligt niet tussen 0 en 100", l.Score)
			} else if j > 0 && l.Score != c.Scale[j-1].Score+1 {
				add(lp+".score", "score %d volgt niet op %d: de scores lopen op met 1", l.Score, c.Scale[j-1].Score)
			}
			if strings.TrimSpace(l.Meaning) == "" {
				add(lp+".betekenis", "de betekenis ontbreekt")
			}
		}
	}
	if len(errs) == 0 && f.TotalWeight() <= 0 {
		add("criteria", "alle gewichten zijn 0; geef minstens één criterium een gewicht")
	}
	return errs
}

// ReadFramework parses and validates a framework file (YAML). name is used
// in messages. A file with any problem is refused whole, every problem as
// "name:LINE: field: message".
func ReadFramework(name string, r io.Reader) (*Framework, error) {
	var file frameworkFile
	root, msgs, err := yamlfile.Decode(name, r, MaxFrameworkSize, &file)
	if err != nil {
		return nil, err
	}
	if msgs != nil {
		return nil, frameworkError(name, msgs)
	}
	if file.Format != FormatVersion {
		line := yamlfile.LineOf(root, "perspectief_wegingskader")
		return nil, frameworkError(name, []string{fmt.Sprintf("%s:%d: perspectief_wegingskader: formaatversie %d wordt niet ondersteund (verwacht %d)", name, line, file.Format, FormatVersion)})
	}
	f := &file.Framework
	if fe := f.Validate(); len(fe) > 0 {
		msgs := make([]string, len(fe))
		for i, e := range fe {
			path := "kader." + e.Path
			msgs[i] = fmt.Sprintf("%s:%d: %s: %s", name, yamlfile.LineOf(root, path), path, e.Message)
		}
		return nil, frameworkError(name, msgs)
	}
	return f, nil
}

// Default returns the framework that ships with Perspectief.
func Default() *Framework {
	f, err := ReadFramework("wegingskader.yaml", bytes.NewReader(defaultSource))
	if err != nil {
		panic("wegingskader: embedded framework: " + err.Error())
	}
	return f
}

func frameworkError(name string, msgs []string) error {
	return &perspectief.Error{
		Code:    perspectief.CodeInvalid,
		Message: fmt.Sprintf("Het wegingskader %s is geweigerd; er is niets vastgelegd. %d fout(en).", name, len(msgs)),
		Details: msgs,
	}
}
