package ingest

import (
	"strings"
	"testing"
)

// TestTruncatedRecord: the text of a record cut off mid-string is the
// document's text (kept raw, so that no stage takes it for a headline),
// and the fields that ended before the break are kept.
func TestTruncatedRecord(t *testing.T) {
	text := "Russia and Turkey agreed on a ceasefire in Syria on Tuesday. The talks will continue next week in Geneva, officials said"
	line := `{"title":"Ceasefire \"agreed\"","published":"2016-12-29","url":"https://example.com/a","text":"` + text
	d := Record("cut.jsonl#2", []byte(line))
	if string(d.Raw) != text {
		t.Errorf("Raw = %q, want the text up to the break", d.Raw)
	}
	if !d.IsRaw {
		t.Error("recovered text not marked raw")
	}
	if d.Title != `Ceasefire "agreed"` || d.Published != "2016-12-29" || d.URL != "https://example.com/a" {
		t.Errorf("title %q, published %q, url %q: want the fields before the break", d.Title, d.Published, d.URL)
	}
	if len(d.Problems) != 1 || !strings.Contains(d.Problems[0].Message, "recovered up to the break") {
		t.Errorf("problems %v, want one naming the recovery", d.Problems)
	}
	// A field cut off by the break is not kept.
	d = Record("cut.jsonl#3", []byte(`{"text":"Whole text.","title":"Cut tit`))
	if string(d.Raw) != "Whole text." || d.Title != "" {
		t.Errorf("Raw %q, title %q: want the text and no title", d.Raw, d.Title)
	}
}
