package sqlstore_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"

	"sitrep/internal/store/sqlstore"
)

// openAtOnce opens n stores on dbURL at the same moment, as n workers
// starting together on an empty store do, and checks that every one
// succeeds and the schema was migrated exactly once.
func openAtOnce(t *testing.T, dbURL string, n int) {
	t.Helper()
	ctx := context.Background()
	stores := make([]*sqlstore.Store, n)
	errs := make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			stores[i], errs[i] = sqlstore.Open(ctx, dbURL)
		}()
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("opener %d: %v", i, err)
			continue
		}
		defer stores[i].Close()
	}
	if t.Failed() {
		return
	}
	var rows, version int
	if err := stores[0].DB().QueryRowContext(ctx, `SELECT COUNT(*), MAX(version) FROM schema_version`).
		Scan(&rows, &version); err != nil {
		t.Fatal(err)
	}
	if rows != 1 {
		t.Errorf("schema_version has %d rows, want 1", rows)
	}
	// Every opener can use the store.
	for i, s := range stores {
		if _, err := s.Stats(ctx); err != nil {
			t.Errorf("store %d: %v", i, err)
		}
	}
	if again, err := sqlstore.Open(ctx, dbURL); err != nil {
		t.Errorf("reopening: %v", err)
	} else {
		var v2 int
		again.DB().QueryRowContext(ctx, `SELECT version FROM schema_version`).Scan(&v2)
		if v2 != version {
			t.Errorf("version %d after reopening, %d before", v2, version)
		}
		again.Close()
	}
}

// TestConcurrentMigrationPostgres: four workers start at once on an empty
// PostgreSQL database.
func TestConcurrentMigrationPostgres(t *testing.T) {
	for range 3 {
		openAtOnce(t, freshPostgres(t), 4)
	}
}

// TestConcurrentMigrationSQLite: eight processes' worth of openers on a
// SQLite file that does not exist yet.
func TestConcurrentMigrationSQLite(t *testing.T) {
	for range 3 {
		openAtOnce(t, "sqlite:"+filepath.Join(t.TempDir(), "new.db"), 8)
	}
}
