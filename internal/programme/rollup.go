package programme

import (
	"sort"

	"github.com/perspectief/perspectief"
)

// Rollup is the view the monitoring plan asks for per programme line and for
// the whole programme: interventions per status in a period, open concerns,
// and the gaps that need attention.
type Rollup struct {
	Period perspectief.Period
	Lines  []LineRollup // one per programme line, in model order
	Total  LineRollup   // the whole programme; Line is zero

	// Gaps for the programme as a whole.
	UnservedGoals []Goal // operational goals that no intervention serves
}

// LineRollup is the roll-up of one programme line (or of all of them).
type LineRollup struct {
	Line          Line
	Interventions int
	ByStatus      map[Status]int // latest status in the period; missing updates are not counted here
	Concerns      []Concern      // concerns of the latest update in the period, where any
	NoResults     []Intervention // interventions whose canvas names no intended result
	NoUpdate      []Intervention // interventions without an update in the period
	// Results counts the verdicts on the numeric intended results, by the
	// latest value reported up to and including the period.
	Results VerdictCount
}

// StatusCount returns the count for s, for templates.
func (r LineRollup) StatusCount(s Status) int { return r.ByStatus[s] }

// Concern is an open concern reported on an intervention.
type Concern struct {
	Intervention Intervention
	Text         string
	Status       Status
}

// Latest returns, per intervention, the newest update of period p. Updates
// are append-only, so a correction is simply a later update.
func Latest(updates []Update, p perspectief.Period) map[string]Update {
	latest := map[string]Update{}
	for _, u := range updates {
		if u.Period != p {
			continue
		}
		cur, ok := latest[u.Intervention]
		if !ok || u.CreatedAt.After(cur.CreatedAt) || (u.CreatedAt.Equal(cur.CreatedAt) && u.ID > cur.ID) {
			latest[u.Intervention] = u
		}
	}
	return latest
}

// ComputeRollup derives the roll-up for period p from the model and all
// progress updates.
func ComputeRollup(m *Model, updates []Update, p perspectief.Period) Rollup {
	latest := Latest(updates, p)
	prior := upTo(updates, p)
	r := Rollup{Period: p, Total: LineRollup{ByStatus: map[Status]int{}}}
	idx := map[string]int{}
	for i, l := range m.Lines {
		idx[l.Code] = i
		r.Lines = append(r.Lines, LineRollup{Line: l, ByStatus: map[Status]int{}})
	}
	for _, iv := range m.Interventions {
		targets := []*LineRollup{&r.Total}
		if i, ok := idx[iv.Line]; ok {
			targets = append(targets, &r.Lines[i])
		}
		u, has := latest[iv.Code]
		verdicts := Verdicts(iv, prior, p)
		for _, lr := range targets {
			lr.Interventions++
			lr.Results.Add(verdicts)
			if len(iv.Canvas.Results) == 0 {
				lr.NoResults = append(lr.NoResults, iv)
			}
			if !has {
				lr.NoUpdate = append(lr.NoUpdate, iv)
				continue
			}
			lr.ByStatus[u.Status]++
			if u.Concerns != "" && u.Status != StatusDone {
				lr.Concerns = append(lr.Concerns, Concern{Intervention: iv, Text: u.Concerns, Status: u.Status})
			}
		}
	}
	r.UnservedGoals = UnservedGoals(m)
	return r
}

// upTo are the updates of periods up to and including p.
func upTo(updates []Update, p perspectief.Period) []Update {
	var out []Update
	for _, u := range updates {
		if !p.Before(u.Period) {
			out = append(out, u)
		}
	}
	return out
}

// FilterArea keeps the interventions of m that work in the area named by
// filter (see Intervention.InArea); the roll-up of the result is the
// roll-up by area.
func (m *Model) FilterArea(filter string) *Model {
	if filter == "" {
		return m
	}
	c := *m
	c.Interventions = nil
	for _, iv := range m.Interventions {
		if iv.InArea(filter) {
			c.Interventions = append(c.Interventions, iv)
		}
	}
	return &c
}

// UnservedGoals lists the operational goals that no intervention names.
func UnservedGoals(m *Model) []Goal {
	served := map[string]bool{}
	for _, iv := range m.Interventions {
		for _, g := range iv.OperationalGoals {
			served[g] = true
		}
	}
	var out []Goal
	for _, g := range m.Goals {
		if g.Level == LevelOperational && !served[g.Code] {
			out = append(out, g)
		}
	}
	return out
}

// History returns the updates of one intervention, newest first.
func History(updates []Update, code string) []Update {
	var out []Update
	for _, u := range updates {
		if u.Intervention == code {
			out = append(out, u)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].CreatedAt.Equal(out[j].CreatedAt) {
			return out[i].CreatedAt.After(out[j].CreatedAt)
		}
		return out[i].ID > out[j].ID
	})
	return out
}
