package stories

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
)

// idfData is the document-frequency table built by mkidf from BBC News and
// Reuters-21578 (training part): a first line with the number of
// documents, then "term<TAB>df" lines for the terms seen in at least two.
//
//go:generate go run ./mkidf -out idf.txt.gz
//go:embed idf.txt.gz
var idfData []byte

// idfTable gives each term its inverse document frequency. A term the
// table has never seen gets the weight of a term seen once: rare words
// (names, places, numbers) are what tell two happenings apart.
type idfTable struct {
	docs float64
	df   map[string]float64
}

// raw is the inverse document frequency of term, before idfPower.
func (t *idfTable) raw(term string) float64 {
	df := t.df[term]
	if df == 0 {
		df = 1
	}
	return math.Log((t.docs+1)/(df+0.5)) + 0.1
}

func (t *idfTable) weight(term string) float64 {
	df := t.df[term]
	if df == 0 {
		df = 1
	}
	w := math.Log((t.docs+1)/(df+0.5)) + 0.1
	return math.Pow(w, idfPower)
}

// idfPower sharpens inverse document frequencies: squaring-like weights let
// the rare words (names, places, numbers) that tell two happenings of one
// kind apart outweigh the words of the kind itself. Selected with the
// threshold on the ECB+ dev topics (1, 1.5, 2, 2.5 tried).
const idfPower = 1.5

var (
	defaultIDFOnce sync.Once
	defaultIDF     *idfTable
	defaultIDFErr  error
)

// loadIDF parses the embedded table once.
func loadIDF() (*idfTable, error) {
	defaultIDFOnce.Do(func() { defaultIDF, defaultIDFErr = parseIDF(idfData) })
	return defaultIDF, defaultIDFErr
}

func parseIDF(data []byte) (*idfTable, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("stories: idf table: %w", err)
	}
	sc := bufio.NewScanner(zr)
	t := &idfTable{df: map[string]float64{}}
	line := 0
	for sc.Scan() {
		line++
		if line == 1 {
			n, err := strconv.Atoi(strings.TrimSpace(sc.Text()))
			if err != nil || n <= 0 {
				return nil, fmt.Errorf("stories: idf table: line 1: want the document count")
			}
			t.docs = float64(n)
			continue
		}
		term, df, ok := strings.Cut(sc.Text(), "\t")
		n, err := strconv.Atoi(df)
		if !ok || err != nil || n <= 0 {
			return nil, fmt.Errorf("stories: idf table: line %d: want term<TAB>df", line)
		}
		t.df[term] = float64(n)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("stories: idf table: %w", err)
	}
	if t.docs == 0 {
		return nil, fmt.Errorf("stories: idf table is empty")
	}
	return t, nil
}
