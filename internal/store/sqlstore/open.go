package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"runtime"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	_ "modernc.org/sqlite"             // registers the pure-Go "sqlite" driver
)

// DefaultURL is the store used when none is named: the embedded SQLite
// database in the working directory.
const DefaultURL = "sqlite:./sitrep.db"

// Open opens the store a URL names and migrates its schema:
//
//	./sitrep.db, sqlite:./sitrep.db, sqlite:///abs/path.db   embedded SQLite
//	postgres://user@host:5432/db?sslmode=disable           PostgreSQL
//
// A SQLite database that does not exist is created; see OpenExisting.
func Open(ctx context.Context, dbURL string) (*Store, error) { return open(ctx, dbURL, true) }

// ErrNoDatabase is returned by OpenExisting for a SQLite file that does not
// exist.
var ErrNoDatabase = errors.New("no such database")

// OpenExisting is Open for commands that only read: a SQLite file that does
// not exist is an error wrapping ErrNoDatabase instead of a new, empty
// database. (A PostgreSQL database must exist in any case; Open and
// OpenExisting migrate its schema alike.)
func OpenExisting(ctx context.Context, dbURL string) (*Store, error) { return open(ctx, dbURL, false) }

func open(ctx context.Context, dbURL string, create bool) (*Store, error) {
	if dbURL == "" {
		dbURL = DefaultURL
	}
	switch {
	case strings.HasPrefix(dbURL, "postgres://"), strings.HasPrefix(dbURL, "postgresql://"):
		db, err := sql.Open("pgx", dbURL)
		if err != nil {
			return nil, fmt.Errorf("open %s: %w", redact(dbURL), err)
		}
		if err := db.PingContext(ctx); err != nil {
			db.Close()
			return nil, fmt.Errorf("open %s: %w", redact(dbURL), err)
		}
		// As many idle connections are kept as SQLite's read pool holds
		// (the server lets no more requests at the store at once), so that
		// a burst of requests neither waits for a new server process per
		// connection nor loses the statements pgx prepared and cached on
		// it; database/sql keeps only two by default. The number open is
		// not capped: a writer's transaction may need a second connection.
		db.SetMaxIdleConns(readers())
		s, err := New(ctx, db, Postgres)
		if err != nil {
			db.Close()
			return nil, fmt.Errorf("open %s: %w", redact(dbURL), err)
		}
		return s, nil
	default:
		path := strings.TrimPrefix(dbURL, "sqlite:")
		path = strings.TrimPrefix(path, "//")
		if path == "" {
			return nil, fmt.Errorf("open %s: no database path", dbURL)
		}
		mode := "rwc"
		if !create {
			if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("open %s: %w", path, ErrNoDatabase)
			}
			mode = "rw" // nor if it vanishes meanwhile
		}
		// WAL lets readers (serve) run beside one writer (ingest); the busy
		// timeout makes a second writer wait instead of failing.
		dsn := "file:" + path + "?mode=" + mode + "&_pragma=busy_timeout(20000)&_pragma=journal_mode(WAL)" +
			"&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)"
		db, err := sql.Open("sqlite", dsn)
		if err != nil {
			return nil, fmt.Errorf("open %s: %w", path, err)
		}
		// SQLite allows one writer; a single connection for writes avoids
		// lock contention inside this process.
		db.SetMaxOpenConns(1)
		s, err := New(ctx, db, SQLite)
		if err != nil {
			db.Close()
			return nil, fmt.Errorf("open %s: %w", path, err)
		}
		// Readers need no lock against each other in WAL mode: queries
		// (serve under load) get a small pool of read-only connections,
		// each with a page cache of 8 MiB (SQLite's default is 2 MiB,
		// which a database of a million events outgrows: a busy server
		// spent a tenth of its time reading pages back from the OS).
		rdb, err := sql.Open("sqlite", dsn+"&_pragma=query_only(1)&_pragma=cache_size(-8192)")
		if err != nil {
			s.Close()
			return nil, fmt.Errorf("open %s: %w", path, err)
		}
		n := readers()
		rdb.SetMaxOpenConns(n)
		rdb.SetMaxIdleConns(n)
		s.rdb = newReader(rdb, true)
		return s, nil
	}
}

// readers is the size of the SQLite read pool: four connections per core
// the process may use, at least eight. The server lets at most four
// requests per core at the store (internal/server), so none of them waits
// for a connection behind a slow one.
func readers() int { return max(8, 4*runtime.GOMAXPROCS(0)) }

// redact hides a password in a database URL for messages.
func redact(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "database URL"
	}
	return u.Redacted()
}
