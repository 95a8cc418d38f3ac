package ner

import (
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"

	"sitrep/internal/nlp/clusters"
	"sitrep/internal/nlp/conll"
)

// TrainOptions control training. The zero value works.
type TrainOptions struct {
	// Epochs is the number of passes over the training set for each
	// perceptron (default 15). The model kept is the epoch scoring best on
	// the development set, or the last one without a development set.
	Epochs int
	// GeoNamesDir is the GeoNames folder the gazetteer is built from
	// (../shared/data/geonames); "" builds it from the embedded cues only.
	GeoNamesDir string
	// Clusters maps normalised words (LowerKey) to cluster bit strings. Nil
	// uses the clusters embedded in package clusters; use an empty map for
	// none.
	Clusters map[string]string
	// OnePass skips the second, document-history pass.
	OnePass bool
	// Folds is the number of folds used to give the second pass first-pass
	// labels on the training set that the first pass did not learn from
	// (default 4).
	Folds int
	// Seed seeds the shuffling of the training set (default 1).
	Seed uint64
	// Log receives progress lines; nil discards them.
	Log io.Writer
}

// TrainDefault trains the model sitrep ships from the data folder
// (../shared/data: conll2003/eng.train, tuned on conll2003/eng.testa, and the
// GeoNames gazetteer) and writes it to outPath, logging progress to log.
func TrainDefault(dataDir, outPath string, log io.Writer) error {
	o := TrainOptions{GeoNamesDir: filepath.Join(dataDir, "geonames"), Log: log}
	m, err := Train(filepath.Join(dataDir, "conll2003", "eng.train"), filepath.Join(dataDir, "conll2003", "eng.testa"), o)
	if err != nil {
		return err
	}
	f, err := os.Create(outPath)
	if err != nil {
		return fmt.Errorf("ner: %w", err)
	}
	if err := m.Save(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Train trains a model on a CoNLL-2003 file, choosing the number of epochs
// on the development file devPath ("" for none). Training is deterministic.
func Train(trainPath, devPath string, o TrainOptions) (*Model, error) {
	if o.Epochs <= 0 {
		o.Epochs = 15
	}
	if o.Folds <= 1 {
		o.Folds = 4
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	logf := func(format string, args ...any) {
		if o.Log != nil {
			fmt.Fprintf(o.Log, format+"\n", args...)
		}
	}
	train, err := readFile(trainPath)
	if err != nil {
		return nil, err
	}
	var dev []conll.Document
	if devPath != "" {
		if dev, err = readFile(devPath); err != nil {
			return nil, err
		}
	}
	m := &Model{clusters: o.Clusters}
	if m.clusters == nil {
		if m.clusters, err = clusters.Default(); err != nil {
			return nil, fmt.Errorf("ner: %w", err)
		}
	}
	g := newGazBuilder()
	g.addCues()
	if o.GeoNamesDir != "" {
		if err := g.addGeoNames(o.GeoNamesDir); err != nil {
			return nil, fmt.Errorf("ner: gazetteer: %w", err)
		}
	}
	m.gaz, m.gazMax = g.m, g.maxLen
	m.indexWords()
	logf("ner: %d training documents, %d development documents, %d clusters, %d gazetteer phrases",
		len(train), len(dev), len(m.clusters), len(m.gaz))

	trainTok := m.prepareAll(train)
	devTok := m.prepareAll(dev)
	dict := newDict()
	trainSet := m.extract(train, trainTok, dict, true)
	devSet := m.extract(dev, devTok, dict, false)
	logf("ner: first pass: %d features", dict.len())
	first, epochs := trainLayer(trainSet, devSet, dict, o, logf)
	m.first = first.compact(dict)
	if o.OnePass {
		m.join()
		return m, nil
	}

	// Second pass: first-pass labels for the training set from models that
	// did not see the document (o.Folds folds), for the development set from
	// the first pass itself. These passes use the weights as trained, not
	// quantised as in the model file.
	trainHist := make([][][]int8, len(train))
	for k := range o.Folds {
		var in []conll.Document
		var inTok []docTokens
		for i := range train {
			if i%o.Folds != k {
				in = append(in, train[i])
				inTok = append(inTok, trainTok[i])
			}
		}
		fd := newDict()
		fs := m.extract(in, inTok, fd, true)
		fo := o
		fo.Epochs = epochs
		l, _ := trainLayer(fs, nil, fd, fo, nil)
		for i := k; i < len(train); i += o.Folds {
			trainHist[i] = m.firstPass(trainTok[i], &l, fd)
		}
		logf("ner: fold %d of %d labelled", k+1, o.Folds)
	}
	for i := range train {
		setHistory(trainTok[i], trainHist[i])
	}
	for i := range dev {
		setHistory(devTok[i], m.firstPass(devTok[i], &first, dict))
	}
	dict2 := newDict()
	trainSet = m.extract(train, trainTok, dict2, true)
	devSet = m.extract(dev, devTok, dict2, false)
	logf("ner: second pass: %d features", dict2.len())
	second, _ := trainLayer(trainSet, devSet, dict2, o, logf)
	l := second.compact(dict2)
	m.second = &l
	m.join()
	return m, nil
}

func readFile(path string) ([]conll.Document, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("ner: %w", err)
	}
	defer f.Close()
	docs, err := conll.Read(f)
	if err != nil {
		return nil, fmt.Errorf("ner: %s: %w", path, err)
	}
	return docs, nil
}

func (m *Model) prepareAll(docs []conll.Document) []docTokens {
	s := &scratch{}
	out := make([]docTokens, len(docs))
	for i, d := range docs {
		out[i] = m.prepareDocument(d.Words(), s, false)
	}
	return out
}

// firstPass labels a prepared document with a first layer being trained (l:
// weights by number in d); features d lacks are left out.
func (m *Model) firstPass(dt docTokens, l *layer, d *dict) [][]int8 {
	sc := &scratch{}
	var buf []uint64
	ys := make([][]int8, len(dt.sents))
	for si, toks := range dt.sents {
		// gold is unknown: decodeSample reads only its length.
		s := sample{off: make([]int32, 1, len(toks)+1), gold: make([]int8, len(toks))}
		for i := range toks {
			buf = m.features(buf[:0], toks, i)
			for _, h := range buf {
				if id, ok := d.ids[h]; ok {
					s.feats = append(s.feats, id)
				}
			}
			s.off = append(s.off, int32(len(s.feats)))
		}
		ys[si] = make([]int8, len(toks))
		decodeSample(s, l.weights, nil, &l.trans, ys[si], sc)
	}
	return ys
}

// dict numbers feature hashes.
type dict struct {
	ids  map[uint64]int32
	keys []uint64
}

func newDict() *dict { return &dict{ids: make(map[uint64]int32)} }

func (d *dict) len() int { return len(d.keys) }

// sample is one sentence as feature numbers.
type sample struct {
	feats []int32 // features of word i: feats[off[i]:off[i+1]]
	off   []int32
	gold  []int8
}

// extract turns documents into samples, adding unseen features to d when
// grow is set and dropping them otherwise.
func (m *Model) extract(docs []conll.Document, dts []docTokens, d *dict, grow bool) []sample {
	var out []sample
	var buf []uint64
	for di, doc := range docs {
		for si, sent := range doc.Sentences {
			toks := dts[di].sents[si]
			s := sample{off: make([]int32, 1, len(toks)+1), gold: fromIOB2(sent.Tags)}
			for i := range toks {
				buf = m.features(buf[:0], toks, i)
				buf = histFeatures(buf, &toks[i])
				for _, h := range buf {
					id, ok := d.ids[h]
					if !ok {
						if !grow {
							continue
						}
						id = int32(len(d.keys))
						d.ids[h] = id
						d.keys = append(d.keys, h)
					}
					s.feats = append(s.feats, id)
				}
				s.off = append(s.off, int32(len(s.feats)))
			}
			out = append(out, s)
		}
	}
	return out
}

// weights are a perceptron being trained: current weights and the sums used
// for averaging (Collins 2002; Daumé's trick of accumulating c*delta).
type weights struct {
	w, u   []float64
	tw, tu [nLabels + 1][nLabels]float64
	c      float64
}

func (p *weights) add(f int32, y int, d float64) {
	p.w[int(f)*nLabels+y] += d
	p.u[int(f)*nLabels+y] += p.c * d
}

func (p *weights) addTrans(prev, y int, d float64) {
	p.tw[prev][y] += d
	p.tu[prev][y] += p.c * d
}

// averaged returns the averaged weights as a layer indexed by dictionary
// number.
func (p *weights) averaged() layer {
	var l layer
	l.weights = make([]float32, len(p.w))
	for i := range p.w {
		l.weights[i] = float32(p.w[i] - p.u[i]/p.c)
	}
	for i := range p.tw {
		for j := range p.tw[i] {
			l.trans[i][j] = float32(p.tw[i][j] - p.tu[i][j]/p.c)
		}
	}
	return l
}

// decodeSample labels a sample with dense weights rows indexed by feature
// number.
func decodeSample(s sample, w []float32, w64 []float64, trans *[nLabels + 1][nLabels]float32, ys []int8, sc *scratch) {
	n := len(s.gold)
	if n == 0 {
		return
	}
	if cap(sc.scores) < n*nLabels {
		sc.scores = make([]float32, n*nLabels)
		sc.back = make([]int8, n*nLabels)
	}
	scores := sc.scores[:n*nLabels]
	clear(scores)
	for i := range n {
		row := scores[i*nLabels : (i+1)*nLabels]
		for _, f := range s.feats[s.off[i]:s.off[i+1]] {
			base := int(f) * nLabels
			if w != nil {
				for y := range row {
					row[y] += w[base+y]
				}
			} else {
				for y := range row {
					row[y] += float32(w64[base+y])
				}
			}
		}
	}
	viterbi(trans, scores, sc.back[:n*nLabels], ys)
}

// trainLayer trains one averaged perceptron for o.Epochs epochs and returns
// the averaged weights of the epoch that scored best on dev (the last epoch
// when dev is empty) and that epoch's number.
func trainLayer(train, dev []sample, d *dict, o TrainOptions, logf func(string, ...any)) (layer, int) {
	p := &weights{w: make([]float64, d.len()*nLabels), u: make([]float64, d.len()*nLabels), c: 1}
	rng := rand.New(rand.NewPCG(o.Seed, 0x5eed))
	order := make([]int, len(train))
	for i := range order {
		order[i] = i
	}
	sc := &scratch{}
	var pred []int8
	var best layer
	bestF, bestEpoch := -1.0, 0
	for epoch := 1; epoch <= o.Epochs; epoch++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		errs := 0
		for _, si := range order {
			s := train[si]
			n := len(s.gold)
			pred = append(pred[:0], make([]int8, n)...)
			var trans [nLabels + 1][nLabels]float32
			for i := range p.tw {
				for j := range p.tw[i] {
					trans[i][j] = float32(p.tw[i][j])
				}
			}
			decodeSample(s, nil, p.w, &trans, pred, sc)
			gp, pp := nLabels, nLabels
			for i := range n {
				g, y := int(s.gold[i]), int(pred[i])
				if g != y {
					errs++
					for _, f := range s.feats[s.off[i]:s.off[i+1]] {
						p.add(f, g, 1)
						p.add(f, y, -1)
					}
				}
				if g != y || gp != pp {
					p.addTrans(gp, g, 1)
					p.addTrans(pp, y, -1)
				}
				gp, pp = g, y
			}
			p.c++
		}
		avg := p.averaged()
		if len(dev) == 0 {
			best, bestEpoch = avg, epoch
			if logf != nil {
				logf("ner: epoch %d: %d training errors", epoch, errs)
			}
			continue
		}
		sc2 := Scores{}
		for _, s := range dev {
			ys := make([]int8, len(s.gold))
			decodeSample(s, avg.weights, nil, &avg.trans, ys, sc)
			sc2.add(s.gold, ys)
		}
		sc2.finish()
		if logf != nil {
			logf("ner: epoch %d: %d training errors, dev F1 %.2f", epoch, errs, sc2.Overall.F1)
		}
		if sc2.Overall.F1 > bestF {
			best, bestF, bestEpoch = avg, sc2.Overall.F1, epoch
		}
	}
	return best, bestEpoch
}

// compact turns a layer indexed by dictionary number into one indexed by
// feature hash, dropping features whose weights are all zero.
func (l layer) compact(d *dict) layer {
	out := layer{trans: l.trans}
	for id, h := range d.keys {
		row := l.weights[id*nLabels : (id+1)*nLabels]
		zero := true
		for _, v := range row {
			if v != 0 {
				zero = false
				break
			}
		}
		if zero {
			continue
		}
		out.keys = append(out.keys, h)
		out.weights = append(out.weights, row...)
	}
	return out
}
