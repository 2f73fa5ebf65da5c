package api

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/programme"
)

// Goals and budget rows edited one at a time (issue 14, section 5), with
// the same domain calls as the pages /doelen/{code}/bewerken and
// /begroting/{soort}/{n}: the whole programme is checked as an import is,
// and every change is a new version with its reason.

// editBase returns the version an edit was prepared against, which the
// body must name.
func editBase(base *int, failed string) (int, error) {
	if base == nil {
		return 0, perspectief.Invalid(failed, []perspectief.FieldError{{Path: "basisversie", Message: "geef de versie van het programma waarop de wijziging is gebaseerd (GET /programme/versions)"}})
	}
	return *base, nil
}

// goalEdit is the body of PUT /goals/{code}.
type goalEdit struct {
	Goal   programme.Goal `json:"doel"`
	Reason string         `json:"reden"`
	Base   *int           `json:"basisversie"`
}

// putGoal creates or replaces a goal of the doelenboom: 201 for a new
// code, 200 for a change.
func (h *Handler) putGoal(w http.ResponseWriter, r *http.Request, u *account.User) error {
	if err := account.Require(u.CanEditProgramme(), "het programma bewerkt"); err != nil {
		return err
	}
	var req goalEdit
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	const failed = "Het doel is niet opgeslagen; er is niets veranderd."
	base, err := editBase(req.Base, failed)
	if err != nil {
		return err
	}
	code, g := r.PathValue("code"), req.Goal
	if g.Code == "" {
		g.Code = code
	}
	if g.Code != code {
		return perspectief.Invalid(failed, []perspectief.FieldError{{Path: "doel.code", Message: "de code in het bericht (" + g.Code + ") is niet die van het pad (" + code + ")"}})
	}
	m, err := h.Programme.Model(r.Context())
	if err != nil {
		return err
	}
	old, status := code, http.StatusOK
	if _, err := findGoal(m, code); err != nil {
		old, status = "", http.StatusCreated
	}
	if _, err := h.Programme.Edit(r.Context(), *u, base, req.Reason, "Het doel", func(m *programme.Model) (string, error) { return m.PutGoal(old, g) }); err != nil {
		return err
	}
	if m, err = h.Programme.Model(r.Context()); err != nil {
		return err
	}
	saved, err := findGoal(m, code)
	if err != nil {
		return err
	}
	return respond(w, status, saved)
}

// budgetRowEdit is the body of POST /budget/{table}/rows and PUT
// /budget/{table}/rows/{n}.
type budgetRowEdit struct {
	Row    programme.BudgetRow `json:"regel"`
	Reason string              `json:"reden"`
	Base   *int                `json:"basisversie"`
}

// budgetRows returns the rows of the budget table named in the path.
func budgetRows(r *http.Request, m *programme.Model) ([]programme.BudgetRow, error) {
	switch r.PathValue("table") {
	case "beschikbaar":
		return m.Budget.Available, nil
	case "inzet":
		return m.Budget.Allocated, nil
	}
	return nil, perspectief.Errorf(perspectief.CodeNotFound, "Begrotingstabel %q bestaat niet; kies beschikbaar of inzet.", r.PathValue("table"))
}

// addBudgetRow adds a row after the others of a table (201).
func (h *Handler) addBudgetRow(w http.ResponseWriter, r *http.Request, u *account.User) error {
	return h.saveBudgetRow(w, r, u, -1)
}

// putBudgetRow replaces row n (from 1) of a table (200).
func (h *Handler) putBudgetRow(w http.ResponseWriter, r *http.Request, u *account.User) error {
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 1 {
		return perspectief.Errorf(perspectief.CodeNotFound, "Begrotingsregel %q bestaat niet.", r.PathValue("n"))
	}
	return h.saveBudgetRow(w, r, u, n-1)
}

// saveBudgetRow stores row i of the table in the path, or a new row when i
// is -1.
func (h *Handler) saveBudgetRow(w http.ResponseWriter, r *http.Request, u *account.User, i int) error {
	if err := account.Require(u.CanEditProgramme(), "het programma bewerkt"); err != nil {
		return err
	}
	m, err := h.Programme.Model(r.Context())
	if err != nil {
		return err
	}
	rows, err := budgetRows(r, m)
	if err != nil {
		return err
	}
	if i >= len(rows) {
		return perspectief.Errorf(perspectief.CodeNotFound, "Begrotingsregel %d van %s bestaat niet; de tabel heeft %d regels.", i+1, r.PathValue("table"), len(rows))
	}
	var req budgetRowEdit
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	base, err := editBase(req.Base, "De begrotingsregel is niet opgeslagen; er is niets veranderd.")
	if err != nil {
		return err
	}
	row, table := req.Row, r.PathValue("table")
	if row.Amounts == nil {
		row.Amounts = programme.Amounts{}
	}
	if _, err := h.Programme.Edit(r.Context(), *u, base, req.Reason, "De begrotingsregel", func(m *programme.Model) (string, error) {
		return m.PutBudgetRow(table, i, row)
	}); err != nil {
		return err
	}
	status := http.StatusOK
	if i < 0 {
		// The new row is the last of its table.
		status, i = http.StatusCreated, len(rows)
		w.Header().Set("Location", fmt.Sprintf("/api/v1/budget/%s/rows/%d", table, i+1))
	}
	if m, err = h.Programme.Model(r.Context()); err != nil {
		return err
	}
	if rows, err = budgetRows(r, m); err != nil {
		return err
	}
	return respond(w, status, normalRows(rows[i : i+1])[0])
}
