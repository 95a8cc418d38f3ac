package actors

import (
	"fmt"
	"strconv"
	"strings"

	"sitrep/internal/doc"
)

// Cross-document keys.
//
// An entity's key names the real-world entity itself, never what it stands
// for (that is Country): the same key in any two documents, in one run or
// in different runs, means sitrep takes the two for the same entity. Keys
// are a deterministic function of the gazetteer and the document, so a
// re-ingest never renumbers them. They are:
//   - gazetteer keys: ISO3 for a state ("USA"), dotted keys for a state's
//     body ("USA.DOD"), an organisation's key ("ISIL"), "geonames:ID" for a
//     city or region (a capital keeps its city key when it speaks for its
//     government: "Washington said" is geonames:4140963 with country USA);
//   - a person's normalised full name ("tony blair");
//   - "org:", "loc:" or "misc:" and the normalised name of an organisation,
//     place or other name the gazetteer lacks ("org:real madrid c.f.");
//   - "per:surname:NAME?" for a person named only by a surname that
//     neither the document nor the gazetteer resolves ("Mr Blair" in an
//     article that never says "Tony" and outside the alias table): the
//     question mark says the identity is not known; the store may attach
//     it to one full name of the same outlet (see store.Resolve).
//
// The alias table (data/aliases.tsv, built by ./genaliases from AIDA
// CoNLL-YAGO train links) maps written forms the gazetteer lacks to the
// entity they stand for in news text ("yeltsin" -> Boris Yeltsin, "moslem"
// -> Islam, "english" -> England); an entity the gazetteer did not key
// takes the key of its table identity.

// SurnamePrefix starts the key of a person known only by a surname.
const SurnamePrefix = "per:surname:"

// tableRow is one form of the alias table. The table holds typ and name;
// key and entry are found on lookup (Gazetteer.tableRow).
type tableRow struct {
	key  string
	typ  doc.EntityType
	name string
	// entry is the gazetteer entry the title names, nil if none.
	entry *Entry
}

func (g *builder) aliasLine(f []string) error {
	if len(f) < 5 {
		return fmt.Errorf("want 5 fields, have %d", len(f))
	}
	if _, err := strconv.Atoi(field(f, 3)); err != nil {
		return fmt.Errorf("count: %w", err)
	}
	form, title, typ := field(f, 0), field(f, 1), field(f, 2)
	if form == "" || title == "" {
		return fmt.Errorf("empty form or title")
	}
	g.table[form] = tableRow{name: titleName(title), typ: conllType(typ)}
	return nil
}

// tableRow returns the alias-table row of a form (as formKey gives it)
// with its key: the gazetteer's key when the title names a gazetteer entry
// of a compatible kind, else a key made from the title. Keys are found on
// lookup, not for every row at load (a sixth of the loading time, issue
// 16); they depend only on the loaded gazetteer.
func (g *Gazetteer) tableRow(form string) (tableRow, bool) {
	row, ok := g.tableLookup(form)
	if ok {
		row.key, row.entry = g.titleKey(row.name, row.typ)
	}
	return row, ok
}

// titleKey is the key of the entity named name (a Wikipedia title made
// readable) of type typ, and its gazetteer entry if it has one.
func (g *Gazetteer) titleKey(name string, typ doc.EntityType) (string, *Entry) {
	// A national side: the key the sports reports give it.
	if c, sport, ok := teamTitle(name); ok {
		if ai, ok := g.lookupAlias(c); ok {
			if e := &g.entries[g.aliases[ai].entry]; e.class == classCountry || homeNations[e.Name] && e.Country == "GBR" {
				return "team:" + sport + ":" + e.Key, nil
			}
		}
	}
	if ai, ok := g.lookupAlias(name); ok {
		a := g.aliases[ai]
		e := &g.entries[a.entry]
		switch {
		case a.kind == doc.MentionMetonym && e.capital >= 0:
			return g.entries[e.capital].Key, &g.entries[e.capital]
		case e.class == classPerson && typ == doc.PER, e.class != classPerson && typ != doc.PER:
			return e.Key, e
		}
	}
	return nameKey(typ, name), nil
}

// nameKey is the key of an entity the gazetteer lacks, made from its name.
func nameKey(typ doc.EntityType, name string) string {
	if typ == doc.PER {
		return personKey(name)
	}
	if typ == doc.GPE {
		typ = doc.LOC
	}
	return strings.ToLower(string(typ)) + ":" + personKey(name)
}

// titleName makes a Wikipedia title readable: "Real_Madrid_C.F." ->
// "Real Madrid C.F.", "Georgia_(country)" -> "Georgia".
func titleName(t string) string {
	t = strings.ReplaceAll(t, "_", " ")
	if i := strings.LastIndex(t, " ("); i > 0 && strings.HasSuffix(t, ")") {
		t = t[:i]
	}
	return t
}

func conllType(t string) doc.EntityType {
	switch t {
	case "PER", "ORG", "LOC", "MISC":
		return doc.EntityType(t)
	}
	return doc.MISC
}

// lookupAlias returns the alias index a name matches, ignoring case and a
// leading "the" (acronyms and names with inner capitals only as written).
func (g *Gazetteer) lookupAlias(name string) (int, bool) {
	var as, lo []string
	for _, w := range splitWords(name) {
		as, lo = append(as, w.norm), append(lo, w.lower)
	}
	if len(lo) > 1 && lo[0] == "the" {
		as, lo = as[1:], lo[1:]
	}
	if len(lo) == 0 {
		return 0, false
	}
	ai, ok := g.byName.get("=" + strings.Join(as, " "))
	if !ok {
		ai, ok = g.byName.get(strings.Join(lo, " "))
	}
	return ai, ok
}

// TableKey returns the key the alias table gives a written form, and
// whether it has one.
func (g *Gazetteer) TableKey(form string) (string, bool) {
	row, ok := g.tableRow(formKey(form))
	return row.key, ok
}

// formKey normalises a written form for the alias table: lower case,
// single spaces.
func formKey(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

// finishKeys gives every entity the gazetteer did not key its final key:
// the alias table's for any of its written names, else the surname marker
// for a person known by one word; entities that end up with one key are
// merged.
func (r *run) finishKeys() {
	for _, x := range r.ents {
		if x.gaz || len(x.e.Mentions) == 0 {
			continue
		}
		if r.generic(x) {
			// "People", "Reports", "MPs": a common noun the NER model took
			// for a name is no entity.
			x.e.Mentions = nil
			continue
		}
		if x.e.Type == doc.ORG {
			// "BBC Scotland", "Reuters Television": an outlet's branch is media.
			if ws := splitWords(x.e.Name); len(ws) > 1 {
				if e, ok := r.g.Lookup(ws[0].norm); ok && e.Sector == "MED" {
					x.e.Sector = "MED"
					if x.e.Country == "" {
						x.e.Country = e.Country
					}
				}
			}
		}
		forms := []string{x.e.Name}
		for _, m := range x.e.Mentions {
			if m.Kind == doc.MentionName || m.Kind == doc.MentionAcronym || m.Kind == doc.MentionDemonym {
				forms = append(forms, m.In(r.d.Text))
			}
		}
		resolved := false
		for _, f := range forms {
			row, ok := r.g.tableLookup(formKey(f))
			if !ok || !compatible(x.e.Type, row.typ) {
				continue
			}
			// A lone surname stands for the person of the table's period
			// only in documents of that period ("Howard" was John Howard
			// in 1996 Reuters, Michael Howard in 2005 British news).
			if x.e.Type == doc.PER && !strings.Contains(formKey(f), " ") && !r.inTablePeriod() {
				continue
			}
			{
				row.key, row.entry = r.g.titleKey(row.name, row.typ)
				x.e.Key = row.key
				if e := row.entry; e != nil {
					// "English" for England: the entity is the gazetteer's.
					x.e.Name, x.e.Type, x.e.Country, x.e.Sector = e.Name, e.Type, e.Country, e.Sector
				} else if len(strings.Fields(row.name)) > len(strings.Fields(x.e.Name)) {
					x.e.Name = row.name
				}
				resolved = true
				break
			}
		}
		if !resolved && x.e.Type == doc.PER && !x.fullName && !strings.Contains(x.e.Key, " ") {
			x.e.Key = SurnamePrefix + x.e.Key + "?"
		}
	}
	// One entity per key.
	seen := map[string]*ent{}
	kept := r.ents[:0]
	for _, x := range r.ents {
		if len(x.e.Mentions) == 0 {
			continue
		}
		if y, ok := seen[x.e.Key]; ok && x.e.Key != "" {
			y.e.Mentions = append(y.e.Mentions, x.e.Mentions...)
			if y.e.Role == "" {
				y.e.Role = x.e.Role
			}
			if y.e.Country == "" {
				y.e.Country = x.e.Country
			}
			continue
		}
		seen[x.e.Key] = x
		kept = append(kept, x)
	}
	r.ents = kept
}

// The alias table's documents are Reuters news of 1996-08 to 1997-08.
const tableFirstYear, tableLastYear = "1996", "1997"

// inTablePeriod reports whether the document is dated within the alias
// table's period.
func (r *run) inTablePeriod() bool {
	y := r.d.Published
	if len(y) < 4 {
		return false
	}
	y = y[:4]
	return y >= tableFirstYear && y <= tableLastYear
}

// genericNouns are common nouns that start sentences and headlines often
// enough for the NER model to take them for names.
var genericNouns = map[string]bool{"people": true, "report": true, "reports": true, "company": true,
	"companies": true, "officials": true, "official": true, "ministers": true, "minister": true, "mps": true,
	"mp": true, "critics": true, "government": true, "police": true, "party": true, "parties": true,
	"spokesman": true, "spokeswoman": true, "analysts": true, "experts": true, "sources": true, "voters": true,
	"campaigners": true, "residents": true, "witnesses": true, "investors": true, "traders": true,
	"students": true, "plans": true, "poll": true, "polls": true, "opposition": true, "firms": true,
	"firm": true, "group": true, "survey": true, "study": true, "figures": true, "statement": true}

// generic reports whether an entity the gazetteer did not key is a common
// noun: a one-word name on the list of generic nouns, or an organisation
// or place the document also writes in lower case as a word of its own
// ("Government" in a headline where the text says "government").
func (r *run) generic(x *ent) bool {
	ws := splitWords(x.e.Name)
	if len(ws) != 1 {
		return false
	}
	lw := ws[0].lower
	if genericNouns[lw] {
		return true
	}
	// Persons ("Mr Young" where the text says "young people") and MISC
	// adjectives are left alone.
	if x.e.Type == doc.MISC || x.e.Type == doc.PER || lw == ws[0].norm {
		return false
	}
	for _, w := range r.w {
		if w.norm == lw {
			return true
		}
	}
	return false
}

// compatible reports whether an entity of type t may take a table row of
// type rt: persons only persons, and names never persons.
func compatible(t, rt doc.EntityType) bool {
	return (t == doc.PER) == (rt == doc.PER)
}
