package actors

import (
	"context"
	"strings"
	"unicode"

	"sitrep/internal/doc"
)

// Media is the stage that keeps news outlets and agencies out of the
// events they report. An entity of sector MED (the BBC, Reuters, Xinhua:
// orgs.tsv) is a source of reports, not a party to the events in them:
// "Mr Clarke told BBC Radio 4's Today programme he ..." is not an event of
// the BBC's. It stays a party only where the text makes it act: a mention
// of it in the event's sentence is followed by a verb of its own that is
// not a verb of reporting ("the BBC apologised", "Reuters has sued").
//
// It runs after the event coder and changes only Event.Actors,
// Event.Recipients and Event.Partners.
type Media struct{}

// NewMedia returns the media stage.
func NewMedia() Media { return Media{} }

// Name returns "media".
func (Media) Name() string { return "media" }

// Process removes media entities from the parties of d's events where
// they do not act.
func (Media) Process(ctx context.Context, d *doc.Document) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	media := map[int]bool{}
	for i, e := range d.Entities {
		if e.Sector == "MED" {
			media[i] = true
		}
	}
	if len(media) == 0 {
		return nil
	}
	kept := d.Events[:0]
	newIndex := make([]int, len(d.Events)) // Linked indexes the events: renumbered below
	for ei := range d.Events {
		newIndex[ei] = doc.None
		ev := d.Events[ei]
		keep := func(i int) bool { return !media[i] || acts(d, d.Entities[i], ev.Span) }
		ev.Actors = filterParties(ev.Actors, keep)
		ev.Recipients = filterParties(ev.Recipients, keep)
		ev.Partners = filterParties(ev.Partners, keep)
		// An event whose only party was the outlet reporting it has no
		// actor and no recipient left: it is no event (the coder's rule).
		if len(ev.Actors) == 0 && len(ev.Recipients) == 0 {
			continue
		}
		newIndex[ei] = len(kept)
		kept = append(kept, ev)
	}
	for i := range kept {
		if l := kept[i].Linked; l >= 0 && l < len(newIndex) {
			kept[i].Linked = newIndex[l]
		}
	}
	d.Events = kept
	return nil
}

func filterParties(ix []int, keep func(int) bool) []int {
	out := ix[:0:0]
	for _, i := range ix {
		if keep(i) {
			out = append(out, i)
		}
	}
	if len(out) == 0 && ix != nil {
		return []int{}
	}
	return out
}

// reportingVerbs are what an outlet does as a source, not as an actor.
var reportingVerbs = map[string]bool{"reported": true, "reports": true, "said": true, "says": true,
	"understands": true, "learned": true, "learnt": true, "revealed": true, "reveals": true, "quoted": true,
	"quotes": true, "cited": true, "cites": true, "added": true, "asked": true, "showed": true, "shows": true,
	"obtained": true, "published": true, "broadcast": true, "aired": true, "carried": true, "found": true,
	"news": true, "radio": true, "one": true, "two": true, "world": true, "website": true, "online": true,
	"today": true, "programme": true, "program": true, "service": true}

// auxiliaries may stand between an outlet and its verb.
var auxiliaries = map[string]bool{"has": true, "have": true, "had": true, "was": true, "is": true,
	"will": true, "would": true, "did": true, "also": true, "later": true}

// acts reports whether a mention of media entity e inside span is
// followed by a verb of its own that is not a verb of reporting.
func acts(d *doc.Document, e doc.Entity, span doc.Span) bool {
	for _, m := range e.Mentions {
		// Only names: a pronoun linked to an outlet ("they asked") is too
		// weak a reason to make it a party.
		if m.Start < span.Start || m.End > span.End || m.End > len(d.Text) ||
			m.Kind != doc.MentionName && m.Kind != doc.MentionAcronym {
			continue
		}
		rest := d.Text[m.End:min(len(d.Text), span.End)]
		words := strings.FieldsFunc(rest, func(r rune) bool { return unicode.IsSpace(r) || r == ',' })
		for k := 0; k < len(words) && k < 3; k++ {
			w := strings.ToLower(strings.Trim(words[k], `"'.;:!?()`))
			if k == 0 && (strings.HasPrefix(words[k], "'") || strings.HasPrefix(words[k], "’")) {
				break // "BBC's Today programme": a possessive, no verb
			}
			if auxiliaries[w] {
				continue
			}
			if reportingVerbs[w] {
				break
			}
			if len(w) > 3 && (strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "sed")) {
				return true
			}
			break
		}
	}
	return false
}
