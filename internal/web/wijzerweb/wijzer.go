package wijzerweb

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/perspectief/perspectief/internal/web"

	"github.com/perspectief/perspectief/internal/eligibility"
)

// The resident check ('waar heb ik mogelijk recht op?'). It is public: no
// login, no session, no cookie, and nothing is stored or logged.
//
// The answers travel by POST rather than in the URL, so that income and
// savings do not end up in proxy logs, browser history or a Referer header.
// The form carries no CSRF token on purpose: CSRF protects state changes,
// and this handler changes nothing; a forged post would only show a visitor
// the answers someone else chose, on a page the other site cannot read.

type wijzerView struct {
	web.Page
	Lang      string // "nl" or "en"
	T         wijzerTexts
	Action    string // form action, keeps ?lang=en
	OtherLang string // link to the other language
	Available bool
	Questions []wijzerQuestion
	Errors    []wijzerQuestion // the questions with an error, for the summary
	Checked   bool
	Results   []wijzerResult
	Date      string
	// The result: the summary sentence, then the schemes by outcome, those
	// that cannot apply to this household apart (folded away).
	Summary   string
	Likely    []wijzerResult
	Unsure    []wijzerResult
	Unlikely  []wijzerResult
	NotForYou []wijzerResult
	Answers   []wijzerAnswer
	Help      *eligibility.Help
	HelpText  string
}

// wijzerAnswer is one answer as the printed result repeats it.
type wijzerAnswer struct{ Question, Answer string }

type wijzerQuestion struct {
	Topic   string // heading before this question, when a new group starts
	Name    string // the fact name, also the form field
	Unit    string // shown after a number field, e.g. "euro per maand"
	ID      string
	Label   string
	Help    string
	Kind    string // "number", "int", "choice"
	Value   string
	Options []wijzerOption
	Error   string
}

type wijzerOption struct {
	ID, Value, Label string
	Checked          bool
}

type wijzerResult struct {
	Code    string
	Name    string
	Outcome string // ja, nee, onbekend
	Status  string // CSS status class that repeats the outcome in colour
	Label   string
	Reason  string
	Gives   string
	Apply   string
	Runner  string
	Link    string
	Phone   string
	Address string
	// WhyNot is how far the household is from the limit that decided
	// 'nee', from the domain; empty when there is no single limit.
	WhyNot     string
	BringAlong []string
	Version    string
	// The page's texts and who helps, for the card template.
	T    *wijzerTexts
	Help *eligibility.Help
}

// wijzerTexts is every fixed text of the page, in Dutch (B1) or English.
type wijzerTexts struct {
	Title, Intro, Privacy, Unknown, Submit, ErrorTitle, ResultsTitle, Indication, Indication2,
	Help, Gives, Apply, Runner, Version, Yes, No, DontKnow, PerMonth, Euro, OtherLang,
	Unavailable, NoAnswers, BadNumber, BadWhole, OutOfRange, BadChoice, Again, Date string
	// The result page: headings, the summary's counts and printing.
	LikelyTitle, UnsureTitle, UnlikelyTitle, NotForYouTitle, WhyNot, WhyUnsure, Bring, Phone, Address,
	NoContact, HelpTitle, HelpPhoneAddress, AnswersTitle, NotAnswered, PrintHint, PrintButton string
	// Summary sentences: none, one, several (with %d).
	SummaryNone, SummaryOne, SummaryMany, UnsureOne, UnsureMany string
}

var wijzerNL = wijzerTexts{
	Title:        "Waar heb ik mogelijk recht op?",
	Intro:        "Beantwoord een paar vragen. Dan ziet u bij welke regelingen van de gemeente Groningen u waarschijnlijk wel of niet kunt krijgen.",
	Privacy:      "Wij bewaren uw antwoorden niet. U hoeft niet in te loggen.",
	Unknown:      "Weet u iets niet? Sla de vraag dan over. U krijgt dan soms het antwoord 'dat weten we niet zeker'.",
	Submit:       "Bekijk de uitkomst",
	ErrorTitle:   "Er is iets niet goed ingevuld",
	ResultsTitle: "Uw uitkomst",
	Indication:   "Dit is een indicatie, geen besluit.",
	Indication2:  "Of u de regeling echt krijgt, beslist de organisatie die de regeling uitvoert als u een aanvraag doet.",
	Help:         "Hulp nodig bij een aanvraag? WIJ Groningen in uw wijk helpt u gratis.",
	Gives:        "Wat krijgt u?",
	Apply:        "Hoe vraagt u het aan?",
	Runner:       "Wie voert het uit?",
	Version:      "Versie van de regels",
	Yes:          "Ja",
	No:           "Nee",
	DontKnow:     "Weet ik niet",
	PerMonth:     "euro per maand",
	Euro:         "euro",
	OtherLang:    "Read this page in English",
	Unavailable:  "De check is nu niet beschikbaar. Probeer het later opnieuw.",
	NoAnswers:    "Er zijn op dit moment geen regelingen om te checken.",
	BadNumber:    "Vul een bedrag in met alleen cijfers, bijvoorbeeld 1250 of 1250,50.",
	BadWhole:     "Vul een heel getal in, bijvoorbeeld 2.",
	OutOfRange:   "Dit getal kan niet kloppen. Kijk het nog eens na.",
	BadChoice:    "Kies een van de mogelijkheden.",
	Again:        "Antwoorden aanpassen",
	Date:         "Uitkomst voor",

	LikelyTitle:      "Regelingen die u waarschijnlijk kunt krijgen",
	UnsureTitle:      "Regelingen waarvan we het niet zeker weten",
	UnlikelyTitle:    "Regelingen die u waarschijnlijk niet kunt krijgen",
	NotForYouTitle:   "Regelingen die niet bij uw huishouden passen",
	WhyNot:           "Waarom niet?",
	WhyUnsure:        "Waarom niet zeker?",
	Bring:            "Wat heeft u nodig?",
	Phone:            "Telefoon",
	Address:          "Adres",
	NoContact:        "Weet u niet waar u dit aanvraagt? WIJ Groningen helpt u:",
	HelpTitle:        "Hulp bij uw aanvraag",
	HelpPhoneAddress: "Op de website vindt u het WIJ-team in uw wijk.",
	AnswersTitle:     "Uw antwoorden",
	NotAnswered:      "niet ingevuld",
	PrintHint:        "Wilt u de uitkomst bewaren? Druk de pagina af of bewaar hem als pdf: kies Afdrukken in het menu van uw browser (of toets Ctrl+P, op een Mac Cmd+P). Wij bewaren niets.",
	PrintButton:      "Afdrukken of bewaren als pdf",
	SummaryNone:      "U kunt waarschijnlijk geen van deze regelingen krijgen.",
	SummaryOne:       "U kunt waarschijnlijk 1 regeling krijgen.",
	SummaryMany:      "U kunt waarschijnlijk %d regelingen krijgen.",
	UnsureOne:        "Bij 1 regeling weten we het niet zeker.",
	UnsureMany:       "Bij %d regelingen weten we het niet zeker.",
}

var wijzerEN = wijzerTexts{
	Title:        "What support might I be entitled to?",
	Intro:        "Answer a few questions. You will see which schemes of the gemeente Groningen you can probably get, or probably not.",
	Privacy:      "We do not store your answers. You do not need to log in.",
	Unknown:      "Don't know something? Skip the question. You may then get the answer 'we cannot say for sure'.",
	Submit:       "See the outcome",
	ErrorTitle:   "Something is not filled in correctly",
	ResultsTitle: "Your outcome",
	Indication:   "This is an indication, not a decision.",
	Indication2:  "Whether you really get a scheme is decided by the organisation that runs it, when you apply.",
	Help:         "Need help applying? WIJ Groningen in your neighbourhood helps you for free.",
	Gives:        "What do you get?",
	Apply:        "How do you apply?",
	Runner:       "Who runs it?",
	Version:      "Version of the rules",
	Yes:          "Yes",
	No:           "No",
	DontKnow:     "I don't know",
	PerMonth:     "euros per month",
	Euro:         "euros",
	OtherLang:    "Lees deze pagina in het Nederlands",
	Unavailable:  "The check is not available right now. Please try again later.",
	NoAnswers:    "There are no schemes to check at the moment.",
	BadNumber:    "Enter an amount using digits only, for example 1250 or 1250.50.",
	BadWhole:     "Enter a whole number, for example 2.",
	OutOfRange:   "This number cannot be right. Please check it.",
	BadChoice:    "Choose one of the options.",
	Again:        "Change your answers",
	Date:         "Outcome for",

	LikelyTitle:      "Schemes you can probably get",
	UnsureTitle:      "Schemes we cannot say for sure",
	UnlikelyTitle:    "Schemes you probably cannot get",
	NotForYouTitle:   "Schemes that do not fit your household",
	WhyNot:           "Why not?",
	WhyUnsure:        "Why not sure?",
	Bring:            "What do you need?",
	Phone:            "Phone",
	Address:          "Address",
	NoContact:        "Not sure where to apply? WIJ Groningen helps you:",
	HelpTitle:        "Help with your application",
	HelpPhoneAddress: "The website lists the WIJ team in your neighbourhood.",
	AnswersTitle:     "Your answers",
	NotAnswered:      "not filled in",
	PrintHint:        "Want to keep the outcome? Print the page or save it as a PDF: choose Print in your browser's menu (or press Ctrl+P, on a Mac Cmd+P). We store nothing.",
	PrintButton:      "Print or save as PDF",
	SummaryNone:      "You can probably get none of these schemes.",
	SummaryOne:       "You can probably get 1 scheme.",
	SummaryMany:      "You can probably get %d schemes.",
	UnsureOne:        "For 1 scheme we cannot say for sure.",
	UnsureMany:       "For %d schemes we cannot say for sure.",
}

func (s *Pages) wijzer(w http.ResponseWriter, r *http.Request) {
	lang := "nl"
	if r.URL.Query().Get("lang") == "en" {
		lang = "en"
	}
	v := wijzerView{Lang: lang, T: wijzerNL, Action: "/wijzer", OtherLang: "/wijzer?lang=en"}
	if lang == "en" {
		v.T, v.Action, v.OtherLang = wijzerEN, "/wijzer?lang=en", "/wijzer"
	}
	v.Page = web.Page{Title: v.T.Title, Lang: lang, Demo: s.Demo}
	set, err := s.Rules.Rules(r.Context())
	if err != nil {
		s.Log().Error("wijzer rules", "request_id", web.RequestInfo(r).ID, "err", err)
		s.Render(w, r, http.StatusServiceUnavailable, "wijzer", v)
		return
	}
	v.Available = true
	v.Help = set.Help
	if set.Help != nil {
		v.HelpText = set.Help.Text.In(lang)
	}
	day := s.rulesToday()
	v.Date = web.FormatDate(day)
	if lang == "en" {
		v.Date = day.Format("2 January 2006")
	}

	schemes := set.InForce(day)
	facts := neededFacts(set, schemes)

	if r.Method == http.MethodPost {
		if !s.ParseForm(w, r, web.MaxWijzerForm) {
			return
		}
	}
	h := set.NewHousehold()
	for _, f := range facts {
		raw := ""
		if r.Method == http.MethodPost {
			raw = strings.TrimSpace(r.PostFormValue(f.Name))
			if len(raw) > 40 {
				raw = raw[:40]
			}
		}
		q, val := v.T.question(f, raw, lang)
		if val.Known() {
			_ = set.SetFact(h, f.Name, val)
		}
		if q.Error != "" {
			v.Errors = append(v.Errors, q)
		}
		v.Questions = append(v.Questions, q)
	}

	status := http.StatusOK
	switch {
	case r.Method != http.MethodPost:
	case len(v.Errors) > 0:
		status = http.StatusUnprocessableEntity
	default:
		v.Checked = true
		for _, sc := range schemes {
			v.add(set.Decide(sc, day, h), lang)
		}
		v.summarise()
	}
	s.Render(w, r, status, "wijzer", v)
}

// add puts one decision in its group: likely, unsure, unlikely, or not for
// this household.
func (v *wijzerView) add(res eligibility.Result, lang string) {
	sc := res.Scheme
	wr := wijzerResult{
		Code: sc.Code, Name: sc.Name, Outcome: string(res.Outcome), Status: outcomeStatus[res.Outcome],
		Label: res.Outcome.Label(lang), Reason: res.Reason.In(lang),
		Gives: sc.Gives.In(lang), Apply: sc.Apply.In(lang), Runner: sc.Runner, Link: sc.Link,
		Phone: sc.Phone, Address: sc.Address, Version: sc.Code + " " + res.Version, T: &v.T, Help: v.Help,
	}
	if res.Distance != nil {
		wr.WhyNot = res.Distance.Text().In(lang)
	}
	for _, b := range sc.BringAlong {
		wr.BringAlong = append(wr.BringAlong, b.In(lang))
	}
	v.Results = append(v.Results, wr)
	switch {
	case res.Outcome == eligibility.Ja:
		v.Likely = append(v.Likely, wr)
	case res.Outcome == eligibility.Onbekend:
		v.Unsure = append(v.Unsure, wr)
	case res.NotForHousehold:
		v.NotForYou = append(v.NotForYou, wr)
	default:
		v.Unlikely = append(v.Unlikely, wr)
	}
}

// summarise writes the summary sentence and the answers as the printed
// result repeats them.
func (v *wijzerView) summarise() {
	switch n := len(v.Likely); n {
	case 0:
		v.Summary = v.T.SummaryNone
	case 1:
		v.Summary = v.T.SummaryOne
	default:
		v.Summary = fmt.Sprintf(v.T.SummaryMany, n)
	}
	switch n := len(v.Unsure); n {
	case 0:
	case 1:
		v.Summary += " " + v.T.UnsureOne
	default:
		v.Summary += " " + fmt.Sprintf(v.T.UnsureMany, n)
	}
	for _, q := range v.Questions {
		a := q.Value
		for _, o := range q.Options {
			if o.Checked {
				a = o.Label
			}
		}
		if a == "" {
			a = v.T.NotAnswered
		} else if q.Unit != "" && q.Kind != "choice" {
			a += " " + q.Unit
		}
		v.Answers = append(v.Answers, wijzerAnswer{Question: q.Label, Answer: a})
	}
}

// question is the form's question for fact f with the answer raw, and the
// answer as a fact value (unknown when not given or not valid).
func (t wijzerTexts) question(f *eligibility.Fact, raw, lang string) (wijzerQuestion, eligibility.Value) {
	q := wijzerQuestion{Topic: f.Topic.In(lang), Name: f.Name, ID: "f-" + f.Name, Label: f.Question.In(lang), Help: f.Help.In(lang), Value: raw}
	switch {
	case f.PerMonth:
		q.Unit = t.PerMonth
	case strings.HasPrefix(f.Unit, "euro"):
		q.Unit = t.Euro
	}
	var val eligibility.Value
	switch f.Type {
	case eligibility.FactNumber, eligibility.FactInt:
		val = t.numberAnswer(&q, f, raw, lang)
	case eligibility.FactBool:
		q.Kind = "choice"
		q.Options = []wijzerOption{{Value: "ja", Label: t.Yes}, {Value: "nee", Label: t.No}, {Value: "", Label: t.DontKnow}}
		switch raw {
		case "ja":
			val = eligibility.Bool(true)
		case "nee":
			val = eligibility.Bool(false)
		case "":
		default:
			q.Error = t.BadChoice
		}
	case eligibility.FactEnum:
		q.Kind = "choice"
		found := raw == ""
		for _, c := range f.Choices {
			q.Options = append(q.Options, wijzerOption{Value: c.Value, Label: c.Label.In(lang)})
			if c.Value == raw {
				found = true
				val = eligibility.Str(raw)
			}
		}
		q.Options = append(q.Options, wijzerOption{Value: "", Label: t.DontKnow})
		if !found {
			q.Error = t.BadChoice
		}
	}
	for i := range q.Options {
		q.Options[i].ID = q.ID + "-" + strconv.Itoa(i)
		q.Options[i].Checked = q.Options[i].Value == raw
	}
	return q, val
}

// numberAnswer reads a number as a resident types it: per month made per
// year, within the fact's range.
func (t wijzerTexts) numberAnswer(q *wijzerQuestion, f *eligibility.Fact, raw, lang string) eligibility.Value {
	q.Kind = "number"
	if f.Type == eligibility.FactInt {
		q.Kind = "int"
	}
	if raw == "" {
		return eligibility.Value{}
	}
	n, ok := parseResidentNumber(raw, lang, f.Type == eligibility.FactInt)
	switch {
	case !ok && f.Type == eligibility.FactInt:
		q.Error = t.BadWhole
	case !ok:
		q.Error = t.BadNumber
	default:
		if f.PerMonth {
			n *= 12
		}
		if (f.Min != nil && n < *f.Min) || (f.Max != nil && n > *f.Max) {
			q.Error = t.OutOfRange
			return eligibility.Value{}
		}
		return eligibility.Num(n)
	}
	return eligibility.Value{}
}

// outcomeStatus reuses the status badges of the programme pages; the
// outcome is always written out, the colour only repeats it.
var outcomeStatus = map[eligibility.Outcome]string{
	eligibility.Ja:       "s-op_koers",
	eligibility.Nee:      "s-niet_gestart",
	eligibility.Onbekend: "s-aandacht_nodig",
}

// neededFacts lists, in catalogue order, the facts that the schemes in force
// use, so the form asks nothing the rules do not need.
func neededFacts(set *eligibility.Set, schemes []*eligibility.Scheme) []*eligibility.Fact {
	need := map[string]bool{}
	for _, sc := range schemes {
		for _, n := range sc.FactNames {
			need[n] = true
		}
	}
	var out []*eligibility.Fact
	for _, f := range set.Facts {
		if need[f.Name] {
			out = append(out, f)
		}
	}
	return out
}

// parseResidentNumber reads an amount as people type it: "1250", "1.250",
// "1250,50", "€ 1.250,50" in Dutch, "1,250.50" in English. A single
// separator followed by one or two digits is a decimal mark either way,
// because nobody writes thousands with two digits.
func parseResidentNumber(s, lang string, whole bool) (float64, bool) {
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "€"))
	s = strings.ReplaceAll(s, " ", "")
	if s == "" || len(s) > 20 {
		return 0, false
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	thou, dec := ".", ","
	if lang == "en" {
		thou, dec = ",", "."
	}
	// "1250.5" in Dutch or "1250,5" in English: the other mark used as a
	// decimal point, recognisable by the one or two digits after it.
	if i := strings.LastIndex(s, thou); i >= 0 && !strings.Contains(s, dec) && strings.Count(s, thou) == 1 && len(s)-i-1 <= 2 {
		s = s[:i] + dec + s[i+1:]
	}
	intPart, frac, hasFrac := strings.Cut(s, dec)
	if hasFrac && (whole || !digits(frac)) {
		return 0, false
	}
	groups := strings.Split(intPart, thou)
	for i, g := range groups {
		if !digits(g) || (i > 0 && len(g) != 3) || (len(groups) > 1 && i == 0 && len(g) > 3) {
			return 0, false
		}
	}
	num := strings.Join(groups, "")
	if hasFrac {
		num += "." + frac
	}
	v, err := strconv.ParseFloat(num, 64)
	if err != nil || math.IsInf(v, 0) {
		return 0, false
	}
	if neg {
		v = -v
	}
	return v, true
}

func digits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
