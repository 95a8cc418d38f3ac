package events_test

import (
	"context"
	"testing"

	"sitrep/internal/events"
)

// BenchmarkCoder times the coder alone on the four seed articles, after the
// upstream stages have annotated them once.
func BenchmarkCoder(b *testing.B) {
	var docs = annotateAll(b)
	st := events.New()
	ctx := context.Background()
	for b.Loop() {
		for _, d := range docs {
			d.Events = d.Events[:0]
			if err := st.Process(ctx, d); err != nil {
				b.Fatal(err)
			}
		}
	}
}
