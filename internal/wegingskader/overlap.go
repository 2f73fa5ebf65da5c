package wegingskader

import "slices"

// Overlap is a pair of requests that the framework warns about as 'meer
// van hetzelfde': they are aimed at the same target group and serve at
// least one tactical goal in common.
type Overlap struct {
	A, B  Request
	Group TargetGroup
	Goals []string // the tactical goals both serve, in A's order
}

// Overlaps lists every overlapping pair of reqs, in the order of reqs.
func Overlaps(reqs []Request) []Overlap {
	var out []Overlap
	for i, a := range reqs {
		for _, b := range reqs[i+1:] {
			if a.TargetGroup != b.TargetGroup {
				continue
			}
			var shared []string
			for _, g := range a.Goals {
				if slices.Contains(b.Goals, g) && !slices.Contains(shared, g) {
					shared = append(shared, g)
				}
			}
			if len(shared) > 0 {
				out = append(out, Overlap{A: a, B: b, Group: a.TargetGroup, Goals: shared})
			}
		}
	}
	return out
}

// Involves reports whether the overlap concerns request id.
func (o Overlap) Involves(id int64) bool { return o.A.ID == id || o.B.ID == id }
