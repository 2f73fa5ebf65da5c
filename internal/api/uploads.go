package api

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/indicator"
)

// uploader is what the upload endpoints need of the indicator service
// (indicator.Service); a Reader without it answers them with 503.
type uploader interface {
	ImportValuesFile(ctx context.Context, u account.User, name string, data []byte) (*indicator.ValuesPlan, error)
	ImportTrendTable(ctx context.Context, u account.User, name string, data []byte) (*indicator.TrendPlan, error)
}

func (h *Handler) uploads() (uploader, error) {
	up, ok := h.Indicators.(uploader)
	if !ok {
		return nil, &statusError{status: http.StatusServiceUnavailable,
			err: perspectief.Errorf(perspectief.CodeInternal, "Deze installatie kan geen indicatorwaarden of trendmonitortabellen inlezen.")}
	}
	return up, nil
}

// csvUpload reads a text/csv body and the file name for messages and the
// audit log (?bestand=, else def).
func csvUpload(w http.ResponseWriter, r *http.Request, def string) (string, []byte, error) {
	if err := requireContentType(r, "text/csv"); err != nil {
		return "", nil, err
	}
	body, err := readBody(w, r, indicator.MaxUploadBytes)
	if err != nil {
		return "", nil, err
	}
	name := filepath.Base(strings.ReplaceAll(r.URL.Query().Get("bestand"), `\`, "/"))
	if name == "" || name == "." || name == "/" {
		name = def
	}
	return name, body, nil
}

type valuesUploadJSON struct {
	File       string   `json:"bestand"`
	Rows       int      `json:"rijen"`
	Added      int      `json:"nieuw"`
	Replaced   int      `json:"vervangen"`
	Indicators []string `json:"indicatoren"`
	Areas      []string `json:"gebieden"`
}

// importIndicatorValues stores a CSV body of values in the import format,
// all or nothing.
func (h *Handler) importIndicatorValues(w http.ResponseWriter, r *http.Request, u *account.User) error {
	up, err := h.uploads()
	if err != nil {
		return err
	}
	name, body, err := csvUpload(w, r, "waarden.csv")
	if err != nil {
		return err
	}
	if indicator.IsXLSX(body) {
		return perspectief.Errorf(perspectief.CodeInvalid, "De body is een Excel-bestand; stuur hier CSV (text/csv) met de kolommen %s.", strings.Join(indicator.CSVHeader, ","))
	}
	plan, err := up.ImportValuesFile(r.Context(), *u, name, body)
	if err != nil {
		return err
	}
	out := valuesUploadJSON{File: plan.File, Rows: plan.Rows, Added: plan.Added, Replaced: plan.Replaced, Areas: plan.Areas}
	for _, ip := range plan.Indicators {
		out.Indicators = append(out.Indicators, ip.Code)
	}
	return respond(w, http.StatusCreated, out)
}

type trendUploadJSON struct {
	Run        int64    `json:"run"`
	File       string   `json:"bestand"`
	Rows       int      `json:"rijen"`
	Indicators []string `json:"indicatoren"`
	Years      []int    `json:"jaren"`
	Gemeenten  []string `json:"gemeenten"`
	Areas      int      `json:"gebieden"`
	Replaced   int      `json:"vervangen"`
	Exposed    int      `json:"blootgestelde_sommen"`
	Hidden     int      `json:"secundair_onderdrukt"`
}

// importTrendRun stores a trendmonitor table computed elsewhere as a run,
// with secondary suppression.
func (h *Handler) importTrendRun(w http.ResponseWriter, r *http.Request, u *account.User) error {
	up, err := h.uploads()
	if err != nil {
		return err
	}
	name, body, err := csvUpload(w, r, "trendtabel.csv")
	if err != nil {
		return err
	}
	p, err := up.ImportTrendTable(r.Context(), *u, name, body)
	if err != nil {
		return err
	}
	return respond(w, http.StatusCreated, trendUploadJSON{Run: p.RunID, File: p.File, Rows: p.Rows, Indicators: p.Indicators, Years: p.Years,
		Gemeenten: p.Gemeenten, Areas: p.Areas, Replaced: p.Replaced, Exposed: p.Exposed, Hidden: p.Hidden})
}
