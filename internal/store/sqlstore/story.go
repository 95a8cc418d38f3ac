package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

	"sitrep/internal/doc"
)

// storyKey identifies an event across mentions and documents: its type,
// negation, modality, date and parties, each party by its country code
// when it has one (so "Kerry" and "Washington" are both USA) and otherwise
// by its canonical name. An undated event is only ever the same as another
// mention within its own document.
func storyKey(d *doc.Document, e doc.Event) string {
	party := func(ix []int) string {
		var codes []string
		seen := map[string]bool{}
		for _, i := range ix {
			if i < 0 || i >= len(d.Entities) {
				continue
			}
			c := d.Entities[i].Country
			if c == "" {
				c = strings.ToLower(d.Entities[i].Name)
			}
			if !seen[c] {
				seen[c] = true
				codes = append(codes, c)
			}
		}
		sort.Strings(codes)
		return strings.Join(codes, "+")
	}
	date := e.Date
	if date == "" {
		date = "undated:" + d.Hash
	}
	neg := "0"
	if e.Negated {
		neg = "1"
	}
	return strings.Join([]string{string(e.Type), neg, string(e.Modality), date, party(e.Actors),
		party(e.Recipients)}, "|")
}

// addStories links the events of d (already inserted, with ids eventIDs)
// to their story events, creating those not seen before, and counts the
// mentions, the article and the outlet. It runs inside Put's transaction;
// keys are handled in sorted order so concurrent Puts lock rows in the same
// order and cannot deadlock.
func (s *Store) addStories(ctx context.Context, tx *sql.Tx, d *doc.Document, eventIDs []int64) error {
	byKey := map[string][]int64{}
	types := map[string]doc.Event{}
	for i, e := range d.Events {
		k := storyKey(d, e)
		byKey[k] = append(byKey[k], eventIDs[i])
		types[k] = e
	}
	keys := make([]string, 0, len(byKey))
	for k := range byKey {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	outlet := d.Outlet
	if outlet == "" {
		outlet = "(unnamed outlet)"
	}
	for _, k := range keys {
		e := types[k]
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO story_events (skey, type, event_date, mentions, articles, sources)
			VALUES (?, ?, ?, 0, 0, 0) ON CONFLICT (skey) DO NOTHING`), k, string(e.Type), e.Date); err != nil {
			return fmt.Errorf("story event: %w", err)
		}
		var id int64
		if err := tx.QueryRowContext(ctx, s.q(`SELECT id FROM story_events WHERE skey = ?`), k).Scan(&id); err != nil {
			return fmt.Errorf("story event: %w", err)
		}
		res, err := tx.ExecContext(ctx, s.q(`INSERT INTO story_sources (story_id, outlet) VALUES (?, ?)
			ON CONFLICT (story_id, outlet) DO NOTHING`), id, outlet)
		if err != nil {
			return fmt.Errorf("story source: %w", err)
		}
		newSource := 0
		if n, err := res.RowsAffected(); err == nil && n > 0 {
			newSource = 1
		}
		// A near-duplicate (d.DuplicateOf) is the same article again: it
		// may bring a new outlet, never more mentions or articles.
		mentions, articles := len(byKey[k]), 1
		if d.DuplicateOf != "" {
			mentions, articles = 0, 0
		}
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE story_events SET mentions = mentions + ?,
			articles = articles + ?, sources = sources + ? WHERE id = ?`), mentions, articles, newSource, id); err != nil {
			return fmt.Errorf("story event counts: %w", err)
		}
		for _, ev := range byKey[k] {
			if _, err := tx.ExecContext(ctx, s.q(`UPDATE events SET story_id = ? WHERE id = ?`), id, ev); err != nil {
				return fmt.Errorf("story link: %w", err)
			}
		}
	}
	return nil
}
