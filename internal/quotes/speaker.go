package quotes

import (
	_ "embed"
	"iter"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"sitrep/internal/doc"
)

//go:embed lexicon/names.txt
var namesTxt string

// givenNames maps a given name to the gender it usually has.
var givenNames = parseNames(namesTxt)

func parseNames(src string) map[string]gender {
	m := map[string]gender{}
	for line := range strings.SplitSeq(src, "\n") {
		f := strings.Fields(line)
		if len(f) != 2 || strings.HasPrefix(f[0], "#") {
			continue
		}
		switch f[0] {
		case "M":
			m[f[1]] = male
		case "F":
			m[f[1]] = female
		}
	}
	return m
}

// resolver turns source phrases into entities of one document, in text
// order, remembering the last speaker for pronouns and running quotes.
type resolver struct {
	d *doc.Document
	// last is the entity of the most recent resolved speaker, or None.
	last int
	// describedIDs marks the entities added for described speakers.
	describedIDs map[int]bool
	// para is the index of the paragraph being read, lastPara that of the
	// last speaker's quote.
	para, lastPara int
	// idx holds every mention of every entity, by start, those in added
	// included.
	idx *mentionIndex
	// added holds the mentions addMention gave each entity, in the order it
	// gave them; flush moves them into the entities' Mentions. Inserting
	// each into its entity's sorted Mentions at once would move every later
	// mention each time.
	added map[int][]doc.Mention
	// genders caches gender per entity.
	genders map[int]genderMemo
	// byFold maps the case-folded name of an entity (foldKey) to the first
	// entity so called, and surnames the surname of a person to the first
	// person with it; both are built the first time byName needs them.
	// describedByNoun maps the case-folded head noun of a described
	// speaker's name to the last entity described() added.
	byFold, surnames, describedByNoun map[string]int
	// scans remembers the last answer of latest for each key; scanned is
	// the largest offset latest scanned back from, and changes counts the
	// changes to the index and to genders that can alter an answer.
	scans            map[scanKey]scanMemo
	scanned, changes int
	// words maps each word of the text to where it occurs (wordStarts),
	// built the first time occurrences needs it; empty when the text is not
	// valid UTF-8.
	words map[string][]int
}

func newResolver(d *doc.Document) *resolver {
	r := &resolver{d: d, last: doc.None, lastPara: -100, added: map[int][]doc.Mention{}, genders: map[int]genderMemo{},
		describedByNoun: map[string]int{}, scans: map[scanKey]scanMemo{}}
	var idx []mref
	for i, e := range d.Entities {
		for _, m := range e.Mentions {
			idx = append(idx, mref{Mention: m, e: i})
		}
	}
	slices.SortStableFunc(idx, func(a, b mref) int { return a.Start - b.Start })
	r.idx = newMentionIndex(idx)
	return r
}

// named records entity i, just added to the document, in byFold and
// surnames once they are built.
func (r *resolver) named(i int) {
	if r.byFold == nil {
		return
	}
	e := r.d.Entities[i]
	if k := foldKey(e.Name); !has(r.byFold, k) {
		r.byFold[k] = i
	}
	if k := foldKey(lastWord(e.Name)); e.Type == doc.PER && !has(r.surnames, k) {
		r.surnames[k] = i
	}
}

func has(m map[string]int, k string) bool {
	_, ok := m[k]
	return ok
}

// foldKey returns s with every character replaced by the smallest of its
// case-folding orbit: foldKey(a) == foldKey(b) exactly when
// strings.EqualFold(a, b). For ASCII that is the upper case.
func foldKey(s string) string {
	ascii := true
	for i := 0; i < len(s) && ascii; i++ {
		ascii = s[i] < utf8.RuneSelf
	}
	if ascii {
		return strings.ToUpper(s)
	}
	b := make([]rune, 0, len(s))
	for _, c := range s {
		least := c
		for f := unicode.SimpleFold(c); f != c; f = unicode.SimpleFold(f) {
			least = min(least, f)
		}
		b = append(b, least)
	}
	return string(b)
}

// flush moves the mentions addMention gave each entity into its Mentions,
// in text order.
func (r *resolver) flush() {
	for e, ms := range r.added {
		all := append(r.d.Entities[e].Mentions, ms...)
		slices.SortStableFunc(all, func(a, b doc.Mention) int { return a.Start - b.Start })
		r.d.Entities[e].Mentions = all
	}
	clear(r.added)
}

// mref is one mention of entity e, in the resolver's index.
type mref struct {
	doc.Mention
	e int
}

// maxMention bounds the length of a mention for index look-ups.
const maxMention = 300

// index records a new mention of entity e in the index.
func (r *resolver) index(e int, m doc.Mention) {
	r.idx.insert(mref{Mention: m, e: e})
	if m.Start < r.scanned {
		r.changes++
	}
}

// latest returns the entity of the last mention in the index (in its order)
// that starts before off, ends by off and satisfies ok, or None. ok must
// depend only on the mention, its entity and the entities' genders, and
// key must name it: latest remembers the answer for each key, so that the
// next call with a later off need only look at the mentions after the
// last off (and those maxLen before it, which may have ended since),
// unless a mention was added before that off or a name mention anywhere
// (which may change a gender) since. A text of many pronouns and many
// mentions that none fits then costs O(n), not O(n²).
func (r *resolver) latest(key scanKey, off int, ok func(mref) bool) int {
	memo, hit := r.scans[key]
	lo := math.MinInt // below lo the memo holds the answer
	if hit && memo.changes == r.changes && off >= memo.off {
		lo = memo.off - r.idx.maxLen
	}
	found, at := false, mref{}
	for m := range r.idx.descend(off) {
		if m.Start < lo {
			break
		}
		if m.End <= off && ok(m) {
			found, at = true, m
			break
		}
	}
	if !found && lo != math.MinInt {
		// Every mention below lo ends before memo.off, so whether it fits
		// is as it was then.
		found, at = memo.found, memo.m
	}
	r.scans[key] = scanMemo{off: off, changes: r.changes, found: found, m: at}
	r.scanned = max(r.scanned, off)
	if !found {
		return doc.None
	}
	return at.e
}

// scanKey names the test of a latest scan: a pronoun's gender, or the
// noun of a description.
type scanKey struct {
	pronoun gender
	noun    string
}

// scanMemo is the answer of the last latest scan for one key: the mention
// found, if any, scanning back from off while changes was as given.
type scanMemo struct {
	off, changes int
	found        bool
	m            mref
}

// near yields, in order, the index entries that may overlap [start, end):
// those starting from maxMention bytes before start.
func (r *resolver) near(start, end int) iter.Seq[mref] {
	return r.idx.ascend(start-maxMention, end)
}

// resolve returns the entity a source phrase names and the span of the
// mention naming it. head is the part naming the speaker, src the whole
// phrase (with an appositive). It may add an entity or a mention.
func (r *resolver) resolve(s *scanner, src, head [2]int) (int, doc.Span) {
	if head[1] <= head[0] {
		return doc.None, doc.Span{}
	}
	hs := doc.Span{Start: s.toks[head[0]].Start, End: s.toks[head[1]-1].End}
	// A pronoun.
	if head[1]-head[0] == 1 {
		w := s.toks[head[0]].lower
		if g, ok := pronounGender[w]; ok {
			if g == unknown {
				return doc.None, hs
			}
			e := r.pronoun(g, hs.Start)
			if e != doc.None {
				r.addMention(e, hs, doc.MentionPronoun)
			}
			return e, hs
		}
	}
	// A name ends the phrase: the entity with a mention there, else one
	// called by that name, else a new one.
	if name := s.lastNameRun(head); name[1] > name[0] {
		ns := doc.Span{Start: s.toks[name[0]].Start, End: s.toks[name[1]-1].End}
		if e, m := r.entityIn(ns); e != doc.None {
			return e, m
		}
		name = s.personName(name)
		ns = doc.Span{Start: s.toks[name[0]].Start, End: s.toks[name[1]-1].End}
		if e := r.byName(ns); e != doc.None {
			r.addMention(e, ns, doc.MentionName)
			return e, ns
		}
		// "MPs", "People", "Reports" capitalised at a sentence start are
		// common nouns, not names: they are described below, if at all.
		if lw := s.toks[name[0]].lower; name[1]-name[0] != 1 || !peopleNouns[lw] && !commonSpeakers[lw] {
			return r.newEntity(s, name), ns
		}
	}
	// An entity the earlier stages found in the phrase ("Senior Iranian
	// officials" -> Iran).
	if e, m := r.entityIn(hs); e != doc.None {
		return e, m
	}
	if src != head {
		ss := doc.Span{Start: s.toks[src[0]].Start, End: s.toks[src[1]-1].End}
		if e, m := r.entityIn(ss); e != doc.None && r.d.Entities[e].Type == doc.PER {
			return e, m
		}
	}
	// A description: "the spokeswoman", "the ministry".
	if e := r.nominal(s, head, hs.Start); e != doc.None {
		r.addMention(e, hs, doc.MentionNominal)
		return e, hs
	}
	// A speaker described but not named ("senior Iranian officials", "a
	// source close to the campaign"): an entity of its own.
	if e := r.described(s, head); e != doc.None {
		return e, hs
	}
	return doc.None, hs
}

// peopleNouns head phrases that describe people who speak.
var peopleNouns = set(`source sources official officials aide aides analyst analysts expert experts observer
	observers diplomat diplomats people critics critic supporters supporter residents resident witnesses
	witness spokesman spokeswoman spokesperson spokespeople voters voter lawmakers lawmaker democrats
	republicans leaders leader activists activist protesters protester members member staff staffers
	insiders insider advisers adviser advisors advisor strategists strategist donors donor officers officer
	investigators investigator prosecutors prosecutor lawyers lawyer attorneys attorney doctors doctor
	researchers researcher scientists scientist economists economist organizers organizer allies ally
	candidate candidates nominee commander commanders soldiers soldier fighters fighter militants
	rebels rebel man woman men women students student workers worker executives executive
	agents agent envoy diplomat minister ministers president senator senators governor governors
	mayor judge justices justice official representatives representative colleagues friends family
	relatives parents father mother son daughter neighbors neighbours residents americans citizens
	journalists journalist reporter reporters correspondent editor editors host moderator audience crowd
	magnate tycoon billionaire businessman businesswoman chairman chief director manager head`)

// described adds an entity for a source phrase that describes its speaker
// without naming it, unless it is a bare pronoun or a determiner alone. The
// entity takes its country from a state named in the phrase ("Iranian").
func (r *resolver) described(s *scanner, head [2]int) int {
	h := s.stripDet(head)
	if h[1] <= h[0] {
		return doc.None
	}
	noun := s.toks[h[1]-1].lower
	if pronounGender[noun] != unknown || noun == "i" || noun == "you" || isNumber(noun) {
		return doc.None
	}
	span := doc.Span{Start: s.toks[h[0]].Start, End: s.toks[h[1]-1].End}
	name := span.In(r.d.Text)
	// "the source" after "a source": the same speaker.
	if s.is(head[0], "the") {
		if i, ok := r.describedByNoun[foldKey(noun)]; ok {
			r.addMention(i, doc.Span{Start: s.toks[head[0]].Start, End: span.End}, doc.MentionNominal)
			return i
		}
	}
	typ := doc.MISC
	switch {
	case peopleNouns[noun] || roleGender[noun] != unknown:
		typ = doc.PER
	case orgWords[noun]:
		typ = doc.ORG
	}
	e := doc.Entity{ID: doc.EntityID(len(r.d.Entities)), Name: name, Type: typ,
		Mentions: []doc.Mention{{Span: doc.Span{Start: s.toks[head[0]].Start, End: span.End}, Kind: doc.MentionNominal}}}
	if roleWord(noun) && typ == doc.PER {
		e.Role = noun
	}
	// The country of the first state or organisation with a mention there.
	first := doc.None
	for m := range r.idx.overlapping(span.Start, span.End) {
		if o := r.d.Entities[m.e]; o.Country != "" && (o.Type == doc.GPE || o.Type == doc.ORG) && (first == doc.None || m.e < first) {
			first = m.e
		}
	}
	if first != doc.None {
		e.Country = r.d.Entities[first].Country
	}
	r.d.Entities = append(r.d.Entities, e)
	i := len(r.d.Entities) - 1
	r.index(i, e.Mentions[0])
	r.named(i)
	if r.describedIDs == nil {
		r.describedIDs = map[int]bool{}
	}
	r.describedIDs[i] = true
	r.describedByNoun[foldKey(lastWord(e.Name))] = i
	return i
}

// entityIn returns the entity with a mention inside (or overlapping) span:
// a person before anything else, then the rightmost mention that is not a
// possessor ("Obama's envoy").
func (r *resolver) entityIn(span doc.Span) (int, doc.Span) {
	best, bestM, bestScore := doc.None, doc.Span{}, -1
	text := r.d.Text
	for m := range r.near(span.Start, span.End) {
		if !m.Overlaps(span) {
			continue
		}
		e := r.d.Entities[m.e]
		score := 1
		if e.Type == doc.PER {
			score += 4
		}
		if e.Type == doc.ORG {
			score += 2
		}
		if m.Kind == doc.MentionDemonym {
			score--
		}
		after := text[m.End:min(len(text), m.End+3)]
		if strings.HasPrefix(after, "'s") || strings.HasPrefix(after, "’s") {
			score -= 3
		}
		if score > bestScore || score == bestScore && m.Start > bestM.Start {
			best, bestM, bestScore = m.e, m.Span, score
		}
	}
	return best, bestM
}

// byName finds an entity called by the name at span: the same name, or for
// a person the same surname.
func (r *resolver) byName(span doc.Span) int {
	if r.byFold == nil {
		r.byFold, r.surnames = map[string]int{}, map[string]int{}
		for i := range r.d.Entities {
			r.named(i)
		}
	}
	name := span.In(r.d.Text)
	if i, ok := r.byFold[foldKey(name)]; ok {
		return i
	}
	if !strings.Contains(name, " ") {
		if i, ok := r.surnames[foldKey(lastWord(name))]; ok {
			return i
		}
	}
	return doc.None
}

func lastWord(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return ""
	}
	return f[len(f)-1]
}

// commonSpeakers are plural or generic nouns that speak in news text
// without being names ("MPs said", "Reports say").
var commonSpeakers = set(`mps ministers reports report polls poll figures papers newspapers sources
	campaigners unions companies firms banks markets government governments police`)

// orgWords mark a name as an organisation's ("the State Department").
var orgWords = set(`department ministry house office party committee council times post news agency
	association institute university campaign court congress senate union group bank fund commission
	foundation center centre company inc. corp. network journal daily press tribune herald channel
	service services administration government army forces police command organization organisation
	coalition alliance federation league movement front brigade brigades board bureau cabinet parliament
	assembly embassy kremlin pentagon reuters xinhua tass nato cnn bbc fox msnbc abc nbc cbs ap afp
	guardian telegraph gazette review magazine watch`)

// newEntity adds a named entity for the name run at name and returns its
// index. It is a person unless the name reads as an organisation's.
func (r *resolver) newEntity(s *scanner, name [2]int) int {
	ns := doc.Span{Start: s.toks[name[0]].Start, End: s.toks[name[1]-1].End}
	typ := doc.PER
	for i := name[0]; i < name[1]; i++ {
		if orgWords[s.toks[i].lower] {
			typ = doc.ORG
		}
	}
	if s.is(name[0]-1, "the") || name[1]-name[0] == 1 && isAcronym(ns.In(s.text)) {
		typ = doc.ORG
	}
	return r.addEntity(ns, typ)
}

// addEntity adds an entity of type typ named by the text at ns, with a
// mention at every free occurrence of the name (and of a person's surname),
// and returns its index.
func (r *resolver) addEntity(ns doc.Span, typ doc.EntityType) int {
	text := r.d.Text
	name := ns.In(text)
	if typ == doc.PER && strings.ToUpper(name) == name && len(name) > 3 {
		// "PENCE" in a transcript is Pence.
		name = titleCaseName(name)
	}
	e := doc.Entity{ID: doc.EntityID(len(r.d.Entities)), Name: name, Type: typ}
	// The occurrences of each word run are found left to right without
	// overlapping one another, so each run's mentions are sorted and
	// disjoint; a surname's only need checking against the whole name's.
	var whole []doc.Mention
	for pass, w := range []string{ns.In(text), lastWord(ns.In(text))} {
		if typ != doc.PER && w != ns.In(text) {
			continue
		}
		for _, m := range r.occurrences(w) {
			if !r.taken(m) && !overlapsSorted(whole, m) {
				e.Mentions = append(e.Mentions, doc.Mention{Span: m, Kind: doc.MentionName})
			}
		}
		if pass == 0 {
			whole = e.Mentions
		}
	}
	if !overlapsAny(e.Mentions, ns) {
		e.Mentions = append(e.Mentions, doc.Mention{Span: ns, Kind: doc.MentionName})
	}
	slices.SortFunc(e.Mentions, func(a, b doc.Mention) int { return a.Start - b.Start })
	r.d.Entities = append(r.d.Entities, e)
	i := len(r.d.Entities) - 1
	for _, m := range e.Mentions {
		r.index(i, m)
	}
	r.named(i)
	return i
}

// occurrences returns the word-bounded occurrences of w among those a
// left-to-right scan of the text finds, each after the end of the one
// before. Looking the name up in an index of the text's words, instead of
// scanning the whole text for it, keeps a text that names many people
// from costing a pass over the text per name. The index gives the scan's
// answer when w has a word and cannot overlap itself (it has no border: no
// proper prefix that is also its suffix), so that no occurrence hides
// another; otherwise, and when the text or w is not valid UTF-8,
// occurrences scans.
func (r *resolver) occurrences(w string) []doc.Span {
	text := r.d.Text
	if r.words == nil {
		r.words = map[string][]int{}
		if utf8.ValidString(text) {
			r.words = wordStarts(text)
		}
	}
	var out []doc.Span
	words := wordsOf(w)
	if len(words) == 0 || hasBorder(w) || len(r.words) == 0 || !utf8.ValidString(w) {
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
	// In a word-bounded occurrence each word of w is a whole word of the
	// text (a character that is not a letter or digit, in w or around the
	// occurrence, bounds it on each side), the rarest one included: its
	// places give the candidates.
	rare := words[0]
	for _, x := range words[1:] {
		if len(r.words[x.In(w)]) < len(r.words[rare.In(w)]) {
			rare = x
		}
	}
	for _, at := range r.words[rare.In(w)] {
		m := doc.Span{Start: at - rare.Start, End: at - rare.Start + len(w)}
		if m.Start >= 0 && strings.HasPrefix(text[m.Start:], w) && wordBounded(text, m) {
			out = append(out, m)
		}
	}
	return out
}

// wordsOf returns the spans of the words of w: its maximal runs of letters
// and digits.
func wordsOf(w string) []doc.Span {
	var out []doc.Span
	start := -1
	for i, c := range w {
		switch {
		case isWordRune(c) && start < 0:
			start = i
		case !isWordRune(c) && start >= 0:
			out = append(out, doc.Span{Start: start, End: i})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, doc.Span{Start: start, End: len(w)})
	}
	return out
}

// wordStarts maps each word of text (wordsOf) to where it starts, in
// order.
func wordStarts(text string) map[string][]int {
	out := map[string][]int{}
	for _, s := range wordsOf(text) {
		out[s.In(text)] = append(out[s.In(text)], s.Start)
	}
	return out
}

// hasBorder reports whether a proper prefix of w is also its suffix, that
// is whether two occurrences of w can overlap.
func hasBorder(w string) bool {
	// fail[i] is the length of the longest border of w[:i+1] (KMP).
	fail := make([]int, len(w))
	for i := 1; i < len(w); i++ {
		k := fail[i-1]
		for k > 0 && w[i] != w[k] {
			k = fail[k-1]
		}
		if w[i] == w[k] {
			k++
		}
		fail[i] = k
	}
	return len(w) > 0 && fail[len(w)-1] > 0
}

// titleCaseName turns "MIKE PENCE" into "Mike Pence".
func titleCaseName(s string) string {
	f := strings.Fields(strings.ToLower(s))
	for i, w := range f {
		r, size := utf8.DecodeRuneInString(w)
		f[i] = string(unicode.ToUpper(r)) + w[size:]
	}
	return strings.Join(f, " ")
}

func isAcronym(w string) bool {
	n := 0
	for _, c := range w {
		if unicode.IsLower(c) {
			return false
		}
		n++
	}
	return n >= 2
}

func overlapsAny(ms []doc.Mention, s doc.Span) bool {
	for _, m := range ms {
		if m.Overlaps(s) {
			return true
		}
	}
	return false
}

// overlapsSorted is overlapsAny for mentions sorted by start that do not
// overlap one another: only the last one starting before s ends can
// overlap s.
func overlapsSorted(ms []doc.Mention, s doc.Span) bool {
	i, _ := slices.BinarySearchFunc(ms, s.End, func(m doc.Mention, off int) int { return m.Start - off })
	return i > 0 && ms[i-1].Overlaps(s)
}

// taken reports whether an existing entity already has a mention there.
func (r *resolver) taken(s doc.Span) bool {
	for m := range r.near(s.Start, s.End) {
		if m.Overlaps(s) {
			return true
		}
	}
	return false
}

func wordBounded(text string, s doc.Span) bool {
	if s.Start > 0 {
		r, _ := utf8.DecodeLastRuneInString(text[:s.Start])
		if isWordRune(r) {
			return false
		}
	}
	if s.End < len(text) {
		r, _ := utf8.DecodeRuneInString(text[s.End:])
		if isWordRune(r) {
			return false
		}
	}
	return true
}

// addMention adds a mention of kind at span to entity e, keeping the
// mentions in text order, unless one already covers it.
func (r *resolver) addMention(e int, span doc.Span, kind doc.MentionKind) {
	for m := range r.idx.overlapping(span.Start, span.End) {
		if m.e == e {
			return
		}
	}
	m := doc.Mention{Span: span, Kind: kind}
	r.added[e] = append(r.added[e], m)
	r.index(e, m)
	if kind == doc.MentionName {
		r.changes++ // e's gender may change
	}
	if g, ok := r.genders[e]; ok && kind == doc.MentionName && !g.fixed {
		if mg := mentionGender(r.d.Text, m); mg != unknown && span.Start < g.at {
			r.genders[e] = genderMemo{g: mg, at: span.Start}
		}
	}
}

// pronoun resolves a pronoun of gender g at offset off: the last speaker
// when compatible, else the entity mentioned most recently before off.
func (r *resolver) pronoun(g gender, off int) int {
	compatible := func(i int) bool {
		e := r.d.Entities[i]
		switch g {
		case male, female:
			if e.Type != doc.PER {
				return false
			}
			eg := r.gender(i)
			return eg == unknown || eg == g
		case neuter:
			return e.Type == doc.ORG || e.Type == doc.GPE
		case plural:
			// "they" are people or a body, not a place.
			return e.Type == doc.ORG || r.describedIDs[i] && e.Type == doc.PER
		}
		return false
	}
	if r.last != doc.None && compatible(r.last) && r.mentionedBefore(r.last, off) && r.lastPara >= r.para-1 {
		return r.last
	}
	// The subject first: the earliest compatible mention of the pronoun's
	// sentence before it, else of the sentence before, else the latest.
	if k := r.d.SentenceAt(off); k != doc.None {
		for back := 0; back <= 1 && k-back >= 0; back++ {
			sent := r.d.Sentences[k-back].Span
			for m := range r.near(sent.Start+maxMention, min(sent.End, off)) {
				if sent.Contains(m.Span) && m.End <= off && m.Kind != doc.MentionDemonym && m.Kind != doc.MentionPronoun &&
					compatible(m.e) {
					return m.e
				}
			}
		}
	}
	best := r.latest(scanKey{pronoun: g}, off, func(m mref) bool { return m.Kind != doc.MentionDemonym && compatible(m.e) })
	if best == doc.None && (g == male || g == female) {
		// A person the earlier stages missed: the latest "Given Surname"
		// before the pronoun with a given name of that gender.
		if ns, ok := lastPersonName(r.d.Text, off, g); ok {
			return r.addEntity(ns, doc.PER)
		}
	}
	return best
}

// lastPersonName finds, in the 2,000 bytes of text before off, the last two
// capitalised words whose first is a given name of gender g.
func lastPersonName(text string, off int, g gender) (doc.Span, bool) {
	lo := max(0, off-2000)
	var found doc.Span
	ok := false
	for i := lo; i < off; {
		r, size := utf8.DecodeRuneInString(text[i:off])
		if !unicode.IsUpper(r) || i > 0 && isWordRune(prevRune(text, i)) {
			i += size
			continue
		}
		j := i
		for j < off && isWordRune(rune(text[j])) {
			j++
		}
		first := text[i:j]
		if givenNames[first] == g && j+1 < off && text[j] == ' ' {
			r2, _ := utf8.DecodeRuneInString(text[j+1 : off])
			if unicode.IsUpper(r2) {
				k := j + 1
				for k < off && (isWordRune(rune(text[k])) || text[k] == '-') {
					k++
				}
				found, ok = doc.Span{Start: i, End: k}, true
			}
		}
		i = max(j, i+size)
	}
	return found, ok
}

func prevRune(text string, i int) rune {
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	return r
}

func (r *resolver) mentionedBefore(e, off int) bool {
	for _, ms := range [][]doc.Mention{r.d.Entities[e].Mentions, r.added[e]} {
		for _, m := range ms {
			if m.Start < off {
				return true
			}
		}
	}
	return false
}

// gender guesses a person's gender from the role, the given name and the
// words right before a mention ("spokeswoman Elizabeth Trudeau", "Mrs."):
// the first name mention, in text order, that tells.
func (r *resolver) gender(i int) gender {
	if g, ok := r.genders[i]; ok {
		return g.g
	}
	g := r.findGender(i)
	r.genders[i] = g
	return g.g
}

// genderMemo is what gender found for one entity: g, told by its role or
// name (fixed) or else by the name mention starting at at (math.MaxInt
// when none tells). A name mention added before at may still change it.
type genderMemo struct {
	g     gender
	fixed bool
	at    int
}

func (r *resolver) findGender(i int) genderMemo {
	e := r.d.Entities[i]
	for w := range strings.FieldsSeq(strings.ToLower(e.Role)) {
		if g := roleGender[w]; g != unknown {
			return genderMemo{g: g, fixed: true}
		}
	}
	if f := strings.Fields(e.Name); len(f) > 1 {
		if g := givenNames[f[0]]; g != unknown {
			return genderMemo{g: g, fixed: true}
		}
	}
	memo := genderMemo{g: unknown, at: math.MaxInt}
	for _, m := range e.Mentions {
		if m.Kind == doc.MentionName {
			if g := mentionGender(r.d.Text, m); g != unknown {
				memo = genderMemo{g: g, at: m.Start}
				break
			}
		}
	}
	for _, m := range r.added[i] {
		if m.Kind == doc.MentionName && m.Start < memo.at {
			if g := mentionGender(r.d.Text, m); g != unknown {
				memo = genderMemo{g: g, at: m.Start}
			}
		}
	}
	return memo
}

// mentionGender reads a person's gender from the words right before a
// name mention or from its given name, or returns unknown.
func mentionGender(text string, m doc.Mention) gender {
	before := strings.Fields(strings.ToLower(text[max(0, m.Start-30):m.Start]))
	for k := len(before) - 1; k >= 0 && k >= len(before)-2; k-- {
		if g := roleGender[strings.Trim(before[k], ",")]; g != unknown {
			return g
		}
	}
	if f := strings.Fields(m.In(text)); len(f) > 1 {
		if g := givenNames[f[0]]; g != unknown {
			return g
		}
	}
	return unknown
}

// nominal resolves a description ("the spokeswoman", "the ministry", "the
// influential US daily") to the most recent entity it fits: a person whose
// role is the head noun, an organisation whose name holds it.
func (r *resolver) nominal(s *scanner, head [2]int, off int) int {
	if !determiners[s.toks[head[0]].lower] || s.toks[head[0]].lower == "a" || s.toks[head[0]].lower == "an" {
		return doc.None
	}
	noun := s.toks[head[1]-1].lower
	if genericHeads[noun] {
		return doc.None
	}
	return r.latest(scanKey{noun: noun}, off, func(m mref) bool {
		e := r.d.Entities[m.e]
		switch e.Type {
		case doc.PER:
			return strings.Contains(strings.ToLower(e.Role), noun) || roleGender[noun] != unknown && r.gender(m.e) == roleGender[noun] && e.Role != ""
		case doc.ORG, doc.GPE:
			return strings.Contains(strings.ToLower(e.Name), noun) || nominalOrg(noun, e)
		}
		return false
	})
}

// nominalOrg reports whether a common noun can describe organisation e:
// "the daily" a newspaper, "the ministry" a ministry.
func nominalOrg(noun string, e doc.Entity) bool {
	switch noun {
	case "daily", "newspaper", "paper", "outlet", "publication", "network", "broadcaster":
		n := strings.ToLower(e.Name)
		for _, w := range []string{"times", "post", "journal", "daily", "news", "tribune", "herald", "gazette", "cnn", "bbc", "telegraph", "guardian"} {
			if strings.Contains(n, w) {
				return true
			}
		}
	case "group", "militants", "organization", "organisation":
		return e.Type == doc.ORG
	case "country", "nation", "government", "kingdom", "republic", "state":
		return e.Type == doc.GPE
	}
	return false
}

// titleWords are capitalised words of a title before a person's name
// ("U.S. Secretary of State John Kerry", "Turkish Foreign Minister").
var titleWords = set(`secretary state minister foreign prime vice president senator sen. governor gov. rep.
	representative general gen. lt. col. colonel admiral adm. chairman chairwoman ambassador envoy
	mr. mrs. ms. dr. prof. judge justice speaker leader chief director spokesman spokeswoman mayor
	king queen prince sheikh ayatollah pope cardinal commander president-elect former acting deputy
	defense defence interior home finance attorney candidate nominee chancellor premier majority
	minority house white senate congressman congresswoman secretary-general of the`)

// personName strips a title from the start of a name run when a person's
// name follows it: "U.S. Secretary of State John Kerry" -> "John Kerry".
func (s *scanner) personName(r [2]int) [2]int {
	last := -1
	for i := r[0]; i < r[1]-1; i++ {
		if titleWords[s.toks[i].lower] || isInitials(strings.TrimSuffix(s.text[s.toks[i].Start:s.toks[i].End], ".")) {
			last = i
		}
	}
	if last < 0 || orgWords[s.toks[r[1]-1].lower] {
		return r
	}
	return [2]int{last + 1, r[1]}
}

// lastNameRun returns the last run of capitalised words in r, skipping
// a capitalised determiner at its start ("The"); empty when none.
func (s *scanner) lastNameRun(r [2]int) [2]int {
	// The phrase must end in the name: "Senior Iranian officials" and
	// "Obama's envoy" name no one.
	if r[1] <= r[0] {
		return [2]int{0, 0}
	}
	if t := s.toks[r[1]-1]; !t.cap || isPossessive(t.lower) {
		return [2]int{0, 0}
	}
	end := r[1]
	start := end - 1
	for start-1 >= r[0] && (s.toks[start-1].cap || s.toks[start-1].lower == "of" && start-2 >= r[0] && s.toks[start-2].cap) && !isPossessive(s.toks[start-1].lower) {
		start--
	}
	for start < end && (determiners[s.toks[start].lower] || sentenceAdverbs[s.toks[start].lower]) {
		start++
	}
	// A person named after a role word: keep only the name ("spokeswoman
	// Elizabeth Trudeau" is already past the role, being lower-case).
	if start >= end {
		return [2]int{0, 0}
	}
	return [2]int{start, end}
}
