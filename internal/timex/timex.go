// Package timex finds temporal expressions in a document's text and gives
// each its TIMEX3 type and value, resolved against the publication date.
//
// It follows the TimeML TIMEX3 annotation guidelines (TimeML 1.2.1): an
// expression covers its determiner and modifiers ("the third quarter",
// "late September", "more than a year") but not the preposition before it
// ("on Monday" yields "Monday"). Values are ISO-8601 based TIMEX3 values:
// dates ("2017-01-23", "2016-07", "2016-W32", "2016-SU", "2016-Q3", "199" for
// the 1990s), times ("2017-01-23TMO", "2017-01-24T08:47"), durations ("P2D",
// "P1Y"), sets ("P1W" for "every week") and the reference tokens
// PRESENT_REF, PAST_REF and FUTURE_REF.
//
// Deictic expressions count from the publication date: "Monday" in a story
// of Tuesday 2017-01-24 is 2017-01-23 (a bare weekday is in the past unless
// its clause speaks of the future: "will meet Monday"). Anaphoric ones ("a
// day earlier", "two days later", "the following week") count from the last
// date named before them, which Time.Anchor records. Without a publication
// date such values stay underspecified ("XXXX-11-23", "XXXX-WXX-1").
//
// The stage reads only Document.Text and Published (and the XPOS tags of
// Tokens when a tagger has set them, as tense cues); it scans the text with
// its own small tokenizer, so it works on raw text alone.
package timex

import (
	"context"
	"strings"
	"time"

	"sitrep/internal/doc"
)

// Stage is the timex stage of the pipeline. It keeps no per-document state
// and is safe for concurrent use.
type Stage struct{}

// New returns the timex stage.
func New() *Stage { return &Stage{} }

// Name returns "timex".
func (*Stage) Name() string { return "timex" }

// Process appends the temporal expressions of d.Text to d.Times, in text
// order and without overlaps, replacing any d.Times already present. A
// publication date that cannot be read is reported as a problem and the
// values that need it are left underspecified.
func (s *Stage) Process(ctx context.Context, d *doc.Document) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if d.Published != "" {
		if _, ok := parseDCT(d.Published); !ok {
			d.AddProblem(s.Name(), "publication date %q is not YYYY-MM-DD: relative dates left unresolved", d.Published)
		}
	}
	var xpos map[int]string
	for _, t := range d.Tokens {
		if t.XPOS != "" {
			if xpos == nil {
				xpos = make(map[int]string, len(d.Tokens))
			}
			xpos[t.Start] = t.XPOS
		}
	}
	d.Times = extract(d.Text, d.Published, xpos)
	return nil
}

// extract finds and resolves the expressions of text.
func extract(text, published string, xpos map[int]string) []doc.Time {
	p := &parser{text: text, t: scan(text)}
	r := newResolver(published)
	var out []doc.Time
	for i := 0; i < len(p.t); {
		c, ok := p.matchAt(i)
		if !ok || !p.acceptable(c) {
			i++
			continue
		}
		r.sent = p.t[c.i].sentence
		value, anchor, d, definite, ok := r.resolve(c.x, p.tense(c.i, c.j, xpos))
		if !ok || value == "" {
			i++
			continue
		}
		out = append(out, doc.Time{
			Span:   doc.Span{Start: p.t[c.i].start, End: p.t[c.j-1].end},
			Type:   c.x.typ,
			Value:  value,
			Mod:    c.x.mod,
			Anchor: anchor,
		})
		// "April 24 and 25": the second day shares the first's month.
		if k := c.j; c.x.k == kCal && d.g == gDay && definite && p.low(k) == "and" && k+1 < len(p.t) && p.t[k+1].num &&
			len(p.t[k+1].low) <= 2 && (k+2 == len(p.t) || !isLetterOrDigit(p.t[k+2].low[0])) {
			if t2 := day(d.t.Year(), d.t.Month(), p.t[k+1].val); t2.Month() == d.t.Month() && p.t[k+1].val > 0 {
				d2 := date{t: t2, g: gDay}
				out = append(out, doc.Time{
					Span: doc.Span{Start: p.t[k+1].start, End: p.t[k+1].end}, Type: doc.DATE, Value: d2.String(),
					Anchor: len(out) - 1,
				})
				r.last, r.lastIdx, r.hasLast, r.lastSent = d2, len(out)-1, true, r.sent
				i = k + 2
				continue
			}
		}
		if definite {
			r.last, r.lastIdx, r.hasLast, r.lastSent = d, len(out)-1, true, r.sent
			// The quarter later anaphora ("the year-ago period") refer
			// to is one already under way: not a year-ago quarter, nor
			// one still to come ("through the third quarter of 1990").
			if d.g == gQuarter && !c.x.yearAg && !(c.x.k == kCal && (c.x.yRel && c.x.yOff < 0 || c.x.qRef)) &&
				!(r.hasDCT && d.t.After(r.dct.t)) {
				r.quarter, r.quarterIdx, r.hasQuarter, r.quarterSent = d, len(out)-1, true, r.sent
			}
		}
		i = c.j
	}
	return out
}

// acceptable filters matches that the grammar allows but context rules
// out: an expression glued to a word before it ("pre-1990"), or inside a
// longer number or code.
func (p *parser) acceptable(c cand) bool {
	// A capitalised unit word in a title (ABC's "This Week", CBS's
	// "60 Minutes", the film "High Noon") is part of a name.
	if p.title(c) {
		return false
	}
	if c.i > 0 && !p.t[c.i].space {
		prev := p.t[c.i-1].low
		switch prev {
		case "(", "[", "\"", "'", "\u201c", "-", "/", "\u2014", "\u2013":
			if prev == "-" || prev == "/" {
				// "1990-1995": a range of years is fine; "pre-1990" and
				// "24/7" are not.
				if c.i >= 2 && p.t[c.i-2].num {
					return true
				}
				return c.i >= 2 && (p.t[c.i-2].low == "mid")
			}
			return true
		default:
			if len(prev) == 1 && !isLetterOrDigit(prev[0]) {
				return true
			}
			return false
		}
	}
	if c.j < len(p.t) && !p.t[c.j].space {
		next := p.t[c.j].low
		// Scraped text glues a dateline to the next word ("08:47Xinhua"):
		// a capital after a number still ends the expression.
		if len(next) > 0 && isLetterOrDigit(next[0]) && !(p.t[c.j-1].num && p.t[c.j].upper) {
			return false
		}
	}
	// A capitalised word inside a name ("China Daily", "Black Monday" is
	// still a Monday) is not an expression when it cannot start one.
	if c.x.typ == doc.SET && p.t[c.i].upper && c.i > 0 && p.t[c.i-1].upper && p.t[c.i].newlines == 0 {
		return false
	}
	return true
}

// titleWords are the unit words that, capitalised inside a sentence, mark a
// title or name rather than a time.
var titleWords = map[string]bool{
	"week": true, "minutes": true, "minute": true, "hours": true, "hour": true, "noon": true, "day": true,
	"days": true, "years": true, "year": true, "months": true, "month": true, "night": true, "nights": true,
	"today": true, "tonight": true,
}

// title reports whether the last word of c is a capitalised unit word
// inside a quoted title or after another capitalised word, not at the start
// of a sentence: a name, not a time.
func (p *parser) title(c cand) bool {
	last := p.t[c.j-1]
	if !last.upper || !titleWords[last.low] || c.i == 0 {
		return false
	}
	prev := p.t[c.i-1]
	if prev.sentence != p.t[c.i].sentence && !strings.ContainsAny(prev.low, "\"'`“") {
		return false // the first word of a sentence
	}
	switch prev.low {
	case "\"", "'", "`", "“":
		// Only a whole quoted title: "This Week," said; "This Week With
		// David Brinkley".
		k := c.j
		if k < len(p.t) && p.t[k].upper && p.t[k].low != "i" && p.t[k].sentence == last.sentence {
			return true
		}
		if k < len(p.t) && (p.t[k].low == "," || p.t[k].low == ".") {
			k++
		}
		return k < len(p.t) && (p.t[k].low == "\"" || p.t[k].low == "'" || p.t[k].low == "”")
	}
	// "High Noon": a capitalised word before that starts no sentence.
	return c.j-c.i == 1 && prev.upper && c.i >= 2 && p.t[c.i-2].sentence == prev.sentence && months[prev.low] == 0 &&
		weekdays[prev.low] == 0 && !holidayStarts[prev.low]
}

func isLetterOrDigit(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b >= 0x80
}

// Resolve gives the TIMEX3 type and value of a single temporal expression
// expr ("last month", "Jan. 23, 2017", "two days") as written in a text
// published at anchor. ok is false when expr is not, as a whole, a temporal
// expression the package recognises. The clause's tense is unknown here, so
// a bare weekday is taken to be in the past.
func Resolve(expr string, anchor time.Time) (typ, value string, ok bool) {
	e := strings.TrimSpace(expr)
	published := ""
	if !anchor.IsZero() {
		published = anchor.Format("2006-01-02")
	}
	times := extract(e, published, nil)
	if len(times) != 1 || times[0].Start != 0 || times[0].End != len(e) {
		return "", "", false
	}
	return string(times[0].Type), times[0].Value, true
}
