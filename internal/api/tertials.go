package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/report"
)

// The tertial reports for the regiegroep (issue 14, section 4): the frozen
// versions, each with its content as the data it was made from, and
// freezing the next version of a tertial, with the rules of the page
// /tertiaalrapportage.

func (h *Handler) tertialRoutes() []route {
	return []route{
		{"GET /api/v1/tertial-reports", h.listTertialReports},
		{"POST /api/v1/tertial-reports", h.freezeTertialReport},
		{"GET /api/v1/tertial-reports/{period}/versions/{version}", h.getTertialReport},
	}
}

func (h *Handler) tertials() (*report.TertialService, error) {
	if h.Tertials == nil {
		return nil, &statusError{status: http.StatusServiceUnavailable,
			err: perspectief.Errorf(perspectief.CodeInternal, "Deze installatie heeft geen tertiaalrapportage.")}
	}
	return h.Tertials, nil
}

// tertialJSON is a frozen version; Report is its content, only when one
// version is asked for.
type tertialJSON struct {
	Period         string                `json:"periode"`
	Version        int                   `json:"versie"`
	Label          string                `json:"label"`
	Note           string                `json:"notitie"`
	FrozenAt       time.Time             `json:"vastgelegd_op"`
	FrozenBy       string                `json:"vastgelegd_door"`
	PDF            bool                  `json:"pdf"`
	HTMLSHA256     string                `json:"html_sha256"`
	PDFSHA256      string                `json:"pdf_sha256,omitempty"`
	SnapshotSHA256 string                `json:"gegevens_sha256"`
	Report         *report.TertialReport `json:"rapport,omitempty"`
}

func toTertialJSON(t *report.TertialVersion, withReport bool) (tertialJSON, error) {
	out := tertialJSON{Period: t.Period, Version: t.Version, Label: t.Label(), Note: t.Note, FrozenAt: t.CreatedAt.UTC(), FrozenBy: t.CreatedBy,
		PDF: t.HasPDF(), HTMLSHA256: t.HTMLSHA256, PDFSHA256: t.PDFSHA256, SnapshotSHA256: t.SnapshotSHA256}
	if withReport {
		var r report.TertialReport
		if err := json.Unmarshal(t.Snapshot, &r); err != nil {
			return out, fmt.Errorf("tertial report %s version %d: read its data: %w", t.Period, t.Version, err)
		}
		out.Report = &r
	}
	return out, nil
}

// tertialPeriod checks a tertial's code (2025-T2), naming the parameter
// when it is wrong.
func tertialPeriod(s, param string, status int) (string, error) {
	p, err := perspectief.ParsePeriod(strings.TrimSpace(s))
	if err != nil {
		msg := perspectief.ErrorMessage(err)
		return "", withField(requestError(status, "Ongeldige parameter %s: %s.", param, msg), param, msg)
	}
	return p.String(), nil
}

// listTertialReports lists the frozen versions, newest first, in pages;
// ?periode= keeps those of one tertial.
func (h *Handler) listTertialReports(w http.ResponseWriter, r *http.Request, u *account.User) error {
	ts, err := h.tertials()
	if err != nil {
		return err
	}
	period := ""
	if q := r.URL.Query().Get("periode"); q != "" {
		if period, err = tertialPeriod(q, "periode", http.StatusBadRequest); err != nil {
			return err
		}
	}
	vs, err := ts.Versions(r.Context(), *u, period)
	if err != nil {
		return err
	}
	page, err := paginate(w, r, vs, 100)
	if err != nil {
		return err
	}
	out := make([]tertialJSON, 0, len(page))
	for i := range page {
		t, _ := toTertialJSON(&page[i], false)
		out = append(out, t)
	}
	return respond(w, http.StatusOK, out)
}

// getTertialReport answers one frozen version with its content.
func (h *Handler) getTertialReport(w http.ResponseWriter, r *http.Request, u *account.User) error {
	ts, err := h.tertials()
	if err != nil {
		return err
	}
	if err := ts.CanRead(*u); err != nil {
		return err
	}
	period, err := tertialPeriod(r.PathValue("period"), "period", http.StatusBadRequest)
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(r.PathValue("version"))
	if err != nil || n < 1 {
		return withField(requestError(http.StatusBadRequest, "Ongeldige parameter version: %q is geen versienummer.", r.PathValue("version")),
			"version", "geef een geheel getal vanaf 1")
	}
	t, err := ts.Version(r.Context(), *u, period, n)
	if err != nil {
		return err
	}
	out, err := toTertialJSON(t, true)
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK, out)
}

// tertialFreezeRequest is the body of POST /tertial-reports.
type tertialFreezeRequest struct {
	Period string `json:"periode"`
	Note   string `json:"notitie"`
}

// freezeTertialReport freezes the report of a tertial as it stands now as
// its next version: beheerder and programmateam, as on the page.
func (h *Handler) freezeTertialReport(w http.ResponseWriter, r *http.Request, u *account.User) error {
	ts, err := h.tertials()
	if err != nil {
		return err
	}
	if err := ts.CanFreeze(*u); err != nil {
		return err
	}
	var req tertialFreezeRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	if _, err := ts.CheckPeriod(strings.TrimSpace(req.Period)); err != nil {
		msg := perspectief.ErrorMessage(err)
		if perspectief.ErrorCode(err) != perspectief.CodeInvalid {
			return err
		}
		return perspectief.Invalid("De tertiaalrapportage is niet vastgelegd.", []perspectief.FieldError{{Path: "periode", Message: msg}})
	}
	t, err := ts.FreezeTertial(r.Context(), *u, strings.TrimSpace(req.Period), req.Note)
	if err != nil {
		return err
	}
	out, err := toTertialJSON(t, true)
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/tertial-reports/%s/versions/%d", t.Period, t.Version))
	return respond(w, http.StatusCreated, out)
}
