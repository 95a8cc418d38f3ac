package sqlstore_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"sitrep/internal/store/sqlstore"
	"sitrep/internal/store/storetest"
)

// TestRebuildAggregates: recomputing the running totals from the stored
// events gives what Put kept.
func TestRebuildAggregates(t *testing.T) {
	ctx := context.Background()
	s, err := sqlstore.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "r.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for i := 1; i <= 2; i++ {
		if _, err := s.Put(ctx, storetest.Sample(i)); err != nil {
			t.Fatal(err)
		}
	}
	dump := func() string {
		var b strings.Builder
		for _, q := range []string{
			`SELECT actor_key, role, event_date, events, goldstein FROM actor_days ORDER BY 1, 2, 3`,
			`SELECT actor_key, recipient_key, event_date, events, goldstein FROM dyad_days ORDER BY 1, 2, 3`,
			`SELECT src, dst, event_date, events, goldstein FROM edge_days ORDER BY 1, 2, 3`,
			`SELECT name, type, country, documents, mentions, events FROM actor_totals ORDER BY 1, 2, 3`,
		} {
			rows, err := s.DB().QueryContext(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			cols, _ := rows.Columns()
			for rows.Next() {
				vals := make([]any, len(cols))
				ptrs := make([]any, len(cols))
				for i := range vals {
					ptrs[i] = &vals[i]
				}
				rows.Scan(ptrs...)
				fmt.Fprintln(&b, vals...)
			}
			rows.Close()
		}
		return b.String()
	}
	before := dump()
	if strings.Count(before, "\n") < 5 {
		t.Fatalf("too few aggregate rows to compare:\n%s", before)
	}
	if err := s.RebuildAggregates(ctx); err != nil {
		t.Fatal(err)
	}
	if after := dump(); after != before {
		t.Errorf("rebuilt aggregates differ:\nkept by Put:\n%s\nrebuilt:\n%s", before, after)
	}
}
