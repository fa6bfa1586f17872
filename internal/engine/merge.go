package engine

import "slices"

// MergeResults joins the results of several evaluations — of units of an
// input evaluated apart — into one list in the order Eval gives, with
// results found by more than one evaluation kept once.
func MergeResults(sets ...[]Result) []Result {
	n := 0
	for _, s := range sets {
		n += len(s)
	}
	if n == 0 {
		return nil
	}
	out := make([]Result, 0, n)
	for _, s := range sets {
		out = append(out, s...)
	}
	slices.SortFunc(out, compareResults)
	return slices.CompactFunc(out, func(a, b Result) bool { return compareResults(a, b) == 0 })
}
