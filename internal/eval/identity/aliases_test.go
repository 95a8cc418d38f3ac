package identity

import (
	"fmt"
	"testing"

	"sitrep/internal/doc"
)

func TestAliasRows(t *testing.T) {
	// "Yeltsin" is Boris Yeltsin 3 times in 3; "Washington" the state
	// 2 times in 3 (below the 0.75 share: left out); NME is ignored.
	text := "Yeltsin Yeltsin YELTSIN Washington Washington Washington Foo"
	at := func(i, n int) doc.Span { return doc.Span{Start: i, End: i + n} }
	d := Document{Text: text, Gold: []Mention{
		{at(0, 7), "Boris_Yeltsin", "PER"}, {at(8, 7), "Boris_Yeltsin", "PER"}, {at(16, 7), "Boris_Yeltsin", "PER"},
		{at(24, 10), "Washington,_D.C.", "LOC"}, {at(35, 10), "Washington,_D.C.", "LOC"},
		{at(46, 10), "United_States", "LOC"}, {at(57, 3), "", "ORG"},
	}}
	got := fmt.Sprint(AliasRows([]Document{d}))
	if want := "[[yeltsin Boris_Yeltsin PER 3 3]]"; got != want {
		t.Errorf("AliasRows = %s, want %s", got, want)
	}
}
