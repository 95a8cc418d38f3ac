// Package quotes finds quotations and reported speech in a document and
// resolves who said them ("Who said it").
//
// Direct quotations are words in quotation marks of any common style
// (" “ ” „ « » ‘ ’ and ' used as a mark, not as an apostrophe), including
// partial quotations inside a sentence, quotations interrupted by their
// attribution (two pieces, one speaker) and quotations running over several
// paragraphs. Reported speech ("X said Monday that ...", "according to X",
// "X told reporters ...", "X denied ...") is found from an embedded lexicon of
// cue verbs (lexicon/cues.txt): the quote's span is then the content clause
// and Direct is false.
//
// Speakers are resolved to the document's entities: names and surnames,
// appositives ("Eric Pahon, a Pentagon spokesman, said"), institutions ("the
// State Department said"), descriptions ("the spokeswoman" -> the latest
// entity with that role) and pronouns ("she" -> the latest compatible
// person, by role words and given names). A quotation with no cue of its own
// that opens its sentence or paragraph belongs to the running speaker. When
// the speaker is a name no earlier stage found, the stage adds an entity for
// it; a pronoun or description it resolves becomes a mention of the entity.
//
// Quotes come out in text order (by start, the longer first). Two quotes
// either do not overlap or one contains the other: a reported content may
// hold direct quotations of the same speaker.
package quotes

import (
	"container/heap"
	"context"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"sitrep/internal/doc"
)

// Stage fills Document.Quotes.
type Stage struct{}

// New returns the quotation stage. It runs after segmentation and the
// entity stages; it works, less well, on a document with no tokens or
// entities.
func New() *Stage { return &Stage{} }

// Name implements pipeline.Stage.
func (*Stage) Name() string { return "quotes" }

// Process replaces d.Quotes with the quotations of d.Text, adding entities
// and mentions for the speakers it resolves. It fails only when ctx is
// done, which it checks between paragraphs; d.Quotes is then left as it
// was.
func (*Stage) Process(ctx context.Context, d *doc.Document) error {
	qs, err := find(ctx, d)
	if err != nil {
		return err
	}
	d.Quotes = qs
	return nil
}

// running is the speaker of the latest quotation, for quotations with no
// attribution of their own.
type running struct {
	speaker int
	mention doc.Span
	cue     doc.Span
	para    int // index among non-blank paragraphs, -1 when none yet
}

// Find returns the quotes of d, in text order. It may append entities to
// d.Entities and mentions to their Mentions.
func Find(d *doc.Document) []doc.Quote {
	qs, _ := find(context.Background(), d)
	return qs
}

// find is Find, stopping with ctx's error when ctx is done.
func find(ctx context.Context, d *doc.Document) ([]doc.Quote, error) {
	text := d.Text
	pieces := findPieces(text)
	starts := lineStarts(text)
	res := newResolver(d)
	defer res.flush()
	run := running{speaker: doc.None, para: -100}
	var out []doc.Quote
	// direct[p] is the index in out of piece p, or -1; attributed[p] tells
	// whether its speaker came from a cue of its own.
	direct := make([]int, len(pieces))
	attributed := make([]bool, len(pieces))
	for p := range direct {
		direct[p] = -1
	}
	pi, para := 0, -1
	for line, lo := range starts {
		hi := len(text)
		if line+1 < len(starts) {
			hi = starts[line+1] - 1
		}
		for pi < len(pieces) && pieces[pi].Outer.Start < lo {
			pi++
		}
		if strings.TrimSpace(text[lo:hi]) == "" {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		para++
		res.para = para
		s := &scanner{text: text, toks: scanLine(text, lo, hi, pieces, pi), d: d, idx: res.idx}
		sents := sentences(text, s.toks, pieces)
		var atts []attribution
		sentOf := make([]int, len(s.toks))
		// opener[k] is the first token of sentence k that is a quotation or
		// a word other than "But", "And" and the like: a quotation up to
		// there opens its sentence.
		opener := make([]int, len(sents))
		for k, se := range sents {
			atts = s.analyse(se[0], se[1], atts)
			opener[k] = se[1]
			for i := se[0]; i < se[1]; i++ {
				sentOf[i] = k
				if t := s.toks[i]; opener[k] == se[1] && (t.kind == quote || t.kind == word && !sentenceAdverbs[t.lower]) {
					opener[k] = i
				}
			}
		}
		// "Lopez: Well, ... . In a way, ...": a speaker label opening a
		// paragraph speaks for all of it.
		if len(atts) > 0 && atts[0].src[0] == 0 && atts[0].cue.In(text) == ":" && s.toks[atts[0].src[1]].Span == atts[0].cue &&
			atts[0].content[1] > 0 {
			atts[0].content[1] = trimEnd(s, atts[0].content[0], len(s.toks))
		}
		// Resolve every attribution's speaker, in text order.
		speaker := make([]int, len(atts))
		mention := make([]doc.Span, len(atts))
		for k, a := range atts {
			speaker[k] = doc.None
			switch {
			case a.inherit >= 0 && a.inherit < k:
				speaker[k], mention[k] = speaker[a.inherit], mention[a.inherit]
			case a.src[1] > a.src[0]:
				speaker[k], mention[k] = res.resolve(s, a.src, a.head)
				if r := a.relative; r > 0 && speaker[k] != doc.None {
					// "who" is a mention of the speaker it stands for.
					res.addMention(speaker[k], s.toks[r].Span, doc.MentionPronoun)
				}
			}
		}
		// Direct quotations, in order; the running speaker follows the
		// cues as they come.
		held := holdersOf(atts, len(s.toks))
		next := 0
		for i, t := range s.toks {
			for next < len(atts) && atts[next].cue.Start <= t.Start {
				if speaker[next] != doc.None {
					res.last, res.lastPara = speaker[next], para
					run = running{speaker: speaker[next], mention: mention[next], cue: atts[next].cue, para: para}
				}
				next++
			}
			if t.kind != quote {
				continue
			}
			pc := pieces[t.piece]
			if titleCase(text, pc) && !held.whole(i) {
				// "Good Morning America", "Orange is the New Black": a name,
				// unless it is all that someone said ("Ted Cruz: 'Assault
				// Is A Fireable Offense.'").
				continue
			}
			q := doc.Quote{Span: pc.Inner, Speaker: doc.None, Direct: true}
			if e, m, ok := transcriptLabel(res, text, pc); ok {
				// `"PENCE: Well, look, ..."`: a transcript names its speaker.
				q.Speaker, q.SpeakerMention = e, m
				attributed[t.piece] = e != doc.None
			} else if k := held.innermost(i); k >= 0 {
				q.Speaker, q.SpeakerMention, q.Cue = speaker[k], mention[k], atts[k].cue
				attributed[t.piece] = true
			} else {
				se := sents[sentOf[i]]
				opens := opener[sentOf[i]] >= i // nothing but punctuation or "But", "And" before it
				continued := t.piece > 0 && pieces[t.piece-1].Open && pieces[t.piece-1].Para < pc.Para
				switch {
				case s.isPunct(i-1, ":") && i-1 > se[0]:
					// `The statement read: "..."`: the subject speaks.
					q.Speaker, q.SpeakerMention = s.colonSpeaker(res, se[0], i-1)
					attributed[t.piece] = q.Speaker != doc.None
				case (opens || continued || pc.Open) && run.para >= para-2:
					q.Speaker = run.speaker
				case isTitle(s, pc) && !continued && !pc.Open:
					continue
				default:
					// `Moore thanked him for "stepping up ..."`: the
					// subject of the sentence.
					q.Speaker, q.SpeakerMention = s.colonSpeaker(res, se[0], i)
				}
			}
			if q.Speaker != doc.None {
				res.last, res.lastPara = q.Speaker, para
				run.speaker, run.para = q.Speaker, para
			}
			direct[t.piece] = len(out)
			out = append(out, q)
		}
		// A paragraph ending in a colon introduces the quotation of the next
		// one: `Jared Potts echoed:`.
		if n := len(s.toks); n > 1 && s.isPunct(n-1, ":") {
			se := sents[len(sents)-1]
			if e, m := s.colonSpeaker(res, se[0], n-1); e != doc.None {
				run = running{speaker: e, mention: m, para: para}
			}
		}
		// Reported speech: contents that are not just quotations.
		for k, a := range atts {
			if a.content[1] <= a.content[0] || !s.reported(a.content) {
				continue
			}
			span := doc.Span{Start: s.toks[a.content[0]].Start, End: s.toks[a.content[1]-1].End}
			out = append(out, doc.Quote{Span: span, Speaker: speaker[k], SpeakerMention: mention[k], Cue: a.cue})
		}
	}
	shareChains(out, pieces, direct, attributed)
	return tidy(out), nil
}

// transcriptLabel reads the speaker label opening a quoted transcript
// turn ("PENCE: Well, look, ..."): one to three upper-case words and a
// colon. It resolves the label to an entity.
func transcriptLabel(res *resolver, text string, pc piece) (int, doc.Span, bool) {
	words := pc.Inner.In(text)
	colon := strings.IndexByte(words, ':')
	if colon < 2 || colon > 40 {
		return doc.None, doc.Span{}, false
	}
	label := words[:colon]
	if strings.ToUpper(label) != label || strings.ToLower(label) == label || len(strings.Fields(label)) > 3 {
		return doc.None, doc.Span{}, false
	}
	lo := pc.Inner.Start
	s := &scanner{text: text, toks: scanLine(text, lo, lo+colon, nil, 0)}
	if len(s.toks) == 0 || len(s.toks) > 4 {
		return doc.None, doc.Span{}, false
	}
	for _, t := range s.toks {
		if t.kind != word {
			return doc.None, doc.Span{}, false
		}
	}
	r := [2]int{0, len(s.toks)}
	e, m := res.resolve(s, r, r)
	return e, m, true
}

// colonSpeaker resolves the subject of the sentence toks[lo:end] that
// introduces a quotation with a colon or holds one with no cue, or returns
// None. The subject must be followed by a word (its verb).
func (s *scanner) colonSpeaker(res *resolver, lo, end int) (int, doc.Span) {
	j := s.subjectStart(lo)
	e := s.npRight(j, end)
	verb := e
	if s.isPunct(e, ",") {
		// "John Smith, a farmer, put it this way:".
		for k := e + 1; k < end && k < e+12; k++ {
			if s.isPunct(k, ",") {
				verb = k + 1
				break
			}
		}
	}
	if e <= j || verb >= end || s.toks[verb].kind != word || !s.validSource([2]int{j, e}) || sentenceAdverbs[s.toks[j].lower] ||
		strings.HasSuffix(s.toks[j].lower, "ing") {
		return doc.None, doc.Span{}
	}
	src := [2]int{j, e}
	return res.resolve(s, src, s.headOf(src))
}

// holders tells which of a paragraph's attributions hold a token. With a
// few attributions it looks at each; with many, asking for every token of
// the paragraph would cost O(n²), so it reads tables built once.
type holders struct {
	atts  []attribution
	inner []int  // innermostAll, or nil
	wide  []bool // wholeContents, or nil
}

// manyAttributions is the number of attributions from which holders builds
// its tables.
const manyAttributions = 8

func holdersOf(atts []attribution, n int) holders {
	h := holders{atts: atts}
	if len(atts) > manyAttributions {
		h.inner, h.wide = innermostAll(atts, n), wholeContents(atts, n)
	}
	return h
}

// innermost returns the attribution whose content holds token i and is the
// shortest such (the first of equals), or -1.
func (h holders) innermost(i int) int {
	if h.inner != nil {
		return h.inner[i]
	}
	best := -1
	for k, a := range h.atts {
		if a.holds(i) {
			if best < 0 || a.content[1]-a.content[0] < h.atts[best].content[1]-h.atts[best].content[0] {
				best = k
			}
		}
	}
	return best
}

// whole reports whether token i is the whole content of an attribution.
func (h holders) whole(i int) bool {
	if h.wide != nil {
		return h.wide[i]
	}
	for _, a := range h.atts {
		if a.content == [2]int{i, i + 1} || a.before == [2]int{i, i + 1} {
			return true
		}
	}
	return false
}

// innermostAll returns holders.innermost for each of n tokens. It sweeps
// the tokens once with the attributions holding the current one in a heap:
// O((n + a) log a) for a attributions.
func innermostAll(atts []attribution, n int) []int {
	var spans []holding
	for k, a := range atts {
		for _, r := range [][2]int{a.content, a.before} {
			if r[0] < r[1] {
				spans = append(spans, holding{r: r, k: k, size: a.content[1] - a.content[0]})
			}
		}
	}
	slices.SortFunc(spans, func(a, b holding) int { return a.r[0] - b.r[0] })
	out := make([]int, n)
	var h holdings
	next := 0
	for i := range out {
		for ; next < len(spans) && spans[next].r[0] <= i; next++ {
			heap.Push(&h, spans[next])
		}
		for len(h) > 0 && h[0].r[1] <= i {
			heap.Pop(&h)
		}
		out[i] = -1
		if len(h) > 0 {
			out[i] = h[0].k
		}
	}
	return out
}

// holding is one token range of attribution k's content (or its quotation
// before the speaker) and the size of its content.
type holding struct {
	r       [2]int
	k, size int
}

// holdings is a heap of holdings, the shortest content (then the first
// attribution) on top.
type holdings []holding

func (h holdings) Len() int { return len(h) }
func (h holdings) Less(i, j int) bool {
	return h[i].size < h[j].size || h[i].size == h[j].size && h[i].k < h[j].k
}
func (h holdings) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *holdings) Push(x any)   { *h = append(*h, x.(holding)) }
func (h *holdings) Pop() any {
	x := (*h)[len(*h)-1]
	*h = (*h)[:len(*h)-1]
	return x
}

// reported reports whether a content has words of its own besides
// quotations: at least two words outside quotation marks, or no quotation.
// A long content is counted from running totals over the paragraph, built
// the first time one comes, so that many long contents ending together
// cost O(n), not O(n²).
func (s *scanner) reported(c [2]int) bool {
	if c[1] <= c[0] {
		return false
	}
	if s.words == nil && c[1]-c[0] > 64 {
		s.words, s.quotes = make([]int, len(s.toks)+1), make([]int, len(s.toks)+1)
		for i := range s.toks {
			w, q := s.count(i)
			s.words[i+1], s.quotes[i+1] = s.words[i]+w, s.quotes[i]+q
		}
	}
	var words, quotes int
	if s.words != nil {
		words, quotes = s.words[c[1]]-s.words[c[0]], s.quotes[c[1]]-s.quotes[c[0]]
	} else {
		for i := c[0]; i < c[1]; i++ {
			w, q := s.count(i)
			words, quotes = words+w, quotes+q
		}
	}
	return quotes == 0 && words > 0 || words >= 2
}

// count returns 1, 0 if token i is a word other than "then" and "and", 0,
// 1 if it is a quotation, else 0, 0.
func (s *scanner) count(i int) (words, quotes int) {
	switch t := s.toks[i]; t.kind {
	case word:
		if t.lower != "then" && t.lower != "and" {
			return 1, 0
		}
	case quote:
		return 0, 1
	}
	return 0, 0
}

// isTitle reports whether a piece with no attribution reads as a title or a
// scare quote rather than speech: three words or fewer.
func isTitle(s *scanner, pc piece) bool {
	return len(strings.Fields(pc.Inner.In(s.text))) <= 3
}

// wholeContents reports, for each of n tokens, whether it is the whole
// content of an attribution.
func wholeContents(atts []attribution, n int) []bool {
	out := make([]bool, n)
	for _, a := range atts {
		for _, r := range [][2]int{a.content, a.before} {
			if r[1] == r[0]+1 && r[0] >= 0 && r[0] < n {
				out[r[0]] = true
			}
		}
	}
	return out
}

// smallWords may stay lower-case in a title.
var smallWords = set(`a an the of and or to in on at for with by from is are as vs. de la le du von van`)

// titleCase reports whether a piece reads as the name of a show, book or
// group rather than speech: at most eight words, every one capitalised but
// small function words, no sentence punctuation inside; or a lone letter.
func titleCase(text string, pc piece) bool {
	words := strings.Fields(pc.Inner.In(text))
	if len(words) == 1 && utf8.RuneCountInString(strings.Trim(words[0], ".,!?")) <= 1 {
		return true
	}
	if len(words) < 2 || len(words) > 8 || pc.Open {
		return false
	}
	caps := 0
	for k, w := range words {
		w = strings.TrimRight(w, ".,")
		if strings.ContainsAny(w, "!?;:") {
			return false
		}
		r, _ := utf8.DecodeRuneInString(w)
		switch {
		case unicode.IsUpper(r) || unicode.IsDigit(r):
			caps++
		case smallWords[w] && k > 0:
		default:
			return false
		}
	}
	return caps >= 2
}

// shareChains gives every piece of a quotation running over several
// paragraphs the speaker of the piece that has an attribution.
func shareChains(out []doc.Quote, pieces []piece, direct []int, attributed []bool) {
	for p := 0; p < len(pieces); {
		end := p + 1
		for end < len(pieces) && pieces[end-1].Open && pieces[end].Para > pieces[end-1].Para {
			end++
		}
		src := -1
		for k := p; k < end; k++ {
			if attributed[k] && direct[k] >= 0 && out[direct[k]].Speaker != doc.None {
				src = direct[k]
				break
			}
		}
		if src >= 0 {
			for k := p; k < end; k++ {
				if direct[k] >= 0 && !attributed[k] {
					out[direct[k]].Speaker = out[src].Speaker
				}
			}
		}
		p = end
	}
}

// tidy sorts quotes by start, the longer first, and drops any that overlaps
// an earlier one without nesting in it, or repeats its span.
func tidy(qs []doc.Quote) []doc.Quote {
	slices.SortStableFunc(qs, func(a, b doc.Quote) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		return b.End - a.End
	})
	out := qs[:0]
	// open holds the kept quotes that enclose the current start.
	var open []doc.Span
	for _, q := range qs {
		if q.Empty() {
			continue
		}
		for len(open) > 0 && open[len(open)-1].End <= q.Start {
			open = open[:len(open)-1]
		}
		if len(open) > 0 && (open[len(open)-1] == q.Span || q.End > open[len(open)-1].End) {
			continue
		}
		out = append(out, q)
		open = append(open, q.Span)
	}
	return out
}
