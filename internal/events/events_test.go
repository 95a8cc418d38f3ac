package events_test

import (
	"context"
	"strings"
	"testing"

	"sitrep/internal/doc"
	"sitrep/internal/events"
	"sitrep/internal/segment"
)

// ent is an entity of a hand-built document: every occurrence of each
// mention string is a mention.
type ent struct {
	name, country string
	mentions      []string
}

// tm is a time expression of a hand-built document (its first occurrence).
type tm struct {
	text, value string
	typ         doc.TimeType
}

// build makes a document as the upstream stages would leave it: segmented,
// with the given entities and times.
func build(t testing.TB, text, published string, ents []ent, times []tm) *doc.Document {
	t.Helper()
	d := &doc.Document{Text: text, Published: published}
	if err := segment.New().Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	for i, e := range ents {
		en := doc.Entity{ID: doc.EntityID(i), Name: e.name, Country: e.country, Type: doc.GPE}
		for _, m := range e.mentions {
			for off := 0; ; {
				k := strings.Index(text[off:], m)
				if k < 0 {
					break
				}
				en.Mentions = append(en.Mentions, doc.Mention{Span: doc.Span{Start: off + k, End: off + k + len(m)}})
				off += k + len(m)
			}
		}
		d.Entities = append(d.Entities, en)
	}
	for _, x := range times {
		k := strings.Index(text, x.text)
		if k < 0 {
			t.Fatalf("time %q not in text", x.text)
		}
		typ := x.typ
		if typ == "" {
			typ = doc.DATE
		}
		d.Times = append(d.Times, doc.Time{Span: doc.Span{Start: k, End: k + len(x.text)}, Type: typ, Value: x.value, Anchor: doc.None})
	}
	return d
}

// want describes an event that must be among the coded ones; empty fields
// are not checked.
type want struct {
	typ                       doc.EventType
	actor, recipient, partner string
	negated                   bool
	modality                  doc.Modality
	date                      string
	source                    string
}

func (w want) matches(d *doc.Document, e doc.Event) bool {
	has := func(ix []int, name string) bool {
		if name == "" {
			return true
		}
		for _, i := range ix {
			if d.Entities[i].Name == name {
				return true
			}
		}
		return false
	}
	if w.source != "" && (e.Source < 0 || d.Entities[e.Source].Name != w.source) {
		return false
	}
	return e.Type == w.typ && has(e.Actors, w.actor) && has(e.Recipients, w.recipient) &&
		has(e.Partners, w.partner) && e.Negated == w.negated && e.Modality == w.modality &&
		(w.date == "" || e.Date == w.date)
}

func dump(d *doc.Document) string {
	var b strings.Builder
	for _, e := range d.Events {
		b.WriteString("\n\t" + describe(d, e))
	}
	return b.String()
}

var (
	usa  = ent{"United States", "USA", []string{"United States", "US", "Washington"}}
	rus  = ent{"Russia", "RUS", []string{"Russia", "Moscow", "the Russian military"}}
	isis = ent{"Islamic State", "", []string{"Islamic State", "IS", "ISIS"}}
	iran = ent{"Iran", "IRN", []string{"Iran", "Iranians"}}
)

func TestCoder(t *testing.T) {
	tests := []struct {
		name      string
		text      string
		published string
		ents      []ent
		times     []tm
		opts      events.Options
		want      []want
		notTypes  []doc.EventType
	}{
		// Predicates of each family, actor before, recipient after.
		{name: "consult dated by its own expression", text: "Kerry met with Putin last month to discuss Syria.",
			published: "2016-08-12", ents: []ent{{"John Kerry", "USA", []string{"Kerry"}}, {"Vladimir Putin", "RUS", []string{"Putin"}}},
			times: []tm{{"last month", "2016-07", ""}},
			want:  []want{{typ: doc.CONSULT, actor: "John Kerry", recipient: "Vladimir Putin", date: "2016-07"}}},
		{name: "assault by passive agent", text: "The town of Juba was attacked by Sudanese rebels on Sunday.",
			published: "2000-01-04", ents: []ent{{"Juba", "SSD", []string{"Juba"}}, {"SPLA", "", []string{"Sudanese rebels"}}},
			times: []tm{{"Sunday", "2000-01-02", ""}},
			want:  []want{{typ: doc.ASSAULT, actor: "SPLA", recipient: "Juba", date: "2000-01-02"}}},
		{name: "threaten absorbs its complement", text: "Iran threatened to launch a new military offensive against Iraq.",
			ents:     []ent{iran, {"Iraq", "IRQ", []string{"Iraq"}}},
			want:     []want{{typ: doc.THREATEN, actor: "Iran", recipient: "Iraq"}},
			notTypes: []doc.EventType{doc.ASSAULT}},
		{name: "request", text: "Washington urged Iran to join the coalition.", ents: []ent{usa, iran},
			want: []want{{typ: doc.REQUEST, actor: "United States", recipient: "Iran"}}},
		{name: "accuse", text: "Zimbabwe accused the United States of blackmail.", ents: []ent{{"Zimbabwe", "ZWE", []string{"Zimbabwe"}}, usa},
			want: []want{{typ: doc.ACCUSE, actor: "Zimbabwe", recipient: "United States"}}},
		{name: "sanction", text: "The United States imposed sanctions on Iran.", ents: []ent{usa, iran},
			want: []want{{typ: doc.SANCTION, actor: "United States", recipient: "Iran"}}},
		{name: "coerce", text: "Ghana deported 168 Liberians.", ents: []ent{{"Ghana", "GHA", []string{"Ghana"}}, {"Liberia", "LBR", []string{"Liberians"}}},
			want: []want{{typ: doc.COERCE, actor: "Ghana", recipient: "Liberia"}}},
		{name: "mobilize", text: "Russia deployed troops in Syria.", ents: []ent{rus, {"Syria", "SYR", []string{"Syria"}}},
			want: []want{{typ: doc.MOBILIZE, actor: "Russia", recipient: "Syria"}}},
		{name: "protest", text: "Palestinian prisoners rioted against Israel.", ents: []ent{{"Palestine", "PSE", []string{"Palestinian"}}, {"Israel", "ISR", []string{"Israel"}}},
			want: []want{{typ: doc.PROTEST, actor: "Palestine", recipient: "Israel"}}},
		{name: "aid", text: "The United States continued to send arms to Pakistan.", ents: []ent{usa, {"Pakistan", "PAK", []string{"Pakistan"}}},
			want: []want{{typ: doc.AID, actor: "United States", recipient: "Pakistan"}}},
		{name: "retreat", text: "Bosnian Serb forces completed their withdrawal from Gorazde.", ents: []ent{{"Republika Srpska", "BIH", []string{"Bosnian Serb"}}},
			want: []want{{typ: doc.RETREAT, actor: "Republika Srpska"}}},
		{name: "concede", text: "Serbia lifted a night curfew in Montenegro.", ents: []ent{{"Serbia", "SRB", []string{"Serbia"}}, {"Montenegro", "MNE", []string{"Montenegro"}}},
			want: []want{{typ: doc.CONCEDE, actor: "Serbia", recipient: "Montenegro"}}},
		{name: "support", text: "Germany welcomed the statement of President Reagan.", ents: []ent{{"Germany", "DEU", []string{"Germany"}}, {"Ronald Reagan", "USA", []string{"President Reagan"}}},
			want: []want{{typ: doc.SUPPORT, actor: "Germany"}}},
		{name: "reject", text: "Bangladesh rejected an Indian proposal.", ents: []ent{{"Bangladesh", "BGD", []string{"Bangladesh"}}, {"India", "IND", []string{"Indian"}}},
			want: []want{{typ: doc.REJECT, actor: "Bangladesh", recipient: "India"}}},
		{name: "cooperate with partner as recipient", text: "Russia and Turkey will cooperate with Iran.", ents: []ent{rus, {"Turkey", "TUR", []string{"Turkey"}}, iran},
			want: []want{{typ: doc.COOPERATE, actor: "Turkey", recipient: "Iran", modality: doc.Future}, {typ: doc.COOPERATE, actor: "Russia", modality: doc.Future}}},

		// Polarity and modality.
		{name: "negated present", text: "The US is not coordinating air strikes with the Russian military in Syria.",
			ents: []ent{usa, rus}, want: []want{{typ: doc.COOPERATE, actor: "United States", recipient: "Russia", negated: true}},
			notTypes: []doc.EventType{doc.ASSAULT}},
		{name: "refused future is a rejection", text: "He said the US would not coordinate with the Iranians.",
			ents: []ent{usa, iran}, want: []want{{typ: doc.REJECT, actor: "United States", recipient: "Iran", modality: doc.Future}}},
		{name: "hypothetical under if", text: "If Russia is truly interested, the US would welcome that.",
			ents: []ent{rus, usa}, want: []want{{typ: doc.SUPPORT, actor: "United States", modality: doc.Hypothetical}}},
		{name: "intent phrase", text: "The White House said Monday that Trump is open to conducting joint strikes with Russia on Islamic State.",
			published: "2017-01-24", ents: []ent{{"White House", "USA", []string{"White House"}}, {"Donald Trump", "USA", []string{"Trump"}}, rus, isis},
			times: []tm{{"Monday", "2017-01-23", ""}},
			want: []want{{typ: doc.AGREE, actor: "Donald Trump", recipient: "Russia", modality: doc.Future, date: "2017-01-23", source: "White House"},
				{typ: doc.ASSAULT, actor: "Donald Trump", recipient: "Islamic State", partner: "Russia", modality: doc.Future, date: "2017-01-23"}}},
		{name: "joint strikes name a partner", text: "The US conducted joint strikes with Russia on Islamic State targets.",
			ents: []ent{usa, rus, isis}, want: []want{{typ: doc.ASSAULT, actor: "United States", recipient: "Islamic State", partner: "Russia"}}},
		{name: "future kept by default", text: "Cameron and Rouhani will meet in New York.",
			ents: []ent{{"David Cameron", "GBR", []string{"Cameron"}}, {"Hassan Rouhani", "IRN", []string{"Rouhani"}}},
			// A mutual act of coordinated subjects has the first as actor,
			// the other as recipient (no entity on both sides).
			want: []want{{typ: doc.CONSULT, actor: "David Cameron", recipient: "Hassan Rouhani", modality: doc.Future}}},
		{name: "PLOVER intent: future visit is AGREE", text: "Fischer will visit Albania in June.", opts: events.Options{PLOVERIntent: true},
			ents:     []ent{{"Oskar Fischer", "DEU", []string{"Fischer"}}, {"Albania", "ALB", []string{"Albania"}}},
			want:     []want{{typ: doc.AGREE, actor: "Oskar Fischer", recipient: "Albania", modality: doc.Future}},
			notTypes: []doc.EventType{doc.CONSULT}},
		{name: "PLOVER intent: future blockade is THREATEN", text: "French farmers said they would blockade Paris.", opts: events.Options{PLOVERIntent: true},
			ents: []ent{{"France", "FRA", []string{"French"}}, {"Paris", "FRA", []string{"Paris"}}},
			want: []want{{typ: doc.THREATEN, actor: "France", recipient: "Paris", modality: doc.Future}}},
		{name: "reported obligation is a request", text: "Straw said on Friday that Sudan must reach an agreement with the rebels.",
			ents: []ent{{"Jack Straw", "GBR", []string{"Straw"}}, {"Sudan", "SDN", []string{"Sudan"}}},
			want: []want{{typ: doc.REQUEST, actor: "Jack Straw", recipient: "Sudan"}}, notTypes: []doc.EventType{doc.AGREE}},

		// Claims and denials.
		{name: "claim and denial", published: "2017-01-24",
			text:  "The Russian defense ministry claimed that two US jets participated in a strike on IS targets. But the Pentagon on Monday denied the claim.",
			ents:  []ent{{"Russian Defence Ministry", "RUS", []string{"Russian defense ministry"}}, usa, isis, {"Pentagon", "USA", []string{"Pentagon"}}},
			times: []tm{{"Monday", "2017-01-23", ""}},
			want: []want{{typ: doc.ASSAULT, actor: "United States", recipient: "Islamic State", modality: doc.Claimed, source: "Russian Defence Ministry"},
				{typ: doc.REJECT, actor: "Pentagon", recipient: "Russian Defence Ministry", date: "2017-01-23"}}},

		// Words that look like triggers but are not.
		{name: "month is not a march", text: "The accord was signed in March 2001.", times: []tm{{"March 2001", "2001-03", ""}},
			notTypes: []doc.EventType{doc.PROTEST}},
		{name: "stop phrase", text: "The ministry released a statement on Friday.", notTypes: []doc.EventType{doc.CONCEDE}},
		{name: "sentence-initial participle", text: "Asked to respond, Earnest said nothing.", ents: []ent{{"Josh Earnest", "USA", []string{"Earnest"}}},
			notTypes: []doc.EventType{doc.REQUEST}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := build(t, tc.text, tc.published, tc.ents, tc.times)
			if err := events.New(tc.opts).Process(context.Background(), d); err != nil {
				t.Fatal(err)
			}
			for _, w := range tc.want {
				found := false
				for _, e := range d.Events {
					if w.matches(d, e) {
						found = true
					}
				}
				if !found {
					t.Errorf("no event %+v among:%s", w, dump(d))
				}
			}
			for _, typ := range tc.notTypes {
				for _, e := range d.Events {
					if e.Type == typ {
						t.Errorf("unexpected %s event:%s", typ, dump(d))
					}
				}
			}
			checkInvariants(t, d)
		})
	}
}

// checkInvariants asserts what every coded document must satisfy.
func checkInvariants(t testing.TB, d *doc.Document) {
	t.Helper()
	valid := map[doc.EventType]bool{}
	for _, typ := range doc.EventTypes {
		valid[typ] = true
	}
	for i, e := range d.Events {
		if !valid[e.Type] {
			t.Errorf("event %d: type %q", i, e.Type)
		}
		if e.Start < 0 || e.End > len(d.Text) || e.Start > e.End {
			t.Errorf("event %d: span %v outside text of %d bytes", i, e.Span, len(d.Text))
		}
		if !e.Trigger.Empty() && !e.Span.Contains(e.Trigger) {
			t.Errorf("event %d: trigger %v outside evidence %v", i, e.Trigger, e.Span)
		}
		for _, set := range [][]int{e.Actors, e.Recipients, e.Partners} {
			for _, x := range set {
				if x < 0 || x >= len(d.Entities) {
					t.Errorf("event %d: entity index %d out of range", i, x)
				}
			}
		}
		if e.Source != doc.None && (e.Source < 0 || e.Source >= len(d.Entities)) {
			t.Errorf("event %d: source %d out of range", i, e.Source)
		}
		if e.Time != doc.None && (e.Time < 0 || e.Time >= len(d.Times)) {
			t.Errorf("event %d: time %d out of range", i, e.Time)
		}
		if e.Quote != doc.None && (e.Quote < 0 || e.Quote >= len(d.Quotes)) {
			t.Errorf("event %d: quote %d out of range", i, e.Quote)
		}
		if e.Linked != doc.None && (e.Linked < 0 || e.Linked >= i) {
			t.Errorf("event %d: linked %d is not an earlier event", i, e.Linked)
		}
		if e.ID == "" {
			t.Errorf("event %d: no id", i)
		}
		if e.Date != "" && !validDate(e.Date) {
			t.Errorf("event %d: date %q", i, e.Date)
		}
		if len(e.Actors) == 0 && len(e.Recipients) == 0 {
			t.Errorf("event %d (%s %q): neither actor nor recipient", i, e.Type, e.Trigger.In(d.Text))
		}
		for _, a := range e.Actors {
			for _, r := range e.Recipients {
				if a == r {
					t.Errorf("event %d (%s %q): entity %d on both sides", i, e.Type, e.Trigger.In(d.Text), a)
				}
			}
		}
	}
}

func validDate(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (i == 4 || i == 7) && c == '-' {
			continue
		}
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(s) == 4 || len(s) == 7 || len(s) == 10
}

func TestEventIDs(t *testing.T) {
	text := "Russia attacked Aleppo. Russian jets attacked Aleppo again. Russia also met with Turkey."
	d := build(t, text, "2016-08-12", []ent{{"Russia", "RUS", []string{"Russia"}}, {"Aleppo", "SYR", []string{"Aleppo"}}, {"Turkey", "TUR", []string{"Turkey"}}}, nil)
	if err := events.New().Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	ids := map[doc.EventType][]string{}
	for _, e := range d.Events {
		ids[e.Type] = append(ids[e.Type], e.ID)
	}
	if a := ids[doc.ASSAULT]; len(a) != 2 || a[0] != a[1] {
		t.Errorf("the repeated assault should share one id: %v%s", a, dump(d))
	}
	if c := ids[doc.CONSULT]; len(c) != 1 || len(ids[doc.ASSAULT]) > 0 && c[0] == ids[doc.ASSAULT][0] {
		t.Errorf("distinct events need distinct ids: %v", ids)
	}
}

func TestProcessEdgeCases(t *testing.T) {
	ctx := context.Background()
	// An empty document has nothing to code and is no error.
	if err := events.New().Process(ctx, &doc.Document{}); err != nil {
		t.Errorf("empty document: %v", err)
	}
	// Text without sentences means the segment stage did not run.
	if err := events.New().Process(ctx, &doc.Document{Text: "Russia attacked Aleppo."}); err == nil {
		t.Error("unsegmented document: want an error")
	}
	// A cancelled context stops the work.
	d := build(t, "Russia attacked Aleppo.", "", nil, nil)
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := events.New().Process(cctx, d); err == nil {
		t.Error("cancelled context: want an error")
	}
}
