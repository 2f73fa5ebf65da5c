package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/learning"
	"github.com/perspectief/perspectief/internal/programme"
)

// The learning log, programme versions and the experience surveys.

func (h *Handler) needLearning() error {
	if h.Learning == nil {
		return &statusError{status: http.StatusServiceUnavailable, err: perspectief.Errorf(perspectief.CodeInternal, "Deze installatie heeft geen leerlogboek.")}
	}
	return nil
}

// entryRequest is a new learning log entry; datum is YYYY-MM-DD.
type entryRequest struct {
	Kind          learning.Kind     `json:"soort"`
	Date          string            `json:"datum"`
	Title         string            `json:"titel"`
	Text          string            `json:"tekst"`
	Source        learning.Source   `json:"bron"`
	Goals         []string          `json:"doelen"`
	Lines         []string          `json:"lijnen"`
	Interventions []string          `json:"interventies"`
	Indicators    []string          `json:"indicatoren"`
	Rounds        []string          `json:"rondes"`
	Basis         []int64           `json:"basis"`
	Changes       []learning.Change `json:"herijking"`
}

// entryJSON is a learning log entry with its day sent as a date
// (JJJJ-MM-DD) rather than as midnight UTC.
type entryJSON struct {
	learning.Entry
	Date string `json:"datum"`
}

func toEntry(e learning.Entry) entryJSON {
	return entryJSON{Entry: e, Date: e.Date.Format(time.DateOnly)}
}

func (h *Handler) listEntries(w http.ResponseWriter, r *http.Request, _ *account.User) error {
	if err := h.needLearning(); err != nil {
		return err
	}
	q := r.URL.Query()
	f := learning.Filter{Query: q.Get("zoek"), Kind: learning.Kind(q.Get("soort")), Goal: q.Get("doel"), Line: q.Get("lijn"),
		Intervention: q.Get("interventie"), Indicator: q.Get("indicator"), Round: q.Get("ronde")}
	if f.Kind != "" && !f.Kind.Valid() {
		return requestError(http.StatusBadRequest, "Ongeldige queryparameter soort: kies signaal, les of besluit.")
	}
	for name, dst := range map[string]*time.Time{"van": &f.From, "tot": &f.To} {
		if v := q.Get(name); v != "" {
			t, err := time.Parse("2006-01-02", v)
			if err != nil {
				return requestError(http.StatusBadRequest, "Ongeldige queryparameter %s: gebruik JJJJ-MM-DD.", name)
			}
			*dst = t
		}
	}
	es, err := h.Learning.Entries(r.Context(), f)
	if err != nil {
		return err
	}
	if es, err = paginate(w, r, es, 100); err != nil {
		return err
	}
	out := make([]entryJSON, len(es))
	for i, e := range es {
		out[i] = toEntry(e)
	}
	return respond(w, http.StatusOK, out)
}

func (h *Handler) getEntry(w http.ResponseWriter, r *http.Request, _ *account.User) error {
	if err := h.needLearning(); err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return perspectief.Errorf(perspectief.CodeNotFound, "Logboekitem %q bestaat niet.", r.PathValue("id"))
	}
	e, err := h.Learning.Entry(r.Context(), id)
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK, toEntry(*e))
}

func (h *Handler) addEntry(w http.ResponseWriter, r *http.Request, u *account.User) error {
	if err := h.needLearning(); err != nil {
		return err
	}
	var req entryRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	d, err := time.Parse("2006-01-02", req.Date)
	if err != nil {
		return perspectief.Invalid("Het logboekitem is niet opgeslagen.",
			[]perspectief.FieldError{{Path: "datum", Message: "gebruik JJJJ-MM-DD"}})
	}
	e, err := h.Learning.Add(r.Context(), *u, learning.Entry{Kind: req.Kind, Date: d, Title: req.Title, Text: req.Text, Source: req.Source,
		Goals: req.Goals, Lines: req.Lines, Interventions: req.Interventions, Indicators: req.Indicators, Rounds: req.Rounds, Basis: req.Basis, Changes: req.Changes})
	if err != nil {
		return err
	}
	return respond(w, http.StatusCreated, toEntry(*e))
}

func (h *Handler) listVersions(w http.ResponseWriter, r *http.Request, _ *account.User) error {
	vs, err := h.Programme.Versions(r.Context())
	if err != nil {
		return err
	}
	if vs == nil {
		vs = []programme.Version{}
	}
	return respond(w, http.StatusOK, vs)
}

// versionJSON is one version with its whole programme and what differs
// between it and the current one.
type versionJSON struct {
	programme.Version
	SinceThen []programme.Difference `json:"verschil_met_nu"`
}

func (h *Handler) getVersion(w http.ResponseWriter, r *http.Request, _ *account.User) error {
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil {
		return perspectief.Errorf(perspectief.CodeNotFound, "Versie %q van het programma bestaat niet.", r.PathValue("n"))
	}
	v, diff, err := h.Programme.Version(r.Context(), n)
	if err != nil {
		return err
	}
	if diff == nil {
		diff = []programme.Difference{}
	}
	return respond(w, http.StatusOK, versionJSON{Version: *v, SinceThen: diff})
}
