package timex

import "time"

// The lexicon: the words temporal expressions are built from, as plain
// tables. Month, weekday and number names are English facts; the TIMEX3
// codes (TMO, SU, Q3, P1W, ...) follow the TimeML TIMEX3 annotation
// guidelines (TimeML 1.2.1, Pustejovsky et al.; ISO-TimeML, ISO 24617-1).

// months maps month names and abbreviations to 1..12. Abbreviations may be
// followed by a period, which the matcher consumes.
var months = map[string]int{
	"january": 1, "jan": 1,
	"february": 2, "feb": 2,
	"march": 3, "mar": 3,
	"april": 4, "apr": 4,
	"may":  5,
	"june": 6, "jun": 6,
	"july": 7, "jul": 7,
	"august": 8, "aug": 8,
	"september": 9, "sept": 9, "sep": 9,
	"october": 10, "oct": 10,
	"november": 11, "nov": 11,
	"december": 12, "dec": 12,
}

// ambiguousMonths are month words that are also common English words; they
// count as months only when capitalised and supported by context.
var ambiguousMonths = map[string]bool{"may": true, "march": true, "mar": true, "jun": true, "jan": true, "dec": true, "sep": true}

// weekdays maps weekday names and their dotted abbreviations.
var weekdays = map[string]time.Weekday{
	"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday,
	"wednesday": time.Wednesday, "thursday": time.Thursday, "friday": time.Friday,
	"saturday": time.Saturday,
	"tues":     time.Tuesday, "wed": time.Wednesday, "thurs": time.Thursday, "thu": time.Thursday,
	"fri": time.Friday, "mon": time.Monday, "sat": time.Saturday, "sun": time.Sunday,
}

// weekdayAbbrev are the weekday entries that need a following period.
var weekdayAbbrev = map[string]bool{"tues": true, "wed": true, "thurs": true, "thu": true, "fri": true, "mon": true, "sat": true, "sun": true}

// numberWords maps cardinal number words to their values.
var numberWords = map[string]float64{
	"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
	"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
	"fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
	"nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
	"seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
}

// ordinalWords maps ordinal words to their values.
var ordinalWords = map[string]int{
	"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
	"eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
	"fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
	"nineteenth": 19, "twentieth": 20, "twenty-first": 21, "thirtieth": 30,
}

// vagueQuantities are quantity words that leave the number of units
// unspecified ("several years" is PXY).
var vagueQuantities = map[string]bool{
	"several": true, "few": true, "many": true, "some": true, "numerous": true,
	"countless": true, "multiple": true, "various": true,
}

// unit is a calendar unit of a duration or a relative date.
type unit struct {
	code string // TIMEX3 duration designator: "D", "W", "M", "Y", "Q", "DE", "CE", "H", "MIN", "S", "WE"
	g    gran   // the granularity of a date counted in this unit
}

// units maps unit nouns (singular and plural) to their codes.
var units = map[string]unit{
	"second": {"S", gTime}, "seconds": {"S", gTime}, "sec": {"S", gTime}, "secs": {"S", gTime},
	"minute": {"MIN", gTime}, "minutes": {"MIN", gTime}, "min": {"MIN", gTime}, "mins": {"MIN", gTime},
	"hour": {"H", gTime}, "hours": {"H", gTime}, "hr": {"H", gTime}, "hrs": {"H", gTime}, "h": {"H", gTime},
	"day": {"D", gDay}, "days": {"D", gDay},
	"night": {"N", gDay}, "nights": {"N", gDay},
	"week": {"W", gWeek}, "weeks": {"W", gWeek},
	"weekend": {"WE", gWeekend}, "weekends": {"WE", gWeekend},
	"fortnight": {"2W", gWeek}, "fortnights": {"2W", gWeek},
	"month": {"M", gMonth}, "months": {"M", gMonth},
	"quarter": {"Q", gQuarter}, "quarters": {"Q", gQuarter},
	"year": {"Y", gYear}, "years": {"Y", gYear}, "yr": {"Y", gYear}, "yrs": {"Y", gYear},
	"decade": {"DE", gDecade}, "decades": {"DE", gDecade},
	"century": {"CE", gCentury}, "centuries": {"CE", gCentury},
	"millennium": {"ML", gCentury}, "millennia": {"ML", gCentury},
}

// seasons maps season words to their TIMEX3 codes.
var seasons = map[string]string{
	"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI",
}

// partsOfDay maps words for parts of the day to their TIMEX3 codes.
var partsOfDay = map[string]string{
	"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI",
	"overnight": "NI", "midday": "MI", "dawn": "MO", "daybreak": "MO",
}

// durationMods are the words before a duration or date that set its mod.
// Longer phrases are tried first by the matcher.
var durationMods = []struct {
	words []string
	mod   string
}{
	{[]string{"more", "than"}, "MORE_THAN"},
	{[]string{"over"}, "MORE_THAN"},
	{[]string{"just", "over"}, "MORE_THAN"},
	{[]string{"upwards", "of"}, "MORE_THAN"},
	{[]string{"less", "than"}, "LESS_THAN"},
	{[]string{"fewer", "than"}, "LESS_THAN"},
	{[]string{"under"}, "LESS_THAN"},
	{[]string{"just", "under"}, "LESS_THAN"},
	{[]string{"almost"}, "LESS_THAN"},
	{[]string{"nearly"}, "LESS_THAN"},
	{[]string{"at", "least"}, "EQUAL_OR_MORE"},
	{[]string{"no", "less", "than"}, "EQUAL_OR_MORE"},
	{[]string{"at", "most"}, "EQUAL_OR_LESS"},
	{[]string{"no", "more", "than"}, "EQUAL_OR_LESS"},
	{[]string{"up", "to"}, "EQUAL_OR_LESS"},
	{[]string{"about"}, "APPROX"},
	{[]string{"around"}, "APPROX"},
	{[]string{"some"}, "APPROX"},
	{[]string{"approximately"}, "APPROX"},
	{[]string{"roughly"}, "APPROX"},
	{[]string{"close", "to"}, "APPROX"},
	{[]string{"an", "estimated"}, "APPROX"},
}

// pointMods are the words before a date that place it inside its period:
// "late September" is the END of September.
var pointMods = []struct {
	words []string
	mod   string
}{
	{[]string{"early"}, "START"},
	{[]string{"late"}, "END"},
	{[]string{"mid"}, "MID"},
	{[]string{"the", "beginning", "of"}, "START"},
	{[]string{"the", "start", "of"}, "START"},
	{[]string{"the", "early", "part", "of"}, "START"},
	{[]string{"the", "end", "of"}, "END"},
	{[]string{"the", "close", "of"}, "END"},
	{[]string{"the", "latter", "part", "of"}, "END"},
	{[]string{"the", "late", "part", "of"}, "END"},
	{[]string{"the", "middle", "of"}, "MID"},
	{[]string{"the", "mid"}, "MID"},
	{[]string{"the", "early"}, "START"},
	{[]string{"the", "late"}, "END"},
}

// deictic are single words whose value is a TIMEX3 reference token.
var deictic = map[string]string{
	"now": "PRESENT_REF", "currently": "PRESENT_REF", "nowadays": "PRESENT_REF",
	"recently": "PAST_REF", "lately": "PAST_REF",
}

// holidays maps fixed-date holidays (name words, lowercase, joined by
// spaces) to month and day.
var holidays = map[string][2]int{
	"christmas":           {12, 25},
	"christmas day":       {12, 25},
	"christmas eve":       {12, 24},
	"new year's day":      {1, 1},
	"new year's eve":      {12, 31},
	"valentine's day":     {2, 14},
	"halloween":           {10, 31},
	"independence day":    {7, 4},
	"the fourth of july":  {7, 4},
	"july fourth":         {7, 4},
	"boxing day":          {12, 26},
	"new year":            {1, 1},
	"veterans day":        {11, 11},
	"armistice day":       {11, 11},
	"bastille day":        {7, 14},
	"st. patrick's day":   {3, 17},
	"saint patrick's day": {3, 17},
	"all saints' day":     {11, 1},
	"guy fawkes night":    {11, 5},
	"the new year":        {1, 1},
	"new year's":          {1, 1},
	"may day":             {5, 1},
	// Holidays on a weekday rule have a negative day: minus their
	// number in floatingHolidays.
	"thanksgiving":     {11, -1},
	"thanksgiving day": {11, -1},
	"election day":     {11, -2},
	"labor day":        {9, -3},
	"memorial day":     {5, -4},
	"easter":           {4, -5},
	"easter sunday":    {4, -5},
	"good friday":      {4, -6},
	"easter monday":    {4, -7},
}

// floatingHolidays are the US holidays whose date follows a weekday rule,
// by number (the negated day in holidays): month, weekday, and which one
// of the month (-1 the last). Election Day is the Tuesday after the first
// Monday of November (2 U.S.C. 7), which is the first Tuesday on or after
// November 2; Thanksgiving, Labor Day and Memorial Day are set by 5 U.S.C.
// 6103.
var floatingHolidays = map[int]struct {
	month   time.Month
	weekday time.Weekday
	nth     int
	from    int // the first day of the month the count starts at
}{
	1: {time.November, time.Thursday, 4, 1},
	2: {time.November, time.Tuesday, 1, 2},
	3: {time.September, time.Monday, 1, 1},
	4: {time.May, time.Monday, -1, 1},
	// 5, 6, 7: Easter Sunday, Good Friday and Easter Monday, from easter.
}

// floating is the date of floating holiday n in year y.
func floating(n, y int) time.Time {
	switch n {
	case 5:
		return easter(y)
	case 6:
		return easter(y).AddDate(0, 0, -2)
	case 7:
		return easter(y).AddDate(0, 0, 1)
	}
	h := floatingHolidays[n]
	if h.nth < 0 {
		t := day(y, h.month+1, 1).AddDate(0, 0, -1)
		back := (int(t.Weekday()) - int(h.weekday) + 7) % 7
		return t.AddDate(0, 0, -back)
	}
	t := day(y, h.month, h.from)
	off := (int(h.weekday) - int(t.Weekday()) + 7) % 7
	return t.AddDate(0, 0, off+7*(h.nth-1))
}

// pastCues are words that put the event of their clause in the past. The
// future cues ("will", "is set to", "scheduled") need their context and are
// in parser.tense.
var pastCues = map[string]bool{
	"said": true, "was": true, "were": true, "had": true, "did": true, "ago": true,
	"told": true, "came": true, "went": true, "met": true, "took": true, "made": true,
	"began": true, "fell": true, "rose": true, "won": true, "held": true, "left": true,
	"gave": true, "got": true, "saw": true, "sold": true, "paid": true, "led": true,
	"last": true, "yesterday": true, "earlier": true, "since": true, "been": true,
	"spoke": true, "wrote": true, "announced": true, "reported": true, "killed": true,
}

// easter is Easter Sunday of year y in the Gregorian calendar, by the
// anonymous Gregorian computus (Meeus/Jones/Butcher algorithm, as given in
// Jean Meeus, "Astronomical Algorithms", 1991, chapter 8).
func easter(y int) time.Time {
	a := y % 19
	b, c := y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	dd := (h+l-7*m+114)%31 + 1
	return day(y, time.Month(month), dd)
}
