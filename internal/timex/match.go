package timex

import (
	"strings"
	"time"

	"sitrep/internal/doc"
)

// kind says how an expression's value is found.
type kind uint8

const (
	kLit        kind = iota // the value is known as written (durations, sets, years, PRESENT_REF)
	kCal                    // a calendar date, possibly without its year (y == 0)
	kRel                    // n units from the publication date (or, anaphoric, from the last date)
	kWeekday                // a weekday near the publication date
	kQuarterRef             // "the quarter": the last quarter named, or the last complete one
	kTimeOfDay              // a clock time or part of day on the publication date
)

// expr is a recognised temporal expression before resolution.
type expr struct {
	typ  doc.TimeType
	mod  string
	k    kind
	lit  string
	y, m int // kCal: year (0 unknown), month (0 none)
	d    int // kCal: day of month (0 none)
	g    gran
	// kCal with g == gQuarter, gHalf, gSeason: q is the quarter or half,
	// season the season code.
	q      int
	season string
	yOff   int  // kCal: year relative to the publication year when yRel
	yRel   bool // kCal: the year is publication year + yOff ("this year's third quarter")
	code   string
	n      int
	anaph  bool // kRel: counted from the last date in the text
	yearAg bool // kRel: "a year ago"/"year-earlier": keeps the granularity of a quarter just named
	dir    int  // -1 past, +1 future, 0 from the tense of the clause
	wd     time.Weekday
	part   string
	clock  string
	weekOf bool // kCal: "the week of March 6", the week of the date
	float  int  // kCal: a holiday whose day follows a weekday rule (floatingHolidays), 0 for none
	qRef   bool // kCal: the quarter is the one last named ("the 1988 quarter")
}

// cand is a match: tokens [i, j) and what they mean.
type cand struct {
	i, j int
	x    expr
}

// parser holds the tokens of one text.
type parser struct {
	text string
	t    []tok
}

func (p *parser) low(i int) string {
	if i < 0 || i >= len(p.t) {
		return ""
	}
	return p.t[i].low
}

// glued reports whether token i directly follows token i-1 with no space.
func (p *parser) glued(i int) bool { return i > 0 && i < len(p.t) && !p.t[i].space }

// seq reports whether the tokens from i spell ws.
func (p *parser) seq(i int, ws ...string) bool {
	for k, w := range ws {
		if p.low(i+k) != w {
			return false
		}
	}
	return true
}

// hyphen reports whether tokens i-1, i, i+1 are glued by a hyphen at i.
func (p *parser) hyphen(i int) bool {
	return p.low(i) == "-" && p.glued(i) && p.glued(i+1)
}

// ---- small pieces ----

// month matches a month name at i ("Jan." consumes its period).
func (p *parser) month(i int) (j, m int, ok bool) {
	w := p.low(i)
	m = months[w]
	if m == 0 {
		return 0, 0, false
	}
	j = i + 1
	full := len(w) > 4 || w == "may" || w == "june" || w == "july"
	if !full && p.low(j) == "." && p.glued(j) {
		j++
	}
	return j, m, true
}

// dayNum matches a day of the month: "23", "23rd".
func (p *parser) dayNum(i int) (j, d int, ok bool) {
	if i >= len(p.t) || !p.t[i].num || len(p.t[i].low) > 2 {
		return 0, 0, false
	}
	d = p.t[i].val
	if d < 1 || d > 31 {
		return 0, 0, false
	}
	j = i + 1
	switch p.low(j) {
	case "st", "nd", "rd", "th":
		if p.glued(j) {
			j++
		}
	}
	return j, d, true
}

// year matches a four-digit year 1000-2199, a spelled-out year ("nineteen
// ninety-six") or, when apostrophe is set, "'98".
func (p *parser) year(i int) (j, y int, ok bool) {
	if i < len(p.t) && p.t[i].num && len(p.t[i].low) == 4 {
		y = p.t[i].val
		if y >= 1000 && y < 2200 {
			return i + 1, y, true
		}
		return 0, 0, false
	}
	if p.low(i) == "'" && i+1 < len(p.t) && p.t[i+1].num && len(p.t[i+1].low) == 2 && p.glued(i+1) {
		if p.low(i+2) == "s" && p.glued(i+2) {
			return 0, 0, false // '90s is a decade
		}
		if i+2 < len(p.t) && p.t[i+2].upper || i > 0 && p.glued(i) && p.low(i-1) == "'" {
			return 0, 0, false // ''60 Minutes
		}
		v := p.t[i+1].val
		if v > 30 {
			return i + 2, 1900 + v, true
		}
		return i + 2, 2000 + v, true
	}
	// Spelled: "nineteen ninety-six", "nineteen eighty", "two thousand [and] one".
	if cent, ok2 := numberWords[p.low(i)]; ok2 && cent >= 10 && cent < 100 && cent >= 11 {
		j2, v, ok3 := p.smallNumberWords(i + 1)
		if ok3 && v >= 10 && v < 100 {
			return j2, int(cent)*100 + v, true
		}
	}
	if p.seq(i, "two", "thousand") {
		j = i + 2
		k := j
		if p.low(k) == "and" {
			k++
		}
		if j2, v, ok3 := p.smallNumberWords(k); ok3 && v < 100 {
			return j2, 2000 + v, true
		}
		return j, 2000, true
	}
	return 0, 0, false
}

// smallNumberWords matches 1-99 written in words: "six", "ninety-six",
// "ninety six".
func (p *parser) smallNumberWords(i int) (j, v int, ok bool) {
	f, ok := numberWords[p.low(i)]
	if !ok || f >= 100 || f == 0 && p.low(i) != "zero" {
		return 0, 0, false
	}
	v, j = int(f), i+1
	if v >= 20 && v%10 == 0 {
		k := j
		if p.hyphen(k) {
			k++
		}
		if u, ok2 := numberWords[p.low(k)]; ok2 && u >= 1 && u <= 9 {
			return k + 1, v + int(u), true
		}
	}
	return j, v, true
}

// number matches a count: digits ("2", "2.5", "2 1/2"), words ("two",
// "twenty-four", "a", "two and a half", "a hundred"), or a vague quantity
// ("several", "a few", "a couple of"), which sets vague.
func (p *parser) number(i int) (j int, v float64, vague, ok bool) {
	w := p.low(i)
	switch {
	case i < len(p.t) && (p.t[i].num || p.t[i].isDec):
		if p.t[i].num {
			v = float64(p.t[i].val)
		} else {
			v = p.t[i].dec
		}
		j = i + 1
		// "2 1/2"
		if j+2 < len(p.t) && p.t[j].num && p.low(j+1) == "/" && p.t[j+2].num && p.glued(j+1) && p.glued(j+2) &&
			p.t[j+2].val > p.t[j].val && p.t[j+2].val > 0 {
			v += float64(p.t[j].val) / float64(p.t[j+2].val)
			j += 3
		}
	case w == "a" || w == "an" || w == "one":
		j, v = i+1, 1
		switch {
		case p.seq(j, "few"):
			return j + 1, 0, true, true
		case p.seq(j, "couple", "of"):
			return j + 2, 2, false, true
		case p.seq(j, "couple"):
			return j + 1, 2, false, true
		case p.seq(j, "half"):
			return j + 1, 0.5, false, true
		case p.seq(j, "hundred"):
			j, v = j+1, 100
		case p.seq(j, "dozen"):
			j, v = j+1, 12
		}
	case w == "half":
		if p.seq(i+1, "a") || p.seq(i+1, "an") {
			return i + 2, 0.5, false, true
		}
		return 0, 0, false, false
	case vagueQuantities[w]:
		return i + 1, 0, true, true
	case w == "couple" && p.seq(i+1, "of"):
		return i + 2, 2, false, true
	default:
		n, k, ok2 := p.smallNumberWords(i)
		if !ok2 {
			return 0, 0, false, false
		}
		v, j = float64(k), n
		if p.low(j) == "hundred" {
			v *= 100
			j++
		}
	}
	if p.seq(j, "and", "a", "half") {
		v += 0.5
		j += 3
	}
	return j, v, false, true
}

// unitAt matches a unit noun at i.
func (p *parser) unitAt(i int) (j int, u unit, ok bool) {
	u, ok = units[p.low(i)]
	if !ok {
		return 0, u, false
	}
	if p.low(i) == "h" && !p.glued(i) {
		return 0, u, false
	}
	return i + 1, u, true
}

// weekday matches a weekday name at i ("Tues." consumes its period).
func (p *parser) weekday(i int) (j int, wd time.Weekday, ok bool) {
	w := p.low(i)
	wd, ok = weekdays[w]
	if !ok {
		return 0, 0, false
	}
	if weekdayAbbrev[w] {
		if !p.t[i].upper || !(p.low(i+1) == "." && p.glued(i+1)) {
			return 0, 0, false
		}
		return i + 2, wd, true
	}
	j = i + 1
	// "Monday's" keeps only the name; a plural "Mondays" is not a weekday.
	return j, wd, true
}

// partOfDay matches "morning", "afternoon", "evening", "night" at i.
func (p *parser) partOfDay(i int) (j int, part string, ok bool) {
	part, ok = partsOfDay[p.low(i)]
	if !ok {
		return 0, "", false
	}
	return i + 1, part, true
}

// ---- the grammar ----

// starters are the words an expression can begin with; matchAt skips
// other tokens at once.
var starters = func() map[string]bool {
	m := map[string]bool{}
	for _, tab := range []map[string]int{months, ordinalWords} {
		for w := range tab {
			m[w] = true
		}
	}
	for w := range weekdays {
		m[w] = true
	}
	for w := range numberWords {
		m[w] = true
	}
	for w := range vagueQuantities {
		m[w] = true
	}
	for w := range units {
		m[w] = true
	}
	for w := range seasons {
		m[w] = true
	}
	for w := range partsOfDay {
		m[w] = true
	}
	for w := range deictic {
		m[w] = true
	}
	for h := range holidays {
		m[strings.Fields(h)[0]] = true
	}
	for _, pm := range pointMods {
		m[pm.words[0]] = true
	}
	for _, dm := range durationMods {
		m[dm.words[0]] = true
	}
	for _, w := range strings.Fields(`the this last next past coming earlier later today yesterday tomorrow
		tonight every each once twice daily weekly monthly annually yearly hourly nightly fiscal fy calendar
		recent right these future noon midday midnight per that a an half couple mid q1 q2 q3 q4 ' current
		present previous preceding following upcoming same new christmas`) {
		m[w] = true
	}
	return m
}()

// matchAt returns the longest expression starting at token i.
func (p *parser) matchAt(i int) (cand, bool) {
	if t := p.t[i]; !t.num && !t.isDec && !starters[t.low] && !strings.HasPrefix(t.low, "'") {
		if _, ok := holidays[t.low]; !ok {
			return cand{}, false
		}
	}
	var best cand
	found := false
	try := func(j int, x expr, ok bool) {
		if ok && j > i && (!found || j > best.j) {
			best, found = cand{i: i, j: j, x: x}, true
		}
	}
	try(p.modified(i))
	try(p.core(i))
	return best, found
}

// modified matches a modifier followed by a core expression: "late
// September", "mid-November", "the end of 1990", "more than two years",
// "nearly four years ago".
func (p *parser) modified(i int) (int, expr, bool) {
	// Point modifiers on dates.
	for _, pm := range pointMods {
		if !p.seq(i, pm.words...) {
			continue
		}
		k := i + len(pm.words)
		if p.hyphen(k) {
			k++
		} else if pm.words[len(pm.words)-1] == "mid" {
			if !(p.low(k) == "-" && p.glued(k)) {
				continue
			}
			k++
		}
		if pm.words[0] == "the" && p.low(k) == "the" {
			if j, u, ok := p.unitAt(k + 1); ok && (u.code == "M" || u.code == "W" || u.code == "Y" || u.code == "D") {
				return j, expr{typ: doc.DATE, k: kRel, code: u.code, g: u.g, mod: pm.mod}, true
			}
		}
		if j, x, ok := p.core(k); ok && x.typ == doc.DATE && x.lit != "PRESENT_REF" && x.lit != "PAST_REF" && x.lit != "FUTURE_REF" {
			if x.mod == "" {
				x.mod = pm.mod
			}
			return j, x, true
		}
	}
	// "earlier this year", "later this month", "later that year"
	if w := p.low(i); (w == "earlier" || w == "later") && p.low(i+1) == "that" {
		if j, x, ok := p.core(i + 1); ok && x.k == kRel {
			return j, x, true
		}
	}
	if w := p.low(i); w == "earlier" || w == "later" {
		if j, x, ok := p.core(i + 1); ok && x.k == kRel && !x.anaph && (p.seq(i+1, "this") || p.seq(i+1, "next") || p.seq(i+1, "last")) {
			if w == "earlier" {
				x.mod = "START"
			} else {
				x.mod = "END"
			}
			if p.seq(i+1, "this") && w == "earlier" {
				x.dir = -1
			}
			return j, x, true
		}
		if j, x, ok := p.core(i + 1); ok && (p.low(i+1) == "today" || p.low(i+1) == "tonight") {
			return j, x, true // "later today"
		}
	}
	// Duration and approximation modifiers.
	for _, dm := range durationMods {
		if !p.seq(i, dm.words...) {
			continue
		}
		k := i + len(dm.words)
		j, x, ok := p.core(k)
		if !ok {
			continue
		}
		switch {
		case x.typ == doc.DURATION && !strings.Contains(x.lit, "X"):
			if p.seq(k, "the") {
				continue // "over the past week": a preposition
			}
			x.mod = dm.mod
			return j, x, true
		case x.typ == doc.TIME && x.k == kTimeOfDay && x.clock != "" && (dm.mod == "APPROX"):
			x.mod = dm.mod
			return j, x, true
		case x.k == kRel && x.code != "" && !x.anaph && x.n != 0 && (dm.mod == "APPROX" || dm.mod == "LESS_THAN") && dm.words[0] != "some":
			x.mod = "APPROX"
			return j, x, true
		}
	}
	return 0, expr{}, false
}

// core tries every unmodified expression at i and keeps the longest.
func (p *parser) core(i int) (int, expr, bool) {
	bj, bx, found := 0, expr{}, false
	try := func(j int, x expr, ok bool) {
		if ok && j > i && (!found || j > bj) {
			bj, bx, found = j, x, true
		}
	}
	try(p.calendar(i))
	try(p.isoDate(i))
	try(p.yearExpr(i))
	try(p.decade(i))
	try(p.century(i))
	try(p.season(i))
	try(p.quarter(i))
	try(p.weekdayExpr(i))
	try(p.deicticDay(i))
	try(p.relative(i))
	try(p.duration(i))
	try(p.ago(i))
	try(p.set(i))
	try(p.clockTime(i))
	try(p.partOfDayExpr(i))
	try(p.refWord(i))
	try(p.holiday(i))
	return bj, bx, found
}

// monthOK decides whether a month word at i, matched up to j, is a month:
// "May" and "March" need a capital and a date-like neighbour.
func (p *parser) monthOK(i, j int, hasDay, hasYear bool) bool {
	w := p.low(i)
	if !p.t[i].upper {
		return false
	}
	if hasDay || hasYear {
		return true
	}
	if ambiguousMonths[w] {
		if w != "may" && len(w) == 3 {
			return false
		}
		prev := p.low(i - 1)
		switch prev {
		case "in", "since", "until", "till", "by", "of", "last", "next", "this", "early", "late", "mid", "-",
			"from", "through", "during", "before", "after", "to", "and", "or", "between", "that", "each", "every":
			return true
		}
		return false
	}
	// An abbreviation alone ("Aug.") is a month only with a period.
	if len(w) <= 4 && w != "june" && w != "july" && j == i+1 {
		return false
	}
	return true
}

// calendar matches month-name dates: "Jan. 23, 2017", "23 January 2017",
// "January 2017", "November 23", "June", "the 23rd of January", optionally
// led by a weekday ("Monday, Jan. 23").
func (p *parser) calendar(i int) (int, expr, bool) {
	start := i
	wdJ, _, hasWD := p.weekday(i)
	if hasWD {
		// "Thursday, Jan. 6", "Tuesday, December 3, 1991": as in the
		// TimeML guidelines' examples, the weekday and the date it names
		// are one expression with the date's value.
		k := wdJ
		if p.low(k) == "," {
			k++
		}
		if j, x, ok := p.calendar(k); ok && x.d != 0 && p.t[i].upper {
			return j, x, true
		}
		return 0, expr{}, false
	}
	x := expr{typ: doc.DATE, k: kCal}
	// "the week of March 6": the week that holds the date.
	if p.seq(i, "the", "week", "of") {
		if j, dx, ok := p.calendar(i + 3); ok && dx.g == gDay && dx.clock == "" && dx.float == 0 {
			dx.weekOf = true
			return j, dx, true
		}
		return 0, expr{}, false
	}
	// "last April", "this September", "this past May", "next June".
	switch p.low(i) {
	case "last", "next", "this", "past", "coming":
		k := i + 1
		dir := 0
		switch p.low(i) {
		case "last", "past":
			dir = -1
		case "next", "coming":
			dir = 1
		}
		if p.low(i) == "this" && (p.low(k) == "past" || p.low(k) == "coming") {
			dir = -1
			if p.low(k) == "coming" {
				dir = 1
			}
			k++
		}
		if j, m, ok := p.month(k); ok && p.t[k].upper && !(k < len(p.t)-1 && p.t[j-1].num) {
			if _, _, hasDay := p.dayNum(j); !hasDay || p.low(i) == "this" {
				x.m, x.g, x.dir = m, gMonth, dir
				if dir == 0 {
					x.yRel = true
				}
				return j, x, true
			}
		}
	}
	// Month first.
	if j, m, ok := p.month(i); ok {
		x.m = m
		k := j
		hasDay, hasYear := false, false
		if dj, d, ok := p.dayNum(k); ok && !(p.low(dj) == ":" && dj+1 < len(p.t) && p.t[dj+1].num && p.glued(dj+1)) {
			x.d, k, hasDay = d, dj, true
			// "23, 2017" / "23 2017"
			kk := k
			if p.low(kk) == "," {
				kk++
			}
			if yj, y, ok := p.year(kk); ok && p.t[kk].num {
				x.y, k, hasYear = y, yj, true
			}
		} else {
			kk := k
			if p.low(kk) == "," || p.low(kk) == "of" {
				kk++
			}
			if yj, y, ok := p.year(kk); ok {
				x.y, k, hasYear = y, yj, true
			} else if p.seq(kk, "last", "year") || p.seq(kk, "next", "year") || p.seq(kk, "this", "year") {
				// "July last year"
				x.yRel, hasYear, k = true, true, kk+2
				switch p.low(kk) {
				case "last":
					x.yOff = -1
				case "next":
					x.yOff = 1
				}
			}
		}
		if !p.monthOK(start, j, hasDay, hasYear) {
			return 0, expr{}, false
		}
		switch {
		case hasDay:
			x.g = gDay
		default:
			x.g = gMonth
		}
		return k, x, true
	}
	// Day first: "23 January 2017", "the 23rd of January".
	k := i
	if p.low(k) == "the" {
		k++
	}
	if dj, d, ok := p.dayNum(k); ok {
		mk := dj
		if p.low(mk) == "of" {
			mk++
		}
		if mj, m, ok := p.month(mk); ok && p.t[mk].upper && (mk > dj || p.t[k].num) {
			x.m, x.d, x.g = m, d, gDay
			end := mj
			yk := end
			if p.low(yk) == "," {
				yk++
			}
			if yj, y, ok := p.year(yk); ok && p.t[yk].num {
				x.y, end = y, yj
			}
			if k > i && mk == dj { // "the 23 January": no
				return 0, expr{}, false
			}
			return end, x, true
		}
	}
	return 0, expr{}, false
}

// isoDate matches "2017-01-23", "2017-01", "1/23/2017", "23/01/2017" (day
// first when the first number exceeds 12) and an ISO date with a time
// ("2017-01-24 08:47", "2017-01-24T08:47").
func (p *parser) isoDate(i int) (int, expr, bool) {
	if i >= len(p.t) || !p.t[i].num {
		return 0, expr{}, false
	}
	a := p.t[i]
	// ISO
	if len(a.low) == 4 && p.hyphen(i+1) && i+2 < len(p.t) && p.t[i+2].num && len(p.t[i+2].low) == 2 {
		y, m := a.val, p.t[i+2].val
		if m < 1 || m > 12 || y < 1000 {
			return 0, expr{}, false
		}
		x := expr{typ: doc.DATE, k: kCal, y: y, m: m, g: gMonth}
		j := i + 3
		if p.hyphen(j) && j+1 < len(p.t) && p.t[j+1].num && len(p.t[j+1].low) == 2 {
			d := p.t[j+1].val
			if d < 1 || d > 31 {
				return 0, expr{}, false
			}
			x.d, x.g = d, gDay
			j += 2
			// time: "T08:47" or " 08:47"
			k := j
			if p.low(k) == "t" && p.glued(k) {
				k++
			}
			if cj, clock, ok := p.clock(k); ok {
				x.typ, x.clock, j = doc.TIME, clock, cj
			}
		}
		return j, x, true
	}
	// Slashes: m/d/yyyy, m/d/yy
	if len(a.low) <= 2 && p.low(i+1) == "/" && p.glued(i+1) && i+4 < len(p.t) && p.t[i+2].num && p.glued(i+2) &&
		p.low(i+3) == "/" && p.glued(i+3) && p.t[i+4].num && p.glued(i+4) {
		m, d, y := a.val, p.t[i+2].val, p.t[i+4].val
		if m > 12 && d <= 12 {
			m, d = d, m
		}
		switch len(p.t[i+4].low) {
		case 2:
			if y > 30 {
				y += 1900
			} else {
				y += 2000
			}
		case 4:
		default:
			return 0, expr{}, false
		}
		if m < 1 || m > 12 || d < 1 || d > 31 {
			return 0, expr{}, false
		}
		return i + 5, expr{typ: doc.DATE, k: kCal, y: y, m: m, d: d, g: gDay}, true
	}
	return 0, expr{}, false
}

// clock matches "8:47", "08:47:10", "3 p.m.", "3pm", "3:30 a.m.", "noon",
// "midnight", "3 o'clock", with a time zone after it ("EST", "GMT").
func (p *parser) clock(i int) (j int, clock string, ok bool) {
	switch p.low(i) {
	case "noon", "midday":
		if p.low(i-1) == "high" {
			return 0, "", false // the idiom "high noon"
		}
		return i + 1, "12:00", true
	case "midnight":
		return i + 1, "24:00", true
	}
	if i >= len(p.t) || !p.t[i].num || len(p.t[i].low) > 2 {
		return 0, "", false
	}
	h, mi := p.t[i].val, 0
	j = i + 1
	hasMin := false
	if p.low(j) == ":" && p.glued(j) && j+1 < len(p.t) && p.t[j+1].num && len(p.t[j+1].low) == 2 && p.glued(j+1) {
		mi, hasMin = p.t[j+1].val, true
		j += 2
		if p.low(j) == ":" && p.glued(j) && j+1 < len(p.t) && p.t[j+1].num && len(p.t[j+1].low) == 2 {
			j += 2
		}
	}
	if h > 24 || mi > 59 {
		return 0, "", false
	}
	// am / pm
	ampm := ""
	switch {
	case p.seq(j, "a", ".", "m", "."):
		ampm, j = "am", j+4
	case p.seq(j, "p", ".", "m", "."):
		ampm, j = "pm", j+4
	case p.seq(j, "a", ".", "m"):
		ampm, j = "am", j+3
	case p.seq(j, "p", ".", "m"):
		ampm, j = "pm", j+3
	case p.low(j) == "am" || p.low(j) == "pm":
		ampm, j = p.low(j), j+1
	case p.seq(j, "o", "'", "clock"):
		j += 3
		ampm = "oclock"
	case !hasMin && h >= 1 && h <= 12 && (p.seq(j, "in", "the", "morning") || p.seq(j, "in", "the", "afternoon") ||
		p.seq(j, "in", "the", "evening") || p.seq(j, "at", "night")):
		// "4 in the morning", "10 at night"
		ampm = "pm"
		if p.low(j+2) == "morning" || p.low(j+1) == "night" && h == 12 {
			ampm = "am"
		}
		if p.low(j) == "at" {
			j += 2
		} else {
			j += 3
		}
	}
	if !hasMin && ampm == "" {
		return 0, "", false
	}
	if ampm == "pm" && h < 12 {
		h += 12
	}
	if ampm == "am" && h == 12 {
		h = 0
	}
	if ampm == "am" || ampm == "pm" {
		if h > 23 {
			return 0, "", false
		}
	}
	switch p.low(j) {
	case "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "gmt", "utc", "bst", "cet", "cest", "et", "pt", "msk":
		if p.t[j].upper {
			j++
		}
	}
	return j, twoDigits(h) + ":" + twoDigits(mi), true
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + string(rune('0'+n))
	}
	return string(rune('0'+n/10)) + string(rune('0'+n%10))
}

// clockTime matches a clock time, optionally followed by a day reference:
// "3 p.m. EST", "8:47", "10 a.m. Monday", "noon today".
func (p *parser) clockTime(i int) (int, expr, bool) {
	j, clock, ok := p.clock(i)
	if !ok {
		return 0, expr{}, false
	}
	x := expr{typ: doc.TIME, k: kTimeOfDay, clock: clock, g: gTime}
	// Followed by a day: "10 a.m. Monday", "noon today".
	k := j
	if p.low(k) == "on" || p.low(k) == "," {
		k++
	}
	if dj, dx, ok := p.weekdayExpr(k); ok && dx.part == "" {
		dx.typ, dx.clock, dx.g = doc.TIME, clock, gTime
		return dj, dx, true
	}
	// Followed by a date: "5 p.m. EST Nov. 9", "5 p.m. EST, Nov. 6".
	if dj, dx, ok := p.calendar(k); ok && dx.g == gDay && dx.clock == "" && dx.float == 0 {
		dx.typ, dx.clock = doc.TIME, clock
		return dj, dx, true
	}
	if k == j {
		if dj, dx, ok := p.deicticDay(k); ok && dx.part == "" {
			dx.typ, dx.clock, dx.g = doc.TIME, clock, gTime
			return dj, dx, true
		}
	}
	return j, x, true
}

// yearExpr matches a year standing alone ("1979", "fiscal 1989", "the year
// 2000", "nineteen ninety-six").
func (p *parser) yearExpr(i int) (int, expr, bool) {
	k := i
	switch {
	case p.seq(i, "fiscal", "year"):
		k = i + 2
	case p.seq(i, "fiscal"), p.seq(i, "fy"):
		k = i + 1
	case p.seq(i, "the", "year"):
		k = i + 2
	case p.seq(i, "calendar", "year"), p.seq(i, "calendar"):
		k = i + 2
		if p.low(i+1) != "year" {
			k = i + 1
		}
	}
	j, y, ok := p.year(k)
	if !ok {
		return 0, expr{}, false
	}
	if k < len(p.t) && p.t[k].num {
		if !p.plausibleYear(k) {
			return 0, expr{}, false
		}
	} else if p.low(k) != "'" && k == i && !(p.low(i) == "nineteen" && j-i >= 2) {
		// Spelled years only after "in", "of", "since" or a month, save
		// the unmistakable "nineteen ninety-six".
		switch p.low(i - 1) {
		case "in", "since", "of", "until", "by", "year":
		default:
			if months[p.low(i-1)] == 0 {
				return 0, expr{}, false
			}
		}
	}
	return j, expr{typ: doc.DATE, k: kCal, y: y, g: gYear}, true
}

// plausibleYear rejects four-digit numbers at k that are counts or codes
// rather than years: "$1990", "1990 people", "2000 km", "1,999".
func (p *parser) plausibleYear(k int) bool {
	y := p.t[k].val
	if y < 1400 || y > 2100 {
		return false
	}
	switch p.low(k - 1) {
	case "$", "£", "€", "no", "#", "number", "about", "some", "nearly", "over", "than", "only", "just", "¥",
		"almost", "approximately", "to", "from", "by":
		if p.low(k-1) == "to" || p.low(k-1) == "from" || p.low(k-1) == "by" {
			// "from 1990 to 1995" is fine; "rose by 1990" is not a year, but rare.
			return true
		}
		return false
	case ".", ",", ":":
		if p.glued(k) {
			return false
		}
	}
	nx := p.low(k + 1)
	switch nx {
	case "%", "percent", "million", "billion", "thousand", "hundred", "people", "shares", "troops", "soldiers",
		"feet", "ft", "meters", "metres", "miles", "km", "kilometers", "kilometres", "tons", "tonnes", "barrels",
		"points", "dollars", "euros", "pounds", "yuan", "yen", "men", "women", "children", "votes", "cases",
		"units", "jobs", "workers", "members", "deaths", "dead", "civilians", "refugees", "acres", "hectares",
		"kg", "mm", "cm", "mph", "cc", "hp", "x":
		return false
	case ".", ",":
		if p.glued(k+1) && k+2 < len(p.t) && p.t[k+2].num && p.glued(k+2) {
			return false
		}
	case ":":
		if p.glued(k + 1) {
			return false
		}
	}
	if p.hyphen(k+1) && k+2 < len(p.t) && units[p.low(k+2)].code != "" {
		return false // "2000-year-old"
	}
	return true
}

// decade matches "the 1990s", "the '80s", "'90s", "1990s", "the eighties",
// "the mid-1990s".
func (p *parser) decade(i int) (int, expr, bool) {
	k := i
	if p.low(k) == "the" {
		k++
	}
	x := expr{typ: doc.DATE, k: kLit, g: gDecade}
	if k < len(p.t) && p.t[k].num && len(p.t[k].low) == 4 && p.low(k+1) == "s" && p.glued(k+1) && p.t[k].val%10 == 0 {
		x.lit = p.t[k].low[:3]
		return k + 2, x, true
	}
	if p.low(k) == "'" && k+2 < len(p.t) && p.t[k+1].num && len(p.t[k+1].low) == 2 && p.glued(k+1) &&
		p.low(k+2) == "s" && p.glued(k+2) && p.t[k+1].val%10 == 0 {
		c := "19"
		if p.t[k+1].val < 30 {
			c = "20"
		}
		x.lit = c + p.t[k+1].low[:1]
		return k + 3, x, true
	}
	if k+1 < len(p.t) && p.t[k].num && len(p.t[k].low) == 2 && p.low(k+1) == "s" && p.glued(k+1) && k > i &&
		p.t[k].val%10 == 0 && p.t[k].val >= 20 {
		x.lit = "19" + p.t[k].low[:1]
		return k + 2, x, true
	}
	if k > i {
		tens := map[string]string{"twenties": "2", "thirties": "3", "forties": "4", "fifties": "5", "sixties": "6",
			"seventies": "7", "eighties": "8", "nineties": "9"}
		if d, ok := tens[p.low(k)]; ok {
			x.lit = "19" + d
			return k + 1, x, true
		}
	}
	return 0, expr{}, false
}

// century matches "the 20th century", "the nineteenth century".
func (p *parser) century(i int) (int, expr, bool) {
	k := i
	if p.low(k) == "the" {
		k++
	}
	n := 0
	j := k
	if k < len(p.t) && p.t[k].num && len(p.t[k].low) <= 2 {
		n = p.t[k].val
		j = k + 1
		switch p.low(j) {
		case "st", "nd", "rd", "th":
			j++
		default:
			return 0, expr{}, false
		}
	} else if o, ok := ordinalWords[p.low(k)]; ok {
		n, j = o, k+1
	} else if p.seq(k, "twenty", "-", "first") {
		n, j = 21, k+3
	}
	if n < 1 || n > 30 || p.low(j) != "century" {
		return 0, expr{}, false
	}
	return j + 1, expr{typ: doc.DATE, k: kLit, lit: twoDigits(n - 1), g: gCentury}, true
}

// season matches "summer", "this summer", "last fall", "the summer of
// 2016", "summer 2016", "spring" (after a determiner or preposition).
func (p *parser) season(i int) (int, expr, bool) {
	x := expr{typ: doc.DATE, k: kCal, g: gSeason}
	k := i
	det := ""
	switch p.low(i) {
	case "this", "last", "next", "the", "past", "coming":
		det = p.low(i)
		k++
		if (det == "the" || det == "this") && (p.low(k) == "past" || p.low(k) == "coming") {
			det = p.low(k)
			k++
		}
	}
	s, ok := seasons[p.low(k)]
	if !ok {
		return 0, expr{}, false
	}
	x.season = s
	j := k + 1
	yk := j
	if p.low(yk) == "of" {
		yk++
	}
	if yj, y, ok := p.year(yk); ok && (p.t[yk].num || yk > j) {
		x.y, j = y, yj
	} else if (p.low(k) == "fall" || p.low(k) == "spring") && det == "" {
		switch p.low(i - 1) {
		case "in", "during", "since", "until", "by", "early", "late", "mid", "-", "this", "last", "next":
		default:
			return 0, expr{}, false
		}
	}
	if p.low(j) == "'" && p.low(j+1) == "s" && det == "" {
		return 0, expr{}, false
	}
	switch det {
	case "this":
		x.yRel = true
	case "last", "past":
		x.dir = -1
	case "next", "coming":
		x.dir = 1
	}
	return j, x, true
}

// quarter matches fiscal quarters and halves: "the third quarter",
// "third-quarter", "the fourth quarter of 1989", "Q3", "the first half",
// "the quarter", "the latest quarter", "this year's third quarter".
func (p *parser) quarter(i int) (int, expr, bool) {
	// "the first two quarters of 1990" is its first half.
	if k := i + boolInt(p.low(i) == "the"); (p.seq(k, "first", "two", "quarters") || p.seq(k, "last", "two", "quarters")) && p.low(k+3) == "of" {
		if yj, y, ok := p.year(k + 4); ok && p.t[k+4].num {
			h := 1
			if p.low(k) == "last" {
				h = 2
			}
			return yj, expr{typ: doc.DATE, k: kCal, y: y, q: h, g: gHalf}, true
		}
	}
	x := expr{typ: doc.DATE, k: kCal, g: gQuarter}
	k := i
	if p.low(k) == "the" {
		k++
	}
	// "this year's", "last year's"
	if p.seq(k, "this", "year", "'", "s") || p.seq(k, "last", "year", "'", "s") || p.seq(k, "next", "year", "'", "s") {
		x.yRel = true
		switch p.low(k) {
		case "last":
			x.yOff = -1
		case "next":
			x.yOff = 1
		}
		k += 4
	} else if j, y, ok := p.year(k); ok && p.t[k].num && p.low(j) != "'" {
		x.y = y
		k = j
	}
	if p.low(k) == "fiscal" {
		k++
	}
	// "Q3"
	if w := p.low(k); len(w) == 2 && w[0] == 'q' && w[1] >= '1' && w[1] <= '4' {
		x.q = int(w[1] - '0')
		j := k + 1
		if yj, y, ok := p.year(j); ok && p.t[j].num {
			x.y, j = y, yj
		}
		return j, x, true
	}
	ord := 0
	switch p.low(k) {
	case "first", "1st":
		ord = 1
	case "second", "2nd":
		ord = 2
	case "third", "3rd":
		ord = 3
	case "fourth", "4th", "final":
		ord = 4
	case "last", "latter":
		if p.low(k+1) == "half" {
			ord = 2
		}
	}
	if k < len(p.t) && p.t[k].num && len(p.t[k].low) == 1 && (p.low(k+1) == "st" || p.low(k+1) == "nd" || p.low(k+1) == "rd" || p.low(k+1) == "th") {
		ord = p.t[k].val
		k++
	}
	if ord > 0 {
		j := k + 1
		if p.hyphen(j) {
			if k > i && p.low(i) == "the" {
				return 0, expr{}, false // "the third-quarter results": the article is the noun's
			}
			j++
		}
		if p.low(j) == "fiscal" {
			j++
		}
		switch p.low(j) {
		case "quarter":
			if ord > 4 {
				return 0, expr{}, false
			}
			x.q = ord
		case "half":
			if ord > 2 {
				return 0, expr{}, false
			}
			if ord == 4 { // "final half" is not a thing
				return 0, expr{}, false
			}
			x.q, x.g = ord, gHalf
		default:
			return 0, expr{}, false
		}
		j++
		// "the last half of the '80s": the start or end of a decade or
		// century, not a half-year.
		if x.g == gHalf && p.low(j) == "of" {
			dj, dx, ok := p.decade(j + 1)
			if !ok {
				dj, dx, ok = p.century(j + 1)
			}
			if ok {
				dx.mod = "START"
				if x.q == 2 {
					dx.mod = "END"
				}
				return dj, dx, true
			}
		}
		yk := j
		if p.low(yk) == "of" {
			yk++
			if p.low(yk) == "fiscal" {
				yk++
			}
		}
		if yj, y, ok := p.year(yk); ok && p.t[yk].num {
			x.y, j = y, yj
		} else if p.seq(yk, "this", "year") || p.seq(yk, "last", "year") || p.seq(yk, "next", "year") || p.seq(yk, "the", "year") {
			x.yRel = true
			if p.low(yk) == "last" {
				x.yOff = -1
			} else if p.low(yk) == "next" {
				x.yOff = 1
			}
			j = yk + 2
		}
		return j, x, true
	}
	// "the 1988 quarter", "the 1989 period": the quarter last named, in
	// that year.
	if p.low(i) == "the" {
		if yj, y, ok := p.year(i + 1); ok && p.t[i+1].num && (p.low(yj) == "quarter" || p.low(yj) == "period") {
			return yj + 1, expr{typ: doc.DATE, k: kCal, y: y, g: gQuarter, qRef: true}, true
		}
	}
	// "last year's quarter", "the quarter a year ago", "the corresponding
	// period last year"
	if p.seq(i, "last", "year", "'", "s") && (p.low(i+4) == "quarter" || p.low(i+4) == "period") {
		return i + 5, expr{typ: doc.DATE, k: kRel, code: "Y", n: -1, anaph: true, yearAg: true, g: gQuarter}, true
	}
	if p.low(i) == "the" {
		k := i + 1
		switch p.low(k) {
		case "same", "comparable", "corresponding", "year-ago":
			k++
		}
		if p.low(k) == "quarter" || p.low(k) == "period" {
			if p.seq(k+1, "a", "year", "ago") || p.seq(k+1, "a", "year", "earlier") {
				return k + 4, expr{typ: doc.DATE, k: kRel, code: "Y", n: -1, anaph: true, yearAg: true, g: gQuarter}, true
			}
			if p.seq(k+1, "last", "year") || p.seq(k+1, "of", "last", "year") {
				j := k + 3
				if p.low(k+1) == "of" {
					j++
				}
				return j, expr{typ: doc.DATE, k: kRel, code: "Y", n: -1, anaph: true, yearAg: true, g: gQuarter}, true
			}
		}
	}
	// "the quarter", "the latest quarter", "the year-earlier period"
	if p.low(i) == "the" || p.low(i) == "this" {
		k = i + 1
		qualifier := ""
		switch p.low(k) {
		case "latest", "current", "recent", "most", "past", "previous", "last", "same", "comparable", "fiscal", "corresponding":
			qualifier = p.low(k)
			k++
			if qualifier == "most" {
				if p.low(k) != "recent" {
					return 0, expr{}, false
				}
				k++
			}
		}
		if p.seq(k, "year", "-", "earlier") || p.seq(k, "year", "-", "ago") {
			q := k + 3
			switch p.low(q) {
			case "first", "second", "third", "fourth":
				if p.low(q+1) == "quarter" {
					return q + 2, expr{typ: doc.DATE, k: kCal, q: ordinalWords[p.low(q)], g: gQuarter, yRel: true, yOff: -1}, true
				}
			case "quarter", "period":
				return q + 1, expr{typ: doc.DATE, k: kRel, code: "Y", n: -1, anaph: true, yearAg: true, g: gQuarter}, true
			}
			// "the year-earlier nine months": a period as long, a year
			// before.
			if dj, dx, ok := p.duration(q); ok && dx.typ == doc.DURATION && qualifier == "" {
				return dj, dx, true
			}
			return 0, expr{}, false
		}
		if p.low(k) == "quarter" || (p.low(k) == "period" && qualifier != "" && qualifier != "past") {
			if p.hyphen(k + 1) {
				return 0, expr{}, false // "the quarter-to-quarter comparison"
			}
			if p.low(i) == "this" {
				return k + 1, expr{typ: doc.DATE, k: kRel, code: "Q", n: 0, g: gQuarter}, true
			}
			if qualifier == "current" {
				return k + 1, expr{typ: doc.DATE, k: kRel, code: "Q", n: 0, g: gQuarter}, true
			}
			if qualifier == "past" || qualifier == "previous" || qualifier == "last" {
				return k + 1, expr{typ: doc.DATE, k: kRel, code: "Q", n: -1, g: gQuarter}, true
			}
			anaph := qualifier == "" || qualifier == "same" || qualifier == "comparable" || qualifier == "corresponding"
			return k + 1, expr{typ: doc.DATE, k: kQuarterRef, g: gQuarter, anaph: anaph}, true
		}
	}
	return 0, expr{}, false
}

// weekdayExpr matches "Monday", "last Friday", "next Tuesday", "Monday
// morning", "Wednesday night".
func (p *parser) weekdayExpr(i int) (int, expr, bool) {
	x := expr{typ: doc.DATE, k: kWeekday}
	k := i
	switch p.low(i) {
	case "last", "past":
		x.dir, k = -1, i+1
	case "next", "coming":
		x.dir, k = 1, i+1
	case "the":
		switch p.low(i + 1) {
		case "previous", "preceding":
			x.dir, k, x.anaph = -1, i+2, true
		case "following":
			x.dir, k, x.anaph = 1, i+2, true
		default:
			return 0, expr{}, false
		}
	case "this":
		k = i + 1
		if p.low(k) == "past" {
			x.dir, k = -1, k+1
		} else if p.low(k) == "coming" {
			x.dir, k = 1, k+1
		}
	}
	j, wd, ok := p.weekday(k)
	if !ok || !p.t[k].upper {
		return 0, expr{}, false
	}
	// Not "Mondays" (a set) and not a name such as "Black Monday"? keep.
	if p.low(j) == "s" && p.glued(j) {
		return 0, expr{}, false
	}
	x.wd = wd
	if pj, part, ok := p.partOfDay(j); ok {
		x.part, x.typ, j = part, doc.TIME, pj
	}
	return j, x, true
}

// deicticDay matches "today", "yesterday", "tomorrow", "tonight", "last
// night", "this morning", "yesterday afternoon", "the day before yesterday".
// genericNow are nouns after "today's" that make it the present age ("in
// today's world") rather than the day of publication.
var genericNow = map[string]bool{
	"world": true, "youth": true, "society": true, "generation": true, "children": true, "kids": true,
	"young": true, "economy": true, "computers": true, "technology": true, "standards": true, "culture": true,
	"families": true, "women": true, "men": true, "students": true, "politics": true,
}

func (p *parser) deicticDay(i int) (int, expr, bool) {
	x := expr{typ: doc.DATE, k: kRel, code: "D", g: gDay}
	j := i + 1
	switch p.low(i) {
	case "today":
		// "today's world", "today's youth": the present age, not a day.
		if p.seq(j, "'", "s") && genericNow[p.low(j+2)] {
			return 0, expr{}, false
		}
		x.n = 0
	case "yesterday":
		x.n = -1
	case "tomorrow":
		// "the people of tomorrow", "tomorrow's world": the future age.
		if p.low(i-1) == "of" && p.low(i-2) != "morning" || p.seq(j, "'", "s") && genericNow[p.low(j+2)] {
			return 0, expr{}, false
		}
		x.n = 1
	case "tonight":
		x.n, x.part, x.typ = 0, "NI", doc.TIME
		return j, x, true
	case "overnight":
		return 0, expr{}, false
	case "last":
		if p.low(j) == "night" {
			x.n, x.part, x.typ = -1, "NI", doc.TIME
			return j + 1, x, true
		}
		return 0, expr{}, false
	case "this":
		if pj, part, ok := p.partOfDay(j); ok && part != "NI" {
			x.n, x.part, x.typ = 0, part, doc.TIME
			return pj, x, true
		}
		return 0, expr{}, false
	case "the":
		if p.seq(j, "day", "before", "yesterday") {
			x.n = -2
			return j + 3, x, true
		}
		if p.seq(j, "day", "after", "tomorrow") {
			x.n = 2
			return j + 3, x, true
		}
		return 0, expr{}, false
	default:
		return 0, expr{}, false
	}
	if pj, part, ok := p.partOfDay(j); ok {
		x.part, x.typ, j = part, doc.TIME, pj
	}
	return j, x, true
}

// relative matches "last week", "this month", "next year", "the coming
// week", "the following day", "the previous year", "that day", "the same
// day", "the weekend", "last year", "the past week" (a duration), "the year".
func (p *parser) relative(i int) (int, expr, bool) {
	k := i
	the := false
	if p.low(k) == "the" {
		the = true
		k++
	}
	det := p.low(k)
	var n int
	anaph := false
	switch det {
	case "this", "current", "present":
		n = 0
		if det != "this" && !the {
			return 0, expr{}, false
		}
		if det == "this" && the {
			return 0, expr{}, false
		}
		if p.low(k+1) == "fiscal" && p.low(k+2) == "year" {
			k++
		}
	case "latest":
		if !the || !(p.seq(k+1, "fiscal", "year")) {
			return 0, expr{}, false
		}
		n = -1
		k++
	case "last", "past", "previous", "preceding":
		n = -1
		if det == "previous" || det == "preceding" {
			if !the {
				return 0, expr{}, false
			}
			anaph = true
		}
	case "next", "coming", "following", "upcoming":
		n = 1
		if det == "following" {
			if !the {
				return 0, expr{}, false
			}
			anaph = true
		}
		if det == "next" && the {
			anaph = true
		}
	case "same":
		if !the {
			return 0, expr{}, false
		}
		anaph = true
	case "that":
		if the {
			return 0, expr{}, false
		}
		anaph = true
	default:
		// "the weekend", "the year", "the fiscal year", "the full year"
		if the {
			if (det == "fiscal" || det == "full") && p.low(k+1) == "year" {
				if p.low(i-1) == "throughout" || p.low(k+2) == "ended" || p.low(k+2) == "ending" {
					return k + 2, expr{typ: doc.DURATION, k: kLit, lit: "P1Y"}, true
				}
				return k + 2, expr{typ: doc.DATE, k: kRel, code: "Y", n: 0, g: gYear}, true
			}
			switch det {
			case "weekend":
				return k + 1, expr{typ: doc.DATE, k: kRel, code: "WE", n: 0, g: gWeekend}, true
			case "year":
				// "the year ended Sept. 30" is a twelve-month period;
				// "for the year" alone is the current year.
				if p.low(i-1) == "throughout" || p.low(k+1) == "ended" || p.low(k+1) == "ending" {
					return k + 1, expr{typ: doc.DURATION, k: kLit, lit: "P1Y"}, true
				}
				// Not "the year of the dragon", "the year before"; but
				// "a high for the year of $42.875" is this year.
				of := p.low(k+1) == "of" && !(p.low(k+2) == "$" || k+2 < len(p.t) && (p.t[k+2].num || p.t[k+2].isDec))
				if p.low(k+1) == "-" || p.low(k+1) == "'" || p.low(k+1) == "before" || p.low(k+1) == "after" || of || p.low(k+1) == "when" || p.low(k+1) == "in" {
					return 0, expr{}, false
				}
				return k + 1, expr{typ: doc.DATE, k: kRel, code: "Y", n: 0, g: gYear}, true
			}
		}
		return 0, expr{}, false
	}
	k++
	j, u, ok := p.unitAt(k)
	if !ok || isPlural(p.low(k)) {
		return 0, expr{}, false
	}
	switch u.code {
	case "S", "MIN", "H", "N", "2W", "ML":
		return 0, expr{}, false
	}
	// "the past week", "the last year": durations.
	if the && (det == "past" || det == "last") {
		return j, expr{typ: doc.DURATION, k: kLit, lit: durationValue(1, u.code, false)}, true
	}
	if det == "past" && !the {
		return 0, expr{}, false
	}
	if det == "same" || det == "that" {
		n = 0
	}
	x := expr{typ: doc.DATE, k: kRel, code: u.code, n: n, anaph: anaph, g: u.g}
	if u.code == "WE" {
		x.code = "W"
	}
	if pj, part, ok := p.partOfDay(j); ok && u.code == "D" {
		x.part, x.typ, j = part, doc.TIME, pj
	}
	return j, x, true
}

// determiners start a noun phrase: after "quarters of" they make a fraction
// ("three quarters of the vote").
var determiners = map[string]bool{
	"the": true, "a": true, "an": true, "its": true, "their": true, "his": true, "her": true, "all": true,
	"this": true, "that": true, "these": true, "those": true, "our": true, "your": true, "my": true,
}

// rate reports whether "a year" at i is a rate: after a quantity ("$33
// million a year", "four flights a week", "24 hours a day").
func (p *parser) rate(i int) bool {
	if perUnit(p.low(i - 1)) {
		return true
	}
	for k := i - 2; k >= i-3 && k >= 0; k-- {
		if p.t[k].num || p.t[k].isDec || numberWords[p.low(k)] > 1 {
			return p.low(i-1) != "for" && p.low(i-1) != "in" && p.low(i-1) != "within"
		}
	}
	return false
}

// perUnit reports whether w, before "a year", makes it a rate.
func perUnit(w string) bool {
	switch w {
	case "million", "billion", "thousand", "hundred", "dollars", "cents", "percent", "%", "times", "once", "twice",
		"shares", "barrels", "tons", "tonnes", "people", "visitors", "units", "sold", "each":
		return true
	}
	return len(w) > 0 && w[0] >= '0' && w[0] <= '9'
}

func isPlural(w string) bool {
	switch w {
	case "days", "weeks", "months", "years", "quarters", "decades", "centuries", "weekends", "nights", "minutes", "seconds", "hours":
		return true
	}
	return false
}

// duration matches "two days", "four years", "2 1/2 years", "two and a
// half years", "a year", "several years", "the next two days", "the past
// 20 years", "the first nine months", "two-year", "recent weeks", "years"
// (after "for").
func (p *parser) duration(i int) (int, expr, bool) {
	k := i
	the := false
	if p.low(k) == "the" {
		the = true
		k++
		switch p.low(k) {
		case "past", "last", "next", "first", "previous", "coming", "following", "final", "latest", "preceding", "initial", "remaining":
			k++
		}
	} else if p.low(k) == "recent" || p.low(k) == "coming" {
		if j, u, ok := p.unitAt(k + 1); ok && isPlural(p.low(k+1)) {
			if u.code == "Y" && p.low(k) == "recent" {
				return j, expr{typ: doc.DATE, k: kLit, lit: "PAST_REF"}, true
			}
			if p.low(k) == "coming" {
				return j, expr{typ: doc.DATE, k: kLit, lit: "FUTURE_REF"}, true
			}
			return j, expr{typ: doc.DURATION, k: kLit, lit: durationValue(0, u.code, true)}, true
		}
		return 0, expr{}, false
	}
	if the && p.seq(k, "few") {
		// "the past few weeks"
		if j, u, ok := p.unitAt(k + 1); ok && isPlural(p.low(k+1)) {
			return j, expr{typ: doc.DURATION, k: kLit, lit: durationValue(0, u.code, true)}, true
		}
	}
	if the && k == i+1 && isPlural(p.low(k)) && (p.low(k+1) == "ahead" || p.low(i-1) == "over") {
		// "the weeks ahead", "over the years"
		if j, u, ok := p.unitAt(k); ok && u.g != gTime {
			if p.low(j) == "ahead" {
				j++
			}
			return j, expr{typ: doc.DURATION, k: kLit, lit: durationValue(0, u.code, true)}, true
		}
	}
	if the && k > i+1 {
		if j, u, ok := p.unitAt(k); ok && isPlural(p.low(k)) {
			// "the coming weeks", "the past years"
			return j, expr{typ: doc.DURATION, k: kLit, lit: durationValue(0, u.code, true)}, true
		}
	}
	nj, v, vague, ok := p.number(k)
	if !ok {
		// Bare plural after "for"/"over": "for years".
		if !the && isPlural(p.low(i)) && (p.low(i-1) == "for" || p.low(i-1) == "in" || p.low(i-1) == "within") {
			if _, u, ok := p.unitAt(i); ok && u.code != "N" {
				if p.low(i-1) == "in" && !(p.low(i+1) == "." || p.low(i+1) == ",") {
					return 0, expr{}, false
				}
				return i + 1, expr{typ: doc.DURATION, k: kLit, lit: durationValue(0, u.code, true)}, true
			}
		}
		return 0, expr{}, false
	}
	if the && k == i+1 && (p.low(k) == "a" || p.low(k) == "an" || p.low(k) == "one") {
		return 0, expr{}, false
	}
	// "Islam will one day be...", "he hopes he one day follows": some day
	// to come, not a duration.
	if !the && p.seq(i, "one", "day") {
		switch p.low(i - 1) {
		case "will", "would", "could", "may", "might", "can", "shall", "should", "he", "she", "they", "we", "i", "you", "it":
			return i + 2, expr{typ: doc.DATE, k: kLit, lit: "FUTURE_REF"}, true
		}
	}
	if k < len(p.t) && p.t[k].num && len(p.t[k].low) == 4 {
		return 0, expr{}, false // "the 1988 quarter"
	}
	uk := nj
	hy := false
	// "20 more years", "an additional year", "two extra days", "eight
	// trading days"
	switch p.low(uk) {
	case "more", "additional", "extra", "further", "trading", "business", "working":
		if _, _, ok := p.unitAt(uk + 1); ok {
			uk++
		}
	}
	if p.hyphen(uk) {
		uk++
		hy = true
	}
	j, u, ok := p.unitAt(uk)
	if !ok {
		return 0, expr{}, false
	}
	if hy {
		if the {
			return 0, expr{}, false // "the two-year contract": the article is the noun's
		}
		// "two-year" is a duration; "two-year-old" is an age.
		if p.hyphen(j) && p.low(j+1) == "old" {
			return 0, expr{}, false
		}
		if vague {
			return 0, expr{}, false
		}
	} else if !vague && v == 1 && isPlural(p.low(uk)) {
		return 0, expr{}, false
	}
	if p.low(j) == "-" && p.glued(j) && p.low(j+1) != "long" {
		return 0, expr{}, false // "a year-earlier loss", "two-year-old"
	}
	if p.low(j) == "old" {
		return 0, expr{}, false
	}
	if vague && !isPlural(p.low(uk)) {
		return 0, expr{}, false
	}
	if u.code == "Q" && (p.low(j) == "of" && !(vague && isPlural(p.low(uk)) && !determiners[p.low(j+1)]) || hy && isPlural(p.low(uk))) {
		return 0, expr{}, false // "a quarter of the shares", "three-quarters"; not "several quarters of losses"
	}
	if u.code == "S" && (p.low(k) == "a" || p.low(k) == "one") && p.low(j) != "later" && p.low(j) != "earlier" {
		return 0, expr{}, false // "a second time"
	}
	if the && p.low(i+1) == "first" && u.code == "Q" {
		return 0, expr{}, false
	}
	x := expr{typ: doc.DURATION, k: kLit, lit: durationValue(v, u.code, vague)}
	if (p.low(k) == "a" || p.low(k) == "an") && !the && p.rate(i) {
		// "$33 million a year", "50,000 CDs a year": a rate.
		x.typ = doc.SET
	}
	if u.code == "WE" {
		x.lit = durationValue(v*2, "D", vague)
	}
	if p.seq(j, "and", "a", "half") && !vague {
		x.lit = durationValue(v+0.5, u.code, false)
		j += 3
	}
	// "a year" alone right after a price or a number is a rate: leave to set.
	return j, x, true
}

// ago matches "a year ago", "two days earlier", "a day later", "six weeks
// ago", "two years from now", "a year earlier", "year-earlier".
func (p *parser) ago(i int) (int, expr, bool) {
	// "year-earlier", "year-ago" as adjectives.
	if p.seq(i, "year", "-", "earlier") || p.seq(i, "year", "-", "ago") {
		return i + 3, expr{typ: doc.DATE, k: kRel, code: "Y", n: -1, anaph: true, yearAg: true, g: gYear}, true
	}
	nj, v, vague, ok := p.number(i)
	if !ok {
		if p.low(i) == "years" || p.low(i) == "months" || p.low(i) == "days" || p.low(i) == "weeks" || p.low(i) == "decades" {
			if p.low(i+1) == "ago" || p.low(i+1) == "earlier" || p.low(i+1) == "later" {
				return i + 2, expr{typ: doc.DATE, k: kLit, lit: "PAST_REF"}, p.low(i+1) == "ago"
			}
		}
		return 0, expr{}, false
	}
	uk := nj
	j, u, ok := p.unitAt(uk)
	if !ok {
		return 0, expr{}, false
	}
	if v != float64(int(v)) && !vague {
		return 0, expr{}, false
	}
	n := int(v)
	x := expr{typ: doc.DATE, k: kRel, code: u.code, g: u.g}
	// "a week or so ago"
	if p.seq(j, "or", "so") && (p.low(j+2) == "ago" || p.low(j+2) == "earlier" || p.low(j+2) == "later") {
		j += 2
		x.mod = "APPROX"
	}
	if u.code == "WE" || u.code == "N" {
		x.code = "D"
		if u.code == "WE" {
			x.code = "W"
		}
	}
	switch {
	case p.low(j) == "ago":
		x.n = -n
		j++
	case p.low(j) == "earlier" || p.low(j) == "before" && (p.low(j+1) == "." || p.low(j+1) == "," || p.low(j+1) == ""):
		x.n, x.anaph = -n, true
		j++
	case p.low(j) == "later" || p.low(j) == "after" && (p.low(j+1) == "." || p.low(j+1) == "," || p.low(j+1) == ""):
		x.n, x.anaph = n, true
		j++
	case p.seq(j, "from", "now") || p.seq(j, "hence"):
		x.n = n
		j += 2
		if p.low(j-1) == "hence" {
			j--
		}
	default:
		return 0, expr{}, false
	}
	if vague {
		if p.low(j-1) == "ago" || p.low(j-1) == "earlier" || p.low(j-1) == "before" {
			x = expr{typ: doc.DATE, k: kLit, lit: "PAST_REF"}
		} else {
			x = expr{typ: doc.DATE, k: kLit, lit: "FUTURE_REF"}
		}
		return j, x, true
	}
	if u.code == "Y" && n == 1 {
		x.yearAg = true
	}
	if u.g == gTime {
		x.g = gTime
	}
	return j, x, true
}

// set matches "every week", "each month", "every Monday", "daily",
// "annually", "twice a year", "once a week", "per year".
func (p *parser) set(i int) (int, expr, bool) {
	switch p.low(i) {
	case "daily", "nightly":
		if p.low(i) == "daily" && (p.low(i+1) == "newspaper" || p.low(i+1) == "paper") {
			return 0, expr{}, false
		}
		return i + 1, expr{typ: doc.SET, k: kLit, lit: "P1D"}, true
	case "weekly":
		return i + 1, expr{typ: doc.SET, k: kLit, lit: "P1W"}, true
	case "monthly":
		return i + 1, expr{typ: doc.SET, k: kLit, lit: "P1M"}, true
	case "annually", "yearly":
		return i + 1, expr{typ: doc.SET, k: kLit, lit: "P1Y"}, true
	case "hourly":
		return i + 1, expr{typ: doc.SET, k: kLit, lit: "PT1H"}, true
	case "every", "each":
		k := i + 1
		if p.low(k) == "other" {
			k++
		}
		if j, u, ok := p.unitAt(k); ok && !isPlural(p.low(k)) {
			n := 1.0
			if k > i+1 {
				n = 2
			}
			return j, expr{typ: doc.SET, k: kLit, lit: durationValue(n, u.code, false)}, true
		}
		if nj, v, vague, ok := p.number(k); ok && !vague && p.low(k) != "a" {
			if j, u, ok := p.unitAt(nj); ok {
				return j, expr{typ: doc.SET, k: kLit, lit: durationValue(v, u.code, false)}, true
			}
		}
		if j, m, ok := p.month(k); ok && p.t[k].upper {
			return j, expr{typ: doc.SET, k: kLit, lit: "XXXX-" + twoDigits(m)}, true
		}
		if j, wd, ok := p.weekday(k); ok {
			lit := "XXXX-WXX-" + string(rune('0'+isoWeekday(wd)))
			if pj, part, ok := p.partOfDay(j); ok {
				lit += "T" + part
				j = pj
			}
			return j, expr{typ: doc.SET, k: kLit, lit: lit}, true
		}
		if pj, part, ok := p.partOfDay(k); ok {
			return pj, expr{typ: doc.SET, k: kLit, lit: "XXXX-XX-XXT" + part}, true
		}
	case "once", "twice":
		if (p.low(i+1) == "a" || p.low(i+1) == "per" || p.low(i+1) == "every" || p.low(i+1) == "each") && p.low(i+2) != "" {
			if j, u, ok := p.unitAt(i + 2); ok && !isPlural(p.low(i+2)) {
				return j, expr{typ: doc.SET, k: kLit, lit: durationValue(1, u.code, false)}, true
			}
		}
	case "per":
		if j, u, ok := p.unitAt(i + 1); ok && !isPlural(p.low(i+1)) && u.code != "" {
			if p.low(i-1) == "times" || (i > 0 && p.t[i-1].num) {
				return j, expr{typ: doc.SET, k: kLit, lit: durationValue(1, u.code, false)}, true
			}
		}
	}
	// "three times a week"
	if nj, _, vague, ok := p.number(i); ok && !vague && p.low(nj) == "times" && (p.low(nj+1) == "a" || p.low(nj+1) == "per" || p.low(nj+1) == "every") {
		if j, u, ok := p.unitAt(nj + 2); ok && !isPlural(p.low(nj+2)) {
			return j, expr{typ: doc.SET, k: kLit, lit: durationValue(1, u.code, false)}, true
		}
	}
	return 0, expr{}, false
}

// partOfDayExpr matches "the morning" after "in" or "during" ("placed
// orders in the morning"): that part of the day last named.
func (p *parser) partOfDayExpr(i int) (int, expr, bool) {
	if p.low(i) != "the" || (p.low(i-1) != "in" && p.low(i-1) != "during") {
		return 0, expr{}, false
	}
	j, part, ok := p.partOfDay(i + 1)
	if !ok || part == "NI" || p.low(i+1) == "overnight" || p.low(j) == "of" || p.low(j) == "'" {
		return 0, expr{}, false
	}
	return j, expr{typ: doc.TIME, k: kTimeOfDay, part: part, g: gTime}, true
}

// refWord matches "now", "currently", "recently", "the future", "the past",
// "soon", "these days", "the present".
func (p *parser) refWord(i int) (int, expr, bool) {
	w := p.low(i)
	if v := deictic[w]; v != "" {
		if w == "soon" && p.low(i+1) == "after" {
			return 0, expr{}, false
		}
		if w == "soon" && p.low(i-1) == "as" {
			return 0, expr{}, false
		}
		return i + 1, expr{typ: doc.DATE, k: kLit, lit: v}, true
	}
	switch {
	case p.seq(i, "year", "-", "end") || p.seq(i, "year", "end") || p.seq(i, "year", "'", "s", "end"):
		j := i + 3
		if p.low(i+1) == "end" {
			j = i + 2
		} else if p.low(i+1) == "'" {
			j = i + 4
		}
		if p.low(i-1) == "the" || p.low(j) == "-" {
			return 0, expr{}, false
		}
		return j, expr{typ: doc.DATE, k: kRel, code: "Y", n: 0, g: gYear, mod: "END"}, true
	case p.seq(i, "the", "near", "future") || p.seq(i, "the", "near", "term") || p.seq(i, "the", "short", "term"):
		return i + 3, expr{typ: doc.DATE, k: kLit, lit: "FUTURE_REF"}, true
	case p.seq(i, "past", "years") && p.low(i-1) != "the":
		return i + 2, expr{typ: doc.DATE, k: kLit, lit: "PAST_REF"}, true
	case p.seq(i, "right", "now"):
		return i + 2, expr{typ: doc.DATE, k: kLit, lit: "PRESENT_REF"}, true
	case p.seq(i, "the", "future"):
		return i + 2, expr{typ: doc.DATE, k: kLit, lit: "FUTURE_REF"}, true
	case p.seq(i, "the", "past") && !p.hyphen(i+2):
		return i + 2, expr{typ: doc.DATE, k: kLit, lit: "PAST_REF"}, true
	case p.seq(i, "the", "present") && !(p.low(i+2) != "" && p.t[i+2].upper == false && p.low(i+2) != "." && p.low(i+2) != "," && p.low(i+2) != "day"):
		return i + 2, expr{typ: doc.DATE, k: kLit, lit: "PRESENT_REF"}, true
	case p.seq(i, "these", "days"):
		return i + 2, expr{typ: doc.DATE, k: kLit, lit: "PRESENT_REF"}, true
	case p.seq(i, "future") && p.low(i-1) == "in":
		return i + 1, expr{typ: doc.DATE, k: kLit, lit: "FUTURE_REF"}, true
	}
	return 0, expr{}, false
}

// holidayStarts are the first words of the holiday names.
var holidayStarts = func() map[string]bool {
	m := map[string]bool{}
	for h := range holidays {
		m[strings.Fields(h)[0]] = true
	}
	return m
}()

// holiday matches fixed holidays: "Christmas", "New Year's Day",
// "Thanksgiving".
func (p *parser) holiday(i int) (int, expr, bool) {
	if i >= len(p.t) || !p.t[i].upper && p.low(i) != "the" || !holidayStarts[p.low(i)] {
		return 0, expr{}, false
	}
	best, bj := [2]int{}, 0
	var parts []string
	for k := i; k < len(p.t) && k < i+5; k++ {
		w := p.low(k)
		if w == "'" && k+1 < len(p.t) && p.low(k+1) == "s" {
			parts = append(parts, "'s")
			k++
			if hd, ok := holidays[strings.ReplaceAll(strings.Join(parts, " "), " 's", "'s")]; ok {
				best, bj = hd, k+1
			}
			continue
		}
		parts = append(parts, w)
		if hd, ok := holidays[strings.ReplaceAll(strings.Join(parts, " "), " 's", "'s")]; ok {
			best, bj = hd, k+1
		}
	}
	if bj == 0 {
		return 0, expr{}, false
	}
	x := expr{typ: doc.DATE, k: kCal, m: best[0], d: best[1], g: gDay}
	if best[1] < 0 {
		x.d, x.float = 0, -best[1]
		// "Easter week": the week that holds the holiday.
		if p.low(bj) == "week" {
			x.weekOf, bj = true, bj+1
		}
	}
	if yj, y, ok := p.year(bj); ok && p.t[bj].num {
		x.y, bj = y, yj
	}
	return bj, x, true
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
