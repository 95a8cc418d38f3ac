package parse

import (
	"cmp"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"time"

	"sitrep/internal/nlp/conllu"
)

// TrainOptions tune Train. The zero value trains the default model.
type TrainOptions struct {
	// Epochs is the number of passes over the training data (default 15).
	Epochs int
	// Seed seeds the shuffling and exploration (0 means 1); training is
	// deterministic for a given seed.
	Seed uint64
	// Explore is the probability of following the model's own wrong move
	// once exploration starts (default 0.9; negative: never explore).
	Explore float64
	// ExploreFrom is the first epoch (0-based) that explores (0 means the
	// default, 1).
	ExploreFrom int
	// MinWordCount is how often a word must occur in the training data to
	// get its own features; rarer words share the unknown word's (default 2).
	MinWordCount int
	// Prune drops averaged weights of smaller magnitude (default 0).
	Prune float64
	// TagTrainer, when set, jackknifes the training tags: the training
	// data is cut into Folds parts and each part is tagged by a tagger
	// trained on the others, so that the parser learns from tags as noisy as
	// those it is given in the pipeline. Otherwise it learns from gold tags.
	TagTrainer TagTrainer
	// Folds is the number of jackknifing folds (default 5).
	Folds int
	// DevTag, when set, tags the dev data for the scores logged after
	// each epoch; otherwise its gold tags are used.
	DevTag Tagger
	// Log, when set, receives progress and the dev scores of each epoch.
	Log io.Writer
}

func (o TrainOptions) withDefaults() TrainOptions {
	if o.Epochs <= 0 {
		o.Epochs = 15
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.Explore == 0 {
		o.Explore = 0.9
	}
	if o.ExploreFrom <= 0 {
		o.ExploreFrom = 1
	}
	if o.Folds <= 1 {
		o.Folds = 5
	}
	if o.MinWordCount <= 0 {
		o.MinWordCount = 2
	}
	return o
}

// Train trains a parser on the CoNLL-U treebank at trainPath. When devPath is
// not "" and o.Log is set, the dev scores after every epoch are logged.
// Non-projective training trees are projectivised by lifting.
func Train(trainPath, devPath string, o TrainOptions) (*Model, error) {
	o = o.withDefaults()
	logf := func(format string, args ...any) {
		if o.Log != nil {
			fmt.Fprintf(o.Log, format, args...)
		}
	}
	trees, err := readTreebank(trainPath)
	if err != nil {
		return nil, fmt.Errorf("parse: train: %w", err)
	}
	if len(trees) == 0 {
		return nil, fmt.Errorf("parse: train: %s holds no sentences", trainPath)
	}
	var dev []tree
	if devPath != "" && o.Log != nil {
		if dev, err = readTreebank(devPath); err != nil {
			return nil, fmt.Errorf("parse: dev: %w", err)
		}
	}
	if o.TagTrainer != nil {
		if err := jackknife(trainPath, trees, o.Folds, o.TagTrainer, logf); err != nil {
			return nil, fmt.Errorf("parse: train: %w", err)
		}
	}
	return train(trees, dev, o)
}

// train trains a model on trees, logging its scores on dev after each epoch.
func train(trees, dev []tree, o TrainOptions) (*Model, error) {
	o = o.withDefaults()
	logf := func(format string, args ...any) {
		if o.Log != nil {
			fmt.Fprintf(o.Log, format, args...)
		}
	}
	var err error
	m := newModel(trees, o.MinWordCount)
	if m.nLabels() > 127 {
		return nil, fmt.Errorf("parse: train: %d relations, at most 127", m.nLabels())
	}
	logf("parse: %d sentences, %d words known, %d labels\n", len(trees), len(m.words), m.nLabels())

	// Encode the training set once.
	type example struct {
		enc    encoded
		gold   []int32 // gold heads, 0-based, n for the root
		labels []uint8
	}
	exs := make([]example, 0, len(trees))
	lifted := 0
	skipped := 0
	for _, t := range trees {
		if !validTree(t.heads) {
			skipped++
			continue
		}
		heads, l := projectivize(t.heads)
		if l {
			lifted++
		}
		var ex example
		m.encode(&ex.enc, t.words, t.upos, t.xpos)
		n := len(t.words)
		ex.gold = make([]int32, n+1)
		ex.labels = make([]uint8, n+1)
		ok := true
		for i, h := range heads {
			if h < 0 || h > n {
				ok = false
				break
			}
			if h == 0 {
				ex.gold[i] = int32(n)
			} else {
				ex.gold[i] = int32(h - 1)
			}
			ex.labels[i] = m.labelID(t.rels[i])
			if h == 0 {
				ex.labels[i] = m.root
			}
		}
		ex.gold[n] = none
		if ok {
			exs = append(exs, ex)
		}
	}
	logf("parse: %d trees projectivised, %d malformed skipped\n", lifted, skipped)

	rng := rand.New(rand.NewPCG(o.Seed, 0x5eed))
	tw := newTrainWeights()
	var (
		now    int32 = 1
		st     state
		feats  []uint32
		scores = make([]float32, m.nClasses())
		cost   = make([]int, m.nClasses())
		order  = make([]int, len(exs))
		nl     = m.nLabels()
	)
	for i := range order {
		order[i] = i
	}
	for epoch := range o.Epochs {
		start := time.Now()
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		steps, errs := 0, 0
		for _, i := range order {
			ex := &exs[i]
			n := len(ex.gold) - 1
			st.reset(n)
			for !st.terminal() {
				feats = features(&st, &ex.enc, feats[:0])
				clear(scores)
				tw.score(feats, scores)
				cs, cl, cr := st.costs(ex.gold)
				s0 := st.stackAt(0)
				pred, gold := -1, -1
				minCost := 1 << 30
				for c := range scores {
					if !m.validClass(&st, c) {
						cost[c] = -1
						continue
					}
					k, l := decode(c, nl)
					switch k {
					case mShift:
						cost[c] = cs
					case mLeft:
						cost[c] = cl
						if ex.gold[s0] == st.b && ex.labels[s0] != l {
							cost[c]++
						}
					case mRight:
						cost[c] = cr
						if ex.gold[s0] == st.stackAt(1) && ex.labels[s0] != l {
							cost[c]++
						}
					}
					minCost = min(minCost, cost[c])
					if pred < 0 || scores[c] > scores[pred] {
						pred = c
					}
				}
				for c := range scores {
					if cost[c] == minCost && (gold < 0 || scores[c] > scores[gold]) {
						gold = c
					}
				}
				next := gold
				if cost[pred] != minCost {
					tw.update(feats, gold, 1, now)
					tw.update(feats, pred, -1, now)
					errs++
					if epoch >= o.ExploreFrom && o.Explore > 0 && rng.Float64() < o.Explore {
						next = pred
					}
				} else {
					next = pred
				}
				now++
				steps++
				st.apply(decode(next, nl))
			}
		}
		msg := fmt.Sprintf("parse: epoch %d: %d steps, %.2f%% wrong, %d features, %s",
			epoch+1, steps, 100*float64(errs)/float64(steps), len(tw.index), time.Since(start).Round(time.Millisecond))
		if dev != nil {
			if m.w, err = tw.average(now, o.Prune); err != nil {
				return nil, fmt.Errorf("parse: train: %w", err)
			}
			sc := m.score(dev, o.DevTag)
			msg += fmt.Sprintf("; dev UAS %.2f LAS %.2f", sc.UAS, sc.LAS)
		}
		logf("%s\n", msg)
	}
	if m.w, err = tw.average(now, o.Prune); err != nil {
		return nil, fmt.Errorf("parse: train: %w", err)
	}
	f, e := m.w.size()
	logf("parse: model has %d features, %d weights\n", f, e)
	return m, nil
}

// Tagger predicts the tags of a sentence's words, like the pos stage.
type Tagger func(words []string) (upos, xpos []string)

// TagTrainer trains a tagger on the CoNLL-U file at trainPath.
type TagTrainer func(trainPath string) (Tagger, error)

// jackknife replaces the tags of trees, the sentences of trainPath, with
// those predicted by taggers trained on the other folds.
func jackknife(trainPath string, trees []tree, folds int, tt TagTrainer, logf func(string, ...any)) error {
	ss, err := readSentences(trainPath)
	if err != nil {
		return err
	}
	if len(ss) != len(trees) {
		return fmt.Errorf("jackknife: %d sentences, %d trees", len(ss), len(trees))
	}
	dir, err := os.MkdirTemp("", "sitrep-parse-jackknife")
	if err != nil {
		return fmt.Errorf("jackknife: %w", err)
	}
	defer os.RemoveAll(dir)
	right, total := 0, 0
	for k := range folds {
		// Fold k is a contiguous block, so that documents stay together.
		lo, hi := k*len(ss)/folds, (k+1)*len(ss)/folds
		rest := append(slices.Clone(ss[:lo]), ss[hi:]...)
		path := filepath.Join(dir, fmt.Sprintf("fold%d.conllu", k))
		if err := writeSentences(path, rest); err != nil {
			return fmt.Errorf("jackknife: %w", err)
		}
		start := time.Now()
		tag, err := tt(path)
		if err != nil {
			return fmt.Errorf("jackknife: fold %d: %w", k, err)
		}
		for i := lo; i < hi; i++ {
			t := &trees[i]
			upos, xpos := tag(t.words)
			if len(upos) != len(t.words) || len(xpos) != len(t.words) {
				continue // keep the gold tags
			}
			for j := range t.words {
				total++
				if j < len(upos) && upos[j] == t.upos[j] {
					right++
				}
			}
			t.upos, t.xpos = upos, xpos
		}
		logf("parse: jackknife fold %d of %d tagged (%s)\n", k+1, folds, time.Since(start).Round(time.Second))
	}
	logf("parse: jackknifed UPOS accuracy %.2f%%\n", 100*float64(right)/float64(max(total, 1)))
	return nil
}

func writeSentences(path string, ss []*conllu.Sentence) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := conllu.Write(f, ss); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// newModel builds the vocabularies of a model from training trees.
func newModel(trees []tree, minCount int) *Model {
	counts := map[string]int{}
	xpos, upos, rels := map[string]bool{}, map[string]bool{}, map[string]bool{"root": true}
	for _, t := range trees {
		for i, w := range t.words {
			counts[normWord(w)]++
			xpos[t.xpos[i]] = true
			upos[t.upos[i]] = true
			if t.heads[i] != 0 {
				rels[t.rels[i]] = true
			}
		}
	}
	var words []string
	for w, c := range counts {
		if c >= minCount {
			words = append(words, w)
		}
	}
	m := &Model{
		words:  ids(words),
		xpos:   ids(keys(xpos)),
		upos:   ids(keys(upos)),
		labels: append([]string{""}, sortedKeys(rels)...),
	}
	m.root = m.labelID("root")
	return m
}

func keys(m map[string]bool) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}

func sortedKeys(m map[string]bool) []string {
	ks := keys(m)
	slices.Sort(ks)
	return ks
}

// ids numbers the strings from idBase in sorted order.
func ids(ss []string) map[string]uint32 {
	ss = slices.Clone(ss)
	slices.SortFunc(ss, cmp.Compare)
	m := make(map[string]uint32, len(ss))
	for i, s := range ss {
		m[s] = uint32(idBase + i)
	}
	return m
}

// labelID returns the id of relation r, or 0 if the model does not know it.
func (m *Model) labelID(r string) uint8 {
	for i, l := range m.labels {
		if l == r {
			return uint8(i)
		}
	}
	return 0
}

// TrainDefault trains the default model on the UD English EWT treebank in
// dataDir (the shared data folder holding ud-english-ewt/) and writes it to
// outPath, normally internal/nlp/parse/model/parse.model.gz. Progress and dev
// scores go to log, which may be nil.
//
// It trains on gold tags; the embedded model is built by TrainDefaultWith,
// which jackknifes the training tags with a tagger.
func TrainDefault(dataDir, outPath string, log io.Writer) error {
	return TrainDefaultWith(dataDir, outPath, nil, log)
}

// TrainDefaultWith is TrainDefault with the training tags jackknifed by
// taggers that tt trains (see TrainOptions.TagTrainer); nil tt trains on gold
// tags. cmd/trainparse runs it with the pos stage's tagger, which is how the
// embedded model is built: on EWT dev, with the tags the pos stage predicts,
// it scores 82.26 LAS where training on gold tags scores 81.91 (with gold
// tags, 86.11 against 87.26; the pipeline never has gold tags).
func TrainDefaultWith(dataDir, outPath string, tt TagTrainer, log io.Writer) error {
	dir := filepath.Join(dataDir, "ud-english-ewt")
	train, dev := filepath.Join(dir, "en_ewt-ud-train.conllu.gz"), filepath.Join(dir, "en_ewt-ud-dev.conllu")
	o := DefaultTrainOptions(log)
	if tt != nil {
		// A tagger trained on all the training data tags dev, as in the
		// pipeline.
		tag, err := tt(train)
		if err != nil {
			return fmt.Errorf("parse: dev tagger: %w", err)
		}
		o.TagTrainer, o.DevTag = tt, tag
	}
	m, err := Train(train, dev, o)
	if err != nil {
		return err
	}
	f, err := os.Create(outPath)
	if err != nil {
		return fmt.Errorf("parse: %w", err)
	}
	if err := m.Save(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("parse: %w", err)
	}
	if log != nil {
		s, err := Evaluate(m, dev, nil)
		if err != nil {
			return err
		}
		fmt.Fprintf(log, "parse: dev, gold tags: %v\n", s)
		if o.DevTag != nil {
			if s, err = Evaluate(m, dev, o.DevTag); err != nil {
				return err
			}
			fmt.Fprintf(log, "parse: dev, predicted tags: %v\n", s)
		}
	}
	return nil
}

// DefaultTrainOptions are the options the embedded model was trained with.
func DefaultTrainOptions(log io.Writer) TrainOptions {
	return TrainOptions{Epochs: 15, Seed: 1, Log: log}
}
