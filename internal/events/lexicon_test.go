package events

import (
	"strings"
	"testing"

	"sitrep/internal/doc"
)

// TestDefaultLexicon checks every line of the embedded lexicon against the
// CAMEO table: a known code, a PLOVER type, and the table's type unless the
// entry says why it overrides it.
func TestDefaultLexicon(t *testing.T) {
	lx, err := DefaultLexicon()
	if err != nil {
		t.Fatal(err)
	}
	covered := map[doc.EventType]int{}
	for _, e := range lx.Entries {
		if e.Stop {
			continue
		}
		covered[e.Type]++
		c, ok := lx.Codes[e.CAMEO]
		if !ok {
			t.Errorf("%q: CAMEO %s not in the table", e.Pattern, e.CAMEO)
			continue
		}
		if c.Type != "" && c.Type != e.Type && !strings.Contains(e.Notes, "override") {
			t.Errorf("%q: type %s but CAMEO %s is %s in CAMEO2PLOVER-2021 and the notes give no override",
				e.Pattern, e.Type, e.CAMEO, c.Type)
		}
		if e.Goldstein != c.Goldstein {
			t.Errorf("%q: goldstein %v, table %v", e.Pattern, e.Goldstein, c.Goldstein)
		}
	}
	for _, typ := range doc.EventTypes {
		if covered[typ] == 0 {
			t.Errorf("no predicate codes %s", typ)
		}
	}
	// Spot checks of the generated table against its sources.
	for code, want := range map[string]struct {
		typ doc.EventType
		g   float64
	}{
		"036": {doc.AGREE, 4.0}, "042": {doc.CONSULT, 1.9}, "0841": {doc.RETREAT, 7.0}, "163": {doc.COERCE, -8.0},
		"195": {doc.ASSAULT, -10.0}, "1823": {doc.ASSAULT, -10.0}, "020": {"", 3.0}, "0874": {doc.RETREAT, 10.0},
	} {
		c := lx.Codes[code]
		if c.Type != want.typ || c.Goldstein != want.g {
			t.Errorf("CAMEO %s = %s %v, want %s %v", code, c.Type, c.Goldstein, want.typ, want.g)
		}
	}
}

func TestParseLexiconErrors(t *testing.T) {
	cameo := "030\tAGREE\t\t\t4.0\tExpress intent to cooperate\n020\t\t\t\t3.0\tAppeal\n"
	tests := []struct {
		name, predicates, want string
	}{
		{"unknown code", "agree\tV\t\t\t999\t\t\t\n", "unknown CAMEO code"},
		{"no type", "urge\tV\t\t\t020\t\t\t\n", "no PLOVER type"},
		{"bad pos", "agree\tX\t\t\t030\t\t\t\n", "pos"},
		{"gap at end", "agree ...\tV\t\t\t030\t\t\t\n", "must start and end"},
		{"bad modality", "agree\tV\t\t\t030\tsoon\t\t\n", "modality"},
		{"bad type", "agree\tV\tHUG\t\t030\t\t\t\n", "no PLOVER type"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseLexicon(cameo, tc.predicates)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to mention %q", err, tc.want)
			}
		})
	}
	lx, err := ParseLexicon(cameo, "# comment\n\nurge\tV\tREQUEST\t\t020\t\t\t\nagree to\tV\t\t\t030\tfuture\t\t\n")
	if err != nil {
		t.Fatal(err)
	}
	if len(lx.Entries) != 2 || lx.Entries[0].Type != doc.REQUEST || lx.Entries[1].Modality != doc.Future ||
		lx.Entries[1].Type != doc.AGREE || lx.Entries[1].Goldstein != 4.0 {
		t.Errorf("entries = %+v", lx.Entries)
	}
}

func TestDateValue(t *testing.T) {
	tests := []struct{ value, want string }{
		{"2017-01-23", "2017-01-23"},
		{"2017-01-23T10:00", "2017-01-23"},
		{"2016-07", "2016-07"},
		{"2016", "2016"},
		{"2016-W32", "2016-08"},
		{"2015-W01", "2015-01"},
		{"2014-W01", "2014-01"},
		{"2020-W53", "2020-12"},
		{"2016-SU", "2016"},
		{"2016-Q3", "2016"},
		{"PRESENT_REF", "2017-01-24"},
		{"PAST_REF", ""},
		{"XXXX-11-23", ""},
		{"P2D", ""},
		{"", ""},
	}
	for _, tc := range tests {
		if got := dateValue(tc.value, "2017-01-24"); got != tc.want {
			t.Errorf("dateValue(%q) = %q, want %q", tc.value, got, tc.want)
		}
	}
}

func TestLemmaCandidates(t *testing.T) {
	tests := []struct {
		word, lemma, want string
	}{
		{"met", "", "meet"},
		{"strikes", "", "strike"},
		{"struck", "", "strike"},
		{"coordinating", "", "coordinate"},
		{"bombing", "", "bomb"},
		{"bombing", "", "bombing"},
		{"denied", "", "deny"},
		{"urged", "", "urge"},
		{"planned", "", "plan"},
		{"talks", "", "talk"},
		{"Welcomes", "", "welcome"},
		{"sought", "", "seek"},
		{"withdrew", "", "withdraw"},
		{"xyz", "attack", "attack"},
	}
	for _, tc := range tests {
		got := lemmaCandidates(tc.word, tc.lemma)
		found := false
		for _, g := range got {
			if g == tc.want {
				found = true
			}
		}
		if !found {
			t.Errorf("lemmaCandidates(%q, %q) = %v, want %q among them", tc.word, tc.lemma, got, tc.want)
		}
	}
}
