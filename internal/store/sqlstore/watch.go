package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"sitrep/internal/fetch"
	"sitrep/internal/watch"
)

// The store keeps the state of `sitrep watch` (migration 5): Store is a
// watch.State.
var _ watch.State = (*Store)(nil)

// Item states in watch_items.
const (
	itemPending = "pending"
	itemClaimed = "claimed"
	itemDone    = "done"
	itemRetry   = "retry"
	itemFailed  = "failed"
)

// Feed returns what is remembered of a feed.
func (s *Store) Feed(ctx context.Context, url string) (watch.FeedState, error) {
	f := watch.FeedState{URL: url}
	var checked int64
	err := s.db.QueryRowContext(ctx, s.q(`SELECT etag, last_modified, checked, items, failures, reason
		FROM watch_feeds WHERE url = ?`), url).Scan(&f.ETag, &f.LastModified, &checked, &f.Items, &f.Failures, &f.Reason)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return f, nil
	case err != nil:
		return f, fmt.Errorf("watch: feed %s: %w", url, err)
	}
	if checked > 0 {
		f.Checked = time.Unix(checked, 0)
	}
	return f, nil
}

// SaveFeed records a poll of a feed.
func (s *Store) SaveFeed(ctx context.Context, f watch.FeedState) error {
	_, err := s.db.ExecContext(ctx, s.q(`INSERT INTO watch_feeds (url, etag, last_modified, checked, items, failures, reason)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
			checked = excluded.checked, items = excluded.items, failures = excluded.failures, reason = excluded.reason`),
		f.URL, f.ETag, f.LastModified, f.Checked.Unix(), f.Items, f.Failures, f.Reason)
	if err != nil {
		return fmt.Errorf("watch: save feed %s: %w", f.URL, err)
	}
	return nil
}

// Discover records the articles a feed listed as pending, keyed by
// fetch.Key so that variants of one article are one row.
func (s *Store) Discover(ctx context.Context, src watch.Source, items []watch.Item) (int, error) {
	if len(items) == 0 {
		return 0, nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("watch: discover: %w", err)
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, s.q(`INSERT INTO watch_items (ukey, url, feed, outlet, country, title, published,
		state, owner, lease_until, attempts, reason, doc_hash, discovered, updated)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', 0, 0, '', '', ?, ?) ON CONFLICT (ukey) DO NOTHING`))
	if err != nil {
		return 0, fmt.Errorf("watch: discover: %w", err)
	}
	defer stmt.Close()
	now := time.Now().UnixNano()
	n := 0
	for i, it := range items {
		// discovered orders the work: feed order within one poll.
		res, err := stmt.ExecContext(ctx, fetch.Key(it.URL), fetch.Clean(it.URL), src.URL, src.Outlet, src.Country,
			it.Title, it.Published, itemPending, now+int64(i), now/1e9)
		if err != nil {
			return 0, fmt.Errorf("watch: discover %s: %w", it.URL, err)
		}
		if k, _ := res.RowsAffected(); k > 0 {
			n++
		} else if !fetch.Variant(it.URL) {
			// Known already, perhaps by an AMP or mobile variant that a
			// feed polled at the same time listed first: while it waits,
			// fetch the plain page instead.
			if _, err := tx.ExecContext(ctx, s.q(`UPDATE watch_items SET url = ?, feed = ?, outlet = ?, country = ?,
				title = ?, published = ? WHERE ukey = ? AND state = ? AND url <> ?`),
				fetch.Clean(it.URL), src.URL, src.Outlet, src.Country, it.Title, it.Published,
				fetch.Key(it.URL), itemPending, fetch.Clean(it.URL)); err != nil {
				return 0, fmt.Errorf("watch: discover %s: %w", it.URL, err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("watch: discover: %w", err)
	}
	return n, nil
}

// Claim takes up to n claimable articles for owner. Each is taken by one
// UPDATE whose WHERE re-checks that it is still claimable, so of two
// watchers reaching for one article exactly one gets it.
func (s *Store) Claim(ctx context.Context, owner string, n int, lease time.Duration) ([]watch.Claimed, error) {
	now := time.Now()
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT ukey FROM watch_items
		WHERE state = ? OR (state IN (?, ?) AND lease_until <= ?)
		ORDER BY discovered LIMIT ?`), itemPending, itemRetry, itemClaimed, now.Unix(), n*8)
	if err != nil {
		return nil, fmt.Errorf("watch: claim: %w", err)
	}
	var keys []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			rows.Close()
			return nil, fmt.Errorf("watch: claim: %w", err)
		}
		keys = append(keys, k)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("watch: claim: %w", err)
	}
	var out []watch.Claimed
	for _, k := range keys {
		if len(out) >= n {
			break
		}
		res, err := s.db.ExecContext(ctx, s.q(`UPDATE watch_items SET state = ?, owner = ?, lease_until = ?,
			attempts = attempts + 1, updated = ?
			WHERE ukey = ? AND (state = ? OR (state IN (?, ?) AND lease_until <= ?))`),
			itemClaimed, owner, now.Add(lease).Unix()+1, now.Unix(), k, itemPending, itemRetry, itemClaimed, now.Unix())
		if err != nil {
			return out, fmt.Errorf("watch: claim %s: %w", k, err)
		}
		if got, _ := res.RowsAffected(); got == 0 {
			continue // another watcher was first
		}
		var c watch.Claimed
		c.Key = k
		err = s.db.QueryRowContext(ctx, s.q(`SELECT url, feed, outlet, country, title, published, attempts
			FROM watch_items WHERE ukey = ?`), k).Scan(&c.URL, &c.Feed, &c.Outlet, &c.Country, &c.Item.Title,
			&c.Item.Published, &c.Attempts)
		if err != nil {
			return out, fmt.Errorf("watch: claim %s: %w", k, err)
		}
		c.Attempts-- // claims before this one
		c.Item.URL = c.URL
		out = append(out, c)
	}
	return out, nil
}

// StoredURL returns the hash of a stored document with this URL.
func (s *Store) StoredURL(ctx context.Context, url string) (string, bool, error) {
	var h string
	err := s.db.QueryRowContext(ctx, s.q(`SELECT hash FROM documents WHERE url = ? LIMIT 1`), url).Scan(&h)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return "", false, nil
	case err != nil:
		return "", false, fmt.Errorf("watch: %s: %w", url, err)
	}
	return h, true, nil
}

// Done marks an article stored.
func (s *Store) Done(ctx context.Context, key, hash string) error {
	_, err := s.db.ExecContext(ctx, s.q(`UPDATE watch_items SET state = ?, doc_hash = ?, reason = '', updated = ?
		WHERE ukey = ?`), itemDone, hash, time.Now().Unix(), key)
	if err != nil {
		return fmt.Errorf("watch: done %s: %w", key, err)
	}
	return nil
}

// Fail records why an article was not stored.
func (s *Store) Fail(ctx context.Context, key, reason string, retry time.Time) error {
	state, until := itemFailed, int64(0)
	if !retry.IsZero() {
		state, until = itemRetry, retry.Unix()
	}
	_, err := s.db.ExecContext(ctx, s.q(`UPDATE watch_items SET state = ?, reason = ?, lease_until = ?, updated = ?
		WHERE ukey = ?`), state, reason, until, time.Now().Unix(), key)
	if err != nil {
		return fmt.Errorf("watch: fail %s: %w", key, err)
	}
	return nil
}

// WatchItem is one article `sitrep watch` has seen.
type WatchItem struct {
	URL, Feed, State, Reason, Hash string
	Attempts                       int
}

// WatchItems lists the articles `sitrep watch` has seen, in the order they
// were discovered; state "" lists all.
func (s *Store) WatchItems(ctx context.Context, state string) ([]WatchItem, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT url, feed, state, reason, doc_hash, attempts FROM watch_items
		WHERE ? = '' OR state = ? ORDER BY discovered`), state, state)
	if err != nil {
		return nil, fmt.Errorf("watch: items: %w", err)
	}
	defer rows.Close()
	var out []WatchItem
	for rows.Next() {
		var it WatchItem
		if err := rows.Scan(&it.URL, &it.Feed, &it.State, &it.Reason, &it.Hash, &it.Attempts); err != nil {
			return nil, fmt.Errorf("watch: items: %w", err)
		}
		out = append(out, it)
	}
	return out, rows.Err()
}
