package timex_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sitrep/internal/shared"

	"sitrep/internal/doc"
	"sitrep/internal/segment"
	"sitrep/internal/timex"
)

// annotate runs the stage on text published on published.
func annotate(t testing.TB, text, published string) *doc.Document {
	t.Helper()
	d := &doc.Document{Text: text, Published: published}
	if err := timex.New().Process(context.Background(), d); err != nil {
		t.Fatalf("Process: %v", err)
	}
	return d
}

// want is one expected expression: its text and attributes.
type want struct {
	text, typ, value, mod string
}

func find(d *doc.Document, text string) (doc.Time, bool) {
	for _, x := range d.Times {
		if x.In(d.Text) == text {
			return x, true
		}
	}
	return doc.Time{}, false
}

func list(d *doc.Document) string {
	var b strings.Builder
	for _, x := range d.Times {
		fmt.Fprintf(&b, "\n\t%q %s %s %s", x.In(d.Text), x.Type, x.Value, x.Mod)
	}
	return b.String()
}

func check(t *testing.T, d *doc.Document, w want) {
	t.Helper()
	x, ok := find(d, w.text)
	if !ok {
		t.Errorf("no expression %q; found:%s", w.text, list(d))
		return
	}
	if string(x.Type) != w.typ || x.Value != w.value || x.Mod != w.mod {
		t.Errorf("%q = %s %s %q, want %s %s %q", w.text, x.Type, x.Value, x.Mod, w.typ, w.value, w.mod)
	}
}

func TestExpressions(t *testing.T) {
	tests := []struct {
		name      string
		published string
		text      string
		want      want
	}{
		// Calendar dates in the common formats.
		{"month abbrev day year", "2017-01-24", "It happened on Jan. 23, 2017, in Washington.", want{"Jan. 23, 2017", "DATE", "2017-01-23", ""}},
		{"day month year", "2017-01-24", "It happened on 23 January 2017.", want{"23 January 2017", "DATE", "2017-01-23", ""}},
		{"month year", "2017-05-01", "Talks began in January 2017.", want{"January 2017", "DATE", "2017-01", ""}},
		{"iso", "2017-05-01", "The report is dated 2017-01-23.", want{"2017-01-23", "DATE", "2017-01-23", ""}},
		{"slashes", "2017-05-01", "Filed on 1/23/2017 in court.", want{"1/23/2017", "DATE", "2017-01-23", ""}},
		{"month day no year", "2015-11-24", "The meeting of November 23 was long.", want{"November 23", "DATE", "2015-11-23", ""}},
		{"abbrev day", "2015-11-24", "They met on Nov. 23 in Paris.", want{"Nov. 23", "DATE", "2015-11-23", ""}},
		{"decade apostrophe", "2015-11-24", "Hits of '90s pop returned.", want{"'90s", "DATE", "199", ""}},
		{"decade", "2015-11-24", "Trade grew in the 1990s.", want{"the 1990s", "DATE", "199", ""}},
		{"century", "2015-11-24", "It was built in the 19th century.", want{"the 19th century", "DATE", "18", ""}},
		{"year in possessive", "2014-09-24", "since Iran's 1979 Islamic revolution.", want{"1979", "DATE", "1979", ""}},
		{"since year", "2014-09-24", "the first since 1979.", want{"1979", "DATE", "1979", ""}},
		{"event date", "2015-11-24", "after the November 13 terror attacks in Paris", want{"November 13", "DATE", "2015-11-13", ""}},

		// Weekdays: past by default, the same weekday is the day itself,
		// future in a future clause.
		{"weekday past", "2017-01-24", "The White House said Monday that it agreed.", want{"Monday", "DATE", "2017-01-23", ""}},
		{"weekday same day", "2017-01-23", "The White House said Monday that it agreed.", want{"Monday", "DATE", "2017-01-23", ""}},
		{"weekday will", "2017-01-24", "The two leaders will meet on Friday.", want{"Friday", "DATE", "2017-01-27", ""}},
		{"weekday next", "2017-01-24", "They meet next Monday.", want{"next Monday", "DATE", "2017-01-30", ""}},
		{"weekday scheduled", "2017-01-24", "He is scheduled to travel to Moscow on Thursday.", want{"Thursday", "DATE", "2017-01-26", ""}},
		{"weekday set to", "2017-01-24", "Hollande is set to meet Obama on Thursday.", want{"Thursday", "DATE", "2017-01-26", ""}},
		{"weekday would meet", "2017-01-24", "He said the ministers would meet again on Thursday.", want{"Thursday", "DATE", "2017-01-26", ""}},
		{"weekday coming", "2017-01-24", "It ends this coming Sunday.", want{"this coming Sunday", "DATE", "2017-01-29", ""}},
		{"weekday morning", "2017-01-24", "Talks resumed Monday morning.", want{"Monday morning", "TIME", "2017-01-23TMO", ""}},
		{"possessive weekday", "2017-01-24", "They would appeal Monday's ruling.", want{"Monday", "DATE", "2017-01-23", ""}},
		{"weekday and date", "1998-10-25", "said in an editorial on Monday, Oct. 26: The murder", want{"Monday, Oct. 26", "DATE", "1998-10-26", ""}},
		{"weekday date year", "1991-12-05", "on Tuesday, December 3, 1991, in Paris", want{"Tuesday, December 3, 1991", "DATE", "1991-12-03", ""}},
		{"previous weekday", "1989-10-30", "The index closed Friday, down 4.5% from the previous Friday.", want{"the previous Friday", "DATE", "1989-10-20", ""}},
		{"as soon as", "1989-11-01", "They were likely to buy as soon as trading opened Monday.", want{"Monday", "DATE", "1989-11-06", ""}},
		{"sentence until", "1999-05-07", "Until Thursday, they had not called Kopp a suspect.", want{"Thursday", "DATE", "1999-05-06", ""}},
		{"ahead of weekend", "1989-10-30", "traders squared positions ahead of the weekend.", want{"the weekend", "DATE", "1989-W44-WE", ""}},
		{"effective date", "1989-10-26", "the company's new labor pact effective June 1.", want{"June 1", "DATE", "1990-06-01", ""}},

		// Deictic days and periods.
		{"today", "2016-08-12", "Officials met today.", want{"today", "DATE", "2016-08-12", ""}},
		{"yesterday", "2016-08-12", "Officials met yesterday.", want{"yesterday", "DATE", "2016-08-11", ""}},
		{"tomorrow", "2016-08-12", "Officials meet tomorrow.", want{"tomorrow", "DATE", "2016-08-13", ""}},
		{"tonight", "2016-08-12", "Officials meet tonight.", want{"tonight", "TIME", "2016-08-12TNI", ""}},
		{"last month", "2016-08-12", "the coup attempt last month", want{"last month", "DATE", "2016-07", ""}},
		{"this week", "2016-08-12", "took a big step this week", want{"this week", "DATE", "2016-W32", ""}},
		{"next year", "2016-08-12", "elections due next year", want{"next year", "DATE", "2017", ""}},
		{"last year", "2014-09-24", "after last year's election", want{"last year", "DATE", "2013", ""}},
		{"next week", "2016-08-12", "talks next week", want{"next week", "DATE", "2016-W33", ""}},
		{"earlier this month", "2016-08-12", "He said earlier this month that", want{"earlier this month", "DATE", "2016-08", "START"}},
		{"later this year", "2016-08-12", "a vote later this year", want{"later this year", "DATE", "2016", "END"}},
		{"a year ago", "2016-08-12", "It began a year ago.", want{"a year ago", "DATE", "2015", ""}},
		{"two days ago", "2016-08-12", "It began two days ago.", want{"two days ago", "DATE", "2016-08-10", ""}},
		{"last summer", "2016-08-12", "It began last summer.", want{"last summer", "DATE", "2015-SU", ""}},
		{"this summer", "2016-03-12", "It ends this summer.", want{"this summer", "DATE", "2016-SU", ""}},
		{"quarter", "2016-08-12", "profits in the third quarter of 2016", want{"the third quarter of 2016", "DATE", "2016-Q3", ""}},
		{"quarter no year", "2016-11-02", "a third-quarter loss", want{"third-quarter", "DATE", "2016-Q3", ""}},
		{"in june past", "2014-09-24", "Britain said in June that it would reopen its embassy.", want{"June", "DATE", "2014-06", ""}},
		{"december past in january", "2015-01-10", "The deal was signed in December.", want{"December", "DATE", "2014-12", ""}},
		{"late september", "2015-11-24", "air strikes launched in late September", want{"late September", "DATE", "2015-09", "END"}},
		{"late year", "2016-08-12", "a resolution from late 2013", want{"late 2013", "DATE", "2013", "END"}},
		{"early next year", "2016-08-12", "due early next year", want{"early next year", "DATE", "2017", "START"}},
		{"mid month", "2016-08-12", "by mid-November", want{"mid-November", "DATE", "2016-11", "MID"}},
		{"end of year", "2016-08-12", "by the end of 1990", want{"the end of 1990", "DATE", "1990", "END"}},

		// Anaphora: counted from the last date named.
		{"a day earlier", "2016-08-12", "On Thursday the US spoke of an attack in Aleppo a day earlier.", want{"a day earlier", "DATE", "2016-08-10", ""}},
		{"two days later", "2016-08-12", "They met on August 1, 2016 and again two days later.", want{"two days later", "DATE", "2016-08-03", ""}},

		// Times.
		{"clock", "2017-01-24", "The briefing began at 8:47.", want{"8:47", "TIME", "2017-01-24T08:47", ""}},
		{"pm zone", "2017-01-24", "at 3 p.m. EST the vote closed", want{"3 p.m. EST", "TIME", "2017-01-24T15:00", ""}},
		{"dateline", "2017-01-24", "2017-01-24 08:47Xinhua Editor", want{"2017-01-24 08:47", "TIME", "2017-01-24T08:47", ""}},
		{"clock and date", "1989-11-02", "extended its offer until 5 p.m. EST Nov. 9.", want{"5 p.m. EST Nov. 9", "TIME", "1989-11-09T17:00", ""}},
		{"clock comma date", "1989-10-30", "until 5 p.m. EST, Nov. 6.", want{"5 p.m. EST, Nov. 6", "TIME", "1989-11-06T17:00", ""}},
		{"in the morning", "2000-04-05", "He will leave at 4 in the morning.", want{"4 in the morning", "TIME", "2000-04-05T04:00", ""}},
		{"clock on day named", "1999-04-19", "He was shot on Oct. 23, 1998. It happened at 10 p.m. in his kitchen.", want{"10 p.m.", "TIME", "1998-10-23T22:00", ""}},
		{"clock on publication day", "1999-04-19", "The vote closed at 10 p.m.", want{"10 p.m.", "TIME", "1999-04-19T22:00", ""}},
		{"quoted today", "1999-05-07", "He said: ``Today, I'm here to tell you.''", want{"Today", "DATE", "1999-05-07", ""}},
		{"in the morning", "1989-10-30", "Shares fell Friday. Dealers placed orders in the morning.", want{"the morning", "TIME", "1989-10-27TMO", ""}},
		{"or so ago", "1991-02-25", "Then, a week or so ago, he picked Saturday.", want{"a week or so ago", "DATE", "1991-W08", "APPROX"}},

		// Durations.
		{"two days", "2016-08-12", "The talks lasted two days.", want{"two days", "DURATION", "P2D", ""}},
		{"four years", "2015-11-24", "fighting Assad for four years.", want{"four years", "DURATION", "P4Y", ""}},
		{"more than a year", "2015-11-24", "bombing for more than a year.", want{"more than a year", "DURATION", "P1Y", "MORE_THAN"}},
		{"two and a half", "2014-09-24", "a hiatus of more than two and a half years", want{"more than two and a half years", "DURATION", "P2Y6M", "MORE_THAN"}},
		{"next two days", "2014-09-24", "will meet within the next two days in New York", want{"the next two days", "DURATION", "P2D", ""}},
		{"past week", "2014-09-24", "over the past week", want{"the past week", "DURATION", "P1W", ""}},
		{"recent weeks", "2014-09-24", "in recent weeks", want{"recent weeks", "DURATION", "PXW", ""}},
		{"hyphenated", "2014-09-24", "a two-year deal", want{"two-year", "DURATION", "P2Y", ""}},
		{"hour and a half", "2014-09-24", "an hour and a half", want{"an hour and a half", "DURATION", "PT1H30M", ""}},
		{"several years", "2014-09-24", "for several years", want{"several years", "DURATION", "PXY", ""}},
		{"fraction years", "1998-02-27", "in refugee camps for 2 1/2 years.", want{"2 1/2 years", "DURATION", "P2Y6M", ""}},
		{"day and a half", "1998-02-27", "talks lasting a day and a half", want{"a day and a half", "DURATION", "P1DT12H", ""}},
		{"more years", "1998-02-27", "the base for at least 20 more years.", want{"at least 20 more years", "DURATION", "P20Y", "EQUAL_OR_MORE"}},
		{"trading days", "1989-11-02", "Eight trading days after Oct. 12, it fell.", want{"Eight trading days", "DURATION", "P8D", ""}},
		{"several quarters of", "1989-10-30", "profitable after several quarters of losses", want{"several quarters", "DURATION", "PXQ", ""}},
		{"one day future", "1998-03-03", "Islam will one day be the second largest religion.", want{"one day", "DATE", "FUTURE_REF", ""}},
		{"additional year", "1989-11-02", "extended for an additional year", want{"an additional year", "DURATION", "P1Y", ""}},

		// Sets.
		{"every week", "2014-09-24", "They meet every week.", want{"every week", "SET", "P1W", ""}},
		{"each month", "2014-09-24", "They meet each month.", want{"each month", "SET", "P1M", ""}},
		{"daily", "2014-09-24", "They meet daily.", want{"daily", "SET", "P1D", ""}},
		{"annually", "2014-09-24", "They meet annually.", want{"annually", "SET", "P1Y", ""}},
		{"every monday", "2014-09-24", "They meet every Monday.", want{"every Monday", "SET", "XXXX-WXX-1", ""}},

		// Years, holidays and "the year".
		{"spelled year", "1998-02-27", "Atlanta nineteen ninety-six. A bomb blast", want{"nineteen ninety-six", "DATE", "1996", ""}},
		{"election day", "1998-10-26", "a major theme from now to Election Day.", want{"Election Day", "DATE", "1998-11-03", ""}},
		{"thanksgiving", "1999-12-01", "They met last Thanksgiving.", want{"Thanksgiving", "DATE", "1999-11-25", ""}},
		{"half of decade", "1989-10-26", "the trend of the last half of the '80s", want{"the last half of the '80s", "DATE", "198", "END"}},
		{"two quarters of year", "1989-10-26", "through the first two quarters of 1990", want{"the first two quarters of 1990", "DATE", "1990-H1", ""}},
		{"year-earlier months", "1989-10-27", "Net for the year-earlier nine months included a gain.", want{"the year-earlier nine months", "DURATION", "P9M", ""}},
		{"easter week", "2000-04-17", "protesters prayed as Easter week began", want{"Easter week", "DATE", "2000-W16", ""}},
		{"easter", "2000-05-01", "They met at Easter.", want{"Easter", "DATE", "2000-04-23", ""}},
		{"week of", "2000-02-24", "a court hearing the week of March 6, he said", want{"the week of March 6", "DATE", "2000-W10", ""}},
		{"second day of pair", "1999-02-10", "the summit on April 24 and 25.", want{"25", "DATE", "1999-04-25", ""}},
		{"past quarter in january", "1998-01-26", "AT&T reported a drop in profits for the fourth quarter.", want{"the fourth quarter", "DATE", "1997-Q4", ""}},
		{"year of price", "1989-10-30", "rising to a high for the year of $42.875 a share", want{"the year", "DATE", "1989", ""}},
		{"for the year", "1989-11-02", "For the year, pet food volume was flat.", want{"the year", "DATE", "1989", ""}},
		{"year ended", "1989-11-02", "For the year ended Sept. 30, it earned more.", want{"the year", "DURATION", "P1Y", ""}},

		// Reference words.
		{"now", "2014-09-24", "Iran is now ready to talk.", want{"now", "DATE", "PRESENT_REF", ""}},
		{"currently", "2014-09-24", "Iran is currently ready to talk.", want{"currently", "DATE", "PRESENT_REF", ""}},
		{"recently", "2014-09-24", "Iran recently said so.", want{"recently", "DATE", "PAST_REF", ""}},
		{"the future", "2014-09-24", "talks in the future", want{"the future", "DATE", "FUTURE_REF", ""}},

		// No publication date: values that need one stay underspecified.
		{"no dct month day", "", "The meeting of November 23 was long.", want{"November 23", "DATE", "XXXX-11-23", ""}},
		{"no dct weekday", "", "The White House said Monday that it agreed.", want{"Monday", "DATE", "XXXX-WXX-1", ""}},
		{"no dct absolute", "", "It happened on Jan. 23, 2017.", want{"Jan. 23, 2017", "DATE", "2017-01-23", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check(t, annotate(t, tt.text, tt.published), tt.want)
		})
	}
}

// TestNotTimex lists words that look temporal but are not expressions here.
func TestNotTimex(t *testing.T) {
	tests := []struct {
		name, text, not string
	}{
		{"may modal", "May I ask? They may go.", "May"},
		{"march verb", "They will march to the square.", "march"},
		{"count", "Some 1990 people marched.", "1990"},
		{"money", "It cost $2000 to fix.", "2000"},
		{"age", "a two-year-old boy", "two-year"},
		{"fall verb", "Prices fall when demand drops.", "fall"},
		{"second ordinal", "the second meeting of the group", "second"},
		{"newspaper name", "The China Daily reported it.", "Daily"},
		{"plural weekdays", "They meet on Mondays.", "Mondays"},
		{"article of adjective", "the third-quarter results", "the third-quarter"},
		{"quarter compound", "The quarter-to-quarter comparison improved.", "The quarter"},
		{"tv title", `Baker, speaking on ABC News' "This Week," said so.`, "This Week"},
		{"tv title apostrophes", "Gonzalez said on CBS's ''60 Minutes.'' Then", "60 Minutes"},
		{"film title", "a poster from the film ``High Noon.'' It helped", "Noon"},
		{"high noon", "For Poland, high noon comes today.", "noon"},
		{"program name", "This is VOA Today.", "Today"},
		{"present age", "mothers in today's world", "today"},
		{"future age", "the people of tomorrow, I said", "tomorrow"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := annotate(t, tt.text, "2016-08-12")
			if _, ok := find(d, tt.not); ok {
				t.Errorf("%q found in %q", tt.not, tt.text)
			}
		})
	}
}

// seedsDir finds ../shared/seeds next to the module root.
func seedsDir(t testing.TB) string {
	t.Helper()
	return shared.RequireSeeds(t)
}

// TestSeeds checks the expressions of the four reference articles.
func TestSeeds(t *testing.T) {
	dir := seedsDir(t)
	tests := []struct {
		file, published string
		want            []want
		count           map[string]int // how many times a text must be found
	}{
		{"000_57238355a648e998.txt", "2017-01-24", []want{
			{"Monday", "DATE", "2017-01-23", ""},
			{"Jan. 23, 2017", "DATE", "2017-01-23", ""},
		}, map[string]int{"Monday": 2}},
		{"001_516d9196f191c04f.txt", "2016-08-12", []want{
			{"Thursday", "DATE", "2016-08-11", ""},
			{"last month", "DATE", "2016-07", ""},
			{"August 9, 2016", "DATE", "2016-08-09", ""},
			{"this week", "DATE", "2016-W32", ""},
			{"Tuesday", "DATE", "2016-08-09", ""},
			{"a day earlier", "DATE", "2016-08-10", ""},
			{"late 2013", "DATE", "2013", "END"},
		}, map[string]int{"Thursday": 3, "last month": 2}},
		{"002_3ea92d335c893e35.txt", "2014-09-24", []want{
			{"the next two days", "DURATION", "P2D", ""},
			{"June", "DATE", "2014-06", ""},
			{"last year", "DATE", "2013", ""},
			{"1979", "DATE", "1979", ""},
			{"Monday", "DATE", "2014-09-22", ""},
		}, nil},
		{"003_6738e9c2ef54eb8d.txt", "2015-11-24", []want{
			{"November 23", "DATE", "2015-11-23", ""},
			{"November 26", "DATE", "2015-11-26", ""},
			{"late September", "DATE", "2015-09", "END"},
			{"four years", "DURATION", "P4Y", ""},
			{"more than a year", "DURATION", "P1Y", "MORE_THAN"},
			{"November 13", "DATE", "2015-11-13", ""},
		}, map[string]int{"November 23": 4}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(dir, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			d := annotate(t, string(b), tt.published)
			for _, w := range tt.want {
				check(t, d, w)
			}
			for text, n := range tt.count {
				got := 0
				for _, x := range d.Times {
					if x.In(d.Text) == text {
						got++
					}
				}
				if got != n {
					t.Errorf("%q found %d times, want %d", text, got, n)
				}
			}
			// "a day earlier" is anchored to the Thursday before it.
			if x, ok := find(d, "a day earlier"); ok {
				if x.Anchor < 0 || d.Times[x.Anchor].In(d.Text) != "Thursday" {
					t.Errorf("a day earlier anchored to %d, want a Thursday", x.Anchor)
				}
			}
		})
	}
}

func TestBadPublished(t *testing.T) {
	d := annotate(t, "He left on Monday.", "last week")
	if len(d.Problems) != 1 {
		t.Errorf("problems = %v, want one", d.Problems)
	}
	check(t, d, want{"Monday", "DATE", "XXXX-WXX-1", ""})
}

func TestResolve(t *testing.T) {
	anchor := time.Date(2016, 8, 12, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		expr, typ, value string
		ok               bool
	}{
		{"last month", "DATE", "2016-07", true},
		{"Jan. 23, 2017", "DATE", "2017-01-23", true},
		{"two days", "DURATION", "P2D", true},
		{"every week", "SET", "P1W", true},
		{"Tuesday", "DATE", "2016-08-09", true},
		{"the cat", "", "", false},
		{"Monday and Tuesday", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			typ, value, ok := timex.Resolve(tt.expr, anchor)
			if typ != tt.typ || value != tt.value || ok != tt.ok {
				t.Errorf("Resolve(%q) = %q %q %v, want %q %q %v", tt.expr, typ, value, ok, tt.typ, tt.value, tt.ok)
			}
		})
	}
}

func TestValidValue(t *testing.T) {
	for _, v := range []string{"2017-01-23", "2016-07", "2016-W32", "2016-W32-WE", "2016-SU", "2016-Q3", "199", "19",
		"2017-01-23TMO", "2017-01-24T08:47", "P2D", "P2.5Y", "PT1H30M", "PXY", "PRESENT_REF", "XXXX-11-23",
		"XXXX-WXX-1", "2016-H2", "P1DE"} {
		if !timex.ValidValue(v) {
			t.Errorf("ValidValue(%q) = false", v)
		}
	}
	for _, v := range []string{"", "2017-1-23", "yesterday", "P", "2016-W", "20170123"} {
		if timex.ValidValue(v) {
			t.Errorf("ValidValue(%q) = true", v)
		}
	}
}

func TestConcurrent(t *testing.T) {
	s := timex.New()
	done := make(chan bool)
	for range 4 {
		go func() {
			d := &doc.Document{Text: "On Monday, two days after Jan. 21, 2017, they met.", Published: "2017-01-24"}
			_ = s.Process(context.Background(), d)
			done <- len(d.Times) == 3
		}()
	}
	for range 4 {
		if !<-done {
			t.Error("concurrent run found a different number of expressions")
		}
	}
}

func Example() {
	d := &doc.Document{
		Text:      "The White House said Monday it was open to joint strikes. A day earlier, officials met.",
		Published: "2017-01-24",
	}
	_ = timex.New().Process(context.Background(), d)
	for _, t := range d.Times {
		fmt.Println(t.In(d.Text), t.Type, t.Value, t.Anchor)
	}
	// Output:
	// Monday DATE 2017-01-23 -1
	// A day earlier DATE 2017-01-22 0
}

// FuzzProcess checks that any text yields spans in bounds, in order and
// without overlaps, with well-formed values.
func FuzzProcess(f *testing.F) {
	for _, s := range []string{
		"The White House said Monday that it agreed, Jan. 23, 2017.",
		"a day earlier, late 2013, the 1990s, '90s, 3 p.m. EST, more than two and a half years",
		"2017-01-24 08:47Xinhua 1/23/2017 the third-quarter, every Monday morning",
		"mid-November, the end of 1990, two-year-old, $2000, 1,999, 2 1/2 years",
		"\u2019", "'", "-", "May", "the 31st of February", "Feb. 30, 2016", "99:99", "12/45/2000",
	} {
		f.Add(s, "2016-08-12")
	}
	f.Add("Monday", "")
	f.Add("Monday", "garbage")
	f.Fuzz(func(t *testing.T, text, published string) {
		d := &doc.Document{Text: text, Published: published}
		if err := timex.New().Process(context.Background(), d); err != nil {
			t.Fatal(err)
		}
		end := 0
		for i, x := range d.Times {
			if x.Start < end || x.End <= x.Start || x.End > len(text) {
				t.Fatalf("time %d span %v out of order or bounds (text %d bytes, previous end %d)", i, x.Span, len(text), end)
			}
			end = x.End
			if !timex.ValidValue(x.Value) {
				t.Fatalf("time %d %q: value %q not well-formed", i, x.In(text), x.Value)
			}
			switch x.Type {
			case doc.DATE, doc.TIME, doc.DURATION, doc.SET:
			default:
				t.Fatalf("time %d: type %q", i, x.Type)
			}
			if x.Anchor >= i || x.Anchor < doc.None {
				t.Fatalf("time %d: anchor %d not an earlier time", i, x.Anchor)
			}
		}
	})
}

// bbcTexts reads up to n BBC News articles (2004-2005) for the benchmark.
func bbcTexts(b *testing.B, n int) []string {
	dir := filepath.Join(filepath.Dir(seedsDir(b)), "data", "bbc-news", "business")
	paths, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	if len(paths) == 0 {
		b.Skipf("BBC News data not found at %s: skipping", dir)
	}
	var texts []string
	for _, p := range paths[:min(n, len(paths))] {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		texts = append(texts, string(data))
	}
	return texts
}

// BenchmarkProcess annotates BBC business news and reports expressions and
// documents per second.
func BenchmarkProcess(b *testing.B) {
	texts := bbcTexts(b, 100)
	s := timex.New()
	ctx := context.Background()
	exprs, docs, bytes := 0, 0, 0
	for _, t := range texts {
		bytes += len(t)
	}
	b.SetBytes(int64(bytes))
	b.ResetTimer()
	for b.Loop() {
		for _, t := range texts {
			d := &doc.Document{Text: t, Published: "2005-03-01"}
			_ = s.Process(ctx, d)
			exprs += len(d.Times)
			docs++
		}
	}
	sec := b.Elapsed().Seconds()
	if sec > 0 {
		b.ReportMetric(float64(exprs)/sec, "exprs/s")
		b.ReportMetric(float64(docs)/sec, "docs/s")
	}
}

// TestAfterSegment runs the stage after the segmenter, as the pipeline does,
// with hand-set Penn tags as tense cues: the tags must steer the weekday.
func TestAfterSegment(t *testing.T) {
	text := "Ministers meet Friday in Geneva. They met Monday in Rome."
	d := &doc.Document{Text: text, Published: "2017-01-24"}
	if err := segment.New().Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	for i := range d.Tokens {
		switch d.Tokens[i].In(text) {
		case "meet":
			d.Tokens[i].XPOS = "MD" // stands in for a future cue
		case "met":
			d.Tokens[i].XPOS = "VBD"
		}
	}
	if err := timex.New().Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	check(t, d, want{"Friday", "DATE", "2017-01-27", ""})
	check(t, d, want{"Monday", "DATE", "2017-01-23", ""})
}
