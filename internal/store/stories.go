package store

import (
	"context"
)

// StoryStore is implemented by stores that keep document stories: the
// documents that report one real-world happening, as the story clusterer
// assigns them (doc.Document.Story and DuplicateOf, set before Put).
type StoryStore interface {
	// Stories lists stories, most recently seen first.
	Stories(ctx context.Context, f StoryFilter) ([]StoryRow, error)
	// Story returns one story with its documents, outlets and top actors,
	// or ErrNotFound.
	Story(ctx context.Context, id string) (StoryRow, error)
	// DocumentStories returns the stories of the documents with the given
	// ids, by document id, each with its outlets (not its documents or
	// actors); documents without a story are left out.
	DocumentStories(ctx context.Context, docIDs []int64) (map[int64]StoryRow, error)
}

// StoryFilter selects stories. The zero value selects all.
type StoryFilter struct {
	// Since and Until bound the last publication date (YYYY-MM-DD).
	Since, Until string
	// MinArticles keeps stories with at least this many articles.
	MinArticles int
	Limit       int
	Offset      int
}

// StoryRow is a document story.
type StoryRow struct {
	ID string `json:"id"`
	// Headline is the title of the story's first document.
	Headline string `json:"headline"`
	// FirstSeen and LastSeen are the earliest and latest publication dates
	// of its documents ("" when none had one).
	FirstSeen string `json:"first_seen"`
	LastSeen  string `json:"last_seen"`
	// Articles counts its documents, near-duplicates included; Duplicates
	// counts those that copy an earlier one; Sources its distinct outlets.
	Articles   int `json:"articles"`
	Duplicates int `json:"duplicates"`
	Sources    int `json:"sources"`
	// Outlets, Actors and Documents are filled by Story only.
	Outlets   []StoryOutlet   `json:"outlets,omitempty"`
	Actors    []StoryActor    `json:"actors,omitempty"`
	Documents []StoryDocument `json:"documents,omitempty"`
}

// StoryOutlet is one outlet of a story and how many of its articles it gave.
type StoryOutlet struct {
	Outlet   string `json:"outlet"`
	Articles int    `json:"articles"`
}

// StoryActor is one of a story's most mentioned entities.
type StoryActor struct {
	Name      string `json:"name"`
	Type      string `json:"type"`
	Country   string `json:"country"`
	Documents int    `json:"documents"`
	Mentions  int    `json:"mentions"`
}

// StoryDocument is one document of a story, in publication order.
type StoryDocument struct {
	ID          int64  `json:"id"`
	Title       string `json:"title"`
	Outlet      string `json:"outlet"`
	Published   string `json:"published"`
	URL         string `json:"url"`
	Path        string `json:"path"`
	DuplicateOf string `json:"duplicate_of"`
}
