package events_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"sitrep/internal/doc"
	"sitrep/internal/pipeline"
	"sitrep/internal/shared"
)

// TestInvariantsOnBBC runs the standard pipeline on BBC politics and world
// business articles and checks every event: an actor or a recipient that
// is an entity, never the same entity on both sides, indexes in range.
func TestInvariantsOnBBC(t *testing.T) {
	dir := shared.Require(t, "bbc-news")
	p := pipeline.Standard()
	n, evs := 0, 0
	for _, sub := range []string{"politics", "business"} {
		for i := 1; i <= 15; i++ {
			path := filepath.Join(dir, sub, fmt.Sprintf("%03d.txt", i))
			raw, err := os.ReadFile(path)
			if err != nil {
				continue
			}
			d := &doc.Document{Path: path, Raw: raw, Format: doc.FormatText}
			if err := p.Process(context.Background(), d); err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			checkInvariants(t, d)
			n++
			evs += len(d.Events)
		}
	}
	if n == 0 {
		t.Skip("no BBC articles found")
	}
	if evs == 0 {
		t.Errorf("no event on %d BBC articles", n)
	}
	t.Logf("%d events on %d BBC articles", evs, n)
}
