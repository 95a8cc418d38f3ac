package plover

import (
	"os"
	"path/filepath"
	"testing"

	"sitrep/internal/doc"
)

func TestRead(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gsr.json")
	data := `[
 {"id": "X-DOCUMENT-0001", "event": "DOCUMENT", "text": ""},
 {"id": "X-DEMAND-0001", "event": "DEMAND", "date": "2000-01-01", "text": "Poland demanded an apology from Moscow.",
  "source": [{"actorText": "Poland", "code": "POL"}], "target": [{"actorText": "Moscow", "code": "RUS"}]},
 {"id": "X-AGREE-0001", "event": "AGREE", "text": "They agreed.", "source": "", "target": ""}
]`
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	recs, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 {
		t.Fatalf("%d records, want 2 (DOCUMENT skipped)", len(recs))
	}
	if r := recs[0]; r.Event != doc.REQUEST || r.Gold != "DEMAND" || len(r.Source) != 1 || r.Target[0].Code != "RUS" {
		t.Errorf("record 0 = %+v", r)
	}
	if r := recs[1]; r.Source != nil || r.Target != nil {
		t.Errorf("empty source and target should read as none: %+v", r)
	}
	if _, err := Read(filepath.Join(t.TempDir(), "missing.json")); err == nil {
		t.Error("missing file: want an error")
	}
}

func TestArgsMatch(t *testing.T) {
	text := "U.S. and Russian negotiators met the Russian delegation."
	d := &doc.Document{Text: text, Entities: []doc.Entity{
		{Name: "United States", Mentions: []doc.Mention{{Span: doc.Span{Start: 0, End: 4}}}},
		{Name: "Russia", Mentions: []doc.Mention{{Span: doc.Span{Start: 37, End: 44}}}},
	}}
	tests := []struct {
		name string
		ents []int
		gold []Actor
		want bool
	}{
		{"no gold asks nothing", nil, nil, true},
		{"gold text not in the sentence asks nothing", nil, []Actor{{Text: "diplomatic"}}, true},
		{"split actor text, first piece", []int{0}, []Actor{{Text: "U.S. ... negotiators"}}, true},
		{"second occurrence counts", []int{1}, []Actor{{Text: "Russian"}}, true},
		{"no overlap", []int{0}, []Actor{{Text: "Russian delegation"}}, false},
		{"no entity", nil, []Actor{{Text: "Russian"}}, false},
		{"bad index ignored", []int{7}, []Actor{{Text: "Russian"}}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := argsMatch(d, tc.ents, tc.gold); got != tc.want {
				t.Errorf("argsMatch = %v, want %v", got, tc.want)
			}
		})
	}
}
