package geo

import (
	"math/rand/v2"

	"sitrep/internal/doc"
)

// ToponymExample is a document annotated through the actors stage with
// its gold toponyms and the toponyms the pipeline already predicts before
// the recogniser (the places' mentions).
type ToponymExample struct {
	Doc   *doc.Document
	Gold  []doc.Span
	Taken []doc.Span
	// Placeable says, per gold toponym, whether the gazetteer holds its
	// place: a candidate of its name is the gold place or within 161 km
	// of it.
	Placeable []bool
}

// labelled is a candidate with its gold label.
type labelled struct {
	feats []string
	span  doc.Span
	pos   bool
}

// toponymItems lists ex's candidates. A candidate is a toponym when it
// overlaps a gold toponym that no taken span overlaps, each covering at
// least half of the other (the place in "Gainesville Police Department" is
// "Gainesville", not the whole name).
// With placeable, only a gold toponym the gazetteer can place counts.
func toponymItems(g *Gazetteer, ex ToponymExample, placeable bool) []labelled {
	var out []labelled
	for _, c := range placeCandidates(g, ex.Doc) {
		l := labelled{feats: c.feats, span: c.span}
		for _, gi := range open(ex) {
			gs := ex.Gold[gi]
			if c.span.Overlaps(gs) {
				o := min(c.span.End, gs.End) - max(c.span.Start, gs.Start)
				l.pos = 2*o >= c.span.End-c.span.Start && 2*o >= gs.End-gs.Start && (!placeable || ex.Placeable[gi])
				break
			}
		}
		out = append(out, l)
	}
	return out
}

// open returns the indices of the gold toponyms of ex no taken span
// overlaps.
func open(ex ToponymExample) []int {
	var out []int
	for gi, gs := range ex.Gold {
		hit := false
		for _, t := range ex.Taken {
			hit = hit || t.Overlaps(gs)
		}
		if !hit {
			out = append(out, gi)
		}
	}
	return out
}

// FitRecogniser trains the recogniser's averaged perceptron on exs for
// epochs passes, visiting the candidates in an order shuffled with a fixed
// seed, so the result depends only on exs. The threshold is 0. With
// placeable, a gold toponym the gazetteer cannot place is not a positive
// example.
func FitRecogniser(exs []ToponymExample, epochs int, placeable bool) (*Recogniser, error) {
	g, err := Load()
	if err != nil {
		return nil, err
	}
	var items []labelled
	for _, ex := range exs {
		items = append(items, toponymItems(g, ex, placeable)...)
	}
	w := map[string]float64{}
	sum := map[string]float64{} // sum of w over every step, for averaging
	last := map[string]int{}    // step at which sum[f] was last brought up to date
	step := 0
	rng := rand.New(rand.NewPCG(14, 2026))
	order := make([]int, len(items))
	for i := range order {
		order[i] = i
	}
	for range epochs {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			it := &items[i]
			s := 0.0
			for _, f := range it.feats {
				s += w[f]
			}
			step++
			if (s > 0) == it.pos {
				continue
			}
			d := -1.0
			if it.pos {
				d = 1
			}
			for _, f := range it.feats {
				sum[f] += w[f] * float64(step-last[f])
				last[f] = step
				w[f] += d
			}
		}
	}
	step++
	r := &Recogniser{W: map[string]float64{}}
	for f, v := range w {
		total := sum[f] + v*float64(step-last[f])
		r.W[f] = total / float64(step)
	}
	return r, nil
}

// Placeable reports whether the gazetteer holds a place named name that is
// the GeoNames place id or lies within 161 km of lat, lon.
func Placeable(name string, id int, lat, lon float64) bool {
	g, err := Load()
	if err != nil {
		return false
	}
	for _, ix := range g.Lookup(name) {
		p := g.Place(ix)
		if id != 0 && p.ID == id || Distance(p.Lat, p.Lon, lat, lon) <= 161 {
			return true
		}
	}
	return false
}

// Known reports whether the gazetteer holds a place named name.
func Known(name string) bool {
	g, err := Load()
	return err == nil && !notPlaces[Normalize(name)] && len(g.Lookup(name)) > 0
}
