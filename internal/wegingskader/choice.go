package wegingskader

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
	"time"

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
	// Proven is false when the search ran out of time before it proved
	// that no better choice exists; MaxShortfall then says how far below the
	// best possible choice this one may at most be.
	Proven       bool
	MaxShortfall float64
	Nodes        int64
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

// The time the searches for a choice may take: the proposal on a page,
// the stability scenarios together (side by side on the cores), all
// searches of one page view together, and the search before a decision
// is recorded, which must be proven. A page thus answers within a second
// even for a round of hundreds of requests on a busy machine, with room
// for reading the round and rendering; a panel's round of 200 requests
// over 5 years is usually proven in far less (see BenchmarkKies and
// BenchmarkWegingskaderChoicePage in internal/web).
const (
	DefaultChoiceTime   = 500 * time.Millisecond
	DefaultScenarioTime = 400 * time.Millisecond
	DefaultPageTime     = 600 * time.Millisecond
	DefaultDecideTime   = 5 * time.Second
)

// problem builds the knapsack for scores (one per result request).
func problem(res Results, scores []float64, budget Amounts, fixed map[int64]Fix) Problem {
	years := budget.Years()
	p := Problem{Capacity: make([]int64, len(years))}
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
//
// The search takes at most limit (and stops when ctx ends); solver, when
// not nil, keeps the result for the next call with the same problem.
func Choose(ctx context.Context, res Results, budget Amounts, fixed map[int64]Fix, solver *Solver, limit time.Duration) (Choice, error) {
	p := problem(res, scoresOf(res), budget, fixed)
	sol, err := solver.Solve(ctx, p, limit)
	if err != nil {
		return Choice{}, infeasible(err, budget)
	}
	years := budget.Years()
	c := Choice{Years: years, Budget: budget, Used: Amounts{}, Left: Amounts{}, Total: sol.Value, Proven: sol.Proven,
		MaxShortfall: sol.MaxShortfall(), Nodes: sol.Nodes}
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

// RoundShortfall rounds a largest possible shortfall up to three decimals,
// so that it never says less than was proven.
func RoundShortfall(v float64) float64 {
	if v <= 0 {
		return 0
	}
	return math.Ceil(v*1000-1e-9) / 1000
}

// ShortfallText says in words how far below the best possible choice a
// choice may be: "hoogstens 0,4 punt onder de best mogelijke keuze".
func ShortfallText(v float64) string {
	return "hoogstens " + FormatShortfall(v) + " punt onder de best mogelijke keuze"
}

// ShortfallText is ShortfallText of the choice's MaxShortfall.
func (c Choice) ShortfallText() string { return ShortfallText(c.MaxShortfall) }

// ShortfallText is ShortfallText of the scenario's MaxShortfall.
func (s Scenario) ShortfallText() string { return ShortfallText(s.MaxShortfall) }

// FormatShortfall writes a largest possible shortfall the Dutch way, with
// one decimal, rounded up so that it never says less than was proven:
// "0,4".
func FormatShortfall(v float64) string {
	up := math.Ceil(v*10-1e-9) / 10
	return numfmt.Format(math.Max(up, 0.1), 1, numfmt.Dutch)
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
	// Proven and MaxShortfall as for Choice.
	Proven       bool
	MaxShortfall float64
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
//
// Each scenario starts from the base choice (which fits the same budget
// and fixes) and may search for limit; they run side by side on the
// machine's cores.
func Stability(ctx context.Context, res Results, budget Amounts, fixed map[int64]Fix, base Choice, solver *Solver, limit time.Duration) ([]Scenario, error) {
	f := res.Framework
	w := weightsOf(f)
	inBase := map[int64]bool{}
	for _, id := range base.Chosen() {
		inBase[id] = true
	}
	start := make([]bool, len(res.Requests))
	for i, rr := range res.Requests {
		start[i] = inBase[rr.Request.ID]
	}
	type job struct {
		ci     int
		factor float64
	}
	var jobs []job
	for ci, c := range f.Criteria {
		if c.Weight == 0 {
			continue
		}
		for _, factor := range StabilityFactors {
			jobs = append(jobs, job{ci, factor})
		}
	}
	out := make([]Scenario, len(jobs))
	errs := make([]error, len(jobs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(jobs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for x := range next {
				jb := jobs[x]
				ww := slices.Clone(w)
				ww[jb.ci] *= jb.factor
				scores := make([]float64, len(res.Requests))
				for i, rr := range res.Requests {
					scores[i] = weighted(f, ww, rr.Criteria, allMean)
				}
				p := problem(res, scores, budget, fixed)
				p.Start = start
				sol, err := solver.Solve(ctx, p, limit)
				if err != nil {
					errs[x] = infeasible(err, budget)
					continue
				}
				sc := Scenario{Criterion: f.Criteria[jb.ci], Factor: jb.factor, Total: sol.Value, Proven: sol.Proven, MaxShortfall: sol.MaxShortfall()}
				for i, rr := range res.Requests {
					switch {
					case sol.Chosen[i] && !inBase[rr.Request.ID]:
						sc.In = append(sc.In, rr.Request)
					case !sol.Chosen[i] && inBase[rr.Request.ID]:
						sc.Out = append(sc.Out, rr.Request)
					}
				}
				out[x] = sc
			}
		}()
	}
	for x := range jobs {
		next <- x
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Solver runs searches for choices and keeps their results in memory, per
// problem (the round's requests with their scores under the weights, the
// budget and the fixes), so that a page shown again does not search again.
// A kept result is used when it was proven, or when it had at least the
// time now allowed; otherwise the search runs again, starting from it. The
// zero value is ready; a nil *Solver keeps nothing.
type Solver struct {
	mu      sync.Mutex
	entries map[[32]byte]solved
	order   [][32]byte
}

type solved struct {
	sol   Solution
	limit time.Duration
}

// solverKeep is how many results a Solver keeps; the oldest go first.
const solverKeep = 256

// Solve solves p within limit (0: until ctx ends), or returns the result
// kept for the same problem.
func (s *Solver) Solve(ctx context.Context, p Problem, limit time.Duration) (Solution, error) {
	if s == nil {
		return solveWithin(ctx, p, limit)
	}
	key := problemKey(p)
	s.mu.Lock()
	e, ok := s.entries[key]
	s.mu.Unlock()
	if ok && (e.sol.Proven || (limit > 0 && e.limit >= limit)) {
		return cloneSolution(e.sol), nil
	}
	if ok {
		p.Start = e.sol.Chosen
	}
	sol, err := solveWithin(ctx, p, limit)
	if err != nil {
		return sol, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.entries == nil {
		s.entries = map[[32]byte]solved{}
	}
	if _, had := s.entries[key]; !had {
		s.order = append(s.order, key)
		if len(s.order) > solverKeep {
			delete(s.entries, s.order[0])
			s.order = s.order[1:]
		}
	}
	s.entries[key] = solved{sol: cloneSolution(sol), limit: limit}
	return sol, nil
}

func solveWithin(ctx context.Context, p Problem, limit time.Duration) (Solution, error) {
	if limit > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, limit)
		defer cancel()
	}
	return Solve(ctx, p)
}

func cloneSolution(s Solution) Solution {
	s.Chosen = slices.Clone(s.Chosen)
	s.Used = slices.Clone(s.Used)
	return s
}

// problemKey is a digest of everything that decides a problem's optimum.
func problemKey(p Problem) [32]byte {
	h := sha256.New()
	var buf [8]byte
	put := func(v uint64) {
		binary.LittleEndian.PutUint64(buf[:], v)
		h.Write(buf[:])
	}
	put(uint64(len(p.Items)))
	put(uint64(len(p.Capacity)))
	for _, c := range p.Capacity {
		put(uint64(c))
	}
	for i, it := range p.Items {
		put(math.Float64bits(it.Value))
		for _, c := range it.Cost {
			put(uint64(c))
		}
		h.Write([]byte(p.fix(i)))
		h.Write([]byte{0})
	}
	var out [32]byte
	h.Sum(out[:0])
	return out
}
