package programmeweb

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/perspectief/perspectief/internal/web"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/programme"
)

// progressPeriods is how many periods, the current one included, a progress
// update can be reported for: a late report on the previous tertials is
// normal, a report on the distant past is not.
const progressPeriods = 4

type progressView struct {
	web.Page
	Intervention programme.Intervention
	Periods      []web.Option
	Statuses     []StatusOption
	Narrative    string
	Successes    string
	Concerns     string
	Escalated    bool
	Reason       string
	Results      []ResultField
	Errors       []web.FieldErr
	Summary      string
	FieldErrors  map[string]string
}

// ResultField is the value field of one intended result.
type ResultField struct {
	ID          string
	Code        string
	Description string
	Unit        string
	Target      string
	Value       string
	Error       string
}

// Err returns the message shown next to a field.
func (v progressView) Err(id string) string { return v.FieldErrors[id] }

func recentPeriods(current, sel perspectief.Period) []web.Option {
	var out []web.Option
	p := current
	for i := 0; i < progressPeriods; i++ {
		out = append(out, web.Option{Value: p.String(), Label: p.Label(), Selected: p == sel})
		p = p.Prev()
	}
	return out
}

func resultFields(iv programme.Intervention, values map[string]string) []ResultField {
	out := make([]ResultField, len(iv.Canvas.Results))
	for i, res := range iv.Canvas.Results {
		out[i] = ResultField{ID: "waarde-" + res.Code, Code: res.Code, Description: res.Description, Unit: res.Unit, Target: res.Target, Value: values[res.Code]}
		if res.Numeric() {
			// A numeric result asks for a number; the verdict compares it.
			out[i].Target = programme.FormatAmount(*res.Amount) + " " + res.Unit + " in " + strconv.Itoa(res.Year) + " (vul een getal in)"
		}
	}
	return out
}

func (s *Pages) progressForm(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	_, iv, err := s.Programme.Intervention(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	if err := account.Require(rc.User.CanEditIntervention(iv.Leaders), "voortgang van deze interventie rapporteert"); err != nil {
		return err
	}
	cur := s.Programme.CurrentPeriod()
	v := progressView{
		Intervention: *iv,
		Periods:      recentPeriods(cur, cur),
		Statuses:     statusOptions(""),
		Results:      resultFields(*iv, nil),
	}
	s.showProgress(w, r, rc, http.StatusOK, v)
	return nil
}

func (s *Pages) showProgress(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx, status int, v progressView) {
	v.Page = s.Page(r, rc, "Voortgang rapporteren: "+v.Intervention.Code+" "+v.Intervention.Title, "interventies")
	if len(v.Errors) > 0 {
		v.Title = "Fout: " + v.Title
	}
	s.Render(w, r, status, "progress", v)
}

func (s *Pages) progressSave(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	code := r.PathValue("code")
	_, iv, err := s.Programme.Intervention(r.Context(), code)
	if err != nil {
		return err
	}
	f := r.PostForm
	up := programme.Update{
		Intervention:     code,
		Status:           programme.Status(f.Get("status")),
		Narrative:        f.Get("toelichting"),
		Successes:        f.Get("successen"),
		Concerns:         f.Get("zorgen"),
		Escalated:        f.Get("escaleren") == "ja",
		EscalationReason: f.Get("escalatie_reden"),
	}
	values := map[string]string{}
	for _, res := range iv.Canvas.Results {
		val := f.Get("waarde-" + res.Code)
		values[res.Code] = val
		up.Values = append(up.Values, programme.ResultValue{Result: res.Code, Value: val})
	}
	var fe []web.FieldErr
	cur := s.Programme.CurrentPeriod()
	sel := cur
	if ps := f.Get("periode"); ps != "" {
		p, err := perspectief.ParsePeriod(ps)
		if err != nil {
			fe = append(fe, web.FieldErr{Anchor: "periode", Message: perspectief.ErrorMessage(err)})
		} else {
			up.Period, sel = p, p
		}
	}
	if len(fe) == 0 {
		_, err = s.Programme.ReportProgress(r.Context(), *rc.User, up)
		if err == nil {
			http.Redirect(w, r, "/interventies/"+code+"?melding=voortgang#geschiedenis", http.StatusSeeOther)
			return nil
		}
		if perspectief.ErrorCode(err) != perspectief.CodeInvalid {
			return err
		}
	}
	v := progressView{
		Intervention: *iv,
		Periods:      recentPeriods(cur, sel),
		Statuses:     statusOptions(up.Status),
		Narrative:    up.Narrative,
		Successes:    up.Successes,
		Concerns:     up.Concerns,
		Escalated:    up.Escalated,
		Reason:       up.EscalationReason,
		Results:      resultFields(*iv, values),
		Summary:      "De voortgang is niet opgeslagen.",
		FieldErrors:  map[string]string{},
	}
	if err != nil {
		v.Summary = perspectief.ErrorMessage(err)
		list, _ := web.FormErrors(err, func(path string) web.Place {
			if res, ok := strings.CutPrefix(path, "resultaten."); ok {
				return web.Place{Anchor: "waarde-" + res}
			}
			if path == "status" {
				// The radio group's first option is what the summary link
				// can focus.
				return web.Place{Anchor: "status-" + string(programme.Statuses[0]), Message: "kies een status"}
			}
			return web.Place{Anchor: path}
		})
		fe = append(fe, list...)
	}
	v.Errors = fe
	for _, e := range fe {
		key := e.Anchor
		if strings.HasPrefix(key, "status-") {
			key = "status"
		}
		v.FieldErrors[key] = e.Message
	}
	s.showProgress(w, r, rc, http.StatusUnprocessableEntity, v)
	return nil
}
