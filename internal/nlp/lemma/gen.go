//go:build ignore

// gen.go builds exceptions.tsv: the (form, XPOS) pairs of UD English EWT
// train whose most frequent gold lemma the rules in lemma.go get wrong.
//
//	go generate ./internal/nlp/lemma
package main

import (
	"bufio"
	"flag"
	"fmt"
	"log"
	"os"
	"slices"

	"sitrep/internal/nlp/conllu"
	"sitrep/internal/nlp/lemma"
)

func main() {
	train := flag.String("train", "", "EWT train CoNLL-U file (.gz allowed)")
	out := flag.String("out", "exceptions.tsv", "output file")
	flag.Parse()
	ss, err := conllu.ReadFile(*train)
	if err != nil {
		log.Fatal(err)
	}
	rows := exceptions(ss)
	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	w := bufio.NewWriter(f)
	slices.Sort(rows)
	for _, r := range rows {
		fmt.Fprintln(w, r)
	}
	if err := w.Flush(); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
	log.Printf("%d exceptions written to %s", len(rows), *out)
}

// exceptions returns "form\txpos\tlemma" rows for every (form, XPOS) pair
// whose most frequent lemma is not what lemma.Rule gives and is right more
// often than the rule would be.
func exceptions(ss []*conllu.Sentence) []string {
	type key struct{ form, xpos string }
	counts := map[key]map[string]int{}
	for _, s := range ss {
		for _, w := range s.Words {
			if w.Lemma == "_" || w.XPOS == "_" {
				continue
			}
			k := key{lemma.Key(w.Form), w.XPOS}
			if counts[k] == nil {
				counts[k] = map[string]int{}
			}
			// Count what the rule gets right under the same key.
			if lemma.Rule(w.Form, w.UPOS, w.XPOS) == w.Lemma {
				counts[k]["\x00rule"]++
			}
			counts[k][w.Lemma]++
		}
	}
	var rows []string
	for k, c := range counts {
		best, n := "", 0
		for l, m := range c {
			if l != "\x00rule" && (m > n || (m == n && l < best)) {
				best, n = l, m
			}
		}
		if n > c["\x00rule"] {
			rows = append(rows, k.form+"\t"+k.xpos+"\t"+best)
		}
	}
	return rows
}
