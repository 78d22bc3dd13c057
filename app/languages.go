package app

import (
	"cmp"
	"slices"
)

// OrderLanguages returns the languages a site shows in the order the language grid
// puts them: the ones this site's residents chose most often first, then the rest in
// the site's own order (which is also the order among equal counts). A resident who
// reads Arabic at a desk where most visitors do finds it in the top row.
func OrderLanguages(shown []string, chosen map[string]int) []string {
	out := slices.Clone(shown)
	pos := map[string]int{}
	for i, l := range shown {
		pos[l] = i
	}
	slices.SortStableFunc(out, func(a, b string) int {
		return cmp.Or(cmp.Compare(chosen[b], chosen[a]), cmp.Compare(pos[a], pos[b]))
	})
	return out
}
