package programmeweb

import (
	"net/http"
	"time"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/web"

	"github.com/perspectief/perspectief/internal/programme"
)

type interventionView struct {
	web.Page
	Intervention programme.Intervention
	Line         programme.Line
	Goals        []programme.Goal
	CanEdit      bool
	CanAssign    bool // may assign the projectleiders
	Verdicts     []programme.ResultVerdict
	Stages       []programme.StageChange
	StageSince   *programme.StageChange // the newest entry of Stages
	CanChange    bool                   // may edit the intervention itself (beheerder, programmateam)
	History      []HistoryEntry         // the most recent updates, shown open
	Milestones   []MilestoneChangeRow   // the history of the milestones' status, newest first
	Older        []HistoryEntry         // the rest, folded so the page stays short
	Comments     CommentsBlock
}

// MilestoneChangeRow is one change of a milestone's status or date, with
// the name of who made it.
type MilestoneChangeRow struct {
	Title  string
	Status string
	Due    time.Time
	At     time.Time // zero: the state from before the history was kept
	By     string
}

// milestoneChanges lists the changes of an intervention's milestones,
// newest first, with names for people.
func (s *Pages) milestoneChanges(r *http.Request, code string, person func(string) string) ([]MilestoneChangeRow, error) {
	if s.Procesmonitor == nil {
		return nil, nil
	}
	ms, err := s.Procesmonitor.Milestones(r.Context(), code)
	if err != nil {
		return nil, err
	}
	hs, err := s.Procesmonitor.MilestoneHistory(r.Context(), code)
	if err != nil {
		return nil, err
	}
	titles := map[int64]string{}
	for _, m := range ms {
		titles[m.ID] = m.Title
	}
	out := make([]MilestoneChangeRow, 0, len(hs))
	for i := len(hs) - 1; i >= 0; i-- {
		h := hs[i]
		title, ok := titles[h.Milestone]
		if !ok {
			continue
		}
		out = append(out, MilestoneChangeRow{Title: title, Status: h.Status.Label(), Due: h.Due, At: h.At, By: person(h.Actor)})
	}
	return out, nil
}

// openUpdates is how many updates the intervention page shows unfolded: a
// year of tertials, enough to see the trend.
const openUpdates = 3

// HistoryEntry is one progress update with its result values paired with
// the descriptions of the intended results they report on.
type HistoryEntry struct {
	Update programme.Update
	Values []ValueRow
	Author string // the display name of Update.Author
}

// ValueRow is a reported value of an intended result.
type ValueRow struct {
	Code        string
	Description string
	Unit        string
	Target      string
	Value       string
}

// historyEntries pairs each update's values with the intended results and
// names its author with person.
func historyEntries(iv programme.Intervention, ups []programme.Update, person func(string) string) []HistoryEntry {
	results := map[string]programme.Result{}
	for _, res := range iv.Canvas.Results {
		results[res.Code] = res
	}
	out := make([]HistoryEntry, len(ups))
	for i, u := range ups {
		e := HistoryEntry{Update: u, Author: person(u.Author)}
		for _, val := range u.Values {
			res, ok := results[val.Result]
			if !ok {
				// The result was removed from the canvas later; the value
				// stays part of the record.
				res = programme.Result{Code: val.Result, Description: "(niet meer op het canvas)"}
			}
			e.Values = append(e.Values, ValueRow{Code: res.Code, Description: res.Description, Unit: res.Unit, Target: res.Target, Value: val.Value})
		}
		out[i] = e
	}
	return out
}

func (s *Pages) interventionPage(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	return s.showIntervention(w, r, rc, r.PathValue("code"), CommentForm{}, http.StatusOK)
}

func (s *Pages) showIntervention(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx, code string, form CommentForm, status int) error {
	m, iv, err := s.Programme.Intervention(r.Context(), code)
	if perspectief.ErrorCode(err) == perspectief.CodeNotFound {
		return s.showArchive(w, r, rc, code)
	}
	if err != nil {
		return err
	}
	ups, err := s.Programme.History(r.Context(), code)
	if err != nil {
		return err
	}
	line, ok := findLine(m, iv.Line)
	if !ok {
		line = programme.Line{Code: iv.Line}
	}
	v := interventionView{
		Page:         s.Page(r, rc, iv.Code+" "+iv.Title, "interventies"),
		Intervention: *iv,
		Line:         line,
		Goals:        goalRefs(m, iv.OperationalGoals),
		CanEdit:      rc.User.CanEditIntervention(iv.Leaders),
		CanAssign:    rc.User.CanAssignLeaders(),
		CanChange:    rc.User.CanEditProgramme(),
		Verdicts:     programme.Verdicts(*iv, ups, s.Programme.CurrentPeriod()),
	}
	if v.Stages, err = s.Programme.StageHistory(r.Context(), code); err != nil {
		return err
	}
	if n := len(v.Stages); n > 0 {
		v.StageSince = &v.Stages[n-1]
	}
	if v.Milestones, err = s.milestoneChanges(r, code, v.Person); err != nil {
		return err
	}
	all := historyEntries(*iv, ups, v.Person)
	if len(all) > openUpdates {
		v.History, v.Older = all[:openUpdates], all[openUpdates:]
	} else {
		v.History = all
	}
	v.Comments, err = s.commentsBlock(r, rc, "interventie", code, "/interventies/"+code+"/opmerkingen", form)
	if err != nil {
		return err
	}
	s.Render(w, r, status, "intervention", v)
	return nil
}

type archiveView struct {
	web.Page
	Archive  *programme.Archive
	Stages   []programme.StageChange
	Verdicts []programme.ResultVerdict
	History  []HistoryEntry
	Goals    []programme.Goal
}

// showArchive is the page of an intervention that was stopped or replaced:
// its last state, its history and the change that ended it. Only an
// intervention that never was in the programme is not found.
func (s *Pages) showArchive(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx, code string) error {
	a, err := s.Programme.Archived(r.Context(), code)
	if err != nil {
		return err
	}
	ups, err := s.Programme.History(r.Context(), code)
	if err != nil {
		return err
	}
	v := archiveView{Page: s.Page(r, rc, a.Intervention.Code+" "+a.Intervention.Title+" (archief)", "interventies"), Archive: a,
		Verdicts: programme.Verdicts(a.Intervention, ups, s.Programme.CurrentPeriod())}
	if v.Stages, err = s.Programme.StageHistory(r.Context(), code); err != nil {
		return err
	}
	v.History = historyEntries(a.Intervention, ups, v.Person)
	for _, g := range a.Intervention.OperationalGoals {
		v.Goals = append(v.Goals, programme.Goal{Code: g})
	}
	s.Render(w, r, http.StatusOK, "archive", v)
	return nil
}
