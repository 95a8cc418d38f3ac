package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"sitrep/internal/eval/reading"
)

// Floors a little under what the pipeline achieves on its hand-made
// readings (docs/ACCURACY.md), so that a regression in any stage fails.
var (
	corpusFloors = map[string]float64{"meta": 0.95, "text": 0.95, "entities": 0.93, "times": 0.93,
		"quotes": 0.9, "events": 0.55, "overall": 0.88}
	seedFloors = map[string]float64{"meta": 0.95, "text": 0.95, "entities": 0.9, "times": 0.9,
		"quotes": 0.85, "events": 0.6, "overall": 0.9}
)

func checkFloors(t *testing.T, r reading.Result, floors map[string]float64) {
	t.Helper()
	var b bytes.Buffer
	reading.Print(&b, r, true)
	t.Log("\n" + b.String())
	for kind, floor := range floors {
		tally := r.Overall()
		if kind != "overall" {
			tally = r.Tallies[kind]
		}
		if tally.Share() < floor {
			t.Errorf("%s: %.1f%% of the reading met, floor %.0f%%", kind, 100*tally.Share(), 100*floor)
		}
	}
}

func TestCorpusReading(t *testing.T) {
	r, _, err := ReadCorpus(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	checkFloors(t, r, corpusFloors)
}

func TestSeedReading(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "seeds")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("seed articles not found at %s (../shared absent): %v", dir, err)
	}
	r, _, err := ReadSeeds(context.Background(), dir, filepath.Join("..", "..", "testdata", "seeds_expect.json"))
	if err != nil {
		t.Fatal(err)
	}
	checkFloors(t, r, seedFloors)
}
