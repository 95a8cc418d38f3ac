package identity

import (
	"context"
	"io"
	"testing"

	"sitrep/internal/pipeline"
	"sitrep/internal/shared"
)

// TestTestaFloor holds cross-document identity on AIDA testa to its
// measured level (docs/ACCURACY.md: B-cubed F1 0.906) and above the
// lower-cased-text baseline.
func TestTestaFloor(t *testing.T) {
	if testing.Short() {
		t.Skip("annotates 216 documents")
	}
	shared.Require(t, "aida-conll", "annotations.train-testa.tsv")
	shared.Require(t, "conll2003", "eng.testa")
	data, err := shared.DataDir()
	if err != nil {
		t.Skip(err)
	}
	res, err := Run(context.Background(), io.Discard, data, []string{"testa"}, pipeline.Standard().Process, false)
	if err != nil {
		t.Fatal(err)
	}
	r := res[0]
	if r.Sitrep.F < 0.90 || r.Sitrep.F <= r.Baseline.F {
		t.Errorf("testa B-cubed %v, want F1 >= 0.90 and above the baseline %v", r.Sitrep, r.Baseline)
	}
	if float64(r.Found) < 0.97*float64(r.Mentions) {
		t.Errorf("found %d of %d linked mentions, want >= 97%%", r.Found, r.Mentions)
	}
}
