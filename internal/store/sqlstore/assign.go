package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"sitrep/internal/doc"
	"sitrep/internal/store"
)

// Story assignment by many writers (store.StoryAssignStore): PutStory takes
// the story lock at the start of Put's transaction, so that between one
// writer's look at the stored documents and the commit of its document no
// other writer's document can be stored, and keeps what the assigner read
// of the document in story_inputs (migration 10) for the other writers to
// catch up from.

var _ store.StoryAssignStore = (*Store)(nil)

// storyLock is the key of the PostgreSQL advisory lock story assignment
// holds ("sitrep stories").
const storyLock = 0x73746f72696573

// PutStory stores d with the story a decides for it under the story lock.
func (s *Store) PutStory(ctx context.Context, d *doc.Document, a store.StoryAssigner) (bool, error) {
	return s.put(ctx, d, a)
}

// assignStory runs at the start of PutStory's transaction: it takes the
// story lock, reports a document already stored, catches a up and has it
// assign d. It returns the input to keep in story_inputs.
func (s *Store) assignStory(ctx context.Context, tx *sql.Tx, d *doc.Document, a store.StoryAssigner) (stored bool, input string, err error) {
	lock := `DELETE FROM story_inputs WHERE doc_id < 0` // any write takes SQLite's one write lock
	if s.dialect.Name == Postgres.Name {
		lock = fmt.Sprintf(`SELECT pg_advisory_xact_lock(%d)`, storyLock)
	}
	if _, err := tx.ExecContext(ctx, lock); err != nil {
		return false, "", fmt.Errorf("story lock: %w", err)
	}
	var one int
	err = tx.QueryRowContext(ctx, s.q(`SELECT 1 FROM documents WHERE hash = ?`), d.Hash).Scan(&one)
	if err == nil {
		return true, "", nil
	}
	if err != sql.ErrNoRows {
		return false, "", fmt.Errorf("story: %w", err)
	}
	docs, err := s.storyInputs(ctx, tx, a.Last(), storyCatchUp)
	if err != nil {
		return false, "", err
	}
	if len(docs) > 0 {
		a.CatchUp(docs)
	}
	return false, a.Assign(d), nil
}

// storyCatchUp bounds the documents an assigner catches up with at once:
// one that fell further behind reads only the newest, as at start-up.
const storyCatchUp = 20000

// keepStoryInput records what the assigner read of the document stored as
// docID.
func (s *Store) keepStoryInput(ctx context.Context, tx *sql.Tx, docID int64, input string) error {
	if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO story_inputs (doc_id, input) VALUES (?, ?)`), docID, input); err != nil {
		return fmt.Errorf("story input: %w", err)
	}
	return nil
}

// StoryInputs returns the last n documents given a story after id after,
// oldest first.
func (s *Store) StoryInputs(ctx context.Context, after int64, n int) ([]store.StoryInput, error) {
	return s.storyInputs(ctx, s.rdb, after, n)
}

func (s *Store) storyInputs(ctx context.Context, q querier, after int64, n int) ([]store.StoryInput, error) {
	rows, err := q.QueryContext(ctx, s.q(`SELECT d.id, d.hash, d.path, d.title, d.outlet, d.published, d.text,
		d.story, d.duplicate_of, COALESCE(i.input, '')
		FROM documents d LEFT JOIN story_inputs i ON i.doc_id = d.id
		WHERE d.story <> '' AND d.id > ? ORDER BY d.id DESC LIMIT ?`), after, n)
	if err != nil {
		return nil, fmt.Errorf("story inputs: %w", err)
	}
	var out []store.StoryInput
	missing := map[int64]*doc.Document{}
	minMissing := int64(-1)
	for rows.Next() {
		in := store.StoryInput{Doc: new(doc.Document)}
		d := in.Doc
		if err := rows.Scan(&in.ID, &d.Hash, &d.Path, &d.Title, &d.Outlet, &d.Published, &d.Text, &d.Story,
			&d.DuplicateOf, &in.Input); err != nil {
			rows.Close()
			return nil, fmt.Errorf("story inputs: %w", err)
		}
		if in.Input == "" {
			missing[in.ID] = d
			minMissing = in.ID
		}
		out = append(out, in)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("story inputs: %w", err)
	}
	if len(missing) > 0 {
		// Documents stored without PutStory: their entities as stored.
		if err := s.windowEntities(ctx, q, minMissing, missing); err != nil {
			return nil, fmt.Errorf("story inputs: %w", err)
		}
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out, nil
}

// windowEntities adds to the documents of byID (by id, all at or above
// minID) their stored entities: name, type, the key annotate gave and as
// many name mentions as they had.
func (s *Store) windowEntities(ctx context.Context, q querier, minID int64, byID map[int64]*doc.Document) error {
	rows, err := q.QueryContext(ctx, s.q(`SELECT doc_id, name, type, okey, mentions FROM entities
		WHERE doc_id >= ? ORDER BY doc_id, idx`), minID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var e doc.Entity
		var typ string
		var mentions int
		if err := rows.Scan(&id, &e.Name, &typ, &e.Key, &mentions); err != nil {
			return err
		}
		d := byID[id]
		if d == nil {
			continue
		}
		e.Type = doc.EntityType(typ)
		e.Mentions = make([]doc.Mention, min(mentions, 1000))
		d.Entities = append(d.Entities, e)
	}
	return rows.Err()
}
