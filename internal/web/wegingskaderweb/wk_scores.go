package wegingskaderweb

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/perspectief/perspectief/internal/web"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/programme"
	wk "github.com/perspectief/perspectief/internal/wegingskader"
)

type wkSheetView struct {
	web.Page
	RoundHead
	Sheet   *wk.Sheet
	Rows    []wkSheetRow
	CanEdit bool
	Missing int
}

type wkSheetRow struct {
	Request  wk.Request
	Scored   int
	Complete bool
}

func (s *Pages) wkSheet(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	id, err := pathID(r, "id", "ronde")
	if err != nil {
		return err
	}
	sh, err := s.Wegingskader.Sheet(r.Context(), *rc.User, id)
	if err != nil {
		return err
	}
	v := wkSheetView{Page: s.Page(r, rc, "Mijn scores: "+sh.Round.Name, "wegingskader"), RoundHead: wkHead(*rc.User, sh.Round, "scores"), Sheet: sh,
		CanEdit: wk.CanScore(*rc.User, sh.Round), Missing: sh.Missing()}
	for _, rq := range sh.Requests {
		v.Rows = append(v.Rows, wkSheetRow{Request: rq, Scored: len(sh.Scores[rq.ID]), Complete: sh.Complete(rq.ID)})
	}
	s.Render(w, r, http.StatusOK, "wk_sheet", v)
	return nil
}

type wkScoreView struct {
	web.Page
	RoundHead
	Request  wk.Request
	Goals    []programme.Goal
	Fields   []wkScoreField
	ReadOnly bool
	Position int
	Count    int
	Next     int64
	Errors   []web.FieldErr
	Summary  string
}

type wkScoreField struct {
	Criterion  wk.Criterion
	Group      wk.Group
	Options    []wkOption
	Motivation string
	Chosen     string // "2 — Duidelijk: ..." for the read-only view
	Error      string
}

func (s *Pages) wkScoreForm(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	return s.showScoreForm(w, r, rc, http.StatusOK, nil, nil)
}

// showScoreForm shows the scoring form of one request; posted, when not
// nil, holds what the member sent (kept on an error).
func (s *Pages) showScoreForm(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx, status int, posted map[string]wk.ScoreInput, err error) error {
	id, perr := pathID(r, "id", "ronde")
	if perr != nil {
		return perr
	}
	rid, perr := pathID(r, "aanvraag", "aanvraag")
	if perr != nil {
		return perr
	}
	ctx := r.Context()
	sh, serr := s.Wegingskader.Sheet(ctx, *rc.User, id)
	if serr != nil {
		return serr
	}
	pos := -1
	for i, rq := range sh.Requests {
		if rq.ID == rid {
			pos = i
		}
	}
	if pos < 0 {
		return web.NotFoundf("aanvraag %d hoort niet bij ronde %q", rid, sh.Round.Name)
	}
	rq := sh.Requests[pos]
	goals, gerr := s.Wegingskader.TacticalGoals(ctx)
	if gerr != nil {
		return gerr
	}
	v := wkScoreView{Page: s.Page(r, rc, "Beoordelen: "+rq.Title, "wegingskader"), RoundHead: wkHead(*rc.User, sh.Round, "scores"),
		Request: rq, Goals: wkGoalRefs(goals, rq.Goals), ReadOnly: !wk.CanScore(*rc.User, sh.Round), Position: pos + 1, Count: len(sh.Requests)}
	if pos+1 < len(sh.Requests) {
		v.Next = sh.Requests[pos+1].ID
	}
	errs := map[string]string{}
	if err != nil {
		v.Title = "Fout: " + v.Title
		v.Summary = perspectief.ErrorMessage(err)
		v.Errors, errs = web.FormErrors(err, place(func(path string) (string, string) {
			if c, ok := sh.Framework.Criterion(path); ok {
				return "score-" + c.Code + "-" + strconv.Itoa(c.Min()), c.Code
			}
			return "inhoud", path
		}))
	}
	for _, c := range sh.Framework.Criteria {
		g, _ := sh.Framework.Group(c.Group)
		f := wkScoreField{Criterion: c, Group: g, Error: errs[c.Code]}
		chosen := ""
		if in, ok := posted[c.Code]; ok {
			f.Motivation = in.Motivation
			if in.Value != nil {
				chosen = strconv.Itoa(*in.Value)
			}
		} else if sc, ok := sh.Scores[rq.ID][c.Code]; ok {
			f.Motivation = sc.Motivation
			chosen = strconv.Itoa(sc.Value)
		}
		for _, l := range c.Scale {
			val := strconv.Itoa(l.Score)
			f.Options = append(f.Options, wkOption{ID: "score-" + c.Code + "-" + val, Value: val, Label: val, Hint: l.Meaning, Checked: val == chosen})
			if val == chosen {
				f.Chosen = val + " — " + l.Meaning
			}
		}
		v.Fields = append(v.Fields, f)
	}
	s.Render(w, r, status, "wk_score", v)
	return nil
}

func (s *Pages) wkScoreSave(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	id, err := pathID(r, "id", "ronde")
	if err != nil {
		return err
	}
	rid, err := pathID(r, "aanvraag", "aanvraag")
	if err != nil {
		return err
	}
	sh, err := s.Wegingskader.Sheet(r.Context(), *rc.User, id)
	if err != nil {
		return err
	}
	var in []wk.ScoreInput
	posted := map[string]wk.ScoreInput{}
	for _, c := range sh.Framework.Criteria {
		x := wk.ScoreInput{Criterion: c.Code, Motivation: r.PostFormValue("motivering-" + c.Code)}
		if t := strings.TrimSpace(r.PostFormValue("score-" + c.Code)); t != "" {
			n, err := strconv.Atoi(t)
			if err != nil {
				n = -1 // out of every scale: the service names the criterion
			}
			x.Value = &n
		}
		in = append(in, x)
		posted[c.Code] = x
	}
	err = s.Wegingskader.SaveScores(r.Context(), *rc.User, id, rid, in)
	if err != nil {
		if perspectief.ErrorCode(err) != perspectief.CodeInvalid {
			return err
		}
		return s.showScoreForm(w, r, rc, http.StatusUnprocessableEntity, posted, err)
	}
	next := roundURL(id, "/scores?melding=wk-scores")
	if n := r.PostFormValue("volgende"); n != "" {
		if nid, err := strconv.ParseInt(n, 10, 64); err == nil {
			next = roundURL(id, "/scores/"+strconv.FormatInt(nid, 10)+"?melding=wk-scores")
		}
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

func (s *Pages) wkSubmit(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	id, err := pathID(r, "id", "ronde")
	if err != nil {
		return err
	}
	if err := s.Wegingskader.Submit(r.Context(), *rc.User, id); err != nil {
		return err
	}
	http.Redirect(w, r, roundURL(id, "/uitslag?melding=wk-ingediend"), http.StatusSeeOther)
	return nil
}
