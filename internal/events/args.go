package events

import (
	"strings"

	"sitrep/internal/doc"
)

type args struct {
	actors, recipients, partners []int
	passive                      bool
}

// placeWith places the mentions after "with": the other party of a
// meeting or cooperation ("met with Putin") or of an agreement or support
// when it comes first ("open to strikes with Russia on IS"), else the
// recipient when there is no other ("clashed with police"), else the
// actor's partner in an attack ("bombed Raqqa with Russia").
func (s *sent) placeWith(m *match, recipients, partners, with []int, withFirst bool) ([]int, []int) {
	switch {
	case len(with) == 0:
	case m.e.Type == doc.CONSULT || m.e.Type == doc.COOPERATE || len(recipients) == 0,
		withFirst && (m.e.Type == doc.AGREE || m.e.Type == doc.SUPPORT):
		recipients = with
	case m.e.Type == doc.ASSAULT || m.e.Type == doc.MOBILIZE:
		partners = append(partners, with...)
	}
	return recipients, partners
}

// jointBefore reports whether "joint" or "together" qualifies the trigger:
// then "with X" names a partner, not a target.
func (s *sent) jointBefore(m *match) bool {
	for j := m.first - 1; j >= s.first && j >= m.first-3; j-- {
		if w := s.w(j); w == "joint" || w == "together" || w == "combined" {
			return true
		}
	}
	return false
}

// locatives introduce places, recipients only of material acts ("shelled
// positions in Syria") and only when nothing better is found.
var locatives = set("in", "at", "near", "inside", "outside", "from", "during", "since", "after", "before",
	"amid", "across", "throughout", "within", "around", "through", "under", "over")

// material types act on a place: a location can stand for their target.
var material = map[doc.EventType]bool{doc.ASSAULT: true, doc.COERCE: true, doc.MOBILIZE: true, doc.AID: true,
	doc.RETREAT: true, doc.SANCTION: true, doc.PROTEST: true, doc.CONCEDE: true}

// conflictual types take "against X" as their target.
var conflictual = map[doc.EventType]bool{doc.ASSAULT: true, doc.COERCE: true, doc.THREATEN: true,
	doc.ACCUSE: true, doc.SANCTION: true, doc.PROTEST: true, doc.MOBILIZE: true, doc.REJECT: true}

// withTypes take their partner as recipient: "met with Putin", "cooperate
// with Russia".
var withTypes = map[doc.EventType]bool{doc.CONSULT: true, doc.COOPERATE: true, doc.AGREE: true, doc.SUPPORT: true}

// arguments finds the actor, recipient and partners of a match from the
// token window, and from the dependency parse (when present) for what the
// window leaves empty.
func (s *sent) arguments(m *match) args {
	a := s.windowArguments(m)
	if s.c.dep {
		// The window rules were measured on the PLOVER dev split; the parse
		// fills the slots they leave empty.
		p := s.parseArguments(m)
		if len(a.actors) == 0 && !a.passive {
			a.actors = p.actors
		}
		if len(a.recipients) == 0 && !a.passive {
			a.recipients = p.recipients
		}
		for _, x := range p.partners {
			if !contains(a.partners, x) {
				a.partners = append(a.partners, x)
			}
		}
	}
	if s.c.dep && s.c.model != nil {
		// Object control: the object of "wants X to", "urged X to",
		// "asked X to" is the one who would act, not the subject.
		if ctl := s.controller(m); len(ctl) > 0 {
			a.actors = ctl
		}
	}
	a.recipients = minus(a.recipients, a.actors)
	a.partners = minus(minus(a.partners, a.actors), a.recipients)
	// Coordinated subjects of a mutual act act on each other: "the United
	// States and Russia reached an agreement" has both as actors and both
	// as recipients (USA -> RUS and RUS -> USA).
	if mutual[m.e.Type] && len(a.actors) > 1 && len(a.recipients) == 0 && !a.passive {
		a.recipients = append([]int(nil), a.actors...)
	}
	return a
}

// mutual types are acts two parties do together.
var mutual = map[doc.EventType]bool{doc.AGREE: true, doc.CONSULT: true, doc.COOPERATE: true}

func minus(xs, ys []int) []int {
	var out []int
	for _, x := range xs {
		if !contains(ys, x) && !contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// windowArguments reads the arguments off the token sequence: the subject
// is the first mention of the clause before the trigger (the agent after
// "by" in a passive), the recipient the first mention after it.
func (s *sent) windowArguments(m *match) args {
	var a args
	cs := s.clauseStart(m.first)
	ce := s.clauseEnd(m.last)
	// "demanded that the US cancel": the subject of a demand's or threat's
	// "that" clause is its recipient.
	if ce < s.end && s.w(ce) == "that" && ce-m.last <= 3 && (m.e.Type == doc.REQUEST || m.e.Type == doc.THREATEN) {
		ce = s.clauseEnd(ce)
	}
	passive := s.passive(m)
	a.passive = passive
	isMaterial := material[m.e.Type]
	for _, j := range m.comps {
		if material[s.ms[j].e.Type] {
			isMaterial = true
		}
	}
	subj := s.subject(m, cs)
	if passive {
		a.recipients = subj
		for j := m.last + 1; j < ce && j <= m.last+3; j++ {
			if s.w(j) == "by" {
				if g := s.nextGroup(j+1, ce, 4); g >= 0 {
					a.actors = s.coordinated(g)
				}
				break
			}
		}
	} else {
		a.actors = subj
	}
	// Objects: the first mentions after the trigger in its clause, sorted
	// by their preposition; a comma ends the search (what follows is an
	// apposition or an attribution), except in a list of mentions.
	var fallback, with []int
	withFirst := false
	// A mention inside a phrase trigger is its object: "expelled two Russian
	// diplomats", "give Tanzania a grant".
	for j := m.first + 1; j < m.last; j++ {
		if g := s.groupOf(j); g >= 0 && len(a.recipients) == 0 && !passive {
			a.recipients = []int{s.groups[g].ent}
		}
	}
	for j := m.last + 1; j < ce; j++ {
		if s.w(j) == "," {
			break
		}
		g := s.groupOf(j)
		if g < 0 {
			continue
		}
		gr := s.groups[g]
		prep := s.prepBefore(gr.first)
		ents := s.coordinated(g)
		j = gr.last
		for k := g + 1; k < len(s.groups) && contains(ents, s.groups[k].ent); k++ {
			j = max(j, s.groups[k].last)
		}
		switch {
		case passive && prep == "by":
		case prep == "with" || prep == "alongside":
			if prep == "alongside" || m.e.Type == doc.ASSAULT && s.jointBefore(m) {
				a.partners = append(a.partners, ents...)
			} else {
				if len(with) == 0 && len(a.recipients) == 0 {
					withFirst = true
				}
				with = append(with, ents...)
			}
		case prep == "from" && m.e.Type == doc.REQUEST:
			// "demanding autonomy from Serbian authorities"
			if len(a.recipients) == 0 {
				a.recipients = ents
			}
		case locatives[prep]:
			if fallback == nil && isMaterial {
				fallback = ents
			}
		case prep == "against" && !conflictual[m.e.Type]:
			// "help in the fight against IS": the adversary of a cooperative act
		case (m.e.Type == doc.CONSULT || m.e.Type == doc.COOPERATE) && (prep == "on" || prep == "about" || prep == "over"):
			// a topic of talks, not a party to them
		default:
			if len(a.recipients) == 0 && !passive {
				a.recipients = ents
			}
		}
	}
	a.recipients, a.partners = s.placeWith(m, a.recipients, a.partners, with, withFirst)
	if g := s.possessor(m); g >= 0 && len(subj) > 0 && !passive {
		a.recipients = append(s.coordinated(g), a.recipients...)
	}
	if len(a.recipients) == 0 && !passive {
		a.recipients = fallback
	}
	// A noun trigger with no subject takes the mention right before it as
	// its actor: "Palestinian riots", "the U.S. push".
	if s.isNoun(m) && len(a.actors) == 0 {
		for j := m.first - 1; j >= cs && j >= m.first-3; j-- {
			if g := s.groupOf(j); g >= 0 {
				a.actors = s.coordinated(g)
				break
			}
		}
	}
	return a
}

// subject returns the entities of the trigger's subject: the first mention
// of the clause before the trigger that is not the object of a preposition
// (the nearest mention when all are). A subject pronoun between that
// mention and the trigger, or a noun trigger in a prepositional phrase of
// time or cause ("following attacks"), leave the subject to the caller
// (the speaker, the mention right before the noun).
func (s *sent) subject(m *match, cs int) []int {
	// A relative clause without a subject of its own has its antecedent as
	// subject: "the administration, which only worked with Russia".
	if s.relative(cs) && !s.hasSubjectMention(cs, m.first) {
		for j := cs - 2; j >= s.first && j >= cs-4; j-- {
			if g := s.groupOf(j); g >= 0 {
				return s.coordinated(g)
			}
		}
		return nil
	}
	// A participle right after a mention modifies it: "the coalition
	// fighting IS".
	if m.first > s.first && strings.HasSuffix(s.w(m.first), "ing") && !s.isNoun(m) {
		if g := s.groupOf(m.first - 1); g >= 0 {
			return s.coordinated(g)
		}
	}
	if s.isNoun(m) {
		if p := s.w(m.first - 1); p == "his" || p == "her" || p == "their" || p == "its" || p == "our" {
			first := -1
			for j := cs; j < m.first; j++ {
				if g := s.groupOf(j); g >= 0 && !s.afterPreposition(s.groups[g].first) {
					first = g
					break
				}
			}
			if first >= 0 {
				return s.coordinated(first)
			}
			return nil
		}
		if p := s.prepBefore(m.first); p != "" && p != "in" && p != "to" && p != "for" && p != "with" {
			return nil
		}
		if p := s.w(m.first - 1); p == "of" || p == "following" {
			return nil
		}
	}
	first, near := -1, -1
	poss := s.possessor(m)
	for j := cs; j < m.first; j++ {
		g := s.groupOf(j)
		if g == poss {
			continue
		}
		if g < 0 {
			if subjectPronouns[s.w(j)] && first >= 0 {
				first = -2 // a pronoun after the mention is the subject
			}
			continue
		}
		gr := s.groups[g]
		if first == -1 && !s.afterPreposition(gr.first) && s.w(gr.first-1) != "(" {
			first = g
		}
		near = g
		j = gr.last
	}
	if first == -2 {
		return nil
	}
	// "two jets from the U.S.-led coalition participated": a subject whose
	// head names no entity takes the one it comes from.
	if first < 0 {
		for j := cs; j < m.first && j <= cs+5; j++ {
			if g := s.groupOf(j); g >= 0 {
				if p := s.prepBefore(s.groups[g].first); p == "from" {
					return s.coordinated(g)
				}
				break
			}
		}
	}
	if first < 0 {
		for j := cs; j < m.first; j++ {
			if subjectPronouns[s.w(j)] && s.groupOf(j) < 0 {
				return nil
			}
		}
		if near < 0 || s.isNoun(m) {
			return nil
		}
		first = near
	}
	return s.coordinated(first)
}

// relative reports whether the clause starting at cs is a relative clause.
func (s *sent) relative(cs int) bool {
	return cs > s.first && (s.w(cs-1) == "which" || s.w(cs-1) == "who")
}

// hasSubjectMention reports whether a mention not governed by a preposition
// lies in [cs, end).
func (s *sent) hasSubjectMention(cs, end int) bool {
	for j := cs; j < end; j++ {
		if g := s.groupOf(j); g >= 0 && !s.afterPreposition(s.groups[g].first) {
			return true
		}
	}
	return false
}

// possessor returns the group of a possessive right before a noun trigger
// ("Iran's cooperation"), or -1.
func (s *sent) possessor(m *match) int {
	if !s.isNoun(m) || m.first-2 < s.first || s.w(m.first-1) != "'s" {
		return -1
	}
	return s.groupOf(m.first - 2)
}

var subjectPronouns = set("i", "we", "he", "she", "they", "it")

// coordinated returns the entity of group g and of the groups coordinated
// with it ("Turkey and Russia", "Hungarian and Romanian officials").
func (s *sent) coordinated(g int) []int {
	out := []int{s.groups[g].ent}
	for k := g; k+1 < len(s.groups); k++ {
		a, b := s.groups[k], s.groups[k+1]
		if !s.onlyConjunction(a.last+1, b.first) {
			break
		}
		if !contains(out, b.ent) {
			out = append(out, b.ent)
		}
	}
	for k := g; k > 0; k-- {
		a, b := s.groups[k-1], s.groups[k]
		if !s.onlyConjunction(a.last+1, b.first) {
			break
		}
		if !contains(out, a.ent) {
			out = append([]int{a.ent}, out...)
		}
	}
	return out
}

// onlyConjunction reports whether tokens [i, j) join two mentions: "and",
// "or", a comma, "as well as", a determiner.
func (s *sent) onlyConjunction(i, j int) bool {
	if i >= j {
		return false
	}
	conj := false
	for k := i; k < j; k++ {
		switch w := s.w(k); w {
		case "and", "or", "&", "as", "well", "plus":
			conj = true
		case ",", "the", "its", "their", "his", "her", "(", ")", "l", "r", "c":
		default:
			// A title after the conjunction: "and Turkish President".
			if !conj || !titleWord(s, k) {
				return false
			}
		}
	}
	return conj
}

// titleWord reports whether token k can be part of a person's title:
// capitalised, or a lowercase role word.
func titleWord(s *sent, k int) bool {
	t := s.c.d.Tokens[k].In(s.c.d.Text)
	if t != "" && t[0] >= 'A' && t[0] <= 'Z' {
		return true
	}
	return roleWords[s.w(k)]
}

var roleWords = set("president", "prime", "minister", "foreign", "defense", "defence", "secretary", "leader",
	"counterpart", "king", "queen", "chancellor", "spokesman", "spokeswoman", "envoy", "ambassador", "officials",
	"official", "senior", "vice", "deputy", "chief", "general", "state")

// nextGroup returns the first mention group starting in [i, ce) within lim
// tokens, or -1.
func (s *sent) nextGroup(i, ce, lim int) int {
	for j := i; j < ce && j < i+lim; j++ {
		if g := s.groupOf(j); g >= 0 {
			return g
		}
	}
	return -1
}

// passive reports whether a verb trigger is passive: a form of "be" or
// "get" before a participle ("was attacked", "have been killed").
func (s *sent) passive(m *match) bool {
	if s.isNoun(m) {
		return false
	}
	if t := s.c.d.Tokens[m.first]; t.XPOS != "" && t.XPOS != "VBN" {
		return false
	}
	w := s.w(m.first)
	if len(w) < 3 || !(w[len(w)-2:] == "ed" || w[len(w)-2:] == "en" || irregular[w] != "" && w != "met") {
		return false
	}
	for j := m.first - 1; j >= s.first && j >= m.first-3; j-- {
		switch s.w(j) {
		case "was", "were", "been", "being", "be", "is", "are", "got", "get", "gets":
			return true
		case "not", "n't", "never", "also", "reportedly", "allegedly", "already", "recently", "later",
			"repeatedly", "routinely", "badly", "seriously", "fatally":
			continue
		}
		return false
	}
	return false
}

// parseArguments reads the arguments off the dependency parse: nsubj is the
// actor, obj, iobj and obl/nmod with a case the recipient, nsubj:pass the
// recipient and obl:agent the actor of a passive; a verb without a subject
// takes the subject of the verb it depends on ("threatened to ban").
func (s *sent) parseArguments(m *match) args {
	var a args
	d := s.c.d
	head := s.headOf(m)
	children := func(h int) []int {
		var out []int
		for i := s.first; i < s.end; i++ {
			if d.Tokens[i].Head == h {
				out = append(out, i)
			}
		}
		return out
	}
	caseOf := func(t int) string {
		for _, k := range children(t) {
			if d.Tokens[k].Dep == "case" {
				return s.w(k)
			}
		}
		return ""
	}
	var with []int
	withFirst := false
	// The dependents of the trigger's head, and of its other words ("called
	// off a strike after deliberations with X"), the words of the trigger
	// itself aside.
	var deps []int
	for i := m.first; i <= m.last; i++ {
		if i != head && d.Tokens[i].Head >= m.first && d.Tokens[i].Head <= m.last {
			deps = append(deps, children(i)...)
		}
	}
	deps = append(children(head), deps...)
	for _, k := range deps {
		if k >= m.first && k <= m.last {
			continue
		}
		switch dep := d.Tokens[k].Dep; dep {
		case "nsubj":
			a.actors = append(a.actors, s.entitiesOf(k)...)
		case "nsubj:pass":
			a.recipients = append(a.recipients, s.entitiesOf(k)...)
		case "obl:agent":
			a.actors = append(a.actors, s.entitiesOf(k)...)
		case "obj", "iobj":
			a.recipients = append(a.recipients, s.entitiesOf(k)...)
		case "obl", "nmod", "nmod:poss":
			c := caseOf(k)
			ents := s.entitiesOf(k)
			switch {
			case dep == "obl" && c == "by" && s.passive(m):
				a.actors = append(a.actors, ents...)
			case c == "with" || c == "alongside":
				if c == "alongside" || m.e.Type == doc.ASSAULT && s.jointBefore(m) {
					a.partners = append(a.partners, ents...)
				} else {
					if len(with) == 0 && len(a.recipients) == 0 {
						withFirst = true
					}
					with = append(with, ents...)
				}
			case dep == "nmod:poss":
				a.recipients = append(a.recipients, ents...)
			case locatives[c] && !material[m.e.Type]:
			case c == "against" && !conflictual[m.e.Type]:
			case (m.e.Type == doc.CONSULT || m.e.Type == doc.COOPERATE || m.e.Type == doc.AGREE) &&
				(c == "on" || c == "about" || c == "over"):
			case c == "against" || c == "on" || c == "to" || c == "at" || c == "toward" || c == "towards" ||
				c == "into" || c == "for" || c == "from" || locatives[c]:
				a.recipients = append(a.recipients, ents...)
			}
		}
	}
	a.recipients, a.partners = s.placeWith(m, a.recipients, a.partners, with, withFirst)
	// Climb to a governing verb for a missing subject: xcomp, or a nominal
	// trigger that is the object of a verb ("conducting joint strikes").
	if len(a.actors) == 0 {
		for h, hops := head, 0; hops < 3; hops++ {
			t := d.Tokens[h]
			if t.Head < s.first || t.Head >= s.end {
				break
			}
			switch t.Dep {
			case "xcomp", "obj", "conj", "advcl", "acl", "ccomp", "obl":
			default:
				hops = 3
				continue
			}
			h = t.Head
			for _, k := range children(h) {
				if d.Tokens[k].Dep == "nsubj" {
					a.actors = s.entitiesOf(k)
				}
			}
			if len(a.actors) > 0 || t.Dep == "ccomp" {
				break
			}
		}
	}
	// A pronoun subject of a clause under a verb of saying stands for the
	// sayer: "the United States said it would increase military aid".
	if len(a.actors) == 0 {
		a.actors = s.pronounSayer(head)
	}
	return a
}

// headOf returns the head word of a match: for a multiword trigger, the
// word whose head lies outside it.
func (s *sent) headOf(m *match) int {
	d := s.c.d
	for i := m.first; i <= m.last; i++ {
		h := d.Tokens[i].Head
		if h < m.first || h > m.last {
			return i
		}
	}
	return m.first
}

// pronounSayer climbs from token h, through the verbs it is the object,
// complement or coordinate of, to the first clause whose subject is a
// third-person pronoun ("it", "they"); when that clause is the complement
// of a verb of saying with an entity as subject, it returns that entity.
func (s *sent) pronounSayer(h int) []int {
	d := s.c.d
	// subjOf returns the subject of verb v, or of the verb it is
	// coordinated with ("praised X and said it ...").
	subjOf := func(v int) int {
		for hops := 0; hops < 3 && v >= s.first && v < s.end; hops++ {
			for i := s.first; i < s.end; i++ {
				if d.Tokens[i].Head == v && (d.Tokens[i].Dep == "nsubj" || d.Tokens[i].Dep == "nsubj:pass") {
					return i
				}
			}
			if d.Tokens[v].Dep != "conj" {
				break
			}
			v = d.Tokens[v].Head
		}
		return -1
	}
	for hops := 0; hops < 4 && h >= s.first && h < s.end; hops++ {
		if sj := subjOf(h); sj >= 0 {
			if w := s.w(sj); w != "it" && w != "they" {
				return nil
			}
			t := d.Tokens[h]
			if t.Dep != "ccomp" || t.Head < s.first || t.Head >= s.end || !s.isSpeech(t.Head) {
				return nil
			}
			if sp := subjOf(t.Head); sp >= 0 {
				return s.entitiesOf(sp)
			}
			return nil
		}
		switch d.Tokens[h].Dep {
		case "obj", "xcomp", "obl", "conj":
			h = d.Tokens[h].Head
		default:
			return nil
		}
	}
	return nil
}

// entitiesOf returns the entities a dependency subtree headed at token t
// mentions: the entity of t itself, else the first entity among its
// modifiers (compound, amod, nmod, appos), plus those of its conjuncts.
func (s *sent) entitiesOf(t int) []int {
	d := s.c.d
	var out []int
	var visit func(t, depth int)
	visit = func(t, depth int) {
		if e := s.c.ent[t]; e != doc.None {
			if !contains(out, e) {
				out = append(out, e)
			}
			return
		}
		if depth > 3 {
			return
		}
		for i := s.first; i < s.end; i++ {
			if d.Tokens[i].Head != t {
				continue
			}
			switch d.Tokens[i].Dep {
			case "compound", "amod", "nmod", "nmod:poss", "appos", "flat", "det:poss":
				if len(out) == 0 {
					visit(i, depth+1)
				}
			}
		}
	}
	visit(t, 0)
	for i := s.first; i < s.end; i++ {
		if d.Tokens[i].Head == t && d.Tokens[i].Dep == "conj" {
			if e := s.c.ent[i]; e != doc.None && !contains(out, e) {
				out = append(out, e)
			}
		}
	}
	return out
}

// isNoun reports whether a match is a noun: a noun entry, or an entry of
// either part of speech tagged or preceded like a noun ("a strike").
func (s *sent) isNoun(m *match) bool {
	switch m.e.POS {
	case "N":
		return true
	case "V":
		return false
	}
	if up := s.upos(m.first); up != "" {
		return up == "NOUN" || up == "PROPN"
	}
	p := s.w(m.first - 1)
	return determiners[p] || adjectivesBeforeNoun[p] || strings.HasSuffix(p, "'s")
}

// controller returns, for a trigger that is the open complement (xcomp)
// of a verb with an object ("Obama wants Putin to attack", "urged Iran to
// stop"), the entities of that object; nil otherwise.
func (s *sent) controller(m *match) []int {
	d := s.c.d
	h := s.headOf(m)
	if d.Tokens[h].Dep != "xcomp" {
		return nil
	}
	g := s.head(h)
	if g < 0 {
		return nil
	}
	for _, k := range s.kids(g) {
		if k < h && (d.Tokens[k].Dep == "obj" || d.Tokens[k].Dep == "iobj") {
			return s.entitiesOf(k)
		}
	}
	return nil
}
