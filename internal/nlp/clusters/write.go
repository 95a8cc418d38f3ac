package clusters

import (
	"compress/gzip"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
)

// Write writes clusters as gzip-compressed lines "path\tword", sorted by path
// then word, so that equal clusters give equal files.
func Write(w io.Writer, paths map[string]string) error {
	words := slices.SortedFunc(maps.Keys(paths), func(a, b string) int {
		if c := strings.Compare(paths[a], paths[b]); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	z, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return fmt.Errorf("clusters: %w", err)
	}
	for _, word := range words {
		if strings.ContainsAny(word, "\t\n") {
			continue
		}
		fmt.Fprintf(z, "%s\t%s\n", paths[word], word)
	}
	if err := z.Close(); err != nil {
		return fmt.Errorf("clusters: %w", err)
	}
	return nil
}
