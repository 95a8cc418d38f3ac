package events

import (
	"context"
	"testing"

	"sitrep/internal/doc"
)

// TestControlRequests codes invented hand-parsed sentences with the trained
// coder: an act another party is wanted or urged to do ("X wants Y to V")
// is a REQUEST X -> Y at the desire verb, which absorbs the act; a verb
// that is no desire verb ("helped Y to V") adds no request.
func TestControlRequests(t *testing.T) {
	sentence := func(verb string) []tok {
		return []tok{{"Obama", "PROPN", 1, "nsubj"}, {verb, "VERB", -1, "root"}, {"Putin", "PROPN", 1, "obj"},
			{"to", "PART", 4, "mark"}, {"attack", "VERB", 1, "xcomp"}, {"Switzerland", "PROPN", 4, "obj"},
			{".", "PUNCT", 1, "punct"}}
	}
	ents := map[[2]int]string{{0, 0}: "Obama", {0, 2}: "Putin", {0, 5}: "Switzerland"}
	code := func(verb string) (*doc.Document, []doc.Event) {
		d := parsedDoc([][]tok{sentence(verb)}, ents)
		if err := New().Process(context.Background(), d); err != nil {
			t.Fatal(err)
		}
		return d, d.Events
	}
	name := func(d *doc.Document, ix []int) string {
		if len(ix) != 1 {
			return ""
		}
		return d.Entities[ix[0]].Name
	}
	for _, verb := range []string{"wants", "wished"} {
		d, evs := code(verb)
		ok := false
		for _, e := range evs {
			t.Logf("%s: %s %q %s -> %s %q", verb, e.Type, d.Text[e.Trigger.Start:e.Trigger.End], name(d, e.Actors),
				name(d, e.Recipients), e.Modality)
			if e.Type == doc.REQUEST && name(d, e.Actors) == "Obama" && name(d, e.Recipients) == "Putin" &&
				d.Text[e.Trigger.Start:e.Trigger.End] == verb {
				ok = true
			}
			if e.Type == doc.ASSAULT && e.Modality == doc.Asserted {
				t.Errorf("%s: the wanted attack is coded as asserted", verb)
			}
		}
		if !ok {
			t.Errorf("%s: no REQUEST Obama -> Putin at the desire verb", verb)
		}
	}
	// Coordinated objects after a comma: the attack is not absorbed by the
	// request; it is Putin's (object control), and hypothetical.
	d := parsedDoc([][]tok{{{"Obama", "PROPN", 1, "nsubj"}, {"wants", "VERB", -1, "root"}, {"Putin", "PROPN", 1, "obj"},
		{",", "PUNCT", 4, "punct"}, {"Assad", "PROPN", 2, "conj"}, {"and", "CCONJ", 6, "cc"}, {"Erdogan", "PROPN", 2, "conj"},
		{"to", "PART", 8, "mark"}, {"attack", "VERB", 1, "xcomp"}, {"Switzerland", "PROPN", 8, "obj"},
		{".", "PUNCT", 1, "punct"}}}, map[[2]int]string{{0, 0}: "Obama", {0, 2}: "Putin", {0, 4}: "Assad",
		{0, 6}: "Erdogan", {0, 9}: "Switzerland"})
	if err := New().Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	attack := false
	for _, e := range d.Events {
		t.Logf("coordinated: %s %q %v -> %v %q", e.Type, d.Text[e.Trigger.Start:e.Trigger.End], e.Actors, e.Recipients, e.Modality)
		if e.Type == doc.ASSAULT {
			attack = true
			if e.Modality != doc.Hypothetical || len(e.Actors) == 0 || d.Entities[e.Actors[0]].Name != "Putin" {
				t.Errorf("coordinated: the wanted attack is not Putin's and hypothetical")
			}
		}
	}
	if !attack {
		t.Error("coordinated: the attack after the comma was not coded")
	}
	d, evs := code("helped")
	for _, e := range evs {
		if e.Type == doc.REQUEST {
			t.Errorf("helped: coded REQUEST %q", d.Text[e.Trigger.Start:e.Trigger.End])
		}
	}
}
