package wegingskader

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/perspectief/perspectief/internal/numfmt"

	"github.com/perspectief/perspectief/internal/programme"
)

// Limits on text fields, so that a form or API call cannot store a book.
const (
	maxShort       = 200
	maxDescription = 10_000
	maxAttachment  = 100_000
	maxAttachments = 20
	maxMotivation  = 2_000
	minYear        = 2000
	maxYear        = 2100
)

// tacticalGoals lists the codes of the programme's tactical goals.
func tacticalGoals(m *programme.Model) map[string]programme.Goal {
	out := map[string]programme.Goal{}
	for _, g := range m.Goals {
		if g.Level == programme.LevelTactical {
			out[g.Code] = g
		}
	}
	return out
}

// validateRequest checks a request against the programme's tactical goals.
// Paths are the JSON field names, so that the API and the form can point
// at the field.
func validateRequest(r *Request, m *programme.Model) []programme.FieldError {
	var fe []programme.FieldError
	add := func(path, format string, args ...any) {
		fe = append(fe, programme.FieldError{Path: path, Message: fmt.Sprintf(format, args...)})
	}
	r.Applicant, r.Title, r.Description = strings.TrimSpace(r.Applicant), strings.TrimSpace(r.Title), strings.TrimSpace(r.Description)
	text := func(path, v, what string, limit int) {
		switch {
		case v == "":
			add(path, "vul %s in", what)
		case utf8.RuneCountInString(v) > limit:
			add(path, "%s is langer dan %s tekens", what, numfmt.Count(limit))
		}
	}
	text("aanvrager", r.Applicant, "de aanvrager", maxShort)
	text("titel", r.Title, "de titel", maxShort)
	text("omschrijving", r.Description, "de omschrijving", maxDescription)
	if len(r.Amounts) == 0 {
		add("bedragen", "vul het bedrag in voor minstens één jaar")
	}
	var total int64
	fe = append(fe, checkAmounts(r.Amounts, "bedragen", "het bedrag")...)
	for _, v := range r.Amounts {
		total += v
	}
	if len(r.Amounts) > 0 && total == 0 {
		add("bedragen", "de aanvraag vraagt in geen enkel jaar geld")
	}
	if !r.TargetGroup.Valid() {
		add("doelgroep", "kies een doelgroep: gezinnen, jongvolwassenen of overige")
	}
	goals := tacticalGoals(m)
	if len(r.Goals) == 0 {
		add("tactische_doelen", "kies minstens één tactisch doel waaraan de aanvraag bijdraagt")
	}
	for i, g := range r.Goals {
		switch {
		case goals[g].Code == "":
			add(fmt.Sprintf("tactische_doelen[%d]", i), "%q is geen tactisch doel van het programma", g)
		case slices.Index(r.Goals, g) < i:
			add(fmt.Sprintf("tactische_doelen[%d]", i), "%q staat er twee keer", g)
		}
	}
	var atts []Attachment
	for i, a := range r.Attachments {
		a.Title, a.Text = strings.TrimSpace(a.Title), strings.TrimSpace(a.Text)
		if a.Title == "" && a.Text == "" {
			continue // an empty row of the form
		}
		p := fmt.Sprintf("bijlagen[%d]", i)
		text(p+".titel", a.Title, "de titel van de bijlage", maxShort)
		text(p+".tekst", a.Text, "de tekst van de bijlage", maxAttachment)
		atts = append(atts, a)
	}
	if len(atts) > maxAttachments {
		add("bijlagen", "hoogstens %d bijlagen", maxAttachments)
	}
	r.Attachments = atts
	return fe
}

// checkAmounts checks the years and amounts of a, as path.YEAR.
func checkAmounts(a Amounts, path, what string) []programme.FieldError {
	var fe []programme.FieldError
	for _, y := range a.Years() {
		p := fmt.Sprintf("%s.%d", path, y)
		switch v := a[y]; {
		case y < minYear || y > maxYear:
			fe = append(fe, programme.FieldError{Path: p, Message: fmt.Sprintf("jaar %d ligt niet tussen %d en %d", y, minYear, maxYear)})
		case v < 0 || v > MaxAmount:
			fe = append(fe, programme.FieldError{Path: p, Message: fmt.Sprintf("%s voor %d moet tussen € 0 en %s liggen", what, y, Euros(MaxAmount))})
		}
	}
	return fe
}

// RoundInput is what a manager fills in to prepare a round.
type RoundInput struct {
	Name             string   `json:"naam"`
	Description      string   `json:"omschrijving"`
	FrameworkVersion int      `json:"kaderversie"` // 0: the newest
	Budget           Amounts  `json:"budget"`
	Panel            []string `json:"panel"`     // e-mail addresses
	Requests         []int64  `json:"aanvragen"` // ids
}
