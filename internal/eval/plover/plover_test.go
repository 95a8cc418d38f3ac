package plover

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"

	"sitrep/internal/events"
	"sitrep/internal/pipeline"
	"sitrep/internal/shared"
)

// dataDir finds ../shared/data/plover-gsr beside the module root.
func dataDir(t testing.TB) string {
	t.Helper()
	return shared.Require(t, "plover-gsr")
}

// TestDevFloors runs the coder on the PLOVER dev split and fails when it
// falls under the measured figures (see the package comment).
func TestDevFloors(t *testing.T) {
	path := filepath.Join(dataDir(t), "PLOVER_GSR_CAMEO.dev.json")
	var out bytes.Buffer
	sc, err := Evaluate(path, &out)
	if err != nil {
		t.Fatal(err)
	}
	if testing.Verbose() || os.Getenv("PLOVER_REPORT") != "" {
		t.Log("\n" + out.String())
	}
	floors := []struct {
		name      string
		got, want float64
	}{
		// The trained event model (2026-12-07): 0.910, 0.777, 0.782 on the
		// dev split (the hand-written rule coder, written reading these
		// records, scored 0.952 / 0.831 / 0.820 here but 0.647 / 0.449 /
		// 0.569 on the held-out half). With the NER model failing to load,
		// full recall falls by some 0.08: the failure message lists the
		// stages' problems so such a cause is plain.
		{"type recall", sc.TypeRecall, 0.88},
		{"full recall", sc.FullRecall, 0.74},
		{"precision", sc.Precision, 0.76},
	}
	for _, f := range floors {
		if f.got < f.want {
			t.Errorf("%s = %.3f, floor %.3f (stage problems: %v)", f.name, f.got, f.want, sc.Problems)
		}
	}
}

// TestDevWordNet reports, with PLOVER_REPORT set, the dev figures with and
// without the WordNet widening of the lexicon, and fails when the widening
// lowers any of them.
func TestDevWordNet(t *testing.T) {
	if os.Getenv("PLOVER_REPORT") == "" {
		t.Skip("set PLOVER_REPORT=1 to compare the lexicon with and without WordNet")
	}
	path := filepath.Join(dataDir(t), "PLOVER_GSR_CAMEO.dev.json")
	hand, err := events.HandLexicon()
	if err != nil {
		t.Fatal(err)
	}
	without, err := EvaluateWith(path, pipeline.Options{Events: events.Options{Lexicon: hand, PLOVERIntent: true}}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	with, err := Evaluate(path, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("without WordNet: type recall %.3f, full recall %.3f, precision %.3f (%d coded)",
		without.TypeRecall, without.FullRecall, without.Precision, without.Predicted)
	t.Logf("with WordNet:    type recall %.3f, full recall %.3f, precision %.3f (%d coded)",
		with.TypeRecall, with.FullRecall, with.Precision, with.Predicted)
	if with.TypeRecall < without.TypeRecall || with.FullRecall < without.FullRecall || with.Precision < without.Precision {
		t.Errorf("the WordNet widening lowers the dev figures")
	}
}
