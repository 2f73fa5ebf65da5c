package survey

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/perspectief/perspectief/internal/programme"
)

var (
	codeRE = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,39}$`)
	// areaRE follows the indicator register's area codes.
	areaRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$`)
)

// MaxQuestions bounds a questionnaire: a survey longer than this is not
// filled in to the end, and the form would be unwieldy on a phone.
const MaxQuestions = 60

// Validate checks a questionnaire and returns every problem, with paths in
// the notation of the questionnaire file (vragen[2].soort). Whether goals
// and indicators exist is checked by the service, which knows the
// programme and the register.
func (q *Questionnaire) Validate() []programme.FieldError {
	var errs fieldErrors
	q.validateHeader(&errs)
	q.validateAreas(&errs)
	q.validateQuestions(&errs)
	return errs
}

// fieldErrors collects the problems of a questionnaire in the order found.
type fieldErrors []programme.FieldError

func (e *fieldErrors) add(path, format string, args ...any) {
	*e = append(*e, programme.FieldError{Path: path, Message: fmt.Sprintf(format, args...)})
}

// validateHeader checks the questionnaire's own fields.
func (q *Questionnaire) validateHeader(errs *fieldErrors) {
	if !codeRE.MatchString(q.Code) {
		errs.add("code", "code %q is ongeldig: kleine letters, cijfers, - en _ (hoogstens 40 tekens)", q.Code)
	}
	if strings.TrimSpace(q.Title) == "" {
		errs.add("titel", "de titel ontbreekt")
	}
	if q.Audience != Residents && q.Audience != Staff {
		errs.add("doelgroep", "doelgroep %q is onbekend: kies inwoners of medewerkers", q.Audience)
	}
	if !areaRE.MatchString(q.Whole) {
		errs.add("totaalgebied", "gebiedscode %q is ongeldig (bijvoorbeeld GM0014)", q.Whole)
	}
	switch {
	case q.AreaQuestion == "" && len(q.Areas) > 0:
		errs.add("gebiedsvraag", "er zijn gebieden maar geen gebiedsvraag")
	case q.AreaQuestion != "" && len(q.Areas) < 2:
		errs.add("gebieden", "een gebiedsvraag heeft minstens twee gebieden nodig")
	}
}

// validateAreas checks the areas: valid, different codes, none the whole,
// each with a name.
func (q *Questionnaire) validateAreas(errs *fieldErrors) {
	areas := map[string]bool{}
	for i, a := range q.Areas {
		p := fmt.Sprintf("gebieden[%d]", i)
		switch {
		case !areaRE.MatchString(a.Code):
			errs.add(p+".code", "gebiedscode %q is ongeldig", a.Code)
		case areas[a.Code]:
			errs.add(p+".code", "gebied %q komt al eerder voor", a.Code)
		case a.Code == q.Whole:
			errs.add(p+".code", "gebied %q is het totaalgebied", a.Code)
		}
		areas[a.Code] = true
		if strings.TrimSpace(a.Name) == "" {
			errs.add(p+".naam", "de naam ontbreekt")
		}
	}
}

// validateQuestions checks the number of questions and each question.
func (q *Questionnaire) validateQuestions(errs *fieldErrors) {
	if len(q.Questions) == 0 {
		errs.add("vragen", "de vragenlijst heeft geen vragen")
	}
	if len(q.Questions) > MaxQuestions {
		errs.add("vragen", "de vragenlijst heeft %d vragen; hoogstens %d", len(q.Questions), MaxQuestions)
	}
	codes, inds := map[string]bool{}, map[string]bool{}
	for i, qu := range q.Questions {
		qu.validate(fmt.Sprintf("vragen[%d]", i), codes, inds, errs)
	}
}

// validate checks question qu at path p; codes and inds hold the codes and
// indicators of the questions before it, and get its own.
func (qu Question) validate(p string, codes, inds map[string]bool, errs *fieldErrors) {
	switch {
	case !codeRE.MatchString(qu.Code):
		errs.add(p+".code", "code %q is ongeldig: kleine letters, cijfers, - en _", qu.Code)
	case codes[qu.Code]:
		errs.add(p+".code", "code %q komt al eerder voor", qu.Code)
	case reservedColumns[qu.Code]:
		errs.add(p+".code", "code %q is gereserveerd voor een kolom van de CSV-import", qu.Code)
	}
	codes[qu.Code] = true
	if strings.TrimSpace(qu.Text) == "" {
		errs.add(p+".tekst", "de tekst ontbreekt")
	} else if len(qu.Text) > 500 {
		errs.add(p+".tekst", "de tekst is langer dan 500 tekens")
	}
	if !qu.Kind.Valid() {
		errs.add(p+".soort", "soort %q is onbekend: kies eens (vijf antwoorden van helemaal mee oneens tot helemaal mee eens), janee, cijfer (0 tot en met 10), gezondheid (zeer goed tot zeer slecht) of open (eigen woorden)", qu.Kind)
	}
	if qu.Kind == Open && qu.Indicator != "" {
		errs.add(p+".indicator", "een open vraag wordt niet geteld en meet dus geen indicator")
		return
	}
	if qu.Indicator != "" {
		if inds[qu.Indicator] {
			errs.add(p+".indicator", "indicator %q hoort al bij een andere vraag; één vraag per indicator", qu.Indicator)
		}
		inds[qu.Indicator] = true
	}
	for j, g := range qu.Goals {
		if strings.TrimSpace(g) == "" {
			errs.add(fmt.Sprintf("%s.doelen[%d]", p, j), "lege doelcode")
		}
	}
}

// reservedColumns are the CSV columns that are not questions.
var reservedColumns = map[string]bool{"wijk": true, "gebied": true, "datum": true}
