package quotes

import (
	"strings"

	"sitrep/internal/doc"
)

// attribution is one cue with its source and content, as token ranges of
// one paragraph's tokens.
type attribution struct {
	cue     doc.Span
	class   cueClass
	src     [2]int // the whole source phrase ("Eric Pahon, a Pentagon spokesman"); empty if none
	head    [2]int // the part naming the speaker ("Eric Pahon")
	content [2]int // the content; empty if the cue has none in its sentence
	// inherit indexes the attribution (of the same paragraph) whose speaker
	// this one shares ("..., adding that", "but suggested"), or -1.
	inherit int
	// backward is true when the content comes before the cue.
	backward bool
	// before is a quotation before the speaker when the content follows the
	// cue too: `"If we go," Mary said, "we go together."`; empty if none.
	before [2]int
	// relative is the token of a relative pronoun standing for the speaker
	// ("Barkley, who said"), or 0.
	relative int
}

// holds reports whether token i lies in the attribution's content.
func (a attribution) holds(i int) bool {
	return a.content[0] <= i && i < a.content[1] || a.before[0] <= i && i < a.before[1]
}

func (a attribution) hasSource() bool { return a.src[1] > a.src[0] || a.inherit >= 0 }

// scanner holds one paragraph's tokens and what helps read them.
type scanner struct {
	text string
	toks []tok
	d    *doc.Document // for part-of-speech tags, when the taggers ran
	// idx holds the mentions of d's entities, for place; nil with d.
	idx *mentionIndex
	// words[i] and quotes[i] count the words (but "then" and "and") and
	// the quotations among toks[:i], for reported; nil until it needs them.
	words, quotes []int
}

// upos returns the tagger's part of speech for token i, "" if untagged.
func (s *scanner) upos(i int) string {
	if s.d == nil || len(s.d.Tokens) == 0 {
		return ""
	}
	k := s.d.TokenAt(s.toks[i].Start)
	if k == doc.None {
		return ""
	}
	return s.d.Tokens[k].UPOS
}

func (s *scanner) is(i int, words ...string) bool {
	if i < 0 || i >= len(s.toks) {
		return false
	}
	for _, w := range words {
		if s.toks[i].lower == w {
			return true
		}
	}
	return false
}

func (s *scanner) isPunct(i int, p string) bool {
	return i >= 0 && i < len(s.toks) && s.toks[i].kind == punct && s.toks[i].lower == p
}

func (s *scanner) isQuote(i int) bool { return i >= 0 && i < len(s.toks) && s.toks[i].kind == quote }

// npWord reports whether token i can be part of a speaker's noun phrase.
// inName is true when the word to its right (for a leftward scan) or left
// (rightward) was a capitalised name word.
func (s *scanner) npWord(i int) bool {
	t := s.toks[i]
	if t.kind != word {
		return false
	}
	switch s.upos(i) {
	case "VERB", "AUX", "ADV", "SCONJ", "CCONJ", "PART", "INTJ":
		return t.cap && !notNP[t.lower] // a name the tagger took for a verb
	case "ADP":
		return t.lower == "of"
	case "PRON":
		return pronounGender[t.lower] != unknown || t.lower == "i" || isPossessive(t.lower)
	}
	if notNP[t.lower] || isAdverb(t) || isNegated(t.lower) {
		return false
	}
	if _, ok := cueWords[t.lower]; ok && !t.cap && !(i > 0 && determiners[s.toks[i-1].lower]) {
		return false
	}
	return true
}

// isAdverb reports whether a lower-case word is an adverb in -ly
// ("finally", "naturally"), which ends a speaker's noun phrase.
func isAdverb(t tok) bool {
	return !t.cap && strings.HasSuffix(t.lower, "ly") && !lyNouns[t.lower]
}

var lyNouns = set(`daily family ally rally weekly monthly quarterly supply assembly bully fly july italy
	anomaly homily lily belly jelly folly melancholy monopoly early only likely elderly friendly lovely
	costly deadly yearly hourly nightly timely holy ugly silly jolly burly orderly lonely lively unlikely`)

// isNegated reports whether w is a negated auxiliary ("didn't").
func isNegated(w string) bool {
	return strings.HasSuffix(w, "n't") || strings.HasSuffix(w, "n’t")
}

// nounLike are -s forms of cue verbs that are more often plural nouns.
var nounLike = set(`remarks comments reports claims states notes calls charges counters estimates signals
	hints jokes replies promises pledges vows demands doubts fears hopes worries guesses cries shouts
	statements answers responds repeats concerns thinks feels`)

// nounBase are cue lemmas that are also common nouns ("state", "report").
var nounBase = set(`state claim report note comment remark call charge counter estimate promise pledge vow
	demand doubt fear hope worry guess question list rule name vote favor favour request plan support back
	offer attack welcome thank praise highlight point voice brand label blast slam challenge reply respond
	answer quote signal hint joke cry shout chant lecture plea lash tout champion dismiss find talk
	criticism reveal express comment confirm concern promise show`)

// modals and auxiliaries that may come right before a base-form cue.
var modals = set(`will would could should may might can must did do does to also not never`)

// contractions end in 's without being possessive.
var contractions = set(`it's he's she's that's there's what's who's here's let's`)

// validSource reports whether r can name a speaker: it holds a name or a
// pronoun, starts with a determiner, or ends in a word for people who speak
// ("officials", "sources").
func (s *scanner) validSource(r [2]int) bool {
	for i := r[0]; i < r[1]; i++ {
		if s.toks[i].cap || pronounGender[s.toks[i].lower] != unknown || s.toks[i].lower == "i" {
			return true
		}
	}
	last := s.toks[r[1]-1].lower
	first := s.toks[r[0]].lower
	return r[1]-r[0] > 1 || determiners[first] || isNumber(first) || genericHeads[last] || peopleNouns[last] ||
		roleWord(last) || last == "percent"
}

func isSubjectPronoun(w string) bool {
	switch w {
	case "he", "she", "they", "we", "i", "it", "you":
		return true
	}
	return false
}

func isPossessive(w string) bool {
	switch w {
	case "his", "her", "their", "its", "our", "my", "your":
		return true
	}
	return strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "’s") || strings.HasSuffix(w, "s'")
}

// npLeft returns the start of the noun phrase ending at token p (inclusive),
// scanning no further left than lo; p+1 when there is none.
func (s *scanner) npLeft(p, lo int) int {
	// A pronoun is a phrase of its own: "in Washington D.C. He recalled".
	if p >= lo && isSubjectPronoun(s.toks[p].lower) {
		return p
	}
	j := p
	for j >= lo && j > p-10 && (s.npWord(j) || s.ratio(j)) && !isSubjectPronoun(s.toks[j].lower) {
		// "of" only inside a phrase: "the president of Iran".
		if s.toks[j].lower == "of" && (j == p || j == lo) {
			break
		}
		j--
	}
	start := j + 1
	// Drop capitalised sentence adverbs at the start: "But", "Meanwhile".
	for start <= p && sentenceAdverbs[s.toks[start].lower] && s.toks[start].cap {
		start++
	}
	// A phrase cannot start with "of".
	for start <= p && s.toks[start].lower == "of" {
		start++
	}
	return start
}

// ratio reports whether token i is the "in" of "six in 10".
func (s *scanner) ratio(i int) bool {
	return s.is(i, "in") && i > 0 && i+1 < len(s.toks) && isNumeral(s.toks[i-1].lower) && isNumeral(s.toks[i+1].lower)
}

func isNumeral(w string) bool {
	switch w {
	case "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten":
		return true
	}
	return isNumber(w)
}

// npRight returns the end (exclusive) of the noun phrase starting at token
// j, scanning no further than hi. A lower-case word right after a name ends
// the phrase unless it is a role word ("Josh Earnest echoed" ends at
// "Earnest"; "White House spokesman Josh Earnest" does not end at "House").
func (s *scanner) npRight(j, hi int) int { return s.np(j, hi, true) }

// npObject is npRight for an addressee ("told Britain's ITV television
// station"), where a name may be followed by common nouns.
func (s *scanner) npObject(j, hi int) int { return s.np(j, hi, false) }

func (s *scanner) np(j, hi int, nameEnds bool) int {
	if s.is(j, "of") {
		return j
	}
	k := j
	for k < hi && k < j+10 && s.npWord(k) {
		t := s.toks[k]
		if nameEnds && k > j && !t.cap && s.toks[k-1].cap && !determiners[s.toks[k-1].lower] && !roleWord(t.lower) && t.lower != "of" &&
			!isNumber(t.lower) && s.upos(k) != "NOUN" {
			break
		}
		// "The fracas erupted", "A court document filed": a verb.
		if k > j+1 && !t.cap && strings.HasSuffix(t.lower, "ed") && s.upos(k) != "NOUN" && s.upos(k) != "ADJ" && !roleWord(t.lower) {
			break
		}
		k++
	}
	for k > j && s.toks[k-1].lower == "of" {
		k--
	}
	return k
}

// roleWord reports whether w names a role or a body ("spokesman",
// "ministry"), the words that may follow a name inside a noun phrase.
func roleWord(w string) bool {
	if roleGender[w] != unknown {
		return true
	}
	return roleWords[w]
}

var roleWords = set(`spokesman spokeswoman spokesperson spokespeople secretary minister ministers president
	official officials envoy ambassador leader leaders chief director senator governor adviser advisor aide
	aides candidate nominee ministry department agency daily newspaper commander general chairman
	representative representatives deputy head analyst analysts lawmaker lawmakers staff officer officers
	campaign manager press office council committee mayor prime vice foreign defense defence interior state
	military army government administration authorities spokespersons counterpart negotiator negotiators
	correspondent reporter editor founder member members professor expert experts researcher host anchor
	columnist commentator pollster strategist ceo executive chair adviser spokesperson delegate candidate`)

// skipLeft moves left over auxiliaries, adverbs and a time adverbial
// between a speaker and its cue ("the Pentagon on Monday denied", "he also
// said", "she has repeatedly said").
func (s *scanner) skipLeft(p, lo int) int {
	for p >= lo {
		t := s.toks[p]
		if t.kind == punct && t.lower == ")" {
			// "Sen. Elizabeth Warren (D-MA) said".
			k := p - 1
			for k >= lo && k > p-8 && !s.isPunct(k, "(") {
				k--
			}
			if k >= lo && s.isPunct(k, "(") {
				p = k - 1
				continue
			}
			return p
		}
		if t.kind != word {
			return p
		}
		switch {
		case auxAdverbs[t.lower]:
			p--
		case timeWords[t.lower] && (t.cap || t.lower == "today" || t.lower == "yesterday"):
			p--
			if s.is(p, "on", "last", "this", "early", "late") {
				p--
			}
		case isNumber(t.lower) && p-1 >= lo && months[s.toks[p-1].lower]:
			p -= 2
			if s.is(p, "on") {
				p--
			}
		case months[t.lower] && s.is(p-1, "in", "on", "last"):
			p -= 2
		case periods[t.lower] && p-1 >= lo && (s.is(p-1, "this", "last", "next", "that", "yesterday", "tomorrow", "early", "late") || timeWords[s.toks[p-1].lower]):
			// "Trump this morning said".
			p -= 2
		case leftPPNouns[t.lower] && p-2 >= lo && s.is(p-2, "at", "in", "for", "on", "during", "over") &&
			(determiners[s.toks[p-1].lower] || isPossessive(s.toks[p-1].lower) || s.toks[p-1].kind == word && !s.toks[p-1].cap):
			// "Trump at the time said", "Clinton in recent weeks has said".
			p -= 3
		case (t.lower == "turn" || t.lower == "response" || t.lower == "part") && s.is(p-1, "in", "for"):
			p -= 2
		default:
			return p
		}
	}
	return p
}

// periods follow "this", "last" in a time adverbial.
var periods = set(`morning afternoon evening night week month year weekend`)

// leftPPNouns end a short adverbial between a speaker and its cue ("at the
// time", "in recent weeks", "for his part").
var leftPPNouns = set(`time times weeks days months years part interview statement speech turn response
	past meantime meanwhile end`)

var auxAdverbs = set(`also has have had would will may might could can should did does do not never
	later earlier previously repeatedly reportedly once then again further still recently publicly privately
	quickly flatly firmly strongly explicitly subsequently initially immediately simply specifically
	separately directly personally openly bluntly emphatically angrily sharply repeatedly falsely
	accurately correctly wrongly already allegedly apparently reportedly frequently often sometimes
	always just even only`)

func isNumber(w string) bool {
	if w == "" {
		return false
	}
	for _, r := range w {
		if (r < '0' || r > '9') && r != ',' {
			return false
		}
	}
	return true
}

// skipRight moves right over a time adverbial and prepositional phrases
// after a cue ("said Monday", "said in a statement on Tuesday"), stopping at
// "that", punctuation, a quotation or anything else.
func (s *scanner) skipRight(j, hi int) int {
	for j < hi {
		t := s.toks[j]
		if t.kind == punct && (t.lower == "—" || t.lower == "–" || t.lower == "(") {
			// "said — on Twitter, as it happens — that".
			closer := t.lower
			if closer == "(" {
				closer = ")"
			}
			k := j + 1
			for k < hi && k < j+15 && !s.isPunct(k, closer) && s.toks[k].kind != quote {
				k++
			}
			if k < hi && s.isPunct(k, closer) && k > j+1 {
				j = k + 1
				continue
			}
			return j
		}
		if t.kind != word {
			return j
		}
		switch {
		case timeWords[t.lower] && t.lower != "then":
			j++
		case strings.HasSuffix(t.lower, "ly") && !lyNouns[t.lower] && !t.cap:
			// "said flatly", "said matter-of-factly".
			j++
		case t.lower == "on" && j+1 < hi && (timeWords[s.toks[j+1].lower] || months[s.toks[j+1].lower]):
			j += 2
			for j < hi && (isNumber(s.toks[j].lower) || s.isPunct(j, ",")) && !s.isQuote(j+1) {
				if s.isPunct(j, ",") && !isNumber(s.toks[min(j+1, hi-1)].lower) {
					break
				}
				j++
			}
		case t.lower == "last" || t.lower == "this" || t.lower == "next":
			if j+1 < hi && (s.is(j+1, "week", "month", "year", "night", "weekend") || timeWords[s.toks[j+1].lower]) {
				j += 2
			} else {
				return j
			}
		case adverbialPreps[t.lower] || t.lower == "of" || t.lower == "about":
			// "said in a statement", "said of the story".
			k := s.npRight(j+1, hi)
			if k == j+1 {
				return j
			}
			j = k
		default:
			return j
		}
	}
	return j
}

// analyse finds the attributions of one sentence, toks[lo:hi], appending
// them to out (the attributions of the paragraph so far: inherit indexes
// it).
func (s *scanner) analyse(lo, hi int, out []attribution) []attribution {
	first := len(out)
	if a, ok := s.headline(lo, hi); ok {
		out = append(out, a)
	}
	// `"..." ― Sonya Herridge`: a quotation signed with a dash.
	for i := lo; i+2 < hi; i++ {
		if !s.isQuote(i) || !(s.isPunct(i+1, "―") || s.isPunct(i+1, "—") || s.isPunct(i+1, "–")) {
			continue
		}
		e := s.npObject(i+2, hi)
		if e > i+2 && s.toks[e-1].cap && (e == hi || s.toks[e].kind == punct) {
			out = append(out, attribution{cue: s.toks[i+1].Span, class: classSay, inherit: -1,
				src: [2]int{i + 2, e}, head: s.headOf([2]int{i + 2, e}), content: [2]int{i, i + 1}, backward: true})
		}
	}
	for i := lo; i < hi; i++ {
		t := s.toks[i]
		if t.kind != word {
			continue
		}
		if t.lower == "according" && s.is(i+1, "to") {
			if a, ok := s.according(i, lo, hi); ok {
				out = append(out, a)
			}
			i++
			continue
		}
		if (t.lower == "cited" || t.lower == "quoted") && !t.cap {
			if a, ok := s.cited(i, lo, hi); ok {
				out = append(out, a)
				continue
			}
		}
		c, ok := cueWords[t.lower]
		if ok && i == lo && t.cap && c.class == classSay && c.form == formPast {
			if a, ok := s.initialCue(i, hi, c); ok {
				out = append(out, a)
			}
			continue
		}
		if p, ok2 := phrasal[t.lower]; ok2 && !ok && s.is(i+1, p) {
			// "Trump shot back", "he went on": a cue of two words.
			if a, ok3 := s.phrasalCue(i, lo, hi); ok3 {
				out = append(out, a)
			}
			continue
		}
		if !ok || t.cap && i > lo {
			continue
		}
		if !s.verbUse(i, lo, c) {
			continue
		}
		// "spoke about", "talked of": speaking is a cue only with a topic.
		if (c.lemma == "speak" || c.lemma == "talk") && !s.is(i+1, "about", "of", "on") {
			continue
		}
		if a, ok := s.verbCue(i, lo, hi, c, out, first); ok {
			out = append(out, a)
		}
	}
	s.cutContents(out[first:])
	return out
}

// verbCue reads the attribution of the cue verb c at token i of the
// sentence toks[lo:hi]; out[first:] are the sentence's attributions so far.
func (s *scanner) verbCue(i, lo, hi int, c cue, out []attribution, first int) (attribution, bool) {
	a := attribution{cue: s.toks[i].Span, class: c.class, inherit: -1}
	if c.form == formIng {
		// ", saying that ...": the speaker is the sentence's subject.
		a.inherit = s.lastWithSource(out, first)
		if a.inherit < 0 {
			if src := s.clauseSubject(lo, i); src[1] > src[0] {
				a.src = src
				a.head = s.headOf(a.src)
			}
		}
		a.content = s.forward(i+1, hi, c.class)
		return a, a.content[1] > a.content[0] && a.hasSource()
	}
	if a, ok := s.inverted(i, lo, hi, c); ok {
		return a, true
	}
	if !s.speakerBefore(&a, i, lo, out, first) {
		return a, false
	}
	if c.class == classThink && !s.isPronounOrName(a) {
		return a, false
	}
	s.content(&a, i, lo, hi, c)
	if (c.class == classThink || c.class == classStance) && a.content[1] <= a.content[0] {
		return a, false
	}
	// `"If we go," Mary said, "we go together."`: both pieces.
	if !a.backward && a.content[1] > a.content[0] && s.isQuote(a.content[0]) && a.src[1] > a.src[0] {
		if q := a.src[0] - 1; s.isQuote(q) {
			a.before = [2]int{q, q + 1}
		} else if s.isPunct(q, ",") && s.isQuote(q-1) {
			a.before = [2]int{q - 1, q}
		}
	}
	return a, true
}

// inverted reads a speaker after its cue: `"...," said Caddell`, `"...,"
// says a source involved in the talks`.
func (s *scanner) inverted(i, lo, hi int, c cue) (attribution, bool) {
	a := attribution{cue: s.toks[i].Span, class: c.class, inherit: -1, backward: true}
	if !(s.isPunct(i-1, ",") || s.isQuote(i-1)) || i+1 >= hi || c.class != classSay || c.form == formBase {
		return a, false
	}
	e := s.npObject(i+1, hi)
	if pronounGender[s.toks[i+1].lower] != unknown {
		e = i + 2
	}
	if e <= i+1 || !s.endsInversion(i+1, e, hi) || s.stripDet([2]int{i + 1, e})[0] >= e {
		return a, false
	}
	end := s.contentEnd(i)
	if end <= lo {
		return a, false
	}
	a.src = [2]int{i + 1, e}
	a.head = s.headOf(a.src)
	a.content = [2]int{lo, end}
	return a, true
}

// contentEnd returns the end of a content that comes before token k, the
// start of an attribution: the comma before k is left out, a quotation
// (with its comma inside or outside the marks) kept.
func (s *scanner) contentEnd(k int) int {
	switch {
	case s.isQuote(k - 1):
		return k
	case s.isQuote(k - 2):
		return k - 1
	}
	return k - 1
}

// speakerBefore finds the speaker of the cue at token i before it, setting
// a.src and a.head (or a.inherit); it reports whether there is one.
func (s *scanner) speakerBefore(a *attribution, i, lo int, out []attribution, first int) bool {
	p := s.skipLeft(i-1, lo)
	switch {
	case p < lo:
		// A cue opening the sentence has no speaker before it.
		return false
	case s.is(p, "and", "but", "or") || s.isPunct(p, ",") && s.is(p+1, "then"):
		a.inherit = s.lastWithSource(out, first)
		if a.inherit < 0 {
			// "He's comparing ... and says": the sentence's subject.
			e := s.subject(lo, p)
			st := s.subjectStart(lo)
			if e == 0 || !s.validSource([2]int{st, e}) {
				return false
			}
			a.src = [2]int{st, e}
			a.head = s.headOf(a.src)
		}
	case s.isPunct(p, ",") || s.isPunct(p, "—") || s.isPunct(p, "–"):
		src, head, ok := s.appositive(p, lo)
		if !ok {
			return false
		}
		a.src, a.head = src, head
	case s.is(p, "who", "that") && p > lo:
		// "Barkley, who said ...", "voters who say ...": the antecedent.
		q := p - 1
		if s.isPunct(q, ",") {
			q--
		}
		start := s.npLeft(q, lo)
		if start > q || !s.validSource([2]int{start, q + 1}) {
			return false
		}
		a.src = [2]int{start, q + 1}
		a.head = s.headOf(a.src)
		a.relative = p
	default:
		start := s.npLeft(p, lo)
		if start > p || s.is(start-1, "who", "which", "whom", "whose") || !s.validSource([2]int{start, p + 1}) {
			return false
		}
		a.src = [2]int{start, p + 1}
		a.head = s.headOf(a.src)
	}
	return true
}

// content sets the content of the cue c at token i: after the cue when
// something other than adverbials follows it, else the words before the
// speaker (`"...," Kerry said.`), or after the comma that closes an opening
// attribution ("Instead, Trump told CNN, his policy would ...").
func (s *scanner) content(a *attribution, i, lo, hi int, c cue) {
	a.content = s.forward(i+1, hi, c.class)
	if c.class == classThink || c.class == classStance && a.content[1] > a.content[0] {
		return
	}
	n := a.content[1] - a.content[0]
	if n > 2 || n > 0 && s.isQuote(a.content[0]) {
		return
	}
	if src := a.src[0]; a.inherit < 0 && src > lo && (s.isPunct(src-1, ",") || s.isQuote(src-1)) {
		end := s.contentEnd(src)
		a.content = [2]int{lo, end}
		a.backward = true
		// "The emails were on ..., the Times said, including ...": the
		// content goes on after the attribution.
		if k := s.skipRight(i+1, hi); s.isPunct(k, ",") && k+1 < hi && s.toks[k+1].kind == word && !s.isQuote(end-1) {
			if c, ok := cueWords[s.toks[k+1].lower]; (!ok || c.form != formIng) && !s.is(k+1, "who", "which") {
				a.content[1] = trimEnd(s, k+1, hi)
			}
		}
	}
	if a.content[1]-a.content[0] > 2 || c.class == classStance {
		return
	}
	k := i + 1
	if c.class == classTell {
		k = max(k, s.npObject(k, hi))
	}
	k = s.skipRight(k, hi)
	if s.isPunct(k, ",") && k+1 < hi && hi-(k+1) >= 3 && a.inherit < 0 && a.src[0]-lo <= 2 &&
		!s.hasQuote(lo, a.src[0]) && s.clauseStart(k+1) {
		a.content = [2]int{k + 1, trimEnd(s, k+1, hi)}
		a.backward = false
	}
}

// headline reads "Speaker: what was said", a name of one to four
// capitalised words and a colon opening the sentence ("Graham: Trump's
// rhetoric destroying GOP's chance").
func (s *scanner) headline(lo, hi int) (attribution, bool) {
	a := attribution{class: classSay, inherit: -1}
	start := lo
	// "EXCLUSIVE – Roger Stone: ..."
	if s.is(start, "exclusive", "watch", "video", "breaking") && (s.isPunct(start+1, "–") || s.isPunct(start+1, "—") || s.isPunct(start+1, "-") || s.isPunct(start+1, ":")) {
		start += 2
	}
	c := start
	for c < hi && c < start+4 && s.toks[c].kind == word && s.toks[c].cap {
		c++
	}
	name := c
	// "Clinton to Planned Parenthood: ...", "Former AG Mukasey at RNC: ...":
	// a headline naming its speaker first.
	for c < hi && c < start+14 && !s.isPunct(c, ":") && s.toks[c].kind == word && (s.toks[c].cap || smallWords[s.toks[c].lower]) {
		c++
	}
	if name == start || !s.isPunct(c, ":") || notHeadline[s.toks[start].lower] {
		return a, false
	}
	a.cue = s.toks[c].Span
	a.src = [2]int{start, name}
	a.head = a.src
	a.content = [2]int{c + 1, trimEnd(s, c+1, hi)}
	n := a.content[1] - a.content[0]
	return a, n >= 3 || n >= 1 && s.isQuote(a.content[1]-1)
}

// notHeadline are words before a colon that name no speaker.
var notHeadline = set(`note update updated photo photos video videos related source sources editor correction
	watch read image images credit credits by tags share via see also listen live breaking exclusive
	warning advertisement sponsored q a question answer http https www when where what who why how
	monday tuesday wednesday thursday friday saturday sunday latest the a an`)

// initialCue reads a sentence opening with its cue: `Said Dorothy Poynter,
// who grew up with Ali, "We were all so proud of him."`, `Stated Stone: "..."`.
func (s *scanner) initialCue(i, hi int, c cue) (attribution, bool) {
	a := attribution{cue: s.toks[i].Span, class: c.class, inherit: -1}
	e := s.npObject(i+1, hi)
	if e == i+1 {
		return a, false
	}
	a.src = [2]int{i + 1, e}
	a.head = a.src
	// The quotation follows the name, an appositive, and a colon or comma.
	for k := e; k < hi && k < e+25; k++ {
		if s.isQuote(k) && (s.isPunct(k-1, ",") || s.isPunct(k-1, ":")) {
			a.content = [2]int{k, trimEnd(s, k, hi)}
			return a, true
		}
	}
	return a, false
}

// phrasal maps the past form of a verb to the particle that makes it a cue
// of saying.
var phrasal = map[string]string{
	"went": "on", "shot": "back", "fired": "back", "hit": "back", "pushed": "back", "chimed": "in",
	"cut": "in", "spoke": "up", "piped": "up", "wrote": "back", "lashed": "out", "weighed": "in",
	"put": "it",
}

// phrasalCue reads `"...," Trump shot back` and `Trump shot back that ...`.
func (s *scanner) phrasalCue(i, lo, hi int) (attribution, bool) {
	a := attribution{cue: doc.Span{Start: s.toks[i].Start, End: s.toks[i+1].End}, class: classSay, inherit: -1}
	p := s.skipLeft(i-1, lo)
	if p < lo {
		return a, false
	}
	start := s.npLeft(p, lo)
	if start > p || !s.validSource([2]int{start, p + 1}) {
		return a, false
	}
	a.src = [2]int{start, p + 1}
	a.head = s.headOf(a.src)
	a.content = s.forward(i+2, hi, classSay)
	if a.content[1]-a.content[0] <= 2 && !(a.content[1] > a.content[0] && s.isQuote(a.content[0])) &&
		(s.isPunct(start-1, ",") || s.isQuote(start-1)) && start > lo {
		a.content = [2]int{lo, s.contentEnd(start)}
		a.backward = true
	}
	return a, a.content[1] > a.content[0]
}

// verbUse reports whether the cue word at i is used as a verb of saying
// here, not as a noun ("the report"), an infinitive ("declined to say") or a
// passive ("was told").
func (s *scanner) verbUse(i, lo int, c cue) bool {
	prev := ""
	if i > lo && s.toks[i-1].kind == word {
		prev = s.toks[i-1].lower
	}
	// The tagger, when it ran, tells "the reports" from "she reports".
	if s.upos(i) == "NOUN" && (c.form == formS && nounLike[s.toks[i].lower] || c.form == formBase && nounBase[c.lemma] ||
		c.class == classStance && c.form != formPast) {
		return false
	}
	if determiners[prev] && prev != "that" || isPossessive(prev) && !contractions[prev] {
		return false
	}
	// "reports of", "claims of": nouns; "claimed by": a passive.
	if s.is(i+1, "of") && c.form == formS || s.is(i+1, "by") && c.form == formPast {
		return false
	}
	// A noun-like form ("remarks", "state") after a word that cannot be
	// its subject: "his introductory remarks", "his home state".
	if (c.form == formS && (nounLike[s.toks[i].lower] || c.class == classStance) || c.form == formBase && nounBase[c.lemma]) && i > lo && s.toks[i-1].kind == word &&
		!s.toks[i-1].cap && pronounGender[prev] == unknown && prev != "i" && prev != "you" &&
		!genericHeads[prev] && !peopleNouns[prev] && !modals[prev] && !isNegated(prev) &&
		!(c.form == formBase && strings.HasSuffix(prev, "s")) {
		return false
	}
	switch c.form {
	case formBase:
		if prev == "to" {
			return false
		}
	case formPast:
		switch prev {
		case "was", "were", "is", "are", "been", "being", "be", "get", "got":
			return false
		}
	case formIng:
		if c.class == classThink {
			return false
		}
		return s.isPunct(i-1, ",") || prev == "and" || prev == "while" || prev == "by"
	}
	return true
}

// forward returns the content after a cue at j-1: past an addressee (for
// "tell" verbs), time and place adverbials and "that", up to hi. It is empty
// when nothing but adverbials follows.
func (s *scanner) forward(j, hi int, class cueClass) [2]int {
	if class == classStance && s.is(j, "out", "about", "to", "for", "on", "of", "up", "in", "at", "with") {
		// "pointed out", "talking about", "weighed in on".
		j++
		if s.is(j, "on", "about", "to", "for") {
			j++
		}
	}
	if class == classTell && j < hi && s.toks[j].kind == word && !s.is(j, "that") {
		if k := s.npObject(j, hi); k > j {
			j = k
		}
	}
	j = s.skipRight(j, hi)
	if j >= hi {
		return [2]int{hi, hi}
	}
	switch t := s.toks[j]; {
	case t.kind == word && subordinators[t.lower]:
		// "said as he launched the process": no content after the cue.
		return [2]int{hi, hi}
	case t.lower == "that" && t.kind == word:
		j++
	case t.kind == punct && t.lower == ":":
		j++
	case t.kind == punct && t.lower == ",":
		if !s.isQuote(j + 1) {
			if k := s.thatAhead(j, hi); k > 0 {
				j = k
				break
			}
			return [2]int{hi, hi}
		}
		j++
	case t.kind == punct:
		return [2]int{hi, hi}
	}
	// "said during a discussion hosted by ...": what is left is a
	// modifier, not what was said.
	if j >= hi {
		return [2]int{hi, hi}
	}
	if t := s.toks[j]; t.kind == word && !t.cap && strings.HasSuffix(t.lower, "ed") {
		if _, ok := cueWords[t.lower]; !ok {
			return [2]int{hi, hi}
		}
	}
	end := trimEnd(s, j, hi)
	return [2]int{j, end}
}

// hasQuote reports whether toks[lo:hi] hold a quotation.
func (s *scanner) hasQuote(lo, hi int) bool {
	for k := lo; k < hi; k++ {
		if s.toks[k].kind == quote {
			return true
		}
	}
	return false
}

// clauseStart reports whether token k can open a clause: a name, a
// pronoun, a determiner or a number.
func (s *scanner) clauseStart(k int) bool {
	t := s.toks[k]
	if t.kind != word || subordinators[t.lower] || adverbialPreps[t.lower] || t.lower == "according" ||
		strings.HasSuffix(t.lower, "ing") {
		return false
	}
	return t.cap || pronounGender[t.lower] != unknown || determiners[t.lower] || isNumber(t.lower)
}

// subordinators start an adverbial clause after a cue ("said as he
// left"), not its content.
var subordinators = set(`as while when before after because since although though whereas until once`)

// thatAhead looks past a short adverbial for "that" ("told a town hall in
// Salem, New Hampshire on Monday that"), returning the token after it, or 0.
func (s *scanner) thatAhead(j, hi int) int {
	for k := j; k < hi && k < j+12; k++ {
		t := s.toks[k]
		if t.kind == quote || t.kind == punct && t.lower != "," {
			return 0
		}
		if t.lower == "that" {
			return k + 1
		}
		if _, ok := cueWords[t.lower]; ok {
			return 0
		}
	}
	return 0
}

// trimEnd drops closing punctuation from the end of toks[j:hi].
func trimEnd(s *scanner, j, hi int) int {
	for hi > j && s.toks[hi-1].kind == punct {
		hi--
	}
	return hi
}

// appositive reads a speaker named before an appositive that ends at the
// comma at p: "Eric Pahon, a Pentagon spokesman, said", "Brett McGurk, U.S.
// President Barack Obama's envoy to the coalition, told". It returns the
// whole phrase and the name.
func (s *scanner) appositive(p, lo int) (src, head [2]int, ok bool) {
	for c := p - 1; c > lo && c > p-30; c-- {
		if s.isQuote(c) {
			break
		}
		if !s.isPunct(c, ",") && !s.isPunct(c, "—") && !s.isPunct(c, "–") {
			continue
		}
		st := s.npLeft(c-1, lo)
		if st > c-1 || !s.clauseBoundary(st, lo) {
			continue
		}
		if name := s.stripDet([2]int{st, c}); s.allCap(name) || s.toks[c-1].cap && s.validSource(name) {
			return [2]int{st, p}, [2]int{st, c}, true
		}
		// "A Pentagon spokesman, Eric Pahon, said".
		if name := [2]int{c + 1, p}; s.allCap(name) && !s.allCap([2]int{st, c}) {
			return [2]int{st, p}, name, true
		}
	}
	return src, head, false
}

// endsInversion reports whether the speaker of an inverted attribution,
// toks[j:e], is followed by what may follow it: the end or punctuation, or
// for a name an adverbial ("said Smith on Monday", "said the official.").
func (s *scanner) endsInversion(j, e, hi int) bool {
	if e >= hi {
		return true
	}
	t := s.toks[e]
	if t.kind == punct || t.kind == quote {
		return true
	}
	// "said Cruz constituent Dan Golvach when asked", "says a source
	// involved in the talks".
	last := s.toks[e-1]
	name := s.allCap(s.stripDet([2]int{j, e})) || last.cap
	return name && (adverbialPreps[t.lower] || timeWords[t.lower] || t.lower == "as" || subordinators[t.lower]) ||
		determiners[s.toks[j].lower] && (peopleNouns[last.lower] || genericHeads[last.lower])
}

// clauseBoundary reports whether a phrase starting at token st starts a
// clause: at the sentence start, or after a comma, a quotation or a
// conjunction.
func (s *scanner) clauseBoundary(st, lo int) bool {
	return st == lo || s.isPunct(st-1, ",") || s.isQuote(st-1) || s.isPunct(st-1, ":") ||
		s.is(st-1, "and", "but", "while", "as", "that", "after", "because", "though", "although", "when", "since", "so")
}

func (s *scanner) stripDet(r [2]int) [2]int {
	for r[0] < r[1] && determiners[s.toks[r[0]].lower] {
		r[0]++
	}
	return r
}

// allCap reports whether every word of r is capitalised: a name.
func (s *scanner) allCap(r [2]int) bool {
	if r[1] <= r[0] {
		return false
	}
	for i := r[0]; i < r[1]; i++ {
		if !s.toks[i].cap && s.toks[i].lower != "of" && s.toks[i].lower != "al" {
			return false
		}
	}
	return true
}

// headOf returns the part of a source phrase that names the speaker: past
// possessors ("Obama's envoy" -> "envoy") when nothing capitalised follows
// them, and the first comma-separated part.
func (s *scanner) headOf(r [2]int) [2]int {
	for i := r[0]; i < r[1]; i++ {
		if s.isPunct(i, ",") || s.isPunct(i, "(") {
			r[1] = i
			break
		}
		// "Robert Antonacci of the New York delegation", "Tom Cole of
		// Oklahoma": the name before "of".
		if s.is(i, "of") && i > r[0] && s.toks[i-1].cap && i+1 < r[1] &&
			(!s.toks[i+1].cap || s.place(i+1)) && s.capsBefore(r[0], i) >= 2 {
			r[1] = i
			break
		}
	}
	return r
}

// capsBefore counts the capitalised words of toks[lo:i].
func (s *scanner) capsBefore(lo, i int) int {
	n := 0
	for k := lo; k < i; k++ {
		if s.toks[k].cap {
			n++
		}
	}
	return n
}

// place reports whether token i starts a mention of a place (GPE or LOC).
func (s *scanner) place(i int) bool {
	if s.d == nil || s.idx == nil {
		return false
	}
	start := s.toks[i].Start
	for m := range s.idx.ascend(start, start+1) {
		if t := s.d.Entities[m.e].Type; t == doc.GPE || t == doc.LOC {
			return true
		}
	}
	return false
}

func (s *scanner) isPronounOnly(i, e int) bool {
	return e == i+1 && pronounGender[s.toks[i].lower] != unknown
}

// isPronounOrName reports whether a's source is a pronoun or contains a
// capitalised word: the speakers a verb of belief may take.
func (s *scanner) isPronounOrName(a attribution) bool {
	if a.inherit >= 0 {
		return true
	}
	for i := a.head[0]; i < a.head[1]; i++ {
		if s.toks[i].cap || pronounGender[s.toks[i].lower] != unknown {
			return true
		}
	}
	return false
}

func (s *scanner) lastWithSource(out []attribution, first int) int {
	for k := len(out) - 1; k >= first; k-- {
		if out[k].src[1] > out[k].src[0] {
			return k
		}
	}
	return -1
}

// subjectStart skips an introductory phrase ending in a comma ("In
// Washington,", "Asked to respond,", "Hours later,") at the sentence start,
// unless the phrase is a name (an appositive follows it).
func (s *scanner) subjectStart(lo int) int {
	if lo >= len(s.toks) || s.toks[lo].kind != word {
		return lo
	}
	w := s.toks[lo].lower
	intro := sentenceAdverbs[w] || timeWords[w] || months[w] || determiners[w] && !s.toks[lo].cap ||
		strings.HasSuffix(w, "ing") || strings.HasSuffix(w, "ed")
	limit := lo + 12
	for k := lo; k < len(s.toks) && k < limit; k++ {
		if s.isPunct(k, ",") {
			last := s.toks[k-1].lower
			if intro || last == "later" || last == "ago" || last == "earlier" || timeWords[last] || isNumber(last) {
				return k + 1
			}
			return lo
		}
		if s.toks[k].kind != word {
			break
		}
	}
	return lo
}

// clauseSubject returns the subject of the clause before a participle at
// token i: the noun phrase opening the last comma-separated part before it
// that has one followed by a word ("Speaking in Salem, New Hampshire, Trump
// went after Bush, calling him ..."), else the sentence's subject.
func (s *scanner) clauseSubject(lo, i int) [2]int {
	end := i
	if s.isPunct(end-1, ",") {
		end--
	}
	for c := end - 1; c >= lo-1; c-- {
		if c >= lo && !s.isPunct(c, ",") {
			continue
		}
		j := c + 1
		e := s.npRight(j, end)
		if e > j && e < end && s.toks[e].kind == word && s.validSource([2]int{j, e}) &&
			!sentenceAdverbs[s.toks[j].lower] && !strings.HasSuffix(s.toks[j].lower, "ing") {
			return [2]int{j, e}
		}
		end = c
	}
	if e := s.subject(lo, i); e > 0 {
		return [2]int{s.subjectStart(lo), e}
	}
	return [2]int{}
}

// subject returns the end of the sentence's subject noun phrase, or 0.
func (s *scanner) subject(lo, hi int) int {
	j := s.subjectStart(lo)
	e := s.npRight(j, hi)
	if e > j {
		return e
	}
	return 0
}

// according reads "according to X" at token i.
func (s *scanner) according(i, lo, hi int) (attribution, bool) {
	a := attribution{cue: doc.Span{Start: s.toks[i].Start, End: s.toks[i+1].End}, class: classSay, inherit: -1}
	e := s.npRight(i+2, hi)
	if e == i+2 {
		return a, false
	}
	a.src = [2]int{i + 2, e}
	a.head = s.headOf(a.src)
	if i == lo || (s.toks[lo].cap && sentenceAdverbs[s.toks[lo].lower] && i <= lo+2) {
		k := e
		for k < hi && !s.isPunct(k, ",") && !s.isPunct(k, ":") {
			k++
		}
		if k+1 >= hi {
			return a, false
		}
		a.content = [2]int{k + 1, trimEnd(s, k+1, hi)}
		return a, true
	}
	end := i
	if s.isPunct(i-1, ",") {
		end = i - 1
	}
	a.content = [2]int{lo, end}
	a.backward = true
	return a, end > lo
}

// cited reads `"...," the readout cited McGurk as telling the meeting`.
func (s *scanner) cited(i, lo, hi int) (attribution, bool) {
	a := attribution{class: classSay, inherit: -1}
	e := s.npRight(i+1, hi)
	if e == i+1 || !s.is(e, "as") || e+1 >= hi {
		return a, false
	}
	c, ok := cueWords[s.toks[e+1].lower]
	if !ok || c.form != formIng {
		return a, false
	}
	a.cue = doc.Span{Start: s.toks[i].Start, End: s.toks[e+1].End}
	a.src = [2]int{i + 1, e}
	a.head = a.src
	p := s.npLeft(i-1, lo)
	end := p
	if s.isPunct(end-1, ",") {
		end--
	}
	if end > lo {
		a.content = [2]int{lo, end}
		a.backward = true
	} else {
		// "An early tweet quoted the president as saying "..."".
		a.content = s.forward(e+2, hi, classSay)
	}
	return a, a.content[1] > a.content[0]
}

// cutContents ends each forward content where a later attribution of the
// same sentence begins: at the comma before its speaker, or at the
// conjunction before a coordinated cue.
func (s *scanner) cutContents(as []attribution) {
	for k := range as {
		if as[k].backward || as[k].content[1] <= as[k].content[0] {
			continue
		}
		for m := k + 1; m < len(as); m++ {
			b := as[m]
			cut := -1
			switch {
			case b.src[1] > b.src[0] && b.src[0] > as[k].content[0] && b.src[0] < as[k].content[1]:
				cut = b.src[0]
			case b.inherit >= 0 && b.cue.Start > s.toks[as[k].content[0]].Start:
				// The conjunction or comma before the coordinated cue.
				for c := as[k].content[0]; c < as[k].content[1]; c++ {
					if s.toks[c].Start >= b.cue.Start {
						cut = c
						break
					}
				}
				for cut > as[k].content[0] && (s.is(cut-1, "and", "but", "or") || auxAdverbs[s.toks[cut-1].lower]) {
					cut--
				}
			}
			if cut < 0 {
				continue
			}
			for cut > as[k].content[0] && s.toks[cut-1].kind == punct {
				cut--
			}
			if cut < as[k].content[1] {
				as[k].content[1] = cut
			}
			break
		}
	}
}
