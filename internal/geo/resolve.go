package geo

import (
	"math"
	"strconv"
	"strings"

	"sitrep/internal/doc"
)

// Features of a candidate place for a toponym, in the order of Weights.
const (
	fLogPop     = iota // log10(population+1)/8
	fCountry           // the candidate is a country
	fAdmin1            // a first-level division
	fAdmin2            // a second-level division
	fCapital           // a national capital (PPLC)
	fSeat              // a division's seat (PPLA, PPLA2, ...)
	fExact             // a name of the toponym is the candidate's main name
	fTopPop            // the most populous candidate
	fActors            // the actors stage's gazetteer chose this place
	fActorsCC          // the candidate lies in the country the actors stage gave
	fContained         // "X, Y" or "X (Y)": Y names the candidate's division or country
	fCtxCountry        // share of the document's other places (cities, divisions) in the candidate's country
	fCtxAdmin1         // share of the other places in the candidate's first-level division
	fCtxNear           // closeness to the nearest other place: exp(-km/250)
	fCtxState          // share of the other places that are the candidate's country itself
	fExonym            // named by an alternate name, and a city of 100,000 or more ("Geneva" for Genève)
	nFeatures
)

// featureNames name the features in weights.tsv.
var featureNames = [nFeatures]string{"log_population", "country", "admin1", "admin2", "capital", "seat", "exact_name",
	"most_populous", "actors_pick", "actors_country", "contained", "context_country", "context_admin1", "context_near", "context_state", "exonym"}

// contextFeatures are zero in the first pass, which picks the places the
// second pass takes as context.
var contextFeatures = [...]int{fCtxCountry, fCtxAdmin1, fCtxNear, fCtxState}

// Weights are the two passes' linear scorers.
type Weights struct {
	First, Second [nFeatures]float64
}

// toponym is a GPE or LOC entity to resolve, with its candidates.
type toponym struct {
	entity int
	names  []string // normalised names
	spans  []doc.Span
	cands  []int32
	feats  [][nFeatures]float64
	pick   int // index into cands after the first pass, -1 if none
}

// candidates finds the toponyms of d and their candidate places, with the
// features that do not depend on the other toponyms.
func candidates(g *Gazetteer, d *doc.Document) []toponym {
	var tops []toponym
	for ei := range d.Entities {
		e := &d.Entities[ei]
		if e.Type != doc.GPE && e.Type != doc.LOC {
			continue
		}
		t := toponym{entity: ei, pick: -1}
		seen := map[int32]bool{}
		add := func(ix int32) {
			if !seen[ix] {
				seen[ix] = true
				t.cands = append(t.cands, ix)
			}
		}
		keyCountry, keyID := "", 0
		if isISO3(e.Key) {
			if _, ok := g.Country(e.Key); ok {
				keyCountry = e.Key
			}
		} else if id, ok := strings.CutPrefix(e.Key, "geonames:"); ok {
			keyID, _ = strconv.Atoi(id)
			if ix, ok := g.ByID(keyID); ok {
				add(ix)
			}
		}
		// A state named only by its capital ("Moscow said", "talks in
		// London") is resolved as the capital city, the point a reader
		// means; a state also named by its own name keeps the state.
		onlyCapital := keyCountry != ""
		for _, m := range e.Mentions {
			if m.Kind != doc.MentionMetonym && m.Kind != doc.MentionPronoun && m.Kind != doc.MentionNominal {
				onlyCapital = false
			}
		}
		nameSet := map[string]bool{}
		for _, m := range e.Mentions {
			switch m.Kind {
			case doc.MentionName, doc.MentionAcronym:
			case doc.MentionMetonym:
				if keyCountry != "" && !onlyCapital {
					continue // "Washington said" beside "the United States": the state
				}
			default:
				continue
			}
			t.spans = append(t.spans, m.Span)
			if n := Normalize(m.In(d.Text)); n != "" && !nameSet[n] {
				nameSet[n] = true
				t.names = append(t.names, n)
			}
		}
		if n := Normalize(e.Name); n != "" && !nameSet[n] && (keyCountry == "" || len(t.spans) > 0 && !onlyCapital) {
			nameSet[n] = true
			t.names = append(t.names, n)
		}
		for _, n := range t.names {
			if notPlaces[n] {
				continue
			}
			for _, ix := range g.Lookup(n) {
				add(ix)
			}
		}
		if ix, ok := g.Country(keyCountry); ok && !onlyCapital {
			add(ix)
		}
		// A place named with its division or country that the gazetteer
		// lacks there ("London, Ky." when no town of that name is listed
		// there) is placed at the division it names, the most precise
		// point the text supports.
		// Lists are not containment: in "Texas, Oklahoma and Kansas" or
		// "Moscow, Beijing and Tehran" the name is itself a division or a
		// capital, and a country after the comma places nothing unless
		// the gazetteer knows no place of that name at all.
		cont := containers(g, d.Text, t.spans)
		if len(cont) > 0 && len(t.names) > 0 {
			in, big := false, false
			for _, ix := range t.cands {
				in = in || inside(g, ix, cont)
				p := g.Place(ix)
				big = big || p.Kind != KindPlace && p.Kind != KindAdmin2 || p.Feature == "PPLC"
			}
			if !in && !big {
				for _, c := range cont {
					if g.Kind(c) == KindAdmin1 || len(t.cands) == 0 {
						t.cands = append(t.cands[:0], c)
						break
					}
				}
			}
		}
		if len(t.cands) == 0 {
			continue
		}
		var top int64 = -1
		for _, ix := range t.cands {
			top = max(top, g.Place(ix).Population)
		}
		t.feats = make([][nFeatures]float64, len(t.cands))
		for ci, ix := range t.cands {
			p := g.Place(ix)
			f := &t.feats[ci]
			f[fLogPop] = math.Log10(float64(p.Population)+1) / 8
			switch p.Kind {
			case KindCountry:
				f[fCountry] = 1
			case KindAdmin1:
				f[fAdmin1] = 1
			case KindAdmin2:
				f[fAdmin2] = 1
			}
			if p.Feature == "PPLC" {
				f[fCapital] = 1
			} else if strings.HasPrefix(p.Feature, "PPLA") {
				f[fSeat] = 1
			}
			if nameSet[Normalize(p.Name)] {
				f[fExact] = 1
			} else if p.Kind == KindPlace && p.Population >= 100000 {
				f[fExonym] = 1
			}
			if p.Population == top {
				f[fTopPop] = 1
			}
			if p.ID == keyID || !onlyCapital && p.Kind == KindCountry && p.Country == keyCountry ||
				onlyCapital && p.Feature == "PPLC" && p.Country == keyCountry {
				f[fActors] = 1
			}
			if e.Country != "" && p.Country == e.Country {
				f[fActorsCC] = 1
			}
			if inside(g, ix, cont) {
				f[fContained] = 1
			}
		}
		tops = append(tops, t)
	}
	return tops
}

// containers returns the divisions and countries a mention's ", Y" or
// " (Y)" names ("Paris, Texas", "Alexandria, Va.", "Paris, TX", "Aleppo,
// Syria"): the places a candidate must lie in to be contained.
func containers(g *Gazetteer, text string, spans []doc.Span) []int32 {
	var out []int32
	for _, s := range spans {
		if s.End < 0 || s.End > len(text) {
			continue
		}
		rest := text[s.End:min(len(text), s.End+40)]
		switch {
		case strings.HasPrefix(rest, ", "):
			rest = rest[2:]
		case strings.HasPrefix(rest, " ("):
			rest = rest[2:]
		default:
			continue
		}
		// Y is up to three capitalised words, ending at punctuation other
		// than '.'.
		words := strings.Fields(rest)
		y := ""
		for k := 0; k < len(words) && k < 3; k++ {
			w := strings.TrimRight(words[k], ",;:)\"'")
			if w == "" || w[0] < 'A' || w[0] > 'Z' {
				break
			}
			if y != "" {
				y += " "
			}
			y += w
			if len(y) == 2 && y[1] >= 'A' && y[1] <= 'Z' {
				if a, ok := g.Admin1("USA", y); ok {
					out = append(out, a) // "Paris, TX"
				}
			}
			for _, c := range g.Lookup(y) {
				if k := g.Kind(c); k == KindAdmin1 || k == KindCountry {
					out = append(out, c)
				}
			}
			if w != words[k] {
				break
			}
		}
	}
	return out
}

// inside reports whether place ix lies in one of the containers.
func inside(g *Gazetteer, ix int32, cont []int32) bool {
	p := g.Place(ix)
	if p.Kind == KindCountry || p.Kind == KindCont {
		return false
	}
	a1, hasA1 := g.Admin1Of(ix)
	cc, hasCC := g.Country(p.Country)
	for _, c := range cont {
		if hasA1 && c == a1 || hasCC && c == cc {
			return true
		}
	}
	return false
}

// setContext fills the features that depend on the other toponyms' first-pass
// picks.
func setContext(g *Gazetteer, tops []toponym) {
	for i := range tops {
		t := &tops[i]
		others := 0
		for j := range tops {
			if j != i && tops[j].pick >= 0 {
				others++
			}
		}
		for ci, ix := range t.cands {
			p := g.Place(ix)
			f := &t.feats[ci]
			f[fCtxCountry], f[fCtxAdmin1], f[fCtxNear], f[fCtxState] = 0, 0, 0, 0
			if others == 0 {
				continue
			}
			a1, hasA1 := g.Admin1Of(ix)
			if p.Kind == KindAdmin1 {
				a1, hasA1 = ix, true
			}
			near := math.Inf(1)
			for j := range tops {
				if j == i || tops[j].pick < 0 {
					continue
				}
				ox := tops[j].cands[tops[j].pick]
				o := g.Place(ox)
				switch {
				case o.Country != p.Country:
				case o.Kind == KindCountry:
					f[fCtxState]++ // "Syria" beside "Aleppo"
				default:
					f[fCtxCountry]++ // "Atlanta" beside "Savannah"
				}
				if hasA1 {
					if oa, ok := g.Admin1Of(ox); ok && oa == a1 || ox == a1 {
						f[fCtxAdmin1]++
					}
				}
				if o.Kind != KindCountry && p.Kind != KindCountry {
					near = min(near, Distance(p.Lat, p.Lon, o.Lat, o.Lon))
				}
			}
			f[fCtxCountry] /= float64(others)
			f[fCtxState] /= float64(others)
			f[fCtxAdmin1] /= float64(others)
			if !math.IsInf(near, 1) {
				f[fCtxNear] = math.Exp(-near / 250)
			}
		}
	}
}

func score(w *[nFeatures]float64, f *[nFeatures]float64) float64 {
	s := 0.0
	for k := range w {
		s += w[k] * f[k]
	}
	return s
}

func argmax(w *[nFeatures]float64, t *toponym) int {
	best, bs := -1, math.Inf(-1)
	for ci := range t.cands {
		if s := score(w, &t.feats[ci]); s > bs {
			best, bs = ci, s
		}
	}
	return best
}

// resolve runs both passes: the first picks each toponym's place without
// context, the second rescores with the other picks as context. It returns
// the chosen candidate of each toponym (-1 for none).
func resolve(g *Gazetteer, w *Weights, tops []toponym) []int {
	for i := range tops {
		tops[i].pick = argmax(&w.First, &tops[i])
	}
	setContext(g, tops)
	out := make([]int, len(tops))
	for i := range tops {
		out[i] = argmax(&w.Second, &tops[i])
	}
	return out
}

// Distance is the great-circle distance in km between two points given in
// degrees.
func Distance(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0
	rad := math.Pi / 180
	dlat, dlon := (lat2-lat1)*rad, (lon2-lon1)*rad
	a := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(a)))
}

func isISO3(s string) bool {
	return len(s) == 3 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' && s[2] >= 'A' && s[2] <= 'Z'
}

// notPlaces are names a gazetteer holds for some division but news uses for
// something else: "the West" is a bloc, not Cameroon's West Region.
var notPlaces = map[string]bool{"west": true, "east": true, "north": true, "south": true, "center": true,
	"centre": true, "midwest": true, "northeast": true, "northwest": true, "southeast": true, "southwest": true}

// notToponyms are names the recogniser does not take on its own although
// the gazetteer holds them: adjectives of direction ("Western capitals" are
// not Ghana's Western Region). A place the actors stage names so is still
// resolved.
var notToponyms = map[string]bool{"western": true, "eastern": true, "northern": true, "southern": true}
