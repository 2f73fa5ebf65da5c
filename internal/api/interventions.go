package api

import (
	"net/http"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/programme"
)

func (h *Handler) listInterventions(w http.ResponseWriter, r *http.Request, _ *account.User) error {
	m, err := h.Programme.Model(r.Context())
	if err != nil {
		return err
	}
	line, err := lineParam(r, m)
	if err != nil {
		return err
	}
	area := r.URL.Query().Get("gebied")
	if !programme.ValidAreaFilter(area) {
		return perspectief.Errorf(perspectief.CodeNotFound, "gebied %q bestaat niet", area)
	}
	out := []programme.Intervention{}
	for _, iv := range m.Interventions {
		if (line == "" || iv.Line == line) && iv.InArea(area) {
			out = append(out, normalIntervention(iv))
		}
	}
	return respond(w, http.StatusOK, out)
}

func (h *Handler) getIntervention(w http.ResponseWriter, r *http.Request, _ *account.User) error {
	_, iv, err := h.Programme.Intervention(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK, normalIntervention(*iv))
}

func (h *Handler) putCanvas(w http.ResponseWriter, r *http.Request, u *account.User) error {
	var c programme.Canvas
	if err := decodeJSON(w, r, &c); err != nil {
		return err
	}
	code := r.PathValue("code")
	if err := h.Programme.UpdateCanvas(r.Context(), *u, code, c); err != nil {
		return err
	}
	_, iv, err := h.Programme.Intervention(r.Context(), code)
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK, normalIntervention(*iv))
}

func (h *Handler) listProgress(w http.ResponseWriter, r *http.Request, _ *account.User) error {
	code := r.PathValue("code")
	// History of an unknown code would be an empty list; say it does not
	// exist instead.
	if _, _, err := h.Programme.Intervention(r.Context(), code); err != nil {
		return err
	}
	ups, err := h.Programme.History(r.Context(), code)
	if err != nil {
		return err
	}
	out := make([]updateJSON, len(ups))
	for i, u := range ups {
		out[i] = toUpdate(u)
	}
	return respond(w, http.StatusOK, out)
}

func (h *Handler) addProgress(w http.ResponseWriter, r *http.Request, u *account.User) error {
	var req progressRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	code := r.PathValue("code")
	// ReportProgress checks the role too, but the period is parsed here,
	// before it runs; checking the role first keeps a role without the right
	// at 403 rather than telling it what is wrong with the period.
	_, iv, err := h.Programme.Intervention(r.Context(), code)
	if err != nil {
		return err
	}
	if err := account.Require(u.CanEditIntervention(iv.Leaders), "voortgang van deze interventie rapporteert"); err != nil {
		return err
	}
	var period perspectief.Period
	if req.Period != "" {
		if period, err = perspectief.ParsePeriod(req.Period); err != nil {
			return perspectief.Invalid("De voortgang is niet opgeslagen.",
				[]perspectief.FieldError{{Path: "periode", Message: perspectief.ErrorMessage(err)}})
		}
	}
	up, err := h.Programme.ReportProgress(r.Context(), *u, programme.Update{
		Intervention:     code,
		Period:           period,
		Status:           req.Status,
		Narrative:        req.Narrative,
		Successes:        req.Successes,
		Concerns:         req.Concerns,
		Escalated:        req.Escalated,
		EscalationReason: req.Reason,
		Values:           req.Values,
	})
	if err != nil {
		return err
	}
	return respond(w, http.StatusCreated, toUpdate(*up))
}

// Comment targets, as the programme service names them.
const (
	kindGoal         = "doel"
	kindIntervention = "interventie"
)

func (h *Handler) listComments(kind string) apiFunc {
	return func(w http.ResponseWriter, r *http.Request, _ *account.User) error {
		code := r.PathValue("code")
		m, err := h.Programme.Model(r.Context())
		if err != nil {
			return err
		}
		if err := checkTarget(m, kind, code); err != nil {
			return err
		}
		// The programme service has no read method for comments; reading
		// is open to every role, so going to the store loses no rule.
		cs, err := h.Programme.Comments(r.Context(), kind, code)
		if err != nil {
			return err
		}
		sortComments(cs)
		out := make([]commentJSON, len(cs))
		for i, c := range cs {
			out[i] = toComment(c)
		}
		return respond(w, http.StatusOK, out)
	}
}

func checkTarget(m *programme.Model, kind, code string) error {
	if kind == kindGoal {
		_, err := findGoal(m, code)
		return err
	}
	for _, iv := range m.Interventions {
		if iv.Code == code {
			return nil
		}
	}
	return perspectief.Errorf(perspectief.CodeNotFound, "interventie %q bestaat niet", code)
}

func (h *Handler) addComment(kind string) apiFunc {
	return func(w http.ResponseWriter, r *http.Request, u *account.User) error {
		var req commentRequest
		if err := decodeJSON(w, r, &req); err != nil {
			return err
		}
		c, err := h.Programme.Comment(r.Context(), *u, kind, r.PathValue("code"), req.Text)
		if err != nil {
			return err
		}
		return respond(w, http.StatusCreated, toComment(*c))
	}
}
