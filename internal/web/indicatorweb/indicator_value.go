package indicatorweb

import (
	"net/http"
	"net/url"
	"slices"
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
	Areas       []web.Option // the register's areas, name with the code after it
	OtherArea   string       // an area not in the list (a CBS buurt), typed
	Groups      []web.Option // the indicator's groups
	OtherGroup  string       // a group not in the list, typed
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
	return s.showValueForm(w, r, rc, http.StatusOK, valueView{Ind: ind, In: in}, reg)
}

// other is the choice in a list that says "type it below".
const other = "anders"

// pick reads a list with an "other" field beside it.
func pick(f url.Values, list, typed string) string {
	if v := strings.TrimSpace(f.Get(list)); v != "" && v != other {
		return v
	}
	return strings.TrimSpace(f.Get(typed))
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

// showValueForm fills in the pickers: the register's areas and the
// indicator's groups, each with a last choice to type another; a value
// not in a list goes into its "other" field.
func (s *Pages) showValueForm(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx, status int, v valueView, reg *indicator.Register) error {
	v.Page = s.Page(r, rc, "Waarde invoeren: "+v.Ind.Name, "indicatoren")
	if len(v.Errors) > 0 {
		v.Title = "Fout: " + v.Title
	}
	v.Areas = areaOptions(reg, v.In.Area)
	if !slices.ContainsFunc(v.Areas, func(o web.Option) bool { return o.Selected }) {
		v.OtherArea = v.In.Area
	}
	v.Areas = append(v.Areas, web.Option{Value: other, Label: "Een andere CBS-code (typ hieronder)", Selected: v.OtherArea != ""})
	groups, err := s.Indicators.Groups(r.Context(), v.Ind.Code)
	if err != nil {
		return err
	}
	if !slices.Contains(groups, indicator.TotalGroup) {
		groups = append([]string{indicator.TotalGroup}, groups...)
	}
	for _, g := range groups {
		label := indicator.GroupLabel(g)
		if label != g {
			label += " (" + g + ")"
		}
		v.Groups = append(v.Groups, web.Option{Value: g, Label: label, Selected: g == v.In.Group})
	}
	if !slices.Contains(groups, v.In.Group) {
		v.OtherGroup = v.In.Group
	}
	v.Groups = append(v.Groups, web.Option{Value: other, Label: "Een andere groep (typ hieronder)", Selected: v.OtherGroup != ""})
	s.Render(w, r, status, "indicator_value", v)
	return nil
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
	in := indicator.ValueInput{Period: f.Get("periode"), Area: pick(f, "gebied", "gebied_code"), Group: pick(f, "groep", "groep_code"), Value: f.Get("waarde"),
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
	v := valueView{Ind: ind, In: in, Summary: perspectief.ErrorMessage(err)}
	// The summary lists the problems in the order of the form.
	_, v.FieldErrors = web.FormErrors(err, func(path string) web.Place { return web.Place{Anchor: path} })
	for _, field := range valueFields {
		if msg := v.FieldErrors[field]; msg != "" {
			v.Errors = append(v.Errors, web.FieldErr{Anchor: field, Message: msg})
		}
	}
	return s.showValueForm(w, r, rc, http.StatusUnprocessableEntity, v, reg)
}

// areaOptions are the register's areas, name with the code after it (and
// the years it is valid), chosen marked.
func areaOptions(reg *indicator.Register, chosen string) []web.Option {
	out := make([]web.Option, 0, len(reg.Areas)+1)
	for _, a := range reg.Areas {
		label := a.Name + " (" + a.Code
		if v := a.Validity(); v != "" {
			label += ", " + v
		}
		out = append(out, web.Option{Value: a.Code, Label: label + ")", Selected: a.Code == chosen})
	}
	return out
}
