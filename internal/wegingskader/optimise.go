package wegingskader

import (
	"fmt"
	"math"
	"slices"
	"sort"
)

// This file holds the choice within the budget: a 0/1 knapsack with one
// capacity per year (a multi-dimensional knapsack), solved exactly by
// branch and bound. The bound at each node is the best of several
// surrogate relaxations: the years' constraints are added up with
// multipliers into one, and the fractional knapsack on that one constraint
// (take items by value per unit of weight, the last one in part) can never
// be beaten by a choice that fits every year. One set of multipliers is
// tuned at the root to make that bound as low as it goes, which brings it
// close to the bound of the linear relaxation; the others are each year on
// its own and all years alike.

// Item is one candidate: its value and its cost in each dimension (year).
type Item struct {
	Value float64
	Cost  []int64
}

// Problem is a knapsack with one capacity per dimension. Fixed, when not
// nil, holds per item whether the panel fixed it in or out.
type Problem struct {
	Items    []Item
	Capacity []int64
	Fixed    []Fix
	// MaxNodes, when above 0, stops the search after that many nodes; the
	// solution then says it is not proven optimal.
	MaxNodes int64
}

// Solution is an optimal choice.
type Solution struct {
	Chosen []bool
	Value  float64
	Used   []int64 // cost per dimension of the chosen items
	Nodes  int64   // branch-and-bound nodes visited, for benchmarks
	// Proven is false when the search stopped at MaxNodes: the choice fits,
	// but a better one may exist.
	Proven bool
}

// InfeasibleError says that the items fixed in cost more than the capacity
// of dimension Dim.
type InfeasibleError struct {
	Dim        int
	Need, Have int64
}

func (e *InfeasibleError) Error() string {
	return fmt.Sprintf("fixed items need %d in dimension %d, capacity %d", e.Need, e.Dim, e.Have)
}

// eps is the smallest improvement of the total value that counts. Values
// are weighted scores from 0 to 100, so anything this small is rounding.
const eps = 1e-9

func (p Problem) fix(i int) Fix {
	if p.Fixed == nil {
		return FixNone
	}
	return p.Fixed[i]
}

// Solve returns a choice of items with the highest total value whose cost
// fits the capacity in every dimension, with the items fixed in always and
// the items fixed out never chosen. Items of value 0 or less are only
// chosen when fixed in. Among choices of equal value, the one found first
// in the order of value per cost is kept.
func Solve(p Problem) (Solution, error) {
	n, d := len(p.Items), len(p.Capacity)
	sol := Solution{Chosen: make([]bool, n), Used: make([]int64, d)}
	rem := slices.Clone(p.Capacity)
	for i, it := range p.Items {
		if p.fix(i) == FixIn {
			sol.Chosen[i] = true
			sol.Value += it.Value
			for k := range d {
				rem[k] -= it.Cost[k]
				sol.Used[k] += it.Cost[k]
			}
		}
	}
	for k := range d {
		if rem[k] < 0 {
			return sol, &InfeasibleError{Dim: k, Need: sol.Used[k], Have: p.Capacity[k]}
		}
	}
	var cand []int
	for i, it := range p.Items {
		if p.fix(i) != FixNone || !(it.Value > 0) {
			continue
		}
		if fits(it.Cost, rem) {
			cand = append(cand, i)
		}
	}
	b := newSearch(p, cand, rem)
	b.maxNodes = p.MaxNodes
	b.run()
	for _, pos := range b.best {
		i := b.items[pos]
		sol.Chosen[i] = true
		sol.Value += p.Items[i].Value
		for k := range d {
			sol.Used[k] += p.Items[i].Cost[k]
		}
	}
	sol.Nodes = b.nodes
	sol.Proven = !b.stopped
	return sol, nil
}

func fits(cost, rem []int64) bool {
	for k, c := range cost {
		if c > rem[k] {
			return false
		}
	}
	return true
}

// search is one branch-and-bound run over the candidates. Positions are
// indices into items, which is the branching order.
type search struct {
	items []int       // item index per position
	val   []float64   // value per position
	cost  [][]int64   // cost per position and dimension
	rem0  []int64     // capacity left for the candidates
	dims  []int       // dimensions with capacity left (the others bind nothing)
	relax []surrogate // the bounds
	norm  [][]float64 // cost per position and dimension as a share of rem0
	duals [][]float64 // Lagrange multipliers per depth, warm-started from the parent
	left  [][]float64 // capacity left as a share of rem0, per depth
	grad  []float64
	bestY []float64
	// forced holds, per position, whether reduced-cost fixing forced it in
	// or out in the current subtree; undo lists what to set free again.
	forced []int8
	undo   []int
	take   []int // positions taken on the current path
	best   []int
	bestV  float64
	nodes  int64
	// maxNodes and stopped bound the search (0: no bound).
	maxNodes int64
	stopped  bool
}

// surrogate is one relaxation: multipliers per dimension, the weight of
// each position under them, and the positions in order of value per
// weight.
type surrogate struct {
	mult   []float64
	weight []float64
	order  []int
}

func newSearch(p Problem, cand []int, rem []int64) *search {
	s := &search{rem0: rem, bestV: 0}
	for k, c := range rem {
		if c > 0 {
			s.dims = append(s.dims, k)
		}
	}
	// Branch in the order of value per share of the budget, so that the
	// first dive is a good greedy choice and pruning starts early.
	share := func(i int) float64 {
		var w float64
		for _, k := range s.dims {
			w += float64(p.Items[i].Cost[k]) / float64(rem[k])
		}
		return w
	}
	order := slices.Clone(cand)
	sort.SliceStable(order, func(a, b int) bool {
		return ratio(p.Items[order[a]].Value, share(order[a])) > ratio(p.Items[order[b]].Value, share(order[b]))
	})
	s.items = order
	for _, i := range order {
		s.val = append(s.val, p.Items[i].Value)
		s.cost = append(s.cost, p.Items[i].Cost)
		a := make([]float64, len(rem))
		for _, k := range s.dims {
			a[k] = float64(p.Items[i].Cost[k]) / float64(rem[k])
		}
		s.norm = append(s.norm, a)
	}
	s.duals = make([][]float64, len(order)+1)
	s.left = make([][]float64, len(order)+1)
	for i := range s.duals {
		s.duals[i] = make([]float64, len(rem))
		s.left[i] = make([]float64, len(rem))
	}
	s.grad = make([]float64, len(rem))
	s.bestY = make([]float64, len(rem))
	s.forced = make([]int8, len(order))
	if len(s.dims) > 0 && len(order) > 0 {
		uniform := make([]float64, len(rem))
		for _, k := range s.dims {
			uniform[k] = 1 / float64(len(s.dims))
		}
		s.relax = append(s.relax, s.surrogate(uniform))
		if len(s.dims) > 1 {
			for _, k := range s.dims {
				m := make([]float64, len(rem))
				m[k] = 1
				s.relax = append(s.relax, s.surrogate(m))
			}
			s.relax = append(s.relax, s.surrogate(s.tune(uniform)))
		}
	}
	return s
}

func ratio(v, w float64) float64 {
	if w <= 0 {
		return math.Inf(1)
	}
	return v / w
}

func (s *search) surrogate(mult []float64) surrogate {
	sg := surrogate{mult: mult, weight: make([]float64, len(s.val)), order: make([]int, len(s.val))}
	for pos := range s.val {
		var w float64
		for _, k := range s.dims {
			w += mult[k] * float64(s.cost[pos][k]) / float64(s.rem0[k])
		}
		sg.weight[pos] = w
		sg.order[pos] = pos
	}
	sort.SliceStable(sg.order, func(a, b int) bool {
		pa, pb := sg.order[a], sg.order[b]
		return ratio(s.val[pa], sg.weight[pa]) > ratio(s.val[pb], sg.weight[pb])
	})
	return sg
}

// capacity is the surrogate capacity when rem is left in each dimension.
func (sg *surrogate) capacity(s *search, rem []int64) float64 {
	var c float64
	for _, k := range s.dims {
		c += sg.mult[k] * float64(rem[k]) / float64(s.rem0[k])
	}
	return c
}

// bound is the fractional knapsack value of the positions from..end under
// this relaxation with rem left.
func (sg *surrogate) bound(s *search, from int, rem []int64) float64 {
	left := sg.capacity(s, rem)
	var v float64
	for _, pos := range sg.order {
		if pos < from || s.forced[pos] == forcedOut {
			continue
		}
		w := sg.weight[pos]
		if w <= left {
			v += s.val[pos]
			left -= w
			continue
		}
		if w > 0 {
			v += s.val[pos] * left / w
		}
		break
	}
	return v
}

// tune lowers the root bound by moving weight between the multipliers of
// pairs of dimensions while that helps, with ever smaller steps: a simple
// search for the surrogate dual, whose optimum equals the bound of the
// linear relaxation.
func (s *search) tune(mult []float64) []float64 {
	m := slices.Clone(mult)
	rootBound := func(m []float64) float64 {
		sg := s.surrogate(m)
		return sg.bound(s, 0, s.rem0)
	}
	best := rootBound(m)
	for step := 0.5; step > 1.0/32; {
		improved := false
		for _, i := range s.dims {
			for _, j := range s.dims {
				if i == j || m[i] == 0 {
					continue
				}
				try := slices.Clone(m)
				delta := step * try[i]
				try[i] -= delta
				try[j] += delta
				if b := rootBound(try); b < best-eps {
					m, best, improved = try, b, true
				}
			}
		}
		if !improved {
			step /= 2
		}
	}
	return m
}

func (s *search) run() {
	if len(s.val) == 0 {
		return
	}
	rem := slices.Clone(s.rem0)
	s.dfs(0, 0, rem)
}

func (s *search) upper(from int, rem []int64) float64 {
	if len(s.relax) == 0 {
		// No dimension has capacity left: every candidate costs nothing.
		var v float64
		for pos := from; pos < len(s.val); pos++ {
			v += s.val[pos]
		}
		return v
	}
	b := math.Inf(1)
	for i := range s.relax {
		b = math.Min(b, s.relax[i].bound(s, from, rem))
	}
	// A margin against rounding, so that a bound never falls below the
	// true value of a choice.
	return b*(1+1e-12) + eps
}

// rootDuals sets y to the best point of the tuned surrogate's ray: its
// multipliers times the value per weight of the item the fractional
// knapsack splits, where the surrogate bound equals the Lagrangian one.
func (s *search) rootDuals(y []float64) {
	sg := &s.relax[len(s.relax)-1]
	left := sg.capacity(s, s.rem0)
	t := 0.0
	for _, pos := range sg.order {
		w := sg.weight[pos]
		if w > left {
			t = ratio(s.val[pos], w)
			break
		}
		left -= w
	}
	if math.IsInf(t, 0) {
		t = 0
	}
	for k := range y {
		y[k] = t * sg.mult[k]
	}
}

// lagrangeSteps is how many subgradient steps a node may take to prune.
const lagrangeSteps = 8

// Forced states of a position within a subtree.
const (
	free      int8 = 0
	forcedIn  int8 = 1
	forcedOut int8 = -1
)

// lagrange tries to prune the node at pos with the Lagrangian bound of the
// linear relaxation: for any multipliers y >= 0 (one per dimension), with
// d_i = v_i - sum_k y_k*a_ik the reduced value of item i,
//
//	L(y) = sum_k y_k*left_k + sum_(i forced in) d_i + sum_(i free) max(0, d_i)
//
// is at least the value of every choice in the subtree that fits, so the
// node is pruned as soon as some y gives cur + L(y) <= best. The
// multipliers start from the parent's and move by subgradient steps aimed
// at that target. When the node stays, the same bound fixes items for the
// whole subtree (reduced-cost fixing): an item whose inclusion would cost
// more than the slack L - target is forced out, one whose exclusion would is
// forced in. It reports whether the node is pruned, and appends the
// positions it forced to s.undo.
func (s *search) lagrange(pos int, cur float64, rem []int64) bool {
	if len(s.dims) < 2 {
		return false // one dimension: the surrogate bound is already the LP bound
	}
	y := s.duals[pos]
	if pos > 0 {
		copy(y, s.duals[pos-1])
	} else {
		s.rootDuals(y)
	}
	left := s.left[pos]
	for _, k := range s.dims {
		left[k] = float64(rem[k]) / float64(s.rem0[k])
	}
	target := s.bestV + eps - cur
	g := s.grad
	bestL := math.Inf(1)
	for step := 0; ; step++ {
		var l float64
		for _, k := range s.dims {
			l += y[k] * left[k]
			g[k] = left[k]
		}
		for i := pos; i < len(s.val); i++ {
			if s.forced[i] == forcedOut {
				continue
			}
			r := s.reduced(i, y)
			if r > 0 || s.forced[i] == forcedIn {
				l += r
				for _, k := range s.dims {
					g[k] -= s.norm[i][k]
				}
			}
		}
		l = l*(1+1e-12) + eps
		if l <= target {
			return true
		}
		if l < bestL {
			bestL = l
			copy(s.bestY, y)
		}
		var gg float64
		for _, k := range s.dims {
			gg += g[k] * g[k]
		}
		if gg == 0 || step == lagrangeSteps-1 {
			break
		}
		d := (l - target) / gg
		for _, k := range s.dims {
			y[k] = math.Max(0, y[k]-d*g[k])
		}
	}
	copy(y, s.bestY)
	slack := bestL - target
	for i := pos + 1; i < len(s.val); i++ {
		if s.forced[i] != free {
			continue
		}
		r := s.reduced(i, y)
		switch {
		case r < 0 && -r >= slack:
			s.forced[i] = forcedOut
		case r > 0 && r >= slack:
			s.forced[i] = forcedIn
		default:
			continue
		}
		s.undo = append(s.undo, i)
	}
	return false
}

func (s *search) reduced(i int, y []float64) float64 {
	r := s.val[i]
	for _, k := range s.dims {
		r -= y[k] * s.norm[i][k]
	}
	return r
}

func (s *search) dfs(pos int, cur float64, rem []int64) {
	s.nodes++
	if cur > s.bestV+eps {
		s.bestV = cur
		s.best = slices.Clone(s.take)
	}
	if s.maxNodes > 0 && s.nodes >= s.maxNodes {
		s.stopped = true
	}
	if s.stopped || pos == len(s.val) || cur+s.upper(pos, rem) <= s.bestV+eps {
		return
	}
	mark := len(s.undo)
	defer func() {
		for _, i := range s.undo[mark:] {
			s.forced[i] = free
		}
		s.undo = s.undo[:mark]
	}()
	if s.lagrange(pos, cur, rem) {
		return
	}
	if s.forced[pos] != forcedOut && fits(s.cost[pos], rem) {
		for k, c := range s.cost[pos] {
			rem[k] -= c
		}
		s.take = append(s.take, pos)
		s.dfs(pos+1, cur+s.val[pos], rem)
		s.take = s.take[:len(s.take)-1]
		for k, c := range s.cost[pos] {
			rem[k] += c
		}
	}
	if s.forced[pos] != forcedIn {
		s.dfs(pos+1, cur, rem)
	}
}

// Greedy is the choice a list sorted by value per euro gives: take the
// items in that order while they fit. It is shown next to the optimum to
// make clear why the optimum is computed, and is not used to choose.
func Greedy(p Problem) Solution {
	n, d := len(p.Items), len(p.Capacity)
	sol := Solution{Chosen: make([]bool, n), Used: make([]int64, d)}
	rem := slices.Clone(p.Capacity)
	take := func(i int) {
		sol.Chosen[i] = true
		sol.Value += p.Items[i].Value
		for k := range d {
			rem[k] -= p.Items[i].Cost[k]
			sol.Used[k] += p.Items[i].Cost[k]
		}
	}
	var order []int
	for i, it := range p.Items {
		switch {
		case p.fix(i) == FixIn:
			take(i)
		case p.fix(i) == FixNone && it.Value > 0:
			order = append(order, i)
		}
	}
	total := func(i int) float64 {
		var t int64
		for _, c := range p.Items[i].Cost {
			t += c
		}
		return float64(t)
	}
	sort.SliceStable(order, func(a, b int) bool {
		return ratio(p.Items[order[a]].Value, total(order[a])) > ratio(p.Items[order[b]].Value, total(order[b]))
	})
	for _, i := range order {
		if fits(p.Items[i].Cost, rem) {
			take(i)
		}
	}
	return sol
}
