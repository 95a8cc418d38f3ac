package identity

import (
	"fmt"
	"sort"
	"strings"
)

// The alias table's thresholds: a written form is kept when it was seen at
// least MinCount times and one identity holds at least MinShare of them.
const (
	MinCount = 1
	MinShare = 0.75
)

// AliasRows builds the actors gazetteer's alias table from the gold links
// of docs: for every linked mention it counts the lower-cased mention text
// against the mention's identity and CoNLL type, and keeps a form one
// identity dominates. Each row is the form, the identity (the Wikipedia
// title), the identity's majority type over all its mentions, the form's
// mentions linked to it and the form's mentions, in the columns of
// internal/actors/data/aliases.tsv; rows are sorted.
func AliasRows(docs []Document) [][]string {
	forms := map[string]map[string]int{}
	types := map[string]map[string]int{}
	for _, d := range docs {
		for _, m := range d.Gold {
			if m.Identity == "" {
				continue
			}
			f := strings.Join(strings.Fields(strings.ToLower(m.In(d.Text))), " ")
			if forms[f] == nil {
				forms[f] = map[string]int{}
			}
			forms[f][m.Identity]++
			if types[m.Identity] == nil {
				types[m.Identity] = map[string]int{}
			}
			types[m.Identity][m.Type]++
		}
	}
	var rows [][]string
	for f, ids := range forms {
		id, n, total := top(ids)
		if total < MinCount || float64(n) < MinShare*float64(total) {
			continue
		}
		typ, _, _ := top(types[id])
		rows = append(rows, []string{f, id, typ, fmt.Sprint(n), fmt.Sprint(total)})
	}
	sort.Slice(rows, func(i, j int) bool { return strings.Join(rows[i], "\t") < strings.Join(rows[j], "\t") })
	return rows
}

// top returns the most frequent key (ties: the smallest), its count and
// the total.
func top(m map[string]int) (string, int, int) {
	best, n, total := "", 0, 0
	for k, c := range m {
		total += c
		if c > n || c == n && k < best {
			best, n = k, c
		}
	}
	return best, n, total
}
