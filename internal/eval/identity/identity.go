// Package identity measures sitrep's cross-document entity identity: do two
// mentions in any two documents get the same entity key exactly when they
// name the same real-world entity?
//
// Gold data (read from dataDir, normally ../shared/data beside the module):
//   - conll2003/eng.train and eng.testa: the CoNLL-2003 tokens and IOB1 tags;
//   - aida-conll/annotations.train-testa.tsv: the AIDA CoNLL-YAGO links of
//     each named-entity mention to its Wikipedia page, or --NME--.
//
// The join follows aida-conll/SOURCE.md: the n-th annotation block of a
// split is the n-th -DOCSTART- document of that split's CoNLL file; a
// mention starts at its TOKEN_INDEX (counted over the whole document) and
// runs to the end of the NER chunk (the following tokens tagged I-<same
// type>, across sentence breaks).
//
// A document's text is its sentences, one per line, tokens separated by one
// space; the whole split is annotated as one corpus by the annotate function
// the caller gives (normally the standard pipeline). A gold mention is found
// when some mention of a predicted entity overlaps it; it then takes that
// entity's key (the entity whose mention overlaps most). A gold mention
// that is not found is a cluster of its own. Scores are B-cubed precision,
// recall and F1 of the keys against the Wikipedia identities, over the gold
// mentions linked to one (NME mentions are left out), plus the share of
// them found at all. The baseline keys every mention by its lower-cased
// text.
package identity

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"sitrep/internal/doc"
)

// Mention is one gold mention: its span in the document's text and its
// identity (the Wikipedia title), "" for --NME--.
type Mention struct {
	doc.Span
	Identity string
	// Type is the CoNLL entity type of the mention's chunk (PER, ORG, LOC,
	// MISC).
	Type string
}

// Document is one CoNLL document with its AIDA links.
type Document struct {
	// ID is the AIDA document id ("947testa CRICKET").
	ID   string
	Text string
	Gold []Mention
}

// Read joins a CoNLL-2003 file with the AIDA annotation blocks of the same
// split: testa when testa is true (ids containing "testa"), else train.
func Read(conllPath, aidaPath string, testa bool) ([]Document, error) {
	cdocs, err := readCoNLL(conllPath)
	if err != nil {
		return nil, err
	}
	blocks, err := readAIDA(aidaPath)
	if err != nil {
		return nil, err
	}
	var sel []aidaBlock
	for _, b := range blocks {
		if strings.Contains(b.id, "testa") == testa {
			sel = append(sel, b)
		}
	}
	if len(sel) != len(cdocs) {
		return nil, fmt.Errorf("identity: %s has %d documents, %s has %d for this split", conllPath, len(cdocs), aidaPath, len(sel))
	}
	out := make([]Document, len(cdocs))
	for i, cd := range cdocs {
		d, err := join(cd, sel[i])
		if err != nil {
			return nil, fmt.Errorf("identity: document %d (%s): %w", i+1, sel[i].id, err)
		}
		out[i] = d
	}
	return out, nil
}

// conllDoc is one document of a CoNLL file: tokens with their sentence
// breaks and raw (IOB1) tags.
type conllDoc struct {
	words    []string
	tags     []string
	sentEnds []bool // the token ends a sentence
}

func readCoNLL(path string) ([]conllDoc, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var docs []conllDoc
	var cur conllDoc
	flush := func() {
		if len(cur.words) > 0 {
			docs = append(docs, cur)
		}
		cur = conllDoc{}
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		fs := strings.Fields(sc.Text())
		switch {
		case len(fs) == 0:
			if n := len(cur.sentEnds); n > 0 {
				cur.sentEnds[n-1] = true
			}
		case fs[0] == "-DOCSTART-":
			flush()
		case len(fs) < 2:
			return nil, fmt.Errorf("identity: %s:%d: want a word and a tag", path, line)
		default:
			cur.words = append(cur.words, fs[0])
			cur.tags = append(cur.tags, fs[len(fs)-1])
			cur.sentEnds = append(cur.sentEnds, false)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("identity: %s: %w", path, err)
	}
	flush()
	return docs, nil
}

type aidaBlock struct {
	id    string
	links []aidaLink
}

type aidaLink struct {
	token    int
	identity string
}

func readAIDA(path string) ([]aidaBlock, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []aidaBlock
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		s := sc.Text()
		if s == "" {
			continue
		}
		if strings.HasPrefix(s, "-DOCSTART- (") {
			out = append(out, aidaBlock{id: strings.TrimSuffix(strings.TrimPrefix(s, "-DOCSTART- ("), ")")})
			continue
		}
		fs := strings.Split(s, "\t")
		if len(out) == 0 || len(fs) < 2 {
			return nil, fmt.Errorf("identity: %s:%d: malformed line", path, line)
		}
		var tok int
		if _, err := fmt.Sscanf(fs[0], "%d", &tok); err != nil {
			return nil, fmt.Errorf("identity: %s:%d: token index: %w", path, line, err)
		}
		id := ""
		if fs[1] != "--NME--" {
			id = fs[1]
			if len(fs) >= 3 {
				// The URL's last part is the readable, unescaped title.
				id = fs[2][strings.LastIndexByte(fs[2], '/')+1:]
			}
		}
		b := &out[len(out)-1]
		b.links = append(b.links, aidaLink{token: tok, identity: id})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("identity: %s: %w", path, err)
	}
	return out, nil
}

// join lays the document's tokens out as text and turns each link into a
// span.
func join(cd conllDoc, b aidaBlock) (Document, error) {
	d := Document{ID: b.id}
	var sb strings.Builder
	starts := make([]int, len(cd.words))
	ends := make([]int, len(cd.words))
	for i, w := range cd.words {
		if i > 0 {
			if cd.sentEnds[i-1] {
				sb.WriteByte('\n')
			} else {
				sb.WriteByte(' ')
			}
		}
		starts[i] = sb.Len()
		sb.WriteString(w)
		ends[i] = sb.Len()
	}
	sb.WriteByte('\n')
	d.Text = sb.String()
	for _, l := range b.links {
		if l.token < 0 || l.token >= len(cd.words) {
			return d, fmt.Errorf("token %d out of range (%d tokens)", l.token, len(cd.words))
		}
		tag := cd.tags[l.token]
		if len(tag) < 3 || tag == "O" {
			return d, fmt.Errorf("token %d (%q) is not in an entity", l.token, cd.words[l.token])
		}
		typ := tag[2:]
		j := l.token + 1
		for j < len(cd.words) && cd.tags[j] == "I-"+typ {
			j++
		}
		d.Gold = append(d.Gold, Mention{Span: doc.Span{Start: starts[l.token], End: ends[j-1]}, Identity: l.identity, Type: typ})
	}
	return d, nil
}

// BCubed holds B-cubed precision, recall and F1.
type BCubed struct {
	P, R, F float64
}

func (b BCubed) String() string {
	return fmt.Sprintf("P %.4f  R %.4f  F1 %.4f", b.P, b.R, b.F)
}

// Score computes B-cubed of the predicted keys against the gold identities,
// item by item (keys[i] and gold[i] belong to one mention).
func Score(keys, gold []string) BCubed {
	type pair struct{ k, g string }
	nk, ng, nkg := map[string]int{}, map[string]int{}, map[pair]int{}
	for i := range keys {
		nk[keys[i]]++
		ng[gold[i]]++
		nkg[pair{keys[i], gold[i]}]++
	}
	var p, r float64
	for i := range keys {
		both := float64(nkg[pair{keys[i], gold[i]}])
		p += both / float64(nk[keys[i]])
		r += both / float64(ng[gold[i]])
	}
	if len(keys) == 0 {
		return BCubed{}
	}
	b := BCubed{P: p / float64(len(keys)), R: r / float64(len(keys))}
	if b.P+b.R > 0 {
		b.F = 2 * b.P * b.R / (b.P + b.R)
	}
	return b
}

// Result is the measurement on one split.
type Result struct {
	Split     string
	Docs      int
	Mentions  int // gold mentions linked to an identity
	Found     int // of those, overlapped by a predicted entity mention
	Entities  int // distinct gold identities
	Keys      int // distinct keys over the found mentions
	Sitrep    BCubed
	Baseline  BCubed // every mention keyed by its lower-cased text
	Confusion []Confusion
}

// Confusion is one gold identity split over several keys, or one key shared
// by several identities, for error analysis.
type Confusion struct {
	What  string // "split" or "merged"
	Label string // the identity or the key
	Parts map[string]int
	Size  int
}

// Annotate fills the entities of a document whose Text is set.
type Annotate func(ctx context.Context, d *doc.Document) error

// Evaluate annotates docs with annotate and scores the keys.
func Evaluate(ctx context.Context, split string, docs []Document, annotate Annotate) (Result, error) {
	res := Result{Split: split, Docs: len(docs)}
	var keys, gold, base []string
	for di, gd := range docs {
		d := &doc.Document{Path: gd.ID, Text: gd.Text}
		if err := annotate(ctx, d); err != nil {
			return res, fmt.Errorf("identity: %s: %w", gd.ID, err)
		}
		for gi, g := range gd.Gold {
			if g.Identity == "" {
				continue
			}
			res.Mentions++
			key := ""
			best := 0
			for _, e := range d.Entities {
				for _, m := range e.Mentions {
					if o := overlap(m.Span, g.Span); o > best {
						best, key = o, e.Key
						if key == "" {
							key = fmt.Sprintf("#%d/%s", di, e.ID)
						}
					}
				}
			}
			if key == "" {
				key = fmt.Sprintf("#%d/%d", di, gi)
			} else {
				res.Found++
			}
			keys = append(keys, key)
			gold = append(gold, g.Identity)
			base = append(base, strings.ToLower(g.In(gd.Text)))
		}
	}
	res.Sitrep = Score(keys, gold)
	res.Baseline = Score(base, gold)
	res.Confusion = confusions(keys, gold)
	ids, ks := map[string]bool{}, map[string]bool{}
	for i := range gold {
		ids[gold[i]] = true
		if !strings.HasPrefix(keys[i], "#") {
			ks[keys[i]] = true
		}
	}
	res.Entities, res.Keys = len(ids), len(ks)
	return res, nil
}

func overlap(a, b doc.Span) int {
	s, e := max(a.Start, b.Start), min(a.End, b.End)
	return max(0, e-s)
}

// confusions lists the largest splits and merges, by the number of
// mentions on the wrong side.
func confusions(keys, gold []string) []Confusion {
	byGold, byKey := map[string]map[string]int{}, map[string]map[string]int{}
	for i := range keys {
		if strings.HasPrefix(keys[i], "#") {
			continue
		}
		if byGold[gold[i]] == nil {
			byGold[gold[i]] = map[string]int{}
		}
		byGold[gold[i]][keys[i]]++
		if byKey[keys[i]] == nil {
			byKey[keys[i]] = map[string]int{}
		}
		byKey[keys[i]][gold[i]]++
	}
	var out []Confusion
	add := func(what string, m map[string]map[string]int) {
		for label, parts := range m {
			if len(parts) < 2 {
				continue
			}
			total, top := 0, 0
			for _, n := range parts {
				total += n
				top = max(top, n)
			}
			out = append(out, Confusion{What: what, Label: label, Parts: parts, Size: total - top})
		}
	}
	add("split", byGold)
	add("merged", byKey)
	sort.Slice(out, func(i, j int) bool {
		if out[i].Size != out[j].Size {
			return out[i].Size > out[j].Size
		}
		return out[i].What+out[i].Label < out[j].What+out[j].Label
	})
	return out
}

// Split names one data split to measure.
type Split struct {
	Name  string // "testa" or "train"
	CoNLL string // the CoNLL file
	Testa bool
}

// Splits are the AIDA splits available here (testb is held out).
func Splits(dataDir string) []Split {
	return []Split{
		{"testa", filepath.Join(dataDir, "conll2003", "eng.testa"), true},
		{"train", filepath.Join(dataDir, "conll2003", "eng.train"), false},
	}
}

// Run measures the named splits and writes a table to w; with verbose it
// lists the largest confusions.
func Run(ctx context.Context, w io.Writer, dataDir string, splits []string, annotate Annotate, verbose bool) ([]Result, error) {
	aida := filepath.Join(dataDir, "aida-conll", "annotations.train-testa.tsv")
	var out []Result
	for _, sp := range Splits(dataDir) {
		want := false
		for _, s := range splits {
			want = want || s == sp.Name
		}
		if !want {
			continue
		}
		docs, err := Read(sp.CoNLL, aida, sp.Testa)
		if err != nil {
			return out, err
		}
		r, err := Evaluate(ctx, sp.Name, docs, annotate)
		if err != nil {
			return out, err
		}
		out = append(out, r)
		fmt.Fprintf(w, "AIDA CoNLL-YAGO %s: %d documents, %d linked mentions of %d entities\n", r.Split, r.Docs, r.Mentions, r.Entities)
		fmt.Fprintf(w, "  found     %5.1f%% of linked mentions (%d), %d distinct keys\n", 100*float64(r.Found)/float64(max(1, r.Mentions)), r.Found, r.Keys)
		fmt.Fprintf(w, "  sitrep    B-cubed %s\n", r.Sitrep)
		fmt.Fprintf(w, "  baseline  B-cubed %s  (lower-cased mention text)\n", r.Baseline)
		if verbose {
			for i, c := range r.Confusion {
				if i == 60 {
					break
				}
				fmt.Fprintf(w, "  %-6s %3d  %s: %s\n", c.What, c.Size, c.Label, parts(c.Parts))
			}
		}
	}
	return out, nil
}

func parts(m map[string]int) string {
	type kv struct {
		k string
		n int
	}
	var s []kv
	for k, n := range m {
		s = append(s, kv{k, n})
	}
	sort.Slice(s, func(i, j int) bool { return s[i].n > s[j].n || s[i].n == s[j].n && s[i].k < s[j].k })
	var b strings.Builder
	for i, x := range s {
		if i == 8 {
			b.WriteString(" ...")
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s %d", x.k, x.n)
	}
	return b.String()
}
