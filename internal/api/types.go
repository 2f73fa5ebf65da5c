package api

import (
	"cmp"
	"maps"
	"net/http"
	"slices"
	"time"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/programme"
)

// The domain types of Update, Comment, Tree and Rollup carry no JSON names,
// so the API defines its own forms here, with the Dutch names used in the
// programme file. Lists are never null: clients should not need to tell
// "none" from "absent".

type updateJSON struct {
	ID           int64                   `json:"id"`
	Intervention string                  `json:"interventie"`
	Period       string                  `json:"periode"`
	Status       programme.Status        `json:"status"`
	StatusLabel  string                  `json:"status_label"`
	Narrative    string                  `json:"toelichting"`
	Successes    string                  `json:"successen"`
	Concerns     string                  `json:"zorgen"`
	Escalated    bool                    `json:"escaleren"`
	Reason       string                  `json:"escalatie_reden"`
	Values       []programme.ResultValue `json:"waarden"`
	Author       string                  `json:"auteur"`
	CreatedAt    time.Time               `json:"aangemaakt"`
}

func toUpdate(u programme.Update) updateJSON {
	return updateJSON{
		ID:           u.ID,
		Intervention: u.Intervention,
		Period:       u.Period.String(),
		Status:       u.Status,
		StatusLabel:  u.Status.Label(),
		Narrative:    u.Narrative,
		Successes:    u.Successes,
		Escalated:    u.Escalated,
		Reason:       u.EscalationReason,
		Concerns:     u.Concerns,
		Values:       nonNil(u.Values),
		Author:       u.Author,
		CreatedAt:    u.CreatedAt.UTC(),
	}
}

// progressRequest is the body of POST .../progress.
type progressRequest struct {
	Period    string                  `json:"periode"`
	Status    programme.Status        `json:"status"`
	Narrative string                  `json:"toelichting"`
	Successes string                  `json:"successen"`
	Concerns  string                  `json:"zorgen"`
	Escalated bool                    `json:"escaleren"`
	Reason    string                  `json:"escalatie_reden"`
	Values    []programme.ResultValue `json:"waarden"`
}

type commentJSON struct {
	ID         int64     `json:"id"`
	Kind       string    `json:"soort"`
	Code       string    `json:"code"`
	Text       string    `json:"tekst"`
	Author     string    `json:"auteur"`
	AuthorRole string    `json:"rol"`
	CreatedAt  time.Time `json:"aangemaakt"`
}

func toComment(c programme.Comment) commentJSON {
	return commentJSON{
		ID:         c.ID,
		Kind:       c.TargetKind,
		Code:       c.TargetCode,
		Text:       c.Text,
		Author:     c.Author,
		AuthorRole: c.AuthorRole,
		CreatedAt:  c.CreatedAt.UTC(),
	}
}

// commentRequest is the body of POST .../comments.
type commentRequest struct {
	Text string `json:"tekst"`
}

// interventionRef names an intervention where the whole canvas would only
// get in the way (tree, roll-up).
type interventionRef struct {
	Code    string   `json:"code"`
	Line    string   `json:"lijn"`
	Title   string   `json:"titel"`
	Leaders []string `json:"projectleiders,omitempty"`
	Owner   string   `json:"eigenaar,omitempty"`
}

func toRefs(ivs []programme.Intervention) []interventionRef {
	out := make([]interventionRef, len(ivs))
	for i, iv := range ivs {
		out[i] = interventionRef{Code: iv.Code, Line: iv.Line, Title: iv.Title, Leaders: iv.Leaders, Owner: iv.Owner}
	}
	return out
}

// goalDetail is one goal with what the tree links to it.
type goalDetail struct {
	programme.Goal
	Children      []string          `json:"onderliggende_doelen"`
	Interventions []interventionRef `json:"interventies"`
}

type treeJSON struct {
	Line     string            `json:"lijn,omitempty"`
	Roots    []treeNode        `json:"wortels"`
	Loose    []treeNode        `json:"los"`
	Unlinked []interventionRef `json:"niet_gekoppeld"`
}

type treeNode struct {
	programme.Goal
	Children      []treeNode        `json:"kinderen"`
	Interventions []interventionRef `json:"interventies"`
}

// toTreeNodes copies the tree. Goals may appear under several parents, but
// each link goes exactly one level down, so the recursion ends.
func toTreeNodes(ns []*programme.Node) []treeNode {
	out := make([]treeNode, len(ns))
	for i, n := range ns {
		out[i] = treeNode{Goal: n.Goal, Children: toTreeNodes(n.Children), Interventions: toRefs(n.Interventions)}
	}
	return out
}

type rollupJSON struct {
	Period        string           `json:"periode"`
	PeriodLabel   string           `json:"periode_label"`
	Lines         []lineRollupJSON `json:"lijnen"`
	Total         lineRollupJSON   `json:"totaal"`
	UnservedGoals []programme.Goal `json:"onbediende_doelen"`
}

type lineRollupJSON struct {
	Line          *programme.Line          `json:"lijn,omitempty"`
	Interventions int                      `json:"interventies"`
	ByStatus      map[programme.Status]int `json:"per_status"`
	NoUpdateCount int                      `json:"geen_update"`
	Concerns      []concernJSON            `json:"zorgen"`
	NoResults     []interventionRef        `json:"zonder_resultaten"`
	NoUpdate      []interventionRef        `json:"zonder_update"`
	Results       resultCountJSON          `json:"resultaten"`
}

// resultCountJSON counts the verdicts on numeric intended results.
type resultCountJSON struct {
	Met       int `json:"gehaald"`
	NotMet    int `json:"niet_gehaald"`
	NoMeasure int `json:"geen_meting"`
}

type concernJSON struct {
	Intervention interventionRef  `json:"interventie"`
	Status       programme.Status `json:"status"`
	Text         string           `json:"tekst"`
}

func toRollup(r programme.Rollup) rollupJSON {
	out := rollupJSON{
		Period:        r.Period.String(),
		PeriodLabel:   r.Period.Label(),
		Lines:         make([]lineRollupJSON, len(r.Lines)),
		Total:         toLineRollup(r.Total, nil),
		UnservedGoals: nonNil(r.UnservedGoals),
	}
	for i, lr := range r.Lines {
		out.Lines[i] = toLineRollup(lr, &lr.Line)
	}
	return out
}

func toLineRollup(lr programme.LineRollup, line *programme.Line) lineRollupJSON {
	// Every status is listed, zero or not, so that a client can draw the
	// same columns for every line.
	by := make(map[programme.Status]int, len(programme.Statuses))
	for _, s := range programme.Statuses {
		by[s] = lr.ByStatus[s]
	}
	cs := make([]concernJSON, len(lr.Concerns))
	for i, c := range lr.Concerns {
		cs[i] = concernJSON{Intervention: toRefs([]programme.Intervention{c.Intervention})[0], Status: c.Status, Text: c.Text}
	}
	return lineRollupJSON{
		Line:          line,
		Interventions: lr.Interventions,
		ByStatus:      by,
		NoUpdateCount: len(lr.NoUpdate),
		Concerns:      cs,
		NoResults:     toRefs(lr.NoResults),
		NoUpdate:      toRefs(lr.NoUpdate),
		Results:       resultCountJSON{lr.Results.Met, lr.Results.NotMet, lr.Results.NoMeasure},
	}
}

type budgetJSON struct {
	Available      []programme.BudgetRow `json:"beschikbaar"`
	Allocated      []programme.BudgetRow `json:"inzet"`
	Years          []int                 `json:"jaren"`
	TotalAvailable map[int]float64       `json:"totaal_beschikbaar"`
	TotalAllocated map[int]float64       `json:"totaal_inzet"`
}

func toBudget(b programme.Budget) budgetJSON {
	out := budgetJSON{
		Available:      normalRows(b.Available),
		Allocated:      normalRows(b.Allocated),
		TotalAvailable: map[int]float64{},
		TotalAllocated: map[int]float64{},
	}
	for _, r := range out.Available {
		for y, v := range r.Amounts {
			out.TotalAvailable[y] += v
		}
	}
	for _, r := range out.Allocated {
		for y, v := range r.Amounts {
			out.TotalAllocated[y] += v
		}
	}
	years := maps.Clone(out.TotalAvailable)
	maps.Copy(years, out.TotalAllocated)
	out.Years = slices.Sorted(maps.Keys(years))
	if out.Years == nil {
		out.Years = []int{}
	}
	return out
}

func normalRows(rows []programme.BudgetRow) []programme.BudgetRow {
	out := make([]programme.BudgetRow, len(rows))
	for i, r := range rows {
		if r.Amounts == nil {
			r.Amounts = map[int]float64{}
		}
		out[i] = r
	}
	return out
}

// normalModel returns a copy of m whose lists are empty rather than null,
// matching the schemas in openapi.json.
func normalModel(m *programme.Model) programme.Model {
	out := *m
	out.Goals = nonNil(m.Goals)
	out.Lines = nonNil(m.Lines)
	out.Interventions = make([]programme.Intervention, len(m.Interventions))
	for i, iv := range m.Interventions {
		out.Interventions[i] = normalIntervention(iv)
	}
	out.Budget.Available = normalRows(m.Budget.Available)
	out.Budget.Allocated = normalRows(m.Budget.Allocated)
	return out
}

func normalIntervention(iv programme.Intervention) programme.Intervention {
	iv.OperationalGoals = nonNil(iv.OperationalGoals)
	iv.Canvas.Results = nonNil(iv.Canvas.Results)
	return iv
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// sortComments puts comments in the order they were placed, whatever order
// the store returns them in.
func sortComments(cs []programme.Comment) {
	slices.SortStableFunc(cs, func(a, b programme.Comment) int {
		return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.ID, b.ID))
	})
}

// parsePeriodParam reads the optional ?periode= parameter; zero means "the
// current period".
func parsePeriodParam(s string) (perspectief.Period, error) {
	if s == "" {
		return perspectief.Period{}, nil
	}
	p, err := perspectief.ParsePeriod(s)
	if err != nil {
		return p, requestError(http.StatusBadRequest, "%s", perspectief.ErrorMessage(err))
	}
	return p, nil
}
