package eligibility

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Outcome is the three-valued answer for one scheme.
type Outcome string

const (
	Ja       Outcome = "ja"       // waarschijnlijk wel
	Nee      Outcome = "nee"      // waarschijnlijk niet
	Onbekend Outcome = "onbekend" // dat weten we niet zeker
)

// Label is how the outcome is said to a resident.
func (o Outcome) Label(lang string) string {
	switch o {
	case Ja:
		return Text{"Waarschijnlijk wel", "Probably yes"}.In(lang)
	case Nee:
		return Text{"Waarschijnlijk niet", "Probably not"}.In(lang)
	}
	return Text{"Dat weten we niet zeker", "We cannot say for sure"}.In(lang)
}

// Result is the decision for one scheme, with the version of the rule that
// decided it so that a stored result can be traced back.
type Result struct {
	Scheme  *Scheme
	Version string
	Outcome Outcome
	Reason  Text
	// NotForHousehold is set on a 'nee' decided by a condition about whom
	// the scheme is for (a child scheme for a household without
	// children): the household cannot apply, whatever its income.
	NotForHousehold bool
	// Distance is how far the household is from the limit that decided
	// 'nee', when that limit is one number; nil otherwise.
	Distance *Distance
}

var allMet = Text{
	NL: "U voldoet aan alle voorwaarden die wij kunnen nagaan.",
	EN: "You meet all the conditions we can check.",
}

// Household is the facts of one household, indexed like Set.Facts. The
// zero Value in a slot means the fact is unknown.
type Household []Value

// NewHousehold returns a household with every fact unknown.
func (s *Set) NewHousehold() Household { return make(Household, len(s.Facts)) }

// Set stores v as fact name; unknown names are an error, because a typo in
// a caller would otherwise turn into 'onbekend' everywhere.
func (s *Set) SetFact(h Household, name string, v Value) error {
	f, ok := s.facts[name]
	if !ok {
		return fmt.Errorf("onbekend feit %q", name)
	}
	if v.Known() && v.typ != f.Type.expr() {
		return fmt.Errorf("feit %q: een %s, verwacht een %s", name, v.typ, f.Type.expr())
	}
	h[f.slot] = v
	return nil
}

// Slot returns the index of fact name in a Household, or -1.
func (s *Set) Slot(name string) int {
	if f, ok := s.facts[name]; ok {
		return f.slot
	}
	return -1
}

// Evaluate decides every scheme in force on day d for household h, each
// by the version of its rules that applies on d.
func (s *Set) Evaluate(d time.Time, h Household) []Result {
	var out []Result
	for _, sc := range s.InForce(d) {
		out = append(out, s.Decide(sc, d, h))
	}
	return out
}

// Decide applies one scheme. A condition that fails decides 'nee' even when
// another is unknown, since no answer to the missing question could make the
// household entitled; the reason is the first failing condition. Otherwise
// the first unknown condition makes it 'onbekend'.
func (s *Set) Decide(sc *Scheme, d time.Time, h Household) Result {
	params := sc.paramsAt(d)
	ctx := evalCtx{facts: h, params: params, year: d.Year(), norm: s.norm, slots: &s.slots}
	o, i := decide(sc, &ctx)
	switch o {
	case Ja:
		return Result{Scheme: sc, Version: sc.Version, Outcome: Ja, Reason: allMet}
	case Nee:
		// A failed condition about whom the scheme is for says more than
		// an income limit that also fails: it is the reason given.
		for j := range sc.Conditions {
			if sc.Conditions[j].Target && isFalse(ctx.eval(sc.Conditions[j].expr)) {
				return Result{Scheme: sc, Version: sc.Version, Outcome: Nee, NotForHousehold: true,
					Reason: fill(sc.Conditions[j].Explain, sc, params)}
			}
		}
		return Result{Scheme: sc, Version: sc.Version, Outcome: Nee, Reason: fill(sc.Conditions[i].Explain, sc, params),
			Distance: s.distance(sc.Conditions[i].expr, &ctx)}
	}
	return Result{Scheme: sc, Version: sc.Version, Outcome: o, Reason: fill(sc.Conditions[i].Explain, sc, params)}
}

// Explanation returns the plain explanation of condition i with the
// parameter values of day d filled in.
func (sc *Scheme) Explanation(i int, d time.Time) Text {
	return fill(sc.Conditions[i].Explain, sc, sc.paramsAt(d))
}

// paramsAt returns the scheme's parameter values on day d, by slot.
func (sc *Scheme) paramsAt(d time.Time) []Value {
	params := make([]Value, len(sc.Params))
	for i, p := range sc.Params {
		params[i] = p.At(d)
	}
	return params
}

// decide returns the outcome and the index of the condition that decided
// it (-1 for ja). It allocates nothing, for the batch run.
func decide(sc *Scheme, ctx *evalCtx) (Outcome, int) {
	firstUnknown := -1
	for i := range sc.Conditions {
		v := ctx.eval(sc.Conditions[i].expr)
		switch {
		case !v.Known():
			if firstUnknown < 0 {
				firstUnknown = i
			}
		case !v.b:
			return Nee, i
		}
	}
	if firstUnknown >= 0 {
		return Onbekend, firstUnknown
	}
	return Ja, -1
}

// fill puts the parameter values of the day into an explanation, so that a
// changed income limit changes the sentence with it.
func fill(t Text, sc *Scheme, params []Value) Text {
	if !strings.Contains(t.NL, "{") && !strings.Contains(t.EN, "{") {
		return t
	}
	rep := func(lang, s string) string {
		return placeRE.ReplaceAllStringFunc(s, func(m string) string {
			p, ok := sc.params[m[1:len(m)-1]]
			if !ok || p.idx >= len(params) {
				return "?"
			}
			return formatValue(params[p.idx], lang)
		})
	}
	return Text{NL: rep("nl", t.NL), EN: rep("en", t.EN)}
}

func formatValue(v Value, lang string) string {
	switch v.typ {
	case TNumber:
		return FormatNumber(v.num, lang)
	case TBool:
		if v.b {
			return Text{"ja", "yes"}.In(lang)
		}
		return Text{"nee", "no"}.In(lang)
	case TString:
		return v.Text()
	}
	return "?"
}

// FormatNumber writes v with thousands separators: "3.800" and "12,5" in
// Dutch, "3,800" and "12.5" in English; at most two decimals.
func FormatNumber(v float64, lang string) string {
	thou, dec := ".", ","
	if lang == "en" {
		thou, dec = ",", "."
	}
	neg := v < 0
	v = math.Round(math.Abs(v)*100) / 100
	whole := int64(v)
	frac := int64(math.Round((v - float64(whole)) * 100))
	digits := strconv.FormatInt(whole, 10)
	var b strings.Builder
	if neg && (whole != 0 || frac != 0) {
		b.WriteByte('-')
	}
	for i, c := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteString(thou)
		}
		b.WriteRune(c)
	}
	if frac != 0 {
		f := fmt.Sprintf("%02d", frac)
		b.WriteString(dec + strings.TrimSuffix(f, "0"))
	}
	return b.String()
}

func (f *Fact) inRange(v float64) bool {
	return (f.Min == nil || v >= *f.Min) && (f.Max == nil || v <= *f.Max)
}

// checkRange checks a number against the fact's bounds; text is the value
// as the input wrote it, for the message.
func (f *Fact) checkRange(v float64, text string) error {
	if !f.inRange(v) {
		return fmt.Errorf("%s valt buiten het toegestane bereik", text)
	}
	return nil
}

// ParseValue reads a fact value in the panel's plain grammar: numbers as
// "-123.45", booleans as 0/1/true/false/ja/nee, enums as one of the choices.
// An empty string is unknown.
func (f *Fact) ParseValue(s string) (Value, error) {
	if s == "" {
		return Value{}, nil
	}
	switch f.Type {
	case FactNumber, FactInt:
		if !plainNumber(s, f.Type == FactInt) {
			return Value{}, fmt.Errorf("%q is geen %s", s, map[bool]string{true: "geheel getal", false: "getal"}[f.Type == FactInt])
		}
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || math.Abs(v) > 1e12 {
			return Value{}, fmt.Errorf("%q is geen bruikbaar getal", s)
		}
		if err := f.checkRange(v, s); err != nil {
			return Value{}, err
		}
		return Num(v), nil
	case FactBool:
		switch strings.ToLower(s) {
		case "1", "true", "ja", "yes":
			return Bool(true), nil
		case "0", "false", "nee", "no":
			return Bool(false), nil
		}
		return Value{}, fmt.Errorf("%q is geen ja/nee (gebruik 1 of 0)", s)
	case FactEnum:
		for i, c := range f.Choices {
			if c.Value == s {
				return f.choiceVals[i], nil
			}
		}
		return Value{}, fmt.Errorf("%q is geen keuze van %s", s, f.Name)
	}
	return Value{}, fmt.Errorf("feit %s heeft geen type", f.Name)
}

func plainNumber(s string, integer bool) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	start := i
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == start {
		return false
	}
	if i == len(s) {
		return true
	}
	if integer || s[i] != '.' {
		return false
	}
	i++
	start = i
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i > start && i == len(s)
}
