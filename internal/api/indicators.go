package api

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/indicator"
)

// indicatorJSON is one entry of the indicator register.
type indicatorJSON struct {
	Code       string        `json:"code"`
	Name       string        `json:"naam"`
	Definition string        `json:"definitie"`
	Unit       string        `json:"eenheid"`
	Type       string        `json:"type"`
	Kind       string        `json:"soort"`
	Level      string        `json:"niveau"`
	Source     string        `json:"bron"`
	Frequency  string        `json:"frequentie"`
	Direction  string        `json:"richting"`
	Goals      []string      `json:"doelen"`
	Owner      string        `json:"eigenaar"`
	Note       string        `json:"toelichting"`
	Baseline   *baselineJSON `json:"nulmeting"`
	Retired    bool          `json:"vervallen"`
	Targets    []targetJSON  `json:"targets"`
}

type baselineJSON struct {
	Year  int     `json:"jaar"`
	Value float64 `json:"waarde"`
}

type targetJSON struct {
	Year   int      `json:"jaar"`
	Goal   string   `json:"doel"`
	Value  *float64 `json:"waarde"`
	Margin float64  `json:"marge"`
	Reason string   `json:"reden"`
}

// valueJSON is one value of an indicator; a suppressed value has no number.
type valueJSON struct {
	Period     string   `json:"periode"`
	Area       string   `json:"gebied"`
	Group      string   `json:"groep"`
	Value      *float64 `json:"waarde"`
	Num        *float64 `json:"teller"`
	Den        *float64 `json:"noemer"`
	Margin     *float64 `json:"marge"`
	Source     string   `json:"bron"`
	Note       string   `json:"toelichting"`
	Suppressed bool     `json:"onderdrukt"`
}

func toIndicator(ind indicator.Indicator) indicatorJSON {
	out := indicatorJSON{
		Code: ind.Code, Name: ind.Name, Definition: ind.Definition, Unit: ind.Unit,
		Type: ind.Type, Kind: ind.Kind, Level: ind.Level, Source: ind.Source,
		Frequency: ind.Frequency, Direction: ind.Direction, Owner: ind.Owner, Note: ind.Note, Retired: ind.Retired,
		Goals: ind.Goals, Targets: make([]targetJSON, len(ind.Targets)),
	}
	if out.Goals == nil {
		out.Goals = []string{}
	}
	if b := ind.Baseline; b != nil {
		out.Baseline = &baselineJSON{Year: b.Year, Value: b.Value}
	}
	for i, t := range ind.Targets {
		out.Targets[i] = targetJSON{Year: t.Year, Goal: t.Goal, Value: t.Value, Margin: t.Margin, Reason: t.Reason}
	}
	return out
}

// fromIndicator is the register entry of the JSON, the inverse of
// toIndicator.
func fromIndicator(in indicatorJSON) indicator.Indicator {
	ind := indicator.Indicator{
		Code: in.Code, Name: in.Name, Definition: in.Definition, Unit: in.Unit,
		Type: in.Type, Kind: in.Kind, Level: in.Level, Source: in.Source,
		Frequency: in.Frequency, Direction: in.Direction, Owner: in.Owner, Note: in.Note,
		Retired: in.Retired, Goals: in.Goals,
	}
	if b := in.Baseline; b != nil {
		ind.Baseline = &indicator.Baseline{Year: b.Year, Value: b.Value}
	}
	for _, t := range in.Targets {
		ind.Targets = append(ind.Targets, indicator.Target{Year: t.Year, Goal: t.Goal, Value: t.Value, Margin: t.Margin, Reason: t.Reason})
	}
	return ind
}

// registerEditor is what the register endpoints need of the indicator
// service (indicator.Service); a Reader without it answers them with 503.
type registerEditor interface {
	AddIndicator(ctx context.Context, u account.User, ind indicator.Indicator, reason string) (int, error)
	UpdateIndicator(ctx context.Context, u account.User, code string, ind indicator.Indicator, reason string) (int, error)
}

func (h *Handler) registerEditor() (registerEditor, error) {
	ed, ok := h.Indicators.(registerEditor)
	if !ok {
		return nil, &statusError{status: http.StatusServiceUnavailable,
			err: perspectief.Errorf(perspectief.CodeInternal, "Deze installatie kan het indicatorenregister niet wijzigen.")}
	}
	return ed, nil
}

// jsonFieldPath writes a field path of the register file (goede_richting,
// streefwaarden[0].jaar) as the JSON names it (richting, targets[0].jaar).
func jsonFieldPath(p string) string {
	switch {
	case p == "goede_richting":
		return "richting"
	case strings.HasPrefix(p, "streefwaarden["):
		return "targets[" + strings.TrimPrefix(p, "streefwaarden[")
	}
	return p
}

// registerError renames the fields of a refusal to the JSON's names.
func registerError(err error) error {
	var e *perspectief.Error
	if errors.As(err, &e) {
		for i := range e.Fields {
			e.Fields[i].Path = jsonFieldPath(e.Fields[i].Path)
		}
	}
	return err
}

// writeIndicator answers with one indicator of the register; a created
// one also with its Location.
func (h *Handler) writeIndicator(w http.ResponseWriter, r *http.Request, status int, code string) error {
	reg, err := h.indicatorRegister(r)
	if err != nil {
		return err
	}
	ind, ok := reg.Indicator(code)
	if !ok {
		return perspectief.Errorf(perspectief.CodeNotFound, "indicator %q bestaat niet", code)
	}
	if status == http.StatusCreated {
		w.Header().Set("Location", "/api/v1/indicators/"+code)
	}
	return respond(w, status, toIndicator(*ind))
}

func (h *Handler) getIndicator(w http.ResponseWriter, r *http.Request, _ *account.User) error {
	return h.writeIndicator(w, r, http.StatusOK, r.PathValue("code"))
}

// changeIndicator is POST /indicators (add) and PUT /indicators/{code}:
// the JSON of one indicator, ?reden= for the register's version.
func (h *Handler) changeIndicator(add bool) apiFunc {
	return func(w http.ResponseWriter, r *http.Request, u *account.User) error {
		ed, err := h.registerEditor()
		if err != nil {
			return err
		}
		var in indicatorJSON
		if err := decodeJSON(w, r, &in); err != nil {
			return err
		}
		reason := r.URL.Query().Get("reden")
		code, status := r.PathValue("code"), http.StatusOK
		if add {
			code, status = strings.TrimSpace(in.Code), http.StatusCreated
			_, err = ed.AddIndicator(r.Context(), *u, fromIndicator(in), reason)
		} else {
			_, err = ed.UpdateIndicator(r.Context(), *u, code, fromIndicator(in), reason)
		}
		if err != nil {
			return registerError(err)
		}
		return h.writeIndicator(w, r, status, code)
	}
}

func toValue(v indicator.Value) valueJSON {
	out := valueJSON{
		Period: v.Period.String(), Area: v.Area, Group: v.Group,
		Num: v.Num, Den: v.Den, Margin: v.Margin,
		Source: v.Source, Note: v.Note, Suppressed: v.Suppressed,
	}
	if !v.Suppressed {
		n := v.Value
		out.Value = &n
	}
	return out
}

// indicatorRegister is the stored register; a database without one uses
// the built-in register, as the pages do.
func (h *Handler) indicatorRegister(r *http.Request) (*indicator.Register, error) {
	if h.Indicators == nil {
		return nil, &statusError{status: http.StatusServiceUnavailable,
			err: perspectief.Errorf(perspectief.CodeInternal, "Deze installatie heeft geen indicatorregister.")}
	}
	reg, err := h.Indicators.Register(r.Context())
	if err != nil || len(reg.Indicators) > 0 {
		return reg, err
	}
	return indicator.DefaultRegister()
}

func (h *Handler) listIndicators(w http.ResponseWriter, r *http.Request, _ *account.User) error {
	reg, err := h.indicatorRegister(r)
	if err != nil {
		return err
	}
	// ?soort= and ?type= filter by the typology of monitoringplan annex 1.
	q := r.URL.Query()
	kind, typ := q.Get("soort"), q.Get("type")
	if kind != "" && !slices.Contains(indicator.Kinds, kind) {
		return withField(requestError(http.StatusBadRequest, "Onbekende soort %q; kies %s.", kind, strings.Join(indicator.Kinds, " of ")), "soort", "onbekende soort")
	}
	if typ != "" && !slices.Contains(indicator.Types, typ) {
		return withField(requestError(http.StatusBadRequest, "Onbekend type %q; kies %s.", typ, strings.Join(indicator.Types, ", ")), "type", "onbekend type")
	}
	out := []indicatorJSON{}
	for _, ind := range reg.Indicators {
		if (kind == "" || ind.Kind == kind) && (typ == "" || ind.Type == typ) {
			out = append(out, toIndicator(ind))
		}
	}
	return respond(w, http.StatusOK, out)
}

func (h *Handler) listIndicatorValues(w http.ResponseWriter, r *http.Request, _ *account.User) error {
	reg, err := h.indicatorRegister(r)
	if err != nil {
		return err
	}
	code := r.PathValue("code")
	if _, ok := reg.Indicator(code); !ok {
		return perspectief.Errorf(perspectief.CodeNotFound, "indicator %q bestaat niet", code)
	}
	q := r.URL.Query()
	f := indicator.ValueFilter{Indicator: code, Area: q.Get("gebied"), Group: q.Get("groep")}
	if p := q.Get("periode"); p != "" {
		if f.Period, err = indicator.ParsePeriod(p); err != nil {
			return requestError(http.StatusBadRequest, "Ongeldige queryparameter periode: %v.", err)
		}
	}
	vals, err := h.Indicators.Values(r.Context(), f)
	if err != nil {
		return err
	}
	vals, err = paginate(w, r, vals, 1000)
	if err != nil {
		return err
	}
	out := make([]valueJSON, len(vals))
	for i, v := range vals {
		out[i] = toValue(v)
	}
	return respond(w, http.StatusOK, out)
}
