package wegingskader

import "sort"

func sortedYears[V any](m map[int]V) []int {
	out := make([]int, 0, len(m))
	for y := range m {
		out = append(out, y)
	}
	sort.Ints(out)
	return out
}
