package wegingskader

import "math"

// lp is the linear relaxation of a node: maximise sum v_j x_j subject to
// sum_j a_jk x_j + s_k = 1 for each of the m dimensions (costs as a share of
// the capacity), lo_j <= x_j <= hi_j and s_k >= 0. It is solved by a dual
// simplex with bounded variables over the m rows, written as the
// minimisation of c = -v: columns 0..n-1 are the items, n..n+m-1 the
// slacks. A node starts from its parent's basis; only the basis (m column
// numbers) is kept between nodes, the rest is rebuilt in O(n*m).
//
// The bound the search uses is not the simplex's objective but the
// Lagrangian value at the prices y = max(0, -pi):
//
//	L(y) = sum_k y_k + sum_j max over x_j in [lo_j, hi_j] of (v_j - y.a_j) x_j
//
// which is at least the value of every choice within the node for any
// y >= 0, and equals the relaxation's optimum at the simplex's optimal
// prices. So rounding in the simplex, or stopping it early, can only make
// the bound weaker, never wrong.
type lp struct {
	n, m int
	val  []float64
	a    []float64 // n*m

	basis   []int     // column per row
	row     []int     // row per column, -1 when not basic
	binv    []float64 // m*m, row-major
	pi      []float64 // simplex multipliers c_B B^-1
	d       []float64 // reduced cost per column (minimisation)
	xN      []float64 // value of each nonbasic column
	xB      []float64 // value of the basic column of each row
	y       []float64 // the prices of the bound
	dj      []float64 // v_j - y.a_j per item at those prices
	alphaR  []float64
	alphaQ  []float64
	work    []float64
	scratch []float64
	free    []int
	cand    []int
}

func newLP(n, m int, val, a []float64) *lp {
	l := &lp{n: n, m: m, val: val, a: a,
		basis: make([]int, m), row: make([]int, n+m), binv: make([]float64, m*m),
		pi: make([]float64, m), d: make([]float64, n+m), xN: make([]float64, n+m),
		xB: make([]float64, m), y: make([]float64, m), dj: make([]float64, n),
		alphaR: make([]float64, n+m), alphaQ: make([]float64, m), work: make([]float64, m*2*m),
		scratch: make([]float64, m)}
	l.slackBasis()
	return l
}

func (l *lp) slackBasis() {
	for k := range l.m {
		l.basis[k] = l.n + k
	}
}

func (l *lp) setBasis(b []int32) {
	for k, c := range b {
		l.basis[k] = int(c)
	}
}

func (l *lp) basisCopy() []int32 {
	out := make([]int32, l.m)
	for k, c := range l.basis {
		out[k] = int32(c)
	}
	return out
}

func (l *lp) isBasic(j int) bool { return l.row[j] >= 0 }

// col returns entry k of column j.
func (l *lp) col(j, k int) float64 {
	if j < l.n {
		return l.a[j*l.m+k]
	}
	if j-l.n == k {
		return 1
	}
	return 0
}

func (l *lp) cost(j int) float64 {
	if j < l.n {
		return -l.val[j]
	}
	return 0
}

// invert computes binv for the current basis by Gauss-Jordan elimination
// with partial pivoting; false when the basis is singular.
func (l *lp) invert() bool {
	m := l.m
	w := l.work // m rows of [B | I]
	for r := range m {
		for k := range m {
			w[r*2*m+k] = l.col(l.basis[k], r)
			w[r*2*m+m+k] = 0
		}
		w[r*2*m+m+r] = 1
	}
	for c := range m {
		p, pv := -1, 1e-11
		for r := c; r < m; r++ {
			if v := math.Abs(w[r*2*m+c]); v > pv {
				p, pv = r, v
			}
		}
		if p < 0 {
			return false
		}
		if p != c {
			for k := range 2 * m {
				w[p*2*m+k], w[c*2*m+k] = w[c*2*m+k], w[p*2*m+k]
			}
		}
		piv := w[c*2*m+c]
		for k := range 2 * m {
			w[c*2*m+k] /= piv
		}
		for r := range m {
			if r == c {
				continue
			}
			f := w[r*2*m+c]
			if f == 0 {
				continue
			}
			for k := range 2 * m {
				w[r*2*m+k] -= f * w[c*2*m+k]
			}
		}
	}
	for r := range m {
		copy(l.binv[r*m:(r+1)*m], w[r*2*m+m:r*2*m+2*m])
	}
	return true
}

// prices sets pi = c_B B^-1 and the reduced costs of every column.
func (l *lp) prices() {
	m := l.m
	for k := range m {
		l.pi[k] = 0
	}
	for r, j := range l.basis {
		c := l.cost(j)
		if c == 0 {
			continue
		}
		for k := range m {
			l.pi[k] += c * l.binv[r*m+k]
		}
	}
	for j := range l.n {
		d := -l.val[j]
		aj := l.a[j*m : (j+1)*m]
		for k, p := range l.pi {
			d -= p * aj[k]
		}
		l.d[j] = d
	}
	for k := range m {
		l.d[l.n+k] = -l.pi[k]
	}
}

// start rebuilds the simplex state from the basis for the bounds lo, hi:
// the nonbasic items at the bound their reduced cost asks for (which keeps
// the basis dual feasible), and the basic values. False when the basis
// cannot be used (singular, or a slack's price has the wrong sign).
func (l *lp) start(lo, hi []int8) bool {
	for j := range l.row {
		l.row[j] = -1
	}
	for r, j := range l.basis {
		if l.row[j] >= 0 {
			return false
		}
		l.row[j] = r
	}
	if !l.invert() {
		return false
	}
	l.prices()
	for k := range l.m {
		j := l.n + k
		if l.row[j] < 0 && l.d[j] < -1e-9 {
			return false
		}
	}
	m := l.m
	rhs := l.scratch
	for k := range m {
		rhs[k] = 1
	}
	for j := range l.n {
		if l.row[j] >= 0 {
			continue
		}
		switch {
		case lo[j] == hi[j]:
			l.xN[j] = float64(lo[j])
		case l.d[j] < 0:
			l.xN[j] = 1
		default:
			l.xN[j] = 0
		}
		if l.xN[j] != 0 {
			aj := l.a[j*m : (j+1)*m]
			for k := range m {
				rhs[k] -= l.xN[j] * aj[k]
			}
		}
	}
	for k := range m {
		l.xN[l.n+k] = 0
	}
	for r := range m {
		var v float64
		for k := range m {
			v += l.binv[r*m+k] * rhs[k]
		}
		l.xB[r] = v
	}
	return true
}

func (l *lp) bounds(j int, lo, hi []int8) (float64, float64) {
	if j < l.n {
		return float64(lo[j]), float64(hi[j])
	}
	return 0, math.Inf(1)
}

// Tolerances of the simplex: how far a basic value may lie outside its
// bounds, and how far a reduced cost may have the wrong sign.
const tolP, tolD = 1e-9, 1e-9

// solve runs the dual simplex for the bounds lo, hi from the basis set
// before and returns the bound L(y). Afterwards l.y and l.dj hold the
// prices and reduced values of that bound, and the basis is the final one.
//
// warm says that the simplex still holds the state it ended with for the
// parent node, and the bounds changed only for variables fixed where the
// parent's solution had them, or for one basic variable.
func (l *lp) solve(lo, hi []int8, warm bool) float64 {
	if warm && !l.stillWarm(lo, hi) {
		warm = false
	}
	if !warm && !l.start(lo, hi) {
		l.slackBasis()
		l.start(lo, hi)
	}
	free := l.freeColumns(lo, hi)
	maxIter := 50 + 4*l.n
	for range maxIter {
		r, delta := l.leavingRow(lo, hi)
		if r < 0 {
			break
		}
		q := l.enteringColumn(r, delta, free, lo, hi)
		if q < 0 {
			break
		}
		l.pivot(r, q, delta, free, lo, hi)
	}
	return l.lagrangianBound(lo, hi)
}

// stillWarm reports whether the state the simplex ended with can be kept:
// every nonbasic item the bounds fix is at the value they fix it to.
func (l *lp) stillWarm(lo, hi []int8) bool {
	for j := range l.n {
		if l.row[j] < 0 && lo[j] == hi[j] && l.xN[j] != float64(lo[j]) {
			return false
		}
	}
	return true
}

// freeColumns returns the columns that may enter: items not fixed, and the
// slacks.
func (l *lp) freeColumns(lo, hi []int8) []int {
	free := l.free[:0]
	for j := range l.n {
		if lo[j] != hi[j] {
			free = append(free, j)
		}
	}
	for k := range l.m {
		free = append(free, l.n+k)
	}
	l.free = free
	return free
}

// leavingRow returns the row whose basic value lies furthest outside its
// bounds, and how far above its bound (positive) or below it (negative);
// r < 0 when every basic value is within its bounds.
func (l *lp) leavingRow(lo, hi []int8) (r int, delta float64) {
	r, worst := -1, tolP
	for i, j := range l.basis {
		lb, ub := l.bounds(j, lo, hi)
		if v := lb - l.xB[i]; v > worst {
			r, delta, worst = i, l.xB[i]-lb, v
		}
		if v := l.xB[i] - ub; v > worst {
			r, delta, worst = i, l.xB[i]-ub, v
		}
	}
	return r, delta
}

// enteringColumn chooses the column that enters for leaving row r by a
// two-pass (Harris) ratio test: the largest pivot among the columns whose
// ratio is within the relaxed minimum. It leaves row r of B^-1 A in
// l.alphaR, and returns -1 when no column can enter.
func (l *lp) enteringColumn(r int, delta float64, free []int, lo, hi []int8) int {
	sign := 1.0
	if delta < 0 {
		sign = -1
	}
	theta := l.ratios(r, sign, free, lo, hi)
	if math.IsInf(theta, 1) {
		return -1 // no entering column: the node has no solution; numerically odd, since the search only makes nodes that fit
	}
	q, big := -1, 0.0
	for _, j := range l.cand {
		at := sign * l.alphaR[j]
		if l.d[j]/at <= theta && math.Abs(at) > big {
			q, big = j, math.Abs(at)
		}
	}
	return q
}

// ratios is the first pass of the ratio test: it computes row r of
// B^-1 A for the free nonbasic columns into l.alphaR, collects the columns
// that can move in the direction sign into l.cand, and returns the
// smallest ratio with the dual tolerance added.
func (l *lp) ratios(r int, sign float64, free []int, lo, hi []int8) float64 {
	m := l.m
	rho := l.binv[r*m : (r+1)*m]
	theta := math.Inf(1)
	cand := l.cand[:0]
	for _, j := range free {
		if l.row[j] >= 0 {
			l.alphaR[j] = 0
			continue
		}
		var al float64
		if j < l.n {
			aj := l.a[j*m : (j+1)*m]
			for k, p := range rho {
				al += p * aj[k]
			}
		} else {
			al = rho[j-l.n]
		}
		l.alphaR[j] = al
		at := sign * al
		switch {
		case at > tolP && l.xN[j] == lowerOf(j, l.n, lo):
			theta = math.Min(theta, (l.d[j]+tolD)/at)
			cand = append(cand, j)
		case at < -tolP && j < l.n && l.xN[j] == float64(hi[j]):
			theta = math.Min(theta, (l.d[j]-tolD)/at)
			cand = append(cand, j)
		}
	}
	l.cand = cand
	return theta
}

// pivot lets column q enter the basis in row r: it updates the reduced
// costs, the values, the basis and its inverse.
func (l *lp) pivot(r, q int, delta float64, free []int, lo, hi []int8) {
	thetaD := l.d[q] / l.alphaR[q]
	for _, j := range free {
		if l.row[j] < 0 {
			l.d[j] -= thetaD * l.alphaR[j]
		}
	}
	leave := l.basis[r]
	l.d[leave] = -thetaD
	l.d[q] = 0
	l.enteringInBasis(q)
	thetaP := delta / l.alphaQ[r]
	for i := range l.m {
		l.xB[i] -= thetaP * l.alphaQ[i]
	}
	enter := l.xN[q] + thetaP
	lb, ub := l.bounds(leave, lo, hi)
	if delta < 0 {
		l.xN[leave] = lb
	} else {
		l.xN[leave] = ub
	}
	l.basis[r] = q
	l.row[q] = r
	l.row[leave] = -1
	l.xB[r] = enter
	l.updateInverse(r)
}

// enteringInBasis sets l.alphaQ to column q in terms of the basis, B^-1 a_q.
func (l *lp) enteringInBasis(q int) {
	m := l.m
	for i := range m {
		var v float64
		if q < l.n {
			aq := l.a[q*m : (q+1)*m]
			for k := range m {
				v += l.binv[i*m+k] * aq[k]
			}
		} else {
			v = l.binv[i*m+q-l.n]
		}
		l.alphaQ[i] = v
	}
}

// updateInverse updates B^-1 after the column l.alphaQ entered in row r.
func (l *lp) updateInverse(r int) {
	m := l.m
	piv := l.alphaQ[r]
	for k := range m {
		l.binv[r*m+k] /= piv
	}
	for i := range m {
		if i == r || l.alphaQ[i] == 0 {
			continue
		}
		f := l.alphaQ[i]
		for k := range m {
			l.binv[i*m+k] -= f * l.binv[r*m+k]
		}
	}
}

// lagrangianBound returns the bound L(y) at the final prices and leaves
// the prices in l.y and the reduced values in l.dj; the reduced costs are
// refreshed on the way, against drift along a dive.
func (l *lp) lagrangianBound(lo, hi []int8) float64 {
	m := l.m
	for k := range m {
		l.pi[k] = 0
	}
	for r, j := range l.basis {
		if j >= l.n {
			continue
		}
		c := -l.val[j]
		for k := range m {
			l.pi[k] += c * l.binv[r*m+k]
		}
	}
	var bound float64
	clipped := false
	for k := range m {
		l.y[k] = math.Max(0, -l.pi[k])
		clipped = clipped || l.pi[k] > 0
		bound += l.y[k]
		l.d[l.n+k] = -l.pi[k]
	}
	for j := range l.n {
		aj := l.a[j*m : (j+1)*m]
		d := -l.val[j]
		for k, p := range l.pi {
			d -= p * aj[k]
		}
		l.d[j] = d
		dj := -d
		if clipped {
			dj = l.val[j]
			for k, y := range l.y {
				dj -= y * aj[k]
			}
		}
		l.dj[j] = dj
		switch {
		case lo[j] == 1:
			bound += dj
		case hi[j] == 0:
		case dj > 0:
			bound += dj
		}
	}
	return bound*(1+1e-12) + eps
}

func lowerOf(j, n int, lo []int8) float64 {
	if j < n {
		return float64(lo[j])
	}
	return 0
}

// x is the relaxation's value of item j.
func (l *lp) x(j int, lo []int8) float64 {
	if r := l.row[j]; r >= 0 {
		return l.xB[r]
	}
	return l.xN[j]
}

// fractional returns the free item the relaxation takes in part with the
// highest value, or -1.
func (l *lp) fractional(lo, hi []int8) int {
	best, bv := -1, -1.0
	for r, j := range l.basis {
		if j >= l.n || lo[j] == hi[j] {
			continue
		}
		x := l.xB[r]
		if x > 1e-7 && x < 1-1e-7 {
			if l.val[j] > bv {
				best, bv = j, l.val[j]
			}
		}
	}
	return best
}

// wholeFits reports whether the relaxation's choice, rounded, fits.
func (l *lp) wholeFits(lo, hi []int8, cost [][]int64, cap []int64) bool {
	used := make([]int64, len(cap))
	for j := range l.n {
		if l.x(j, lo) > 0.5 {
			for k, c := range cost[j] {
				used[k] += c
			}
		}
	}
	for k := range cap {
		if used[k] > cap[k] {
			return false
		}
	}
	return true
}
