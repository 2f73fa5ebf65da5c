package wegingskader

import (
	"errors"
	"fmt"
	"slices"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/numfmt"
)

// ChoiceItem is one request in the choice within the budget.
type ChoiceItem struct {
	Request  Request
	Score    float64
	Fix      Fix
	Chosen   bool
	InGreedy bool
	// NoRoom lists, for a request that was not chosen while it could have
	// been (not fixed out, a score above 0), the years in which it does not
	// fit what the choice leaves of the budget: the years that keep it out.
	NoRoom []int
}

// Choice is the proposal: the requests with the highest total weighted
// score that fit the budget of every year, with the panel's fixes.
type Choice struct {
	Years  []int
	Budget Amounts
	Used   Amounts
	Left   Amounts
	Items  []ChoiceItem // in the order of the results
	Total  float64
	// Binding lists the years whose budget keeps a request out.
	Binding []int
	// GreedyTotal is what a list by score per euro would reach, to show
	// what the exact optimum adds.
	GreedyTotal float64
	// Proven is false when the search hit its node limit.
	Proven bool
	Nodes  int64
	// Overlaps lists the overlapping pairs that are both in the choice.
	Overlaps []Overlap
}

// Chosen lists the ids of the chosen requests.
func (c Choice) Chosen() []int64 {
	var out []int64
	for _, it := range c.Items {
		if it.Chosen {
			out = append(out, it.Request.ID)
		}
	}
	return out
}

// DefaultMaxNodes bounds one search for the proposal, so that a page never
// waits minutes; random rounds of 60 requests need at most a few thousand
// nodes (see BenchmarkSolve60). A stability scenario, which only informs,
// gets a tenth of it.
const DefaultMaxNodes = 2_000_000

// problem builds the knapsack for scores (one per result request).
func problem(res Results, scores []float64, budget Amounts, fixed map[int64]Fix, maxNodes int64) Problem {
	years := budget.Years()
	p := Problem{Capacity: make([]int64, len(years)), MaxNodes: maxNodes}
	for k, y := range years {
		p.Capacity[k] = budget[y]
	}
	for i, rr := range res.Requests {
		it := Item{Value: scores[i], Cost: make([]int64, len(years))}
		for k, y := range years {
			it.Cost[k] = rr.Request.Amounts[y]
		}
		p.Items = append(p.Items, it)
		p.Fixed = append(p.Fixed, fixed[rr.Request.ID])
	}
	return p
}

func scoresOf(res Results) []float64 {
	out := make([]float64, len(res.Requests))
	for i, rr := range res.Requests {
		out[i] = rr.Score
	}
	return out
}

// Choose computes the proposal for res within budget (euros per year) with
// the panel's fixes. Requests asking money in a year without budget can
// only be chosen when they ask nothing that year.
func Choose(res Results, budget Amounts, fixed map[int64]Fix, maxNodes int64) (Choice, error) {
	p := problem(res, scoresOf(res), budget, fixed, maxNodes)
	sol, err := Solve(p)
	if err != nil {
		return Choice{}, infeasible(err, budget)
	}
	years := budget.Years()
	c := Choice{Years: years, Budget: budget, Used: Amounts{}, Left: Amounts{}, Total: sol.Value, Proven: sol.Proven, Nodes: sol.Nodes}
	for k, y := range years {
		c.Used[y] = sol.Used[k]
		c.Left[y] = budget[y] - sol.Used[k]
	}
	g := Greedy(p)
	c.GreedyTotal = g.Value
	var chosenReqs []Request
	for i, rr := range res.Requests {
		it := ChoiceItem{Request: rr.Request, Score: rr.Score, Fix: fixed[rr.Request.ID], Chosen: sol.Chosen[i], InGreedy: g.Chosen[i]}
		if it.Chosen {
			chosenReqs = append(chosenReqs, rr.Request)
		} else if it.Fix != FixOut && rr.Score > 0 {
			for _, y := range years {
				if rr.Request.Amounts[y] > c.Left[y] {
					it.NoRoom = append(it.NoRoom, y)
					if !slices.Contains(c.Binding, y) {
						c.Binding = append(c.Binding, y)
					}
				}
			}
		}
		c.Items = append(c.Items, it)
	}
	slices.Sort(c.Binding)
	c.Overlaps = Overlaps(chosenReqs)
	return c, nil
}

func infeasible(err error, budget Amounts) error {
	var ie *InfeasibleError
	if !errors.As(err, &ie) {
		return err
	}
	year := budget.Years()[ie.Dim]
	return perspectief.Errorf(perspectief.CodeConflict,
		"De vastgezette aanvragen vragen in %d samen %s, maar het budget voor %d is %s. Zet minder aanvragen vast.",
		year, Euros(ie.Need), year, Euros(ie.Have))
}

// Euros writes a whole amount the Dutch way: "€ 12.500".
func Euros(v int64) string { return "€ " + numfmt.Format(float64(v), 0, numfmt.Dutch) }

// Scenario is the choice with one weight changed.
type Scenario struct {
	Criterion Criterion
	Factor    float64 // the weight is multiplied by this
	In        []Request
	Out       []Request
	Total     float64
	Proven    bool
}

// Stable reports whether the scenario chooses the same requests.
func (s Scenario) Stable() bool { return len(s.In) == 0 && len(s.Out) == 0 }

// Label says in words what changed: "gewicht 1a +20%".
func (s Scenario) Label() string {
	return fmt.Sprintf("gewicht %s %+.0f%%", s.Criterion.Code, (s.Factor-1)*100)
}

// StabilityFactors are the changes of one weight that the stability check
// tries: 20% lower and 20% higher.
var StabilityFactors = []float64{0.8, 1.2}

// Stability recomputes the choice with each weight in turn 20% lower and
// 20% higher (the others unchanged) and lists per change which requests
// come in and which drop out compared with base. Criteria with weight 0
// are skipped: a fifth of nothing changes nothing.
func Stability(res Results, budget Amounts, fixed map[int64]Fix, base Choice, maxNodes int64) ([]Scenario, error) {
	f := res.Framework
	w := weightsOf(f)
	inBase := map[int64]bool{}
	for _, id := range base.Chosen() {
		inBase[id] = true
	}
	var out []Scenario
	for ci, c := range f.Criteria {
		if c.Weight == 0 {
			continue
		}
		for _, factor := range StabilityFactors {
			ww := slices.Clone(w)
			ww[ci] *= factor
			scores := make([]float64, len(res.Requests))
			for i, rr := range res.Requests {
				scores[i] = weighted(f, ww, rr.Criteria, allMean)
			}
			sol, err := Solve(problem(res, scores, budget, fixed, maxNodes/10))
			if err != nil {
				return nil, infeasible(err, budget)
			}
			sc := Scenario{Criterion: c, Factor: factor, Total: sol.Value, Proven: sol.Proven}
			for i, rr := range res.Requests {
				switch {
				case sol.Chosen[i] && !inBase[rr.Request.ID]:
					sc.In = append(sc.In, rr.Request)
				case !sol.Chosen[i] && inBase[rr.Request.ID]:
					sc.Out = append(sc.Out, rr.Request)
				}
			}
			out = append(out, sc)
		}
	}
	return out, nil
}
