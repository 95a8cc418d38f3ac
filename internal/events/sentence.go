package events

import (
	"sort"
	"strings"

	"sitrep/internal/doc"
)

// sent is one sentence being coded.
type sent struct {
	c           *coder
	idx         int
	first, end  int      // Tokens[first:end]
	lower       []string // lowercase form per token (index - first)
	cands       [][]string
	groups      []group
	groupAt     []int // group index per token (index - first), -1 if none
	hasIf       int   // token index of the first "if"/"unless", -1 if none
	hasUnless   bool
	accordingTo int  // token index of "according to", -1 if none
	titled      bool // a headline in title case
	ms          []match
	children    [][]int // dependents per token (index - first), built on first use
}

// group is a run of tokens that mention one entity.
type group struct {
	ent         int
	first, last int // token indexes, inclusive
}

// match is a lexicon entry found in the sentence.
type match struct {
	e           *Entry
	first, last int // token indexes of the first and last matched words
	rank        int // how far down the lemma candidates the first word matched
	absorbed    bool
	same        []int // matches of the same type this one absorbed
	must        bool  // a reported obligation: "X said Y must ...", coded REQUEST X -> Y
	comps       []int // every match this one absorbed
}

func (c *coder) sentence(si int) {
	s := c.newSent(si)
	if s == nil {
		return
	}
	d := c.d
	ms := s.matches()
	if c.model != nil {
		ms = s.modelMatches(ms)
	}
	s.absorb(ms)
	s.ms = ms
	var coded []doc.Event
	codedAs := map[int]int{} // match index -> index in coded
	for i := range ms {
		m := &ms[i]
		if m.e.Stop {
			continue
		}
		var gov *doc.Event
		if m.absorbed {
			// A joint act in a governed clause ("open to conducting joint
			// strikes with Russia on IS") is an event of its own too.
			k, ok := codedAs[s.governor(i)]
			if !ok || !s.jointBefore(m) {
				continue
			}
			gov = &coded[k]
		}
		ev, ok := s.code(m, ms)
		if !ok {
			continue
		}
		if gov != nil {
			if len(ev.Actors) == 0 {
				ev.Actors = minus(minus(gov.Actors, ev.Recipients), ev.Partners)
			}
			if ev.Modality == doc.Asserted {
				ev.Modality = gov.Modality
			}
			if ev.Source == doc.None {
				ev.Source = gov.Source
			}
			// The intent to act jointly is an agreement with the partner,
			// in the joint act's context: "open to conducting joint
			// strikes on IS with Russia" is AGREE USA -> RUS (military),
			// the strikes USA -> IS with partner RUS.
			if len(ev.Partners) > 0 && (gov.Type == doc.AGREE || gov.Type == doc.SUPPORT) {
				gov.Recipients = minus(ev.Partners, gov.Actors)
				for _, cx := range ev.Contexts {
					if !containsString(gov.Contexts, cx) {
						gov.Contexts = append(gov.Contexts, cx)
					}
				}
			}
		}
		dup := false
		for _, o := range coded {
			if o.Type == ev.Type && sameSet(o.Actors, ev.Actors) && sameSet(o.Recipients, ev.Recipients) {
				dup = true
				break
			}
		}
		if !dup {
			codedAs[i] = len(coded)
			coded = append(coded, ev)
		}
	}
	for _, ev := range coded {
		if twoSides(&ev) {
			d.Events = append(d.Events, ev)
		}
	}
}

// twoSides enforces the event invariants: an event has an actor or a
// recipient, and no entity on both sides. Parties of a mutual act coded on
// both sides ("the United States and Russia reached an agreement") become
// the first as actor, the others as recipients. It reports whether the
// event is kept.
func twoSides(ev *doc.Event) bool {
	if len(ev.Actors) > 1 && len(minus(ev.Recipients, ev.Actors)) == 0 && (len(ev.Recipients) > 0 || mutual[ev.Type]) {
		ev.Recipients = minus(ev.Actors, ev.Actors[:1])
		ev.Actors = ev.Actors[:1]
	}
	ev.Recipients = minus(ev.Recipients, ev.Actors)
	ev.Partners = minus(minus(ev.Partners, ev.Actors), ev.Recipients)
	return len(ev.Actors) > 0 || len(ev.Recipients) > 0
}

// maxSentence bounds the sentences coded: a longer "sentence" is a list or
// a table the segmenter could not split, and some of the rules take time
// quadratic in its length.
const maxSentence = 300

// newSent prepares sentence si for coding, nil when its token range is
// broken.
func (c *coder) newSent(si int) *sent {
	d := c.d
	s0 := d.Sentences[si]
	first, end := s0.First, s0.End
	if first < 0 || end > len(d.Tokens) || first >= end || end-first > maxSentence {
		return nil
	}
	s := &sent{c: c, idx: si, first: first, end: end, hasIf: -1, accordingTo: -1}
	n := end - first
	s.lower = make([]string, n)
	s.cands = make([][]string, n)
	s.groupAt = make([]int, n)
	for k := range n {
		t := d.Tokens[first+k]
		w := t.In(d.Text)
		s.lower[k] = strings.ReplaceAll(strings.ToLower(w), "\u2019", "'")
		s.cands[k] = lemmaCandidates(w, t.Lemma)
		s.groupAt[k] = -1
	}
	for k := 0; k < n; k++ {
		e := c.ent[first+k]
		if e == doc.None {
			continue
		}
		g := group{ent: e, first: first + k, last: first + k}
		for k+1 < n && c.ent[first+k+1] == e {
			k++
			g.last = first + k
		}
		for j := g.first; j <= g.last; j++ {
			s.groupAt[j-first] = len(s.groups)
		}
		s.groups = append(s.groups, g)
	}
	for k := range n {
		switch s.lower[k] {
		case "if", "unless":
			if s.hasIf < 0 {
				s.hasIf = first + k
			}
			if s.lower[k] == "unless" {
				s.hasUnless = true
			}
		case "according":
			if k+1 < n && s.lower[k+1] == "to" && s.accordingTo < 0 {
				s.accordingTo = first + k
			}
		}
	}
	s.titled = s.titleCase()
	return s
}

func containsString(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func sameSet(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		found := false
		for _, y := range b {
			if x == y {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// groupOf returns the mention group of token i, -1 if none or outside the
// sentence.
func (s *sent) groupOf(i int) int {
	if i < s.first || i >= s.end {
		return -1
	}
	return s.groupAt[i-s.first]
}

// w returns the lowercase form of token i ("" outside the sentence).
func (s *sent) w(i int) string {
	if i < s.first || i >= s.end {
		return ""
	}
	return s.lower[i-s.first]
}

func (s *sent) upos(i int) string {
	if i < s.first || i >= s.end {
		return ""
	}
	return s.c.d.Tokens[i].UPOS
}

// hasLemma reports whether token i may have lemma l, and how far down its
// candidates l is.
func (s *sent) hasLemma(i int, l string) (int, bool) {
	if i < s.first || i >= s.end {
		return 0, false
	}
	for r, c := range s.cands[i-s.first] {
		if c == l {
			return r, true
		}
	}
	return 0, false
}

func (s *sent) isLemma(i int, ls ...string) bool {
	for _, l := range ls {
		if _, ok := s.hasLemma(i, l); ok {
			return true
		}
	}
	return false
}

// blocked reports whether token i cannot be part of a trigger: it lies in
// an entity mention or a time expression, or is capitalised inside the
// sentence (a name the NER missed: "March", "Strike Command").
func (s *sent) blocked(i int) bool {
	c := s.c
	if c.ent[i] != doc.None || c.tim[i] != doc.None {
		return true
	}
	t := c.d.Tokens[i].In(c.d.Text)
	if i > s.first && t != "" && t[0] >= 'A' && t[0] <= 'Z' && !s.titled {
		p := s.w(i - 1)
		if p != "\"" && p != "'" && p != "\u201c" && p != "(" && p != ":" {
			return true
		}
	}
	return false
}

// titleCase reports whether the sentence is written with capitalised words
// (a headline), where capitals say nothing about names.
func (s *sent) titleCase() bool {
	up := 0
	for k := s.first; k < s.end && k < s.first+8; k++ {
		t := s.c.d.Tokens[k].In(s.c.d.Text)
		if t != "" && t[0] >= 'A' && t[0] <= 'Z' {
			up++
		}
	}
	return up >= 6
}

// matches finds the lexicon entries in the sentence and keeps, where they
// overlap, the longest.
func (s *sent) matches() []match {
	var all []match
	for i := s.first; i < s.end; i++ {
		if s.blocked(i) {
			continue
		}
		seen := map[int]bool{}
		for r, l := range s.cands[i-s.first] {
			for _, ei := range s.c.lx.byFirst[l] {
				if seen[ei] {
					continue
				}
				seen[ei] = true
				e := &s.c.lx.Entries[ei]
				last, ok := s.matchAt(e, i)
				if !ok || !s.posOK(e, i, last) {
					continue
				}
				all = append(all, match{e: e, first: i, last: last, rank: r})
			}
		}
	}
	sort.SliceStable(all, func(a, b int) bool {
		x, y := all[a], all[b]
		if x.e.words != y.e.words {
			return x.e.words > y.e.words
		}
		if x.rank != y.rank {
			return x.rank < y.rank
		}
		if x.last-x.first != y.last-y.first {
			return x.last-x.first < y.last-y.first
		}
		return x.first < y.first
	})
	var kept []match
	for _, m := range all {
		ok := true
		for _, k := range kept {
			if m.first <= k.last && k.first <= m.last {
				ok = false
				break
			}
		}
		if ok {
			kept = append(kept, m)
		}
	}
	// "X said Y must do Z" demands Z of Y.
	for i := s.first; i < s.end; i++ {
		if w := s.w(i); w != "must" && w != "should" {
			continue
		}
		k := s.governingSpeech(i)
		if k < 0 || k > i || s.lx().mustEntry == nil {
			continue
		}
		free := true
		for _, m := range kept {
			if m.first <= i && i <= m.last {
				free = false
			}
		}
		if free {
			kept = append(kept, match{e: s.lx().mustEntry, first: i, last: i, must: true})
		}
	}
	sort.Slice(kept, func(a, b int) bool { return kept[a].first < kept[b].first })
	return kept
}

func (s *sent) lx() *Lexicon { return s.c.lx }

// matchAt matches entry e with its first word at token i and returns the
// index of its last matched token.
func (s *sent) matchAt(e *Entry, i int) (int, bool) {
	pos := i
	for k := 1; k < len(e.Items); k++ {
		it := e.Items[k]
		if it == nil {
			continue
		}
		maxGap := 0
		if e.Items[k-1] == nil {
			maxGap = 4
		}
		found := false
		for g := 0; g <= maxGap; g++ {
			j := pos + 1 + g
			if j >= s.end {
				break
			}
			if g > 0 && (s.isBoundary(j-1) || s.w(j-1) == ",") {
				break
			}
			if s.c.tim[j] != doc.None && maxGap == 0 {
				break
			}
			for _, l := range it {
				// Later words may lie in a mention ("the Europe Bridge",
				// "two Russian diplomats"), but not in a name's own words.
				if _, ok := s.hasLemma(j, l); ok {
					found = true
					break
				}
			}
			if found {
				pos = j
				break
			}
		}
		if !found {
			return 0, false
		}
	}
	return pos, true
}

// posOK checks the entry's part of speech: a verb phrase's first word, a
// noun phrase's last (its head: "ethnic cleansing").
func (s *sent) posOK(e *Entry, i, last int) bool {
	if e.POS == "*" || len(e.Items) > 1 && e.POS == "V" && len(e.Items[0]) == 1 && e.Items[0][0] == "be" {
		return true
	}
	if up := s.upos(i); up != "" {
		// A participle modifying a noun describes it: "coordinated attacks".
		if e.POS == "V" && e.words == 1 && s.c.dep && s.attributive(i) {
			return false
		}
		switch e.POS {
		case "V":
			xp := s.c.d.Tokens[i].XPOS
			// A participle the tagger calls an adjective still acts when an
			// object follows: "wounded two British soldiers".
			next := s.upos(i + 1)
			// So does one between a name and a noun: "police in Jericho
			// confiscated weapons".
			prev := s.upos(i - 1)
			return up == "VERB" || strings.HasPrefix(xp, "VB") || up == "AUX" && e.words > 1 ||
				up == "ADJ" && (next == "DET" || next == "NUM" || next == "PROPN" || next == "PRON" || e.words > 1) ||
				up == "ADJ" && next == "NOUN" && prev == "PROPN" && strings.HasSuffix(s.w(i), "ed")
		case "N":
			up = s.upos(last)
			return up == "NOUN" || up == "PROPN" || up == "X"
		}
		return true
	}
	// No tagger: a determiner or possessive before the word makes it a noun.
	p, w := s.w(i-1), s.w(i)
	inflected := strings.HasSuffix(w, "ing") || strings.HasSuffix(w, "ed")
	lowerPrev := i > s.first && isLowerWord(s.c.d.Tokens[i-1].In(s.c.d.Text))
	nounCue := determiners[p] && !(p == "that" && inflected) || strings.HasSuffix(p, "'s") ||
		adjectivesBeforeNoun[p] || lightVerbs[p] ||
		prepositions[p] && p != "to" && p != "by" && !strings.HasSuffix(w, "ing") ||
		lowerPrev && len(p) > 4 && (strings.HasSuffix(p, "al") || strings.HasSuffix(p, "ive") || strings.HasSuffix(p, "ous"))
	switch e.POS {
	case "V":
		return !nounCue
	case "N":
		return !(p == "to" && !strings.HasSuffix(s.w(i), "s")) && !modals[p]
	}
	return true
}

// attributive reports whether the parse makes token i a participle
// modifying the noun right after it, itself after a function word ("after
// coordinated attacks"); the tagger's amod on a main verb after its subject
// ("Turkey on Wednesday rejected calls") is not trusted.
func (s *sent) attributive(i int) bool {
	t := s.c.d.Tokens[i]
	if t.Dep != "amod" || t.Head != i+1 || !strings.HasPrefix(s.upos(i+1), "NOUN") {
		return false
	}
	if i == s.first {
		return true
	}
	switch s.upos(i - 1) {
	case "DET", "ADP", "SCONJ", "ADJ", "NUM":
		return true
	}
	return false
}

var determiners = set("a", "an", "the", "this", "that", "these", "those", "its", "their", "his", "her",
	"our", "my", "your", "no", "any", "every", "each", "some", "another", "new", "such")

var adjectivesBeforeNoun = set("joint", "military", "diplomatic", "economic", "humanitarian", "air",
	"first", "latest", "further", "fresh", "major", "possible", "deadly", "several", "two", "three")

// lightVerbs take a noun object: "increase pressure", "exert pressure".
var lightVerbs = set("increase", "exert", "apply", "mount", "put", "face", "under", "of", "ease", "step")

var modals = set("will", "would", "shall", "should", "can", "could", "may", "might", "must", "'ll", "to")

func set(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// clauseWords end a clause for argument search.
var clauseWords = set(";", ":", "--", "\u2014", "but", "while", "whereas", "although", "though", "because", "following",
	"which", "who", "whom", "whose", "where", "when", "after", "before", "since", "until", "unless", "if")

// speechLemmas are verbs of saying: their complement is a clause of its own
// and their subject is the source of what it says.
var speechLemmas = set("say", "conclude", "tell", "announce", "state", "add", "claim", "allege", "report", "confirm",
	"stress", "note", "indicate", "write", "insist", "declare", "explain", "quote", "cite", "suggest",
	"argue", "believe", "think", "assert", "maintain", "reiterate", "acknowledge", "admit")

// claimLemmas mark what follows as a claim.
var claimLemmas = set("claim", "allege", "report", "assert", "purport")

func (s *sent) isSpeech(i int) bool {
	if i < s.first || i >= s.end || s.blocked(i) {
		return false
	}
	for _, l := range s.cands[i-s.first] {
		if speechLemmas[l] {
			if up := s.upos(i); up != "" {
				return up == "VERB"
			}
			// Untagged: "reports of alleged use" is an adjective.
			p := s.w(i - 1)
			return !determiners[p] && p != "of" && !(prepositions[p] && p != "to")
		}
	}
	return false
}

func (s *sent) isBoundary(i int) bool {
	w := s.w(i)
	if w == "and" || w == "but" {
		if newVerbGroup[s.w(i+1)] {
			return true
		}
	}
	return clauseWords[w] || w == "." || s.isSpeech(i) || w == "that" && s.thatClause(i)
}

// newVerbGroup are words that, after "and", start a new clause sharing the
// subject ("... and has stepped up").
var newVerbGroup = set("has", "have", "had", "is", "are", "was", "were", "will", "would", "also", "then",
	"later", "said", "says", "could", "can", "may", "must", "should")

// thatClause reports whether "that" at i opens the complement of a verb of
// saying or thinking a few words before ("told Reuters that", "said on
// Monday that").
func (s *sent) thatClause(i int) bool {
	for j := i - 1; j >= s.first && j >= i-8; j-- {
		if s.isSpeech(j) || s.isLemma(j, "conclude", "decide", "warn", "agree", "hope", "fear", "know", "show", "find", "learn") {
			return true
		}
		if s.w(j) == "," || s.w(j) == ";" {
			return false
		}
	}
	return false
}

// clauseStart returns the first token of the clause that token i is in.
func (s *sent) clauseStart(i int) int {
	for j := i - 1; j >= s.first; j-- {
		w := s.w(j)
		if w == "," && s.closesSubordinate(j) {
			return j + 1
		}
		if clauseWords[w] || w == "that" && s.thatClause(j) || s.isSpeech(j) {
			return j + 1
		}
		if (w == "and" || w == "but") && newVerbGroup[s.w(j+1)] {
			return j + 1
		}
	}
	return s.first
}

// subordinators open a clause that a comma closes: "If Russia is
// interested, we would welcome that."
var subordinators = set("if", "unless", "when", "while", "although", "though", "because", "after", "before",
	"since", "as", "once", "whether")

// closesSubordinate reports whether the comma at j ends a subordinate
// clause that began the sentence or followed an earlier comma or quote.
func (s *sent) closesSubordinate(j int) bool {
	for k := j - 1; k >= s.first && k >= j-15; k-- {
		w := s.w(k)
		if w == "," || w == ";" {
			return false
		}
		if subordinators[w] {
			return k == s.first || s.w(k-1) == "," || isQuoteMark(s.w(k-1)) || s.w(k-1) == "that"
		}
	}
	return false
}

// isSpeechOrCue reports whether token i is a verb of saying or a word taking
// a "that" clause ("agreed that", "concluded that").
func (s *sent) isSpeechOrCue(i int) bool {
	if s.isSpeech(i) {
		return true
	}
	w := s.w(i)
	return w == "monday" || w == "tuesday" || w == "wednesday" || w == "thursday" || w == "friday" ||
		w == "saturday" || w == "sunday" || w == "today" || w == "yesterday" || s.c.tim[i] != doc.None ||
		s.isLemma(i, "conclude", "decide", "warn", "agree", "hope", "fear", "know", "show", "find", "learn")
}

// clauseEnd returns the token after the last of the clause that token i is
// in.
func (s *sent) clauseEnd(i int) int {
	for j := i + 1; j < s.end; j++ {
		if s.isBoundary(j) {
			return j
		}
	}
	return s.end
}

// governor returns the index of the match that absorbed match i, or -1.
func (s *sent) governor(i int) int {
	for j := range s.ms {
		for _, k := range s.ms[j].comps {
			if k == i {
				return j
			}
		}
	}
	return -1
}

// conjunctVerb reports whether the parse makes match b a verb conjunct of
// a verb: then b is a predicate of its own, governed by no earlier match.
func (s *sent) conjunctVerb(b *match) bool {
	t := s.c.d.Tokens[s.headOf(b)]
	return t.Dep == "conj" && s.upos(s.headOf(b)) == "VERB" && s.upos(t.Head) == "VERB"
}

// predicative reports whether a match follows a form of "be" ("is
// currently out of the question", "was unacceptable").
func (s *sent) predicative(m *match) bool {
	for j := m.first - 1; j >= s.first && j >= m.first-3; j-- {
		if s.isLemma(j, "be") && s.w(j) != "being" {
			return true
		}
	}
	return false
}

// absorb marks matches governed by an earlier one in the same clause: the
// complement of an intent or demand ("threatened to ban", "open to
// conducting joint strikes"), the object of a verb trigger ("coordinating
// air strikes") and repeats of the same type ("killed ... in a bombing").
func (s *sent) absorb(ms []match) {
	for i := range ms {
		a := &ms[i]
		for j := i + 1; j < len(ms); j++ {
			b := &ms[j]
			gap := b.first - a.last - 1
			crossed := false
			for k := a.last + 1; k < b.first; k++ {
				if s.isBoundary(k) || s.w(k) == "," {
					crossed = true
					break
				}
			}
			if crossed {
				break
			}
			// A predicate adjective governs the clause before it: "removing
			// the sanctions is out of the question".
			if b.e.POS == "*" && !b.e.Stop && a.e.Type != b.e.Type && gap <= 6 && s.predicative(b) {
				a.absorbed = true
				b.comps = append(b.comps, i)
				break
			}
			// Coordinated predicates are acts of their own: "welcomed the
			// strikes and asked Washington for more help".
			if s.c.dep && a.e.Type != b.e.Type && s.conjunctVerb(b) {
				continue
			}
			switch {
			case a.e.Stop:
				// a stop phrase governs nothing
			case a.e.Type == b.e.Type && gap <= 8:
				b.absorbed = true
				if !a.absorbed {
					a.same = append(a.same, j)
				}
			case a.e.POS != "N" && gap <= 6:
				b.absorbed = true
			case a.e.POS == "N" && b.e.POS == "N" && gap <= 2:
				b.absorbed = true
			}
			if b.absorbed && !a.absorbed && !a.e.Stop {
				a.comps = append(a.comps, j)
			}
		}
	}
}
