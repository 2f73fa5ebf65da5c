package surveyweb

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/perspectief/perspectief/internal/web"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/survey"
)

// The public survey form at /enquete/{key}. Anyone with the link may
// answer; there is no login. Nothing that identifies the respondent is
// stored or logged: no account, no IP address, no user agent, no exact
// time, and no tie between a personal link and the answers it led to. The
// key is a secret of whoever was given the link, so it is left out of the
// request log (LogPath) and of the Referer (no-referrer).
//
// The form carries a double-submit token, as the login form does: a random
// value in a cookie that lives as long as the browser window and is never
// stored on the server, and the same value in the form.

const (
	surveyCSRFCookie = "perspectief_enquete_csrf"
	answerPrefix     = "v-"
	areaField        = "gebied"
)

type publicSurveyView struct {
	web.Page
	Action    string
	Token     string
	Q         *survey.Questionnaire
	Area      string
	Areas     []web.Option
	AreaError string
	Questions []publicQuestion
	Errors    []web.FieldErr
	Summary   string
	Closed    string // a message instead of the form: unknown link, closed, used
	Personal  bool
}

type publicQuestion struct {
	N, Of   int
	Code    string
	ID      string
	Text    string
	Help    string
	Options []publicOption
	Error   string
	// Open questions take text: Value is what was typed, MaxLen its limit.
	Open   bool
	Value  string
	MaxLen int
}

// Anchor is the field an error summary links to.
func (q publicQuestion) Anchor() string {
	if q.Open || len(q.Options) == 0 {
		return q.ID
	}
	return q.Options[0].ID
}

type publicOption struct {
	ID, Value, Label string
	Checked          bool
}

// surveyHeaders keep the link out of Referer headers and search engines.
func surveyHeaders(w http.ResponseWriter) {
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.Header().Set("X-Robots-Tag", "noindex, nofollow")
}

func (s *Pages) publicSurvey(w http.ResponseWriter, r *http.Request) {
	surveyHeaders(w)
	key := r.PathValue("key")
	v := publicSurveyView{Page: web.Page{Title: "Vragenlijst"}, Action: "/enquete/" + key}
	f, err := s.Surveys.OpenForm(r.Context(), key)
	if err != nil {
		s.surveyLinkError(w, r, v, err)
		return
	}
	answers := map[string]string{}
	if r.Method == http.MethodPost {
		if !s.ParseForm(w, r, web.MaxSurveyForm) {
			return
		}
		c, err := r.Cookie(surveyCSRFCookie)
		if err != nil || !web.SameToken(r.PostFormValue(web.CSRFField), c.Value) {
			s.RenderError(w, r, http.StatusForbidden, "Uw antwoorden konden niet worden verstuurd, omdat de beveiligingscode ontbreekt. Open de link opnieuw en probeer het nog een keer. Staan cookies uit? Dan werkt het versturen niet.", nil)
			return
		}
		v.Area = r.PostFormValue(areaField)
		for _, q := range f.Questionnaire.Questions {
			answers[q.Code] = r.PostFormValue(answerPrefix + q.Code)
		}
		err = s.Surveys.SubmitFrom(r.Context(), f, s.ClientAddr(r), v.Area, answers)
		if err == nil {
			http.Redirect(w, r, "/enquete/bedankt", http.StatusSeeOther)
			return
		}
		if errors.Is(err, survey.ErrHeldBack) {
			web.SetRetryAfter(w, err)
			s.showSurveyClosed(w, r, v, http.StatusTooManyRequests, perspectief.ErrorMessage(err))
			return
		}
		if perspectief.ErrorCode(err) != perspectief.CodeInvalid {
			s.surveyLinkError(w, r, v, err)
			return
		}
		v.fill(f, answers)
		for _, fe := range perspectief.ErrorFields(err) {
			field, msg := fe.Path, web.UpperFirst(fe.Message)
			if field == areaField {
				v.AreaError = msg
				v.Errors = append(v.Errors, web.FieldErr{Anchor: "gebied", Message: f.Questionnaire.AreaQuestion + ": " + msg})
				continue
			}
			for i := range v.Questions {
				if q := &v.Questions[i]; q.Code == field {
					q.Error = msg
					v.Errors = append(v.Errors, web.FieldErr{Anchor: q.Anchor(), Message: fmt.Sprintf("Vraag %d: %s", q.N, msg)})
				}
			}
		}
		v.Title = "Fout: " + f.Questionnaire.Title
		s.showSurvey(w, r, v, http.StatusUnprocessableEntity)
		return
	}
	v.fill(f, answers)
	v.Title = f.Questionnaire.Title
	s.showSurvey(w, r, v, http.StatusOK)
}

func (v *publicSurveyView) fill(f *survey.Form, answers map[string]string) {
	q := f.Questionnaire
	v.Q, v.Personal = q, f.Personal()
	if q.AreaQuestion != "" {
		v.Areas = append(v.Areas, web.Option{Value: "", Label: "Zeg ik liever niet", Selected: v.Area == ""})
		for _, a := range q.Areas {
			v.Areas = append(v.Areas, web.Option{Value: a.Code, Label: a.Name, Selected: v.Area == a.Code})
		}
	}
	for i, qu := range q.Questions {
		pq := publicQuestion{N: i + 1, Of: len(q.Questions), Code: qu.Code, ID: "vraag-" + qu.Code, Text: qu.Text, Help: qu.Help}
		if qu.Kind == survey.Open {
			pq.Open, pq.Value, pq.MaxLen = true, answers[qu.Code], survey.MaxOpenAnswer
		}
		for j, o := range qu.Kind.Options() {
			pq.Options = append(pq.Options, publicOption{ID: fmt.Sprintf("%s-%d", pq.ID, j), Value: o.Value, Label: o.Label, Checked: answers[qu.Code] == o.Value})
		}
		v.Questions = append(v.Questions, pq)
	}
}

func (s *Pages) showSurvey(w http.ResponseWriter, r *http.Request, v publicSurveyView, status int) {
	token := ""
	if c, err := r.Cookie(surveyCSRFCookie); err == nil && len(c.Value) >= 32 {
		token = c.Value
	} else {
		token, _ = account.NewSecret()
	}
	s.SetCookie(w, r, surveyCSRFCookie, token, "/enquete/", 0)
	v.Token = token
	s.Render(w, r, status, "survey_form", v)
}

func (s *Pages) showSurveyClosed(w http.ResponseWriter, r *http.Request, v publicSurveyView, status int, msg string) {
	v.Closed = msg
	s.Render(w, r, status, "survey_form", v)
}

// surveyLinkError explains a link that does not lead to an open form.
func (s *Pages) surveyLinkError(w http.ResponseWriter, r *http.Request, v publicSurveyView, err error) {
	status := http.StatusConflict
	switch {
	case errors.Is(err, survey.ErrUnknownLink):
		status = http.StatusNotFound
	case errors.Is(err, survey.ErrClosed):
		status = http.StatusGone
	case errors.Is(err, survey.ErrUsed), errors.Is(err, survey.ErrNotOpenYet):
	default:
		s.Log().Error("survey form", "request_id", web.RequestInfo(r).ID, "path", web.LogPath(r), "err", err)
		s.RenderError(w, r, http.StatusInternalServerError, "", nil)
		return
	}
	s.showSurveyClosed(w, r, v, status, perspectief.ErrorMessage(err))
}

func (s *Pages) surveyThanks(w http.ResponseWriter, r *http.Request) {
	surveyHeaders(w)
	s.Render(w, r, http.StatusOK, "survey_thanks", web.Page{Title: "Bedankt voor uw antwoorden"})
}
