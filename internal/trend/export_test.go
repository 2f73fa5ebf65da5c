package trend

import "sort"

// AllYears lists every year a norms file has rows for, complete or not, so
// that the fuzz test can write the norms back out.
func (n Norms) AllYears() []int {
	var ys []int
	for y := range n.years {
		ys = append(ys, y)
	}
	sort.Ints(ys)
	return ys
}

// CategoryNames are the norms categories in the spec's order.
var CategoryNames = categoryNames[:]
