package sqlstore_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sitrep/internal/store"
	"sitrep/internal/store/sqlstore"
	"sitrep/internal/store/storetest"
)

func TestSQLite(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		s, err := sqlstore.Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "test.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}

func TestSQLiteIntegrity(t *testing.T) {
	path := filepath.Join(t.TempDir(), "test.db")
	s, err := sqlstore.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Put(context.Background(), storetest.Sample(1)); err != nil {
		t.Fatal(err)
	}
	var res string
	if err := s.DB().QueryRow(`PRAGMA integrity_check`).Scan(&res); err != nil || res != "ok" {
		t.Fatalf("integrity_check = %q, %v", res, err)
	}
	// Reopening migrates nothing and keeps the data.
	s.Close()
	s2, err := sqlstore.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if st, _ := s2.Stats(context.Background()); st.Documents != 1 {
		t.Errorf("after reopen: %+v", st)
	}
}

// postgresURL is the server the tests use: $SITREP_TEST_POSTGRES, else the
// one the development and CI machines run on 127.0.0.1.
func postgresURL() string {
	if u := os.Getenv("SITREP_TEST_POSTGRES"); u != "" {
		return u
	}
	return "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
}

// freshPostgres creates a database of its own for one test and drops it
// afterwards, so runs never collide.
func freshPostgres(t *testing.T) string {
	t.Helper()
	admin, err := sql.Open("pgx", postgresURL())
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if err := admin.Ping(); err != nil {
		if os.Getenv("SITREP_REQUIRE_POSTGRES") != "" {
			t.Fatalf("PostgreSQL required but unreachable at %s: %v", postgresURL(), err)
		}
		t.Skipf("PostgreSQL unreachable at %s (run scripts/services.sh to start one): %v", postgresURL(), err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	name := "sitrep_test_" + hex.EncodeToString(b)
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		a, err := sql.Open("pgx", postgresURL())
		if err != nil {
			return
		}
		defer a.Close()
		a.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
	})
	u := postgresURL()
	i := strings.LastIndex(u, "/")
	rest := ""
	if q := strings.Index(u[i:], "?"); q >= 0 {
		rest = u[i+q:]
	}
	return u[:i+1] + name + rest
}

func TestPostgres(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		s, err := sqlstore.Open(context.Background(), freshPostgres(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}
