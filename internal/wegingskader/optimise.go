package wegingskader

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"time"
)

// This file holds the choice within the budget: a 0/1 knapsack with one
// capacity per year (a multi-dimensional knapsack), solved by branch and
// bound on the bound of the linear relaxation (see lp.go):
//
//   - a strong start: the items in the order of value per cost priced by
//     the root's linear relaxation, taken while they fit, then improved by
//     adding, swapping and dropping items;
//   - per node, the exact bound of the linear relaxation from a small dual
//     simplex over the year rows, warm-started from the parent's basis. The
//     bound that prunes is the Lagrangian value L(y) at the simplex's year
//     prices y >= 0, which bounds every choice of the subtree whatever y is,
//     so the search stays exact even if the simplex stops early;
//   - branching on a request the relaxation takes in part, best bound first
//     with a dive (take it first) from every node picked;
//   - reduced-cost fixing at the root (for the whole search, again whenever a
//     better choice is found) and in every node (for its subtree);
//   - core searches (core.go): at the root and after 1024, 4096, ... nodes,
//     a small exact search over the requests near the relaxation's
//     boundary, the rest fixed, which finds the choices a local search
//     misses where scores follow the amounts;
//   - a time budget through the context: when it runs out, the best choice
//     so far comes with the highest bound of the nodes still open, so the
//     caller can say how far below the best possible choice it may be.
//
// Cover cuts were tried and left out (2026-12-08): on the generated rounds
// CBC's own knapsack-cover generator finds none on independent and
// score-follows-amount rounds, cardinality rows do not move their
// relaxation, and on panel rounds extended covers at the root closed 1 of
// a 15-point gap while making every node slower; all of CBC's cuts move
// the bound of a score-follows-amount round by 0.02%.

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
	// Start, when not nil, is a choice to start from (a stability scenario
	// starts from the base choice); it is used only when it fits and keeps
	// the fixes.
	Start []bool
	// MaxNodes, when above 0, stops the search after that many nodes (for
	// tests that need an unfinished search without timing).
	MaxNodes int64
	// noCore leaves out the core search (inside a core search).
	noCore bool
}

// Solution is the best choice found.
type Solution struct {
	Chosen []bool
	Value  float64
	Used   []int64 // cost per dimension of the chosen items
	Nodes  int64   // branch-and-bound nodes solved, for benchmarks
	// Proven says that no choice that fits has a higher value.
	Proven bool
	// Bound is the highest value any choice that fits may have, as far as
	// the search proved: Value when Proven.
	Bound float64
}

// MaxShortfall is how far the choice may at most be below the best
// possible one: 0 when proven.
func (s Solution) MaxShortfall() float64 {
	if s.Proven {
		return 0
	}
	return math.Max(0, s.Bound-s.Value)
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
// chosen when fixed in. When ctx ends first, it returns the best choice
// found with Proven false and the bound proven so far.
func Solve(ctx context.Context, p Problem) (Solution, error) {
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
	b := newBB(p, cand, rem)
	b.maxNodes = p.MaxNodes
	b.core = !p.noCore
	if p.Start != nil && len(p.Start) == n {
		start := make([]bool, len(cand))
		ok := true
		for i := range p.Items {
			if p.Start[i] != (p.fix(i) == FixIn) && p.fix(i) != FixNone {
				ok = false
			}
		}
		for pos, i := range cand {
			start[pos] = p.Start[i]
		}
		if ok && b.feasible(start) {
			b.offer(start)
		}
	}
	b.run(ctx)
	base := sol.Value
	for pos, in := range b.best {
		if !in {
			continue
		}
		i := cand[pos]
		sol.Chosen[i] = true
		sol.Value += p.Items[i].Value
		for k := range d {
			sol.Used[k] += p.Items[i].Cost[k]
		}
	}
	sol.Nodes = b.nodes
	sol.Bound = base + b.bound
	sol.Proven = b.bound <= b.bestV+tolerance(b.bestV)
	if sol.Proven {
		sol.Bound = sol.Value
	}
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

// tolerance is the margin within which a bound counts as no better than a
// value v: rounding of sums of a few hundred scores.
func tolerance(v float64) float64 { return eps + 1e-12*math.Abs(v) }

// bb is one branch-and-bound run over the candidates. Positions are
// indices into cand.
type bb struct {
	n, m int
	val  []float64
	cost [][]int64 // per position, per active dimension
	cap  []int64   // per active dimension
	a    []float64 // n*m: cost as a share of the capacity
	lp   *lp

	// Global state of the variables: -1 free, 0 or 1 fixed for the whole
	// search by reduced-cost fixing at the root.
	root      []int8
	rootY     []float64
	rootD     []float64
	rootBound float64
	order     []int // positions by value per priced cost at the root

	best  []bool
	bestV float64
	heap  nodeHeap
	nodes int64
	// bound is the highest bound of any part of the search not yet
	// finished when run returns.
	bound    float64
	maxNodes int64
	// core says to run core searches (see core.go); nextCore is the node
	// count of the next one, cores how many ran.
	core     bool
	nextCore int64
	cores    int
	ctx      context.Context

	// per node
	lo, hi []int8
	used   []int64
	sel    []bool // scratch for heuristics
	usedH  []int64
}

// decision is one variable fixed on the way to a node; decisions form a
// tree shared between nodes.
type decision struct {
	up  *decision
	pos int32
	val int8
}

type node struct {
	// cont says that the node is the child the dive goes on with, so that
	// lo, hi, used and the simplex still hold its parent's state.
	cont  bool
	dec   *decision
	basis []int32
	bound float64
	depth int32
}

type nodeHeap []*node

func (h nodeHeap) less(i, j int) bool {
	if h[i].bound != h[j].bound {
		return h[i].bound > h[j].bound
	}
	return h[i].depth > h[j].depth
}

func (h *nodeHeap) push(x *node) {
	*h = append(*h, x)
	i := len(*h) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !h.less(i, p) {
			break
		}
		(*h)[i], (*h)[p] = (*h)[p], (*h)[i]
		i = p
	}
}

func (h *nodeHeap) pop() *node {
	old := *h
	top := old[0]
	last := len(old) - 1
	old[0] = old[last]
	old[last] = nil
	*h = old[:last]
	i := 0
	for {
		l, r, m := 2*i+1, 2*i+2, i
		if l < last && h.less(l, m) {
			m = l
		}
		if r < last && h.less(r, m) {
			m = r
		}
		if m == i {
			break
		}
		(*h)[i], (*h)[m] = (*h)[m], (*h)[i]
		i = m
	}
	return top
}

func newBB(p Problem, cand []int, rem []int64) *bb {
	b := &bb{n: len(cand)}
	var dims []int
	for k, c := range rem {
		if c > 0 {
			dims = append(dims, k)
		}
	}
	b.m = len(dims)
	for _, k := range dims {
		b.cap = append(b.cap, rem[k])
	}
	b.a = make([]float64, b.n*b.m)
	for pos, i := range cand {
		b.val = append(b.val, p.Items[i].Value)
		c := make([]int64, b.m)
		for kk, k := range dims {
			c[kk] = p.Items[i].Cost[k]
			b.a[pos*b.m+kk] = float64(c[kk]) / float64(rem[k])
		}
		b.cost = append(b.cost, c)
	}
	b.root = make([]int8, b.n)
	for i := range b.root {
		b.root[i] = -1
	}
	b.lo, b.hi = make([]int8, b.n), make([]int8, b.n)
	b.used = make([]int64, b.m)
	b.usedH = make([]int64, b.m)
	b.sel = make([]bool, b.n)
	b.best = make([]bool, b.n)
	b.lp = newLP(b.n, b.m, b.val, b.a)
	b.rootD = make([]float64, b.n)
	return b
}

func (b *bb) feasible(sel []bool) bool {
	for k := range b.m {
		var u int64
		for pos, in := range sel {
			if in {
				u += b.cost[pos][k]
			}
		}
		if u > b.cap[k] {
			return false
		}
	}
	return true
}

func (b *bb) value(sel []bool) float64 {
	var v float64
	for pos, in := range sel {
		if in {
			v += b.val[pos]
		}
	}
	return v
}

// offer improves a choice that fits by local search and keeps it when it
// beats the best so far. It reports whether it did.
func (b *bb) offer(sel []bool) bool {
	b.improve(sel)
	v := b.value(sel)
	if v <= b.bestV+tolerance(b.bestV) {
		return false
	}
	b.bestV = v
	copy(b.best, sel)
	b.fixAtRoot()
	return true
}

// run searches; afterwards b.best is the best choice found and b.bound the
// bound proven.
func (b *bb) run(ctx context.Context) {
	if b.n == 0 {
		return
	}
	if b.m == 0 {
		// No dimension has capacity left: every candidate costs nothing.
		for i := range b.best {
			b.best[i] = true
		}
		b.bestV = b.value(b.best)
		b.bound = b.bestV
		return
	}
	deadline, hasDeadline := ctx.Deadline()
	stop := func() bool {
		if b.maxNodes > 0 && b.nodes >= b.maxNodes {
			return true
		}
		if b.nodes&31 != 0 {
			return false
		}
		if ctx.Err() != nil {
			return true
		}
		return hasDeadline && time.Now().After(deadline)
	}
	// The root.
	b.setNode(nil)
	b.nodes++
	b.lp.slackBasis()
	rb := b.lp.solve(b.lo, b.hi, false)
	copy(b.rootD, b.lp.dj)
	b.rootY = slices.Clone(b.lp.y)
	b.rootBound = rb
	b.order = make([]int, b.n)
	for i := range b.order {
		b.order[i] = i
	}
	price := func(pos int) float64 {
		var w float64
		for k := range b.m {
			w += b.rootY[k] * b.a[pos*b.m+k]
		}
		return ratio(b.val[pos], w)
	}
	sort.SliceStable(b.order, func(i, j int) bool { return price(b.order[i]) > price(b.order[j]) })
	// The strong start: greedy by priced value, then local search.
	for i := range b.sel {
		b.sel[i] = false
	}
	b.fill(b.sel, b.usedH)
	b.offer(slices.Clone(b.sel))
	b.fixAtRoot()
	b.bound = rb
	if rb <= b.bestV+tolerance(b.bestV) {
		b.bound = b.bestV
		return
	}
	b.ctx = ctx
	if b.core {
		b.nextCore = coreFirst
		b.coreAtNode()
	}
	b.heap.push(&node{basis: b.lp.basisCopy(), bound: rb})
	for len(b.heap) > 0 {
		nd := b.heap.pop()
		if nd.bound <= b.bestV+tolerance(b.bestV) {
			b.heap = b.heap[:0]
			break
		}
		// Dive from nd: take the fractional item first, push the other
		// branch.
		for nd != nil {
			if stop() {
				b.heap.push(nd)
				b.bound = math.Max(b.bestV, b.heap[0].bound)
				return
			}
			nd = b.expand(nd)
		}
	}
	b.bound = b.bestV
}

// setNode sets lo, hi and used for the decisions dec on top of the root's
// fixings. It reports false when the items fixed in do not fit.
func (b *bb) setNode(dec *decision) bool {
	for i, r := range b.root {
		if r < 0 {
			b.lo[i], b.hi[i] = 0, 1
		} else {
			b.lo[i], b.hi[i] = r, r
		}
	}
	for d := dec; d != nil; d = d.up {
		b.lo[d.pos], b.hi[d.pos] = d.val, d.val
	}
	for k := range b.used {
		b.used[k] = 0
	}
	for i := range b.lo {
		if b.lo[i] == 1 {
			for k, c := range b.cost[i] {
				b.used[k] += c
			}
		}
	}
	for k, u := range b.used {
		if u > b.cap[k] {
			return false
		}
	}
	return true
}

// expand solves the node's relaxation and returns the child to dive into,
// or nil when the node is done.
func (b *bb) expand(nd *node) *node {
	warm := false
	if nd.cont {
		j, v := nd.dec.pos, nd.dec.val
		b.lo[j], b.hi[j] = v, v
		if v == 1 {
			for k, c := range b.cost[j] {
				b.used[k] += c
			}
		}
		warm = true
	} else {
		if !b.setNode(nd.dec) {
			return nil
		}
		b.lp.setBasis(nd.basis)
	}
	b.nodes++
	bound := math.Min(b.lp.solve(b.lo, b.hi, warm), nd.bound)
	if bound <= b.bestV+tolerance(b.bestV) {
		return nil
	}
	// A choice from the relaxation: what it takes whole, then more by the
	// priced order.
	b.rounding()
	if b.core && b.nodes >= b.nextCore {
		b.nextCore *= coreGrow
		b.coreAtNode()
	}
	if bound <= b.bestV+tolerance(b.bestV) {
		return nil
	}
	// Reduced-cost fixing for the subtree.
	slack := bound - b.bestV - tolerance(b.bestV)
	dec := nd.dec
	depth := nd.depth
	for i := range b.n {
		if b.lo[i] == b.hi[i] || b.lp.isBasic(i) {
			continue
		}
		dj := b.lp.dj[i]
		if math.Abs(dj) < slack {
			continue
		}
		v := int8(0)
		if dj > 0 {
			v = 1
		}
		dec = &decision{up: dec, pos: int32(i), val: v}
		depth++
		b.lo[i], b.hi[i] = v, v
		if v == 1 {
			for k, c := range b.cost[i] {
				b.used[k] += c
				if b.used[k] > b.cap[k] {
					// No better choice in this subtree fits.
					return nil
				}
			}
		}
	}
	// Branch on the item the relaxation takes in part with the highest
	// value; when it takes none in part (the relaxation's choice is whole
	// but did not fit by rounding), on any free basic item, else on the
	// first free item.
	j := b.lp.fractional(b.lo, b.hi)
	if j < 0 {
		if b.lp.wholeFits(b.lo, b.hi, b.cost, b.cap) {
			sel := make([]bool, b.n)
			for i := range sel {
				sel[i] = b.lp.x(i, b.lo) > 0.5
			}
			b.offer(sel)
			if bound <= b.bestV+tolerance(b.bestV) {
				return nil
			}
		}
		for i := range b.n {
			if b.lo[i] != b.hi[i] {
				j = i
				break
			}
		}
		if j < 0 {
			return nil
		}
	}
	basis := b.lp.basisCopy()
	down := &node{dec: &decision{up: dec, pos: int32(j), val: 0}, basis: basis, bound: bound, depth: depth + 1}
	upFits := true
	for k, c := range b.cost[j] {
		if b.used[k]+c > b.cap[k] {
			upFits = false
		}
	}
	if !upFits {
		down.cont = true
		return down
	}
	b.heap.push(down)
	return &node{cont: true, dec: &decision{up: dec, pos: int32(j), val: 1}, basis: basis, bound: bound, depth: depth + 1}
}

// rounding offers the choice the node's relaxation makes: the items it
// takes whole (and those fixed in), then what fits in the priced order.
func (b *bb) rounding() {
	sel, used := b.sel, b.usedH
	copy(used, b.used)
	for i := range b.n {
		sel[i] = b.lo[i] == 1
	}
	for i := range b.n {
		if b.lo[i] == 0 && b.hi[i] == 1 && b.lp.x(i, b.lo) > 1-1e-9 && addFits(b.cost[i], used, b.cap) {
			sel[i] = true
		}
	}
	b.fillFree(sel, used)
	if b.value(sel) > b.bestV+tolerance(b.bestV) {
		b.offer(slices.Clone(sel))
	}
}

// addFits adds cost to used when it fits cap.
func addFits(cost, used, cap []int64) bool {
	for k, c := range cost {
		if used[k]+c > cap[k] {
			return false
		}
	}
	for k, c := range cost {
		used[k] += c
	}
	return true
}

// fill adds items in the priced order while they fit; used is set to the
// cost of sel first.
func (b *bb) fill(sel []bool, used []int64) {
	for k := range used {
		used[k] = 0
	}
	for i, in := range sel {
		if in {
			for k, c := range b.cost[i] {
				used[k] += c
			}
		}
	}
	for _, i := range b.order {
		if !sel[i] && addFits(b.cost[i], used, b.cap) {
			sel[i] = true
		}
	}
}

// fillFree is fill within the node: only items not fixed out.
func (b *bb) fillFree(sel []bool, used []int64) {
	for _, i := range b.order {
		if !sel[i] && b.hi[i] == 1 && addFits(b.cost[i], used, b.cap) {
			sel[i] = true
		}
	}
}

// improve is the local search of the strong start: add what fits, swap a
// chosen item for one of higher value that fits in its place, and swap one
// chosen item for two that fit in its place, until nothing improves.
func (b *bb) improve(sel []bool) {
	used := make([]int64, b.m)
	for rounds := 0; rounds < 100; rounds++ {
		b.fill(sel, used)
		improved := false
		for i := range b.n {
			if !sel[i] {
				continue
			}
			for k, c := range b.cost[i] {
				used[k] -= c
			}
			bestJ, bestGain := -1, eps
			for j := range b.n {
				if sel[j] || j == i || b.val[j]-b.val[i] <= bestGain {
					continue
				}
				if fitsIn(b.cost[j], used, b.cap) {
					bestJ, bestGain = j, b.val[j]-b.val[i]
				}
			}
			if bestJ >= 0 {
				sel[i], sel[bestJ] = false, true
				for k, c := range b.cost[bestJ] {
					used[k] += c
				}
				improved = true
				continue
			}
			for k, c := range b.cost[i] {
				used[k] += c
			}
		}
		if !improved {
			improved = b.dropOneAddTwo(sel, used)
		}
		if !improved {
			return
		}
	}
}

func fitsIn(cost, used, cap []int64) bool {
	for k, c := range cost {
		if used[k]+c > cap[k] {
			return false
		}
	}
	return true
}

// dropOneAddTwo tries to replace one chosen item by two that fit in its
// place and are worth more together; used is the cost of sel.
func (b *bb) dropOneAddTwo(sel []bool, used []int64) bool {
	if b.n > 400 {
		return false
	}
	var out []int
	for j := range b.n {
		if !sel[j] {
			out = append(out, j)
		}
	}
	for i := range b.n {
		if !sel[i] {
			continue
		}
		for k, c := range b.cost[i] {
			used[k] -= c
		}
		for x, j := range out {
			if !fitsIn(b.cost[j], used, b.cap) {
				continue
			}
			for k, c := range b.cost[j] {
				used[k] += c
			}
			for _, l := range out[x+1:] {
				if b.val[j]+b.val[l] > b.val[i]+eps && fitsIn(b.cost[l], used, b.cap) {
					for k, c := range b.cost[l] {
						used[k] += c
					}
					sel[i], sel[j], sel[l] = false, true, true
					return true
				}
			}
			for k, c := range b.cost[j] {
				used[k] -= c
			}
		}
		for k, c := range b.cost[i] {
			used[k] += c
		}
	}
	return false
}

// fixAtRoot fixes, for the whole search, every item whose reduced value at
// the root's prices shows that flipping it away from the root relaxation's
// choice cannot beat the best choice so far.
func (b *bb) fixAtRoot() {
	if b.rootY == nil {
		return
	}
	slack := b.rootBound - b.bestV - tolerance(b.bestV)
	for i, r := range b.root {
		if r >= 0 {
			continue
		}
		dj := b.rootD[i]
		if dj == 0 || math.Abs(dj) < slack {
			continue
		}
		if dj > 0 {
			b.root[i] = 1
		} else {
			b.root[i] = 0
		}
	}
}

func ratio(v, w float64) float64 {
	if w <= 0 {
		return math.Inf(1)
	}
	return v / w
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
