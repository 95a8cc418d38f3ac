package quotes

import (
	"testing"
	"unicode/utf8"
)

func TestFindPieces(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string // the inner words of each piece
		open []bool   // whether each piece goes on in the next paragraph; nil when none does
	}{
		// Styles.
		{"straight", `He said "we go" now.`, []string{"we go"}, nil},
		{"curly", `“We go,” he said.`, []string{"We go"}, nil},
		{"guillemets", `« Nous partons », dit-il.`, []string{"Nous partons"}, nil},
		{"german", `Sie sagte: „Wir schaffen das“.`, []string{"Wir schaffen das"}, nil},
		{"single curly", `a ‘welcome’ step`, []string{"welcome"}, nil},
		{"single straight", `a 'welcome' step`, []string{"welcome"}, nil},
		// Apostrophes are not marks.
		{"apostrophes", `don't, it's, O'Brien's, the Joneses' house`, nil, nil},
		{"curly apostrophe", `don’t stop, it’s over`, nil, nil},
		// Nesting: only the outer quotation is a piece.
		{"nested", `"He called it 'a step' today," she said.`, []string{"He called it 'a step' today"}, nil},
		// Two pieces around an attribution.
		{"interrupted", `"If we go," Kerry said, "we go together."`, []string{"If we go", "we go together."}, nil},
		// Several paragraphs.
		{"multi-paragraph", "\"First part.\n\n\"Second part.\"", []string{"First part.", "Second part."}, []bool{true, false}},
		{"multi-paragraph mid-line", "He said: \"First part.\n\n\"Second part.\"", []string{"First part.", "Second part."}, []bool{true, false}},
		// Unbalanced marks yield nothing.
		{"unclosed", "He wrote \"this and never closed it.\n\nThen more.", nil, nil},
		{"stray close", `it ended” there`, nil, nil},
		{"empty quotes", `"" and “ ”`, nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := findPieces(tc.text)
			if len(got) != len(tc.want) {
				var s []string
				for _, p := range got {
					s = append(s, p.Inner.In(tc.text))
				}
				t.Fatalf("got %d pieces %q, want %q", len(got), s, tc.want)
			}
			for i, p := range got {
				if w := p.Inner.In(tc.text); w != tc.want[i] {
					t.Errorf("piece %d: %q, want %q", i, w, tc.want[i])
				}
				if tc.open != nil && p.Open != tc.open[i] {
					t.Errorf("piece %d: open %v, want %v", i, p.Open, tc.open[i])
				}
			}
		})
	}
}

// FuzzPieces checks that the quotation-mark finder never panics and returns
// pieces in bounds, in order, not overlapping, with the words inside the
// marks and, for valid UTF-8 (as Document.Text always is), on character
// boundaries.
func FuzzPieces(f *testing.F) {
	for _, s := range []string{`"a" 'b' “c” ‘d’ «e» „f“`, "\"x\n\n\"y\"", `don't 'x`, "\xff\"\xfe\""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		prev := 0
		for i, p := range findPieces(text) {
			if p.Outer.Start < prev || p.Outer.End > len(text) || p.Outer.Start >= p.Outer.End {
				t.Fatalf("piece %d: outer %v out of order or bounds (prev end %d, len %d)", i, p.Outer, prev, len(text))
			}
			if !p.Outer.Contains(p.Inner) || p.Inner.Empty() {
				t.Fatalf("piece %d: inner %v not inside outer %v", i, p.Inner, p.Outer)
			}
			if utf8.ValidString(text) && (!utf8.RuneStart(text[p.Inner.Start]) || p.Inner.End < len(text) && !utf8.RuneStart(text[p.Inner.End])) {
				t.Fatalf("piece %d: inner %v splits a character", i, p.Inner)
			}
			prev = p.Outer.End
		}
	})
}
