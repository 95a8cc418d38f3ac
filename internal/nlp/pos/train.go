package pos

import (
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"sitrep/internal/nlp/conllu"
	"sitrep/internal/nlp/lemma"
)

// TrainOptions controls Train. The zero value works.
type TrainOptions struct {
	// Iterations is the most passes over the training data for each
	// weight set (default 20). With a development file, the iteration that
	// scores best on it is kept.
	Iterations int
	// Prune drops averaged weights whose magnitude is below it
	// (default 0.05), which keeps the model small.
	Prune float64
	// Seed fixes the shuffling of sentences between iterations (default 1).
	Seed uint64
	// OnePass trains only the left-to-right pass, without the second pass
	// that sees the tags to the right.
	OnePass bool
	// Beam is the beam width of the first pass in training and tagging
	// (default 4; 1 is greedy): each training sentence is tagged by beam
	// search and the weights are updated when the right tags fall out of
	// the beam (early update).
	Beam int
	// SecondBeam is the second pass's beam width (default 1, greedy).
	SecondBeam int
	// Folds is the number of parts the training data is cut into to
	// train the second pass on first-pass tags of unseen text, each part
	// tagged by a first pass trained on the others (default 2).
	Folds int
	// Log, when set, receives progress lines.
	Log io.Writer
}

func (o TrainOptions) withDefaults() TrainOptions {
	if o.Iterations <= 0 {
		o.Iterations = 20
	}
	if o.Prune <= 0 {
		o.Prune = 0.05
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	if o.Beam <= 0 {
		o.Beam = 4
	}
	if o.SecondBeam <= 0 {
		o.SecondBeam = 1
	}
	if o.Folds < 2 {
		o.Folds = 2
	}
	return o
}

// sample is one training sentence: its words, their features' inputs and
// their classes.
type sample struct {
	words []string
	info  []wordInfo
	tags  []uint8
	right []uint8 // a first pass's tags, for training the second
}

// Train trains a model on the CoNLL-U file trainPath. When devPath is not
// "", the model is scored on it after each iteration and the best
// iteration is kept. Training is deterministic.
func Train(trainPath, devPath string, o TrainOptions) (*Model, error) {
	o = o.withDefaults()
	train, err := conllu.ReadFile(trainPath)
	if err != nil {
		return nil, fmt.Errorf("train pos: %w", err)
	}
	var dev []*conllu.Sentence
	if devPath != "" {
		if dev, err = conllu.ReadFile(devPath); err != nil {
			return nil, fmt.Errorf("train pos: %w", err)
		}
	}
	// Also train on copies with hyphenated compounds joined ("U.S.-led"),
	// the way segment tokenises them.
	sents := train
	for _, s := range train {
		if j, ok := joinHyphens(s); ok {
			sents = append(sents, j)
		}
	}
	m := &Model{beams: [2]int{o.Beam, o.SecondBeam}}
	classes := map[string]uint8{}
	var samples []*sample
	for _, s := range sents {
		sm := &sample{words: s.Forms()}
		for _, w := range s.Words {
			key := w.UPOS + "\t" + w.XPOS
			c, ok := classes[key]
			if !ok {
				if len(m.upos) == 256 {
					return nil, fmt.Errorf("train pos: more than 256 tag pairs")
				}
				c = uint8(len(m.upos))
				classes[key] = c
				m.upos = append(m.upos, w.UPOS)
				m.xpos = append(m.xpos, w.XPOS)
			}
			sm.tags = append(sm.tags, c)
		}
		sm.info = make([]wordInfo, len(sm.words))
		wordInfos(sm.info, sm.words)
		samples = append(samples, sm)
	}
	m.dict = tagDictionary(samples)
	m.lex, m.open = lexicon(samples, m.dict)
	fmt.Fprintf(o.Log, "pos: %d sentences (%d with joined hyphens), %d tag pairs, %d dictionary words\n",
		len(samples), len(samples)-len(train), len(m.upos), len(m.dict))

	// The first pass.
	rng := rand.New(rand.NewPCG(o.Seed, 0x5eed))
	index := newTable(1 << 16)
	first := m.trainPass(samples, index, nil, false, o.Iterations, o, rng, dev, "first pass")
	if o.OnePass {
		m.compile(index, []*weights{first})
		return m, nil
	}
	// The second pass must learn from first-pass tags as wrong as they will
	// be on new text: each fold of the data is tagged by a first pass
	// trained on the other folds.
	folds := make([][]*sample, o.Folds)
	for i, sm := range samples {
		folds[i%o.Folds] = append(folds[i%o.Folds], sm)
	}
	for f := range folds {
		var rest []*sample
		for g := range folds {
			if g != f {
				rest = append(rest, folds[g]...)
			}
		}
		fm := &Model{upos: m.upos, xpos: m.xpos, dict: m.dict, lex: m.lex, open: m.open, beams: m.beams}
		findex := newTable(1 << 16)
		p := fm.trainPass(rest, findex, nil, false, max(o.Iterations/2, 1), o, rng, nil, fmt.Sprintf("fold %d", f+1))
		fm.compile(findex, []*weights{p})
		for _, sm := range folds[f] {
			wk := fm.getWork(len(sm.words))
			copy(wk.ws, sm.info)
			fm.tag(wk)
			sm.right = slices.Clone(wk.tags)
			fm.pool.Put(wk)
		}
	}
	second := m.trainPass(samples, index, []*weights{first}, true, o.Iterations, o, rng, dev, "second pass")
	m.compile(index, []*weights{first, second})
	return m, nil
}

// trainPass trains one weight set, with feature ids in index, keeping the
// iteration that scores best on dev (tagging with the earlier passes and
// this one) when dev is not nil.
func (m *Model) trainPass(samples []*sample, index *table, earlier []*weights, right bool, iterations int,
	o TrainOptions, rng *rand.Rand, dev []*conllu.Sentence, name string) *weights {
	l := &learner{index: map[uint64]int32{}, dict: m.dict, scores: make([]float64, len(m.upos))}

	order := slices.Clone(samples)
	var best *weights
	bestAcc := -1.0
	for it := 1; it <= iterations; it++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		correct, total := 0, 0
		for _, sm := range order {
			if k := m.beams[len(earlier)]; k > 1 {
				correct += l.learnBeam(sm, right, k)
			} else {
				correct += l.learn(sm, right)
			}
			total += len(sm.words)
		}
		p := l.average(o.Prune, index)
		line := fmt.Sprintf("pos: %s %d: train %.2f%%, %d entries", name, it, 100*float64(correct)/float64(total), len(p.entries))
		if dev == nil {
			best = p
			fmt.Fprintln(o.Log, line)
			continue
		}
		trial := &Model{upos: m.upos, xpos: m.xpos, dict: m.dict, lex: m.lex, open: m.open, beams: m.beams}
		trial.compile(index, append(slices.Clone(earlier), p))
		sc := evaluate(trial, dev)
		fmt.Fprintf(o.Log, "%s, dev UPOS %.2f%% XPOS %.2f%%\n", line, 100*sc.UPOS, 100*sc.XPOS)
		if acc := sc.UPOS + sc.XPOS; acc > bestAcc {
			best, bestAcc = p, acc
		}
	}
	return best
}

// joinHyphens returns s with every run "a - b" written without spaces
// joined into one word tagged like its last part, or false when s has none.
func joinHyphens(s *conllu.Sentence) (*conllu.Sentence, bool) {
	out := &conllu.Sentence{}
	joined := false
	ws := s.Words
	for i := 0; i < len(ws); i++ {
		w := ws[i]
		j := i
		for j+2 < len(ws) && ws[j+1].Form == "-" && ws[j+1].XPOS == "HYPH" &&
			!ws[j].SpaceAfter() && !ws[j+1].SpaceAfter() && ws[j+2].Form != "-" {
			j += 2
		}
		if j > i {
			var form strings.Builder
			for k := i; k <= j; k++ {
				form.WriteString(ws[k].Form)
			}
			w = ws[j]
			w.Form = form.String()
			w.Lemma = form.String()
			joined = true
			i = j
		}
		w.ID = len(out.Words) + 1
		out.Words = append(out.Words, w)
	}
	return out, joined
}

// classCounts returns how often each word (by its dictionary key) was seen
// with each class, and in all.
func classCounts(samples []*sample) (map[string]map[uint8]int, map[string]int) {
	counts, total := map[string]map[uint8]int{}, map[string]int{}
	for _, sm := range samples {
		for i := range sm.words {
			w := sm.info[i].lookup
			if w == "" {
				continue
			}
			if counts[w] == nil {
				counts[w] = map[uint8]int{}
			}
			counts[w][sm.tags[i]]++
			total[w]++
		}
	}
	return counts, total
}

// tagDictionary returns the words seen at least 20 times with one class in
// at least 97% of them.
func tagDictionary(samples []*sample) map[string]uint8 {
	counts, _ := classCounts(samples)
	dict := map[string]uint8{}
	for w, cs := range counts {
		total, bestN := 0, 0
		var best uint8
		for c, n := range cs {
			total += n
			if n > bestN || (n == bestN && c < best) {
				best, bestN = c, n
			}
		}
		if total >= 20 && float64(bestN)/float64(total) >= 0.97 {
			dict[w] = best
		}
	}
	return dict
}

// lexicon returns the classes of rare words (those of at least 0.05% of the
// uses of words seen at most twice) and, for each word seen at least 5
// times, the classes seen with it, and the rare words' classes too when it
// was seen fewer than 30 times.
func lexicon(samples []*sample, dict map[string]uint8) (map[string][]uint8, []uint8) {
	counts, total := classCounts(samples)
	rare := map[uint8]int{}
	nrare := 0
	for w, cs := range counts {
		if total[w] <= 2 {
			for c, k := range cs {
				rare[c] += k
				nrare += k
			}
		}
	}
	var open []uint8
	for c, k := range rare {
		if 2000*k >= nrare {
			open = append(open, c)
		}
	}
	slices.Sort(open)
	lex := map[string][]uint8{}
	for w, cs := range counts {
		if _, ok := dict[w]; ok || total[w] < 5 {
			continue
		}
		var classes []uint8
		for c := range cs {
			classes = append(classes, c)
		}
		if total[w] < 30 {
			classes = append(classes, open...)
		}
		slices.Sort(classes)
		lex[w] = slices.Compact(classes)
	}
	return lex, open
}

// weight is one class's weight for one feature while training, with what
// averaging needs.
type weight struct {
	class uint8
	w     float64
	total float64 // sum of w over the updates before ts
	ts    int     // the update count at which w last changed
}

// learner trains one weight set with the averaged perceptron.
type learner struct {
	dict    map[string]uint8
	index   map[uint64]int32
	weights [][]weight
	tick    int
	scores  []float64
	feats   []uint64

	// Beam search's scratch space.
	static    []float64
	sfeats    []uint64 // the static features of each word
	soffs     []int    // word i's are sfeats[soffs[i]:soffs[i+1]]
	hist, top []hyp
	steps     []int
	pred      []uint8
}

// learn tags one sentence greedily, updating the weights after each
// mistake, and returns how many words it tagged right. With right, the
// features include the sample's first-pass tags.
func (l *learner) learn(sm *sample, right bool) int {
	var rt []uint8
	if right {
		rt = sm.right
	}
	correct := 0
	p1, p2 := uint64(startTag), uint64(startTag)
	for i := range sm.words {
		gold := sm.tags[i]
		guess, ok := l.dict[sm.info[i].lookup]
		if !ok {
			r := rightTags(rt, i)
			l.feats = features(l.feats[:0], sm.info, i, p1, p2, right, r)
			guess = l.best(l.feats)
			l.tick++
			if guess != gold {
				for _, f := range l.feats {
					l.update(f, gold, 1)
					l.update(f, guess, -1)
				}
			}
		}
		if guess == gold {
			correct++
		}
		p2, p1 = p1, uint64(guess)
	}
	return correct
}

// learnBeam tags one sentence by beam search with width k and, when the
// right tags fall out of the beam or lose at the end, updates the weights
// towards the right tags of the words so far and away from the best
// hypothesis's (early update: Collins & Roark 2004). It returns how many
// words the search tagged right before stopping.
func (l *learner) learnBeam(sm *sample, right bool, k int) int {
	var rt []uint8
	if right {
		rt = sm.right
	}
	n := len(sm.words)
	if n == 0 {
		return 0
	}
	nclass := len(l.scores)
	if len(l.static) != nclass {
		l.static = make([]float64, nclass)
	}
	l.sfeats, l.soffs = l.sfeats[:0], append(l.soffs[:0], 0)
	for i := range n {
		if _, ok := l.dict[sm.info[i].lookup]; !ok {
			l.sfeats = staticFeatures(l.sfeats, sm.info, i)
		}
		l.soffs = append(l.soffs, len(l.sfeats))
	}
	addFeats := func(dst []float64, feats []uint64) {
		for _, f := range feats {
			if id, ok := l.index[f]; ok {
				for _, w := range l.weights[id] {
					dst[w.class] += w.w
				}
			}
		}
	}
	hist := append(l.hist[:0], hyp{p1: startTag, p2: startTag, back: -1})
	steps := append(l.steps[:0], 0, 1)
	goldAt := int32(0) // the right tags' hypothesis in the last step
	stop := n
	for i := range n {
		prev := hist[steps[i]:steps[i+1]]
		base := int32(steps[i])
		top := l.top[:0]
		if c, ok := l.dict[sm.info[i].lookup]; ok {
			for b := range prev {
				top = pushHyp(top, k, hyp{score: prev[b].score, p1: uint64(c), p2: prev[b].p1, back: base + int32(b), tag: c})
			}
		} else {
			l.tick++
			clear(l.static)
			addFeats(l.static, l.sfeats[l.soffs[i]:l.soffs[i+1]])
			r := rightTags(rt, i)
			for b := range prev {
				h := &prev[b]
				copy(l.scores, l.static)
				l.feats = dynamicFeatures(l.feats[:0], sm.info, i, h.p1, h.p2, right, r)
				addFeats(l.scores, l.feats)
				for c := range nclass {
					top = pushHyp(top, k, hyp{score: h.score + float32(l.scores[c]), p1: uint64(c), p2: h.p1, back: base + int32(b), tag: uint8(c)})
				}
			}
		}
		l.top = top
		found := int32(-1)
		for j := range top {
			if top[j].back == base+goldAt && top[j].tag == sm.tags[i] {
				found = int32(j)
			}
		}
		hist = append(hist, top...)
		steps = append(steps, len(hist))
		if found < 0 {
			stop = i + 1
			break
		}
		goldAt = found
	}
	l.hist, l.steps = hist, steps
	// The best hypothesis of the last step searched.
	last := hist[steps[stop]:steps[stop+1]]
	best := 0
	for b := range last {
		if last[b].score > last[best].score {
			best = b
		}
	}
	l.pred = slices.Grow(l.pred[:0], stop)[:stop]
	for i, at := stop-1, int32(steps[stop])+int32(best); i >= 0; i-- {
		l.pred[i] = hist[at].tag
		at = hist[at].back
	}
	correct := 0
	for i := range stop {
		if l.pred[i] == sm.tags[i] {
			correct++
		}
	}
	if correct == stop {
		return correct
	}
	gp1, gp2 := uint64(startTag), uint64(startTag)
	pp1, pp2 := gp1, gp2
	for i := range stop {
		gold, guess := sm.tags[i], l.pred[i]
		if _, ok := l.dict[sm.info[i].lookup]; !ok {
			if gold != guess {
				for _, f := range l.sfeats[l.soffs[i]:l.soffs[i+1]] {
					l.update(f, gold, 1)
					l.update(f, guess, -1)
				}
			}
			if gold != guess || gp1 != pp1 || gp2 != pp2 {
				r := rightTags(rt, i)
				l.feats = dynamicFeatures(l.feats[:0], sm.info, i, gp1, gp2, right, r)
				for _, f := range l.feats {
					l.update(f, gold, 1)
				}
				l.feats = dynamicFeatures(l.feats[:0], sm.info, i, pp1, pp2, right, r)
				for _, f := range l.feats {
					l.update(f, guess, -1)
				}
			}
		}
		gp2, gp1 = gp1, uint64(gold)
		pp2, pp1 = pp1, uint64(guess)
	}
	return correct
}

func (l *learner) best(feats []uint64) uint8 {
	clear(l.scores)
	for _, f := range feats {
		if id, ok := l.index[f]; ok {
			for _, w := range l.weights[id] {
				l.scores[w.class] += w.w
			}
		}
	}
	best := 0
	for c := 1; c < len(l.scores); c++ {
		if l.scores[c] > l.scores[best] {
			best = c
		}
	}
	return uint8(best)
}

func (l *learner) update(f uint64, class uint8, v float64) {
	id, ok := l.index[f]
	if !ok {
		id = int32(len(l.weights))
		l.index[f] = id
		l.weights = append(l.weights, nil)
	}
	row := l.weights[id]
	for k := range row {
		if row[k].class == class {
			w := &row[k]
			w.total += float64(l.tick-w.ts) * w.w
			w.ts = l.tick
			w.w += v
			return
		}
	}
	l.weights[id] = append(row, weight{class: class, w: v, ts: l.tick})
}

// average returns the averaged weights, dropping those under prune in
// magnitude, numbering new features in index.
func (l *learner) average(prune float64, index *table) *weights {
	p := &weights{}
	hashes := make([]uint64, 0, len(l.index))
	for h := range l.index {
		hashes = append(hashes, h)
	}
	slices.Sort(hashes)
	for _, h := range hashes {
		lo := uint32(len(p.entries))
		for _, w := range l.weights[l.index[h]] {
			avg := (w.total + float64(l.tick-w.ts)*w.w) / float64(max(l.tick, 1))
			if math.Abs(avg) < prune {
				continue
			}
			p.entries = append(p.entries, entry{w.class, float32(avg)})
		}
		if hi := uint32(len(p.entries)); hi > lo {
			*p.row(index, h) = row{lo: lo, hi: hi}
		}
	}
	return p
}

// Scores are a model's accuracies on a CoNLL-U file.
type Scores struct {
	Words      int     // words scored
	UPOS       float64 // fraction of words with the right UPOS
	XPOS       float64 // fraction with the right XPOS
	Both       float64 // fraction with both right
	Lemma      float64 // fraction with the right lemma, from predicted tags
	GoldLemma  float64 // fraction with the right lemma, from gold tags
	Unknown    int     // words the model has no word-form feature for
	UnknownPOS float64 // UPOS accuracy on those words
}

func (s Scores) String() string {
	return fmt.Sprintf("words %d  UPOS %.2f%%  XPOS %.2f%%  both %.2f%%  lemma %.2f%% (gold tags %.2f%%)  unknown words %d: UPOS %.2f%%",
		s.Words, 100*s.UPOS, 100*s.XPOS, 100*s.Both, 100*s.Lemma, 100*s.GoldLemma, s.Unknown, 100*s.UnknownPOS)
}

// Evaluate tags the words of the CoNLL-U file at devPath and scores the
// tags and lemmas against its gold columns.
func Evaluate(m *Model, devPath string) (Scores, error) {
	ss, err := conllu.ReadFile(devPath)
	if err != nil {
		return Scores{}, fmt.Errorf("evaluate pos: %w", err)
	}
	return evaluate(m, ss), nil
}

func evaluate(m *Model, ss []*conllu.Sentence) Scores {
	var sc Scores
	var up, xp, both, lem, glem, unkRight int
	for _, s := range ss {
		forms := s.Forms()
		upos, xpos := m.Tag(forms)
		for i, w := range s.Words {
			sc.Words++
			if upos[i] == w.UPOS {
				up++
			}
			if xpos[i] == w.XPOS {
				xp++
			}
			if upos[i] == w.UPOS && xpos[i] == w.XPOS {
				both++
			}
			if lemma.Lemma(w.Form, upos[i], xpos[i]) == w.Lemma {
				lem++
			}
			if lemma.Lemma(w.Form, w.UPOS, w.XPOS) == w.Lemma {
				glem++
			}
			wi := newWordInfo(w.Form, false)
			_, inDict := m.dict[wi.lookup]
			if !m.known(wi) && !inDict {
				sc.Unknown++
				if upos[i] == w.UPOS {
					unkRight++
				}
			}
		}
	}
	if sc.Words > 0 {
		n := float64(sc.Words)
		sc.UPOS, sc.XPOS, sc.Both = float64(up)/n, float64(xp)/n, float64(both)/n
		sc.Lemma, sc.GoldLemma = float64(lem)/n, float64(glem)/n
	}
	if sc.Unknown > 0 {
		sc.UnknownPOS = float64(unkRight) / float64(sc.Unknown)
	}
	return sc
}

// TrainDefault trains the default model from UD English EWT under dataDir
// (the ../shared/data folder: dataDir/ud-english-ewt/en_ewt-ud-train.conllu.gz,
// tuned on en_ewt-ud-dev.conllu) and writes it to outPath (the embedded
// model lives at internal/nlp/pos/model/pos.bin.gz). Progress goes to log.
func TrainDefault(dataDir, outPath string, log io.Writer) error {
	dir := filepath.Join(dataDir, "ud-english-ewt")
	train := filepath.Join(dir, "en_ewt-ud-train.conllu.gz")
	dev := filepath.Join(dir, "en_ewt-ud-dev.conllu")
	m, err := Train(train, dev, TrainOptions{Log: log})
	if err != nil {
		return err
	}
	f, err := os.Create(outPath)
	if err != nil {
		return fmt.Errorf("train pos: %w", err)
	}
	if err := m.Save(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("train pos: %w", err)
	}
	// Score what was written, quantisation included.
	f, err = os.Open(outPath)
	if err != nil {
		return fmt.Errorf("train pos: %w", err)
	}
	defer f.Close()
	saved, err := Load(f)
	if err != nil {
		return err
	}
	sc, err := Evaluate(saved, dev)
	if err != nil {
		return err
	}
	if log != nil {
		fmt.Fprintf(log, "pos: wrote %s; dev: %v\n", outPath, sc)
	}
	return nil
}

// known reports whether the first pass has weights for the word's form.
func (m *Model) known(wi wordInfo) bool {
	s, ok := m.features.get(feat(fNorm, wi.norm))
	return ok && len(m.pass(s, 0)) > 0
}
