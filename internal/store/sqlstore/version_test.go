package sqlstore_test

import (
	"context"
	"path/filepath"
	"testing"

	"sitrep/internal/store/sqlstore"
	"sitrep/internal/store/storetest"
)

// TestVersionChangesOnMerge: an analyst's merge changes the answers, so it
// changes the version that caches and ETags are keyed by.
func TestVersionChangesOnMerge(t *testing.T) {
	ctx := context.Background()
	s, err := sqlstore.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "v.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Put(ctx, storetest.Sample(1)); err != nil {
		t.Fatal(err)
	}
	before, _, err := s.Version(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Merge(ctx, "USA.WH", "RUS"); err != nil {
		t.Fatal(err)
	}
	after, _, err := s.Version(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if after == before {
		t.Errorf("version %q unchanged by a merge", after)
	}
}
