package quotes

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"sitrep/internal/doc"
)

// The structures that keep the resolver fast on hostile text must answer
// exactly as the plain loops they replace. Each test here drives one with
// random operations and compares it with the plain loop after every step.

// sortedRefs is the plain version of mentionIndex: one sorted slice.
type sortedRefs []mref

func (x *sortedRefs) insert(m mref) {
	i, _ := slices.BinarySearchFunc(*x, m.Start, func(y mref, off int) int { return y.Start - off })
	*x = slices.Insert(*x, i, m)
}

func (x sortedRefs) search(off int) int {
	i, _ := slices.BinarySearchFunc(x, off, func(y mref, off int) int { return y.Start - off })
	return i
}

func randomRef(r *rand.Rand, n int) mref {
	start := r.IntN(n)
	return mref{Mention: doc.Mention{Span: doc.Span{Start: start, End: start + 1 + r.IntN(12)}, Kind: doc.MentionKind(r.IntN(3))},
		e: r.IntN(7)}
}

func TestMentionIndex(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	// Sorted input, with equal starts in their given order.
	var init sortedRefs
	for range 700 {
		init = append(init, randomRef(r, 2000))
	}
	slices.SortStableFunc(init, func(a, b mref) int { return a.Start - b.Start })
	x := newMentionIndex(slices.Clone(init))
	ref := slices.Clone(init)
	// Later chunks must not see an insertion into an earlier one.
	if len(x.chunks) < 2 {
		t.Fatalf("%d chunks from %d mentions", len(x.chunks), len(init))
	}
	for step := range 2000 {
		m := randomRef(r, 2000)
		x.insert(m)
		ref.insert(m)
		if got := slices.Collect(x.ascend(math.MinInt, math.MaxInt)); !slices.Equal(got, ref) {
			t.Fatalf("step %d: index holds %d mentions out of the sorted slice's order", step, len(got))
		}
		lo, hi := r.IntN(2100)-50, r.IntN(2100)-50
		want := []mref{}
		if i, j := ref.search(lo), ref.search(hi); i < j {
			want = ref[i:j]
		}
		if got := append([]mref{}, slices.Collect(x.ascend(lo, hi))...); !slices.Equal(got, want) {
			t.Fatalf("step %d: ascend(%d, %d) = %v, want %v", step, lo, hi, got, want)
		}
		back := slices.Clone(ref[:ref.search(hi)])
		slices.Reverse(back)
		if got := append([]mref{}, slices.Collect(x.descend(hi))...); !slices.Equal(got, back) {
			t.Fatalf("step %d: descend(%d) has %d mentions, want %d", step, hi, len(got), len(back))
		}
		s := doc.Span{Start: lo, End: lo + r.IntN(30)}
		want = []mref{}
		for _, m := range ref {
			if m.Overlaps(s) {
				want = append(want, m)
			}
		}
		if got := append([]mref{}, slices.Collect(x.overlapping(s.Start, s.End))...); !slices.Equal(got, want) {
			t.Fatalf("step %d: overlapping(%v) = %v, want %v", step, s, got, want)
		}
	}
}

// TestLatest checks the remembered backward scans against a full scan each
// time, while mentions are added anywhere and entities change which tests
// they pass (as a gender can), with offsets mostly rising as in a text.
func TestLatest(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for trial := range 20 {
		d := &doc.Document{Text: strings.Repeat("x", 3000)}
		for range 7 {
			d.Entities = append(d.Entities, doc.Entity{})
		}
		res := newResolver(d)
		fits := make([]bool, len(d.Entities))
		tests := map[scanKey]func(mref) bool{
			{noun: "a"}:     func(m mref) bool { return fits[m.e] && m.Kind != doc.MentionPronoun },
			{noun: "b"}:     func(m mref) bool { return !fits[m.e] && m.e%2 == 0 },
			{pronoun: male}: func(m mref) bool { return m.e == 3 },
		}
		keys := []scanKey{{noun: "a"}, {noun: "b"}, {pronoun: male}}
		off := 0
		for step := range 3000 {
			switch k := r.IntN(10); {
			case k < 3:
				m := randomRef(r, 3000)
				if r.IntN(4) == 0 {
					// Now and then a long mention.
					m.End = m.Start + r.IntN(400)
				}
				res.index(m.e, m.Mention)
			case k < 4:
				// An entity's gender changes: addMention counts that.
				fits[r.IntN(len(fits))] = r.IntN(2) == 0
				res.changes++
			default:
				off += r.IntN(40) - 5
				if r.IntN(50) == 0 {
					off = r.IntN(3000)
				}
				key := keys[r.IntN(len(keys))]
				want := doc.None
				for m := range res.idx.descend(off) {
					if m.End <= off && tests[key](m) {
						want = m.e
						break
					}
				}
				if got := res.latest(key, off, tests[key]); got != want {
					t.Fatalf("trial %d step %d: latest(%v, %d) = %d, a full scan finds %d", trial, step, key, off, got, want)
				}
			}
		}
	}
}

func TestInnermost(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	span := func(n int) [2]int {
		if r.IntN(4) == 0 {
			return [2]int{}
		}
		a, b := r.IntN(n+1), r.IntN(n+1)
		return [2]int{min(a, b), max(a, b)}
	}
	for trial := range 2000 {
		n := 1 + r.IntN(40)
		var atts []attribution
		for range r.IntN(3 * manyAttributions) {
			atts = append(atts, attribution{content: span(n), before: span(n)})
		}
		// The plain loops answer when the tables are left out.
		plain, tables := holders{atts: atts}, holders{atts: atts, inner: innermostAll(atts, n), wide: wholeContents(atts, n)}
		for i := range n {
			if got, want := tables.innermost(i), plain.innermost(i); got != want {
				t.Fatalf("trial %d: token %d: innermost %d, want %d (%v)", trial, i, got, want, atts)
			}
			if got, want := tables.whole(i), plain.whole(i); got != want {
				t.Fatalf("trial %d: token %d: whole %v, want %v (%v)", trial, i, got, want, atts)
			}
		}
	}
}

// oldOccurrences is occurrences the way it was first written: one scan of
// the text per name.
func oldOccurrences(text, w string) []doc.Span {
	var out []doc.Span
	for off := 0; off < len(text); {
		k := strings.Index(text[off:], w)
		if k < 0 {
			break
		}
		m := doc.Span{Start: off + k, End: off + k + len(w)}
		off = m.End
		if wordBounded(text, m) {
			out = append(out, m)
		}
	}
	return out
}

func TestOccurrences(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	// Words that overlap themselves ("Ab Ab"), hyphens, accents, an
	// apostrophe, digits and bytes that are not UTF-8.
	pieces := []string{"Ab", "ab", "Ab Ab", "Ki-moon", "Ban", "Élise", "Dupré", "O'Brien", "x", "42", " ", " ", "-", ".", "\n", "é", "\xff"}
	for trial := range 3000 {
		var b strings.Builder
		for range r.IntN(60) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		text := b.String()
		res := newResolver(&doc.Document{Text: text})
		for range 5 {
			var w string
			if len(text) > 0 && r.IntN(3) > 0 {
				i := r.IntN(len(text))
				w = text[i:min(len(text), i+1+r.IntN(12))]
			} else {
				w = pieces[r.IntN(len(pieces))] + pieces[r.IntN(len(pieces))]
			}
			if w == "" {
				continue
			}
			if got, want := res.occurrences(w), oldOccurrences(text, w); !slices.Equal(got, want) {
				t.Fatalf("trial %d: occurrences of %q in %q = %v, want %v", trial, w, text, got, want)
			}
		}
	}
}

func TestHasBorder(t *testing.T) {
	for w, want := range map[string]bool{"": false, "a": false, "aa": true, "Ab Ab": true, "abab": true, "aba": true,
		"Ki-moon": false, "Anna": false, "Anna Ann": true, "John Smith": false} {
		if got := hasBorder(w); got != want {
			t.Errorf("hasBorder(%q) = %v, want %v", w, got, want)
		}
	}
}

func TestFoldKey(t *testing.T) {
	// Letters whose case folding goes beyond ASCII: the Kelvin sign, the
	// long s, sigma's three forms, the sharp s and its capital.
	letters := []string{"k", "K", "\u212a", "s", "S", "\u017f", "σ", "Σ", "ς", "ß", "ẞ", "é", "É", "a", "\xff", "\xfe"}
	r := rand.New(rand.NewPCG(9, 10))
	word := func() string {
		var b strings.Builder
		for range r.IntN(4) {
			b.WriteString(letters[r.IntN(len(letters))])
		}
		return b.String()
	}
	for range 20000 {
		a, b := word(), word()
		if got, want := foldKey(a) == foldKey(b), strings.EqualFold(a, b); got != want {
			t.Fatalf("foldKey(%q) == foldKey(%q) is %v, EqualFold %v", a, b, got, want)
		}
	}
}

// oldByName is byName the way it was first written: a pass over the
// entities.
func oldByName(d *doc.Document, span doc.Span) int {
	name := span.In(d.Text)
	last := lastWord(name)
	best := doc.None
	for i, e := range d.Entities {
		if strings.EqualFold(e.Name, name) {
			return i
		}
		if e.Type == doc.PER && best == doc.None && !strings.Contains(name, " ") && strings.EqualFold(lastWord(e.Name), last) {
			best = i
		}
	}
	return best
}

func TestByName(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	names := []string{"Smith", "SMITH", "John Smith", "john smith", "Jones", "Mary Jones", "Iran", "\u212aerry", "Kerry", "John\tKerry"}
	types := []doc.EntityType{doc.PER, doc.ORG, doc.GPE}
	for trial := range 300 {
		text := strings.Join(names, "|")
		d := &doc.Document{Text: text}
		for range r.IntN(4) {
			d.Entities = append(d.Entities, doc.Entity{Name: names[r.IntN(len(names))], Type: types[r.IntN(len(types))]})
		}
		res := newResolver(d)
		for step := range 30 {
			if r.IntN(3) == 0 {
				d.Entities = append(d.Entities, doc.Entity{Name: names[r.IntN(len(names))], Type: types[r.IntN(len(types))]})
				res.named(len(d.Entities) - 1)
			}
			i := r.IntN(len(names))
			start := strings.Index(text, names[i])
			span := doc.Span{Start: start, End: start + len(names[i])}
			if got, want := res.byName(span), oldByName(d, span); got != want {
				t.Fatalf("trial %d step %d: byName(%q) = %d, want %d (entities %v)", trial, step, names[i], got, want, fmt.Sprint(d.Entities))
			}
		}
	}
}

// oldGender is gender the way it was first written, over mentions kept in
// the entity as they came.
func oldGender(d *doc.Document, i int) gender {
	e := d.Entities[i]
	for w := range strings.FieldsSeq(strings.ToLower(e.Role)) {
		if g := roleGender[w]; g != unknown {
			return g
		}
	}
	if f := strings.Fields(e.Name); len(f) > 1 {
		if g := givenNames[f[0]]; g != unknown {
			return g
		}
	}
	for _, m := range e.Mentions {
		if m.Kind == doc.MentionName {
			if g := mentionGender(d.Text, m); g != unknown {
				return g
			}
		}
	}
	return unknown
}

// TestAddMention checks that mentions added while resolving, kept aside and
// flushed at the end, give each entity the mentions, genders and answers
// of mentionedBefore that inserting them at once gave.
func TestAddMention(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	slots := []string{"Mr. Zed Quux", "Mrs. Zed Quux", "spokeswoman Quux", "the aide Quux", "Mary Quux", "John Quux", "Quux", "he", "she"}
	for trial := range 200 {
		var b strings.Builder
		var spans []doc.Span
		for range 40 {
			s := slots[r.IntN(len(slots))]
			if i := strings.LastIndexByte(s, ' '); i >= 0 && r.IntN(2) == 0 {
				// The name alone, with its title or given name before it.
				b.WriteString(s[:i+1])
				s = s[i+1:]
			}
			spans = append(spans, doc.Span{Start: b.Len(), End: b.Len() + len(s)})
			b.WriteString(s + ". ")
		}
		d := &doc.Document{Text: b.String()}
		roles := []string{"", "", "spokeswoman", "aide"}
		for range 3 {
			e := doc.Entity{Name: []string{"Quux", "Zed Quux", "Mary Quux"}[r.IntN(3)], Type: doc.PER, Role: roles[r.IntN(len(roles))]}
			for _, s := range spans {
				if r.IntN(6) == 0 {
					e.Mentions = append(e.Mentions, doc.Mention{Span: s, Kind: doc.MentionName})
				}
			}
			d.Entities = append(d.Entities, e)
		}
		ref := &doc.Document{Text: d.Text}
		for _, e := range d.Entities {
			e.Mentions = slices.Clone(e.Mentions)
			ref.Entities = append(ref.Entities, e)
		}
		res := newResolver(d)
		for step := range 60 {
			e, s := r.IntN(len(d.Entities)), spans[r.IntN(len(spans))]
			kind := []doc.MentionKind{doc.MentionName, doc.MentionPronoun}[r.IntN(2)]
			if r.IntN(3) > 0 {
				res.addMention(e, s, kind)
				// The first way: insert at once unless one overlaps.
				ms := ref.Entities[e].Mentions
				if !overlapsAny(ms, s) {
					i, _ := slices.BinarySearchFunc(ms, s.Start, func(m doc.Mention, off int) int { return m.Start - off })
					ref.Entities[e].Mentions = slices.Insert(ms, i, doc.Mention{Span: s, Kind: kind})
				}
			}
			for i := range d.Entities {
				if got, want := res.gender(i), oldGender(ref, i); got != want {
					t.Fatalf("trial %d step %d: entity %d: gender %v, want %v", trial, step, i, got, want)
				}
				off := r.IntN(len(d.Text) + 1)
				want := false
				for _, m := range ref.Entities[i].Mentions {
					want = want || m.Start < off
				}
				if got := res.mentionedBefore(i, off); got != want {
					t.Fatalf("trial %d step %d: entity %d: mentionedBefore(%d) = %v, want %v", trial, step, i, off, got, want)
				}
			}
		}
		res.flush()
		for i := range d.Entities {
			if !slices.Equal(d.Entities[i].Mentions, ref.Entities[i].Mentions) {
				t.Fatalf("trial %d: entity %d: mentions %v, want %v", trial, i, d.Entities[i].Mentions, ref.Entities[i].Mentions)
			}
		}
	}
}

// TestReported checks reported's running totals, used for long contents,
// against counting the tokens.
func TestReported(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 16))
	lowers := []string{"then", "and", "said", "we", "go"}
	for trial := range 200 {
		var toks []tok
		for range r.IntN(300) {
			toks = append(toks, tok{kind: kind(r.IntN(3)), lower: lowers[r.IntN(len(lowers))]})
		}
		long := &scanner{toks: toks}
		long.reported([2]int{0, len(toks)}) // builds the totals when there are enough tokens
		for range 50 {
			a, b := r.IntN(len(toks)+1), r.IntN(len(toks)+1)
			c := [2]int{min(a, b), max(a, b)}
			words, quotes := 0, 0
			for _, tk := range toks[c[0]:c[1]] {
				switch {
				case tk.kind == word && tk.lower != "then" && tk.lower != "and":
					words++
				case tk.kind == quote:
					quotes++
				}
			}
			want := quotes == 0 && words > 0 || words >= 2
			short := &scanner{toks: toks}
			if got := short.reported(c); got != want {
				t.Fatalf("trial %d: reported(%v) = %v, want %v", trial, c, got, want)
			}
			if got := long.reported(c); got != want {
				t.Fatalf("trial %d: reported(%v) from totals = %v, want %v", trial, c, got, want)
			}
		}
	}
}
