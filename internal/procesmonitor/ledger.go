package procesmonitor

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/perspectief/perspectief/internal/programme"
)

// The financial administration books on its own codes: a kostenplaats
// (cost centre), a grootboekrekening (ledger account), or both written as
// "kostenplaats/grootboekrekening". The programme team keeps a mapping of
// those codes to the programme: an item or line of the budget and, where
// the administration is that fine, an intervention. A spending export may
// then name either a programme code (L1.2) or a code of the administration.

// LedgerCode maps one code of the financial administration to the budget.
type LedgerCode struct {
	Code         string // as the administration writes it, upper case
	Target       string // the item (L1.2) or line (L1) the bookings go to
	Intervention string // the intervention they are spent on; "" when not known
	Note         string
	UpdatedAt    time.Time
	Actor        string
}

// LedgerInput is a mapping as typed in a form or sent to the API.
type LedgerInput struct {
	Code, Target, Intervention, Note string
}

const (
	maxLedgerCode = 40
	maxLedgerNote = 300
)

// NormalizeLedgerCode is the form in which a code is kept and compared:
// trimmed, upper case.
func NormalizeLedgerCode(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

// CheckLedgerCode checks a mapping against the programme. The code is
// letters, digits and . - _ / (at most 40); it must not be a code of the
// budget itself, which a file may name directly. The target must be an
// item or line of the budget; an intervention must exist and lie on the
// target's line.
func CheckLedgerCode(m *programme.Model, in LedgerInput) (LedgerCode, []FieldError) {
	var fe []FieldError
	add := func(path, msg string) { fe = append(fe, FieldError{Path: path, Message: msg}) }
	c := LedgerCode{Code: NormalizeLedgerCode(in.Code), Target: strings.TrimSpace(in.Target),
		Intervention: strings.TrimSpace(in.Intervention), Note: strings.TrimSpace(in.Note)}
	targets := Targets(m)
	switch {
	case c.Code == "":
		add("code", "vul de code uit de financiële administratie in (kostenplaats, grootboekrekening of kostenplaats/grootboekrekening)")
	case utf8.RuneCountInString(c.Code) > maxLedgerCode:
		add("code", "is langer dan 40 tekens")
	case strings.IndexFunc(c.Code, func(r rune) bool { return !ledgerRune(r) }) >= 0:
		add("code", "mag alleen letters, cijfers en . - _ / bevatten, zonder spaties")
	default:
		if _, own := resolver(targets)(c.Code); own {
			add("code", c.Code+" is al een code van de begroting; een bestand mag die zelf noemen")
		}
	}
	line, ok := targetLine(m, c.Target)
	switch {
	case c.Target == "":
		add("bestemming", "kies de post of programmalijn waarop deze code boekt")
	case !ok:
		add("bestemming", "geen post of programmalijn van de begroting")
	}
	if c.Intervention != "" {
		iv := interventionOf(m, c.Intervention)
		switch {
		case iv == nil:
			add("interventie", "deze interventie bestaat niet")
		case ok && line != "" && iv.Line != line:
			add("interventie", "hoort bij een andere programmalijn dan de gekozen post")
		}
	}
	if utf8.RuneCountInString(c.Note) > maxLedgerNote {
		add("toelichting", "is langer dan 300 tekens")
	}
	return c, fe
}

func ledgerRune(r rune) bool {
	return r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || strings.ContainsRune(".-_/", r)
}

// targetLine returns the programme line of an item or line code ("" for an
// item that belongs to no line) and whether the code is one.
func targetLine(m *programme.Model, code string) (string, bool) {
	for _, l := range m.Lines {
		if l.Code == code {
			return l.Code, true
		}
	}
	for _, r := range m.Budget.Allocated {
		if r.Code != "" && r.Code == code {
			return r.Line, true
		}
	}
	return "", false
}

func interventionOf(m *programme.Model, code string) *programme.Intervention {
	for i := range m.Interventions {
		if m.Interventions[i].Code == code {
			return &m.Interventions[i]
		}
	}
	return nil
}

// Mapping resolves the codes of a spending file: a code of the budget
// first, then the mapping. A combined code "KP/GB" that is not mapped as a
// whole maps by its kostenplaats, else by its grootboekrekening.
type Mapping struct {
	own   func(string) (string, bool)
	codes map[string]LedgerCode
}

// NewMapping returns the mapping of the codes of m's budget and cs.
func NewMapping(m *programme.Model, cs []LedgerCode) Mapping {
	mp := Mapping{own: resolver(Targets(m)), codes: map[string]LedgerCode{}}
	for _, c := range cs {
		if _, ok := targetLine(m, c.Target); !ok {
			continue // the item or line is gone from the budget: the code is unmapped again
		}
		if interventionOf(m, c.Intervention) == nil {
			c.Intervention = ""
		}
		mp.codes[c.Code] = c
	}
	return mp
}

// Resolve says where a code as written in a file takes its booking.
func (mp Mapping) Resolve(code string) (Destination, bool) {
	if t, ok := mp.own(code); ok {
		return Destination{Target: t}, true
	}
	key := NormalizeLedgerCode(code)
	c, ok := mp.codes[key]
	if !ok {
		kp, gb, combined := strings.Cut(key, "/")
		if !combined {
			return Destination{}, false
		}
		if c, ok = mp.codes[kp]; !ok {
			if c, ok = mp.codes[gb]; !ok {
				return Destination{}, false
			}
		}
	}
	return Destination{Target: c.Target, Intervention: c.Intervention, Ledger: key}, true
}
