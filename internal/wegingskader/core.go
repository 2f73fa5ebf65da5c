package wegingskader

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
)

// The core search: a primal heuristic for rounds where the relaxation
// leaves many near-equal choices (scores that follow the amounts). The
// best choice differs from the relaxation's mostly in the requests whose
// reduced value is near zero, the core. It fixes every other request at
// the relaxation's value and searches the core exactly, starting from the
// best choice so far, for a bounded number of nodes. What it finds is an
// ordinary choice that fits, offered like any other; the bound of the
// main search does not depend on it, so exactness is untouched.

const (
	coreSize  = 28   // free requests in a core search
	coreNodes = 3000 // nodes of one core search
	coreFirst = 1024 // nodes of the main search before the second core search
	coreGrow  = 4    // and the factor between the node counts of later ones
)

// coreSearch searches the core around the relaxation's solution x with
// reduced values dj (per position) and offers what it finds.
func (b *bb) coreSearch(ctx context.Context, x, dj []float64) {
	if b.n <= coreSize/2 {
		return
	}
	free := make([]bool, b.n)
	idx := make([]int, 0, b.n)
	nfree := 0
	for j := range b.n {
		if b.root[j] >= 0 {
			continue
		}
		whole := x[j] < 1e-9 || x[j] > 1-1e-9
		if !whole || (x[j] > 0.5) != b.best[j] {
			free[j] = true
			nfree++
			continue
		}
		idx = append(idx, j)
	}
	sort.Slice(idx, func(p, q int) bool { return math.Abs(dj[idx[p]]) < math.Abs(dj[idx[q]]) })
	if b.cores > 0 {
		// Later searches take their core at random from the requests
		// nearest to the boundary, so that each looks somewhere else.
		r := rand.New(rand.NewPCG(uint64(b.cores), uint64(b.n)))
		near := idx[:min(len(idx), 3*coreSize)]
		r.Shuffle(len(near), func(p, q int) { near[p], near[q] = near[q], near[p] })
	}
	b.cores++
	for _, j := range idx {
		if nfree >= coreSize {
			break
		}
		free[j] = true
		nfree++
	}
	p := Problem{Items: make([]Item, b.n), Capacity: b.cap, Fixed: make([]Fix, b.n), Start: b.best,
		MaxNodes: coreNodes, noCore: true}
	for j := range b.n {
		p.Items[j] = Item{Value: b.val[j], Cost: b.cost[j]}
		switch {
		case b.root[j] == 0:
			p.Fixed[j] = FixOut
		case b.root[j] == 1:
			p.Fixed[j] = FixIn
		case free[j]:
		case x[j] > 0.5:
			p.Fixed[j] = FixIn
		default:
			p.Fixed[j] = FixOut
		}
	}
	sol, err := Solve(ctx, p)
	if err != nil {
		return // the relaxation's items do not fit together: no core
	}
	if b.value(sol.Chosen) > b.bestV+tolerance(b.bestV) && b.feasible(sol.Chosen) {
		b.offer(sol.Chosen)
	}
}

// coreAtNode runs a core search around the relaxation the lp holds now.
func (b *bb) coreAtNode() {
	x := make([]float64, b.n)
	for j := range x {
		x[j] = b.lp.x(j, b.lo)
	}
	b.coreSearch(b.ctx, x, slices.Clone(b.lp.dj))
}
