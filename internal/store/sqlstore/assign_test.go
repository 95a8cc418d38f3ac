package sqlstore_test

import (
	"context"
	"path/filepath"
	"testing"

	"sitrep/internal/doc"
	"sitrep/internal/store"
	"sitrep/internal/store/sqlstore"
	"sitrep/internal/store/storetest"
)

// recorder is a store.StoryAssigner that gives every document the story
// "x" + its path and records what the store told it.
type recorder struct {
	last     int64
	caughtUp []store.StoryInput
	assigned []string
	stored   []int64
	lost     int
}

func (r *recorder) Last() int64 { return r.last }
func (r *recorder) CatchUp(docs []store.StoryInput) {
	r.caughtUp = append(r.caughtUp, docs...)
	r.last = docs[len(docs)-1].ID
}
func (r *recorder) Assign(d *doc.Document) string {
	d.Story = "x" + d.Path
	r.assigned = append(r.assigned, d.Path)
	return `{"kept":"` + d.Path + `"}`
}
func (r *recorder) Stored(d *doc.Document, id int64) { r.stored = append(r.stored, id); r.last = id }
func (r *recorder) Lost(d *doc.Document)             { r.lost++ }

// TestPutStory checks the store's side of story assignment by many
// writers: an assigner sees each document another stored once, with what
// that one's assigner kept; a document already stored is never assigned.
func TestPutStory(t *testing.T) {
	for name, url := range map[string]func(t *testing.T) string{
		"sqlite":   func(t *testing.T) string { return "sqlite:" + filepath.Join(t.TempDir(), "s.db") },
		"postgres": freshPostgres,
	} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			st, err := sqlstore.Open(ctx, url(t))
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			a, b := &recorder{}, &recorder{}
			d1, d2 := storetest.Sample(1), storetest.Sample(2)
			if added, err := st.PutStory(ctx, d1, a); err != nil || !added {
				t.Fatalf("PutStory(d1) = %v, %v", added, err)
			}
			if added, err := st.PutStory(ctx, storetest.Sample(1), b); err != nil || added {
				t.Fatalf("PutStory(d1 again) = %v, %v; want false", added, err)
			}
			if len(b.assigned) != 0 || len(b.caughtUp) != 0 {
				t.Errorf("a document already stored was given to the assigner: %+v", b)
			}
			if _, err := st.PutStory(ctx, d2, b); err != nil {
				t.Fatal(err)
			}
			if len(b.caughtUp) != 1 || b.caughtUp[0].Doc.Story != "x"+d1.Path || b.caughtUp[0].Input != `{"kept":"`+d1.Path+`"}` ||
				b.caughtUp[0].ID != a.stored[0] {
				t.Errorf("second writer caught up with %+v, want d1 as the first kept it", b.caughtUp)
			}
			if len(a.stored) != 1 || len(b.stored) != 1 || b.stored[0] <= a.stored[0] || a.lost+b.lost != 0 {
				t.Errorf("stored %v and %v, lost %d", a.stored, b.stored, a.lost+b.lost)
			}
			// The first writer catches up with the second's document only.
			if _, err := st.PutStory(ctx, storetest.Sample(3), a); err != nil {
				t.Fatal(err)
			}
			if len(a.caughtUp) != 1 || a.caughtUp[0].Doc.Hash != d2.Hash {
				t.Errorf("first writer caught up with %+v, want d2 only", a.caughtUp)
			}
			rows, err := st.Stories(ctx, store.StoryFilter{})
			if err != nil || len(rows) != 3 {
				t.Errorf("Stories = %+v, %v; want the 3 assigned", rows, err)
			}
		})
	}
}
