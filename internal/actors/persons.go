package actors

import (
	"strings"

	"sitrep/internal/doc"
)

// particles may stand inside a person's name: "Bashar al-Assad", "Abu Bakr
// al-Baghdadi", "Staffan de Mistura".
var particles = map[string]bool{"al": true, "el": true, "bin": true, "ibn": true, "bint": true, "abu": true,
	"de": true, "da": true, "di": true, "du": true, "van": true, "von": true, "der": true, "le": true, "la": true,
	"-": true, "ben": true, "abd": true}

// notNames are capitalised words that never begin or end a person's name.
var notNames = map[string]bool{"the": true, "a": true, "an": true, "he": true, "she": true, "it": true,
	"they": true, "we": true, "i": true, "in": true, "on": true, "at": true, "but": true, "and": true, "or": true,
	"if": true, "as": true, "for": true, "to": true, "this": true, "that": true, "his": true, "her": true,
	"their": true, "our": true, "its": true, "mr": true, "mrs": true, "ms": true, "dr": true, "monday": true,
	"tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true, "sunday": true,
	"january": true, "february": true, "march": true, "april": true, "june": true, "july": true, "august": true,
	"september": true, "october": true, "november": true, "december": true, "after": true, "when": true,
	"while": true, "also": true, "with": true, "by": true, "from": true, "of": true, "said": true, "says": true,
	"told": true, "asked": true, "meanwhile": true, "however": true, "still": true, "yet": true, "so": true,
	"then": true, "there": true, "here": true, "who": true, "what": true, "why": true, "how": true}

// modifiers may stand between a state or body and a role: "former
// President", "Turkey's then-Prime Minister", "senior official".
var modifiers = map[string]bool{"former": true, "then": true, "-": true, "acting": true, "senior": true,
	"top": true, "new": true, "newly": true, "elected": true, "outgoing": true, "incoming": true, "current": true,
	"interim": true, "'s": true, "inaugurated": true}

// institutionWords may stand between a state and a role: "Jordanian
// government spokesman", "Russian defense ministry spokesman".
var institutionWords = map[string]bool{"government": true, "military": true, "army": true, "foreign": true,
	"defense": true, "defence": true, "ministry": true, "presidential": true, "state": true, "armed": true,
	"forces": true, "interior": true, "embassy": true, "mission": true, "navy": true, "air": true, "force": true}

// findPersons finds titled persons: a role before a name ("White House
// spokesman Sean Spicer", "U.S. President Barack Obama") or a name, a comma
// and a role ("Eric Pahon, a Pentagon spokesman"; "Brett McGurk, U.S.
// President Barack Obama's envoy").
func (r *run) findPersons() {
	for i := 0; i < len(r.w); i++ {
		if r.claimed[i] || r.inMatch(i) {
			continue
		}
		rs, ok := r.roleAt(i)
		if !ok {
			continue
		}
		if n0, n1, known, ok := r.nameAfter(rs); ok {
			p0, country, sector := r.prefix(rs.r0)
			x := r.person(n0, n1, known)
			r.attachRole(x, rs, country, sector)
			r.mention(x, n0, n1, doc.MentionName)
			r.claim(p0, n1)
			r.useMatchesIn(p0, n1)
			r.phrases = append(r.phrases, phrase{p0: p0, n0: n0, n1: n1, person: x})
			i = n1 - 1
			continue
		}
		if r.appositive(rs) {
			i = rs.r1 - 1
		}
	}
}

// inMatch reports whether word i lies inside a gazetteer match (a role
// word inside "UN General Assembly" is not a role).
func (r *run) inMatch(i int) bool {
	for j := i; j >= 0 && j > i-8; j-- {
		if m, ok := r.startAt[j]; ok {
			return r.matches[m].w1 > i && r.entryOf(m).class != classPerson
		}
	}
	return false
}

// nameAfter finds a person's name right after a role: a known person, a
// run of tagged PER words, or a run of capitalised words.
func (r *run) nameAfter(rs roleSpan) (n0, n1, known int, ok bool) {
	n0 = rs.r1
	if n0 >= len(r.w) || r.w[n0].nl || r.claimed[n0] {
		return 0, 0, -1, false
	}
	if m, ok := r.startAt[n0]; ok {
		e := r.entryOf(m)
		if e.class != classPerson {
			return 0, 0, -1, false
		}
		// A known surname that runs on is another person's first name:
		// "Abbas" in "Abbas Araghchi".
		if !r.aliasOf(m).surname || r.nameRun(n0) <= r.matches[m].w1 {
			return n0, r.matches[m].w1, r.g.aliases[r.matches[m].alias].entry, true
		}
	}
	n1 = r.nameRun(n0)
	if n1 <= n0 {
		return 0, 0, -1, false
	}
	words := r.countNameWords(n0, n1)
	roleCap := capitalised(r.w[rs.r0].norm)
	if words < 2 && !roleCap && !strings.HasSuffix(r.ner[n0], "PER") {
		return 0, 0, -1, false
	}
	return n0, n1, -1, true
}

// nameRun returns the end of a run of capitalised name words starting at
// n0 (at most five words and particles), n0 if there is none. NER tags,
// when present, extend or bound it.
func (r *run) nameRun(n0 int) int {
	if r.ner[n0] == "B-PER" {
		j := n0 + 1
		for j < len(r.w) && r.ner[j] == "I-PER" && !r.w[j].nl {
			j++
		}
		return j
	}
	if !isNameWord(r.w[n0]) || notNames[r.w[n0].lower] {
		return n0
	}
	j := n0 + 1
	for j < len(r.w) && j-n0 < 6 && !r.w[j].nl && !r.claimed[j] {
		w := r.w[j]
		if particles[w.lower] && j+1 < len(r.w) && (isNameWord(r.w[j+1]) || particles[r.w[j+1].lower]) {
			j++
			continue
		}
		if !isNameWord(w) || notNames[w.lower] {
			break
		}
		if _, ok := r.startAt[j]; ok && r.entryOf(r.startAt[j]).class != classPerson {
			break
		}
		j++
	}
	for j > n0 && particles[r.w[j-1].lower] {
		j--
	}
	return j
}

func isNameWord(w word) bool {
	return capitalised(w.norm) && isAlpha(w.norm) && !strings.Contains(w.norm, ".") || len(w.norm) == 2 && w.norm[1] == '.'
}

func (r *run) countNameWords(n0, n1 int) int {
	n := 0
	for _, w := range r.w[n0:n1] {
		if isAlpha(w.norm) && !particles[w.lower] {
			n++
		}
	}
	return n
}

// prefix walks left from a role at word r0 over modifiers and a state or
// body that qualifies it, returning the phrase start and the country and
// sector the qualifier gives.
func (r *run) prefix(r0 int) (p0 int, country, sector string) {
	p0 = r0
	j := r0
	for j > 0 && modifiers[r.w[j-1].lower] && !r.w[j].nl {
		j--
	}
	if m, ok := r.endAt[j]; ok && !r.matches[m].used {
		e := r.entryOf(m)
		if e.class == classCountry || e.class == classOrg {
			return r.matches[m].w0, e.Country, e.Sector
		}
	}
	// A state before institution words: "Jordanian government spokesman".
	k := j
	for k > 0 && institutionWords[r.w[k-1].lower] && !r.w[k].nl {
		k--
	}
	if k < j {
		if m, ok := r.endAt[k]; ok && !r.matches[m].used {
			if e := r.entryOf(m); e.class == classCountry {
				return r.matches[m].w0, e.Country, "GOV"
			}
		}
	}
	return p0, "", ""
}

// person returns the entity of the person named by words [n0, n1): the
// gazetteer's when known, else one keyed by the name.
func (r *run) person(n0, n1, known int) *ent {
	if known >= 0 {
		e := &r.g.entries[known]
		// A bare surname after a title ("President Obama") is the known
		// person unless the document already named another in full.
		if x := r.docSurname(r.w[n1-1].lower); x != nil && n1-n0 == 1 {
			return x
		}
		return r.entryEntity(e)
	}
	name := r.d.Text[r.w[n0].start:r.w[n1-1].end]
	if e, ok := r.g.Lookup(name); ok && e.class == classPerson {
		i, _ := r.g.entryIndex(e.Key)
		return r.entryEntity(&r.g.entries[i])
	}
	if n1-n0 == 1 {
		if x := r.docSurname(r.w[n0].lower); x != nil {
			return x
		}
	}
	x := r.entity(personKey(name), name, doc.PER, "", "")
	r.setFullName(x, name)
	return x
}

// docSurname returns the one person of the document named in full with
// this surname, nil if none or several.
func (r *run) docSurname(lower string) *ent {
	var found *ent
	for _, x := range r.ents {
		if x.e.Type == doc.PER && x.fullName && x.surname == lower && len(x.e.Mentions) > 0 {
			if found != nil && found != x {
				return nil
			}
			found = x
		}
	}
	return found
}

func (r *run) attachRole(x *ent, rs roleSpan, country, sector string) {
	if x.e.Role == "" {
		x.e.Role = rs.info.role
	}
	if x.e.Country == "" {
		x.e.Country = country
	}
	if x.e.Sector == "" || sector == "MIL" {
		if sector != "" && sector != "IGO" {
			x.e.Sector = sector
		} else {
			x.e.Sector = rs.info.sector
		}
	}
}

// appositive handles "NAME, [a|the] [qualifier] ROLE": the role at rs
// describes the name before the comma.
func (r *run) appositive(rs roleSpan) bool {
	j := rs.r0
	country, sector := "", ""
	p0, c, s := r.prefix(rs.r0)
	if p0 < rs.r0 {
		j, country, sector = p0, c, s
	} else if j > 0 && r.w[j-1].norm == "'s" {
		// "President Barack Obama's envoy": the owner gives the country.
		for _, ph := range r.phrases {
			if ph.n1 == j-1 {
				j, country = ph.p0, ph.person.e.Country
				break
			}
		}
		if j == rs.r0 {
			return false
		}
	}
	if j > 0 && (r.w[j-1].lower == "a" || r.w[j-1].lower == "an" || r.w[j-1].lower == "the") {
		j--
	}
	if j < 2 || r.w[j-1].norm != "," {
		return false
	}
	n1 := j - 1
	n0 := n1
	for n0 > 0 && n1-n0 < 6 && !r.claimed[n0-1] && (isNameWord(r.w[n0-1]) || particles[r.w[n0-1].lower]) && !r.w[n0].nl {
		n0--
	}
	for n0 < n1 && (notNames[r.w[n0].lower] || particles[r.w[n0].lower]) {
		n0++
	}
	if n0 >= n1 {
		return false
	}
	known := -1
	if m, ok := r.startAt[n0]; ok && r.matches[m].w1 == n1 {
		e := r.entryOf(m)
		if e.class != classPerson {
			return false
		}
		known = r.g.aliases[r.matches[m].alias].entry
	} else if !r.free(n0, n1) {
		return false
	}
	if known < 0 && r.countNameWords(n0, n1) < 2 && !strings.HasSuffix(r.ner[n0], "PER") && r.docSurname(r.w[n0].lower) == nil {
		return false
	}
	x := r.person(n0, n1, known)
	r.attachRole(x, rs, country, sector)
	r.mention(x, n0, n1, doc.MentionName)
	r.claim(n0, rs.r1)
	r.useMatchesIn(n0, rs.r1)
	return true
}

// findBodies finds government bodies named by a state's adjective, short
// name or possessive: "the Russian defense ministry", "Turkish officials",
// "U.S. troops", "Russia's foreign ministry".
func (r *run) findBodies() {
	for mi := range r.matches {
		m := &r.matches[mi]
		if m.used || !r.free(m.w0, m.w1) {
			continue
		}
		e := r.entryOf(mi)
		a := r.aliasOf(mi)
		if e.class != classCountry || a.kind == doc.MentionMetonym {
			continue
		}
		j := m.w1
		if a.kind == doc.MentionName {
			if j >= len(r.w) || r.w[j].norm != "'s" {
				continue
			}
			j++
		}
		if j >= len(r.w) || r.w[j].nl {
			continue
		}
		b, ok := r.bodyAt(j)
		if !ok || !r.free(j, b.end) {
			continue
		}
		key := e.Key + "." + b.info.code
		var x *ent
		if i, ok := r.g.entryIndex(key); ok {
			x = r.entryEntity(&r.g.entries[i])
		} else {
			adj := e.adjective
			if e.Key == "USA" {
				adj = "U.S."
			} else if adj == "" {
				adj = e.Name
			}
			x = r.entity(key, adj+" "+b.info.name, doc.ORG, e.Key, b.info.sector)
			x.gaz = true
		}
		r.mention(x, m.w0, b.end, doc.MentionName)
		m.used = true
	}
}

// findCoalition links "the coalition" to the coalition against the Islamic
// State once the document names it ("U.S.-led coalition", "coalition
// against IS").
func (r *run) findCoalition() {
	ce, ok := r.g.entryIndex("COALITION")
	if !ok {
		return
	}
	anchored := false
	for mi := range r.matches {
		if r.g.aliases[r.matches[mi].alias].entry == ce {
			anchored = true
		}
	}
	var words []int
	for i, w := range r.w {
		if w.lower != "coalition" || r.claimed[i] || r.inMatch(i) {
			continue
		}
		words = append(words, i)
		// "coalition against (the) IS"
		j := i + 1
		if j < len(r.w) && r.w[j].lower == "against" {
			j++
			if j < len(r.w) && r.w[j].lower == "the" {
				j++
			}
			if m, ok := r.startAt[j]; ok && r.entryOf(m).Key == "ISIL" {
				anchored = true
			}
		}
	}
	if !anchored {
		return
	}
	x := r.entryEntity(&r.g.entries[ce])
	for _, i := range words {
		r.mention(x, i, i+1, doc.MentionNominal)
	}
}

// addKnownPersons adds the gazetteer persons named in full and defers the
// bare surnames to corefSurnames.
func (r *run) addKnownPersons() {
	for mi := range r.matches {
		m := &r.matches[mi]
		if m.used || !r.free(m.w0, m.w1) || r.entryOf(mi).class != classPerson {
			continue
		}
		if r.aliasOf(mi).surname {
			r.deferred = append(r.deferred, mi)
			continue
		}
		r.mention(r.entryEntity(r.entryOf(mi)), m.w0, m.w1, doc.MentionName)
		m.used = true
	}
}

// addNERPersons adds persons the NER tags find and the gazetteer lacks.
func (r *run) addNERPersons() {
	for i := 0; i < len(r.w); i++ {
		if r.ner[i] != "B-PER" {
			continue
		}
		j := i + 1
		for j < len(r.w) && r.ner[j] == "I-PER" {
			j++
		}
		if r.free(i, j) && r.nerClear(i, j) {
			// "Mr Blair": the honorific is not part of the name or its key.
			n0 := i
			for n0 < j-1 && honorifics[strings.TrimSuffix(r.w[n0].lower, ".")] {
				n0++
			}
			r.mention(r.person(n0, j, -1), n0, j, doc.MentionName)
		}
		i = j - 1
	}
}

// honorifics precede a person's name without being part of it.
var honorifics = map[string]bool{"mr": true, "mrs": true, "ms": true, "miss": true, "dr": true, "prof": true,
	"sir": true, "dame": true, "mister": true}

// nerClear reports whether no unused gazetteer match overlaps words [i, j).
func (r *run) nerClear(i, j int) bool {
	for _, m := range r.matches {
		if m.w0 < j && i < m.w1 && !m.used {
			return false
		}
	}
	return true
}

// corefSurnames links bare surnames to the person the document named in
// full ("Spicer", "Trudeau", "Earnest said"), and otherwise to the
// gazetteer's person unless that surname is ambiguous on its own.
func (r *run) corefSurnames() {
	for _, mi := range r.deferred {
		m := &r.matches[mi]
		if m.used || !r.free(m.w0, m.w1) || !r.nameUse(m.w0) {
			continue
		}
		if x := r.docSurname(r.w[m.w1-1].lower); x != nil {
			r.mention(x, m.w0, m.w1, doc.MentionName)
			m.used = true
			continue
		}
		e := r.entryOf(mi)
		if e.strict {
			continue
		}
		// Another known person with this surname in the document wins.
		r.mention(r.entryEntity(e), m.w0, m.w1, doc.MentionName)
		m.used = true
	}
	for i, w := range r.w {
		if r.claimed[i] || !capitalised(w.norm) || !isAlpha(w.norm) {
			continue
		}
		if _, ok := r.startAt[i]; ok {
			continue
		}
		x := r.docSurname(w.lower)
		if x == nil || !r.nameUse(i) {
			continue
		}
		r.mention(x, i, i+1, doc.MentionName)
	}
}

// nameUse reports whether a capitalised word at i is used as a name rather
// than as a capitalised common word: anywhere but at a sentence start, or
// at a sentence start followed by what follows a subject ("Earnest said",
// "Kerry, who", "Pahon added").
func (r *run) nameUse(i int) bool {
	if !r.sentStart[i] {
		return true
	}
	if i < len(r.d.Tokens) && len(r.d.Tokens) > 0 {
		if t := r.d.TokenAt(r.w[i].start); t != doc.None && r.d.Tokens[t].UPOS == "PROPN" {
			return true
		}
	}
	if i+1 >= len(r.w) {
		return false
	}
	next := r.w[i+1]
	if next.norm == "," || next.norm == "'s" || next.norm == "and" {
		return true
	}
	if subjectFollowers[next.lower] {
		return true
	}
	return strings.HasSuffix(next.lower, "ed") && len(next.lower) > 3 || strings.HasSuffix(next.lower, "s") && !strings.HasSuffix(next.lower, "ss") && len(next.lower) > 3
}

var subjectFollowers = map[string]bool{"said": true, "told": true, "says": true, "added": true, "is": true,
	"was": true, "has": true, "had": true, "will": true, "would": true, "could": true, "can": true, "may": true,
	"also": true, "who": true, "met": true, "went": true, "spoke": true, "made": true, "took": true, "did": true,
	"does": true, "should": true, "must": true, "might": true, "wrote": true, "tweeted": true}

// locatives precede a capital used as a place: "in Ankara", "to Moscow".
var locatives = map[string]bool{"in": true, "at": true, "to": true, "from": true, "near": true, "outside": true,
	"into": true, "across": true, "around": true, "visit": true, "visited": true, "visiting": true, "via": true,
	"toward": true, "towards": true, "inside": true, "through": true}

// addRemaining turns the gazetteer matches no phrase consumed into
// mentions of states, places and organisations.
func (r *run) addRemaining() {
	for mi := range r.matches {
		m := &r.matches[mi]
		if m.used || !r.free(m.w0, m.w1) {
			continue
		}
		e := r.entryOf(mi)
		a := r.aliasOf(mi)
		if e.class == classPerson {
			continue
		}
		if r.insideLongerName(m.w0, m.w1) {
			// "Real Madrid", "British Airways", "U.S. Open": the NER chunk
			// names something else; addNEROthers adds it whole.
			continue
		}
		if (e.class == classCountry || homeNations[e.Name] && e.Country == "GBR") && a.kind == doc.MentionName &&
			r.teamUse(m.w0, m.w1) {
			te := e
			if a.kind == doc.MentionMetonym && e.capital >= 0 {
				te = &r.g.entries[e.capital]
			}
			r.mention(r.teamEntity(te), m.w0, m.w1, doc.MentionName)
			m.used = true
			continue
		}
		if a.kind == doc.MentionMetonym && e.capital >= 0 {
			// The key names the city itself; used for its government
			// ("Washington said") it keeps the state's country and the
			// metonym kind.
			kind := doc.MentionMetonym
			if r.usedAsPlace(m.w0, m.w1) {
				kind = doc.MentionName
			}
			r.mention(r.entryEntity(&r.g.entries[e.capital]), m.w0, m.w1, kind)
			r.placeEnd[m.w1] = true
		} else {
			if e.class == classCity || e.class == classRegion || e.class == classPlace {
				r.placeEnd[m.w1] = true
			}
			r.mention(r.entryEntity(e), m.w0, m.w1, a.kind)
		}
		m.used = true
	}
}

// insideLongerName reports whether words [w0, w1) lie inside a longer NER
// chunk of type ORG or MISC that is free: the gazetteer's state, city or
// demonym is then part of another entity's name ("Real Madrid", "British
// Airways", "U.S. Open", "Chicago Cubs").
func (r *run) insideLongerName(w0, w1 int) bool {
	tag := r.ner[w0]
	if len(tag) < 3 {
		return false
	}
	typ := tag[2:]
	if typ != "ORG" && typ != "MISC" {
		return false
	}
	i := w0
	for i > 0 && tag[0] == 'I' && r.ner[i] == "I-"+typ {
		i--
		tag = r.ner[i]
	}
	if r.ner[i] != "B-"+typ {
		return false
	}
	j := w0 + 1
	for j < len(r.ner) && r.ner[j] == "I-"+typ {
		j++
	}
	if j-i <= w1-w0 || j < w1 {
		return false
	}
	return r.free(i, j)
}

// usedAsPlace reports whether a capital at words [w0, w1) is a place, not
// its government: after a locative preposition, or followed by "D.C.".
func (r *run) usedAsPlace(w0, w1 int) bool {
	if w0 > 0 && locatives[r.w[w0-1].lower] && !r.w[w0].nl {
		return true
	}
	if w0 > 1 && r.w[w0-1].lower == "the" && locatives[r.w[w0-2].lower] {
		return true
	}
	// In a list of places: "in Ankara, Baghdad, Beirut, and Paris".
	j := w0
	for j > 0 && (r.w[j-1].norm == "," || r.w[j-1].lower == "and" || r.w[j-1].lower == "or") {
		j--
	}
	if j < w0 && r.placeEnd[j] {
		return true
	}
	return w1 < len(r.w) && (r.w[w1].norm == "D.C." || r.w[w1].lower == "dc")
}

// addNEROthers adds organisations, places and other names that the NER
// tags find and the gazetteer lacks, one entity per distinct name.
func (r *run) addNEROthers() {
	for i := 0; i < len(r.w); i++ {
		tag := r.ner[i]
		if !strings.HasPrefix(tag, "B-") || tag == "B-PER" {
			continue
		}
		typ := tag[2:]
		j := i + 1
		for j < len(r.w) && r.ner[j] == "I-"+typ {
			j++
		}
		if r.free(i, j) {
			name := r.d.Text[r.w[i].start:r.w[j-1].end]
			t := doc.EntityType(typ)
			if t != doc.ORG && t != doc.LOC && t != doc.MISC {
				t = doc.MISC
			}
			x := r.entity(strings.ToLower(typ)+":"+personKey(name), name, t, "", "")
			r.mention(x, i, j, doc.MentionName)
		}
		i = j - 1
	}
}
