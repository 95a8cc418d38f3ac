package server

import (
	"fmt"
	"net/http"

	"sitrep/internal/store"
)

// The story pages: stories are the documents that report one real-world
// happening, as the story clusterer assigned them at ingest.

// storyStore is the server's store as a store.StoryStore, or an error page
// reason when it keeps no stories.
func (s *Server) storyStore() (store.StoryStore, error) {
	ss, ok := s.st.(store.StoryStore)
	if !ok {
		return nil, fmt.Errorf("stories: %w", store.ErrNotFound)
	}
	return ss, nil
}

func (s *Server) pageStories(w http.ResponseWriter, r *http.Request) {
	p := params{r: r}
	offset := p.int("offset", 0, 0)
	min := p.int("min", 1, 0)
	if p.err != nil {
		s.pageError(w, r, p.err)
		return
	}
	ss, err := s.storyStore()
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	rows, err := ss.Stories(r.Context(), store.StoryFilter{MinArticles: min, Limit: pageSize, Offset: offset})
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "stories", view{Title: "Stories", Nav: "stories",
		Data: map[string]any{"Stories": rows, "Min": min, "Offset": offset, "More": len(rows) == pageSize}})
}

// storyEventDocs bounds the documents whose events a story page lists.
const storyEventDocs = 20

func (s *Server) pageStory(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("id")
	if id == "" {
		http.Redirect(w, r, "/stories", http.StatusMovedPermanently)
		return
	}
	ss, err := s.storyStore()
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	st, err := ss.Story(r.Context(), id)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	type actor struct {
		store.StoryActor
		Code string
	}
	var actors []actor
	for _, a := range st.Actors {
		actors = append(actors, actor{a, store.Party{Name: a.Name, Country: a.Country, Type: a.Type}.Code()})
	}
	// Events of the original documents (a copy's are its original's),
	// each with its story-event counts: mentions, articles, sources.
	var events []store.EventRow
	n := 0
	for _, d := range st.Documents {
		if d.DuplicateOf != "" || n >= storyEventDocs {
			continue
		}
		n++
		evs, err := s.st.Events(r.Context(), store.EventFilter{Document: d.ID, Limit: 50})
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		events = append(events, evs...)
	}
	title := st.Headline
	if title == "" {
		title = "Story " + st.ID
	}
	s.render(w, r, http.StatusOK, "story", view{Title: title, Nav: "stories",
		Data: map[string]any{"Story": st, "Title": title, "Actors": actors, "Events": events}})
}
