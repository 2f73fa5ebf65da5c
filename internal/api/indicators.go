package api

import (
	"net/http"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/indicator"
)

// indicatorJSON is one entry of the indicator register.
type indicatorJSON struct {
	Code       string       `json:"code"`
	Name       string       `json:"naam"`
	Definition string       `json:"definitie"`
	Unit       string       `json:"eenheid"`
	Type       string       `json:"type"`
	Kind       string       `json:"soort"`
	Level      string       `json:"niveau"`
	Source     string       `json:"bron"`
	Frequency  string       `json:"frequentie"`
	Direction  string       `json:"richting"`
	Goals      []string     `json:"doelen"`
	Owner      string       `json:"eigenaar"`
	Targets    []targetJSON `json:"targets"`
}

type targetJSON struct {
	Year   int      `json:"jaar"`
	Goal   string   `json:"doel"`
	Value  *float64 `json:"waarde"`
	Margin float64  `json:"marge"`
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
		Frequency: ind.Frequency, Direction: ind.Direction, Owner: ind.Owner,
		Goals: ind.Goals, Targets: make([]targetJSON, len(ind.Targets)),
	}
	if out.Goals == nil {
		out.Goals = []string{}
	}
	for i, t := range ind.Targets {
		out.Targets[i] = targetJSON{Year: t.Year, Goal: t.Goal, Value: t.Value, Margin: t.Margin}
	}
	return out
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
	out := make([]indicatorJSON, len(reg.Indicators))
	for i, ind := range reg.Indicators {
		out[i] = toIndicator(ind)
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
