package timex

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// gran is the granularity of a date: the calendar period it names.
type gran uint8

const (
	gTime gran = iota // a time of day
	gDay
	gWeekend
	gWeek
	gMonth
	gSeason
	gQuarter
	gHalf
	gYear
	gDecade
	gCentury
)

// date is a calendar period: the day t lies in it and g says how wide it is.
type date struct {
	t      time.Time
	g      gran
	noYear bool   // the year is unknown: written XXXX
	season string // for gSeason: "SP", "SU", "FA", "WI"
	part   string // for gDay: part of day "MO", "AF", "EV", "NI"
	clock  string // for gTime: "15:04"
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 12, 0, 0, 0, time.UTC) }

// String formats d as a TIMEX3 value.
func (d date) String() string {
	// A year TIMEX3 cannot write (before 1 or after 9999, reached by
	// resolving against an odd anchor such as 0000-01-01) is unknown.
	if yr := d.t.Year(); yr < 1 || yr > 9999 {
		d.noYear = true
	}
	y := fmt.Sprintf("%04d", d.t.Year())
	if d.noYear {
		y = "XXXX"
	}
	switch d.g {
	case gTime:
		s := fmt.Sprintf("%s-%02d-%02d", y, d.t.Month(), d.t.Day())
		if d.clock != "" {
			return s + "T" + d.clock
		}
		if d.part != "" {
			return s + "T" + d.part
		}
		return s
	case gDay:
		s := fmt.Sprintf("%s-%02d-%02d", y, d.t.Month(), d.t.Day())
		if d.part != "" {
			s += "T" + d.part
		}
		return s
	case gWeek, gWeekend:
		iy, w := d.t.ISOWeek()
		ys := fmt.Sprintf("%04d", iy)
		if d.noYear {
			ys = "XXXX"
		}
		s := fmt.Sprintf("%s-W%02d", ys, w)
		if d.g == gWeekend {
			s += "-WE"
		}
		return s
	case gMonth:
		return fmt.Sprintf("%s-%02d", y, d.t.Month())
	case gSeason:
		return y + "-" + d.season
	case gQuarter:
		return fmt.Sprintf("%s-Q%d", y, (int(d.t.Month())-1)/3+1)
	case gHalf:
		return fmt.Sprintf("%s-H%d", y, (int(d.t.Month())-1)/6+1)
	case gYear:
		return y
	case gDecade:
		if d.noYear {
			return "XXX"
		}
		return y[:3]
	case gCentury:
		if d.noYear {
			return "XX"
		}
		return y[:2]
	}
	return y
}

// shift moves d by n units of code ("D", "W", "M", "Q", "Y", "DE", "CE",
// "H", "MIN", "S", "WE").
func (d date) shift(code string, n int) date {
	switch code {
	case "S":
		d.t = d.t.Add(time.Duration(n) * time.Second)
	case "MIN":
		d.t = d.t.Add(time.Duration(n) * time.Minute)
	case "H":
		d.t = d.t.Add(time.Duration(n) * time.Hour)
	case "D", "N":
		d.t = d.t.AddDate(0, 0, n)
	case "W", "WE":
		d.t = d.t.AddDate(0, 0, 7*n)
	case "2W":
		d.t = d.t.AddDate(0, 0, 14*n)
	case "M":
		d.t = addMonths(d.t, n)
	case "Q":
		d.t = addMonths(d.t, 3*n)
	case "H2": // half year
		d.t = addMonths(d.t, 6*n)
	case "Y":
		d.t = d.t.AddDate(n, 0, 0)
	case "DE":
		d.t = d.t.AddDate(10*n, 0, 0)
	case "CE":
		d.t = d.t.AddDate(100*n, 0, 0)
	case "ML":
		d.t = d.t.AddDate(1000*n, 0, 0)
	}
	return d
}

// addMonths moves t by n months, keeping the day inside the month reached.
func addMonths(t time.Time, n int) time.Time {
	first := time.Date(t.Year(), t.Month(), 1, 12, 0, 0, 0, time.UTC).AddDate(0, n, 0)
	last := first.AddDate(0, 1, -1).Day()
	d := t.Day()
	if d > last {
		d = last
	}
	return time.Date(first.Year(), first.Month(), d, 12, 0, 0, 0, time.UTC)
}

// seasonOf names the season a month falls in (northern hemisphere).
func seasonOf(m time.Month) string {
	switch m {
	case time.March, time.April, time.May:
		return "SP"
	case time.June, time.July, time.August:
		return "SU"
	case time.September, time.October, time.November:
		return "FA"
	}
	return "WI"
}

// seasonMonth is the middle month of a season.
func seasonMonth(s string) time.Month {
	switch s {
	case "SP":
		return time.April
	case "SU":
		return time.July
	case "FA":
		return time.October
	}
	return time.January
}

// durationValue formats a duration of n units of code; vague makes the
// number X ("PXY").
func durationValue(n float64, code string, vague bool) string {
	num := "X"
	// A duration is never negative, infinite or not a number: a figure
	// that came out so (an overflowing or odd numeral) is unknown.
	if n < 0 || math.IsInf(n, 0) || math.IsNaN(n) {
		vague = true
	}
	if !vague {
		num = strconv.FormatFloat(n, 'f', -1, 64)
		// A fraction is written in the next smaller unit when it comes
		// out whole there, as TimeML's annotated corpora write it: "an
		// hour and a half" is PT1H30M, "2 1/2 years" P2Y6M, "a day and a
		// half" P1DT12H.
		if v, ok := splitFraction(n, code); ok {
			return v
		}
	}
	switch code {
	case "H", "S":
		return "PT" + num + code
	case "MIN":
		return "PT" + num + "M"
	case "N":
		return "P" + num + "D"
	case "2W":
		if vague {
			return "PXW"
		}
		return "P" + strconv.FormatFloat(2*n, 'f', -1, 64) + "W"
	case "DE", "CE":
		// Decades and centuries are written in years: "two decades" is
		// P20Y.
		if vague {
			return "P" + num + code
		}
		f := 10.0
		if code == "CE" {
			f = 100
		}
		return "P" + strconv.FormatFloat(f*n, 'f', -1, 64) + "Y"
	case "ML":
		if vague {
			return "PXML"
		}
		return "P" + strconv.FormatFloat(1000*n, 'f', -1, 64) + "Y"
	}
	return "P" + num + code
}

// smaller gives, for a duration unit, the next smaller unit, how many of
// it make one, and whether the smaller unit is written after a "T".
var smaller = map[string]struct {
	code   string
	factor float64
	time   bool
}{
	"Y":   {"M", 12, false},
	"W":   {"D", 7, false},
	"D":   {"H", 24, true},
	"H":   {"M", 60, true},
	"MIN": {"S", 60, true},
}

// splitFraction writes n units of code as whole units and whole smaller
// units ("P2Y6M" for 2.5 years); ok is false when n is whole or the
// fraction does not come out whole in the smaller unit.
func splitFraction(n float64, code string) (string, bool) {
	sm, ok := smaller[code]
	whole := math.Floor(n)
	if !ok || n == whole || n < 0 {
		return "", false
	}
	rest := (n - whole) * sm.factor
	if math.Abs(rest-math.Round(rest)) > 1e-6 {
		return "", false
	}
	w, r := strconv.Itoa(int(whole)), strconv.Itoa(int(math.Round(rest)))
	big := code
	if code == "MIN" {
		big = "M"
	}
	switch {
	case code == "D" && whole == 0:
		return "PT" + r + sm.code, true
	case code == "D":
		return "P" + w + "DT" + r + sm.code, true
	case sm.time && whole == 0:
		return "PT" + r + sm.code, true
	case sm.time:
		return "PT" + w + big + r + sm.code, true
	case whole == 0:
		return "P" + r + sm.code, true
	}
	return "P" + w + big + r + sm.code, true
}

// valueRE matches the TIMEX3 values the stage writes: dates from century to
// minute (with X for unknown digits), weeks and weekends, seasons, quarters
// and halves, parts of day, durations, sets' periods and the reference
// tokens.
var valueRE = regexp.MustCompile(`^(?:` +
	`PRESENT_REF|PAST_REF|FUTURE_REF` +
	`|P(?:[0-9X]+(?:\.[0-9]+)?(?:Y|M|W|D|Q|DE|CE|ML|WE))+(?:T(?:[0-9X]+(?:\.[0-9]+)?[HMS])+)?` +
	`|PT(?:[0-9X]+(?:\.[0-9]+)?[HMS])+` +
	`|[0-9X]{2}|[0-9X]{3}|[0-9X]{4}` +
	`|[0-9X]{4}-(?:[0-9X]{2}|Q[1-4X]|H[12X]|SP|SU|FA|WI|W[0-9X]{2}(?:-WE|-[1-7])?)` +
	`|[0-9X]{4}-[0-9X]{2}-[0-9X]{2}(?:T(?:MO|AF|EV|NI|MI|[0-9]{2}:[0-9]{2}(?::[0-9]{2})?))?` +
	`|XXXX-WXX-[1-7](?:T(?:MO|AF|EV|NI))?` +
	`)$`)

// ValidValue reports whether v is a well-formed TIMEX3 value of the kinds
// this package writes.
func ValidValue(v string) bool { return valueRE.MatchString(v) }

// isoWeekday is the TIMEX3 weekday number: Monday 1 ... Sunday 7.
func isoWeekday(w time.Weekday) int {
	if w == time.Sunday {
		return 7
	}
	return int(w)
}

// parseDCT reads a publication date "YYYY-MM-DD" (anything after the date,
// such as a time, is ignored).
func parseDCT(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if len(s) < 10 {
		return time.Time{}, false
	}
	t, err := time.Parse("2006-01-02", s[:10])
	if err != nil {
		return time.Time{}, false
	}
	return day(t.Year(), t.Month(), t.Day()), true
}
