// Package stories measures sitrep's story clustering: B-cubed precision,
// recall and F1 of the story ids against the gold story clusters of the ECB+
// corpus (../shared/data/news-clustering), and near-duplicates found in
// Reuters-21578.
package stories

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"text/tabwriter"

	"sitrep/internal/doc"
	"sitrep/internal/pipeline"
	"sitrep/internal/stories"
)

// Item is one ECB+ document: what a system may see (UID, Text) and its gold
// story cluster.
type Item struct {
	UID     string `json:"uid"`
	Cluster string `json:"cluster_id"`
	Topic   int    `json:"topic"`
	Text    string `json:"text"`
}

// ReadECB reads an ECB+ JSON Lines file, in file order.
func ReadECB(path string) ([]Item, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []Item
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for n := 1; sc.Scan(); n++ {
		var it Item
		if err := json.Unmarshal(sc.Bytes(), &it); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		if it.UID == "" || it.Cluster == "" {
			return nil, fmt.Errorf("%s:%d: want uid and cluster_id", path, n)
		}
		out = append(out, it)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return out, nil
}

// Annotate runs the standard pipeline over the items' texts (as --raw
// input: ECB+ texts are clean, one sentence a line), in order.
func Annotate(ctx context.Context, items []Item) ([]*doc.Document, error) {
	in := make(chan *doc.Document)
	go func() {
		defer close(in)
		for _, it := range items {
			d := &doc.Document{Path: it.UID, Raw: []byte(it.Text), Format: doc.FormatText, IsRaw: true}
			select {
			case in <- d:
			case <-ctx.Done():
				return
			}
		}
	}()
	var out []*doc.Document
	for r := range pipeline.Standard().Run(ctx, in, runtime.GOMAXPROCS(0)) {
		if r.Err != nil {
			return nil, r.Err
		}
		out = append(out, r.Doc)
	}
	return out, ctx.Err()
}

// Score is a B-cubed measurement.
type Score struct {
	P, R, F1  float64
	Docs      int
	Gold, Sys int // clusters
}

func (s Score) String() string {
	return fmt.Sprintf("B-cubed P %.4f R %.4f F1 %.4f (%d documents, %d gold stories, %d found)",
		s.P, s.R, s.F1, s.Docs, s.Gold, s.Sys)
}

// BCubed scores the clustering sys against gold (Bagga & Baldwin 1998):
// each document's precision is the share of its system cluster in its gold
// cluster, its recall the share of its gold cluster in its system cluster;
// both are averaged over documents.
func BCubed(sys, gold []string) Score {
	if len(sys) != len(gold) {
		panic("stories: BCubed of clusterings of different lengths")
	}
	type pair struct{ s, g string }
	both := map[pair]int{}
	ns, ng := map[string]int{}, map[string]int{}
	for i := range sys {
		both[pair{sys[i], gold[i]}]++
		ns[sys[i]]++
		ng[gold[i]]++
	}
	sc := Score{Docs: len(sys), Gold: len(ng), Sys: len(ns)}
	if len(sys) == 0 {
		return sc
	}
	for i := range sys {
		n := float64(both[pair{sys[i], gold[i]}])
		sc.P += n / float64(ns[sys[i]])
		sc.R += n / float64(ng[gold[i]])
	}
	sc.P /= float64(len(sys))
	sc.R /= float64(len(sys))
	if sc.P+sc.R > 0 {
		sc.F1 = 2 * sc.P * sc.R / (sc.P + sc.R)
	}
	return sc
}

// Cluster runs a fresh Clusterer with o over docs in order and scores its
// story ids against the items' gold clusters.
func Cluster(docs []*doc.Document, items []Item, o stories.Options) (Score, error) {
	c, err := stories.New(o)
	if err != nil {
		return Score{}, err
	}
	sys := make([]string, len(docs))
	gold := make([]string, len(docs))
	for i, d := range docs {
		sys[i] = c.Add(d).Story
		gold[i] = items[i].Cluster
	}
	return BCubed(sys, gold), nil
}

// Orders is how many orders of a split ClusterOrders scores: the file
// order and Orders-1 seeded shuffles of it.
const Orders = 30

// ClusterOrders scores a fresh Clusterer with o over docs in Orders orders
// (the file order first, then shuffles seeded 1, 2, ...) and returns the
// mean score and the least and greatest F1. One order of a few hundred
// documents is a noisy measure: which document of a happening comes first
// decides much of what joins it, and the F1 of one split moves by several
// points from order to order.
func ClusterOrders(docs []*doc.Document, items []Item, o stories.Options) (mean Score, min, max float64, err error) {
	idx := make([]int, len(docs))
	for i := range idx {
		idx[i] = i
	}
	for k := 0; k < Orders; k++ {
		if k > 0 {
			r := rand.New(rand.NewSource(int64(k)))
			r.Shuffle(len(idx), func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
		}
		ds := make([]*doc.Document, len(idx))
		its := make([]Item, len(idx))
		for i, j := range idx {
			ds[i], its[i] = docs[j], items[j]
		}
		sc, err := Cluster(ds, its, o)
		if err != nil {
			return Score{}, 0, 0, err
		}
		if k == 0 || sc.F1 < min {
			min = sc.F1
		}
		if k == 0 || sc.F1 > max {
			max = sc.F1
		}
		mean.P += sc.P / Orders
		mean.R += sc.R / Orders
		mean.F1 += sc.F1 / Orders
		mean.Docs, mean.Gold = sc.Docs, sc.Gold
		mean.Sys += sc.Sys
	}
	mean.Sys = (mean.Sys + Orders/2) / Orders
	return mean, min, max, nil
}

// Evaluate annotates the ECB+ dev (and train) documents under dataDir,
// clusters each split as one stream in file order (every topic pooled, so
// that stories of different topics and the two happenings of one topic must
// all be told apart) and prints B-cubed P/R/F1 with the default options and
// across thresholds. It returns the dev score with the defaults.
func Evaluate(ctx context.Context, dataDir string, w io.Writer) (Score, error) {
	dir := filepath.Join(dataDir, "news-clustering")
	var dev Score
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "split\tthreshold\tP\tR\tF1\tdocs\tgold\tfound\t")
	for _, split := range []string{"dev", "train"} {
		items, err := ReadECB(filepath.Join(dir, "ecbplus_"+split+".jsonl"))
		if err != nil {
			return Score{}, err
		}
		docs, err := Annotate(ctx, items)
		if err != nil {
			return Score{}, err
		}
		ths := []float64{0.15, 0.2, stories.DefaultThreshold, 0.3, 0.35}
		sort.Float64s(ths)
		for _, th := range ths {
			sc, err := Cluster(docs, items, stories.Options{Threshold: th})
			if err != nil {
				return Score{}, err
			}
			mark := ""
			if th == stories.DefaultThreshold {
				mark = " (default)"
				if split == "dev" {
					dev = sc
				}
			}
			fmt.Fprintf(tw, "%s\t%.2f%s\t%.4f\t%.4f\t%.4f\t%d\t%d\t%d\t\n", split, th, mark, sc.P, sc.R, sc.F1, sc.Docs, sc.Gold, sc.Sys)
		}
		mean, min, max, err := ClusterOrders(docs, items, stories.Options{})
		if err != nil {
			return Score{}, err
		}
		fmt.Fprintf(tw, "%s\t%s\t%.4f\t%.4f\t%.4f\t%d\t%d\t%d\t\n", split,
			fmt.Sprintf("defaults, mean of %d orders (F1 %.4f-%.4f)", Orders, min, max),
			mean.P, mean.R, mean.F1, mean.Docs, mean.Gold, mean.Sys)
		// The evidence beyond words and entities, one change at a time
		// from the defaults: what was measured to choose it.
		for _, v := range evidence {
			sc, err := Cluster(docs, items, v.o)
			if err != nil {
				return Score{}, err
			}
			fmt.Fprintf(tw, "%s\t%s\t%.4f\t%.4f\t%.4f\t%d\t%d\t%d\t\n", split, v.name, sc.P, sc.R, sc.F1, sc.Docs, sc.Gold, sc.Sys)
		}
	}
	return dev, tw.Flush()
}

// evidence are the variants of the default options Evaluate also scores.
var evidence = []struct {
	name string
	o    stories.Options
}{
	{"0.25, no dates", stories.Options{DateWeight: -1}},
	{"0.25, numbers x1", stories.Options{NumberWeight: -1}},
	{"0.25, + event types (10)", stories.Options{EventWeight: 10}},
	{"0.25, + places (6)", stories.Options{PlaceWeight: 6}},
	{"0.25, + first line x1.5", stories.Options{FirstLine: 1.5}},
	{"0.22, + first line x1.5", stories.Options{Threshold: 0.22, FirstLine: 1.5}},
}
