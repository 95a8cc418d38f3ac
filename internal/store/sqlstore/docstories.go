package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"sitrep/internal/store"
)

// DocumentStories returns the stories of the documents docIDs, with their
// outlets, in two queries however many documents: what a page of search
// hits needs to group them by story.
func (s *Store) DocumentStories(ctx context.Context, docIDs []int64) (map[int64]store.StoryRow, error) {
	out := map[int64]store.StoryRow{}
	if len(docIDs) == 0 {
		return out, nil
	}
	args := make([]any, len(docIDs))
	for i, id := range docIDs {
		args[i] = id
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(docIDs)), ", ")
	rows, err := s.rdb.QueryContext(ctx, s.q(`SELECT d.id, t.id, t.headline, t.first_seen, t.last_seen, t.articles, t.duplicates, t.sources
		FROM documents d JOIN stories t ON t.id = d.story WHERE d.id IN (`+marks+`)`), args...)
	if err != nil {
		return nil, fmt.Errorf("document stories: %w", err)
	}
	byStory := map[string]*store.StoryRow{}
	docOf := map[int64]string{}
	for rows.Next() {
		var id int64
		var r store.StoryRow
		if err := rows.Scan(&id, &r.ID, &r.Headline, &r.FirstSeen, &r.LastSeen, &r.Articles, &r.Duplicates, &r.Sources); err != nil {
			rows.Close()
			return nil, fmt.Errorf("document stories: %w", err)
		}
		docOf[id] = r.ID
		if byStory[r.ID] == nil {
			byStory[r.ID] = &r
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("document stories: %w", err)
	}
	if len(byStory) > 0 {
		ids := make([]any, 0, len(byStory))
		for id := range byStory {
			ids = append(ids, id)
		}
		marks := strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ")
		rows, err := s.rdb.QueryContext(ctx, s.q(`SELECT story, outlet, articles FROM story_outlets
			WHERE story IN (`+marks+`) ORDER BY story, articles DESC, outlet`), ids...)
		if err != nil {
			return nil, fmt.Errorf("document stories: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var story string
			var o store.StoryOutlet
			if err := rows.Scan(&story, &o.Outlet, &o.Articles); err != nil {
				return nil, fmt.Errorf("document stories: %w", err)
			}
			r := byStory[story]
			r.Outlets = append(r.Outlets, o)
		}
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("document stories: %w", err)
		}
	}
	for id, story := range docOf {
		out[id] = *byStory[story]
	}
	return out, nil
}
