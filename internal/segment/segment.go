// Package segment splits a document's clean text into paragraphs, sentences
// and tokens, as byte spans into the text.
//
// Tokens follow Penn Treebank / UD English EWT conventions closely (see
// Tokenize). Sentences end at . ! ? … followed by a capitalised word, a digit
// or an opening quotation mark or bracket; not after abbreviations such as
// "Gen." or initials, except that an abbreviation that can end a sentence
// ("U.S.", "Inc.") does so when a typical sentence starter ("The", "But",
// "He") follows. Closing quotation marks and brackets stay with the sentence
// they close. A blank line ends a paragraph and always a sentence; a single
// line break ends a sentence only after a heading-like line (short, not
// ending in a comma or a lower-case function word, the next line starting
// with a capital).
package segment

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"

	"sitrep/internal/doc"
)

// MaxSentence is the most tokens a sentence may have; longer runs without a
// boundary (tables, menus) are cut so that later stages stay fast.
const MaxSentence = 250

// Stage fills Document.Sentences and Document.Tokens.
type Stage struct{}

// New returns the segmentation stage.
func New() *Stage { return &Stage{} }

// Name implements pipeline.Stage.
func (*Stage) Name() string { return "segment" }

// Process replaces d.Sentences and d.Tokens with those of d.Text. Every
// token has Head doc.None. It never fails.
func (*Stage) Process(ctx context.Context, d *doc.Document) error {
	d.Sentences, d.Tokens = Segment(d.Text)
	return nil
}

// Segment returns the sentences and tokens of text. Tokens carry their
// sentence index and Head doc.None; sentences carry their token range and
// paragraph index.
func Segment(text string) ([]doc.Sentence, []doc.Token) {
	var (
		sents []doc.Sentence
		toks  []doc.Token
		spans []doc.Span
	)
	para := 0
	for _, p := range paragraphs(text) {
		spans = appendTokens(spans[:0], text, p.Start, p.End)
		if len(spans) == 0 {
			continue
		}
		first := 0
		for _, end := range sentenceEnds(text, spans) {
			si := len(sents)
			base := len(toks)
			for _, sp := range spans[first:end] {
				toks = append(toks, doc.Token{Span: sp, Sentence: si, Head: doc.None})
			}
			sents = append(sents, doc.Sentence{
				Span:      doc.Span{Start: spans[first].Start, End: spans[end-1].End},
				First:     base,
				End:       len(toks),
				Paragraph: para,
			})
			first = end
		}
		para++
	}
	return sents, toks
}

// paragraphs returns the spans of the runs of lines between blank lines.
func paragraphs(text string) []doc.Span {
	var out []doc.Span
	start := -1 // start of the current paragraph, -1 when between paragraphs
	lineStart := 0
	for lineStart <= len(text) {
		nl := strings.IndexByte(text[lineStart:], '\n')
		lineEnd := len(text)
		if nl >= 0 {
			lineEnd = lineStart + nl
		}
		if isBlank(text[lineStart:lineEnd]) {
			if start >= 0 {
				out = append(out, doc.Span{Start: start, End: lineStart})
				start = -1
			}
		} else if start < 0 {
			start = lineStart
		}
		if nl < 0 {
			break
		}
		lineStart = lineEnd + 1
	}
	if start >= 0 {
		out = append(out, doc.Span{Start: start, End: len(text)})
	}
	return out
}

func isBlank(s string) bool {
	for _, r := range s {
		if !IsSpace(r) {
			return false
		}
	}
	return true
}

// sentenceEnds returns, for the tokens of one paragraph, the exclusive end
// index of each sentence; the last is len(toks).
func sentenceEnds(text string, toks []doc.Span) []int {
	var ends []int
	first := 0
	for k := 0; k < len(toks); k++ {
		end := -1
		if e, ok := endsAt(text, toks, k); ok {
			end = e
		} else if k+1 < len(toks) && lineBreakEnds(text, toks, k) {
			end = k
		}
		if end < 0 && k+1-first >= MaxSentence {
			end = k
		}
		if end >= 0 && end+1 < len(toks) {
			ends = append(ends, end+1)
			first = end + 1
			k = end
		}
	}
	return append(ends, len(toks))
}

// endsAt reports whether a sentence ends with token k (or with the closing
// quotation marks and brackets right after it, whose last index it returns).
func endsAt(text string, toks []doc.Span, k int) (int, bool) {
	t := toks[k].In(text)
	abbrev := false
	switch {
	case t == "." || t == "…" || strings.Trim(t, "!?") == "" || strings.Trim(t, ".") == "":
	case len(t) > 1 && t[len(t)-1] == '.' && isWordRune(firstRune(t)):
		abbrev = true
	default:
		return 0, false
	}
	e := k
	for e+1 < len(toks) && toks[e+1].Start == toks[e].End && isCloser(toks[e+1].In(text)) {
		e++
	}
	if e+1 >= len(toks) {
		return e, true
	}
	next := toks[e+1].In(text)
	gap := text[toks[e].End:toks[e+1].Start]
	if abbrev {
		if gap == "" || !startsSentence(text, toks, e+1, true) {
			return 0, false
		}
		w := strings.ToLower(strings.TrimSuffix(t, "."))
		if title, ok := abbreviations[w]; ok && title {
			return 0, false
		}
		if r, size := utf8.DecodeRuneInString(w); size == len(w) && unicode.IsLetter(r) {
			return 0, false // an initial
		}
		return e, true
	}
	if gap == "" && t != "." {
		return 0, false
	}
	if gap == "" {
		// "said.The": a missing space after a full stop, before a capital.
		r := firstRune(next)
		prev := ""
		if k > 0 {
			prev = toks[k-1].In(text)
		}
		return e, unicode.IsUpper(r) && utf8.RuneCountInString(prev) > 1 && isLetters(prev)
	}
	return e, startsSentence(text, toks, e+1, false)
}

// startsSentence reports whether token k can begin a sentence: a capitalised
// word, a digit, or an opening quotation mark or bracket before one. With
// strict, only a typical sentence starter ("The", "But", "He") qualifies.
func startsSentence(text string, toks []doc.Span, k int, strict bool) bool {
	t := toks[k].In(text)
	r := firstRune(t)
	if isOpener(t) && k+1 < len(toks) {
		if strict {
			return false
		}
		n := firstRune(toks[k+1].In(text))
		return unicode.IsUpper(n) || unicode.IsDigit(n) || isQuote(n)
	}
	if strict {
		return starters[t]
	}
	return unicode.IsUpper(r) || unicode.IsDigit(r) || unicode.IsTitle(r) ||
		(!unicode.IsLower(r) && unicode.IsLetter(r)) // scripts without case
}

// lineBreakEnds reports whether the line break after token k (if any)
// closes a heading-like line.
func lineBreakEnds(text string, toks []doc.Span, k int) bool {
	gap := text[toks[k].End:toks[k+1].Start]
	if !strings.Contains(gap, "\n") {
		return false
	}
	lineStart := strings.LastIndexByte(text[:toks[k].End], '\n') + 1
	line := strings.TrimFunc(text[lineStart:toks[k].End], IsSpace)
	last := toks[k].In(text)
	if r, _ := utf8.DecodeLastRuneInString(last); strings.ContainsRune(",;-–—(/&", r) {
		return false
	}
	next := firstRune(toks[k+1].In(text))
	if unicode.IsLower(next) {
		return false
	}
	if continuers[strings.ToLower(last)] {
		return false
	}
	// A line ending in a lower-case word is a heading only when short
	// (hard-wrapped prose mostly ends in one); other lines when not long.
	n := utf8.RuneCountInString(line)
	if unicode.IsLower(firstRune(last)) {
		return n < 30
	}
	return n < 100
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// isCloser reports whether t closes a quotation or bracket.
func isCloser(t string) bool {
	switch t {
	case "\"", "'", "”", "’", "»", "›", ")", "]", "}", "''", "″":
		return true
	}
	return false
}

// isOpener reports whether t may open a quotation or bracket.
func isOpener(t string) bool {
	switch t {
	case "\"", "'", "“", "‘", "«", "‹", "„", "(", "[", "{", "``", "`":
		return true
	}
	return false
}

// continuers are words after which a line break never ends a sentence.
var continuers = map[string]bool{
	"the": true, "a": true, "an": true, "and": true, "or": true, "but": true, "of": true, "to": true,
	"in": true, "on": true, "at": true, "for": true, "with": true, "by": true, "from": true, "that": true,
	"as": true, "is": true, "are": true, "was": true, "were": true, "his": true, "her": true, "their": true,
	"its": true, "this": true, "which": true, "who": true, "be": true, "has": true, "have": true, "had": true,
	"will": true, "would": true, "said": true, "told": true, "into": true, "than": true, "not": true,
}

// starters are words that typically begin a sentence; after an abbreviation
// that can end one ("U.S.", "Inc.") they mark a boundary.
var starters = map[string]bool{
	"The": true, "A": true, "An": true, "But": true, "And": true, "However": true, "He": true, "She": true,
	"It": true, "They": true, "We": true, "I": true, "You": true, "This": true, "That": true, "These": true,
	"Those": true, "There": true, "His": true, "Her": true, "Its": true, "Their": true, "Our": true,
	"In": true, "On": true, "At": true, "For": true, "After": true, "Before": true, "While": true,
	"When": true, "If": true, "As": true, "Meanwhile": true, "Also": true, "So": true, "Yet": true,
	"Still": true, "Some": true, "Many": true, "Most": true, "Officials": true, "No": true,
	"Not": true, "What": true, "Why": true, "How": true, "Where": true, "Who": true, "Since": true,
	"Although": true, "Though": true, "Earlier": true, "Later": true, "Last": true, "Now": true,
	"Then": true, "Both": true, "Each": true, "Neither": true, "Such": true, "According": true,
	"Under": true, "With": true, "During": true, "Despite": true, "Asked": true, "Speaking": true,
}
