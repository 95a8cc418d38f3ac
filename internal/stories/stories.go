// Package stories groups documents into stories as they arrive: documents
// that report the same real-world happening share a story, and wire copies,
// re-sends and lightly edited versions of one article are marked as
// near-duplicates of the first.
//
// A Clusterer is online: each document added joins the most similar open
// story, or opens one, in time and memory bounded by its Options however
// long the stream. Similarity is the cosine of TF-IDF vectors of content
// words and entity keys (document frequencies from an embedded table built
// from BBC News and Reuters-21578 by mkidf), between the document and the
// story's centroid; candidates come from an inverted index over the heaviest
// terms of the open stories. Stories close when no document has joined them
// for Options.WindowDays (by publication date), or when more than
// Options.MaxStories are open (least recently joined first).
// Near-duplicates are found by MinHash with locality-sensitive hashing.
//
// The result depends only on the documents and their order: a Clusterer
// is deterministic. It is not safe for concurrent use.
package stories

import (
	"container/list"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"sitrep/internal/doc"
)

// Options configures a Clusterer. The zero value gives the defaults.
type Options struct {
	// Threshold is the least cosine similarity between a document and a
	// story's centroid for the document to join it (0: DefaultThreshold).
	Threshold float64
	// Duplicate is the least estimated Jaccard similarity of two
	// documents' 5-word shingles for the later to be a near-duplicate of
	// the earlier (0: DefaultDuplicate).
	Duplicate float64
	// EntityWeight scales the entity-key features against word features
	// (0: DefaultEntityWeight; negative: entities are not used).
	EntityWeight float64
	// WindowDays closes a story no document has joined for this many days
	// of publication dates, and keeps a document from joining a story last
	// joined more than this many days before or after it (0: 7).
	WindowDays int
	// MaxStories bounds the open stories (0: 20,000).
	MaxStories int
	// MaxDocuments bounds the documents remembered for near-duplicate
	// detection (0: 50,000).
	MaxDocuments int
	// DateWeight, EventWeight and PlaceWeight are the weights of a
	// document's dates (year, month, day of month), event types and
	// resolved places as features (0: the defaults; negative: not used).
	DateWeight, EventWeight, PlaceWeight float64
	// NumberWeight is how many times more a word that starts with a digit
	// (an amount, a toll, a magnitude, a score: "2.6", "108", "6th")
	// counts than another word of the same rarity (0: the default;
	// negative: no more).
	NumberWeight float64
	// FirstLine is how many times more the first line of a document
	// without a title counts, as its headline (0: the default; negative:
	// no more than the rest).
	FirstLine float64
}

// Defaults. DefaultThreshold was selected on the ECB+ dev topics (see
// docs/ACCURACY.md).
const (
	DefaultThreshold    = 0.25
	DefaultDuplicate    = 0.7
	DefaultEntityWeight = 1.5
	DefaultDateWeight   = 10
	DefaultEventWeight  = 0
	DefaultPlaceWeight  = 0
	DefaultFirstLine    = 0
	// DefaultNumberWeight was selected on the ECB+ train topics, by the
	// mean F1 over 30 orders of the documents (1, 2, 3, 4, 5 tried; see
	// docs/ACCURACY.md).
	DefaultNumberWeight = 3
)

func (o Options) withDefaults() Options {
	if o.Threshold == 0 {
		o.Threshold = DefaultThreshold
	}
	if o.Duplicate == 0 {
		o.Duplicate = DefaultDuplicate
	}
	switch {
	case o.EntityWeight == 0:
		o.EntityWeight = DefaultEntityWeight
	case o.EntityWeight < 0:
		o.EntityWeight = 0
	}
	o.DateWeight = orDefault(o.DateWeight, DefaultDateWeight)
	o.EventWeight = orDefault(o.EventWeight, DefaultEventWeight)
	o.PlaceWeight = orDefault(o.PlaceWeight, DefaultPlaceWeight)
	o.FirstLine = orDefault(o.FirstLine, DefaultFirstLine)
	if o.NumberWeight = orDefault(o.NumberWeight, DefaultNumberWeight); o.NumberWeight == 0 {
		o.NumberWeight = 1
	}
	if o.WindowDays <= 0 {
		o.WindowDays = 7
	}
	if o.MaxStories <= 0 {
		o.MaxStories = 20000
	}
	if o.MaxDocuments <= 0 {
		o.MaxDocuments = 50000
	}
	return o
}

// orDefault is w, def when w is 0, and 0 when w is negative.
func orDefault(w, def float64) float64 {
	switch {
	case w == 0:
		return def
	case w < 0:
		return 0
	}
	return w
}

// Assignment is where a document went.
type Assignment struct {
	// Story is the id of the document's story.
	Story string
	// DuplicateOf is the Path of the earlier document this one is a
	// near-duplicate of (the first of a chain of copies), "" if none.
	DuplicateOf string
	// DuplicateHash is that document's Hash, "" if none.
	DuplicateHash string
	// New is true when the document opened its story.
	New bool
	// Similarity is the cosine similarity to the story joined, or for a
	// near-duplicate the estimated Jaccard similarity to the original; 0
	// for a new story.
	Similarity float64
}

// Clusterer assigns documents to stories online.
type Clusterer struct {
	opts Options
	idf  *idfTable

	today   int // the latest publication day seen (days since 1970), 0 if none
	stories map[int64]*story
	byID    map[string]*story
	lru     *list.List // of *story, most recently joined first
	index   map[string]map[int64]struct{}
	opened  int64

	docs   *list.List // of *member, oldest first
	bySeq  map[int64]*member
	bands  map[uint64][]int64
	exact  map[string]int64
	nextID int64
}

// story is an open story.
type story struct {
	num      int64
	id       string
	sum      vector // sum of the members' vectors, at most maxTerms terms
	norm     float64
	indexed  []string // the terms under which the index holds the story
	lastDay  int
	articles int
	elem     *list.Element
	// leads counts the lead persons of the story's documents (see
	// leadPerson), at most maxLeads of them.
	leads map[string]int
}

// maxLeads bounds the lead persons a story counts.
const maxLeads = 8

// member is a document remembered for near-duplicate detection.
type member struct {
	seq        int64
	path, hash string
	story      string
	root       *member // the original, for a near-duplicate; else itself
	sig        signature
	hasSig     bool
	day        int // publication day, 0 if unknown
	elem       *list.Element
}

// New returns a Clusterer with options o.
func New(o Options) (*Clusterer, error) {
	idf, err := loadIDF()
	if err != nil {
		return nil, err
	}
	return &Clusterer{
		opts:    o.withDefaults(),
		idf:     idf,
		stories: map[int64]*story{},
		byID:    map[string]*story{},
		lru:     list.New(),
		index:   map[string]map[int64]struct{}{},
		docs:    list.New(),
		bySeq:   map[int64]*member{},
		bands:   map[uint64][]int64{},
		exact:   map[string]int64{},
	}, nil
}

// indexTerms is how many of a story's heaviest terms the inverted index
// holds it under.
const indexTerms = 40

// Add assigns d to a story: the story of the earlier document it is a
// near-duplicate of, else the most similar open story at or above the
// threshold, else a new one. d needs Text; Title, Entities (with Key),
// Published, Path and Hash are used when set. Add reads d only through
// InputOf(d).
func (c *Clusterer) Add(d *doc.Document) Assignment {
	return c.add(InputOf(d), "", "")
}

// AddInput is Add of a document as InputOf reduced it.
func (c *Clusterer) AddInput(in Input) Assignment {
	return c.add(in, "", "")
}

// Restore adds d to the story with id storyID as Add would have, without
// deciding anything: it rebuilds a Clusterer's state from documents
// assigned before (by a store at start-up), oldest first. d.DuplicateOf
// names the original of a copy.
func (c *Clusterer) Restore(d *doc.Document, storyID string) {
	c.RestoreInput(InputOf(d), storyID, d.DuplicateOf)
}

// RestoreInput is Restore of a document as InputOf reduced it, with the
// Hash of the original it copies ("" if none). Restoring a document Add
// assigned leaves the Clusterer in the state Add left it in. An empty
// storyID has the document assigned as by Add.
func (c *Clusterer) RestoreInput(in Input, storyID, duplicateOf string) {
	c.add(in, storyID, duplicateOf)
}

// Open is the number of open stories; Remembered the number of documents
// remembered for near-duplicate detection.
func (c *Clusterer) Open() int       { return len(c.stories) }
func (c *Clusterer) Remembered() int { return len(c.bySeq) }

func (c *Clusterer) add(d Input, forced, duplicateOf string) Assignment {
	day := dayOf(d.Published)
	if day > c.today {
		c.today = day
	}
	c.expire()
	sig, hasSig := minhash(d.Title + "\n" + d.Text)
	m := &member{seq: c.nextID, path: d.Path, hash: d.Hash, sig: sig, hasSig: hasSig, day: day}
	c.nextID++
	m.root = m
	var a Assignment
	var orig *member
	var sim float64
	if forced == "" {
		orig, sim = c.duplicate(m)
	}
	v := c.features(d)
	lead := leadPerson(d)
	switch {
	case forced != "":
		s := c.byID[forced]
		if duplicateOf != "" {
			if o := c.bySeq[c.exact[duplicateOf]]; o != nil && o.hash == duplicateOf {
				m.root = o.root
			}
		}
		if m.root != m && s != nil {
			// As Add does with a copy of an open story's document.
			c.join(s, v, day, false)
		} else {
			if s == nil {
				s = c.open(forced)
			}
			c.join(s, v, day, true)
			s.addLead(lead)
		}
		a = Assignment{Story: forced}
	case orig != nil:
		m.root = orig.root
		a = Assignment{Story: orig.story, DuplicateOf: orig.root.path, DuplicateHash: orig.root.hash, Similarity: sim}
		if s := c.byID[orig.story]; s != nil {
			// A copy adds to the story's articles, never to its centroid:
			// three re-sends are not three times the evidence.
			c.join(s, v, day, false)
		} else {
			s := c.open(orig.story)
			c.join(s, v, day, true)
			s.addLead(lead)
		}
	default:
		best, bestSim := c.nearest(v, day, lead)
		if best != nil && bestSim >= c.opts.Threshold {
			c.join(best, v, day, true)
			best.addLead(lead)
			a = Assignment{Story: best.id, Similarity: bestSim}
		} else {
			s := c.open(c.newID(d))
			c.join(s, v, day, true)
			s.addLead(lead)
			a = Assignment{Story: s.id, New: true}
		}
	}
	m.story = a.Story
	c.remember(m)
	return a
}

// nearest is the open story most similar to v that d's day allows, and
// the similarity; ties go to the story opened first. The inverted index
// proposes candidates: the stories indexed under the document's heaviest
// queryTerms terms, of which the maxCandidates sharing the most weight are
// scored in full.
func (c *Clusterer) nearest(v vector, day int, lead string) (*story, float64) {
	partial := map[int64]float64{}
	for _, i := range v.heaviest(queryTerms) {
		p := c.index[v.terms[i]]
		if len(p) > maxPosting {
			continue // a term of hundreds of open stories tells none apart
		}
		for n := range p {
			partial[n] += float64(v.weights[i])
		}
	}
	type cand struct {
		s       *story
		partial float64
	}
	// Keep the maxCandidates best by partial score (ties: opened first),
	// best first, without sorting them all.
	better := func(a, b cand) bool {
		if a.partial != b.partial {
			return a.partial > b.partial
		}
		return a.s.num < b.s.num
	}
	cands := make([]cand, 0, maxCandidates+1)
	for n, p := range partial {
		s := c.stories[n]
		if day > 0 && s.lastDay > 0 && abs(day-s.lastDay) > c.opts.WindowDays {
			continue
		}
		x := cand{s, p}
		if len(cands) == maxCandidates && !better(x, cands[len(cands)-1]) {
			continue
		}
		i := sort.Search(len(cands), func(i int) bool { return better(x, cands[i]) })
		cands = append(cands, cand{})
		copy(cands[i+1:], cands[i:])
		cands[i] = x
		if len(cands) > maxCandidates {
			cands = cands[:maxCandidates]
		}
	}
	var best *story
	bestSim := 0.0
	for _, cd := range cands {
		s := cd.s
		dot, anchored := c.anchoredDot(v, s.sum)
		if !anchored {
			continue
		}
		sim := dot / s.norm
		if top := s.topLead(); lead != "" && top != "" && lead != top &&
			!namesPerson(v, top) && !namesPerson(s.sum, lead) {
			// Another person leads this story, and neither names the
			// other's: two arrests, two firings of one kind are two
			// stories.
			sim *= leadPenalty
		}
		if sim > bestSim || sim == bestSim && best != nil && s.num < best.num {
			best, bestSim = s, sim
		}
	}
	return best, bestSim
}

// queryTerms and maxCandidates bound the work of finding a document's
// nearest story, however many stories are open.
const (
	queryTerms    = 30
	maxCandidates = 16
	maxPosting    = 200
)

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// open starts a story with id.
func (c *Clusterer) open(id string) *story {
	s := &story{num: c.opened, id: id}
	c.opened++
	c.stories[s.num] = s
	c.byID[id] = s
	s.elem = c.lru.PushFront(s)
	for len(c.stories) > c.opts.MaxStories {
		c.close(c.lru.Back().Value.(*story))
	}
	return s
}

// join adds a document with vector v published on day to s; its vector
// joins the centroid when centroid is set.
func (c *Clusterer) join(s *story, v vector, day int, centroid bool) {
	s.articles++
	if day > s.lastDay {
		s.lastDay = day
	}
	c.lru.MoveToFront(s.elem)
	if !centroid || len(v.terms) == 0 {
		return
	}
	s.sum = addVectors(s.sum, v, maxTerms)
	s.norm = 0
	for _, w := range s.sum.weights {
		s.norm += float64(w) * float64(w)
	}
	s.norm = math.Sqrt(s.norm)
	top := s.sum.top(indexTerms)
	for _, t := range s.indexed {
		if !contains(top, t) {
			c.unindex(t, s.num)
		}
	}
	for _, t := range top {
		if !contains(s.indexed, t) {
			p := c.index[t]
			if p == nil {
				p = map[int64]struct{}{}
				c.index[t] = p
			}
			p[s.num] = struct{}{}
		}
	}
	s.indexed = top
}

func contains(sorted []string, t string) bool {
	i := sort.SearchStrings(sorted, t)
	return i < len(sorted) && sorted[i] == t
}

func (c *Clusterer) unindex(t string, num int64) {
	if p := c.index[t]; p != nil {
		delete(p, num)
		if len(p) == 0 {
			delete(c.index, t)
		}
	}
}

// close forgets s.
func (c *Clusterer) close(s *story) {
	for _, t := range s.indexed {
		c.unindex(t, s.num)
	}
	c.lru.Remove(s.elem)
	delete(c.stories, s.num)
	if c.byID[s.id] == s {
		delete(c.byID, s.id)
	}
}

// expire closes the stories that fell out of the time window. The
// documents remembered for near-duplicate detection are bounded by count
// (MaxDocuments, in arrival order), not by the newest date seen: a re-send
// that arrives after newer news, or an original that arrives after its
// copy, is still found. The window applies between the two documents'
// own dates instead (inWindow).
func (c *Clusterer) expire() {
	if c.today == 0 {
		return
	}
	limit := c.today - c.opts.WindowDays
	for e := c.lru.Back(); e != nil; e = c.lru.Back() {
		s := e.Value.(*story)
		if s.lastDay == 0 || s.lastDay >= limit {
			break
		}
		c.close(s)
	}
}

// duplicate finds the earliest remembered document m is a near-duplicate
// of, with the estimated similarity. Only documents published within the
// window of m count: a weekly notice under the same headline two weeks
// on is news again, not a re-send.
func (c *Clusterer) duplicate(m *member) (*member, float64) {
	if m.hash != "" {
		if seq, ok := c.exact[m.hash]; ok {
			if o := c.bySeq[seq]; o != nil && c.inWindow(m, o) {
				return o, 1
			}
		}
	}
	if !m.hasSig {
		return nil, 0
	}
	var best *member
	bestSim := 0.0
	seen := map[int64]bool{}
	for b := 0; b < numBands; b++ {
		for _, seq := range c.bands[m.sig.band(b)] {
			if seen[seq] {
				continue
			}
			seen[seq] = true
			o := c.bySeq[seq]
			if !c.inWindow(m, o) {
				continue
			}
			sim := m.sig.similarity(&o.sig)
			if sim >= c.opts.Duplicate && (sim > bestSim || sim == bestSim && o.seq < best.seq) {
				best, bestSim = o, sim
			}
		}
	}
	return best, bestSim
}

// inWindow tells whether a and b were published within WindowDays of
// each other, or either date is unknown.
func (c *Clusterer) inWindow(a, b *member) bool {
	return a.day == 0 || b.day == 0 || abs(a.day-b.day) <= c.opts.WindowDays
}

// remember adds m to the near-duplicate index, forgetting the oldest
// document beyond MaxDocuments.
func (c *Clusterer) remember(m *member) {
	m.elem = c.docs.PushBack(m)
	c.bySeq[m.seq] = m
	if m.hash != "" {
		if _, ok := c.exact[m.hash]; !ok {
			c.exact[m.hash] = m.seq
		}
	}
	if m.hasSig {
		for b := 0; b < numBands; b++ {
			k := m.sig.band(b)
			c.bands[k] = append(c.bands[k], m.seq)
		}
	}
	for c.docs.Len() > c.opts.MaxDocuments {
		c.forget(c.docs.Front().Value.(*member))
	}
}

func (c *Clusterer) forget(m *member) {
	c.docs.Remove(m.elem)
	delete(c.bySeq, m.seq)
	if m.hash != "" && c.exact[m.hash] == m.seq {
		delete(c.exact, m.hash)
	}
	if m.hasSig {
		for b := 0; b < numBands; b++ {
			k := m.sig.band(b)
			l := c.bands[k]
			for i, s := range l {
				if s == m.seq {
					l = append(l[:i], l[i+1:]...)
					break
				}
			}
			if len(l) == 0 {
				delete(c.bands, k)
			} else {
				c.bands[k] = l
			}
		}
	}
}

// newID is the id of a story opened by d: derived from d's content, so the
// same stream gives the same ids on any machine and in any run.
func (c *Clusterer) newID(d Input) string {
	key := d.Hash
	if key == "" {
		key = d.Path + "\x00" + d.Title + "\x00" + d.Text
	}
	sum := sha256.Sum256([]byte(key))
	id := "s" + hex.EncodeToString(sum[:8])
	for n := 2; c.byID[id] != nil; n++ {
		id = fmt.Sprintf("s%s-%d", hex.EncodeToString(sum[:8]), n)
	}
	return id
}

// dayOf is the day number (since 1970-01-01) of a YYYY-MM-DD date, 0 if
// there is none.
func dayOf(date string) int {
	if len(date) < 10 {
		return 0
	}
	t, err := time.Parse("2006-01-02", date[:10])
	if err != nil || t.Year() < 1900 {
		return 0
	}
	return int(t.Unix() / 86400)
}

// addVectors returns the sum of a and b, keeping the n heaviest terms.
func addVectors(a, b vector, n int) vector {
	terms := make([]string, 0, len(a.terms)+len(b.terms))
	weights := make([]float64, 0, cap(terms))
	i, j := 0, 0
	for i < len(a.terms) || j < len(b.terms) {
		switch {
		case j >= len(b.terms) || i < len(a.terms) && a.terms[i] < b.terms[j]:
			terms = append(terms, a.terms[i])
			weights = append(weights, float64(a.weights[i]))
			i++
		case i >= len(a.terms) || b.terms[j] < a.terms[i]:
			terms = append(terms, b.terms[j])
			weights = append(weights, float64(b.weights[j]))
			j++
		default:
			terms = append(terms, a.terms[i])
			weights = append(weights, float64(a.weights[i])+float64(b.weights[j]))
			i++
			j++
		}
	}
	if len(terms) <= n {
		v := vector{terms: terms, weights: make([]float32, len(weights))}
		for k, w := range weights {
			v.weights[k] = float32(w)
		}
		return v
	}
	return topVector(n, len(terms), func(k int) (string, float64) { return terms[k], weights[k] }, false)
}

// top returns the n heaviest terms of v, sorted.
func (v vector) top(n int) []string {
	idx := v.heaviest(n)
	out := make([]string, len(idx))
	for i, k := range idx {
		out[i] = v.terms[k]
	}
	sort.Strings(out)
	return out
}

// heaviest returns the indexes of the n heaviest terms of v, heaviest
// first (ties by term).
func (v vector) heaviest(n int) []int {
	idx := make([]int, len(v.terms))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool {
		if v.weights[idx[a]] != v.weights[idx[b]] {
			return v.weights[idx[a]] > v.weights[idx[b]]
		}
		return v.terms[idx[a]] < v.terms[idx[b]]
	})
	if len(idx) > n {
		idx = idx[:n]
	}
	return idx
}

// leadPenalty scales the similarity to a story led by another person.
// Selected with the threshold on the ECB+ dev topics (1, 0.8, 0.7, 0.6 and
// 0.5 tried; see docs/ACCURACY.md).
const leadPenalty = 0.7

// leadPerson is the person a document is most about: the PER entity named
// most often (pronouns included), if named at least twice; "" if none.
func leadPerson(d Input) string {
	best, bestN := "", 1
	for _, e := range d.Entities {
		if e.Type != doc.PER {
			continue
		}
		if n := e.Mentions; e.Names > 0 && n > bestN {
			best, bestN = e.Key, n
		}
	}
	return best
}

// addLead counts a document's lead person in s.
func (s *story) addLead(lead string) {
	if lead == "" {
		return
	}
	if s.leads == nil {
		s.leads = map[string]int{}
	}
	s.leads[lead]++
	if len(s.leads) > maxLeads {
		min, minK := 0, ""
		for k, n := range s.leads {
			if minK == "" || n < min || n == min && k > minK {
				min, minK = n, k
			}
		}
		if minK != lead {
			delete(s.leads, minK)
		}
	}
}

// topLead is the most frequent lead person of s, "" if none.
func (s *story) topLead() string {
	top, topN := "", 0
	for k, n := range s.leads {
		if n > topN || n == topN && k < top {
			top, topN = k, n
		}
	}
	return top
}

// anchorIDF is the least inverse document frequency (natural log, before
// idfPower) of a word, or of an entity's name, that can anchor a document
// to a story: found in at most about 1 in 400 documents of the IDF table.
// Chosen on the first 3,000 Reuters-21578 training articles (5, 6 and 7
// tried: 6 broke up the earnings-table "stories" of 20-30 reports); it
// changes nothing on ECB+, whose stories all share rare names.
const anchorIDF = 6.0

// isAnchor reports whether a shared term is rare enough to tie a document
// to a story: a word (not a number) with an inverse document frequency of
// at least anchorIDF, or an entity whose name has such a word ("@!").
func (c *Clusterer) isAnchor(t string) bool {
	if t[0] == '@' {
		return strings.HasPrefix(t, "@!")
	}
	return !isDigitByte(t[0]) && c.idf.raw(t) >= anchorIDF
}

// anchoredDot is the inner product of a document's vector v and a story's
// sum, and whether the two share an anchor: a rare word or an entity. Documents made from one
// template (earnings tables, market reports) share many words and no name:
// without an anchor they never join.
func (c *Clusterer) anchoredDot(v, sum vector) (float64, bool) {
	var s float64
	anchored := false
	i, j := 0, 0
	for i < len(v.terms) && j < len(sum.terms) {
		switch a, b := v.terms[i], sum.terms[j]; {
		case a == b:
			s += float64(v.weights[i]) * float64(sum.weights[j])
			if v.anchors[i] {
				anchored = true
			}
			i++
			j++
		case a < b:
			i++
		default:
			j++
		}
	}
	return s, anchored
}

// namesPerson reports whether v names the person with key k: holds the
// entity, or the word of its surname ("per:surname:palin?" and "sarah
// palin" both name Palin, "palin" in a text names either). Two keys of one
// person, one from a document that gives the full name and one from a
// document that gives the surname only, are not two people.
func namesPerson(v vector, k string) bool {
	if hasEntity(v, k) {
		return true
	}
	last := surnameOf(k)
	return last != "" && contains(v.terms, last)
}

// surnameOf is the surname of the person with key k as a term, "" if k
// names no surname. A person's key is its normalised full name, or
// "per:surname:NAME?" (actors.SurnamePrefix); other keys (gazetteer ids)
// name none.
func surnameOf(k string) string {
	n := strings.TrimSuffix(strings.TrimPrefix(k, "per:surname:"), "?")
	if strings.ContainsAny(n, ":.ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") {
		return ""
	}
	if i := strings.LastIndexByte(n, ' '); i >= 0 {
		n = n[i+1:]
	}
	last := ""
	Terms(n, func(t string) { last = t })
	return last
}

// hasEntity reports whether v holds the entity with key k.
func hasEntity(v vector, k string) bool {
	return contains(v.terms, "@"+k) || contains(v.terms, "@!"+k)
}
