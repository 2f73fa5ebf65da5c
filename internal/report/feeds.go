package report

import (
	"context"
	"slices"
	"time"

	"github.com/perspectief/perspectief/internal/datefmt"
	"github.com/perspectief/perspectief/internal/learning"
	"github.com/perspectief/perspectief/internal/procesmonitor"
	"github.com/perspectief/perspectief/internal/wegingskader"
)

// The feeds turn what the other parts of Perspectief keep into the
// report's sources; cmd/perspectief plugs them into Sources.

// ProcesmonitorSpending feeds the finance chapter from the procesmonitor:
// per line what is allocated, what was spent and what is available, in
// euros; nothing for a year without spending.
type ProcesmonitorSpending struct{ PM *procesmonitor.Service }

func (a ProcesmonitorSpending) Spending(ctx context.Context, year int) ([]Spending, error) {
	ls, err := a.PM.YearInEuros(ctx, year)
	if err != nil || ls == nil {
		return nil, err
	}
	out := make([]Spending, 0, len(ls))
	for _, l := range ls {
		out = append(out, Spending{Line: l.Line, Available: l.Available, Allocated: l.Allocated, Spent: l.Spent})
	}
	return out, nil
}

// WegingskaderRounds is what WegingskaderDecisions reads. store.DB
// satisfies it.
type WegingskaderRounds interface {
	Rounds(ctx context.Context) ([]wegingskader.Round, error)
	Requests(ctx context.Context) ([]wegingskader.Request, error)
}

// WegingskaderDecisions feeds the decisions of the wegingskader rounds
// decided in a year (by the day of the decision, in Dutch time): the
// requests chosen, each with its applicant and the euros it asked over
// all its years, and the motivation.
type WegingskaderDecisions struct{ Store WegingskaderRounds }

func (a WegingskaderDecisions) Decisions(ctx context.Context, year int) ([]Decision, error) {
	rounds, err := a.Store.Rounds(ctx)
	if err != nil {
		return nil, err
	}
	reqs, err := a.Store.Requests(ctx)
	if err != nil {
		return nil, err
	}
	byID := map[int64]wegingskader.Request{}
	for _, q := range reqs {
		byID[q.ID] = q
	}
	var out []Decision
	for _, r := range rounds {
		d := r.Decision
		if r.Status != wegingskader.StatusDecided || d == nil || d.DecidedAt.In(datefmt.Amsterdam).Year() != year {
			continue
		}
		rd := Decision{Round: r.Name, Date: d.DecidedAt, Motivation: d.Motivation}
		for _, id := range d.Chosen {
			q := byID[id]
			title := q.Title
			if q.Applicant != "" {
				title += " (" + q.Applicant + ")"
			}
			rd.Granted = append(rd.Granted, Grant{Title: title, Amount: float64(q.Amounts.Total())})
		}
		out = append(out, rd)
	}
	return out, nil
}

// LearningLessons feeds the learning log's lessons and decisions dated in
// a year (signals stay in the log), with the codes of what each concerns.
type LearningLessons struct{ Log learning.Reader }

func (a LearningLessons) Lessons(ctx context.Context, year int) ([]Lesson, error) {
	from, to := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC)
	var out []Lesson
	for _, k := range []learning.Kind{learning.Decision, learning.Lesson} {
		es, err := a.Log.Entries(ctx, learning.Filter{Kind: k, From: from, To: to})
		if err != nil {
			return nil, err
		}
		for _, e := range es {
			links := slices.Concat(e.Goals, e.Lines, e.Interventions, e.Indicators)
			for _, r := range e.Rounds {
				links = append(links, "ronde "+r)
			}
			out = append(out, Lesson{Date: e.Date, Kind: string(e.Kind), Title: e.Title, Text: e.Text, Links: links})
		}
	}
	return out, nil
}
