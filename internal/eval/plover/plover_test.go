package plover

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// dataDir finds ../shared/data/plover-gsr beside the module root.
func dataDir(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal(errors.New("go.mod not found"))
		}
		dir = parent
	}
	p := filepath.Join(dir, "..", "shared", "data", "plover-gsr")
	if _, err := os.Stat(p); err != nil {
		t.Skipf("PLOVER gold standard not available at %s", p)
	}
	return p
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
		// Measured on the dev split with the NER model loaded and the POS
		// model not yet loading: 0.952, 0.801, 0.781. With the NER model
		// failing to load, full recall falls to 0.723: the failure message
		// lists the stages' problems so such a cause is plain.
		{"type recall", sc.TypeRecall, 0.92},
		{"full recall", sc.FullRecall, 0.76},
		{"precision", sc.Precision, 0.75},
	}
	for _, f := range floors {
		if f.got < f.want {
			t.Errorf("%s = %.3f, floor %.3f (stage problems: %v)", f.name, f.got, f.want, sc.Problems)
		}
	}
}
