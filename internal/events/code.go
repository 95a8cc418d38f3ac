package events

import (
	"strings"

	"sitrep/internal/doc"
)

// code turns a match into an event: arguments, polarity, modality, source
// and date.
func (s *sent) code(m *match, all []match) (doc.Event, bool) {
	c := s.c
	d := c.d
	e := m.e
	ev := doc.Event{
		Type: e.Type, Mode: e.Mode, CAMEO: e.CAMEO, Goldstein: e.Goldstein,
		Contexts: append([]string(nil), e.Contexts...),
		Span:     d.Sentences[s.idx].Span,
		Trigger:  doc.Span{Start: d.Tokens[m.first].Start, End: d.Tokens[m.last].End},
		Time:     doc.None, Source: doc.None, Quote: doc.None, Linked: doc.None,
	}
	// A sentence-initial participle ("Asked to respond, Earnest said ...",
	// "Pressed by reporters, ...") describes the subject, not an act of it.
	if m.first == s.first && strings.HasSuffix(s.w(m.first), "ed") {
		for j := m.last + 1; j < s.end && j <= m.last+5; j++ {
			if s.w(j) == "," {
				return doc.Event{}, false
			}
		}
	}
	a := s.arguments(m)
	if c.model != nil && c.argModel {
		a.actors, a.recipients = s.modelArgs(m, a)
		a.partners = minus(minus(a.partners, a.actors), a.recipients)
	}
	if m.must {
		// The sayer demands; the subject of the obligation is the recipient.
		a.recipients, a.actors = a.actors, nil
		if k := s.governingSpeech(m.first); k >= 0 {
			if src := s.speaker(k); src != doc.None {
				a.actors = []int{src}
			}
		}
	}
	// The same act named twice ("traveled to Moscow to meet Putin") has the
	// recipients of both.
	for _, j := range m.same {
		b := s.arguments(&all[j])
		for _, r := range b.recipients {
			if !contains(a.recipients, r) && !contains(a.actors, r) {
				a.recipients = append(a.recipients, r)
			}
		}
	}
	ev.Actors, ev.Recipients, ev.Partners = a.actors, a.recipients, a.partners
	if len(ev.Actors) == 0 {
		if pair := s.thePair(m); len(pair) == 2 {
			ev.Actors = pair
			if mutual[ev.Type] {
				ev.Recipients = append(append([]int(nil), pair...), minus(ev.Recipients, pair)...)
			}
		}
	}
	// "X threatened to stop the talks if Y goes ahead": the threat is to Y.
	if len(ev.Recipients) == 0 && ev.Type == doc.THREATEN && s.hasIf > m.last {
		if g := s.nextGroup(s.hasIf+1, s.end, 4); g >= 0 && !s.afterPreposition(s.groups[g].first) {
			ev.Recipients = minus(s.coordinated(g), ev.Actors)
		}
	}
	// A reported judgement on a clause ("US authorities said removing the
	// sanctions on Burma is out of the question") is the sayer's, on the
	// parties the clause names.
	if m.e.POS == "*" && len(m.comps) > 0 && s.predicative(m) {
		if k := s.governingSpeech(m.first); k >= 0 && k < m.first {
			if src := s.speaker(k); src != doc.None {
				ev.Recipients = minus(append(append([]int(nil), ev.Actors...), ev.Recipients...), []int{src})
				ev.Actors = []int{src}
			}
		}
	}
	if len(ev.Recipients) == 0 {
		ev.Recipients = minus(s.theMilitants(m), ev.Actors)
	}
	if len(ev.Recipients) == 0 && reactions[ev.Type] {
		ev.Recipients = minus(s.reactedTo(m, all), ev.Actors)
	}
	claimed := s.source(&ev, m)
	if len(ev.Actors) == 0 {
		if src := s.speakerActs(&ev, m, a.passive); src != doc.None {
			ev.Actors = []int{src}
			ev.Recipients = without(ev.Recipients, src)
		}
	}
	if c.model != nil && !c.o.RuleArgsOnly && !c.argModel && (len(ev.Actors) == 0) != (len(ev.Recipients) == 0) {
		// The argument model fills the side the rules left empty (an event
		// with neither side stays without: it is dropped).
		ma, mr := s.modelArgs(m, a)
		if len(ev.Actors) == 0 {
			ev.Actors = minus(ma, ev.Recipients)
		}
		if len(ev.Recipients) == 0 {
			ev.Recipients = minus(mr, ev.Actors)
		}
	}

	// A noun in a prepositional phrase with nobody acting is background
	// ("despite hours of tense negotiations", "in the negotiations on"), not
	// an event of the sentence.
	if s.isNoun(m) && len(ev.Actors) == 0 && backgroundPreps[s.prepBefore(m.first)] {
		return doc.Event{}, false
	}
	ev.Negated = s.negated(m)
	ev.Modality = s.modality(m)
	if ev.Modality == doc.Asserted && c.dep && c.model != nil {
		// An act another party is wanted or urged to do ("wants Putin,
		// Assad and Erdogan to attack") has not happened.
		if g, _ := s.desired(m); g >= 0 {
			ev.Modality = doc.Hypothetical
		}
	}
	if claimed && ev.Modality == doc.Asserted {
		ev.Modality = doc.Claimed
	}
	s.recode(&ev, m)
	if ev.Type == doc.REJECT {
		s.link(&ev, m)
	}
	ev.Date, ev.Time = s.date(m)
	return ev, true
}

// source sets the event's Source and Quote: the speaker of the quote the
// trigger is in, else the subject of the verb of saying whose complement
// holds it, else "according to X". It reports whether the event is stated
// as a claim ("claimed that", "alleged", "according to").
func (s *sent) source(ev *doc.Event, m *match) bool {
	d := s.c.d
	if q := s.c.quo[m.first]; q != doc.None {
		ev.Quote = q
		if sp := d.Quotes[q].Speaker; sp >= 0 && sp < len(d.Entities) {
			ev.Source = sp
		}
	}
	claimed := false
	if k := s.governingSpeech(m.first); k >= 0 {
		if src := s.speaker(k); src != doc.None && ev.Source == doc.None {
			ev.Source = src
		}
		claimed = s.isClaim(k)
	}
	if s.accordingTo >= 0 && ev.Source == doc.None {
		for j := s.accordingTo + 2; j < s.end && j <= s.accordingTo+5; j++ {
			if g := s.groupOf(j); g >= 0 {
				ev.Source = s.groups[g].ent
				break
			}
		}
	}
	return claimed || s.accordingTo >= 0 || s.alleged(m.first)
}

// speakerActs returns the speaker who is the actor of an event that has
// none, or doc.None: the speaker of a noun trigger that is the object of
// the verb of saying ("Italy announced a suspension of air links"), and the
// source of a statement event, of a verb with a pronoun or no subject, of a
// direct quote, or of "his visit".
func (s *sent) speakerActs(ev *doc.Event, m *match, passive bool) int {
	if s.isNoun(m) {
		for j := m.first - 1; j >= s.first && j >= m.first-3; j-- {
			if s.isSpeech(j) {
				if src := s.speaker(j); src != doc.None {
					return src
				}
				break
			}
			if w := s.w(j); !determiners[w] && !adjectiveLike(w) && s.upos(j) != "ADJ" && s.upos(j) != "DET" {
				break
			}
		}
	}
	// Nor does the speaker act in a passive or a relative clause ("people
	// who have been fighting Assad").
	if ev.Source == doc.None || passive || s.relative(s.clauseStart(m.first)) {
		return doc.None
	}
	direct := ev.Quote != doc.None && s.c.d.Quotes[ev.Quote].Direct
	if !s.isNoun(m) || direct || statement[m.e.Type] || possessivePronoun(s.w(m.first-1)) {
		return ev.Source
	}
	return doc.None
}

// militantNouns refer back to an armed group named earlier: "strikes
// against the militants".
var militantNouns = set("militants", "extremists", "jihadists", "insurgents", "terrorists", "rebels", "fighters")

// theMilitants returns, when "the militants" (or a like noun) follows the
// trigger in its clause, the organisation without a country (a non-state
// group) mentioned last before it in the document; else nil.
func (s *sent) theMilitants(m *match) []int {
	ce := s.clauseEnd(m.last)
	at := -1
	for j := m.last + 1; j < ce && j <= m.last+6; j++ {
		if militantNouns[s.w(j)] && (s.w(j-1) == "the" || s.w(j-1) == "those") {
			at = j
			break
		}
	}
	if at < 0 {
		return nil
	}
	d := s.c.d
	best, bestStart := doc.None, -1
	before := d.Tokens[m.first].Start
	for ei, e := range d.Entities {
		if e.Type != doc.ORG || e.Country != "" {
			continue
		}
		for _, mn := range e.Mentions {
			if mn.Start < before && mn.Start > bestStart {
				best, bestStart = ei, mn.Start
			}
		}
	}
	if best == doc.None {
		return nil
	}
	return []int{best}
}

// pairNouns name the two parties of an earlier event: "the two countries".
var pairNouns = set("countries", "sides", "nations", "governments", "leaders", "powers", "states", "parties",
	"presidents", "ministers", "men", "militaries")

// thePair returns the two parties of the latest earlier mutual event of the
// document when the subject of the trigger's clause is "the two countries"
// or "both sides"; else nil.
func (s *sent) thePair(m *match) []int {
	cs := s.clauseStart(m.first)
	found := false
	for j := cs; j+1 < m.first; j++ {
		if (s.w(j) == "two" && (s.w(j-1) == "the" || s.w(j-1) == "both") || s.w(j) == "both") && pairNouns[s.w(j+1)] {
			found = true
			break
		}
	}
	if !found {
		return nil
	}
	d := s.c.d
	for i := len(d.Events) - 1; i >= s.c.base; i-- {
		p := d.Events[i]
		if !mutual[p.Type] {
			continue
		}
		var pair []int
		for _, x := range append(append([]int(nil), p.Actors...), p.Recipients...) {
			if !contains(pair, x) {
				pair = append(pair, x)
			}
		}
		if len(pair) == 2 {
			return pair
		}
	}
	return nil
}

// reactions are acts whose object can be an earlier event: "Turkey
// welcomed the strike", "the Kremlin condemned the attack".
var reactions = map[doc.EventType]bool{doc.SUPPORT: true, doc.ACCUSE: true, doc.REJECT: true, doc.PROTEST: true}

// reactedTo returns the actors of the earlier event of the document that
// the object of a reaction names: the object is a trigger of another type
// the reaction absorbed ("welcomed the strike"), and the latest event of
// that type before this sentence with actors gives them.
func (s *sent) reactedTo(m *match, all []match) []int {
	d := s.c.d
	for _, j := range m.comps {
		o := all[j]
		if o.e.Type == m.e.Type || !s.isNoun(&o) || o.first-m.last > 3 {
			continue
		}
		// Only the object itself: "the strike", not "strikes in Syria by X".
		if s.c.dep && d.Tokens[s.headOf(&o)].Head != s.headOf(m) {
			continue
		}
		for i := len(d.Events) - 1; i >= s.c.base; i-- {
			if p := d.Events[i]; p.Type == o.e.Type && len(p.Actors) > 0 && !d.Sentences[s.idx].Contains(p.Trigger) {
				return p.Actors
			}
		}
		return nil
	}
	return nil
}

func possessivePronoun(w string) bool {
	return w == "his" || w == "her" || w == "their" || w == "its" || w == "our" || w == "my"
}

var backgroundPreps = set("in", "despite", "during", "of", "after", "before", "following", "amid", "over",
	"since", "into", "on")

// statement types are acts of speech: their speaker is their actor.
var statement = map[doc.EventType]bool{doc.AGREE: true, doc.SUPPORT: true, doc.REQUEST: true, doc.ACCUSE: true,
	doc.REJECT: true, doc.THREATEN: true}

func without(xs []int, x int) []int {
	var out []int
	for _, y := range xs {
		if y != x {
			out = append(out, y)
		}
	}
	return out
}

// recode applies the coding conventions that change an event's type:
// a refused future action is a REJECT ("would not coordinate"), a negated
// agreement too, and under Options.PLOVERIntent stated intentions become
// AGREE or THREATEN.
func (s *sent) recode(ev *doc.Event, m *match) {
	cooperative := map[doc.EventType]string{
		doc.CONSULT: "036", doc.SUPPORT: "032", doc.COOPERATE: "031", doc.AID: "033",
		doc.CONCEDE: "035", doc.RETREAT: "035", doc.AGREE: "030",
	}
	conflictual := map[doc.EventType]string{
		doc.ASSAULT: "138", doc.COERCE: "137", doc.SANCTION: "1312", doc.PROTEST: "133",
		doc.MOBILIZE: "138",
	}
	rejects := map[doc.EventType]string{
		doc.CONSULT: "125", doc.SUPPORT: "120", doc.COOPERATE: "121", doc.AID: "122",
		doc.CONCEDE: "124", doc.RETREAT: "124", doc.AGREE: "120",
	}
	set := func(t doc.EventType, code string) {
		ev.Type = t
		ev.CAMEO = code
		if c, ok := s.c.lx.codeFor(code); ok {
			ev.Goldstein = c.Goldstein
			ev.Mode = c.Mode
			if len(c.Contexts) > 0 {
				ev.Contexts = append([]string(nil), c.Contexts...)
			}
		}
	}
	if ev.Negated {
		if code, ok := rejects[ev.Type]; ok && (ev.Modality == doc.Future || ev.Type == doc.AGREE) {
			set(doc.REJECT, code)
			ev.Negated = false
		}
		return
	}
	if !s.c.o.PLOVERIntent || ev.Modality != doc.Future && !(ev.Modality == doc.Hypothetical && s.hasUnless) {
		return
	}
	if s.hasUnless && ev.Type != doc.REQUEST && ev.Type != doc.REJECT {
		set(doc.THREATEN, "139")
		return
	}
	if code, ok := cooperative[ev.Type]; ok && ev.Type != doc.AGREE {
		set(doc.AGREE, code)
	} else if code, ok := conflictual[ev.Type]; ok {
		set(doc.THREATEN, code)
	}
}

// date returns the event's date and the index of the time expression that
// gave it: the nearest DATE or TIME of the sentence, preferring its own
// clause; else the publication date.
func (s *sent) date(m *match) (string, int) {
	c := s.c
	cs, ce := s.clauseStart(m.first), s.clauseEnd(m.last)
	best, bestScore := doc.None, 1<<30
	for ti, tm := range c.d.Times {
		if tm.Type != doc.DATE && tm.Type != doc.TIME {
			continue
		}
		if !c.d.Sentences[s.idx].Contains(tm.Span) {
			continue
		}
		if dateValue(tm.Value, c.d.Published) == "" {
			continue
		}
		t := c.tokenFrom(tm.Start)
		if t < 0 {
			continue
		}
		dist := t - m.last
		if t < m.first {
			dist = m.first - t
		}
		if t < cs || t >= ce {
			k := s.governingSpeech(m.first)
			if k < 0 || t < s.clauseStart(k) || t >= cs {
				continue
			}
			dist += 20
		}
		if dist < bestScore {
			best, bestScore = ti, dist
		}
	}
	if best != doc.None {
		return dateValue(c.d.Times[best].Value, c.d.Published), best
	}
	return c.d.Published, doc.None
}

// dateValue turns a TIMEX3 value into a date of the form YYYY-MM-DD,
// YYYY-MM or YYYY, or "" when it names no date (durations, unknown years).
func dateValue(v, published string) string {
	switch {
	case v == "PRESENT_REF":
		return published
	case len(v) >= 10 && digits(v[:4]) && v[4] == '-' && digits(v[5:7]) && v[7] == '-' && digits(v[8:10]):
		return v[:10]
	case len(v) >= 8 && digits(v[:4]) && v[4] == '-' && v[5] == 'W' && digits(v[6:8]):
		return isoWeekMonth(v[:4], v[6:8])
	case len(v) >= 7 && digits(v[:4]) && v[4] == '-' && digits(v[5:7]):
		return v[:7]
	case len(v) >= 4 && digits(v[:4]) && (len(v) == 4 || v[4] == '-'):
		return v[:4]
	}
	return ""
}

func digits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// isoWeekMonth returns YYYY-MM of the Thursday of ISO week w of year y
// (the month ISO 8601 assigns the week to).
func isoWeekMonth(y, w string) string {
	year := atoi(y)
	week := atoi(w)
	if week < 1 || week > 53 {
		return y
	}
	// Day of year of the Thursday of week 1 is the first Thursday of the
	// year; January 4 is always in week 1.
	jan4 := weekday(year, 1, 4) // 0 = Monday
	thursday := 4 - jan4 + 3    // day of year (1-based) of week 1's Thursday
	doy := thursday + 7*(week-1)
	days := []int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}
	if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
		days[1] = 29
	}
	if doy < 1 {
		return itoa4(year-1) + "-12"
	}
	for mo := 0; mo < 12; mo++ {
		if doy <= days[mo] {
			return itoa4(year) + "-" + two(mo+1)
		}
		doy -= days[mo]
	}
	return itoa4(year+1) + "-01"
}

// weekday returns the ISO weekday of a date, 0 for Monday (Zeller-like
// Sakamoto method).
func weekday(y, m, d int) int {
	t := []int{0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4}
	if m < 3 {
		y--
	}
	sun0 := (y + y/4 - y/100 + y/400 + t[m-1] + d) % 7 // 0 = Sunday
	return (sun0 + 6) % 7
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

func itoa4(n int) string {
	b := []byte{'0', '0', '0', '0'}
	for i := 3; i >= 0; i-- {
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b)
}

func two(n int) string { return string([]byte{byte('0' + n/10), byte('0' + n%10)}) }

// negated reports whether the trigger is negated: "not", "n't", "never" in
// its verb group, "no" before a noun.
func (s *sent) negated(m *match) bool {
	lim := 4
	if s.isNoun(m) {
		lim = 5
	}
	for j := m.first - 1; j >= s.first && j >= m.first-lim; j-- {
		w := s.w(j)
		switch w {
		case "not", "n't", "never", "no", "nor", "cannot":
			if w == "no" && m.first-j > 2 {
				continue
			}
			return true
		}
		if s.groupOf(j) >= 0 && !s.isNoun(m) || s.isBoundary(j) || w == "," {
			break
		}
	}
	// "no longer", "failed to" are handled by the lexicon; "not only" is
	// not a negation but rare enough around triggers to ignore.
	return s.c.dep && s.parseNegated(m)
}

// parseNegated reports whether the parse attaches a negation to the
// trigger's head: advmod "not", "n't", "never" on it (its auxiliaries
// share its head), det "no" on a noun trigger.
func (s *sent) parseNegated(m *match) bool {
	d := s.c.d
	h := s.headOf(m)
	for i := s.first; i < s.end; i++ {
		if d.Tokens[i].Head != h {
			continue
		}
		switch w := s.w(i); d.Tokens[i].Dep {
		case "advmod", "neg":
			if w == "not" || w == "n't" || w == "never" {
				return true
			}
		case "det":
			if w == "no" {
				return true
			}
		}
	}
	return false
}

// modality says whether the event is stated as future, hypothetical or
// asserted; claims are decided by the caller.
func (s *sent) modality(m *match) doc.Modality {
	cs := s.clauseStart(m.first)
	future, modal := m.e.Modality == doc.Future, false
	for j := m.first - 1; j >= cs && j >= m.first-7; j-- {
		w := s.w(j)
		switch w {
		case "will", "'ll", "shall", "would", "wo":
			future = true
		case "could", "may", "might":
			modal = true
		case "plan", "plans", "planned", "planning", "intend", "intends", "intended", "aims", "aim",
			"expected", "scheduled", "set", "due", "going", "about", "ready", "prepared", "willing",
			"seeks", "seek", "sought", "wants", "want", "hopes", "hope":
			if s.w(j+1) == "to" {
				future = true
			}
		}
	}
	if s.hasIf >= 0 && (s.hasIf < m.first || future || modal) {
		if s.hasIf < m.first || s.hasIf <= s.clauseEnd(m.last) {
			return doc.Hypothetical
		}
	}
	if modal {
		return doc.Hypothetical
	}
	if future {
		return doc.Future
	}
	return doc.Asserted
}

// governingSpeech returns the verb of saying whose complement holds token
// i, or -1: the nearest one before i in the sentence, else one after i
// ("..., the ministry said").
func (s *sent) governingSpeech(i int) int {
	for j := i - 1; j >= s.first; j-- {
		if s.isSpeech(j) {
			return j
		}
	}
	for j := i + 1; j < s.end; j++ {
		if s.isSpeech(j) {
			// Only a verb of saying closing the sentence after the trigger's
			// clause ("X did Y, Z said on Monday"), not one opening a clause
			// of its own.
			if s.end-j > 8 {
				return -1
			}
			for k := i + 1; k < j; k++ {
				if w := s.w(k); w == "," || w == "\"" || w == "\u201d" || w == "''" {
					return j
				}
			}
			return -1
		}
	}
	return -1
}

func (s *sent) isClaim(k int) bool {
	for _, l := range s.cands[k-s.first] {
		if claimLemmas[l] {
			return true
		}
	}
	return false
}

// alleged reports whether "alleged", "allegedly" or "reportedly" qualifies
// the trigger at i.
func (s *sent) alleged(i int) bool {
	for j := i - 1; j >= s.first && j >= i-3; j-- {
		switch s.w(j) {
		case "alleged", "allegedly", "reportedly", "purportedly", "purported", "reported":
			return true
		}
	}
	return false
}

// speaker returns the entity that is the subject of the verb of saying at
// k: the first mention of the words before it back to a comma ("the
// Pentagon on Monday said"), the mention before an apposition ("Pahon, a
// Pentagon spokesman, said") or right after the verb ("..., said Trudeau").
func (s *sent) speaker(k int) int {
	return s.speakerDepth(k, 0)
}

func (s *sent) speakerDepth(k, depth int) int {
	cs := s.clauseStart(k)
	for j := k + 1; j < s.end && j <= k+4; j++ {
		if g := s.groupOf(j); g >= 0 {
			if k > s.first && (s.w(k-1) == "," || isQuoteMark(s.w(k-1))) {
				return s.groups[g].ent
			}
			break
		}
	}
	seg := cs
	for j := k - 1; j >= cs; j-- {
		if s.w(j) == "," {
			seg = j + 1
			break
		}
	}
	for j := seg; j < k; j++ {
		if g := s.groupOf(j); g >= 0 && !s.afterPreposition(s.groups[g].first) {
			return s.groups[g].ent
		}
	}
	// "Pahon, a Pentagon spokesman, said": the mention before the
	// apposition.
	if seg > cs+1 && s.w(seg-1) == "," && s.w(k-1) == "," {
		for j := seg - 2; j >= cs; j-- {
			if s.w(j) == "," {
				if g := s.groupOf(j - 1); j-1 >= cs && g >= 0 {
					return s.groups[g].ent
				}
				break
			}
		}
		if g := s.groupOf(seg - 2); g >= 0 {
			return s.groups[g].ent
		}
	}
	// "was quoted as saying": the subject of the first verb of saying.
	if cs > s.first && s.isSpeech(cs-1) && depth < 3 {
		return s.speakerDepth(cs-1, depth+1)
	}
	return doc.None
}

func isQuoteMark(w string) bool {
	return w == "\"" || w == "\u201d" || w == "\u201c" || w == "''" || w == "'"
}

// link ties a denial of a claim ("denied the claim") to the claim it
// answers: the latest earlier claimed event, and makes the claimant the
// denial's recipient.
func (s *sent) link(ev *doc.Event, m *match) {
	if !s.isLemma(m.first, "deny", "reject", "dismiss", "refute", "rebut") {
		return
	}
	obj := false
	for j := m.last + 1; j < s.end && j <= m.last+4; j++ {
		if s.isLemma(j, "claim", "report", "allegation", "accusation", "charge", "assertion", "statement", "story") {
			obj = true
			break
		}
	}
	if !obj {
		return
	}
	d := s.c.d
	for i := len(d.Events) - 1; i >= 0; i-- {
		if p := d.Events[i]; p.Modality == doc.Claimed || p.Type == doc.ACCUSE {
			ev.Linked = i
			if len(ev.Recipients) == 0 && p.Source != doc.None && !contains(ev.Actors, p.Source) {
				ev.Recipients = []int{p.Source}
			}
			return
		}
	}
}

func contains(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

var prepositions = set("in", "at", "on", "from", "into", "near", "under", "over", "across", "during", "since",
	"within", "inside", "outside", "throughout", "toward", "towards", "after", "before", "against", "to",
	"for", "with", "by", "between", "among", "alongside", "about", "upon", "via", "amid", "despite")

// afterPreposition reports whether the mention starting at token i is the
// object of a preposition ("in Syria", "with the Russian military").
func (s *sent) afterPreposition(i int) bool {
	return s.prepBefore(i) != ""
}

// prepBefore returns the preposition governing the mention starting at
// token i, skipping determiners, numbers and adjectives, or "".
func (s *sent) prepBefore(i int) string {
	for j := i - 1; j >= s.first && j >= i-4; j-- {
		w := s.w(j)
		if prepositions[w] {
			return w
		}
		if w == "of" {
			// "with the signing of a memorandum": the phrase the "of" hangs
			// on may itself be the object of a preposition.
			for k := j - 1; k >= s.first && k >= j-3; k-- {
				if v := s.w(k); prepositions[v] {
					return v
				} else if !determiners[v] && (s.groupOf(k) >= 0 || !isLowerWord(s.c.d.Tokens[k].In(s.c.d.Text))) {
					break
				}
			}
			return ""
		}
		if determiners[w] || w == "both" || w == "all" || w == "two" || w == "several" || digits(w) ||
			s.upos(j) == "ADJ" || s.upos(j) == "NUM" || s.upos(j) == "DET" || s.c.tim[j] != doc.None {
			continue
		}
		if s.upos(j) == "" && j < i && !s.isLemma(j, "be") && isLowerWord(s.c.d.Tokens[j].In(s.c.d.Text)) &&
			adjectiveLike(w) {
			continue
		}
		return ""
	}
	return ""
}

// adjectiveLike guesses an adjective from its ending when no tagger ran.
func adjectiveLike(w string) bool {
	for _, suf := range []string{"ed", "ian", "ese", "ist", "al", "ic", "ive", "ous", "ary", "ful", "less"} {
		if len(w) > len(suf)+2 && strings.HasSuffix(w, suf) {
			return true
		}
	}
	return false
}

func isLowerWord(w string) bool { return w != "" && w[0] >= 'a' && w[0] <= 'z' }
