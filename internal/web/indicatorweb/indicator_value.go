package indicatorweb

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/perspectief/perspectief/internal/web"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/indicator"
)

// valueView is the form for one value of an indicator.
type valueView struct {
	web.Page
	Ind         *indicator.Indicator
	In          indicator.ValueInput
	Areas       []web.Option // suggestions for the area field
	Errors      []web.FieldErr
	Summary     string
	FieldErrors map[string]string
}

// Err returns the message shown next to a field.
func (v valueView) Err(id string) string { return v.FieldErrors[id] }

// valueFields are the form's fields in the order of the import format, so
// that the error summary lists them as they appear.
var valueFields = []string{"periode", "gebied", "groep", "waarde", "teller", "noemer", "marge", "bron", "toelichting"}

func (s *Pages) valueAllowed(rc *web.ReqCtx) error {
	return s.Indicators.CanEnterValues(*rc.User)
}

// valueForm shows an empty form, filled in with the page's area, period
// and group (the links from the indicator page carry them) and the
// indicator's usual source.
func (s *Pages) valueForm(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	if err := s.valueAllowed(rc); err != nil {
		return err
	}
	reg, ind, err := s.valueIndicator(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	in := indicator.ValueInput{Period: q.Get("periode"), Area: q.Get("gebied"), Group: q.Get("groep"), Source: ind.Source}
	if in.Area == "" {
		in.Area = "GM0014"
	}
	if in.Group == "" {
		in.Group = indicator.TotalGroup
	}
	s.showValueForm(w, r, rc, http.StatusOK, valueView{Ind: ind, In: in, Areas: areaSuggestions(reg)})
	return nil
}

func (s *Pages) valueIndicator(r *http.Request) (*indicator.Register, *indicator.Indicator, error) {
	reg, err := s.Indicators.Register(r.Context())
	if err != nil {
		return nil, nil, err
	}
	ind, ok := reg.Indicator(r.PathValue("code"))
	if !ok {
		return nil, nil, unknownIndicator(r.PathValue("code"))
	}
	return reg, ind, nil
}

func (s *Pages) showValueForm(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx, status int, v valueView) {
	v.Page = s.Page(r, rc, "Waarde invoeren: "+v.Ind.Name, "indicatoren")
	if len(v.Errors) > 0 {
		v.Title = "Fout: " + v.Title
	}
	s.Render(w, r, status, "indicator_value", v)
}

// valueSave stores the value and returns to the indicator page showing it,
// or shows the form again with the user's input and a message per field.
func (s *Pages) valueSave(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	if err := s.valueAllowed(rc); err != nil {
		return err
	}
	reg, ind, err := s.valueIndicator(r)
	if err != nil {
		return err
	}
	f := r.PostForm
	in := indicator.ValueInput{Period: f.Get("periode"), Area: f.Get("gebied"), Group: f.Get("groep"), Value: f.Get("waarde"),
		Num: f.Get("teller"), Den: f.Get("noemer"), Margin: f.Get("marge"), Source: f.Get("bron"), Note: f.Get("toelichting")}
	val, err := s.Indicators.EnterValue(r.Context(), *rc.User, ind.Code, in)
	if err == nil {
		q := url.Values{"periode": {val.Period.String()}, "groep": {val.Group}, "melding": {"waarde"}}
		if !reg.IsBuurt(val.Area) {
			q.Set("gebied", val.Area)
		} else {
			q.Set("kaart", "buurt")
		}
		http.Redirect(w, r, "/indicatoren/"+ind.Code+"?"+q.Encode(), http.StatusSeeOther)
		return nil
	}
	if perspectief.ErrorCode(err) != perspectief.CodeInvalid {
		return err
	}
	v := valueView{Ind: ind, In: in, Areas: areaSuggestions(reg), Summary: perspectief.ErrorMessage(err)}
	// The summary lists the problems in the order of the form.
	_, v.FieldErrors = web.FormErrors(err, func(path string) web.Place { return web.Place{Anchor: path} })
	for _, field := range valueFields {
		if msg := v.FieldErrors[field]; msg != "" {
			v.Errors = append(v.Errors, web.FieldErr{Anchor: field, Message: msg})
		}
	}
	s.showValueForm(w, r, rc, http.StatusUnprocessableEntity, v)
	return nil
}

// areaSuggestions are the register's areas for the area field's list.
func areaSuggestions(reg *indicator.Register) []web.Option {
	out := make([]web.Option, 0, len(reg.Areas))
	for _, a := range reg.Areas {
		label := a.Name
		if v := a.Validity(); v != "" {
			label += " (" + v + ")"
		}
		out = append(out, web.Option{Value: a.Code, Label: strings.TrimSpace(label)})
	}
	return out
}
