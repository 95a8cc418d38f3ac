package server

import "sitrep/internal/store"

// storyEvent is one row of an evidence list: an event, with the other
// reports of its story event (the same happening reported by other
// articles) that the list holds merged into it.
type storyEvent struct {
	store.EventRow
	// Others are the other reports of the same story event in the list,
	// in list order.
	Others []store.EventRow
}

// byStory merges the events of a list that report one story event
// (EventRow.Story), keeping each at the place of its first report: an
// event five outlets reported is listed once, with its sources. Events
// stored before stories (Story 0) stay rows of their own.
func byStory(evs []store.EventRow) []storyEvent {
	out := make([]storyEvent, 0, len(evs))
	at := map[int64]int{}
	for _, e := range evs {
		if e.Story != 0 {
			if i, ok := at[e.Story]; ok {
				out[i].Others = append(out[i].Others, e)
				continue
			}
			at[e.Story] = len(out)
		}
		out = append(out, storyEvent{EventRow: e})
	}
	return out
}
