// Package clusters holds word clusters induced by sitrep from unlabelled news
// text: each frequent word has a bit string, its path in a binary tree of
// clusters, so that words used alike share long prefixes.
package clusters

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"strings"
	"sync"
)

//go:embed clusters.txt.gz
var data []byte

var (
	once   sync.Once
	paths  map[string]string
	errDef error
)

// Default returns the embedded clusters: normalised word (lower case, digits
// folded to 0) to bit string. The map is shared: do not modify it.
func Default() (map[string]string, error) {
	once.Do(func() { paths, errDef = Read(bytes.NewReader(data)) })
	return paths, errDef
}

// Read reads clusters written by Write (gzip-compressed lines "path\tword").
func Read(r interface{ Read([]byte) (int, error) }) (map[string]string, error) {
	z, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("clusters: %w", err)
	}
	out := make(map[string]string)
	sc := bufio.NewScanner(z)
	for sc.Scan() {
		path, word, ok := strings.Cut(sc.Text(), "\t")
		if ok {
			out[word] = path
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("clusters: %w", err)
	}
	return out, nil
}
