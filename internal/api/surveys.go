package api

import (
	"bytes"
	"net/http"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/survey"
)

func (h *Handler) needSurveys() error {
	if h.Surveys == nil {
		return &statusError{status: http.StatusServiceUnavailable, err: perspectief.Errorf(perspectief.CodeInternal, "Deze installatie heeft geen ervaringsonderzoek.")}
	}
	return nil
}

// waveJSON is a wave with its number of responses.
type waveJSON struct {
	survey.Wave
	Responses int `json:"antwoorden"`
}

func (h *Handler) listSurveys(w http.ResponseWriter, r *http.Request, _ *account.User) error {
	if err := h.needSurveys(); err != nil {
		return err
	}
	ws, err := h.Surveys.Waves(r.Context())
	if err != nil {
		return err
	}
	counts, err := h.Surveys.Store.ResponseCounts(r.Context())
	if err != nil {
		return err
	}
	out := make([]waveJSON, len(ws))
	for i, wv := range ws {
		out[i] = waveJSON{Wave: wv, Responses: counts[wv.Code]}
	}
	return respond(w, http.StatusOK, out)
}

// cellJSON is one result; a suppressed cell has no numbers.
type cellJSON struct {
	Area       string   `json:"gebied"`
	AreaName   string   `json:"gebiedsnaam"`
	N          *int     `json:"n"`
	Agree      *int     `json:"eens"`
	Share      *float64 `json:"aandeel"`
	Low        *float64 `json:"interval_laag"`
	High       *float64 `json:"interval_hoog"`
	Suppressed bool     `json:"onderdrukt"`
	Reason     string   `json:"reden,omitempty"`
}

type questionJSON struct {
	survey.Question
	Total  cellJSON   `json:"totaal"`
	ByArea []cellJSON `json:"per_gebied"`
}

type resultsJSON struct {
	Wave      survey.Wave    `json:"meting"`
	Responses int            `json:"ingevuld"`
	MinN      int            `json:"minimum_n"`
	Interval  string         `json:"interval"`
	Questions []questionJSON `json:"vragen"`
}

func toCell(c survey.Cell) cellJSON {
	out := cellJSON{Area: c.Area, AreaName: c.AreaName, Suppressed: c.Suppressed, Reason: c.Reason}
	if !c.Suppressed {
		n, a, s, lo, hi := c.N, c.Agree, 100*c.Share, 100*c.Low, 100*c.High
		out.N, out.Agree, out.Share, out.Low, out.High = &n, &a, &s, &lo, &hi
	}
	return out
}

func (h *Handler) getSurveyResults(w http.ResponseWriter, r *http.Request, _ *account.User) error {
	if err := h.needSurveys(); err != nil {
		return err
	}
	res, err := h.Surveys.Results(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	out := resultsJSON{Wave: res.Wave, Responses: res.Responses, MinN: res.MinN, Interval: "Wilson-scoreinterval, 95%"}
	for _, q := range res.Questions {
		qj := questionJSON{Question: q.Question, Total: toCell(q.Total), ByArea: []cellJSON{}}
		for _, c := range q.ByArea {
			if !c.Empty {
				qj.ByArea = append(qj.ByArea, toCell(c))
			}
		}
		out.Questions = append(out.Questions, qj)
	}
	return respond(w, http.StatusOK, out)
}

// importResponses reads a CSV body of answers into a published wave.
func (h *Handler) importResponses(w http.ResponseWriter, r *http.Request, u *account.User) error {
	if err := h.needSurveys(); err != nil {
		return err
	}
	if err := requireContentType(r, "text/csv"); err != nil {
		return err
	}
	body, err := readBody(w, r, survey.MaxCSVSize)
	if err != nil {
		return err
	}
	name := r.URL.Query().Get("bestand")
	if name == "" {
		name = "antwoorden.csv"
	}
	imp, err := h.Surveys.ImportCSV(r.Context(), *u, r.PathValue("code"), name, bytes.NewReader(body))
	if err != nil {
		return err
	}
	return respond(w, http.StatusCreated, map[string]int{"ingelezen": imp.Added, "al_ingelezen": imp.Known, "lege_regels": imp.Empty})
}
