package storetest

import (
	"context"
	"errors"
	"testing"

	"sitrep/internal/doc"
	"sitrep/internal/store"
)

// RunStories checks a store.StoryStore: document stories count articles,
// copies and outlets, and a near-duplicate never counts its events twice.
// open returns a fresh, empty store.
func RunStories(t *testing.T, open func(t *testing.T) store.Store) {
	ctx := context.Background()
	s := open(t)
	ss, ok := s.(store.StoryStore)
	if !ok {
		t.Skip("store keeps no stories")
	}
	first, copy1, second, other := Sample(1), Sample(2), Sample(3), Sample(4)
	first.Story, copy1.Story, second.Story, other.Story = "sA", "sA", "sA", "sB"
	copy1.Outlet, copy1.DuplicateOf, copy1.Published = "Reuters", first.Hash, "2017-01-25"
	other.Title = "Other"
	for _, d := range []*doc.Document{first, copy1, second, other} {
		if _, err := s.Put(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	rows, err := ss.Stories(ctx, store.StoryFilter{MinArticles: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 {
		t.Fatalf("Stories(min 2 articles) = %+v, want sA only", rows)
	}
	want := store.StoryRow{ID: "sA", Headline: "Sample", FirstSeen: "2017-01-24", LastSeen: "2017-01-25",
		Articles: 3, Duplicates: 1, Sources: 2}
	if rows[0].ID != want.ID || rows[0].Headline != want.Headline || rows[0].FirstSeen != want.FirstSeen ||
		rows[0].LastSeen != want.LastSeen || rows[0].Articles != want.Articles || rows[0].Duplicates != want.Duplicates ||
		rows[0].Sources != want.Sources {
		t.Errorf("story = %+v, want %+v", rows[0], want)
	}
	st, err := ss.Story(ctx, "sA")
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Documents) != 3 || len(st.Outlets) != 2 || st.Outlets[0].Outlet != "Xinhua" || st.Outlets[0].Articles != 2 {
		t.Errorf("story documents %+v, outlets %+v", st.Documents, st.Outlets)
	}
	if len(st.Actors) == 0 || st.Actors[0].Documents != 2 {
		t.Errorf("story actors %+v: want the entities of the two originals", st.Actors)
	}
	if _, err := ss.Story(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Story(absent) error %v, want ErrNotFound", err)
	}
	// The copy's events are not listed again, and add its outlet but no
	// mention or article to the events they repeat.
	evs, err := s.Events(ctx, store.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 6 {
		t.Fatalf("%d events listed, want 6 (two for each of three originals)", len(evs))
	}
	for _, e := range evs {
		if e.DocumentID == 0 || e.Path == copy1.Path {
			t.Errorf("event of the copy listed: %+v", e)
		}
	}
	// Every sample's v1 has the same type, date and parties: one story
	// event, reported by three originals and the copy.
	found := false
	for _, e := range evs {
		if e.Path == first.Path && e.EventID == "v1" {
			found = true
			if e.Articles != 3 || e.Mentions != 3 || e.Sources != 2 {
				t.Errorf("story event counts: %d mentions, %d articles, %d sources; want 3, 3, 2 (the copy adds only its outlet)",
					e.Mentions, e.Articles, e.Sources)
			}
		}
	}
	if !found {
		t.Error("first sample's event v1 not listed")
	}
	// The stories of a few documents, by document id, with their outlets.
	firstID, err := s.DocumentID(ctx, first.Hash)
	if err != nil {
		t.Fatal(err)
	}
	otherID, err := s.DocumentID(ctx, other.Hash)
	if err != nil {
		t.Fatal(err)
	}
	byDoc, err := ss.DocumentStories(ctx, []int64{firstID, otherID, 1 << 40})
	if err != nil {
		t.Fatal(err)
	}
	if len(byDoc) != 2 || byDoc[firstID].ID != "sA" || byDoc[firstID].Articles != 3 || len(byDoc[firstID].Outlets) != 2 ||
		byDoc[otherID].ID != "sB" || byDoc[otherID].Headline != "Other" {
		t.Errorf("DocumentStories = %+v", byDoc)
	}
	if none, err := ss.DocumentStories(ctx, nil); err != nil || len(none) != 0 {
		t.Errorf("DocumentStories(none) = %v, %v", none, err)
	}
	as, ok := s.(store.StoryAssignStore)
	if !ok {
		return
	}
	win, err := as.StoryInputs(ctx, 0, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(win) != 3 || win[0].Doc.Hash != copy1.Hash || win[0].Doc.DuplicateOf != first.Hash || win[2].Doc.Story != "sB" ||
		win[0].Input != "" || len(win[0].Doc.Entities) != len(copy1.Entities) || win[1].ID >= win[2].ID {
		t.Errorf("StoryInputs(0, 3) = %d documents, first %+v", len(win), win)
	}
	if later, err := as.StoryInputs(ctx, win[1].ID, 10); err != nil || len(later) != 1 || later[0].ID != win[2].ID {
		t.Errorf("StoryInputs(after the second last) = %+v, %v; want the last only", later, err)
	}
}
