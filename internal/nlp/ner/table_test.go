package ner

import (
	"math/rand/v2"
	"testing"
)

// testKeys returns n distinct random hashes, half of them with one tag, so
// that probing must often look past a matching tag.
func testKeys(rng *rand.Rand, n int) []uint64 {
	seen := make(map[uint64]bool)
	var keys []uint64
	for len(keys) < n {
		h := rng.Uint64()
		if rng.IntN(2) == 0 {
			h = h&(1<<48-1) | 0xabcd<<48
		}
		if !seen[h] {
			seen[h] = true
			keys = append(keys, h)
		}
	}
	return keys
}

// The table must agree with a Go map, tag collisions included.
func TestTableMatchesMap(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const n = 3000
	keys := testKeys(rng, 2*n)
	tab := newTable[int](n)
	want := make(map[uint64]int)
	for i, h := range keys[:n] {
		v, added := tab.put(h)
		if !added {
			t.Fatalf("put(%#x): not added", h)
		}
		*v, want[h] = i, i
	}
	for _, h := range keys[:n] {
		if v, added := tab.put(h); added || *v != want[h] {
			t.Fatalf("put(%#x) again: added %v, value %d, want %d", h, added, *v, want[h])
		}
	}
	for _, h := range keys {
		v := tab.get(h)
		w, ok := want[h]
		switch {
		case ok && (v == nil || *v != w):
			t.Fatalf("get(%#x) = %v, want %d", h, v, w)
		case !ok && v != nil:
			t.Fatalf("get(%#x) = %d, want none", h, *v)
		}
	}
}

// sum must add exactly what a plain loop over the weights adds, for lists
// longer than its batch, with repeats and missing features.
func TestJointSumMatchesPlain(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	const n = 2000
	keys := testKeys(rng, 2*n)
	tab := newJointTable(n)
	weights := make(map[uint64][recLanes]int32)
	for _, h := range keys[:n] {
		var w [recLanes]int32
		for k := range 2 {
			if k == 1 && rng.IntN(2) == 0 {
				continue // a feature of the first layer only
			}
			q := make([]int16, nLabels)
			for y := range q {
				q[y] = int16(rng.IntN(2*32767+1) - 32767)
				w[k*nLabels+y] = int32(q[y])
			}
			tab.setWeights(h, k, q)
		}
		weights[h] = w
	}
	for round := range 200 {
		fs := make([]uint64, rng.IntN(150))
		var want [recLanes]int32
		for i := range fs {
			fs[i] = keys[rng.IntN(len(keys))]
			w := weights[fs[i]]
			for l := range want {
				want[l] += w[l]
			}
		}
		var got [recLanes]int32
		tab.sum(fs, &got)
		if [2 * nLabels]int32(got[:]) != [2 * nLabels]int32(want[:]) {
			t.Fatalf("round %d (%d features): sums %v, want %v", round, len(fs), got[:2*nLabels], want[:2*nLabels])
		}
	}
}
