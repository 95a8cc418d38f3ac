package sqlstore

import (
	"container/list"
	"context"
	"database/sql"
	"sync"
)

// reader runs the store's read queries. On SQLite it keeps the queries it
// sees again as prepared statements (database/sql prepares one on each
// connection of the read pool that runs it and keeps it there), so that a
// query asked over and over under load is parsed and planned once per
// connection instead of on every request: modernc's driver prepares and
// finalizes each query anew otherwise. A query is prepared the second time
// its text is seen, so that one-off texts cost no extra preparation, and
// at most maxStmts are kept, the least recently used closed beyond that
// (once no query is running on it). PostgreSQL needs none of this: pgx
// prepares and caches each query per connection itself.
type reader struct {
	*sql.DB
	cache bool

	mu    sync.Mutex
	stmts map[string]*list.Element // of *cachedStmt, most recently used first in lru
	lru   list.List
	seen  map[string]struct{}
}

// cachedStmt is one kept statement; users counts the queries running on
// it, evicted says it has left the cache and is closed by its last user.
type cachedStmt struct {
	query   string
	stmt    *sql.Stmt
	users   int
	evicted bool
}

const (
	// maxStmts bounds the kept statements (each prepared on up to every
	// connection of the read pool).
	maxStmts = 128
	// maxSeen bounds the texts remembered as seen once; the set starts
	// over when full.
	maxSeen = 4096
)

// newReader wraps db; cache says whether to keep prepared statements.
func newReader(db *sql.DB, cache bool) *reader {
	return &reader{DB: db, cache: cache, stmts: map[string]*list.Element{}, seen: map[string]struct{}{}}
}

// get returns the kept statement of query, preparing it if query was seen
// before, or nil: then the query is run without one. A statement returned
// must be given back with release.
func (r *reader) get(ctx context.Context, query string) *cachedStmt {
	if !r.cache {
		return nil
	}
	r.mu.Lock()
	if el, ok := r.stmts[query]; ok {
		r.lru.MoveToFront(el)
		c := el.Value.(*cachedStmt)
		c.users++
		r.mu.Unlock()
		return c
	}
	if _, ok := r.seen[query]; !ok {
		if len(r.seen) >= maxSeen {
			clear(r.seen)
		}
		r.seen[query] = struct{}{}
		r.mu.Unlock()
		return nil
	}
	r.mu.Unlock()
	st, err := r.DB.PrepareContext(ctx, query)
	if err != nil {
		return nil // the query run without a statement reports it
	}
	r.mu.Lock()
	if el, ok := r.stmts[query]; ok { // another request prepared it meanwhile
		c := el.Value.(*cachedStmt)
		c.users++
		r.mu.Unlock()
		st.Close()
		return c
	}
	c := &cachedStmt{query: query, stmt: st, users: 1}
	r.stmts[query] = r.lru.PushFront(c)
	delete(r.seen, query)
	var idle []*sql.Stmt
	for r.lru.Len() > maxStmts {
		old := r.lru.Remove(r.lru.Back()).(*cachedStmt)
		delete(r.stmts, old.query)
		old.evicted = true
		if old.users == 0 {
			idle = append(idle, old.stmt)
		}
	}
	r.mu.Unlock()
	for _, st := range idle {
		st.Close()
	}
	return c
}

// release gives back a statement get returned.
func (r *reader) release(c *cachedStmt) {
	r.mu.Lock()
	c.users--
	last := c.evicted && c.users == 0
	r.mu.Unlock()
	if last {
		c.stmt.Close()
	}
}

// QueryContext runs query, through its kept statement when there is one.
// (Rows still open when the statement is closed keep it alive: database/sql
// finalizes it after them.)
func (r *reader) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if c := r.get(ctx, query); c != nil {
		defer r.release(c)
		return c.stmt.QueryContext(ctx, args...)
	}
	return r.DB.QueryContext(ctx, query, args...)
}

// QueryRowContext runs query for one row, as QueryContext.
func (r *reader) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if c := r.get(ctx, query); c != nil {
		defer r.release(c)
		return c.stmt.QueryRowContext(ctx, args...)
	}
	return r.DB.QueryRowContext(ctx, query, args...)
}

// Close closes the kept statements and the pool.
func (r *reader) Close() error {
	r.mu.Lock()
	for q, el := range r.stmts {
		el.Value.(*cachedStmt).stmt.Close()
		delete(r.stmts, q)
	}
	r.lru.Init()
	r.mu.Unlock()
	return r.DB.Close()
}
