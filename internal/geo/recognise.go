package geo

// Toponym recognition. The actors stage finds the places it can key (a
// state, a city it knows, a county); it leaves a city or state inside a
// longer name to that name ("Gainesville Police Department" is an
// organisation), reads a name the NER model tags as a person as a person,
// and knows no streets, rivers or regions outside its gazetteer. For
// geography those are still places: the recogniser re-reads the text and
// adds the toponyms the actors stage did not take as GPE or LOC entities,
// without changing any entity the actors stage made (its keys stay the
// identity of the organisation or person).
//
// Candidates are the capitalised word runs of each sentence (and every
// shorter run inside them, up to four words) and the NER model's spans
// that no place mention and no mention of a body the actors stage keys
// from its gazetteer covers, and that the embedded gazetteer holds, or
// that name a street, a road or a natural feature by their form ("Wichita
// Drive", "Interstate 70", "Lake Lanier": featureName), which become LOC
// entities without geo. Other names the gazetteer cannot place are left out
// (on the fit half, taking them too raised toponym F1 but cost more in
// accuracy within 161 km than the gazetteer's names did). A linear model scores each candidate from
// its words, shape, part of speech and NER tag, the entity whose mention
// holds it, the embedded gazetteer (is it a place name, of which kind and
// size), the words around it and the document's other names; candidates
// scoring above the threshold are taken, best first, without overlaps. The
// model is an averaged perceptron trained by ./fit on the fit half of the
// geoparsing dev sets, its epochs and threshold chosen by cross-validation
// there (data/toponyms.tsv).
//
// A new toponym whose name an existing GPE or LOC entity already has
// becomes one more mention of it; otherwise the toponyms of one name make a
// new GPE entity appended after the actors stage's, keyed "geonames:ID"
// once resolved (by its ISO code when it resolves to a country).

import (
	"bufio"
	_ "embed"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"sitrep/internal/doc"
)

// The recogniser's weights, written by ./fit.
//
//go:embed data/toponyms.tsv
var toponymsData string

// Recogniser scores candidate toponyms.
type Recogniser struct {
	// W maps a feature to its weight.
	W map[string]float64
	// Threshold is the score a candidate must exceed.
	Threshold float64
}

var loadRecogniser = sync.OnceValues(func() (*Recogniser, error) { return ParseRecogniser(toponymsData) })

// ParseRecogniser reads toponyms.tsv: '#' comments, "threshold T", then
// "feature<TAB>weight" lines.
func ParseRecogniser(s string) (*Recogniser, error) {
	r := &Recogniser{W: map[string]float64{}}
	sc := bufio.NewScanner(strings.NewReader(s))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		k, v, ok := strings.Cut(line, "\t")
		if !ok {
			if t, ok := strings.CutPrefix(line, "threshold "); ok {
				f, err := strconv.ParseFloat(t, 64)
				if err != nil {
					return nil, fmt.Errorf("geo: toponyms: bad threshold %q", line)
				}
				r.Threshold = f
				continue
			}
			return nil, fmt.Errorf("geo: toponyms: bad line %q", line)
		}
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return nil, fmt.Errorf("geo: toponyms: bad weight in %q", line)
		}
		r.W[k] = f
	}
	return r, sc.Err()
}

// Format writes r in the form ParseRecogniser reads, features sorted.
func (r *Recogniser) Format(header string) string {
	var b strings.Builder
	for l := range strings.SplitSeq(strings.TrimSpace(header), "\n") {
		b.WriteString("# " + l + "\n")
	}
	fmt.Fprintf(&b, "threshold %g\n", r.Threshold)
	keys := make([]string, 0, len(r.W))
	for k, w := range r.W {
		if math.Abs(w) >= 1e-4 {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, "%s\t%.4f\n", k, r.W[k])
	}
	return b.String()
}

// candidate is a possible toponym: tokens [t0, t1).
type candidate struct {
	t0, t1 int
	span   doc.Span
	feats  []string
	score  float64
	// feature is the kind of a named feature the gazetteer need not hold
	// ("street" for "Wichita Drive"), "" for a gazetteer name.
	feature string
}

// maxWords is the longest candidate.
const maxWords = 4

// locativeWords precede a place ("in Gainesville", "near Ohio").
var locativeWords = map[string]bool{"in": true, "near": true, "at": true, "from": true, "to": true, "outside": true,
	"of": true, "across": true, "into": true, "through": true, "toward": true, "towards": true, "between": true}

// capitalised reports whether token text w starts with an upper-case letter
// or a digit followed by a letter ("A417" starts with a letter; "9th" no).
func capitalised(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// placeCandidates lists the candidate toponyms of d: spans no GPE or LOC
// mention overlaps, with their features.
func placeCandidates(g *Gazetteer, d *doc.Document) []candidate {
	if len(d.Tokens) == 0 {
		return nil
	}
	// Which entity mention holds each token, and which tokens a place
	// mention already covers.
	holder := make([]int32, len(d.Tokens))
	mstart := make([]bool, len(d.Tokens))
	placed := make([]bool, len(d.Tokens))
	for i := range holder {
		holder[i] = -1
	}
	names := map[string]doc.EntityType{} // normalised mention text -> type of an entity named so
	bodies := map[string]bool{}          // normalised names of the bodies the actors stage knows
	for ei := range d.Entities {
		e := &d.Entities[ei]
		isPlace := e.Type == doc.GPE || e.Type == doc.LOC
		// A body the actors stage knows from its gazetteer (key "USA.WH",
		// not a key made from the name, "org:...") is that body: "White
		// House" is not re-read as a place.
		known := e.Type == doc.ORG && e.Key != "" && !strings.Contains(e.Key, ":")
		for _, m := range e.Mentions {
			if m.Kind == doc.MentionPronoun || m.Kind == doc.MentionNominal {
				continue
			}
			t0 := d.TokenAt(m.Start)
			if t0 < 0 {
				continue
			}
			if m.Kind == doc.MentionName {
				n := Normalize(m.In(d.Text))
				if old, ok := names[n]; !ok || isPlace && old != doc.GPE && old != doc.LOC {
					names[n] = e.Type
				}
				if known {
					bodies[n] = true
				}
			}
			mstart[t0] = true
			for t := t0; t < len(d.Tokens) && d.Tokens[t].Start < m.End; t++ {
				if isPlace || known {
					placed[t] = true
				} else if holder[t] < 0 {
					holder[t] = int32(ei)
				}
			}
		}
	}
	word := func(t int) string {
		if t < 0 || t >= len(d.Tokens) {
			return "<none>"
		}
		return strings.ToLower(d.Tokens[t].In(d.Text))
	}
	var out []candidate
	seen := map[[2]int]bool{}
	add := func(t0, t1 int) {
		if seen[[2]int{t0, t1}] {
			return
		}
		seen[[2]int{t0, t1}] = true
		for t := t0; t < t1; t++ {
			if placed[t] {
				return
			}
		}
		c := candidate{t0: t0, t1: t1, span: doc.Span{Start: d.Tokens[t0].Start, End: d.Tokens[t1-1].End}}
		n := Normalize(c.span.In(d.Text))
		c.feature = featureName(d, t0, t1)
		if notPlaces[n] || notToponyms[n] || bodies[n] || c.feature == "" && len(g.Lookup(n)) == 0 {
			// A name the gazetteer cannot place would have no geo; a name
			// the document gives a body the actors stage knows is that
			// body wherever it is written ("White House spokesman Josh
			// Earnest", when "the White House" is the body elsewhere).
			return
		}
		c.feats = features(g, d, c, holder, mstart, names, word)
		out = append(out, c)
	}
	for si := range d.Sentences {
		s := d.Sentences[si]
		for t := s.First; t < s.End && t < len(d.Tokens); {
			if !capitalised(d.Tokens[t].In(d.Text)) {
				t++
				continue
			}
			// A run of capitalised words, "of" allowed inside ("Gulf of Mexico").
			e := t + 1
			for e < s.End && e < len(d.Tokens) {
				w := d.Tokens[e].In(d.Text)
				if capitalised(w) {
					e++
				} else if w == "of" && e+1 < s.End && e+1 < len(d.Tokens) && capitalised(d.Tokens[e+1].In(d.Text)) {
					e += 2
				} else {
					break
				}
			}
			for a := t; a < e; a++ {
				if !capitalised(d.Tokens[a].In(d.Text)) {
					continue
				}
				for b := a + 1; b <= e && b-a <= maxWords; b++ {
					if capitalised(d.Tokens[b-1].In(d.Text)) {
						add(a, b)
					}
				}
			}
			t = e
		}
	}
	// The NER model's spans.
	for t := 0; t < len(d.Tokens); t++ {
		tag := d.Tokens[t].NER
		if !strings.HasPrefix(tag, "B-") {
			continue
		}
		e := t + 1
		for e < len(d.Tokens) && d.Tokens[e].NER == "I-"+tag[2:] && d.Tokens[e].Sentence == d.Tokens[t].Sentence {
			e++
		}
		if e-t <= maxWords+2 {
			add(t, e)
		}
	}
	return out
}

// shape maps a word to its letter classes: "Gainesville" -> "Xx",
// "W.Va." -> "X.Xx.", "A417" -> "Xd".
func shape(w string) string {
	var b []byte
	var last byte
	for _, r := range w {
		var c byte
		switch {
		case unicode.IsUpper(r):
			c = 'X'
		case unicode.IsLower(r):
			c = 'x'
		case unicode.IsDigit(r):
			c = 'd'
		default:
			c = byte(r)
			if r >= utf8.RuneSelf {
				c = '?'
			}
		}
		if c != last || c == '.' {
			b = append(b, c)
		}
		last = c
	}
	return string(b)
}

// features describes candidate c.
func features(g *Gazetteer, d *doc.Document, c candidate, holder []int32, mstart []bool,
	names map[string]doc.EntityType, word func(int) string) []string {
	text := c.span.In(d.Text)
	n := Normalize(text)
	f := make([]string, 0, 40)
	f = append(f, "bias", "n="+strconv.Itoa(c.t1-c.t0))
	var shp []string
	for t := c.t0; t < c.t1; t++ {
		w := word(t)
		f = append(f, "w="+w)
		shp = append(shp, shape(d.Tokens[t].In(d.Text)))
	}
	first, last := word(c.t0), word(c.t1-1)
	f = append(f, "first="+first, "last="+last, "shape="+strings.Join(shp, "_"))
	if len(last) > 3 {
		f = append(f, "suf="+last[len(last)-3:])
	}
	pos := d.Tokens[c.t0].XPOS + "_" + d.Tokens[c.t1-1].XPOS
	f = append(f, "pos="+pos)
	// NER.
	ner := d.Tokens[c.t0].NER
	nerType := "O"
	if len(ner) > 2 {
		nerType = ner[2:]
	}
	f = append(f, "ner="+ner)
	whole := strings.HasPrefix(ner, "B-") && (c.t1 >= len(d.Tokens) || !strings.HasPrefix(d.Tokens[c.t1].NER, "I-"))
	for t := c.t0 + 1; t < c.t1 && whole; t++ {
		whole = d.Tokens[t].NER == "I-"+nerType
	}
	if whole {
		f = append(f, "nerspan="+nerType)
	}
	// The entity holding it.
	in := "none"
	if h := holder[c.t0]; h >= 0 {
		e := &d.Entities[h]
		in = string(e.Type)
		if mstart[c.t0] {
			in += "+start"
		}
		if e.Country != "" {
			in += "+cc"
		}
	}
	f = append(f, "in="+in, "in="+in+"&ner="+nerType)
	// The gazetteer.
	gk := "none"
	var pop int64 = -1
	exact := false
	cands := g.Lookup(text)
	if notPlaces[n] {
		cands = nil
	}
	for _, ix := range cands {
		p := g.Place(ix)
		if p.Population > pop {
			pop, gk = p.Population, string(p.Kind)
		}
		exact = exact || Normalize(p.Name) == n
	}
	f = append(f, "gaz="+gk, "gaz="+gk+"&ner="+nerType, "gaz="+gk+"&in="+in)
	if pop >= 0 {
		f = append(f, "gazpop="+strconv.Itoa(int(math.Log10(float64(pop)+1))))
		if exact {
			f = append(f, "gazexact")
		}
		if len(cands) > 3 {
			f = append(f, "gazmany")
		}
	}
	// The words around it.
	p1, p2, n1, n2 := word(c.t0-1), word(c.t0-2), word(c.t1), word(c.t1+1)
	if c.t0 == 0 || d.Tokens[c.t0-1].Sentence != d.Tokens[c.t0].Sentence {
		p1, p2 = "<s>", "<s>"
	}
	f = append(f, "p1="+p1, "p2="+p2, "n1="+n1, "n2="+n2, "p1="+p1+"&gaz="+gk)
	if locativeWords[p1] || locativeWords[p2] && (p1 == "the" || p1 == "downtown") {
		f = append(f, "loc", "loc&gaz="+gk)
	}
	if c.t0 > 0 && capitalised(d.Tokens[c.t0-1].In(d.Text)) && p1 != "<s>" {
		f = append(f, "capbefore")
	}
	if c.t1 < len(d.Tokens) && capitalised(d.Tokens[c.t1].In(d.Text)) {
		f = append(f, "capafter")
	}
	// "Gainesville, Fla.": a division or country after a comma.
	if n1 == "," && c.t1+1 < len(d.Tokens) {
		for _, ix := range g.Lookup(d.Tokens[c.t1+1].In(d.Text)) {
			if k := g.Kind(ix); k == KindAdmin1 || k == KindCountry {
				f = append(f, "contained")
				break
			}
		}
	}
	// "Atlanta, Georgia": after a comma that follows a place.
	if p1 == "," && c.t0 >= 2 {
		f = append(f, "aftercomma&gaz="+gk)
	}
	// The document's other names.
	if t, ok := names[n]; ok {
		f = append(f, "named="+string(t))
	}
	if c.t1-c.t0 == 1 && len(text) <= 4 && strings.ToUpper(text) == text {
		f = append(f, "abbrev")
	}
	if c.feature != "" {
		f = append(f, "feature="+c.feature, "feature="+c.feature+"&gaz="+gk, "feature="+c.feature+"&in="+in)
	}
	return f
}

// scoreFeatures sums the weights of fs.
func (r *Recogniser) scoreFeatures(fs []string) float64 {
	s := 0.0
	for _, f := range fs {
		s += r.W[f]
	}
	return s
}

// pickCandidates scores cs and returns those above the threshold, best
// first, that overlap no better one.
func (r *Recogniser) pickCandidates(cs []candidate) []candidate {
	for i := range cs {
		cs[i].score = r.scoreFeatures(cs[i].feats)
	}
	order := make([]int, len(cs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case cs[a].score > cs[b].score:
			return -1
		case cs[a].score < cs[b].score:
			return 1
		}
		return cs[a].span.Start - cs[b].span.Start
	})
	var out []candidate
	for _, i := range order {
		if cs[i].score <= r.Threshold {
			break
		}
		ok := true
		for _, o := range out {
			if o.span.Overlaps(cs[i].span) {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, cs[i])
		}
	}
	slices.SortFunc(out, func(a, b candidate) int { return a.span.Start - b.span.Start })
	return out
}

// addToponyms adds the toponyms r finds in d as mentions of GPE and LOC
// entities, and returns the indices of the entities it created.
func (r *Recogniser) addToponyms(g *Gazetteer, d *doc.Document) []int {
	picked := r.pickCandidates(placeCandidates(g, d))
	if len(picked) == 0 {
		return nil
	}
	byName := map[string]int{}
	for ei := range d.Entities {
		e := &d.Entities[ei]
		if e.Type != doc.GPE && e.Type != doc.LOC {
			continue
		}
		for _, m := range e.Mentions {
			if m.Kind == doc.MentionName {
				if _, ok := byName[Normalize(m.In(d.Text))]; !ok {
					byName[Normalize(m.In(d.Text))] = ei
				}
			}
		}
	}
	var created []int
	touched := map[int]bool{}
	for _, c := range picked {
		name := c.span.In(d.Text)
		n := Normalize(name)
		if n == "" {
			continue
		}
		ei, ok := byName[n]
		if !ok {
			ei = len(d.Entities)
			typ := doc.GPE
			if c.feature != "" && len(g.Lookup(n)) == 0 {
				typ = doc.LOC // a street or a lake, not a political entity
			}
			d.Entities = append(d.Entities, doc.Entity{ID: doc.EntityID(ei), Name: name, Type: typ})
			byName[n] = ei
			created = append(created, ei)
		}
		d.Entities[ei].Mentions = append(d.Entities[ei].Mentions, doc.Mention{Span: c.span, Kind: doc.MentionName})
		touched[ei] = true
	}
	for ei := range touched {
		slices.SortStableFunc(d.Entities[ei].Mentions, func(a, b doc.Mention) int { return a.Start - b.Start })
	}
	return created
}

// AddToponyms adds the toponyms r finds in d, as the stage does before
// resolving (for ./fit, which fits the resolver on them too).
func (r *Recogniser) AddToponyms(d *doc.Document) error {
	g, err := Load()
	if err != nil {
		return err
	}
	r.addToponyms(g, d)
	return nil
}

// featureWords end the names of streets, roads and natural features, and
// featureFirst begin them ("Interstate 70", "Lake Lanier"): places local news
// names that no gazetteer of towns holds.
var (
	featureWords = map[string]string{"street": "street", "st.": "street", "avenue": "street", "ave.": "street",
		"road": "street", "rd.": "street", "drive": "street", "dr.": "street", "lane": "street", "boulevard": "street",
		"blvd.": "street", "highway": "street", "parkway": "street", "pike": "street", "trail": "street",
		"bypass": "street", "square": "street", "plaza": "street", "bridge": "street", "crescent": "street",
		"river": "water", "creek": "water", "lake": "water", "bay": "water", "sea": "water", "ocean": "water",
		"gulf": "water", "harbor": "water", "harbour": "water", "canal": "water", "sound": "water",
		"mountain": "land", "mountains": "land", "hills": "land", "valley": "land", "island": "land",
		"islands": "land", "peninsula": "land", "beach": "land", "canyon": "land", "desert": "land",
		"heights": "land", "forest": "land"}
	featureFirst = map[string]string{"interstate": "street", "route": "street", "highway": "street", "lake": "water",
		"mount": "land", "mt.": "land"}
)

// featureName returns the kind of named feature tokens [t0, t1) name, or
// "" when they name none: two words or more, the last a feature word
// ("Wichita Drive") or the first one of featureFirst ("Lake Lanier").
func featureName(d *doc.Document, t0, t1 int) string {
	if t1-t0 < 2 {
		return ""
	}
	last := strings.ToLower(d.Tokens[t1-1].In(d.Text))
	if k, ok := featureWords[last]; ok && capitalised(d.Tokens[t1-1].In(d.Text)) {
		return k
	}
	return featureFirst[strings.ToLower(d.Tokens[t0].In(d.Text))]
}
