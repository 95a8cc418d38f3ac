// Package reading scores annotated documents against a hand-made reading of
// them: the title, outlet and date a person reads off the page, the text that
// must and must not survive cleaning, and the entities, times, quotes and
// events a careful analyst would record. Each expectation is met or not;
// the score is the share met, per kind.
package reading

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"sitrep/internal/doc"
)

// Entity expects an entity with this canonical name and country (and, when
// given, type and role).
type Entity struct {
	Name    string `json:"name"`
	Country string `json:"country"`
	Type    string `json:"type,omitempty"`
	Role    string `json:"role,omitempty"`
}

// Time expects a time expression with this text resolved to this value.
type Time struct {
	Text  string `json:"text"`
	Value string `json:"value"`
}

// Quote expects a quote starting with these words, by this speaker.
type Quote struct {
	Starts  string `json:"starts"`
	Speaker string `json:"speaker"`
	Direct  bool   `json:"direct"`
}

// Event expects an event of one of Types whose actor (and recipient, when
// given) has this country code or canonical name; Date, Negated and
// Modality are checked when given.
type Event struct {
	Types     []string `json:"types"`
	Actor     string   `json:"actor"`
	Recipient string   `json:"recipient,omitempty"`
	Date      string   `json:"date,omitempty"`
	Negated   *bool    `json:"negated,omitempty"`
	Modality  *string  `json:"modality,omitempty"`
}

// Expectation is the hand-made reading of one document.
type Expectation struct {
	// Assume is the publication date to give the document as --published
	// would, "" for none.
	Assume       string   `json:"assume_published,omitempty"`
	Title        string   `json:"title"`
	Outlet       string   `json:"outlet"`
	Published    string   `json:"published"`
	TextContains []string `json:"text_contains"`
	TextLacks    []string `json:"text_lacks"`
	Entities     []Entity `json:"entities"`
	Times        []Time   `json:"times"`
	Quotes       []Quote  `json:"quotes"`
	Events       []Event  `json:"events"`
}

// Parse reads a JSON object mapping document names to expectations.
func Parse(data []byte) (map[string]Expectation, error) {
	var m map[string]Expectation
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("reading: %w", err)
	}
	return m, nil
}

// Kinds of expectation, in report order.
var Kinds = []string{"meta", "text", "entities", "times", "quotes", "events"}

// Tally counts met expectations of one kind.
type Tally struct{ Met, Total int }

// Share is Met/Total, 1 when there is nothing to meet.
func (t Tally) Share() float64 {
	if t.Total == 0 {
		return 1
	}
	return float64(t.Met) / float64(t.Total)
}

// Result is the score of one or more documents.
type Result struct {
	Tallies map[string]Tally
	// Misses describes every expectation not met.
	Misses []string
}

// Add merges o into r.
func (r *Result) Add(o Result) {
	if r.Tallies == nil {
		r.Tallies = map[string]Tally{}
	}
	for k, t := range o.Tallies {
		a := r.Tallies[k]
		r.Tallies[k] = Tally{a.Met + t.Met, a.Total + t.Total}
	}
	r.Misses = append(r.Misses, o.Misses...)
}

// Overall is the tally over every kind.
func (r Result) Overall() Tally {
	var t Tally
	for _, k := range r.Tallies {
		t.Met += k.Met
		t.Total += k.Total
	}
	return t
}

// Score checks d against x. name prefixes the misses.
func Score(name string, d *doc.Document, x Expectation) Result {
	r := Result{Tallies: map[string]Tally{}}
	check := func(kind string, ok bool, format string, args ...any) {
		t := r.Tallies[kind]
		t.Total++
		if ok {
			t.Met++
		} else {
			r.Misses = append(r.Misses, name+": "+kind+": "+fmt.Sprintf(format, args...))
		}
		r.Tallies[kind] = t
	}
	check("meta", d.Title == x.Title, "title %q, want %q", d.Title, x.Title)
	check("meta", d.Outlet == x.Outlet, "outlet %q, want %q", d.Outlet, x.Outlet)
	check("meta", d.Published == x.Published, "published %q, want %q", d.Published, x.Published)
	for _, s := range x.TextContains {
		check("text", strings.Contains(d.Text, s), "text lacks %q", s)
	}
	for _, s := range x.TextLacks {
		check("text", !strings.Contains(d.Text, s), "text still has %q", s)
	}
	for _, want := range x.Entities {
		check("entities", hasEntity(d, want), "no entity %+v", want)
	}
	for _, want := range x.Times {
		check("times", hasTime(d, want), "no time %q = %s", want.Text, want.Value)
	}
	for _, want := range x.Quotes {
		check("quotes", hasQuote(d, want), "no quote %q by %s", want.Starts, want.Speaker)
	}
	for _, want := range x.Events {
		check("events", hasEvent(d, want), "no event %s", describe(want))
	}
	return r
}

func hasEntity(d *doc.Document, want Entity) bool {
	for _, e := range d.Entities {
		if e.Name == want.Name && e.Country == want.Country &&
			(want.Type == "" || string(e.Type) == want.Type) &&
			(want.Role == "" || strings.EqualFold(e.Role, want.Role)) {
			return true
		}
	}
	return false
}

func hasTime(d *doc.Document, want Time) bool {
	for _, t := range d.Times {
		if strings.Contains(t.In(d.Text), want.Text) && t.Value == want.Value {
			return true
		}
	}
	return false
}

func hasQuote(d *doc.Document, want Quote) bool {
	for _, q := range d.Quotes {
		if q.Direct != want.Direct || !strings.HasPrefix(strings.TrimSpace(q.In(d.Text)), want.Starts) {
			continue
		}
		if q.Speaker >= 0 && q.Speaker < len(d.Entities) && d.Entities[q.Speaker].Name == want.Speaker {
			return true
		}
	}
	return false
}

// matches reports whether entity i is code: its country code or its name.
func matches(d *doc.Document, i int, code string) bool {
	if i < 0 || i >= len(d.Entities) {
		return false
	}
	e := d.Entities[i]
	return (e.Country != "" && e.Country == code) || e.Name == code
}

func anyMatches(d *doc.Document, ix []int, code string) bool {
	for _, i := range ix {
		if matches(d, i, code) {
			return true
		}
	}
	return false
}

func hasEvent(d *doc.Document, want Event) bool {
	for _, e := range d.Events {
		typeOK := false
		for _, t := range want.Types {
			typeOK = typeOK || string(e.Type) == t
		}
		if !typeOK || !anyMatches(d, e.Actors, want.Actor) {
			continue
		}
		if want.Recipient != "" && !anyMatches(d, e.Recipients, want.Recipient) {
			continue
		}
		if want.Date != "" && e.Date != want.Date {
			continue
		}
		if want.Negated != nil && e.Negated != *want.Negated {
			continue
		}
		if want.Modality != nil && string(e.Modality) != *want.Modality {
			continue
		}
		return true
	}
	return false
}

func describe(e Event) string {
	s := strings.Join(e.Types, "|") + " " + e.Actor
	if e.Recipient != "" {
		s += " -> " + e.Recipient
	}
	if e.Date != "" {
		s += " on " + e.Date
	}
	if e.Negated != nil && *e.Negated {
		s += " (negated)"
	}
	if e.Modality != nil {
		s += " (" + *e.Modality + ")"
	}
	return s
}

// Print writes the per-kind table of r and, if verbose, every miss.
func Print(w io.Writer, r Result, verbose bool) {
	fmt.Fprintf(w, "%-10s %5s %5s %7s\n", "kind", "met", "of", "share")
	for _, k := range Kinds {
		t, ok := r.Tallies[k]
		if !ok {
			continue
		}
		fmt.Fprintf(w, "%-10s %5d %5d %6.1f%%\n", k, t.Met, t.Total, 100*t.Share())
	}
	o := r.Overall()
	fmt.Fprintf(w, "%-10s %5d %5d %6.1f%%\n", "overall", o.Met, o.Total, 100*o.Share())
	if verbose && len(r.Misses) > 0 {
		misses := append([]string(nil), r.Misses...)
		sort.Strings(misses)
		fmt.Fprintln(w, "\nmissed:")
		for _, m := range misses {
			fmt.Fprintln(w, "  "+m)
		}
	}
}
