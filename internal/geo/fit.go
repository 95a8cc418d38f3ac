package geo

import (
	"math"

	"sitrep/internal/doc"
)

// GoldPlace is the gold place of an entity in a training document.
type GoldPlace struct {
	// ID is the GeoNames id, 0 if the gold set gives only coordinates.
	ID       int
	Lat, Lon float64
}

// Example is an annotated document (through the actors stage) with the gold
// place of some of its GPE and LOC entities, by entity index.
type Example struct {
	Doc  *doc.Document
	Gold map[int]GoldPlace
}

// Fit fits both passes' weights on exs by maximising the likelihood of
// the right candidate under a softmax over each toponym's candidates (L2
// penalty l2). The right candidate has the gold GeoNames id, else it is the
// candidate nearest the gold point if within 161 km; toponyms without one
// are left out.
func Fit(exs []Example, l2 float64) (Weights, error) {
	g, err := Load()
	if err != nil {
		return Weights{}, err
	}
	type inst struct {
		doc   int
		tops  []toponym
		items []int // toponym index
		gold  []int // right candidate per item
	}
	var insts []inst
	for di, ex := range exs {
		tops := candidates(g, ex.Doc)
		in := inst{doc: di, tops: tops}
		for ti, t := range tops {
			gp, ok := ex.Gold[t.entity]
			if !ok {
				continue
			}
			if r := rightCandidate(g, t, gp); r >= 0 {
				in.items = append(in.items, ti)
				in.gold = append(in.gold, r)
			}
		}
		insts = append(insts, in)
	}
	var w Weights
	train := func(dst *[nFeatures]float64) {
		var items []struct {
			t    *toponym
			gold int
		}
		for i := range insts {
			for k, ti := range insts[i].items {
				items = append(items, struct {
					t    *toponym
					gold int
				}{&insts[i].tops[ti], insts[i].gold[k]})
			}
		}
		var sq [nFeatures]float64 // AdaGrad accumulators
		for epoch := 0; epoch < 300; epoch++ {
			var grad [nFeatures]float64
			for _, it := range items {
				t := it.t
				m := math.Inf(-1)
				sc := make([]float64, len(t.cands))
				for c := range t.cands {
					sc[c] = score(dst, &t.feats[c])
					m = max(m, sc[c])
				}
				z := 0.0
				for c := range sc {
					sc[c] = math.Exp(sc[c] - m)
					z += sc[c]
				}
				for c := range sc {
					p := sc[c] / z
					y := 0.0
					if c == it.gold {
						y = 1
					}
					for k := range grad {
						grad[k] += (y - p) * t.feats[c][k]
					}
				}
			}
			n := float64(max(1, len(items)))
			for k := range grad {
				gk := grad[k]/n - l2*dst[k]
				sq[k] += gk * gk
				if sq[k] > 0 {
					dst[k] += 0.5 * gk / math.Sqrt(sq[k])
				}
			}
		}
	}
	train(&w.First)
	for i := range insts {
		for ti := range insts[i].tops {
			insts[i].tops[ti].pick = argmax(&w.First, &insts[i].tops[ti])
		}
		setContext(g, insts[i].tops)
	}
	train(&w.Second)
	return w, nil
}

func rightCandidate(g *Gazetteer, t toponym, gp GoldPlace) int {
	best, bd := -1, 161.0
	for c, ix := range t.cands {
		p := g.Place(ix)
		if gp.ID != 0 && p.ID == gp.ID {
			return c
		}
		if d := Distance(p.Lat, p.Lon, gp.Lat, gp.Lon); d <= bd {
			best, bd = c, d
		}
	}
	return best
}
