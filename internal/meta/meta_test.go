package meta_test

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"sitrep/internal/shared"

	"sitrep/internal/clean"
	"sitrep/internal/doc"
	"sitrep/internal/ingest"
	"sitrep/internal/meta"
)

func seedsDir(t *testing.T) string {
	t.Helper()
	return shared.RequireSeeds(t)
}

func TestSeeds(t *testing.T) {
	dir := seedsDir(t)
	tests := []struct {
		file, title, outlet, published, clock string
		defaultPublished                      string
	}{
		{"000_57238355a648e998.txt", "Trump open to conducting joint strikes on IS with Russia: White House", "Xinhua",
			"2017-01-24", "08:47", ""},
		{"001_516d9196f191c04f.txt", "US welcomes proposed Turkey-Russia cooperation against DAESH", "TRT World", "", "", ""},
		{"001_516d9196f191c04f.txt", "US welcomes proposed Turkey-Russia cooperation against DAESH", "TRT World",
			"2016-08-12", "", "2016-08-12"},
		{"002_3ea92d335c893e35.txt", "Cameron seeks Iran's help against IS", "China Daily", "2014-09-24", "07:11",
			"2000-01-01"},
		{"003_6738e9c2ef54eb8d.txt", "U.S. Urges Allies To Step Up Efforts Against Islamic State", "RFE/RL", "", "", ""},
	}
	c, m := clean.New(clean.Options{}), meta.New()
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			d, err := ingest.Open([]string{filepath.Join(dir, tt.file)}, ingest.Options{Published: tt.defaultPublished}).Next()
			if err != nil {
				t.Fatal(err)
			}
			_ = c.Process(context.Background(), d)
			_ = m.Process(context.Background(), d)
			if d.Title != tt.title || d.Outlet != tt.outlet || d.Published != tt.published || d.PublishedTime != tt.clock {
				t.Errorf("got title %q outlet %q published %q %q, want %q %q %q %q", d.Title, d.Outlet, d.Published,
					d.PublishedTime, tt.title, tt.outlet, tt.published, tt.clock)
			}
		})
	}
}

func TestOutlet(t *testing.T) {
	m := meta.New()
	tests := []struct {
		name       string
		head, tail string // lines separated by \n
		want       string
	}{
		// Datelines at the head.
		{"agency dateline", "Headline here\nWASHINGTON (AP) — The White House said", "", "AP"},
		{"reuters dash", "LONDON (Reuters) - Britain said on Monday", "", "Reuters"},
		{"xinhua double dash", "BEIJING, Jan. 24 (Xinhua) -- China said", "", "Xinhua"},
		{"date then outlet", "Headline\n2017-01-24 08:47Xinhua Editor: Gu Liping", "", "Xinhua"},
		{"pipes", "By Agencies in London | China Daily | Updated: 2014-09-24 07:11", "", "China Daily"},
		{"source line", "Source: Anadolu Agency\nPublished 12 May 2018", "", "Anadolu"},
		{"photo credit is no dateline", "Leaders meet (Xinhua/Yin Bogu)\nA story about it.", "", ""},
		{"outlet in prose is not a source", "Officials told Reuters on Monday that the talks would resume next week in Geneva.", "", ""},
		// Sign-offs at the tail.
		{"and agencies", "", "Last sentence of the story.\nTRTWorld and agencies", "TRT World"},
		{"blurb", "", "With reporting by AFP, AP, and Reuters\n• 16x9 Image\nRFE/RL journalists report the news in 27 languages in 23 countries.", "RFE/RL"},
		{"with reporting by is no sign-off", "", "With reporting by AFP, AP, and Reuters", ""},
		{"after bullets", "", "The end.\n•(Reuters)", "Reuters"},
		{"bullets then a space", "", "The end.\n© Reuters", ""},
		{"outlet not at the start", "", "The end.\nCopyright Reuters 2017", ""},
		{"dash then space", "", "The end.\n-- Reuters", ""},
		{"outlet inside a word", "", "The end.\nReutersville", ""},
		{"nothing", "Headline\nA sentence of the story that names nobody.", "The end.", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := m.Outlet(split(tt.head), split(tt.tail)); got != tt.want {
				t.Errorf("Outlet = %q, want %q", got, tt.want)
			}
		})
	}
}

func split(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

func TestDate(t *testing.T) {
	tests := []struct {
		name        string
		head        string
		date, clock string
	}{
		// Forms of dates in datelines.
		{"iso with time", "Headline\n2017-01-24 08:47Xinhua Editor: Gu Liping", "2017-01-24", "08:47"},
		{"updated", "By Agencies | China Daily | Updated: 2014-09-24 07:11", "2014-09-24", "07:11"},
		{"month name", "Headline\nJan. 5, 2016", "2016-01-05", ""},
		{"full month", "Published: January 5, 2016 3:04 PM", "2016-01-05", "03:04"},
		{"day month year", "Posted 12 May 2018", "2018-05-12", ""},
		{"european", "Veröffentlicht am 22.04.2020", "2020-04-22", ""},
		{"slashes", "Date: 2019/11/03", "2019-11-03", ""},
		{"agency lead", "BEIJING, Jan. 24, 2017 (Xinhua) -- China said on Tuesday that it would send a long list of things.", "2017-01-24", ""},
		{"published wins over updated", "Updated: 2020-05-02\nPublished: 2020-05-01", "2020-05-01", ""},
		// Dates that are not the publication date.
		{"caption", "Russian President Vladimir Putin and Turkish President Recep Tayyip Erdogan meet outside Saint Petersburg on August 9, 2016.", "", ""},
		{"invalid day", "Date: 2019-02-30", "", ""},
		{"no date", "Headline\nJust words.", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			date, clock := meta.Date(split(tt.head))
			if date != tt.date || clock != tt.clock {
				t.Errorf("Date = %q %q, want %q %q", date, clock, tt.date, tt.clock)
			}
		})
	}
}

func TestProcess(t *testing.T) {
	m := meta.New()
	tests := []struct {
		name                     string
		d                        doc.Document
		title, outlet, published string
	}{
		{"default published", doc.Document{Raw: []byte("Just a sentence."), Format: doc.FormatText, DefaultPublished: "2020-01-02"},
			"", "", "2020-01-02"},
		{"stated date wins", doc.Document{Raw: []byte("Published: 2019-03-04\n\nText."), Format: doc.FormatText,
			DefaultPublished: "2020-01-02"}, "", "", "2019-03-04"},
		{"json lines date kept", doc.Document{Raw: []byte("Published: 2019-03-04\n\nText."), Format: doc.FormatJSONL,
			Published: "2018-01-01", DefaultPublished: "2020-01-02"}, "", "", "2018-01-01"},
		{"metadata outlet made canonical", doc.Document{Format: doc.FormatHTML, Outlet: "Associated Press", Text: "A story."},
			"", "AP", ""},
		{"dateline beats site name", doc.Document{Format: doc.FormatHTML, Outlet: "Yahoo News", Title: "Headline",
			Text: "LONDON (Reuters) - Britain said on Monday that it would."}, "Headline", "Reuters", ""},
		{"title from first line", doc.Document{Raw: []byte("Rebels seize a town\n\nThey did."), Format: doc.FormatText},
			"Rebels seize a town", "", ""},
		{"no title for raw input", doc.Document{Raw: []byte("Rebels seize a town\n\nThey did."), Format: doc.FormatText, IsRaw: true},
			"", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := tt.d
			if err := m.Process(context.Background(), &d); err != nil {
				t.Fatal(err)
			}
			if d.Title != tt.title || d.Outlet != tt.outlet || d.Published != tt.published {
				t.Errorf("got %q %q %q, want %q %q %q", d.Title, d.Outlet, d.Published, tt.title, tt.outlet, tt.published)
			}
		})
	}
}

var dateRe = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
var clockRe = regexp.MustCompile(`^\d{2}:\d{2}$`)

func FuzzDate(f *testing.F) {
	f.Add("Published: January 5, 2016 3:04 PM\nx")
	f.Add("2017-01-24 08:47Xinhua")
	f.Add("31.02.2020 99:99")
	m := meta.New()
	f.Fuzz(func(t *testing.T, s string) {
		lines := strings.Split(s, "\n")
		date, clock := meta.Date(lines)
		if date != "" && !dateRe.MatchString(date) || clock != "" && !clockRe.MatchString(clock) {
			t.Fatalf("Date(%q) = %q %q", s, date, clock)
		}
		if date == "" && clock != "" {
			t.Fatalf("clock %q without a date", clock)
		}
		// Process reads the same lines when they are already normalised.
		if len(lines) > 15 {
			return
		}
		for _, l := range lines {
			if l == "" || l != strings.Join(strings.Fields(l), " ") {
				return
			}
		}
		d := &doc.Document{Raw: []byte(s), Format: doc.FormatText}
		_ = m.Process(context.Background(), d)
		if d.Published != date {
			t.Fatalf("Process found %q, Date %q", d.Published, date)
		}
	})
}
