package api

import (
	"net/http"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/programme"
)

// leadersRequest is the body of PUT /interventions/{code}/leaders.
type leadersRequest struct {
	Leaders []string `json:"projectleiders"`
	Owner   string   `json:"eigenaar"`
}

// putLeaders assigns the projectleiders and the owner of an intervention,
// as the form does: only active projectleider accounts, a new version.
func (h *Handler) putLeaders(w http.ResponseWriter, r *http.Request, u *account.User) error {
	if err := account.Require(u.CanAssignLeaders(), "projectleiders toewijst"); err != nil {
		return err
	}
	var req leadersRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	code := r.PathValue("code")
	eligible, err := h.Accounts.ProjectLeaders(r.Context(), *u)
	if err != nil {
		return err
	}
	if err := h.Programme.AssignLeaders(r.Context(), *u, code, req.Leaders, req.Owner, eligible); err != nil {
		return err
	}
	_, iv, err := h.Programme.Intervention(r.Context(), code)
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK, normalIntervention(*iv))
}

// interventionEdit is the body of PUT /interventions/{code}: the whole
// intervention as GET returns it, the reason of the change and the version
// it was prepared against.
type interventionEdit struct {
	Intervention programme.Intervention `json:"interventie"`
	Reason       string                 `json:"reden"`
	Base         *int                   `json:"basisversie"`
}

// putIntervention creates or replaces an intervention with the validation
// and versioning of an import: 201 for a new code, 200 for a change.
func (h *Handler) putIntervention(w http.ResponseWriter, r *http.Request, u *account.User) error {
	if err := account.Require(u.CanEditProgramme(), "het programma bewerkt"); err != nil {
		return err
	}
	var req interventionEdit
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	code := r.PathValue("code")
	base, err := editBase(req.Base, "De interventie is niet opgeslagen; er is niets veranderd.")
	if err != nil {
		return err
	}
	iv := req.Intervention
	if iv.Code == "" {
		iv.Code = code
	}
	if iv.Code != code {
		return perspectief.Invalid("De interventie is niet opgeslagen; er is niets veranderd.", []perspectief.FieldError{{Path: "interventie.code", Message: "de code in het bericht (" + iv.Code + ") is niet die van het pad (" + code + ")"}})
	}
	old := code
	status := http.StatusOK
	if _, _, err := h.Programme.Intervention(r.Context(), code); perspectief.ErrorCode(err) == perspectief.CodeNotFound {
		old, status = "", http.StatusCreated
	} else if err != nil {
		return err
	}
	(&programme.Model{Interventions: []programme.Intervention{iv}}).Normalize()
	if _, err := h.Programme.Edit(r.Context(), *u, base, req.Reason, "De interventie", func(m *programme.Model) (string, error) {
		// Problems of the intervention come back with paths inside
		// "interventie" (fase, canvas.beoogde_resultaten[0].jaar).
		return m.PutIntervention(old, iv)
	}); err != nil {
		return err
	}
	_, cur, err := h.Programme.Intervention(r.Context(), code)
	if err != nil {
		return err
	}
	return respond(w, status, normalIntervention(*cur))
}

// resultJSON is the verdict on one intended result.
type resultJSON struct {
	Code        string   `json:"code"`
	Description string   `json:"omschrijving"`
	Unit        string   `json:"eenheid,omitempty"`
	Amount      *float64 `json:"aantal,omitempty"`
	Year        int      `json:"jaar,omitempty"`
	Verdict     string   `json:"oordeel"`
	Value       string   `json:"laatste_waarde,omitempty"`
	Period      string   `json:"periode,omitempty"`
	Sentence    string   `json:"toelichting"`
}

// getResultVerdicts judges an intervention's intended results against the
// reported values.
func (h *Handler) getResultVerdicts(w http.ResponseWriter, r *http.Request, _ *account.User) error {
	code := r.PathValue("code")
	_, iv, err := h.Programme.Intervention(r.Context(), code)
	if err != nil {
		return err
	}
	ups, err := h.Programme.History(r.Context(), code)
	if err != nil {
		return err
	}
	vs := programme.Verdicts(*iv, ups, h.Programme.CurrentPeriod())
	out := make([]resultJSON, len(vs))
	for i, v := range vs {
		out[i] = resultJSON{Code: v.Result.Code, Description: v.Result.Description, Unit: v.Result.Unit, Amount: v.Result.Amount, Year: v.Result.Year,
			Verdict: string(v.Verdict), Value: v.Value, Sentence: v.Sentence}
		if !v.Period.IsZero() {
			out[i].Period = v.Period.String()
		}
	}
	return respond(w, http.StatusOK, out)
}
