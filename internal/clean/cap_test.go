package clean

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"sitrep/internal/doc"
)

// TestCapReportedOnce: a text far over the cap is cut twice (before and
// after boilerplate removal) but reported once, with its original size.
func TestCapReportedOnce(t *testing.T) {
	var b strings.Builder
	for i := 0; b.Len() < 5<<20; i++ {
		fmt.Fprintf(&b, "The minister met envoy number %d in Paris on Monday, officials said. ", i)
		if i%10 == 9 {
			b.WriteString("\n\n")
		}
	}
	raw := b.String()
	d := &doc.Document{Path: "big", Raw: []byte(raw), Format: doc.FormatJSONL}
	if err := New(Options{}).Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	if len(d.Problems) != 1 {
		t.Fatalf("problems %v, want one", d.Problems)
	}
	if want := fmt.Sprintf("text of %d bytes cut", len(raw)); !strings.Contains(d.Problems[0].Message, want) {
		t.Errorf("problem %q lacks %q", d.Problems[0].Message, want)
	}
	if len(d.Text) > DefaultMaxTextBytes || len(d.Text) == 0 {
		t.Errorf("text of %d bytes", len(d.Text))
	}
}
