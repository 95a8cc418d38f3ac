package sqlstore

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
)

// TestReaderStatements: queries asked again run through kept statements,
// at most maxStmts are kept, and many goroutines asking more distinct
// queries than that (so that statements are evicted while others run on
// them) always get the right answer.
func TestReaderStatements(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r := s.rdb
	if !r.cache {
		t.Fatal("the SQLite read pool keeps no statements")
	}
	ask := func(i int) error {
		var got int
		q := fmt.Sprintf("SELECT ? + %d", i)
		if err := r.QueryRowContext(ctx, q, 1).Scan(&got); err != nil {
			return err
		}
		rows, err := r.QueryContext(ctx, q, 2)
		if err != nil {
			return err
		}
		defer rows.Close()
		var again int
		for rows.Next() {
			if err := rows.Scan(&again); err != nil {
				return err
			}
		}
		if got != 1+i || again != 2+i {
			return fmt.Errorf("%s: %d and %d, want %d and %d", q, got, again, 1+i, 2+i)
		}
		return rows.Err()
	}
	if err := ask(0); err != nil {
		t.Fatal(err)
	}
	r.mu.Lock()
	kept := len(r.stmts)
	r.mu.Unlock()
	if kept != 1 {
		t.Fatalf("%d statements kept after a query asked twice, want 1", kept)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 3 * maxStmts {
				if err := ask((i*7 + g*31) % (2 * maxStmts)); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	r.mu.Lock()
	kept = len(r.stmts)
	r.mu.Unlock()
	if kept != maxStmts || r.lru.Len() != maxStmts {
		t.Errorf("%d statements kept (%d in the LRU list), want %d", kept, r.lru.Len(), maxStmts)
	}
}
