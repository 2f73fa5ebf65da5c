// Package eligibility describes the income-support schemes (regelingen) of
// the gemeente as data and decides, for one household on one date, whether
// it is probably entitled: ja, nee or onbekend. The same rules serve the
// resident check (/wijzer) and the batch run over a panel, so that the two
// cannot disagree. The rule-file format is documented in internal/eligibility/rules/README.md.
//
// The package is domain code: no HTTP, no SQL.
package eligibility

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/perspectief/perspectief/internal/numfmt"
	"github.com/perspectief/perspectief/internal/textenc"

	"gopkg.in/yaml.v3"
)

// FormatVersion is the rule-file format this package reads. A file with
// another `formaat` is refused rather than half understood.
const FormatVersion = 1

// MaxFileBytes bounds one rule file; real ones are a few kilobytes.
const MaxFileBytes = 256 << 10

// Text is a sentence in Dutch (B1) with its English version.
type Text struct {
	NL string `yaml:"nl"`
	EN string `yaml:"en"`
}

// In returns the text in lang ("en" or anything else for Dutch).
func (t Text) In(lang string) string {
	if lang == "en" {
		return t.EN
	}
	return t.NL
}

// FactType is the declared type of a fact.
type FactType string

const (
	FactNumber FactType = "number"
	FactInt    FactType = "int"
	FactBool   FactType = "bool"
	FactEnum   FactType = "enum"
)

func (t FactType) expr() Type {
	switch t {
	case FactNumber, FactInt:
		return TNumber
	case FactBool:
		return TBool
	case FactEnum:
		return TString
	}
	return 0
}

// Choice is one allowed value of an enum fact, with how the form shows it.
type Choice struct {
	Value string `yaml:"waarde"`
	Label Text   `yaml:"tekst"`
}

// Fact is something about a household that a rule needs and a resident can
// answer. Facts are declared once for the whole set (feiten.yaml) so that the
// form asks each question once and the panel has one column name per fact.
type Fact struct {
	Name     string   `yaml:"naam"`
	Type     FactType `yaml:"type"`
	Unit     string   `yaml:"eenheid"`
	Question Text     `yaml:"vraag"`
	Help     Text     `yaml:"hulp"`
	// Topic heads a group of questions on the form ("Uw huishouden"); a
	// fact without one continues the group of the fact before it.
	Topic Text
	// Noun names a number fact in a sentence ("uw inkomen"), so that an
	// explanation can say how far a household is from a limit.
	Noun    Text
	Choices []Choice `yaml:"keuzes"`
	// PerMonth marks an annual amount that residents know per month: the
	// form asks the monthly amount and multiplies it by 12.
	PerMonth bool `yaml:"per_maand"`
	Min      *float64
	Max      *float64
	slot     int
	// choiceVals are the Values of Choices, made once.
	choiceVals []Value
}

// Period is a half-open validity range [From, To]; a zero To means open.
type Period struct {
	From time.Time
	To   time.Time // inclusive last day; zero: no end
}

// Contains reports whether day d lies within the period.
func (p Period) Contains(d time.Time) bool {
	return !d.Before(p.From) && (p.To.IsZero() || !d.After(p.To))
}

// Param is a dated parameter of a scheme, such as an income limit.
type Param struct {
	Name   string
	Unit   string
	Type   Type
	Values []ParamValue
	idx    int // slot among the scheme's parameters
}

// ParamValue is the value of a parameter in one period.
type ParamValue struct {
	Period
	Value Value
}

// At returns the parameter's value on day d, or unknown.
func (p *Param) At(d time.Time) Value {
	for _, v := range p.Values {
		if v.Contains(d) {
			return v.Value
		}
	}
	return Value{}
}

// Condition is one requirement of a scheme, with the plain sentence that
// explains it to a resident.
type Condition struct {
	Source  string // the expression as written
	Explain Text
	// Target marks a condition about whom the scheme is for (children,
	// age, students): a household that fails it cannot apply at all,
	// whatever its income.
	Target bool
	expr   *node
}

// Scheme is one regeling as loaded from its rule file.
type Scheme struct {
	Code    string
	Version string
	// Changes says in Dutch what changed since the previous version
	// (optional; shown on the version's page).
	Changes string
	Name    string
	Runner  string // uitvoerder
	Sources []string
	Checked time.Time
	Valid   Period
	Summary Text
	Gives   Text
	Apply   Text
	// How to reach the runner: a web address, phone number and postal or
	// visiting address, each optional, and the source that names them.
	Link          string
	Phone         string
	Address       string
	ContactSource string
	// BringAlong is what a resident should have at hand when applying.
	BringAlong []Text
	FactNames  []string
	Params     []*Param
	Conditions []Condition
	File       string
	// Where this version came from: the shipped rules or a beheerder's
	// upload, when and by whom it was stored, its order among the stored
	// versions (Seq; 0 for a shipped version not stored), and the file
	// itself, so that an old version can be shown as it was loaded.
	Origin   string
	Seq      int64
	LoadedAt time.Time
	LoadedBy string
	Content  []byte
	SHA256   string
	params   map[string]*Param
	// versionLine is the line of versie, for the message that a version
	// exists already.
	versionLine int
}

// Origins of a version.
const (
	OriginShipped = "meegeleverd"
	OriginLoaded  = "geladen"
)

// InForce reports whether the scheme exists on day d.
func (s *Scheme) InForce(d time.Time) bool { return s.Valid.Contains(d) }

// Set is a loaded, fully checked rule set: the fact catalogue and the
// schemes, every version of each (see versions.go for which one decides).
type Set struct {
	Facts   []*Fact   // in catalogue order, which is the order of the form
	Schemes []*Scheme // by code, oldest version first
	// Help is who helps residents apply (hulp.yaml); nil when the rule
	// directory has none.
	Help  *Help
	facts map[string]*Fact
	norm  NormFunc
	slots [3]int
}

// Fact returns the declared fact called name.
func (s *Set) Fact(name string) (*Fact, bool) {
	f, ok := s.facts[name]
	return f, ok
}

// LoadError lists every problem found in a rule set, one per line in the
// form FILE:LINE: field: reason.
type LoadError struct {
	Problems []string
}

func (e *LoadError) Error() string {
	return "regels geweigerd:\n" + strings.Join(e.Problems, "\n")
}

type loader struct {
	file     string
	problems []string
}

func (l *loader) add(line int, field, format string, args ...any) {
	l.problems = append(l.problems, fmt.Sprintf("%s:%d: %s: %s", l.file, line, field, fmt.Sprintf(format, args...)))
}

// Positioned YAML values: the loader reports lines, so every field it checks
// remembers where it was.
type lstr struct {
	V    string
	Line int
}

func (s *lstr) UnmarshalYAML(n *yaml.Node) error {
	s.Line = n.Line
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("line %d: expected a single value", n.Line)
	}
	s.V = n.Value
	return nil
}

type ltext struct {
	Text
	Line int
}

func (t *ltext) UnmarshalYAML(n *yaml.Node) error {
	t.Line = n.Line
	type plain Text
	var p plain
	dec := n.Decode
	if err := dec(&p); err != nil {
		return err
	}
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if k := n.Content[i].Value; k != "nl" && k != "en" {
				return fmt.Errorf("line %d: field %s not found in type eligibility.Text", n.Content[i].Line, k)
			}
		}
	}
	t.Text = Text(p)
	return nil
}

type factsFile struct {
	Format int        `yaml:"formaat"`
	Facts  []factYAML `yaml:"feiten"`
}

type factYAML struct {
	Name     lstr     `yaml:"naam"`
	Type     lstr     `yaml:"type"`
	Unit     string   `yaml:"eenheid"`
	Question ltext    `yaml:"vraag"`
	Help     *ltext   `yaml:"hulp"`
	Topic    *ltext   `yaml:"onderwerp"`
	Noun     *ltext   `yaml:"noemen"`
	Choices  []choice `yaml:"keuzes"`
	PerMonth bool     `yaml:"per_maand"`
	Min      *float64 `yaml:"min"`
	Max      *float64 `yaml:"max"`
}

type choice struct {
	Value lstr  `yaml:"waarde"`
	Label ltext `yaml:"tekst"`
}

type schemeFile struct {
	Format     int         `yaml:"formaat"`
	Code       lstr        `yaml:"code"`
	Version    lstr        `yaml:"versie"`
	Changes    lstr        `yaml:"wijzigingen"`
	Name       lstr        `yaml:"naam"`
	Runner     lstr        `yaml:"uitvoerder"`
	Sources    []lstr      `yaml:"bronnen"`
	Checked    lstr        `yaml:"gecontroleerd"`
	From       lstr        `yaml:"geldig_van"`
	To         lstr        `yaml:"geldig_tot"`
	Summary    ltext       `yaml:"samenvatting"`
	Gives      ltext       `yaml:"geeft"`
	Apply      ltext       `yaml:"aanvragen"`
	Link       lstr        `yaml:"link"`
	Phone      lstr        `yaml:"telefoon"`
	Address    lstr        `yaml:"adres"`
	ContactSrc lstr        `yaml:"contact_bron"`
	BringAlong []ltext     `yaml:"bij_de_hand"`
	Facts      []lstr      `yaml:"feiten"`
	Params     []paramYAML `yaml:"parameters"`
	Conditions []condYAML  `yaml:"voorwaarden"`
}

type paramYAML struct {
	Name   lstr        `yaml:"naam"`
	Unit   string      `yaml:"eenheid"`
	Values []valueYAML `yaml:"waarden"`
}

type valueYAML struct {
	From  lstr      `yaml:"van"`
	To    lstr      `yaml:"tot"`
	Value yaml.Node `yaml:"waarde"`
}

type condYAML struct {
	If      lstr  `yaml:"als"`
	Explain ltext `yaml:"uitleg"`
	Target  bool  `yaml:"doelgroep"`
}

var (
	codeRE    = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)
	versionRE = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z._-]{0,31}$`)
	nameRE    = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)
	yamlErr   = regexp.MustCompile(`line (\d+): (.*)`)
	placeRE   = regexp.MustCompile(`\{([^{}]*)\}`)
)

// FactsFile is the name of the fact catalogue within a rule directory.
const FactsFile = "feiten.yaml"

// IsTestFile tells the loader which YAML files beside the rules hold test
// cases rather than schemes.
func IsTestFile(name string) bool { return strings.HasPrefix(path.Base(name), "testcases") }

// Load reads a rule directory: feiten.yaml and one file per scheme (every
// other *.yaml except test-case files). Every problem in every file is
// reported; a set with any problem is refused as a whole, because a
// half-loaded set would answer 'nee' where it should have said 'fout'.
func Load(fsys fs.FS, norm NormFunc) (*Set, error) {
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, err
	}
	data, err := readLimited(fsys, FactsFile)
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{}
	for _, n := range names {
		if n == FactsFile || n == HelpFile || IsTestFile(n) {
			continue
		}
		b, err := readLimited(fsys, n)
		if err != nil {
			return nil, err
		}
		files[n] = b
	}
	help, err := loadHelp(fsys)
	if err != nil {
		return nil, err
	}
	set, err := Parse(data, files, norm)
	if err != nil {
		return nil, err
	}
	set.Help = help
	return set, nil
}

func readLimited(fsys fs.FS, name string) ([]byte, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	if len(b) > MaxFileBytes {
		return nil, &LoadError{Problems: []string{fmt.Sprintf("%s:1: bestand: groter dan %s bytes", name, numfmt.Format(MaxFileBytes, 0, numfmt.Dutch))}}
	}
	return b, nil
}

// Parse builds a set from the fact catalogue and the scheme files (name to
// content). It is Load without a file system, for tests and for rule files
// uploaded by a beheerder.
func Parse(factsYAML []byte, schemes map[string][]byte, norm NormFunc) (*Set, error) {
	set := &Set{facts: map[string]*Fact{}, norm: norm}
	var problems []string

	l := &loader{file: FactsFile}
	set.parseFacts(l, factsYAML)
	problems = append(problems, l.problems...)

	names := make([]string, 0, len(schemes))
	for n := range schemes {
		names = append(names, n)
	}
	sort.Strings(names)
	codes := map[string]string{}
	for _, n := range names {
		l := &loader{file: n}
		sc := set.parseScheme(l, schemes[n])
		if sc != nil {
			if other, dup := codes[sc.Code]; dup {
				l.add(1, "code", "code %q staat ook in %s", sc.Code, other)
			}
			codes[sc.Code] = n
			if len(l.problems) == 0 {
				set.Schemes = append(set.Schemes, sc)
			}
		}
		problems = append(problems, l.problems...)
	}
	if len(problems) > 0 {
		return nil, &LoadError{Problems: problems}
	}
	set.sortSchemes()
	for i, f := range NormFacts {
		set.slots[i] = -1
		if fact, ok := set.facts[f]; ok {
			set.slots[i] = fact.slot
		}
	}
	return set, nil
}

func decodeStrict(l *loader, data []byte, into any) bool {
	if len(data) > MaxFileBytes {
		l.add(1, "bestand", "groter dan %s bytes", numfmt.Format(MaxFileBytes, 0, numfmt.Dutch))
		return false
	}
	if p := textenc.Check(data); p != nil {
		l.add(p.Line, "bestand", "%s", p.Reason)
		return false
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(into); err != nil {
		var te *yaml.TypeError
		if errors.As(err, &te) {
			for _, e := range te.Errors {
				yamlProblem(l, e)
			}
		} else {
			yamlProblem(l, err.Error())
		}
		return false
	}
	return true
}

func yamlProblem(l *loader, msg string) {
	if m := yamlErr.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		l.add(line, "yaml", "%s", m[2])
		return
	}
	l.add(1, "yaml", "%s", strings.TrimPrefix(msg, "yaml: "))
}

func (set *Set) parseFacts(l *loader, data []byte) {
	var ff factsFile
	if !decodeStrict(l, data, &ff) {
		return
	}
	if ff.Format != FormatVersion {
		l.add(1, "formaat", "formaat %d wordt niet ondersteund, verwacht %d", ff.Format, FormatVersion)
	}
	if len(ff.Facts) == 0 {
		l.add(1, "feiten", "geen feiten gedeclareerd")
	}
	for i, fy := range ff.Facts {
		field := fmt.Sprintf("feiten[%d]", i)
		if !nameRE.MatchString(fy.Name.V) {
			l.add(fy.Name.Line, field+".naam", "%q is geen geldige naam (kleine letters, cijfers, _)", fy.Name.V)
			continue
		}
		if _, dup := set.facts[fy.Name.V]; dup {
			l.add(fy.Name.Line, field+".naam", "feit %q is al gedeclareerd", fy.Name.V)
			continue
		}
		if _, fn := functions[fy.Name.V]; fn || isKeyword(fy.Name.V) {
			l.add(fy.Name.Line, field+".naam", "%q is een gereserveerd woord", fy.Name.V)
			continue
		}
		f := &Fact{Name: fy.Name.V, Type: FactType(fy.Type.V), Unit: fy.Unit, Question: fy.Question.Text,
			PerMonth: fy.PerMonth, Min: fy.Min, Max: fy.Max, slot: len(set.Facts)}
		if f.Type.expr() == 0 {
			l.add(fy.Type.Line, field+".type", "onbekend type %q (number, int, bool of enum)", fy.Type.V)
		}
		checkText(l, fy.Question, field+".vraag")
		if fy.Help != nil {
			checkText(l, *fy.Help, field+".hulp")
			f.Help = fy.Help.Text
		}
		if fy.Topic != nil {
			checkText(l, *fy.Topic, field+".onderwerp")
			f.Topic = fy.Topic.Text
		}
		if fy.Noun != nil {
			checkText(l, *fy.Noun, field+".noemen")
			f.Noun = fy.Noun.Text
		}
		if f.Type == FactEnum {
			if len(fy.Choices) == 0 {
				l.add(fy.Type.Line, field+".keuzes", "een enum heeft keuzes nodig")
			}
			seen := map[string]bool{}
			for j, c := range fy.Choices {
				if c.Value.V == "" || seen[c.Value.V] {
					l.add(c.Value.Line, fmt.Sprintf("%s.keuzes[%d].waarde", field, j), "lege of dubbele keuze %q", c.Value.V)
				}
				seen[c.Value.V] = true
				checkText(l, c.Label, fmt.Sprintf("%s.keuzes[%d].tekst", field, j))
				f.Choices = append(f.Choices, Choice{Value: c.Value.V, Label: c.Label.Text})
				f.choiceVals = append(f.choiceVals, Str(c.Value.V))
			}
		} else if len(fy.Choices) > 0 {
			l.add(fy.Type.Line, field+".keuzes", "alleen een enum heeft keuzes")
		}
		if f.PerMonth && f.Type != FactNumber {
			l.add(fy.Type.Line, field+".per_maand", "alleen een number kan per maand gevraagd worden")
		}
		set.facts[f.Name] = f
		set.Facts = append(set.Facts, f)
	}
}

func isKeyword(s string) bool {
	switch s {
	case "and", "or", "not", "in", "true", "false":
		return true
	}
	return false
}

func checkText(l *loader, t ltext, field string) {
	if strings.TrimSpace(t.NL) == "" || strings.TrimSpace(t.EN) == "" {
		line := t.Line
		if line == 0 {
			line = 1
		}
		l.add(line, field, "nl en en zijn allebei verplicht")
	}
}

func parseDate(l *loader, s lstr, field string, required bool) (time.Time, bool) {
	if s.V == "" {
		if required {
			line := s.Line
			if line == 0 {
				line = 1
			}
			l.add(line, field, "datum ontbreekt (JJJJ-MM-DD)")
			return time.Time{}, false
		}
		return time.Time{}, true
	}
	d, err := time.Parse("2006-01-02", s.V)
	if err != nil {
		l.add(s.Line, field, "%q is geen datum (JJJJ-MM-DD)", s.V)
		return time.Time{}, false
	}
	return d, true
}

func (set *Set) parseScheme(l *loader, data []byte) *Scheme {
	var sf schemeFile
	if !decodeStrict(l, data, &sf) {
		return nil
	}
	sc := parseSchemeHeader(l, &sf, data)
	used := set.parseInputs(l, &sf, sc)
	usedFacts := parseConditions(l, &sf, sc, used)
	for i, f := range sf.Facts {
		if _, ok := used[f.V]; ok && !usedFacts[f.V] && len(l.problems) == 0 {
			l.add(f.Line, fmt.Sprintf("feiten[%d]", i), "feit %q wordt in geen voorwaarde gebruikt", f.V)
		}
	}
	return sc
}

// line1 is the line of a field, or 1 when it is absent.
func line1(n int) int {
	if n == 0 {
		return 1
	}
	return n
}

// parseSchemeHeader checks what the file says about the scheme: format,
// code, version, names, sources, dates and texts.
func parseSchemeHeader(l *loader, sf *schemeFile, data []byte) *Scheme {
	if sf.Format != FormatVersion {
		l.add(1, "formaat", "formaat %d wordt niet ondersteund, verwacht %d", sf.Format, FormatVersion)
	}
	sum := sha256.Sum256(data)
	sc := &Scheme{Code: sf.Code.V, Version: sf.Version.V, Changes: strings.TrimSpace(sf.Changes.V), Name: sf.Name.V, Runner: sf.Runner.V,
		Summary: sf.Summary.Text, Gives: sf.Gives.Text, Apply: sf.Apply.Text, Link: sf.Link.V,
		File: l.file, params: map[string]*Param{}, Origin: OriginShipped, Content: data,
		SHA256: hex.EncodeToString(sum[:]), versionLine: line1(sf.Version.Line)}
	if !codeRE.MatchString(sc.Code) {
		l.add(line1(sf.Code.Line), "code", "%q is geen geldige code (kleine letters, cijfers, _)", sc.Code)
	}
	for _, f := range []struct {
		v     lstr
		field string
	}{{sf.Version, "versie"}, {sf.Name, "naam"}, {sf.Runner, "uitvoerder"}} {
		if strings.TrimSpace(f.v.V) == "" {
			l.add(line1(f.v.Line), f.field, "verplicht")
		}
	}
	if v := strings.TrimSpace(sc.Version); v != "" && !versionRE.MatchString(sc.Version) {
		l.add(line1(sf.Version.Line), "versie", "%q: gebruik letters, cijfers, punt, streepje of _ (hoogstens 32 tekens)", sc.Version)
	}
	if len(sf.Sources) == 0 {
		l.add(1, "bronnen", "noem minstens één bron")
	}
	for _, s := range sf.Sources {
		sc.Sources = append(sc.Sources, s.V)
	}
	sc.Checked, _ = parseDate(l, sf.Checked, "gecontroleerd", true)
	sc.Valid.From, _ = parseDate(l, sf.From, "geldig_van", true)
	sc.Valid.To, _ = parseDate(l, sf.To, "geldig_tot", false)
	if !sc.Valid.To.IsZero() && sc.Valid.To.Before(sc.Valid.From) {
		l.add(sf.To.Line, "geldig_tot", "ligt voor geldig_van")
	}
	checkText(l, sf.Summary, "samenvatting")
	checkText(l, sf.Gives, "geeft")
	checkText(l, sf.Apply, "aanvragen")
	parseContact(l, sf, sc)
	return sc
}

var (
	phoneRE = regexp.MustCompile(`^\+?[0-9][0-9 -]{5,19}$`)
	linkRE  = regexp.MustCompile(`^https://[^\s"<>]+$`)
)

// parseContact checks how a resident reaches the runner: a link over
// https, a phone number of digits, and the source of a phone number or
// address, since a wrong number sends people nowhere.
func parseContact(l *loader, sf *schemeFile, sc *Scheme) {
	sc.Phone, sc.Address, sc.ContactSource = strings.TrimSpace(sf.Phone.V), strings.TrimSpace(sf.Address.V), strings.TrimSpace(sf.ContactSrc.V)
	if sc.Link != "" && !linkRE.MatchString(sc.Link) {
		l.add(line1(sf.Link.Line), "link", "%q is geen webadres dat met https:// begint", sc.Link)
	}
	if sc.Phone != "" && !phoneRE.MatchString(sc.Phone) {
		l.add(line1(sf.Phone.Line), "telefoon", "%q is geen telefoonnummer (cijfers, spaties, streepjes)", sc.Phone)
	}
	if (sc.Link != "" || sc.Phone != "" || sc.Address != "") && sc.ContactSource == "" {
		l.add(line1(max(sf.Link.Line, sf.Phone.Line, sf.Address.Line)), "contact_bron", "noem de bron van link, telefoon of adres")
	}
	for i, t := range sf.BringAlong {
		checkText(l, t, fmt.Sprintf("bij_de_hand[%d]", i))
		sc.BringAlong = append(sc.BringAlong, t.Text)
	}
}

// parseInputs checks the facts the scheme declares it uses (they must
// exist in the catalogue) and its parameters, and returns the facts used.
func (set *Set) parseInputs(l *loader, sf *schemeFile, sc *Scheme) map[string]*Fact {
	used := map[string]*Fact{}
	for i, f := range sf.Facts {
		fact, ok := set.facts[f.V]
		if !ok {
			l.add(f.Line, fmt.Sprintf("feiten[%d]", i), "feit %q staat niet in %s", f.V, FactsFile)
			continue
		}
		used[f.V] = fact
		sc.FactNames = append(sc.FactNames, f.V)
	}
	for i, py := range sf.Params {
		field := fmt.Sprintf("parameters[%d]", i)
		p := set.parseParam(l, py, field, sc)
		if p == nil {
			continue
		}
		if _, clash := used[p.Name]; clash {
			l.add(py.Name.Line, field+".naam", "%q is al een feit", p.Name)
			continue
		}
		if _, dup := sc.params[p.Name]; dup {
			l.add(py.Name.Line, field+".naam", "parameter %q staat er twee keer", p.Name)
			continue
		}
		p.idx = len(sc.Params)
		sc.params[p.Name] = p
		sc.Params = append(sc.Params, p)
	}
	return used
}

// parseConditions parses the conditions against the facts used and the
// parameters, and returns the facts they name.
func parseConditions(l *loader, sf *schemeFile, sc *Scheme, used map[string]*Fact) map[string]bool {
	env := Env{
		Fact: func(name string) (Fact, bool) {
			f, ok := used[name]
			if !ok {
				return Fact{}, false
			}
			return *f, true
		},
		Param: func(name string) (Type, bool) {
			p, ok := sc.params[name]
			if !ok {
				return 0, false
			}
			return p.Type, true
		},
		FactIndex:  func(name string) int { return used[name].slot },
		ParamIndex: func(name string) int { return sc.params[name].idx },
	}
	if len(sf.Conditions) == 0 {
		l.add(1, "voorwaarden", "een regeling heeft minstens één voorwaarde")
	}
	usedFacts, usedParams := map[string]bool{}, map[string]bool{}
	for i, cy := range sf.Conditions {
		field := fmt.Sprintf("voorwaarden[%d]", i)
		checkText(l, cy.Explain, field+".uitleg")
		for _, t := range []string{cy.Explain.NL, cy.Explain.EN} {
			for _, m := range placeRE.FindAllStringSubmatch(t, -1) {
				if _, ok := sc.params[m[1]]; !ok {
					l.add(cy.Explain.Line, field+".uitleg", "{%s} is geen parameter van deze regeling", m[1])
				}
			}
		}
		n, err := parseExpr(cy.If.V, env, TBool)
		if err != nil {
			l.add(line1(cy.If.Line), field+".als", "%v", err)
			continue
		}
		n.names(usedFacts, usedParams)
		sc.Conditions = append(sc.Conditions, Condition{Source: cy.If.V, Explain: cy.Explain.Text, Target: cy.Target, expr: n})
	}
	return usedFacts
}

func (set *Set) parseParam(l *loader, py paramYAML, field string, sc *Scheme) *Param {
	if !nameRE.MatchString(py.Name.V) || isKeyword(py.Name.V) {
		l.add(max(py.Name.Line, 1), field+".naam", "%q is geen geldige naam", py.Name.V)
		return nil
	}
	if _, ok := set.facts[py.Name.V]; ok {
		l.add(py.Name.Line, field+".naam", "%q is al een feit in %s", py.Name.V, FactsFile)
		return nil
	}
	p := &Param{Name: py.Name.V, Unit: py.Unit}
	if len(py.Values) == 0 {
		l.add(py.Name.Line, field+".waarden", "geen waarden")
		return nil
	}
	ok := true
	for j, vy := range py.Values {
		vf := fmt.Sprintf("%s.waarden[%d]", field, j)
		from, ok1 := parseDate(l, vy.From, vf+".van", true)
		to, ok2 := parseDate(l, vy.To, vf+".tot", false)
		v, ok3 := paramValue(l, vy.Value, vf+".waarde")
		if ok3 && v.typ == TNumber {
			if msg := paramRange(py.Unit, v.num); msg != "" {
				l.add(max(vy.Value.Line, 1), vf+".waarde", "%s", msg)
				ok3 = false
			}
		}
		if !ok1 || !ok2 || !ok3 {
			ok = false
			continue
		}
		if !to.IsZero() && to.Before(from) {
			l.add(vy.To.Line, vf+".tot", "ligt voor van")
			ok = false
			continue
		}
		if p.Type == 0 {
			p.Type = v.typ
		} else if v.typ != p.Type {
			l.add(vy.Value.Line, vf+".waarde", "een %s, eerdere waarden zijn een %s", v.typ, p.Type)
			ok = false
		}
		p.Values = append(p.Values, ParamValue{Period: Period{From: from, To: to}, Value: v})
	}
	if !ok {
		return nil
	}
	sort.Slice(p.Values, func(i, j int) bool { return p.Values[i].From.Before(p.Values[j].From) })
	// The periods must join up and cover the scheme's validity, so that
	// every date on which the scheme exists has exactly one value.
	for j := 1; j < len(p.Values); j++ {
		prev := p.Values[j-1]
		if prev.To.IsZero() || !prev.To.AddDate(0, 0, 1).Equal(p.Values[j].From) {
			l.add(py.Name.Line, field+".waarden", "perioden sluiten niet op elkaar aan (na %s)", prev.From.Format("2006-01-02"))
			return nil
		}
	}
	first, last := p.Values[0], p.Values[len(p.Values)-1]
	if first.From.After(sc.Valid.From) {
		l.add(py.Name.Line, field+".waarden", "geen waarde vanaf geldig_van %s", sc.Valid.From.Format("2006-01-02"))
		return nil
	}
	if !last.To.IsZero() && (sc.Valid.To.IsZero() || last.To.Before(sc.Valid.To)) {
		l.add(py.Name.Line, field+".waarden", "geen waarde na %s terwijl de regeling dan nog geldt", last.To.Format("2006-01-02"))
		return nil
	}
	return p
}

// paramRange says why number v cannot be a parameter with unit, or "": no
// parameter of a scheme is negative (an income limit of -100% once decided
// the public wijzer), and each unit has a sane upper bound.
func paramRange(unit string, v float64) string {
	u := strings.ToLower(unit)
	var hi float64
	var what string
	switch {
	case strings.HasPrefix(u, "procent"):
		hi, what = 1000, "procent"
	case strings.HasPrefix(u, "euro"):
		hi, what = 10_000_000, "euro"
	case u == "jaar":
		hi, what = 150, "jaar"
	case u == "personen":
		hi, what = 100, "personen"
	default:
		hi, what = 1e9, unit
	}
	if v < 0 {
		return fmt.Sprintf("%s is negatief; een parameter van een regeling is nul of meer", strconv.FormatFloat(v, 'f', -1, 64))
	}
	if v > hi {
		return fmt.Sprintf("%s is groter dan %s %s: waarschijnlijk een tikfout", strconv.FormatFloat(v, 'f', -1, 64), strconv.FormatFloat(hi, 'f', -1, 64), what)
	}
	return ""
}

func paramValue(l *loader, n yaml.Node, field string) (Value, bool) {
	line := max(n.Line, 1)
	if n.Kind != yaml.ScalarNode {
		l.add(line, field, "verwacht een getal, true/false of tekst")
		return Value{}, false
	}
	switch n.ShortTag() {
	case "!!int", "!!float":
		v, err := strconv.ParseFloat(n.Value, 64)
		if err != nil || v != v || v > 1e15 || v < -1e15 {
			l.add(line, field, "%q is geen bruikbaar getal", n.Value)
			return Value{}, false
		}
		return Num(v), true
	case "!!bool":
		b, err := strconv.ParseBool(n.Value)
		if err != nil {
			l.add(line, field, "gebruik true of false, niet %q", n.Value)
			return Value{}, false
		}
		return Bool(b), true
	case "!!str":
		return Str(n.Value), true
	}
	l.add(line, field, "verwacht een getal, true/false of tekst")
	return Value{}, false
}
