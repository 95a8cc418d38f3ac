package parse

// projectivize makes a tree projective by lifting (Nivre and Nilsson, 2005,
// without encoding the lifts in the labels): while some arc crosses another,
// the shortest non-projective arc's dependent is reattached to its head's
// head. heads are 1-based, 0 for the root; the result is a new slice.
// It reports whether anything was lifted. heads must form a valid tree.
func projectivize(heads []int) ([]int, bool) {
	h := append([]int(nil), heads...)
	lifted := false
	for range len(h) * len(h) { // a bound; each lift shortens the tree's depth
		d := shortestNonProjective(h)
		if d < 0 {
			return h, lifted
		}
		h[d] = h[h[d]-1]
		lifted = true
	}
	return h, lifted
}

// dominates reports whether token a (1-based) is an ancestor of token b.
func dominates(h []int, a, b int) bool {
	for i := 0; b != 0 && i <= len(h); i++ {
		if b == a {
			return true
		}
		b = h[b-1]
	}
	return b == a
}

// shortestNonProjective returns the 0-based dependent of the shortest
// non-projective arc whose head is a word, or -1.
func shortestNonProjective(h []int) int {
	best, bestLen := -1, 0
	for d := range h {
		hd := h[d]
		if hd == 0 {
			continue
		}
		lo, hi := min(hd, d+1), max(hd, d+1)
		if best >= 0 && hi-lo >= bestLen {
			continue
		}
		for k := lo + 1; k < hi; k++ {
			if !dominates(h, hd, k) {
				best, bestLen = d, hi-lo
				break
			}
		}
	}
	return best
}

// validTree reports whether heads (1-based, 0 for the root) form a tree:
// every head in range, exactly one word on the root, no cycle.
func validTree(heads []int) bool {
	roots := 0
	for _, h := range heads {
		if h < 0 || h > len(heads) {
			return false
		}
		if h == 0 {
			roots++
		}
	}
	if roots != 1 {
		return false
	}
	for d := range heads {
		// Walking up from d must reach the root within len(heads) steps.
		b, steps := d+1, 0
		for b != 0 {
			b = heads[b-1]
			if steps++; steps > len(heads) {
				return false
			}
		}
	}
	return true
}
