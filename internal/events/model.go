package events

import (
	"bytes"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"sync"

	"sitrep/internal/nlp/raw"
)

// The event model: two multiclass averaged perceptrons over hashed
// features, one deciding the PLOVER type (or none) of every candidate
// predicate, one deciding the role (actor, recipient or none) of every
// entity mention of the sentence for a coded event. `sitrep train events`
// builds it (train.go) from ../shared/data; the result is embedded.

// Trigger classes: none, then the PLOVER types the model tells apart.
// CONCEDE and RETREAT are one class, yield (PLOVER's older YIELD), and are
// told apart after classification by the lexicon.
var triggerClasses = []string{"none", "AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "REQUEST",
	"ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "YIELD"}

// Argument classes.
var argClasses = []string{"none", "actor", "recipient"}

func classIndex(classes []string, c string) int {
	for i, x := range classes {
		if x == c {
			return i
		}
	}
	return -1
}

// perceptron is a multiclass linear model over hashed features. A model
// being trained keeps its weights in w; a decoded one keeps them in keys
// and flat instead, which cost no hash-table building at start-up.
type perceptron struct {
	classes int
	// w maps a feature hash to its weights, one per class.
	w map[uint64][]float32
	// keys are the feature hashes of a decoded model in increasing order;
	// flat holds their weights, classes per key (nil while training).
	keys []uint64
	flat []float32
	// bucket[b] is the first key whose top 16 bits are b or more (the
	// hashes are uniform, so a bucket holds about one key of a big table).
	bucket []uint32
}

// bucketBits is how many top bits of a feature hash choose its bucket.
const bucketBits = 16

// freeze indexes keys into buckets.
func (p *perceptron) freeze() {
	p.bucket = make([]uint32, 1<<bucketBits+1)
	k := 0
	for b := range p.bucket {
		for k < len(p.keys) && p.keys[k]>>(64-bucketBits) < uint64(b) {
			k++
		}
		p.bucket[b] = uint32(k)
	}
}

// weights returns the weights of feature f, nil if it has none.
func (p *perceptron) weights(f uint64) []float32 {
	if p.w != nil {
		return p.w[f]
	}
	b := f >> (64 - bucketBits)
	lo, hi := int(p.bucket[b]), int(p.bucket[b+1])
	if k, ok := slices.BinarySearch(p.keys[lo:hi], f); ok {
		k += lo
		return p.flat[k*p.classes : (k+1)*p.classes]
	}
	return nil
}

// size is the number of features with weights.
func (p *perceptron) size() int {
	if p.w != nil {
		return len(p.w)
	}
	return len(p.keys)
}

func newPerceptron(classes int) *perceptron {
	return &perceptron{classes: classes, w: map[uint64][]float32{}}
}

// scores writes the score of each class for the features into out.
func (p *perceptron) scores(feats []uint64, out []float32) {
	for i := range out {
		out[i] = 0
	}
	for _, f := range feats {
		for c, x := range p.weights(f) {
			out[c] += x
		}
	}
}

func argmax(xs []float32) int {
	best := 0
	for i, x := range xs {
		if x > xs[best] {
			best = i
		}
	}
	return best
}

// example is one training instance.
type example struct {
	feats  []uint64
	label  int
	weight float32
}

// trainPerceptron trains an averaged perceptron for epochs passes over
// exs, shuffled by a fixed seed (the same examples give the same model).
func trainPerceptron(exs []example, classes, epochs int) *perceptron {
	return trainPerceptronSeed(exs, classes, epochs, 12)
}

// trainBagged averages n averaged perceptrons trained on the same
// examples in n different orders (seeds 12, 13, ...): one linear model of
// lower variance than any of them.
func trainBagged(exs []example, classes, epochs, n int) *perceptron {
	if n <= 1 {
		return trainPerceptron(exs, classes, epochs)
	}
	out := newPerceptron(classes)
	for k := 0; k < n; k++ {
		p := trainPerceptronSeed(exs, classes, epochs, uint64(12+k))
		for f, ws := range p.w {
			acc, ok := out.w[f]
			if !ok {
				acc = make([]float32, classes)
				out.w[f] = acc
			}
			for c, x := range ws {
				acc[c] += x / float32(n)
			}
		}
	}
	return out
}

func trainPerceptronSeed(exs []example, classes, epochs int, seed uint64) *perceptron {
	w := map[uint64][]float32{}
	acc := map[uint64][]float64{} // summed weights for averaging
	stamp := map[uint64][]int{}   // step of the last update per weight
	step := 1
	get := func(f uint64) ([]float32, []float64, []int) {
		ws, ok := w[f]
		if !ok {
			ws = make([]float32, classes)
			w[f] = ws
			acc[f] = make([]float64, classes)
			stamp[f] = make([]int, classes)
		}
		return ws, acc[f], stamp[f]
	}
	update := func(f uint64, c int, delta float32) {
		ws, as, st := get(f)
		as[c] += float64(step-st[c]) * float64(ws[c])
		st[c] = step
		ws[c] += delta
	}
	order := make([]int, len(exs))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(seed, 2026))
	sc := make([]float32, classes)
	tmp := &perceptron{classes: classes, w: w}
	for ep := 0; ep < epochs; ep++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			ex := exs[i]
			tmp.scores(ex.feats, sc)
			// The gold class must win by a margin: pick the best wrong one.
			guess := -1
			for c := range sc {
				if c != ex.label && (guess < 0 || sc[c] > sc[guess]) {
					guess = c
				}
			}
			if guess >= 0 && sc[guess] >= sc[ex.label] {
				for _, f := range ex.feats {
					update(f, ex.label, ex.weight)
					update(f, guess, -ex.weight)
				}
			}
			step++
		}
	}
	out := newPerceptron(classes)
	keys := make([]uint64, 0, len(w))
	for f := range w {
		keys = append(keys, f)
	}
	sort.Slice(keys, func(a, b int) bool { return keys[a] < keys[b] })
	for _, f := range keys {
		ws, as, st := w[f], acc[f], stamp[f]
		avg := make([]float32, classes)
		nz := false
		for c := range ws {
			total := as[c] + float64(step-st[c])*float64(ws[c])
			avg[c] = float32(total / float64(step))
			if math.Abs(float64(avg[c])) > 1e-4 {
				nz = true
			} else {
				avg[c] = 0
			}
		}
		if nz {
			out.w[f] = avg
		}
	}
	return out
}

// Model is a trained event model: the trigger and argument classifiers.
type Model struct {
	trig, arg *perceptron
	// LexBonus is added to the score of the type the lexicon gives a
	// candidate, NoneShift taken from the score of no event: two decision
	// settings chosen by cross-validation on the training data.
	LexBonus, NoneShift float32
}

// modelMagic opens a model file; it is 16 bytes long so that the tables
// after it start 8-byte aligned.
const modelMagic = "sitrep-events-3\n"

// Encode writes the model: the magic, the two decision settings, then for
// each classifier its class and feature counts, its feature hashes in
// increasing order and its weights, classes per feature, padded to 8 bytes;
// all little-endian. The file is not compressed, so that loading it reads
// the tables in place (gunzip cost 0.05 CPU s at every start, issue 16);
// the same model gives the same bytes.
func (m *Model) Encode(w io.Writer) error {
	var buf bytes.Buffer
	buf.WriteString(modelMagic)
	binary.Write(&buf, binary.LittleEndian, [2]float32{m.LexBonus, m.NoneShift})
	for _, p := range []*perceptron{m.trig, m.arg} {
		keys := p.keys
		if p.w != nil {
			keys = make([]uint64, 0, len(p.w))
			for f := range p.w {
				keys = append(keys, f)
			}
			sort.Slice(keys, func(a, b int) bool { return keys[a] < keys[b] })
		}
		binary.Write(&buf, binary.LittleEndian, [2]uint32{uint32(p.classes), uint32(len(keys))})
		binary.Write(&buf, binary.LittleEndian, keys)
		for _, f := range keys {
			binary.Write(&buf, binary.LittleEndian, p.weights(f))
		}
		for buf.Len()%8 != 0 {
			buf.WriteByte(0)
		}
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// DecodeModel reads a model written by Encode.
func DecodeModel(r io.Reader) (*Model, error) {
	b, err := io.ReadAll(io.LimitReader(r, 256<<20))
	if err != nil {
		return nil, fmt.Errorf("event model: %w", err)
	}
	return decodeModelBytes(b)
}

// decodeModelBytes reads a model from b. Where the machine is
// little-endian and b is aligned, the tables are b itself, read in place;
// b must then not change while the model is in use.
func decodeModelBytes(b []byte) (*Model, error) {
	if !bytes.HasPrefix(b, []byte(modelMagic)) {
		return nil, errors.New("event model: not a sitrep events model")
	}
	rd := b[len(modelMagic):]
	u32 := func() (uint32, bool) {
		if len(rd) < 4 {
			return 0, false
		}
		v := binary.LittleEndian.Uint32(rd)
		rd = rd[4:]
		return v, true
	}
	m := &Model{}
	lex, ok1 := u32()
	none, ok2 := u32()
	if !ok1 || !ok2 {
		return nil, errors.New("event model: truncated")
	}
	m.LexBonus, m.NoneShift = math.Float32frombits(lex), math.Float32frombits(none)
	for i, want := range []int{len(triggerClasses), len(argClasses)} {
		classes, ok1 := u32()
		n, ok2 := u32()
		if !ok1 || !ok2 {
			return nil, errors.New("event model: truncated")
		}
		flatBytes := (int64(n)*int64(classes)*4 + 7) &^ 7
		if int(classes) != want || int64(n)*8+flatBytes > int64(len(rd)) {
			return nil, errors.New("event model: bad table size")
		}
		p := &perceptron{classes: int(classes)}
		p.keys = raw.Slice[uint64](rd[:8*int(n)])
		rd = rd[8*int(n):]
		p.flat = raw.Slice[float32](rd[:int(n)*int(classes)*4])
		rd = rd[flatBytes:]
		for k := 1; k < len(p.keys); k++ {
			if p.keys[k] <= p.keys[k-1] {
				return nil, errors.New("event model: features out of order")
			}
		}
		p.freeze()
		if i == 0 {
			m.trig = p
		} else {
			m.arg = p
		}
	}
	return m, nil
}

//go:embed model/events.bin
var modelBytes []byte

// DefaultModel returns the embedded event model, loaded once on first use.
func DefaultModel() (*Model, error) { return loadModel() }

var loadModel = sync.OnceValues(func() (*Model, error) {
	return decodeModelBytes(modelBytes)
})

// fh hashes a feature made of parts (FNV-1a, parts separated by a byte
// that never occurs in them).
func fh(parts ...string) uint64 {
	h := uint64(14695981039346656037)
	for _, p := range parts {
		for i := 0; i < len(p); i++ {
			h ^= uint64(p[i])
			h *= 1099511628211
		}
		h ^= 0x1f
		h *= 1099511628211
	}
	return h
}
