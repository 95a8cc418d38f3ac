package cli

import "sitrep/internal/store"

// viewUsage describes the --view flag of the commands that count events by
// actor (events, actors, export).
const viewUsage = "rolled (a party with a country counts toward its state: --actor USA takes in Kerry) " +
	"or exact (every actor on its own, by its key: --actor \"john kerry\")"

// parseViewFlag reads --view.
func parseViewFlag(s string) (store.View, error) {
	v, err := store.ParseView(s)
	if err != nil {
		return v, usageErr("--%v", err)
	}
	return v, nil
}

// viewedEvent is an event as `sitrep events` prints it: with the view its
// actor and recipient codes were matched in.
type viewedEvent struct {
	store.EventRow
	View string
}

// viewedActor is an actor as `sitrep actors` prints it: with the node it
// counts toward in the view (its key, or its state), and the view.
type viewedActor struct {
	store.ActorRow
	Node string
	View string
}
