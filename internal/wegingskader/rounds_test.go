package wegingskader

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"syscall"
	"testing"
	"time"
	"unsafe"
)

// The kinds of round the benchmark and the comparison with CBC generate.
const (
	kindIndependent = "onafhankelijk" // scores drawn apart from the amounts
	kindPanel       = "panel"         // 4 members score 9 criteria 0-3 under the shipped weights
	kindFixed       = "vastgezet"     // panel-like with a tenth fixed in and a tenth out
	kindCorrelated  = "volgtbedrag"   // the score follows the amount: the hard kind
)

var roundKinds = []string{kindIndependent, kindPanel, kindFixed, kindCorrelated}

// panelRound is a round as a panel makes it: per request a hidden quality,
// four members who score each of the nine criteria 0-3 around it, the
// weighted score of the shipped framework; amounts in multiples of € 5.000
// in a run of consecutive years; budgets 30 to 50% of what is asked.
func panelRound(r *rand.Rand, n, d int) Problem {
	f := Default()
	w := weightsOf(f)
	p := Problem{Capacity: make([]int64, d)}
	total := make([]int64, d)
	for range n {
		q := r.Float64() * 3
		var sum, wsum float64
		for ci, c := range f.Criteria {
			var s float64
			for range 4 {
				v := math.Round(q + r.NormFloat64()*0.8)
				s += math.Max(float64(c.Min()), math.Min(float64(c.Max()), v))
			}
			mean := s / 4
			sum += w[ci] * (mean - float64(c.Min())) / float64(c.Max()-c.Min())
			wsum += w[ci]
		}
		it := Item{Value: 100 * sum / wsum, Cost: make([]int64, d)}
		from := r.IntN(d)
		to := from + r.IntN(d-from)
		per := 5000 * (1 + r.Int64N(20))
		for k := from; k <= to; k++ {
			it.Cost[k] = per
			if r.IntN(3) == 0 {
				it.Cost[k] = 5000 * (1 + r.Int64N(20))
			}
			total[k] += it.Cost[k]
		}
		p.Items = append(p.Items, it)
	}
	tight := 0.3 + 0.2*r.Float64()
	for k := range d {
		p.Capacity[k] = int64(float64(total[k])*tight/5000) * 5000
	}
	return p
}

// fixSome fixes about a tenth of the requests in (while they fit) and a
// tenth out.
func fixSome(r *rand.Rand, p Problem) Problem {
	p.Fixed = make([]Fix, len(p.Items))
	used := make([]int64, len(p.Capacity))
	for i, it := range p.Items {
		switch r.IntN(10) {
		case 0:
			p.Fixed[i] = FixOut
		case 1:
			if addFits(it.Cost, used, p.Capacity) {
				p.Fixed[i] = FixIn
			}
		}
	}
	return p
}

// generateRound makes a round of kind with n requests over d years.
func generateRound(r *rand.Rand, kind string, n, d int) Problem {
	switch kind {
	case kindIndependent:
		return randomProblem(r, n, d, 0.3+0.2*r.Float64(), false)
	case kindPanel:
		return panelRound(r, n, d)
	case kindFixed:
		return fixSome(r, panelRound(r, n, d))
	case kindCorrelated:
		return correlate(r, randomProblem(r, n, d, 0.3+0.2*r.Float64(), false))
	}
	panic(kind)
}

// threadCPU is the CPU time of the calling thread.
func threadCPU() time.Duration {
	var ts syscall.Timespec
	const clockThreadCPUTime = 3
	if _, _, errno := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockThreadCPUTime, uintptr(unsafe.Pointer(&ts)), 0); errno != 0 {
		return 0
	}
	return time.Duration(ts.Nano())
}

// BenchmarkKies solves generated rounds of the four kinds with N = 30, 60,
// 100, 200 requests and Y = 1, 3, 5 years, each with a time budget of 2 s
// (WK_BENCH_TIJD), WK_BENCH_RONDES rounds per cell (default 20), and prints
// per cell the median, 95th percentile and worst CPU time of one search
// (the thread's own CPU time, so other load on the machine does not count)
// and the worst wall time, the share proven, and for unproven rounds the
// largest proven gap as a share of the value. Run it with
//
//	go test -run X -bench BenchmarkKies -benchtime 1x ./internal/wegingskader/
func BenchmarkKies(b *testing.B) {
	rounds := 20
	if v := os.Getenv("WK_BENCH_RONDES"); v != "" {
		fmt.Sscan(v, &rounds)
	}
	limit := 2 * time.Second
	if v := os.Getenv("WK_BENCH_TIJD"); v != "" {
		if d, err := time.ParseDuration(v); err == nil {
			limit = d
		}
	}
	kinds := roundKinds
	if v := os.Getenv("WK_BENCH_SOORT"); v != "" {
		kinds = []string{v}
	}
	// WK_BENCH_REF: solve every unproven round again for this long (from
	// scratch) and report how far the first choice is below the best
	// known of the two.
	var ref time.Duration
	if v := os.Getenv("WK_BENCH_REF"); v != "" {
		ref, _ = time.ParseDuration(v)
	}
	sizes := []int{30, 60, 100, 200}
	if v := os.Getenv("WK_BENCH_N"); v != "" {
		var n int
		fmt.Sscan(v, &n)
		sizes = []int{n}
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	for range b.N {
		fmt.Printf("%-14s %4s %2s %9s %9s %9s %9s %8s %9s %9s %12s\n", "soort", "N", "Y", "med-cpu", "p95-cpu", "max-cpu", "max-wall", "bewezen", "max-gat%", "knopen", "max-afstand%")
		for _, kind := range kinds {
			for _, n := range sizes {
				for _, d := range []int{1, 3, 5} {
					r := rand.New(rand.NewPCG(uint64(n), uint64(d)))
					var cpu []time.Duration
					var wall time.Duration
					proven := 0
					gap, dist := 0.0, 0.0
					var nodes int64
					for range rounds {
						p := generateRound(r, kind, n, d)
						ctx, cancel := context.WithTimeout(context.Background(), limit)
						c0, w0 := threadCPU(), time.Now()
						s, err := Solve(ctx, p)
						c1, w1 := threadCPU(), time.Now()
						cancel()
						if err != nil {
							b.Fatal(err)
						}
						cpu = append(cpu, c1-c0)
						wall = max(wall, w1.Sub(w0))
						nodes = max(nodes, s.Nodes)
						if s.Proven {
							proven++
						} else if s.Value > 0 {
							gap = max(gap, s.MaxShortfall()/s.Value*100)
							if ref > 0 {
								ctx, cancel := context.WithTimeout(context.Background(), ref)
								long, _ := Solve(ctx, p)
								cancel()
								best := max(long.Value, s.Value)
								dist = max(dist, (best-s.Value)/best*100)
							}
						}
					}
					slices.Sort(cpu)
					q := func(f float64) time.Duration { return cpu[min(len(cpu)-1, int(math.Ceil(f*float64(len(cpu))))-1)] }
					fmt.Printf("%-14s %4d %2d %9s %9s %9s %9s %5d/%-2d %9.3f %9d %12.4f\n", kind, n, d,
						q(0.5).Round(10*time.Microsecond), q(0.95).Round(10*time.Microsecond), cpu[len(cpu)-1].Round(10*time.Microsecond),
						wall.Round(10*time.Microsecond), proven, rounds, gap, nodes, dist)
				}
			}
		}
	}
}

// panelResults is a closed round of n requests over d years (2026 on) as
// a panel scores it (see panelRound), with its budget.
func panelResults(r *rand.Rand, n, d int) (Results, Amounts) {
	f := Default()
	w := weightsOf(f)
	res := Results{Framework: f}
	total := make([]int64, d)
	for i := range n {
		q := r.Float64() * 3
		rr := RequestResult{Request: Request{ID: int64(i + 1), Title: fmt.Sprintf("Aanvraag %d", i+1), Amounts: Amounts{}}}
		for _, c := range f.Criteria {
			var s float64
			for range 4 {
				v := math.Round(q + r.NormFloat64()*0.8)
				s += math.Max(float64(c.Min()), math.Min(float64(c.Max()), v))
			}
			rr.Criteria = append(rr.Criteria, CriterionResult{Criterion: c, Mean: s / 4, Scores: make([]MemberScore, 4)})
		}
		rr.Score = weighted(f, w, rr.Criteria, allMean)
		from := r.IntN(d)
		to := from + r.IntN(d-from)
		per := 5000 * (1 + r.Int64N(20))
		for k := from; k <= to; k++ {
			rr.Request.Amounts[2026+k] = per
			total[k] += per
		}
		res.Requests = append(res.Requests, rr)
	}
	budget := Amounts{}
	tight := 0.3 + 0.2*r.Float64()
	for k := range d {
		budget[2026+k] = int64(float64(total[k])*tight/5000) * 5000
	}
	return res, budget
}

// BenchmarkChoicePage computes what the choice page of a panel's round of
// 200 requests over 5 years computes, as the service does it: the proposal
// within DefaultChoiceTime and the 18 stability scenarios within one shared
// DefaultScenarioTime, all within DefaultPageTime, with a fresh Solver (the first view) and again (a
// second view, from memory). It reports the wall time of each view and how
// many of the 19 searches were proven.
func BenchmarkChoicePage(b *testing.B) {
	r := rand.New(rand.NewPCG(200, 5))
	var first, again, worst time.Duration
	proven := 0
	for i := range b.N {
		res, budget := panelResults(r, 200, 5)
		sv := &Solver{}
		view := func() (int, time.Duration) {
			start := time.Now()
			c, err := Choose(context.Background(), res, budget, nil, sv, DefaultChoiceTime)
			if err != nil {
				b.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), min(DefaultScenarioTime, DefaultPageTime-time.Since(start)))
			sc, err := Stability(ctx, res, budget, nil, c, sv, DefaultScenarioTime)
			cancel()
			if err != nil {
				b.Fatal(err)
			}
			n := 0
			if c.Proven {
				n++
			}
			for _, s := range sc {
				if s.Proven {
					n++
				}
			}
			return n, time.Since(start)
		}
		n, d := view()
		proven += n
		first += d
		worst = max(worst, d)
		_, d = view()
		again += d
		if i == 0 && len(res.Requests) != 200 {
			b.Fatal("not 200 requests")
		}
	}
	b.ReportMetric(float64(first.Milliseconds())/float64(b.N), "ms/eerste")
	b.ReportMetric(float64(worst.Milliseconds()), "ms/traagste")
	b.ReportMetric(float64(again.Microseconds())/1000/float64(b.N), "ms/tweede")
	b.ReportMetric(float64(proven)/float64(19*b.N)*100, "%bewezen")
}
