package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"sitrep/internal/doc"
	"sitrep/internal/store"
)

// The document stories of migration 5 (see schema.go); story.go's story
// events are the event-level counterpart.

var _ store.StoryStore = (*Store)(nil)

// addDocStory records d (stored as docID) in its story: the story row,
// created at its first document, counts the article (and the copy, for a
// near-duplicate), widens its dates and counts a new outlet. It runs inside
// Put's transaction and does nothing for a document without a story.
func (s *Store) addDocStory(ctx context.Context, tx *sql.Tx, d *doc.Document, docID int64) error {
	if d.Story == "" {
		if d.DuplicateOf == "" {
			return nil
		}
		// A copy without a story is still a copy: Put left its events
		// out of the aggregates, so the listings must leave them out too.
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE documents SET duplicate_of = ? WHERE id = ?`), d.DuplicateOf, docID); err != nil {
			return fmt.Errorf("document story: %w", err)
		}
		return nil
	}
	if _, err := tx.ExecContext(ctx, s.q(`UPDATE documents SET story = ?, duplicate_of = ? WHERE id = ?`),
		d.Story, d.DuplicateOf, docID); err != nil {
		return fmt.Errorf("document story: %w", err)
	}
	if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO stories (id, headline, first_seen, last_seen, articles, duplicates, sources)
		VALUES (?, ?, ?, ?, 0, 0, 0) ON CONFLICT (id) DO NOTHING`), d.Story, d.Title, d.Published, d.Published); err != nil {
		return fmt.Errorf("story: %w", err)
	}
	outlet := d.Outlet
	if outlet == "" {
		outlet = "(unnamed outlet)"
	}
	if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO story_outlets (story, outlet, articles) VALUES (?, ?, 1)
		ON CONFLICT (story, outlet) DO UPDATE SET articles = story_outlets.articles + 1`), d.Story, outlet); err != nil {
		return fmt.Errorf("story outlet: %w", err)
	}
	var outletArticles int
	if err := tx.QueryRowContext(ctx, s.q(`SELECT articles FROM story_outlets WHERE story = ? AND outlet = ?`),
		d.Story, outlet).Scan(&outletArticles); err != nil {
		return fmt.Errorf("story outlet: %w", err)
	}
	newSource, dup := 0, 0
	if outletArticles == 1 {
		newSource = 1
	}
	if d.DuplicateOf != "" {
		dup = 1
	}
	if _, err := tx.ExecContext(ctx, s.q(`UPDATE stories SET articles = articles + 1, duplicates = duplicates + ?,
		sources = sources + ?,
		headline = CASE WHEN headline = '' THEN ? ELSE headline END,
		first_seen = CASE WHEN first_seen = '' OR (? <> '' AND ? < first_seen) THEN ? ELSE first_seen END,
		last_seen = CASE WHEN ? > last_seen THEN ? ELSE last_seen END
		WHERE id = ?`), dup, newSource, d.Title, d.Published, d.Published, d.Published,
		d.Published, d.Published, d.Story); err != nil {
		return fmt.Errorf("story counts: %w", err)
	}
	return nil
}

// Stories lists stories, most recently seen first.
func (s *Store) Stories(ctx context.Context, f store.StoryFilter) ([]store.StoryRow, error) {
	var w where
	if f.Since != "" {
		w.add(`last_seen >= ?`, f.Since)
	}
	if f.Until != "" {
		w.add(`last_seen <= ?`, f.Until)
	}
	if f.MinArticles > 0 {
		w.add(`articles >= ?`, f.MinArticles)
	}
	rows, err := s.rdb.QueryContext(ctx, s.q(`SELECT id, headline, first_seen, last_seen, articles, duplicates, sources
		FROM stories`+w.String()+` ORDER BY last_seen DESC, articles DESC, id`+s.limit(f.Limit, f.Offset)), w.args...)
	if err != nil {
		return nil, fmt.Errorf("stories: %w", err)
	}
	defer rows.Close()
	var out []store.StoryRow
	for rows.Next() {
		var r store.StoryRow
		if err := rows.Scan(&r.ID, &r.Headline, &r.FirstSeen, &r.LastSeen, &r.Articles, &r.Duplicates, &r.Sources); err != nil {
			return nil, fmt.Errorf("stories: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("stories: %w", err)
	}
	return out, nil
}

// storyActors is how many of a story's most mentioned entities Story lists.
const storyActors = 10

// Story returns one story with its documents, outlets and top actors.
func (s *Store) Story(ctx context.Context, id string) (store.StoryRow, error) {
	var r store.StoryRow
	err := s.rdb.QueryRowContext(ctx, s.q(`SELECT id, headline, first_seen, last_seen, articles, duplicates, sources
		FROM stories WHERE id = ?`), id).Scan(&r.ID, &r.Headline, &r.FirstSeen, &r.LastSeen, &r.Articles, &r.Duplicates, &r.Sources)
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("story %s: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return r, fmt.Errorf("story %s: %w", id, err)
	}
	rows, err := s.rdb.QueryContext(ctx, s.q(`SELECT id, title, outlet, published, url, path, duplicate_of
		FROM documents WHERE story = ? ORDER BY (published = ''), published, id`), id)
	if err != nil {
		return r, fmt.Errorf("story %s: %w", id, err)
	}
	for rows.Next() {
		var d store.StoryDocument
		if err := rows.Scan(&d.ID, &d.Title, &d.Outlet, &d.Published, &d.URL, &d.Path, &d.DuplicateOf); err != nil {
			rows.Close()
			return r, fmt.Errorf("story %s: %w", id, err)
		}
		r.Documents = append(r.Documents, d)
	}
	rows.Close()
	rows, err = s.rdb.QueryContext(ctx, s.q(`SELECT outlet, articles FROM story_outlets WHERE story = ?
		ORDER BY articles DESC, outlet`), id)
	if err != nil {
		return r, fmt.Errorf("story %s: %w", id, err)
	}
	for rows.Next() {
		var o store.StoryOutlet
		if err := rows.Scan(&o.Outlet, &o.Articles); err != nil {
			rows.Close()
			return r, fmt.Errorf("story %s: %w", id, err)
		}
		r.Outlets = append(r.Outlets, o)
	}
	rows.Close()
	// Top actors: entities of the story's original documents (copies would
	// count the same mentions twice), most documents first.
	rows, err = s.rdb.QueryContext(ctx, s.q(`SELECT n.name, n.type, n.country, COUNT(DISTINCT n.doc_id), SUM(n.mentions)
		FROM entities n JOIN documents d ON d.id = n.doc_id
		WHERE d.story = ? AND d.duplicate_of = ''
		GROUP BY n.name, n.type, n.country
		ORDER BY COUNT(DISTINCT n.doc_id) DESC, SUM(n.mentions) DESC, n.name
		LIMIT ?`), id, storyActors)
	if err != nil {
		return r, fmt.Errorf("story %s: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var a store.StoryActor
		if err := rows.Scan(&a.Name, &a.Type, &a.Country, &a.Documents, &a.Mentions); err != nil {
			return r, fmt.Errorf("story %s: %w", id, err)
		}
		r.Actors = append(r.Actors, a)
	}
	if err := rows.Err(); err != nil {
		return r, fmt.Errorf("story %s: %w", id, err)
	}
	return r, nil
}
