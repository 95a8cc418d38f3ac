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
func toponymItems(g *Gazetteer, ex ToponymExample) []labelled {
	var out []labelled
	for _, c := range placeCandidates(g, ex.Doc) {
		l := labelled{feats: c.feats, span: c.span}
		for _, gs := range open(ex) {
			if c.span.Overlaps(gs) {
				o := min(c.span.End, gs.End) - max(c.span.Start, gs.Start)
				l.pos = 2*o >= c.span.End-c.span.Start && 2*o >= gs.End-gs.Start
				break
			}
		}
		out = append(out, l)
	}
	return out
}

// open returns the gold toponyms of ex no taken span overlaps.
func open(ex ToponymExample) []doc.Span {
	var out []doc.Span
	for _, gs := range ex.Gold {
		hit := false
		for _, t := range ex.Taken {
			hit = hit || t.Overlaps(gs)
		}
		if !hit {
			out = append(out, gs)
		}
	}
	return out
}

// FitRecogniser trains the recogniser's averaged perceptron on exs for
// epochs passes, visiting the candidates in an order shuffled with a fixed
// seed, so the result depends only on exs. The threshold is 0.
func FitRecogniser(exs []ToponymExample, epochs int) (*Recogniser, error) {
	g, err := Load()
	if err != nil {
		return nil, err
	}
	var items []labelled
	for _, ex := range exs {
		items = append(items, toponymItems(g, ex)...)
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

// Counts are toponym matches as the evaluation counts them: each gold
// toponym matched by at most one prediction that overlaps it.
type Counts struct{ TP, FP, FN int }

// F1 returns the F-measure of c.
func (c Counts) F1() float64 {
	if c.TP == 0 {
		return 0
	}
	p := float64(c.TP) / float64(c.TP+c.FP)
	r := float64(c.TP) / float64(c.TP+c.FN)
	return 2 * p * r / (p + r)
}

// CountToponyms scores the taken spans of ex plus the toponyms r adds at
// each of thresholds (r's own threshold is ignored).
func (r *Recogniser) CountToponyms(ex ToponymExample, thresholds []float64) ([]Counts, error) {
	g, err := Load()
	if err != nil {
		return nil, err
	}
	cs := placeCandidates(g, ex.Doc)
	out := make([]Counts, len(thresholds))
	for k, th := range thresholds {
		rr := Recogniser{W: r.W, Threshold: th}
		preds := append([]doc.Span(nil), ex.Taken...)
		for _, c := range rr.pickCandidates(cs) {
			preds = append(preds, c.span)
		}
		used := make([]bool, len(ex.Gold))
		for _, p := range preds {
			hit := false
			for gi, gs := range ex.Gold {
				if !used[gi] && gs.Overlaps(p) {
					used[gi], hit = true, true
					break
				}
			}
			if hit {
				out[k].TP++
			} else {
				out[k].FP++
			}
		}
		for _, u := range used {
			if !u {
				out[k].FN++
			}
		}
	}
	return out, nil
}
