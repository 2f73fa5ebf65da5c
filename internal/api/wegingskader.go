package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	wk "github.com/perspectief/perspectief/internal/wegingskader"
)

// The wegingskader under /api/v1/wegingskader/: the framework, funding
// requests and assessment rounds. Who may see and do what is decided by
// the wegingskader service, exactly as for the pages: blind scoring holds
// here too.

func (h *Handler) wegingskaderRoutes() []route {
	wkr := func(f apiFunc) apiFunc {
		return func(w http.ResponseWriter, r *http.Request, u *account.User) error {
			if h.Wegingskader == nil {
				return &statusError{status: http.StatusServiceUnavailable,
					err: perspectief.Errorf(perspectief.CodeInternal, "Deze installatie heeft geen wegingskader.")}
			}
			return f(w, r, u)
		}
	}
	return []route{
		{"GET /api/v1/wegingskader/frameworks", wkr(h.listFrameworks)},
		{"POST /api/v1/wegingskader/frameworks", wkr(h.addFramework)},
		{"GET /api/v1/wegingskader/frameworks/{version}", wkr(h.getFramework)},
		{"GET /api/v1/wegingskader/requests", wkr(h.listRequests)},
		{"POST /api/v1/wegingskader/requests", wkr(h.addRequest)},
		{"GET /api/v1/wegingskader/requests/{id}", wkr(h.getRequest)},
		{"PUT /api/v1/wegingskader/requests/{id}", wkr(h.putRequest)},
		{"GET /api/v1/wegingskader/rounds", wkr(h.listRounds)},
		{"POST /api/v1/wegingskader/rounds", wkr(h.addRound)},
		{"GET /api/v1/wegingskader/rounds/{id}", wkr(h.getRound)},
		{"PUT /api/v1/wegingskader/rounds/{id}", wkr(h.putRound)},
		{"POST /api/v1/wegingskader/rounds/{id}/open", wkr(h.openRound)},
		{"POST /api/v1/wegingskader/rounds/{id}/close", wkr(h.closeRound)},
		{"GET /api/v1/wegingskader/rounds/{id}/scores", wkr(h.getSheet)},
		{"PUT /api/v1/wegingskader/rounds/{id}/scores/{request}", wkr(h.putScores)},
		{"POST /api/v1/wegingskader/rounds/{id}/submit", wkr(h.submitScores)},
		{"GET /api/v1/wegingskader/rounds/{id}/results", wkr(h.getResults)},
		{"GET /api/v1/wegingskader/rounds/{id}/choice", wkr(h.getChoice)},
		{"PUT /api/v1/wegingskader/rounds/{id}/fixes", wkr(h.putFixes)},
		{"POST /api/v1/wegingskader/rounds/{id}/decision", wkr(h.decide)},
		{"POST /api/v1/wegingskader/rounds/{id}/grants", wkr(h.grant)},
	}
}

func idParam(r *http.Request, name, what string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, perspectief.Errorf(perspectief.CodeNotFound, "%s %q bestaat niet", what, r.PathValue(name))
	}
	return id, nil
}

func list[T any](v []T) []T {
	if v == nil {
		return []T{}
	}
	return v
}

// ---- frameworks

func wkNormalFramework(f wk.Framework) wk.Framework {
	f.Groups, f.Criteria = list(f.Groups), list(f.Criteria)
	return f
}

func (h *Handler) listFrameworks(w http.ResponseWriter, r *http.Request, _ *account.User) error {
	fs, err := h.Wegingskader.Frameworks(r.Context())
	if err != nil {
		return err
	}
	for i := range fs {
		fs[i] = wkNormalFramework(fs[i])
	}
	return respond(w, http.StatusOK, fs)
}

func (h *Handler) getFramework(w http.ResponseWriter, r *http.Request, _ *account.User) error {
	v, err := strconv.Atoi(r.PathValue("version"))
	if err != nil || v <= 0 {
		return perspectief.Errorf(perspectief.CodeNotFound, "versie %q van het wegingskader bestaat niet", r.PathValue("version"))
	}
	f, err := h.Wegingskader.Framework(r.Context(), v)
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK, wkNormalFramework(*f))
}

// addFramework stores a new version from the YAML file in the body. The
// role is checked before the file is read.
func (h *Handler) addFramework(w http.ResponseWriter, r *http.Request, u *account.User) error {
	if err := account.Require(u.CanManageRounds(), "een nieuwe versie van het wegingskader vastlegt"); err != nil {
		return err
	}
	if err := requireContentType(r, yamlTypes...); err != nil {
		return err
	}
	data, err := readBody(w, r, wk.MaxFrameworkSize)
	if err != nil {
		return err
	}
	f, err := h.Wegingskader.AddFramework(r.Context(), *u, "wegingskader.yaml", data)
	if err != nil {
		return err
	}
	return respond(w, http.StatusCreated, wkNormalFramework(*f))
}

// ---- requests

// wkRequestInput is what a client sends to register or change a request.
type wkRequestInput struct {
	Applicant   string          `json:"aanvrager"`
	Title       string          `json:"titel"`
	Description string          `json:"omschrijving"`
	Amounts     wk.Amounts      `json:"bedragen"`
	TargetGroup wk.TargetGroup  `json:"doelgroep"`
	Goals       []string        `json:"tactische_doelen"`
	Attachments []wk.Attachment `json:"bijlagen"`
}

func (in wkRequestInput) request() wk.Request {
	return wk.Request{Applicant: in.Applicant, Title: in.Title, Description: in.Description, Amounts: in.Amounts,
		TargetGroup: in.TargetGroup, Goals: in.Goals, Attachments: in.Attachments}
}

func wkNormalRequest(rq wk.Request) wk.Request {
	rq.Goals, rq.Attachments = list(rq.Goals), list(rq.Attachments)
	if rq.Amounts == nil {
		rq.Amounts = wk.Amounts{}
	}
	return rq
}

func (h *Handler) listRequests(w http.ResponseWriter, r *http.Request, u *account.User) error {
	reqs, err := h.Wegingskader.Requests(r.Context(), *u)
	if err != nil {
		return err
	}
	out := make([]wk.Request, len(reqs))
	for i, rq := range reqs {
		out[i] = wkNormalRequest(rq)
	}
	return respond(w, http.StatusOK, out)
}

func (h *Handler) getRequest(w http.ResponseWriter, r *http.Request, u *account.User) error {
	id, err := idParam(r, "id", "aanvraag")
	if err != nil {
		return err
	}
	rq, err := h.Wegingskader.Request(r.Context(), *u, id)
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK, wkNormalRequest(*rq))
}

func (h *Handler) addRequest(w http.ResponseWriter, r *http.Request, u *account.User) error {
	var in wkRequestInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	rq, err := h.Wegingskader.AddRequest(r.Context(), *u, in.request())
	if err != nil {
		return err
	}
	return respond(w, http.StatusCreated, wkNormalRequest(*rq))
}

func (h *Handler) putRequest(w http.ResponseWriter, r *http.Request, u *account.User) error {
	id, err := idParam(r, "id", "aanvraag")
	if err != nil {
		return err
	}
	var in wkRequestInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	rq, err := h.Wegingskader.UpdateRequest(r.Context(), *u, id, in.request())
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK, wkNormalRequest(*rq))
}

// ---- rounds

func wkNormalRound(rd wk.Round) wk.Round {
	rd.Panel, rd.Requests, rd.Grants = list(rd.Panel), list(rd.Requests), list(rd.Grants)
	if rd.Fixed == nil {
		rd.Fixed = map[int64]wk.Fix{}
	}
	if rd.Budget == nil {
		rd.Budget = wk.Amounts{}
	}
	return rd
}

func (h *Handler) listRounds(w http.ResponseWriter, r *http.Request, u *account.User) error {
	rounds, err := h.Wegingskader.Rounds(r.Context(), *u)
	if err != nil {
		return err
	}
	out := make([]wk.Round, len(rounds))
	for i, rd := range rounds {
		out[i] = wkNormalRound(rd)
	}
	return respond(w, http.StatusOK, out)
}

func (h *Handler) getRound(w http.ResponseWriter, r *http.Request, u *account.User) error {
	id, err := idParam(r, "id", "ronde")
	if err != nil {
		return err
	}
	rd, err := h.Wegingskader.Round(r.Context(), *u, id)
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK, wkNormalRound(*rd))
}

func (h *Handler) addRound(w http.ResponseWriter, r *http.Request, u *account.User) error {
	var in wk.RoundInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	rd, err := h.Wegingskader.AddRound(r.Context(), *u, in)
	if err != nil {
		return err
	}
	return h.roundResponse(w, r, u, rd.ID, http.StatusCreated)
}

// roundResponse answers with the round as stored.
func (h *Handler) roundResponse(w http.ResponseWriter, r *http.Request, u *account.User, id int64, status int) error {
	rd, err := h.Wegingskader.Round(r.Context(), *u, id)
	if err != nil {
		return err
	}
	return respond(w, status, wkNormalRound(*rd))
}

func (h *Handler) putRound(w http.ResponseWriter, r *http.Request, u *account.User) error {
	id, err := idParam(r, "id", "ronde")
	if err != nil {
		return err
	}
	var in wk.RoundInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	if _, err := h.Wegingskader.UpdateRound(r.Context(), *u, id, in); err != nil {
		return err
	}
	return h.roundResponse(w, r, u, id, http.StatusOK)
}

// roundAction runs a state change of a round and answers with the round.
func (h *Handler) roundAction(w http.ResponseWriter, r *http.Request, u *account.User, act func(context.Context, account.User, int64) error) error {
	id, err := idParam(r, "id", "ronde")
	if err != nil {
		return err
	}
	if err := act(r.Context(), *u, id); err != nil {
		return err
	}
	return h.roundResponse(w, r, u, id, http.StatusOK)
}

func (h *Handler) openRound(w http.ResponseWriter, r *http.Request, u *account.User) error {
	return h.roundAction(w, r, u, h.Wegingskader.OpenRound)
}

func (h *Handler) closeRound(w http.ResponseWriter, r *http.Request, u *account.User) error {
	return h.roundAction(w, r, u, h.Wegingskader.CloseRound)
}

func (h *Handler) submitScores(w http.ResponseWriter, r *http.Request, u *account.User) error {
	return h.roundAction(w, r, u, h.Wegingskader.Submit)
}

// ---- scoring

type wkSheetJSON struct {
	Round       int64      `json:"ronde"`
	Member      string     `json:"lid"`
	SubmittedAt *time.Time `json:"ingediend_op"`
	Missing     int        `json:"ontbrekend"`
	Scores      []wk.Score `json:"scores"`
}

func (h *Handler) getSheet(w http.ResponseWriter, r *http.Request, u *account.User) error {
	id, err := idParam(r, "id", "ronde")
	if err != nil {
		return err
	}
	sh, err := h.Wegingskader.Sheet(r.Context(), *u, id)
	if err != nil {
		return err
	}
	out := wkSheetJSON{Round: id, Member: sh.Member.Email, SubmittedAt: sh.Member.SubmittedAt, Missing: sh.Missing(), Scores: []wk.Score{}}
	for _, rq := range sh.Requests {
		for _, c := range sh.Framework.Criteria {
			if sc, ok := sh.Scores[rq.ID][c.Code]; ok {
				out.Scores = append(out.Scores, sc)
			}
		}
	}
	return respond(w, http.StatusOK, out)
}

type wkScoresRequest struct {
	Scores []wk.ScoreInput `json:"scores"`
}

func (h *Handler) putScores(w http.ResponseWriter, r *http.Request, u *account.User) error {
	id, err := idParam(r, "id", "ronde")
	if err != nil {
		return err
	}
	req, err := idParam(r, "request", "aanvraag")
	if err != nil {
		return err
	}
	var in wkScoresRequest
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	if err := h.Wegingskader.SaveScores(r.Context(), *u, id, req, in.Scores); err != nil {
		return err
	}
	return h.getSheet(w, r, u)
}

// ---- outcome

type wkMemberScoreJSON struct {
	Member     string `json:"lid"`
	Expert     bool   `json:"ervaringsdeskundige"`
	Value      int    `json:"score"`
	Motivation string `json:"motivering"`
}

type wkCriterionResultJSON struct {
	Criterion  string              `json:"criterium"`
	Scores     []wkMemberScoreJSON `json:"scores"`
	Mean       float64             `json:"gemiddeld"`
	Spread     int                 `json:"spreiding"`
	WideSpread bool                `json:"veel_verschil"`
	ExpertMean *float64            `json:"gemiddeld_ervaringsdeskundigen"`
	OthersMean *float64            `json:"gemiddeld_anderen"`
	Divergent  bool                `json:"ervaringsdeskundigen_anders"`
}

type wkRequestResultJSON struct {
	Request     int64                   `json:"aanvraag"`
	Title       string                  `json:"titel"`
	Score       float64                 `json:"score"`
	ExpertScore *float64                `json:"score_ervaringsdeskundigen"`
	OthersScore *float64                `json:"score_anderen"`
	Divergent   []string                `json:"ervaringsdeskundigen_anders_op"`
	Criteria    []wkCriterionResultJSON `json:"criteria"`
}

type wkOverlapJSON struct {
	A     int64          `json:"a"`
	B     int64          `json:"b"`
	Group wk.TargetGroup `json:"doelgroep"`
	Goals []string       `json:"tactische_doelen"`
}

type wkResultsJSON struct {
	Round            int64                 `json:"ronde"`
	Status           wk.Status             `json:"status"`
	FrameworkVersion int                   `json:"kaderversie"`
	Visible          bool                  `json:"zichtbaar"`
	Reason           string                `json:"reden"`
	Members          []wk.Member           `json:"leden"`
	Requests         []wkRequestResultJSON `json:"aanvragen"`
	Overlaps         []wkOverlapJSON       `json:"overlap"`
}

func wkPtrIf(v float64, ok bool) *float64 {
	if !ok {
		return nil
	}
	return &v
}

func wkToResults(o *wk.Outcome) wkResultsJSON {
	out := wkResultsJSON{Round: o.Round.ID, Status: o.Round.Status, FrameworkVersion: o.Framework.Version, Visible: o.Visible, Reason: o.Reason,
		Members: list(o.Results.Members), Requests: []wkRequestResultJSON{}, Overlaps: []wkOverlapJSON{}}
	both := o.Results.HasExperts() && o.Results.HasOthers()
	for _, rr := range o.Results.Requests {
		rj := wkRequestResultJSON{Request: rr.Request.ID, Title: rr.Request.Title, Score: rr.Score,
			ExpertScore: wkPtrIf(rr.ExpertScore, both), OthersScore: wkPtrIf(rr.OthersScore, both), Divergent: list(rr.Divergent), Criteria: []wkCriterionResultJSON{}}
		for _, cr := range rr.Criteria {
			cj := wkCriterionResultJSON{Criterion: cr.Criterion.Code, Scores: []wkMemberScoreJSON{}, Mean: cr.Mean, Spread: cr.Spread, WideSpread: cr.WideSpread,
				ExpertMean: wkPtrIf(cr.ExpertMean, cr.Experts > 0), OthersMean: wkPtrIf(cr.OthersMean, cr.Others > 0), Divergent: cr.Divergent}
			for _, ms := range cr.Scores {
				cj.Scores = append(cj.Scores, wkMemberScoreJSON{Member: ms.Member.Email, Expert: ms.Member.Expert(), Value: ms.Value, Motivation: ms.Motivation})
			}
			rj.Criteria = append(rj.Criteria, cj)
		}
		out.Requests = append(out.Requests, rj)
	}
	for _, ov := range o.Overlaps {
		out.Overlaps = append(out.Overlaps, wkOverlapJSON{A: ov.A.ID, B: ov.B.ID, Group: ov.Group, Goals: ov.Goals})
	}
	return out
}

func (h *Handler) getResults(w http.ResponseWriter, r *http.Request, u *account.User) error {
	id, err := idParam(r, "id", "ronde")
	if err != nil {
		return err
	}
	o, err := h.Wegingskader.Outcome(r.Context(), *u, id)
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK, wkToResults(o))
}

type wkChoiceItemJSON struct {
	Request int64   `json:"aanvraag"`
	Title   string  `json:"titel"`
	Score   float64 `json:"score"`
	Fix     wk.Fix  `json:"vastgezet"`
	Chosen  bool    `json:"gekozen"`
	NoRoom  []int   `json:"past_niet_in"`
}

type wkScenarioJSON struct {
	Criterion string  `json:"criterium"`
	Factor    float64 `json:"factor"`
	In        []int64 `json:"erbij"`
	Out       []int64 `json:"eraf"`
	Total     float64 `json:"totaal"`
	Proven    bool    `json:"bewezen"`
	Shortfall float64 `json:"max_tekort"`
}

type wkChoiceJSON struct {
	Round       int64              `json:"ronde"`
	Years       []int              `json:"jaren"`
	Budget      wk.Amounts         `json:"budget"`
	Used        wk.Amounts         `json:"gebruikt"`
	Left        wk.Amounts         `json:"over"`
	Chosen      []int64            `json:"gekozen"`
	Total       float64            `json:"totaalscore"`
	GreedyTotal float64            `json:"totaalscore_lijst_per_euro"`
	Binding     []int              `json:"bindende_jaren"`
	Proven      bool               `json:"bewezen_optimaal"` // the old name of bewezen
	Proven2     bool               `json:"bewezen"`
	Shortfall   float64            `json:"max_tekort"`
	Items       []wkChoiceItemJSON `json:"aanvragen"`
	Stability   []wkScenarioJSON   `json:"stabiliteit"`
	Decision    *wk.Decision       `json:"besluit"`
}

func ids(reqs []wk.Request) []int64 {
	out := []int64{}
	for _, rq := range reqs {
		out = append(out, rq.ID)
	}
	return out
}

func (h *Handler) getChoice(w http.ResponseWriter, r *http.Request, u *account.User) error {
	id, err := idParam(r, "id", "ronde")
	if err != nil {
		return err
	}
	cv, err := h.Wegingskader.Choice(r.Context(), *u, id)
	if err != nil {
		return err
	}
	c := cv.Choice
	out := wkChoiceJSON{Round: id, Years: list(c.Years), Budget: c.Budget, Used: c.Used, Left: c.Left, Chosen: list(c.Chosen()), Total: c.Total,
		GreedyTotal: c.GreedyTotal, Binding: list(c.Binding), Proven: c.Proven, Proven2: c.Proven, Shortfall: wk.RoundShortfall(c.MaxShortfall), Items: []wkChoiceItemJSON{}, Stability: []wkScenarioJSON{}, Decision: cv.Round.Decision}
	for _, it := range c.Items {
		out.Items = append(out.Items, wkChoiceItemJSON{Request: it.Request.ID, Title: it.Request.Title, Score: it.Score, Fix: it.Fix, Chosen: it.Chosen, NoRoom: list(it.NoRoom)})
	}
	for _, sc := range cv.Scenarios {
		out.Stability = append(out.Stability, wkScenarioJSON{Criterion: sc.Criterion.Code, Factor: sc.Factor, In: ids(sc.In), Out: ids(sc.Out), Total: sc.Total,
			Proven: sc.Proven, Shortfall: wk.RoundShortfall(sc.MaxShortfall)})
	}
	return respond(w, http.StatusOK, out)
}

type wkFixesRequest struct {
	Fixes map[int64]wk.Fix `json:"vastgezet"`
}

func (h *Handler) putFixes(w http.ResponseWriter, r *http.Request, u *account.User) error {
	id, err := idParam(r, "id", "ronde")
	if err != nil {
		return err
	}
	var in wkFixesRequest
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	if err := h.Wegingskader.SetFixes(r.Context(), *u, id, in.Fixes); err != nil {
		return err
	}
	return h.getChoice(w, r, u)
}

type wkDecisionRequest struct {
	Motivation string `json:"motivering"`
}

func (h *Handler) decide(w http.ResponseWriter, r *http.Request, u *account.User) error {
	id, err := idParam(r, "id", "ronde")
	if err != nil {
		return err
	}
	var in wkDecisionRequest
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	d, err := h.Wegingskader.Decide(r.Context(), *u, id, in.Motivation)
	if err != nil {
		return err
	}
	d.Chosen = list(d.Chosen)
	return respond(w, http.StatusCreated, d)
}

type wkGrantRequest struct {
	Lines map[int64]string `json:"lijnen"`
}

func (h *Handler) grant(w http.ResponseWriter, r *http.Request, u *account.User) error {
	id, err := idParam(r, "id", "ronde")
	if err != nil {
		return err
	}
	var in wkGrantRequest
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	gs, err := h.Wegingskader.Grant(r.Context(), *u, id, in.Lines)
	if err != nil {
		return err
	}
	return respond(w, http.StatusCreated, list(gs))
}
