package timex

import (
	"strings"
	"time"

	"sitrep/internal/doc"
)

// resolver turns recognised expressions into TIMEX3 values, walking the
// text in order: deictic expressions count from the publication date,
// anaphoric ones ("a day earlier", "the following week") from the last date
// resolved before them.
type resolver struct {
	dct     date
	hasDCT  bool
	last    date
	lastIdx int
	hasLast bool
	// quarter is the last fiscal quarter named outright ("the third
	// quarter"), which "the quarter" and "a year earlier" refer back to.
	quarter    date
	quarterIdx int
	hasQuarter bool
	// sent is the sentence of the expression being resolved, quarterSent
	// that of the quarter: "a year earlier" takes the quarter's granularity
	// only near it.
	sent, quarterSent int
	// lastSent is the sentence of last.
	lastSent int
}

// dayReach is how many sentences after a day is named a bare clock time
// still falls on it.
const dayReach = 6

func newResolver(published string) *resolver {
	r := &resolver{lastIdx: doc.None}
	if t, ok := parseDCT(published); ok {
		r.dct, r.hasDCT = date{t: t, g: gDay}, true
	}
	return r
}

// resolve returns the value of x, the index of the time it was anchored to
// (doc.None for the publication date) and whether x names a definite period
// that later anaphoric expressions may count from. tense is -1 for a past
// clause, +1 for a future one, 0 when unknown. ok is false when x cannot
// be a valid date (February 30).
func (r *resolver) resolve(x expr, tense int) (value string, anchor int, d date, definite, ok bool) {
	anchor = doc.None
	switch x.k {
	case kLit:
		return x.lit, anchor, date{}, false, true
	case kCal:
		return r.calendar(x, tense)
	case kRel:
		return r.relative(x, tense)
	case kWeekday:
		if !r.hasDCT {
			v := "XXXX-WXX-" + string(rune('0'+isoWeekday(x.wd)))
			if x.part != "" {
				v += "T" + x.part
			}
			return v, anchor, date{}, false, true
		}
		dir := x.dir
		if dir == 0 {
			dir = -1
			if tense > 0 {
				dir = 1
			}
		}
		// "the previous Friday", "the following Monday" count from the
		// last day named, the others from the publication date.
		base := r.dct.t
		if x.anaph && r.hasLast && (r.last.g == gDay || r.last.g == gTime) {
			base, anchor = r.last.t, r.lastIdx
		}
		var t time.Time
		if dir < 0 {
			delta := (int(base.Weekday()) - int(x.wd) + 7) % 7
			if delta == 0 && x.dir < 0 {
				delta = 7
			}
			t = base.AddDate(0, 0, -delta)
		} else {
			delta := (int(x.wd) - int(base.Weekday()) + 7) % 7
			if delta == 0 && x.dir > 0 {
				delta = 7
			}
			t = base.AddDate(0, 0, delta)
		}
		d = date{t: t, g: gDay, part: x.part}
		if x.clock != "" {
			d.g, d.clock = gTime, x.clock
		}
		return d.String(), anchor, d, true, true
	case kQuarterRef:
		if x.anaph && r.hasQuarter {
			return r.quarter.String(), r.quarterIdx, r.quarter, true, true
		}
		if !r.hasDCT {
			return "XXXX-QX", anchor, date{}, false, true
		}
		d = date{t: addMonths(r.dct.t, -3), g: gQuarter}
		return d.String(), anchor, d, true, true
	case kTimeOfDay:
		// A clock time with no day of its own is on the day last named
		// near it ("shot on Friday, Oct. 23 ... at 10 p.m."), else on
		// the publication date.
		// A part of day ("in the morning") likewise.
		if r.hasLast && (r.last.g == gDay || r.last.g == gTime) && r.sent-r.lastSent <= dayReach {
			d = date{t: r.last.t, g: gTime, clock: x.clock, part: x.part}
			return d.String(), r.lastIdx, d, false, true
		}
		if !r.hasDCT {
			if x.part != "" {
				return "XXXX-XX-XXT" + x.part, anchor, date{}, false, true
			}
			return "XXXX-XX-XXT" + x.clock, anchor, date{}, false, true
		}
		d = date{t: r.dct.t, g: gTime, clock: x.clock, part: x.part}
		return d.String(), anchor, d, false, true
	}
	return "", anchor, date{}, false, false
}

// calendar resolves a calendar date, finding a missing year from the
// publication date and the tense: "June" in a past clause of a September
// story is this year's June; "December" in a past clause of a January story
// is last year's.
func (r *resolver) calendar(x expr, tense int) (string, int, date, bool, bool) {
	y := x.y
	noYear := false
	if y == 0 {
		switch {
		case !r.hasDCT:
			noYear, y = true, 2000 // a leap year, so February 29 stays valid
		case x.yRel:
			y = r.dct.t.Year() + x.yOff
		default:
			y = r.pickYear(x, tense)
		}
	}
	var d date
	switch x.g {
	case gDay:
		if x.float != 0 {
			d = date{t: floating(x.float, y), g: gDay}
			if x.weekOf {
				d.g = gWeek
			}
			break
		}
		t := day(y, time.Month(x.m), x.d)
		if t.Day() != x.d {
			return "", doc.None, date{}, false, false
		}
		d = date{t: t, g: gDay}
		if x.weekOf {
			d.g = gWeek
		}
		if x.clock != "" {
			d.g, d.clock = gTime, x.clock
		}
	case gMonth:
		d = date{t: day(y, time.Month(x.m), 1), g: gMonth}
	case gSeason:
		d = date{t: day(y, seasonMonth(x.season), 1), g: gSeason, season: x.season}
	case gQuarter:
		q := x.q
		if x.qRef {
			if !r.hasQuarter {
				d = date{t: day(y, time.January, 1), g: gYear}
				break
			}
			q = (int(r.quarter.t.Month())-1)/3 + 1
		}
		d = date{t: day(y, time.Month((q-1)*3+1), 1), g: gQuarter}
	case gHalf:
		d = date{t: day(y, time.Month((x.q-1)*6+1), 1), g: gHalf}
	default:
		d = date{t: day(y, time.January, 1), g: gYear}
	}
	d.noYear = noYear
	return d.String(), doc.None, d, !noYear, true
}

func firstOfMonth(t time.Time) time.Time { return day(t.Year(), t.Month(), 1) }

// pickYear chooses the year of a calendar date written without one: the
// publication year or one next to it. "last April" is the latest April
// before the publication month, "next April" the first after it. Otherwise
// a past clause takes the latest occurrence that has begun by the
// publication date, a future clause the first that has not ended before it,
// and with no tense the occurrence closest to the publication date.
// Quarters and halves keep the publication year: news speaks of the
// quarters of the current fiscal year.
// sameYear is how far from the publication date a date of its year may lie
// before, with no tense to go by, the occurrence closest to it is taken.
const sameYear = 180 * 24 * time.Hour

func (r *resolver) pickYear(x expr, tense int) int {
	ref := r.dct.t
	y0 := ref.Year()
	if x.g == gQuarter || x.g == gHalf {
		// A quarter that has not begun by the publication date is last
		// year's when the clause is past ("profits fell in the fourth
		// quarter" in January) or when it lies far ahead.
		start, _ := period(x, y0)
		if d := start.Sub(ref); d > 0 && (tense < 0 || d > quarterAhead) {
			return y0 - 1
		}
		return y0
	}
	switch {
	case x.dir < 0:
		for y := y0; y > y0-2; y-- {
			start, end := period(x, y)
			if x.g == gSeason && end.Before(ref) || x.g != gSeason && start.Before(firstOfMonth(ref)) {
				return y
			}
		}
		return y0 - 1
	case x.dir > 0:
		for y := y0; y < y0+2; y++ {
			start, _ := period(x, y)
			if start.After(ref) {
				return y
			}
		}
		return y0 + 1
	}
	// A date of the publication year more than a season away on the wrong
	// side of the publication date moves a year with the tense.
	const slack = 90 * 24 * time.Hour
	start, end := period(x, y0)
	switch {
	case tense < 0 && start.Sub(ref) > slack:
		return y0 - 1
	case tense > 0 && ref.Sub(end) > slack:
		return y0 + 1
	case tense != 0:
		return y0
	}
	if d := start.Sub(ref); d < sameYear && -d < sameYear {
		return y0
	}
	best, bestDist := y0, time.Duration(-1)
	for y := y0 - 1; y <= y0+1; y++ {
		start, end := period(x, y)
		mid := start.Add(end.Sub(start) / 2)
		dist := mid.Sub(ref)
		if dist < 0 {
			dist = -dist
		}
		if bestDist < 0 || dist < bestDist {
			best, bestDist = y, dist
		}
	}
	return best
}

// period is the first and last day of the period x names in year y.
func period(x expr, y int) (start, end time.Time) {
	switch x.g {
	case gDay:
		if x.float != 0 {
			s := floating(x.float, y)
			return s, s
		}
		s := day(y, time.Month(x.m), 1).AddDate(0, 0, x.d-1)
		return s, s
	case gMonth:
		s := day(y, time.Month(x.m), 1)
		return s, s.AddDate(0, 1, -1)
	case gSeason:
		s := day(y, seasonMonth(x.season)-1, 1)
		if x.season == "WI" {
			s = day(y, time.January, 1)
		}
		return s, s.AddDate(0, 3, -1)
	case gQuarter:
		s := day(y, time.Month((x.q-1)*3+1), 1)
		return s, s.AddDate(0, 3, -1)
	case gHalf:
		s := day(y, time.Month((x.q-1)*6+1), 1)
		return s, s.AddDate(0, 6, -1)
	}
	return day(y, time.January, 1), day(y, time.December, 31)
}

// notVerbs are words ending in -ed that are not past-tense verbs.
var notVerbs = map[string]bool{
	"scheduled": true, "expected": true, "planned": true, "proposed": true, "united": true, "limited": true,
	"based": true, "related": true, "indeed": true, "needed": true, "speed": true, "embed": true, "shed": true,
	"hundred": true, "seed": true, "breed": true, "naked": true, "wicked": true, "sacred": true, "supposed": true,
	"unprecedented": true, "detailed": true, "advanced": true, "concerned": true, "interested": true,
}

// quarterAhead is how far after the publication date a quarter named
// without a year, in a clause of no tense, may begin and still be this
// year's.
const quarterAhead = 150 * 24 * time.Hour

// quarterReach is how many sentences after a quarter "a year ago" still
// means the same quarter a year before.
const quarterReach = 3

// coarser returns the wider of two granularities.
func coarser(a, b gran) gran {
	if a > b {
		return a
	}
	return b
}

// relative resolves "yesterday", "last month", "a year ago", "two days
// later", "the weekend".
func (r *resolver) relative(x expr, tense int) (string, int, date, bool, bool) {
	anchor := doc.None
	var base date
	switch {
	case x.yearAg && r.hasQuarter && (x.g == gQuarter || r.sent-r.quarterSent <= quarterReach):
		base, anchor = r.quarter, r.quarterIdx
	case x.anaph && r.hasLast && !x.yearAg:
		base, anchor = r.last, r.lastIdx
	case r.hasDCT:
		base = r.dct
	default:
		return unknownValue(x), doc.None, date{}, false, true
	}
	d := base
	if x.code == "WE" || x.g == gWeekend {
		// "the weekend": the coming one in a future clause, otherwise the
		// last one (or the current one on a weekend day).
		wd := base.t.Weekday()
		n := x.n
		if x.n == 0 {
			if tense <= 0 && wd != time.Saturday && wd != time.Sunday {
				n = -1
			}
		}
		d = base.shift("W", n)
		d.g = gWeekend
		d.part = ""
		return d.String(), anchor, d, true, true
	}
	d = base.shift(x.code, x.n)
	d.part, d.clock = "", ""
	switch {
	case x.yearAg && anchor != doc.None && (base.g == gQuarter || base.g == gHalf):
		d.g = base.g
	case anchor != doc.None:
		d.g = coarser(x.g, base.g)
		if base.g == gTime && x.g == gTime {
			d.g = gDay
		}
	default:
		d.g = x.g
	}
	if d.g == gTime {
		// "two hours ago": the day is as close as the stage gets.
		d.g = gDay
	}
	if x.part != "" && d.g == gDay {
		d.part = x.part
	}
	if x.clock != "" && d.g == gDay {
		d.g, d.clock = gTime, x.clock
	}
	return d.String(), anchor, d, true, true
}

// unknownValue is the underspecified value of a relative expression when
// no publication date is known.
func unknownValue(x expr) string {
	switch x.g {
	case gTime, gDay:
		v := "XXXX-XX-XX"
		if x.part != "" {
			v += "T" + x.part
		} else if x.clock != "" {
			v += "T" + x.clock
		}
		return v
	case gWeek:
		return "XXXX-WXX"
	case gWeekend:
		return "XXXX-WXX-WE"
	case gMonth:
		return "XXXX-XX"
	case gQuarter:
		return "XXXX-QX"
	case gHalf:
		return "XXXX-HX"
	case gDecade:
		return "XXX"
	case gCentury:
		return "XX"
	}
	if x.n < 0 {
		return "PAST_REF"
	}
	if x.n > 0 {
		return "FUTURE_REF"
	}
	return "XXXX"
}

// tense guesses whether the clause around tokens [i, j) speaks of the past
// (-1) or the future (+1), 0 when nothing says. The nearest cue wins:
// modal "will"/"would", "is set to", "scheduled", "plans to" make the
// future; a past-tense verb ("said", "traveled") or the Penn tags VBD/VBN
// make the past.
func (p *parser) tense(i, j int, xpos map[int]string) int {
	if i >= len(p.t) {
		return 0
	}
	s := p.t[i].sentence
	// "Wednesday's ruling": a possessive date is one already past.
	if p.low(j) == "'" && p.low(j+1) == "s" {
		return -1
	}
	cue := func(k int) int {
		w := p.low(k)
		tag := xpos[p.t[k].start]
		switch w {
		case "will", "'ll", "shall", "would", "wo":
			return 1
		case "set", "expected", "expects", "due", "going", "hopes", "hope", "intends", "aims", "poised", "prepared",
			"scheduled", "slated", "planned":
			if p.low(k+1) == "to" || w == "scheduled" || w == "slated" || w == "planned" {
				// "was due to expire Friday": a plan now past.
				switch p.low(k - 1) {
				case "was", "were", "been", "previously", "originally", "had":
					return -1
				}
				return 1
			}
		case "next":
			if p.low(k+1) != "to" {
				return 1
			}
		case "until", "till":
			// A sentence that opens with "Until Thursday," takes its
			// tense from its main clause ("they had not called").
			if k == 0 || p.t[k-1].sentence != s || p.low(k-1) == "``" || p.low(k-1) == "\"" {
				return 0
			}
			return 1
		case "plans", "plan", "planning", "coming", "upcoming", "tomorrow":
			return 1
		case "ahead":
			// "ahead of the weekend"
			if p.low(k+1) == "of" && k+2 == i {
				return 1
			}
		case "effective":
			// "a pact effective June 1": a date things take effect from
			// is, in news, still to come.
			if k == i-1 {
				return 1
			}
		case "soon", "early":
			if p.low(k-1) == "as" && p.low(k+1) == "as" {
				return 1
			}
		case "to":
			switch p.low(k - 1) {
			case "is", "are":
				return 1
			}
		}
		switch tag {
		case "MD":
			return 1
		case "VBD":
			return -1
		case "VBN":
			// A participle is past only in a perfect or a past passive
			// ("had agreed", "was signed"); "the reduced dividend" is not.
			switch p.low(k - 1) {
			case "has", "have", "had", "was", "were":
				return -1
			}
			return 0
		}
		if tag == "" && len(w) > 4 && strings.HasSuffix(w, "ed") && !p.t[k].upper && !notVerbs[w] {
			switch p.low(k - 1) {
			case "the", "a", "an", "be", "being", "to", "is", "are", "will", "would", "its", "their", "his", "her":
				// "the proposed merger", "will be delayed"
			default:
				return -1
			}
		}
		if pastCues[w] {
			switch p.low(k - 1) {
			case "be", "being", "to":
				return 0 // "will be paid": the auxiliary before decides
			}
			return -1
		}
		return 0
	}
	// "as soon as trading opened Monday", "as early as Tuesday": a time
	// still to come, whatever the tense of the verb in between.
	for k := i - 3; k >= 0 && k >= i-6 && p.t[k].sentence == s; k-- {
		if p.low(k) == "as" && (p.low(k+1) == "soon" || p.low(k+1) == "early") && p.low(k+2) == "as" {
			return 1
		}
	}
	for k, n := i-1, 0; k >= 0 && p.t[k].sentence == s && n < 15; k, n = k-1, n+1 {
		if c := cue(k); c != 0 {
			return c
		}
	}
	for k, n := j, 0; k < len(p.t) && p.t[k].sentence == s && n < 6; k, n = k+1, n+1 {
		if c := cue(k); c != 0 {
			return c
		}
	}
	return 0
}
