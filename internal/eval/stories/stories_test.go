package stories

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sitrep/internal/shared"
)

func TestBCubed(t *testing.T) {
	for _, tc := range []struct {
		name      string
		sys, gold []string
		p, r      float64
	}{
		{"perfect", []string{"a", "a", "b"}, []string{"x", "x", "y"}, 1, 1},
		{"all in one", []string{"a", "a", "a", "a"}, []string{"x", "x", "y", "y"}, 0.5, 1},
		{"all apart", []string{"a", "b", "c", "d"}, []string{"x", "x", "y", "y"}, 1, 0.5},
		// Bagga & Baldwin's worked example shape: one split, one merge.
		{"mixed", []string{"a", "a", "b", "b", "b"}, []string{"x", "x", "x", "y", "y"}, (1 + 1 + 1.0/3 + 2.0/3 + 2.0/3) / 5, (2.0/3 + 2.0/3 + 1.0/3 + 1 + 1) / 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := BCubed(tc.sys, tc.gold)
			if math.Abs(s.P-tc.p) > 1e-9 || math.Abs(s.R-tc.r) > 1e-9 {
				t.Errorf("P %v R %v, want %v %v", s.P, s.R, tc.p, tc.r)
			}
		})
	}
}

// TestDuplicatesReuters finds the re-sent stories of Reuters-21578: there
// are many, and most are the same text sent again.
func TestDuplicatesReuters(t *testing.T) {
	dir, err := shared.DataDir()
	if err == nil {
		_, err = os.Stat(filepath.Join(dir, "reuters21578", "reut2-train-and-notused.sgm.gz"))
	}
	if err != nil {
		t.Skipf("Reuters-21578 not available: %v", err)
	}
	var b strings.Builder
	rep, err := Duplicates(dir, &b, 5)
	if err != nil {
		t.Fatal(err)
	}
	t.Log(b.String())
	if rep.Articles < 15000 || rep.Duplicates < 100 || rep.Duplicates > rep.Articles/5 {
		t.Errorf("%d duplicates in %d articles", rep.Duplicates, rep.Articles)
	}
}
