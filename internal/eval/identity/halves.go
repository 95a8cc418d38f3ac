package identity

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
)

// WithAliases returns an annotate function whose actors stage uses the
// alias table rows instead of the shipped one.
type WithAliases func(rows [][]string) (Annotate, error)

// RunHalves measures how the alias table generalises without touching
// testa: the AIDA train documents are cut in two in their order (the first
// half is earlier news), the table is built from the first half only and
// the second half is scored with it, beside the same half scored with no
// alias table at all and with the shipped table (built from all of train,
// so its row is not a fair measure: it shows the gap).
func RunHalves(ctx context.Context, w io.Writer, dataDir string, annotate Annotate, with WithAliases) ([]Result, error) {
	docs, err := Read(filepath.Join(dataDir, "conll2003", "eng.train"),
		filepath.Join(dataDir, "aida-conll", "annotations.train-testa.tsv"), false)
	if err != nil {
		return nil, err
	}
	first, second := docs[:len(docs)/2], docs[len(docs)/2:]
	firstRows := AliasRows(first)
	fmt.Fprintf(w, "AIDA CoNLL-YAGO train cut in two: alias table from documents 1-%d (%d forms), scored on %d-%d\n",
		len(first), len(firstRows), len(first)+1, len(docs))
	var out []Result
	for _, c := range []struct {
		name string
		rows [][]string // nil: the shipped table
	}{
		{"train 2nd half, table from 1st half", firstRows},
		{"train 2nd half, no alias table", [][]string{}},
		{"train 2nd half, shipped table (seen)", nil},
	} {
		ann := annotate
		if c.rows != nil {
			if ann, err = with(c.rows); err != nil {
				return out, err
			}
		}
		r, err := Evaluate(ctx, c.name, second, ann)
		if err != nil {
			return out, err
		}
		out = append(out, r)
		fmt.Fprintf(w, "%s: %d documents, %d linked mentions\n", c.name, r.Docs, r.Mentions)
		fmt.Fprintf(w, "  found     %5.1f%%\n", 100*float64(r.Found)/float64(max(1, r.Mentions)))
		fmt.Fprintf(w, "  sitrep    B-cubed %s\n", r.Sitrep)
		fmt.Fprintf(w, "  baseline  B-cubed %s  (lower-cased mention text)\n", r.Baseline)
	}
	return out, nil
}
