package api

import (
	"net/http"
	"time"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/procesmonitor"
)

// The mapping of codes of the financial administration (kostenplaatsen,
// grootboekrekeningen) to the budget and interventions: read by every
// role, kept by beheerder and programmateam.

type ledgerCodeJSON struct {
	Code         string    `json:"code"`
	Target       string    `json:"bestemming"`
	Intervention string    `json:"interventie"`
	Note         string    `json:"toelichting"`
	Actor        string    `json:"gewijzigd_door"`
	At           time.Time `json:"gewijzigd"`
}

// ledgerCodeRequest is a mapping as a client sends it; the code is in the
// path.
type ledgerCodeRequest struct {
	Target       string `json:"bestemming"`
	Intervention string `json:"interventie"`
	Note         string `json:"toelichting"`
}

func toLedgerCode(c procesmonitor.LedgerCode) ledgerCodeJSON {
	return ledgerCodeJSON{Code: c.Code, Target: c.Target, Intervention: c.Intervention, Note: c.Note, Actor: c.Actor, At: c.UpdatedAt}
}

func (h *Handler) listLedgerCodes(w http.ResponseWriter, r *http.Request, _ *account.User) error {
	pm, err := h.procesmonitor()
	if err != nil {
		return err
	}
	cs, err := pm.LedgerCodes(r.Context())
	if err != nil {
		return err
	}
	out := make([]ledgerCodeJSON, 0, len(cs))
	for _, c := range cs {
		out = append(out, toLedgerCode(c))
	}
	return respond(w, http.StatusOK, out)
}

// putLedgerCode adds or replaces the mapping of one code.
func (h *Handler) putLedgerCode(w http.ResponseWriter, r *http.Request, u *account.User) error {
	pm, err := h.procesmonitor()
	if err != nil {
		return err
	}
	if err := pm.CanImportSpending(*u); err != nil {
		return err
	}
	var req ledgerCodeRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	code := r.PathValue("code")
	if err := pm.SaveLedgerCodes(r.Context(), *u, []procesmonitor.LedgerInput{{Code: code, Target: req.Target, Intervention: req.Intervention, Note: req.Note}}); err != nil {
		return err
	}
	c, err := pm.LedgerCode(r.Context(), code)
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK, toLedgerCode(*c))
}

func (h *Handler) deleteLedgerCode(w http.ResponseWriter, r *http.Request, u *account.User) error {
	pm, err := h.procesmonitor()
	if err != nil {
		return err
	}
	if err := pm.DeleteLedgerCode(r.Context(), *u, r.PathValue("code")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
