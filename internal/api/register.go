package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/indicator"
)

// The versions of the indicator register, as the programme's versions
// (GET /programme/versions), and restoring one.

// registerRoutes are the endpoints of the register's versions.
func (h *Handler) registerRoutes() []route {
	return []route{
		{"GET /api/v1/indicator-register/versions", h.listRegisterVersions},
		{"GET /api/v1/indicator-register/versions/{n}", h.getRegisterVersion},
		{"POST /api/v1/indicator-register/versions/{n}/restore", h.restoreRegisterVersion},
	}
}

// registerHistory is what the versions endpoints need of the indicator
// service (indicator.Service); a Reader without it answers them with 503.
type registerHistory interface {
	RegisterVersions(ctx context.Context) ([]indicator.RegisterVersion, error)
	RegisterVersion(ctx context.Context, n int) (*indicator.RegisterVersion, error)
	RestoreRegister(ctx context.Context, u account.User, n int, reason string) (int, error)
}

func (h *Handler) registerHistory() (registerHistory, error) {
	rh, ok := h.Indicators.(registerHistory)
	if !ok {
		return nil, &statusError{status: http.StatusServiceUnavailable,
			err: perspectief.Errorf(perspectief.CodeInternal, "Deze installatie houdt geen versies van het indicatorenregister bij.")}
	}
	return rh, nil
}

// registerVersionJSON is one version of the register; Indicators only for
// a single version.
type registerVersionJSON struct {
	Number     int                            `json:"versie"`
	CreatedAt  time.Time                      `json:"datum"`
	Actor      string                         `json:"door"`
	Kind       string                         `json:"soort"`
	Code       string                         `json:"indicator"`
	Reason     string                         `json:"reden"`
	Changes    []indicator.RegisterDifference `json:"wijzigingen"`
	Indicators []indicatorJSON                `json:"indicatoren,omitempty"`
}

func toRegisterVersion(v indicator.RegisterVersion, withIndicators bool) registerVersionJSON {
	out := registerVersionJSON{Number: v.Number, CreatedAt: v.CreatedAt, Actor: v.Actor, Kind: v.Kind, Code: v.Code, Reason: v.Reason, Changes: v.Changes}
	if withIndicators {
		out.Indicators = make([]indicatorJSON, len(v.Indicators))
		for i, ind := range v.Indicators {
			out.Indicators[i] = toIndicator(ind)
		}
	}
	return out
}

func (h *Handler) listRegisterVersions(w http.ResponseWriter, r *http.Request, _ *account.User) error {
	rh, err := h.registerHistory()
	if err != nil {
		return err
	}
	vs, err := rh.RegisterVersions(r.Context())
	if err != nil {
		return err
	}
	if vs, err = paginate(w, r, vs, 100); err != nil {
		return err
	}
	out := make([]registerVersionJSON, len(vs))
	for i, v := range vs {
		out[i] = toRegisterVersion(v, false)
	}
	return respond(w, http.StatusOK, out)
}

// registerVersionAt is the register's history and the version {n} of the
// path; anything but a number of 1 or more is a version that does not
// exist.
func (h *Handler) registerVersionAt(r *http.Request) (registerHistory, int, error) {
	rh, err := h.registerHistory()
	if err != nil {
		return nil, 0, err
	}
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 1 {
		return nil, 0, perspectief.Errorf(perspectief.CodeNotFound, "Versie %q van het indicatorenregister bestaat niet.", r.PathValue("n"))
	}
	return rh, n, nil
}

// writeRegisterVersion answers with version n and its indicators.
func (h *Handler) writeRegisterVersion(w http.ResponseWriter, r *http.Request, rh registerHistory, status, n int) error {
	v, err := rh.RegisterVersion(r.Context(), n)
	if err != nil {
		return err
	}
	if status == http.StatusCreated {
		w.Header().Set("Location", "/api/v1/indicator-register/versions/"+strconv.Itoa(n))
	}
	return respond(w, status, toRegisterVersion(*v, true))
}

func (h *Handler) getRegisterVersion(w http.ResponseWriter, r *http.Request, _ *account.User) error {
	rh, n, err := h.registerVersionAt(r)
	if err != nil {
		return err
	}
	return h.writeRegisterVersion(w, r, rh, http.StatusOK, n)
}

// restoreRegisterVersion makes version {n} the register again as a new
// version (?reden= says why) and answers with that new version.
func (h *Handler) restoreRegisterVersion(w http.ResponseWriter, r *http.Request, u *account.User) error {
	rh, n, err := h.registerVersionAt(r)
	if err != nil {
		return err
	}
	m, err := rh.RestoreRegister(r.Context(), *u, n, r.URL.Query().Get("reden"))
	if err != nil {
		return err
	}
	return h.writeRegisterVersion(w, r, rh, http.StatusCreated, m)
}
