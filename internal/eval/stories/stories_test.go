package stories

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sitrep/internal/doc"
	"sitrep/internal/shared"
	"sitrep/internal/stories"
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

// TestClusterOrders: the mean over orders lies between the least and the
// greatest F1, and two runs give the same figures.
func TestClusterOrders(t *testing.T) {
	texts := []struct{ text, gold string }{
		{"A 6.1 magnitude earthquake struck Lesbos on Monday, killing three people in the village of Vrisa.", "lesbos"},
		{"The Lesbos earthquake of magnitude 6.1 destroyed houses in Vrisa and killed three.", "lesbos"},
		{"Rescuers in Vrisa on Lesbos searched the ruins after the 6.1 quake.", "lesbos"},
		{"A magnitude 7.7 earthquake hit northern Chile near Iquique, killing six people.", "chile"},
		{"Iquique residents slept outdoors after the 7.7 Chile earthquake killed six.", "chile"},
		{"Leaders of France and Germany met in Berlin to prepare the budget summit.", "summit"},
	}
	var docs []*doc.Document
	var items []Item
	for i, x := range texts {
		docs = append(docs, &doc.Document{Path: fmt.Sprint(i), Text: x.text})
		items = append(items, Item{UID: fmt.Sprint(i), Cluster: x.gold})
	}
	mean, min, max, err := ClusterOrders(docs, items, stories.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if mean.F1 < min-1e-9 || mean.F1 > max+1e-9 || min <= 0 || max > 1 || mean.Docs != len(docs) || mean.Gold != 3 {
		t.Errorf("mean %+v, F1 range %v-%v", mean, min, max)
	}
	again, min2, max2, _ := ClusterOrders(docs, items, stories.Options{})
	if again != mean || min2 != min || max2 != max {
		t.Errorf("two runs differ: %+v %v %v, %+v %v %v", mean, min, max, again, min2, max2)
	}
}
