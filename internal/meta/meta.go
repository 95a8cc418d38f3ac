// Package meta reads a document's metadata from its own words: the outlet
// that published it (from datelines such as "2017-01-24 08:47Xinhua",
// "| China Daily | Updated: 2014-09-24 07:11", "WASHINGTON (AP) —", and
// sign-offs such as "TRTWorld and agencies"), the publication date and time,
// and, failing all else, a headline.
//
// It reads Raw (the page as scraped, before boilerplate removal took the
// datelines away) for text input and Title and Text for HTML, whose
// metadata the clean stage has already taken from the page's markup.
package meta

import (
	"context"
	_ "embed"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"sitrep/internal/doc"
)

//go:embed outlets.txt
var outletsData string

// Meta is the meta stage. It is safe for concurrent use.
type Meta struct {
	canon   map[string]string // alias -> canonical name
	aliasRe *regexp.Regexp    // any alias, on letter boundaries
	leadRe  *regexp.Regexp    // an alias at the start, then a letter boundary
	agentRe *regexp.Regexp    // "(Alias) -", the agency dateline
}

// New returns the meta stage.
func New() *Meta {
	m := &Meta{canon: map[string]string{}}
	var aliases []string
	for _, l := range strings.Split(outletsData, "\n") {
		if strings.TrimSpace(l) == "" || strings.HasPrefix(l, "#") {
			continue
		}
		names := strings.Split(l, "\t")
		for _, a := range names {
			a = strings.TrimSpace(a)
			if a == "" {
				continue
			}
			if _, dup := m.canon[a]; !dup {
				aliases = append(aliases, a)
			}
			m.canon[a] = strings.TrimSpace(names[0])
		}
	}
	// Longest first, so "Xinhua News Agency" wins over "Xinhua".
	sort.Slice(aliases, func(i, j int) bool { return len(aliases[i]) > len(aliases[j]) })
	quoted := make([]string, len(aliases))
	for i, a := range aliases {
		quoted[i] = regexp.QuoteMeta(a)
	}
	alt := strings.Join(quoted, "|")
	m.aliasRe = regexp.MustCompile(`(?:^|[^\p{L}])(` + alt + `)(?:$|[^\p{L}])`)
	m.leadRe = regexp.MustCompile(`^(` + alt + `)(?:$|[^\p{L}])`)
	m.agentRe = regexp.MustCompile(`\((` + alt + `)(?:[/,][^)]{0,40})?\)\s*(?:--|[-—–:])`)
	return m
}

// Name is "meta".
func (m *Meta) Name() string { return "meta" }

// Process fills the document's Outlet, Published and PublishedTime from what
// it states, an empty Title (unless IsRaw) from its first line when that
// reads as a headline, and, when no date is stated, Published from
// DefaultPublished. An outlet named by a dateline or sign-off replaces one
// taken from HTML metadata; one from metadata is given its canonical
// spelling. Process never returns an error.
func (m *Meta) Process(ctx context.Context, d *doc.Document) error {
	head, tail := m.lines(d)
	if o := m.Outlet(head, tail); o != "" {
		d.Outlet = o
	} else if d.Outlet != "" {
		if c, ok := m.canon[d.Outlet]; ok {
			d.Outlet = c
		}
	}
	if d.Published == "" {
		if date, clock := Date(head); date != "" {
			d.Published, d.PublishedTime = date, clock
		}
	}
	if d.Published == "" {
		d.Published = d.DefaultPublished
	}
	if d.Title == "" && !d.IsRaw && d.Format != doc.FormatHTML {
		if len(head) > 0 && looksHeadline(head[0]) {
			d.Title = head[0]
		}
	}
	return nil
}

// lines returns the first and last lines of what the document states, with
// white space normalised and blank lines dropped: the page as scraped for
// text, the title and clean text for HTML.
func (m *Meta) lines(d *doc.Document) (head, tail []string) {
	var s string
	if d.Format == doc.FormatHTML || len(d.Raw) == 0 {
		s = d.Title + "\n" + d.Text
	} else {
		raw := d.Raw
		const window = 64 << 10
		if len(raw) > 2*window {
			raw = append(append([]byte{}, raw[:window]...), append([]byte("\n"), raw[len(raw)-window:]...)...)
		}
		s = strings.ToValidUTF8(string(raw), "\uFFFD")
	}
	var all []string
	for l := range strings.SplitSeq(s, "\n") {
		if t := strings.Join(strings.Fields(l), " "); t != "" {
			all = append(all, t)
		}
	}
	head = all[:min(len(all), 40)]
	tail = all[max(0, len(all)-15):]
	return head, tail
}

var (
	metaLineRe = regexp.MustCompile(`(?i)^(by|from|source|updated|published|posted|date|last updated|editor)\b|\|`)
	isoDateRe  = regexp.MustCompile(`\b\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2}`)
)

// Outlet names the outlet the document gives as its source, "" if none:
// first from a dateline in the head lines ("(Reuters) -", "| China Daily |",
// "2017-01-24 08:47Xinhua"), then from a sign-off in the tail lines
// ("TRTWorld and agencies", "RFE/RL journalists report ...").
func (m *Meta) Outlet(head, tail []string) string {
	for _, l := range head {
		if s := m.agentRe.FindStringSubmatch(l); s != nil {
			return m.canon[s[1]]
		}
	}
	for _, l := range head {
		words := len(strings.Fields(l))
		if words > 25 || endsSentence(l) && words > 8 {
			continue
		}
		if c, ok := m.canon[strings.Trim(l, " .-—–|")]; ok {
			return c
		}
		if !metaLineRe.MatchString(l) && !isoDateRe.MatchString(l) {
			continue
		}
		if s := m.aliasRe.FindStringSubmatch(l); s != nil {
			return m.canon[s[1]]
		}
	}
	for i := len(tail) - 1; i >= 0; i-- {
		// The sign-off starts the line, after bullets at most. Matching
		// there alone (leadRe) rather than searching the whole line for
		// its first alias took most of the stage's time (issue 16). No
		// alias starts with one of the bullets.
		l := tail[i]
		at := len(l) - len(strings.TrimLeft(l, "•*-—–©("))
		s := m.leadRe.FindStringSubmatchIndex(l[at:])
		if s == nil {
			continue
		}
		name := l[at+s[2] : at+s[3]]
		words := len(strings.Fields(l))
		rest := strings.ToLower(l[at+s[3]:])
		if words <= 6 || strings.Contains(rest, "journalists") || strings.Contains(rest, "correspondents") {
			return m.canon[name]
		}
	}
	return ""
}

var (
	months = map[string]int{"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
		"sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12}
	monthAlt = `(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)`
	// Dates as datelines write them, each with the order of its groups.
	dateForms = []struct {
		re    *regexp.Regexp
		order string // y m d, M for a month name
	}{
		{regexp.MustCompile(`\b(\d{4})[-/](\d{1,2})[-/](\d{1,2})\b`), "ymd"},
		{regexp.MustCompile(`\b` + monthAlt + `\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b`), "Mdy"},
		{regexp.MustCompile(`\b(\d{1,2})(?:st|nd|rd|th)?\s+` + monthAlt + `\.?,?\s+(\d{4})\b`), "dMy"},
		{regexp.MustCompile(`\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b`), "dmy"},
	}
	clockRe    = regexp.MustCompile(`\b([01]?\d|2[0-3]):([0-5]\d)(?:[^0-9]|$)`)
	keywordRe  = regexp.MustCompile(`(?i)\b(published|posted|updated|date|released|issued)\b`)
	publishRe  = regexp.MustCompile(`(?i)\b(published|posted|released|issued)\b`)
	datelineRe = regexp.MustCompile(`^[A-Z][A-Z.'\- ]{2,}, `)
)

// Date finds the publication date (YYYY-MM-DD) and time ("HH:MM", "" if
// not stated) in the head lines of a document. Only lines that read as
// datelines count: lines with a keyword ("Published", "Updated"), short
// lines that are not sentences, and agency leads ("BEIJING, Jan. 24 ..."),
// so that a date in a photo caption or in the story is not taken. A line
// saying "Published" wins over one saying "Updated".
func Date(head []string) (date, clock string) {
	for pass := 0; pass < 2; pass++ {
		for _, l := range head {
			if pass == 0 && !publishRe.MatchString(l) {
				continue
			}
			words := len(strings.Fields(l))
			if !keywordRe.MatchString(l) && !(words <= 15 && !endsSentence(l)) && !datelineRe.MatchString(l) {
				continue
			}
			if d, at := findDate(l); d != "" {
				if c := clockRe.FindStringSubmatch(l[at:]); c != nil {
					clock = twoDigits(c[1]) + ":" + c[2]
				}
				return d, clock
			}
		}
	}
	return "", ""
}

// findDate returns the first valid date in s and where it ends.
func findDate(s string) (string, int) {
	best, bestAt, bestEnd := "", len(s)+1, 0
	for _, f := range dateForms {
		for _, loc := range f.re.FindAllStringSubmatchIndex(s, 3) {
			if loc[0] >= bestAt {
				break
			}
			var y, mo, d int
			for i, c := range f.order {
				g := s[loc[2+2*i]:loc[3+2*i]]
				switch c {
				case 'y':
					y = atoi(g)
				case 'm':
					mo = atoi(g)
				case 'd':
					d = atoi(g)
				case 'M':
					mo = months[strings.ToLower(g[:min(len(g), 3)])]
					if strings.HasPrefix(strings.ToLower(g), "sept") {
						mo = 9
					}
				}
			}
			t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
			if y < 1990 || y > 2100 || mo < 1 || mo > 12 || d < 1 || t.Day() != d {
				continue
			}
			best, bestAt, bestEnd = t.Format("2006-01-02"), loc[0], loc[1]
			break
		}
	}
	return best, bestEnd
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return -1
		}
		n = n*10 + int(c-'0')
	}
	return n
}

func twoDigits(s string) string {
	if len(s) == 1 {
		return "0" + s
	}
	return s
}

// endsSentence reports whether s ends with sentence punctuation, possibly
// followed by closing quotes or brackets.
func endsSentence(s string) bool {
	s = strings.TrimRightFunc(s, func(r rune) bool { return strings.ContainsRune(`"'’”»)]`, r) })
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune(".!?…", r)
}

// looksHeadline reports whether a first line reads as a headline: three to
// thirty words, mostly letters, not ending like a sentence.
func looksHeadline(s string) bool {
	words := len(strings.Fields(s))
	if words < 3 || words > 30 || strings.HasSuffix(s, ".") || strings.ContainsAny(s, "|") {
		return false
	}
	letters := 0
	for _, r := range s {
		if unicode.IsLetter(r) || r == ' ' {
			letters++
		}
	}
	return letters*10 >= utf8.RuneCountInString(s)*7
}
