// Package actors finds who is who in a document: states, organisations,
// armed groups and people with their roles, grouped into one doc.Entity per
// real-world entity.
//
// It looks names up in an embedded gazetteer (states with their short
// forms, demonyms and capitals; cities and provinces from GeoNames;
// international bodies, armed groups, government bodies; well-known
// political figures), recognises titled persons ("White House spokesman
// Sean Spicer", "Eric Pahon, a Pentagon spokesman") and bodies named by a
// state's adjective ("the Russian defense ministry", "Turkish officials"),
// and links later bare surnames to the person named in full ("Trudeau" to
// Elizabeth Trudeau). When the tokens carry entity tags (Token.NER) it adds
// the names the gazetteer lacks.
//
// Decisions a reader of the output should know:
//   - A state's demonym is a mention of the state ("Russian aircraft" names
//     Russia, kind demonym), except inside a titled person's phrase or a
//     body's name: "Russian President Vladimir Putin" gives the person Putin
//     with country RUS and no mention of Russia; "the Russian defense
//     ministry" gives one entity with key RUS.MOD and country RUS.
//   - Likewise the organisation in "White House spokesman Sean Spicer" or
//     "a Pentagon spokesman" only gives the person its country.
//   - A capital names its state's government (kind metonym: "Washington
//     said"), but after a locative preposition ("in Ankara", "to Moscow")
//     it is the city itself, a GPE with the state's country.
//   - A person's role is reported only as the text states it.
package actors

import (
	"context"
	"sort"
	"strings"
	"sync"

	"sitrep/internal/doc"
)

// Options configures the stage. The zero value works.
type Options struct {
	// Gazetteer is the gazetteer to use; nil loads the embedded one.
	Gazetteer *Gazetteer
	// IgnoreNER makes the stage ignore Token.NER tags even when present.
	IgnoreNER bool
}

// Stage is the actors stage of the pipeline.
type Stage struct {
	g    *Gazetteer
	o    Options
	err  error
	once sync.Once // loads g when Options named none
}

// New returns the actors stage. The embedded gazetteer is loaded on first
// use (once per process, shared by every stage); if it cannot be read (a
// build defect) every Process call returns that error.
func New(o Options) *Stage {
	return &Stage{g: o.Gazetteer, o: o}
}

// embedded is the embedded gazetteer, loaded on first use.
var embedded = sync.OnceValues(LoadGazetteer)

// gazetteer returns the stage's gazetteer, loading it on first use.
func (s *Stage) gazetteer() (*Gazetteer, error) {
	s.once.Do(func() {
		if s.g == nil {
			s.g, s.err = embedded()
		}
	})
	return s.g, s.err
}

// Name returns "actors".
func (s *Stage) Name() string { return "actors" }

// Gazetteer returns the stage's gazetteer, nil if it could not be loaded.
func (s *Stage) Gazetteer() *Gazetteer {
	g, _ := s.gazetteer()
	return g
}

// Process fills d.Entities, replacing any there. It reads d.Text, and
// d.Sentences and d.Tokens (with their NER tags) when present.
func (s *Stage) Process(ctx context.Context, d *doc.Document) error {
	if _, err := s.gazetteer(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	r := newRun(s.g, d, !s.o.IgnoreNER)
	r.matchAll()
	r.addSuffixedPlaces()
	r.findPersons()
	r.findBodies()
	r.findCoalition()
	r.addKnownPersons()
	r.addNERPersons()
	r.corefSurnames()
	r.addRemaining()
	r.addNEROthers()
	r.finishKeys()
	d.Entities = r.build()
	return nil
}

// match is one gazetteer form found in the text: words [w0, w1).
type match struct {
	w0, w1 int
	alias  int
	used   bool // consumed by a larger phrase or turned into a mention
}

// ent is an entity being built.
type ent struct {
	e        doc.Entity
	surname  string // lower-case last name word of a person named in full
	fullName bool
	gaz      bool // keyed by the gazetteer (an entry or a state's body)
}

// run holds the work on one document.
type run struct {
	g         *Gazetteer
	d         *doc.Document
	w         []word
	sentStart []bool
	capsLine  []bool
	ner       []string // per word: the NER tag of the token it starts in
	claimed   []bool
	matches   []match
	startAt   map[int]int // word -> match starting there
	endAt     map[int]int // word -> match ending just before it
	ents      []*ent
	byKey     map[string]*ent
	phrases   []phrase
	deferred  []int        // matches of bare surnames, resolved by corefSurnames
	placeEnd  map[int]bool // words that end a mention of a place
	sport     string       // the team sport of a sports report, "" if none
}

// phrase is a titled person's phrase: words [p0, n1), the name [n0, n1).
type phrase struct {
	p0, n0, n1 int
	person     *ent
}

func newRun(g *Gazetteer, d *doc.Document, useNER bool) *run {
	r := &run{g: g, d: d, w: splitWords(d.Text), startAt: map[int]int{}, endAt: map[int]int{}, byKey: map[string]*ent{},
		placeEnd: map[int]bool{}}
	n := len(r.w)
	r.sentStart = make([]bool, n)
	r.capsLine = make([]bool, n)
	r.ner = make([]string, n)
	r.claimed = make([]bool, n)
	r.markSentences()
	r.markCapsLines()
	r.sport = r.sportOf()
	if useNER && len(d.Tokens) > 0 {
		for i, w := range r.w {
			if t := d.TokenAt(w.start); t != doc.None {
				tag := d.Tokens[t].NER
				// A word inside a token but not at its start continues the token's entity.
				if d.Tokens[t].Start != w.start && strings.HasPrefix(tag, "B-") {
					tag = "I-" + tag[2:]
				}
				r.ner[i] = tag
			}
		}
	}
	return r
}

// markSentences sets sentStart for the first word of each sentence: from
// d.Sentences when present, else after . ! ? and at line starts.
func (r *run) markSentences() {
	if len(r.d.Sentences) > 0 {
		j := 0
		for _, s := range r.d.Sentences {
			for j < len(r.w) && r.w[j].start < s.Start {
				j++
			}
			// Skip opening quotes and brackets.
			k := j
			for k < len(r.w) && r.w[k].start < s.End && !isAlpha(r.w[k].norm) {
				k++
			}
			if k < len(r.w) && r.w[k].start < s.End {
				r.sentStart[k] = true
			}
		}
		return
	}
	next := true
	for i, w := range r.w {
		if w.nl {
			next = true
		}
		if isAlpha(w.norm) {
			if next {
				r.sentStart[i] = true
			}
			next = false
		}
		if w.norm == "." || w.norm == "!" || w.norm == "?" {
			next = true
		}
	}
}

// markCapsLines marks the words of lines written in capitals, where "IS"
// and "US" are words, not names.
func (r *run) markCapsLines() {
	for i := 0; i < len(r.w); {
		j := i + 1
		for j < len(r.w) && !r.w[j].nl {
			j++
		}
		upper, letters := 0, 0
		for _, w := range r.w[i:j] {
			for _, c := range w.norm {
				if c >= 'A' && c <= 'Z' {
					upper++
					letters++
				} else if c >= 'a' && c <= 'z' {
					letters++
				}
			}
		}
		if letters >= 4 && upper*10 >= letters*8 {
			for k := i; k < j; k++ {
				r.capsLine[k] = true
			}
		}
		i = j
	}
}

// matchAll finds gazetteer forms, longest first, left to right.
func (r *run) matchAll() {
	for i := 0; i < len(r.w); {
		if ai, n := r.matchAt(i); n > 0 {
			r.matches = append(r.matches, match{w0: i, w1: i + n, alias: ai})
			r.startAt[i] = len(r.matches) - 1
			r.endAt[i+n] = len(r.matches) - 1
			i += n
			continue
		}
		i++
	}
}

// matchAt returns the longest gazetteer form starting at word i and its
// length in words, or 0.
func (r *run) matchAt(i int) (int, int) {
	for _, ai := range r.g.firstOf(r.w[i].lower) {
		a := &r.g.aliases[ai]
		n := len(a.words)
		if i+n > len(r.w) || a.ambiguous && r.capsLine[i] {
			continue
		}
		ok := true
		for k := 0; k < n && ok; k++ {
			w := r.w[i+k]
			switch {
			case k > 0 && w.nl:
				ok = false
			case a.exact:
				ok = w.norm == a.words[k]
			default:
				ok = w.lower == a.lower[k] && (!capitalised(a.words[k]) || capitalised(w.norm))
			}
		}
		if !ok || r.partOfLongerName(a, i+n) {
			continue
		}
		// The NER model says this city's name is a person's ("Flores",
		// "MaliVai Washington") or, in a sports report, an organisation's
		// (a club: "Chicago" in the baseball standings). Outside sports
		// reports an ORG tag on a place name is more often the tagger's
		// error than a body named after the place (local news: "Gainesville").
		if e := &r.g.entries[a.entry]; (e.class == classCity || e.class == classRegion || e.class == classPlace && e.Type == doc.GPE ||
			a.kind == doc.MentionMetonym) &&
			(strings.HasSuffix(r.ner[i], "PER") || r.sport != "" && strings.HasSuffix(r.ner[i], "ORG")) {
			continue
		}
		return int(ai), n
	}
	return 0, 0
}

// partOfLongerName reports whether a place name ending before word j runs
// on into a longer capitalised name the gazetteer lacks: "Washington" in
// "Washington Post", "Russia" in "Russia Today".
func (r *run) partOfLongerName(a *alias, j int) bool {
	e := r.g.entries[a.entry]
	if e.class == classOrg || e.class == classPerson || a.kind == doc.MentionDemonym || a.exact {
		return false
	}
	i := j - len(a.words)
	if e.class == classCity || e.class == classRegion {
		// "Chris Paul", "Flores said": a city's name used as a person's.
		if i > 0 && !r.sentStart[i] && !r.w[i].nl && capitalised(r.w[i-1].norm) && isAlpha(r.w[i-1].norm) &&
			!stopCap[r.w[i-1].lower] && r.g.firstOf(r.w[i-1].lower) == nil {
			return true
		}
		if j < len(r.w) && speechVerbs[r.w[j].lower] {
			return true
		}
	}
	if j >= len(r.w) || r.w[j].nl || !capitalised(r.w[j].norm) || !isAlpha(r.w[j].norm) {
		return false
	}
	if _, ok := r.roleAt(j); ok {
		return false
	}
	if _, ok := r.bodyAt(j); ok {
		return false
	}
	if r.g.firstOf(r.w[j].lower) != nil {
		return false
	}
	return !stopCap[r.w[j].lower]
}

// stopCap lists capitalised words that may follow a place name without
// being part of it (title-case headlines, "D.C.", days and months).
var stopCap = map[string]bool{"and": true, "or": true, "to": true, "in": true, "on": true, "at": true, "for": true,
	"of": true, "the": true, "a": true, "with": true, "from": true, "by": true, "says": true, "said": true,
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true,
	"sunday": true, "january": true, "february": true, "march": true, "april": true, "may": true, "june": true,
	"july": true, "august": true, "september": true, "october": true, "november": true, "december": true,
	"is": true, "are": true, "was": true, "will": true, "has": true, "have": true, "urges": true, "as": true}

// speechVerbs follow a person, not a city: "Flores said".
var speechVerbs = map[string]bool{"said": true, "says": true, "told": true, "added": true, "asked": true,
	"explained": true, "noted": true, "wrote": true}

// entryOf returns the gazetteer entry of match m.
func (r *run) entryOf(m int) *Entry { return &r.g.entries[r.g.aliases[r.matches[m].alias].entry] }

func (r *run) aliasOf(m int) *alias { return &r.g.aliases[r.matches[m].alias] }

// roleAt returns the longest role phrase starting at word i.
func (r *run) roleAt(i int) (roleSpan, bool) {
	if !r.g.roleHead[r.w[i].lower] {
		return roleSpan{}, false
	}
	var key []string
	var best roleSpan
	found := false
	for k := 0; k < r.g.roleMax && i+k < len(r.w); k++ {
		w := r.w[i+k]
		if k > 0 && w.nl || !isAlpha(w.norm) && w.norm != "." && w.norm != "-" {
			break
		}
		key = append(key, w.lower)
		if info, ok := r.g.roles[strings.Join(key, " ")]; ok {
			best, found = roleSpan{i, i + k + 1, info}, true
		}
	}
	return best, found
}

type roleSpan struct {
	r0, r1 int
	info   roleInfo
}

// bodyAt returns the end word and description of the longest body phrase
// starting at word i.
func (r *run) bodyAt(i int) (bodySpan, bool) {
	var key []string
	var best bodySpan
	found := false
	for k := 0; k < r.g.bodyMax && i+k < len(r.w); k++ {
		w := r.w[i+k]
		if k > 0 && w.nl || !isAlpha(w.norm) {
			break
		}
		key = append(key, w.lower)
		if info, ok := r.g.bodies[strings.Join(key, " ")]; ok {
			best, found = bodySpan{i + k + 1, info}, true
		}
	}
	return best, found
}

type bodySpan struct {
	end  int
	info bodyInfo
}

func (r *run) claim(w0, w1 int) {
	for i := w0; i < w1 && i < len(r.claimed); i++ {
		r.claimed[i] = true
	}
}

func (r *run) free(w0, w1 int) bool {
	for i := w0; i < w1; i++ {
		if r.claimed[i] {
			return false
		}
	}
	return true
}

// useMatchesIn marks every match inside words [w0, w1) as consumed.
func (r *run) useMatchesIn(w0, w1 int) {
	for i := range r.matches {
		if m := &r.matches[i]; m.w0 >= w0 && m.w1 <= w1 {
			m.used = true
		}
	}
}

// entity returns the entity with key, creating it from the arguments.
func (r *run) entity(key, name string, typ doc.EntityType, country, sector string) *ent {
	if e, ok := r.byKey[key]; ok {
		return e
	}
	e := &ent{e: doc.Entity{Key: key, Name: name, Type: typ, Country: country, Sector: sector}}
	r.byKey[key] = e
	r.ents = append(r.ents, e)
	return e
}

// entryEntity returns the entity of a gazetteer entry.
func (r *run) entryEntity(e *Entry) *ent {
	x := r.entity(e.Key, e.Name, e.Type, e.Country, e.Sector)
	x.gaz = true
	if e.class == classPerson {
		r.setFullName(x, e.Name)
	}
	return x
}

func (r *run) setFullName(x *ent, name string) {
	ws := splitWords(name)
	var names []word
	for _, w := range ws {
		if isAlpha(w.norm) && !particles[w.lower] {
			names = append(names, w)
		}
	}
	if len(names) >= 2 {
		x.fullName = true
		x.surname = names[len(names)-1].lower
	}
}

func (r *run) mention(x *ent, w0, w1 int, kind doc.MentionKind) {
	x.e.Mentions = append(x.e.Mentions, doc.Mention{Span: doc.Span{Start: r.w[w0].start, End: r.w[w1-1].end}, Kind: kind})
	r.claim(w0, w1)
}

// build orders entities by first mention and gives them their ids.
func (r *run) build() []doc.Entity {
	var out []doc.Entity
	for _, x := range r.ents {
		if len(x.e.Mentions) == 0 {
			continue
		}
		sort.Slice(x.e.Mentions, func(i, j int) bool { return x.e.Mentions[i].Start < x.e.Mentions[j].Start })
		out = append(out, x.e)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Mentions[0].Start < out[j].Mentions[0].Start })
	for i := range out {
		out[i].ID = doc.EntityID(i)
	}
	return out
}
