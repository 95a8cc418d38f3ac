//go:build ignore

// clusters_gen.go builds model/clusters.tsv.gz, the word clusters the
// tagger's features use, from the unlabelled text of corpora in the shared
// data folder (training parts only): BBC News, Reuters-21578 (train and
// unused parts), the CoNLL-2003 English train words, ECB+ train, PolNeAR
// train and the UD English EWT train words. Run it before retraining the
// tagger:
//
//	go run clusters_gen.go && go generate && go run gen.go
//
// (go generate rewrites model/clusters.img, the image the tagger reads.)
package main

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"flag"
	"html"
	"io"
	"log"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"sitrep/internal/nlp/conllu"
	"sitrep/internal/nlp/pos"
	"sitrep/internal/segment"
)

func main() {
	data := flag.String("data", "../../../../shared/data", "the shared data folder")
	out := flag.String("out", "model/clusters.tsv.gz", "output file")
	flag.Parse()
	var sents [][]string
	add := func(text string) {
		ss, ts := segment.Segment(text)
		for _, s := range ss {
			var w []string
			for _, t := range ts[s.First:s.End] {
				w = append(w, t.In(text))
			}
			sents = append(sents, w)
		}
	}
	// BBC News: plain text files.
	files, _ := filepath.Glob(filepath.Join(*data, "bbc-news", "*", "*.txt"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			log.Fatal(err)
		}
		add(string(b))
	}
	log.Printf("bbc: %d files, %d sentences", len(files), len(sents))
	// Reuters-21578: the BODY of each story.
	if f, err := os.Open(filepath.Join(*data, "reuters21578", "reut2-train-and-notused.sgm.gz")); err == nil {
		zr, err := gzip.NewReader(f)
		if err != nil {
			log.Fatal(err)
		}
		b, err := io.ReadAll(zr)
		if err != nil {
			log.Fatal(err)
		}
		f.Close()
		body := regexp.MustCompile(`(?s)<BODY>(.*?)</BODY>`)
		for _, m := range body.FindAllStringSubmatch(string(b), -1) {
			add(html.UnescapeString(strings.TrimSuffix(strings.TrimSpace(m[1]), "Reuter")))
		}
		log.Printf("reuters: %d sentences in all", len(sents))
	}
	// CoNLL-2003 English train: the first column.
	if f, err := os.Open(filepath.Join(*data, "conll2003", "eng.train")); err == nil {
		sc := bufio.NewScanner(f)
		var cur []string
		for sc.Scan() {
			line := sc.Text()
			if line == "" || strings.HasPrefix(line, "-DOCSTART-") {
				if len(cur) > 0 {
					sents = append(sents, cur)
					cur = nil
				}
				continue
			}
			cur = append(cur, strings.Fields(line)[0])
		}
		f.Close()
		log.Printf("conll2003: %d sentences in all", len(sents))
	}
	// ECB+ train: JSON lines with a text field, one sentence per line.
	if f, err := os.Open(filepath.Join(*data, "news-clustering", "ecbplus_train.jsonl")); err == nil {
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<24)
		for sc.Scan() {
			var rec struct{ Text string }
			if json.Unmarshal(sc.Bytes(), &rec) == nil {
				for _, line := range strings.Split(rec.Text, "\n") {
					sents = append(sents, strings.Fields(line))
				}
			}
		}
		f.Close()
		log.Printf("ecb+: %d sentences in all", len(sents))
	}
	// PolNeAR train: political news and opinion articles, plain text.
	pfiles, _ := filepath.Glob(filepath.Join(*data, "polnear", "train", "text", "*.txt"))
	for _, f := range pfiles {
		b, err := os.ReadFile(f)
		if err != nil {
			log.Fatal(err)
		}
		add(string(b))
	}
	log.Printf("polnear: %d files, %d sentences in all", len(pfiles), len(sents))
	// UD English EWT train: the word forms.
	ewt, err := conllu.ReadFile(filepath.Join(*data, "ud-english-ewt", "en_ewt-ud-train.conllu.gz"))
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range ewt {
		sents = append(sents, s.Forms())
	}
	n := 0
	for _, s := range sents {
		n += len(s)
	}
	log.Printf("%d sentences, %d tokens", len(sents), n)
	c := pos.BuildClusters(sents, pos.ClusterOptions{Log: os.Stderr})
	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	if err := c.Write(f); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
	log.Printf("%d words clustered into %s", len(c), *out)
}
