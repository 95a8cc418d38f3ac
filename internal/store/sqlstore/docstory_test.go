package sqlstore_test

import (
	"context"
	"path/filepath"
	"testing"

	"sitrep/internal/store"
	"sitrep/internal/store/sqlstore"
	"sitrep/internal/store/storetest"
)

func TestSQLiteStories(t *testing.T) {
	storetest.RunStories(t, func(t *testing.T) store.Store {
		s, err := sqlstore.Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "test.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}

func TestPostgresStories(t *testing.T) {
	storetest.RunStories(t, func(t *testing.T) store.Store {
		s, err := sqlstore.Open(context.Background(), freshPostgres(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}
