package wegingskader

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

func items(vc ...[]float64) []Item {
	out := make([]Item, len(vc))
	for i, x := range vc {
		it := Item{Value: x[0]}
		for _, c := range x[1:] {
			it.Cost = append(it.Cost, int64(c))
		}
		out[i] = it
	}
	return out
}

func chosen(s Solution) []int {
	var out []int
	for i, c := range s.Chosen {
		if c {
			out = append(out, i)
		}
	}
	return out
}

// TestSolveHandComputed checks cases worked out by hand.
func TestSolveHandComputed(t *testing.T) {
	cases := []struct {
		name       string
		p          Problem
		want       []int
		wantValue  float64
		greedy     []int // what a list by value per euro takes
		greedyBest bool  // whether that is optimal too
	}{
		{
			// Value per euro: A 7/6 = 1.17 before B and C at 1.0. Greedy
			// takes A, after which neither B nor C fits (6+5 > 10): 7. B
			// and C together fill the budget exactly: 10.
			name: "greedy is not optimal",
			p:    Problem{Items: items([]float64{7, 6}, []float64{5, 5}, []float64{5, 5}), Capacity: []int64{10}},
			want: []int{1, 2}, wantValue: 10,
			greedy: []int{0},
		},
		{
			// 2026 has room for A and B (5+5 = 10) but 2027 has not
			// (3+3 > 4): the 2027 budget binds. A with C costs 9 and 4
			// and is worth 9; A with B would be worth 12 but does not fit.
			name: "a year whose budget binds",
			p:    Problem{Items: items([]float64{6, 5, 3}, []float64{6, 5, 3}, []float64{3, 4, 1}), Capacity: []int64{10, 4}},
			want: []int{0, 2}, wantValue: 9,
			greedy:     []int{0, 2},
			greedyBest: true,
		},
		{
			name: "everything fits",
			p:    Problem{Items: items([]float64{1, 1, 1}, []float64{2, 1, 1}), Capacity: []int64{5, 5}},
			want: []int{0, 1}, wantValue: 3,
			greedy:     []int{0, 1},
			greedyBest: true,
		},
		{
			name: "nothing fits",
			p:    Problem{Items: items([]float64{5, 11}), Capacity: []int64{10}},
			want: nil, wantValue: 0,
			greedyBest: true,
		},
		{
			name: "a request scored 0 is not proposed",
			p:    Problem{Items: items([]float64{0, 1}, []float64{2, 1}), Capacity: []int64{10}},
			want: []int{1}, wantValue: 2,
			greedy:     []int{1},
			greedyBest: true,
		},
		{
			// Fixing C in leaves 5 for the rest: B (value 5) beats A,
			// which no longer fits.
			name: "fixed in",
			p:    Problem{Items: items([]float64{7, 6}, []float64{5, 5}, []float64{5, 5}), Capacity: []int64{10}, Fixed: []Fix{FixNone, FixNone, FixIn}},
			want: []int{1, 2}, wantValue: 10,
			greedy: []int{1, 2}, greedyBest: true,
		},
		{
			// Fixing B out: A alone (7) beats C alone (5).
			name: "fixed out",
			p:    Problem{Items: items([]float64{7, 6}, []float64{5, 5}, []float64{5, 5}), Capacity: []int64{10}, Fixed: []Fix{FixNone, FixOut, FixNone}},
			want: []int{0}, wantValue: 7,
			greedy: []int{0}, greedyBest: true,
		},
		{
			// A year without budget: only what costs nothing that year.
			name: "a year without budget",
			p:    Problem{Items: items([]float64{4, 3, 0}, []float64{5, 3, 1}), Capacity: []int64{10, 0}},
			want: []int{0}, wantValue: 4,
			greedy:     []int{0},
			greedyBest: true,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, err := Solve(context.Background(), c.p)
			if err != nil {
				t.Fatal(err)
			}
			if !s.Proven {
				t.Error("not proven optimal")
			}
			if got := chosen(s); !slices.Equal(got, c.want) {
				t.Errorf("chosen %v, want %v", got, c.want)
			}
			if math.Abs(s.Value-c.wantValue) > 1e-9 {
				t.Errorf("value %v, want %v", s.Value, c.wantValue)
			}
			for k := range c.p.Capacity {
				if s.Used[k] > c.p.Capacity[k] {
					t.Errorf("dimension %d: used %d of %d", k, s.Used[k], c.p.Capacity[k])
				}
			}
			g := Greedy(c.p)
			if got := chosen(g); !slices.Equal(got, c.greedy) {
				t.Errorf("greedy chose %v, want %v", got, c.greedy)
			}
			if (math.Abs(g.Value-s.Value) < 1e-9) != c.greedyBest {
				t.Errorf("greedy value %v, optimum %v; greedy optimal = %v, want %v", g.Value, s.Value, !c.greedyBest, c.greedyBest)
			}
		})
	}
}

func TestSolveInfeasibleFix(t *testing.T) {
	p := Problem{Items: items([]float64{1, 3, 5}, []float64{1, 3, 5}), Capacity: []int64{10, 8}, Fixed: []Fix{FixIn, FixIn}}
	_, err := Solve(context.Background(), p)
	var ie *InfeasibleError
	if !errors.As(err, &ie) {
		t.Fatalf("err = %v, want InfeasibleError", err)
	}
	if ie.Dim != 1 || ie.Need != 10 || ie.Have != 8 {
		t.Errorf("got %+v, want dimension 1, need 10, have 8", *ie)
	}
}

// bruteForce tries every subset.
func bruteForce(p Problem) float64 {
	n := len(p.Items)
	best := math.Inf(-1)
	for mask := 0; mask < 1<<n; mask++ {
		used := make([]int64, len(p.Capacity))
		var v float64
		ok := true
		for i := 0; i < n && ok; i++ {
			in := mask&(1<<i) != 0
			switch p.fix(i) {
			case FixIn:
				ok = in
			case FixOut:
				ok = !in
			}
			if in {
				v += p.Items[i].Value
				for k, c := range p.Items[i].Cost {
					used[k] += c
				}
			}
		}
		for k := range used {
			ok = ok && used[k] <= p.Capacity[k]
		}
		if ok && v > best {
			best = v
		}
	}
	return best
}

// correlate makes values follow the total amount asked (plus noise):
// the harder kind of knapsack, where no request is much better value for
// money than another.
func correlate(r *rand.Rand, p Problem) Problem {
	for i := range p.Items {
		var t int64
		for _, c := range p.Items[i].Cost {
			t += c
		}
		p.Items[i].Value = float64(t)/float64(len(p.Items[i].Cost))/2000 + 10*r.Float64()
	}
	return p
}

func randomProblem(r *rand.Rand, n, d int, tightness float64, fixes bool) Problem {
	p := Problem{Capacity: make([]int64, d)}
	total := make([]int64, d)
	for range n {
		it := Item{Value: math.Round(r.Float64()*10000) / 100}
		for k := range d {
			c := int64(0)
			if r.IntN(5) > 0 { // some requests ask nothing in some years
				c = 10_000 + r.Int64N(190_000)
			}
			it.Cost = append(it.Cost, c)
			total[k] += c
		}
		p.Items = append(p.Items, it)
	}
	for k := range d {
		p.Capacity[k] = int64(float64(total[k]) * tightness)
	}
	if fixes {
		p.Fixed = make([]Fix, n)
		for i := range p.Fixed {
			switch r.IntN(10) {
			case 0:
				p.Fixed[i] = FixOut
			case 1:
				p.Fixed[i] = FixIn
			}
		}
	}
	return p
}

// TestSolveMatchesBruteForce compares the optimum with every subset on
// small random rounds, with and without fixed requests.
func TestSolveMatchesBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for i := range 600 {
		n, d := 1+r.IntN(16), 1+r.IntN(5)
		p := randomProblem(r, n, d, 0.2+0.6*r.Float64(), i%2 == 0)
		if i%3 == 0 {
			p = correlate(r, p)
		}
		want := bruteForce(p)
		s, err := Solve(context.Background(), p)
		if math.IsInf(want, -1) {
			if err == nil {
				t.Fatalf("case %d: no feasible choice, but Solve found %v", i, chosen(s))
			}
			continue
		}
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		if math.Abs(s.Value-want) > 1e-6 {
			t.Fatalf("case %d (%d items, %d years): value %v, brute force %v\n%+v", i, n, d, s.Value, want, p)
		}
		if g := Greedy(p); g.Value > s.Value+1e-6 {
			t.Fatalf("case %d: greedy %v beats the optimum %v", i, g.Value, s.Value)
		}
	}
}

// BenchmarkSolve60 solves random rounds of 60 requests over one, three and
// five years with budgets of 30 to 50% of what is asked: with scores drawn
// apart from the amounts (as a panel's scores are), and with scores that
// follow the amounts (the hard kind). It reports the nodes searched, on
// average and at most.
func BenchmarkSolve60(b *testing.B) {
	for _, kind := range []string{"los", "gecorreleerd"} {
		for _, d := range []int{1, 3, 5} {
			benchSolve(b, kind, d)
		}
	}
}

func benchSolve(b *testing.B, kind string, d int) {
	b.Run(fmt.Sprintf("%s/%djaar", kind, d), func(b *testing.B) {
		r := rand.New(rand.NewPCG(1, uint64(d)))
		var probs []Problem
		for range 50 {
			p := randomProblem(r, 60, d, 0.3+0.2*r.Float64(), false)
			if kind == "gecorreleerd" {
				p = correlate(r, p)
			}
			probs = append(probs, p)
		}
		var nodes, worst int64
		var slowest time.Duration
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			start := time.Now()
			s, err := Solve(context.Background(), probs[i%len(probs)])
			if err != nil {
				b.Fatal(err)
			}
			slowest = max(slowest, time.Since(start))
			nodes += s.Nodes
			worst = max(worst, s.Nodes)
		}
		b.ReportMetric(float64(nodes)/float64(b.N), "nodes/op")
		b.ReportMetric(float64(worst), "maxnodes")
		b.ReportMetric(float64(slowest.Microseconds())/1000, "max-ms")
	})
}

// TestSolveStoppedStatesItsBound stops searches early (a cancelled
// context, a node limit) on hard rounds and checks that the choice fits,
// says it is not proven, and that its bound holds the true optimum.
func TestSolveStoppedStatesItsBound(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	unproven := 0
	for i := range 10 {
		p := correlate(r, randomProblem(r, 40, 3, 0.4, i%2 == 0))
		full, err := Solve(context.Background(), p)
		if errors.As(err, new(*InfeasibleError)) {
			continue
		}
		if err != nil || !full.Proven || full.MaxShortfall() != 0 || full.Bound != full.Value {
			t.Fatalf("round %d, unbounded search: proven %v, shortfall %v, err %v", i, full.Proven, full.MaxShortfall(), err)
		}
		for _, stop := range []struct {
			ctx   context.Context
			nodes int64
		}{{cancelled, 0}, {context.Background(), 5}} {
			q := p
			q.MaxNodes = stop.nodes
			cut, err := Solve(stop.ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			for k := range p.Capacity {
				if cut.Used[k] > p.Capacity[k] {
					t.Errorf("round %d: the unproven choice does not fit year %d", i, k)
				}
			}
			if cut.Value > full.Value+1e-9 || cut.Bound < full.Value-1e-9 {
				t.Errorf("round %d: value %v, bound %v; the optimum %v must lie between", i, cut.Value, cut.Bound, full.Value)
			}
			if cut.Proven != (cut.Value > full.Value-1e-9 && cut.Bound <= cut.Value+1e-9) {
				t.Errorf("round %d: proven %v with value %v, bound %v, optimum %v", i, cut.Proven, cut.Value, cut.Bound, full.Value)
			}
			if !cut.Proven {
				unproven++
				if cut.MaxShortfall() != cut.Bound-cut.Value || cut.MaxShortfall() <= 0 {
					t.Errorf("round %d: shortfall %v, bound %v, value %v", i, cut.MaxShortfall(), cut.Bound, cut.Value)
				}
			}
		}
	}
	if unproven == 0 {
		t.Error("no stopped search was left unproven: the test rounds are too easy")
	}
}

// TestSolveStartsFromAChoice gives the search a start that is optimal and
// stops it at once: it keeps the start.
func TestSolveStartsFromAChoice(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	p := correlate(r, randomProblem(r, 30, 3, 0.4, true))
	full, err := Solve(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	p.Start, p.MaxNodes = full.Chosen, 1
	s, err := Solve(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(s.Value-full.Value) > 1e-9 {
		t.Errorf("started from the optimum %v, ended at %v", full.Value, s.Value)
	}
	// A start that breaks a fix is not used.
	bad := slices.Clone(full.Chosen)
	for i, f := range p.Fixed {
		if f == FixOut {
			bad[i] = true
		}
	}
	p.Start = bad
	if s, err = Solve(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	for i, f := range p.Fixed {
		if f == FixOut && s.Chosen[i] {
			t.Fatalf("item %d is fixed out but chosen from the start", i)
		}
	}
}

func TestSolverKeepsResults(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 9))
	p := randomProblem(r, 30, 3, 0.4, false)
	var sv Solver
	a, err := sv.Solve(context.Background(), p, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	// The same problem built again is answered from memory: the same
	// choice, and no nodes are searched for it (Nodes is kept from the
	// first search, so compare the choice, then change a fix).
	q := randomProblem(rand.New(rand.NewPCG(8, 9)), 30, 3, 0.4, false)
	b, _ := sv.Solve(context.Background(), q, time.Second)
	if !slices.Equal(a.Chosen, b.Chosen) || len(sv.entries) != 1 {
		t.Fatalf("second search: %v (%d kept), first %v", b.Chosen, len(sv.entries), a.Chosen)
	}
	q.Fixed = make([]Fix, len(q.Items))
	q.Fixed[slices.Index(a.Chosen, true)] = FixOut
	c, _ := sv.Solve(context.Background(), q, time.Second)
	if len(sv.entries) != 2 || c.Chosen[slices.Index(a.Chosen, true)] {
		t.Fatalf("a fix is a different problem: %d kept, chosen %v", len(sv.entries), c.Chosen)
	}
}

func TestShortfallText(t *testing.T) {
	for v, want := range map[float64]string{
		0.31: "hoogstens 0,4 punt onder de best mogelijke keuze",
		0.4:  "hoogstens 0,4 punt onder de best mogelijke keuze",
		0.01: "hoogstens 0,1 punt onder de best mogelijke keuze",
		58.9: "hoogstens 58,9 punt onder de best mogelijke keuze",
	} {
		if got := ShortfallText(v); got != want {
			t.Errorf("ShortfallText(%v) = %q, want %q", v, got, want)
		}
	}
	if RoundShortfall(0.0001) != 0.001 || RoundShortfall(0) != 0 {
		t.Errorf("RoundShortfall rounds %v, %v", RoundShortfall(0.0001), RoundShortfall(0))
	}
}
