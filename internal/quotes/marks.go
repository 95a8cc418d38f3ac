package quotes

import (
	"unicode"
	"unicode/utf8"

	"sitrep/internal/doc"
)

// piece is one run of words between quotation marks.
type piece struct {
	// Outer covers the marks too; Inner covers the words only, trimmed of
	// spaces and of a trailing comma, colon or semicolon.
	Outer, Inner doc.Span
	// Open is true when the piece has no closing mark and the next
	// paragraph opens with one: the quotation goes on there.
	Open bool
	// Para is the index of the paragraph (line) the piece is in.
	Para int
}

// markClass tells double from single quotation marks; each class pairs only
// with itself.
type markClass uint8

const (
	double markClass = iota
	single
)

type mark struct {
	class markClass
	start int // byte offset of the mark
	end   int // byte offset just after it
}

// findPieces finds the direct quotations of text: pairs of quotation marks
// in every common style (" “ ” „ « » ‘ ’ and ' used as a quotation mark, not
// as an apostrophe), one paragraph (line) at a time. Only outermost pairs are
// pieces: a quotation inside a quotation is part of the outer one. A mark
// never closed in its paragraph, when the next paragraph opens with a mark
// (the convention for a quotation over several paragraphs), yields a piece
// running to the end of its paragraph, marked Open. Other unbalanced marks
// are ignored. The pieces come out
// in text order and never overlap.
func findPieces(text string) []piece {
	var out []piece
	starts := lineStarts(text)
	for line, lo := range starts {
		hi := lineEnd(text, starts, line)
		// Does the next paragraph that is not blank open with a mark?
		nextOpens := false
		for k := line + 1; k < len(starts); k++ {
			nlo, nhi := starts[k], lineEnd(text, starts, k)
			f := firstNonSpace(text, nlo, nhi)
			if f == nhi {
				continue
			}
			r, _ := utf8.DecodeRuneInString(text[f:nhi])
			nextOpens = r == '"' || r == '“' || r == '„' || r == '«'
			break
		}
		out = appendLinePieces(out, text, lo, hi, line, nextOpens)
	}
	return out
}

// lineStarts returns the start offset of every line of text, in order; the
// index of a line is the paragraph index of the pieces in it.
func lineStarts(text string) []int {
	starts := []int{0}
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// lineEnd returns the end of line k (before its newline).
func lineEnd(text string, starts []int, k int) int {
	if k+1 < len(starts) {
		return starts[k+1] - 1
	}
	return len(text)
}

func appendLinePieces(out []piece, text string, lo, hi, para int, nextOpens bool) []piece {
	var stack []mark
	for i := lo; i < hi; {
		r, size := utf8.DecodeRuneInString(text[i:hi])
		if !isQuoteRune(r) {
			i += size
			continue
		}
		prev, _ := utf8.DecodeLastRuneInString(text[lo:i])
		if i == lo {
			prev = ' '
		}
		next, _ := utf8.DecodeRuneInString(text[i+size : hi])
		if i+size >= hi {
			next = ' '
		}
		m := mark{start: i, end: i + size}
		switch r {
		case '“', '„', '«':
			m.class = double
			if r == '“' && openDouble(stack) && closesHere(prev, next) {
				// The German closing mark: „Wir schaffen das“.
				stack, out = closeMark(stack, out, text, m, para)
				break
			}
			stack = append(stack, m)
		case '”', '»':
			m.class = double
			stack, out = closeMark(stack, out, text, m, para)
		case '"':
			m.class = double
			open := openDouble(stack)
			switch {
			case open && closesHere(prev, next):
				stack, out = closeMark(stack, out, text, m, para)
			case opensHere(prev, next):
				stack = append(stack, m)
			case open:
				stack, out = closeMark(stack, out, text, m, para)
			}
		case '‘':
			m.class = single
			if !unicode.IsSpace(next) {
				stack = append(stack, m)
			}
		case '’', '\'':
			m.class = single
			switch {
			case isWordRune(prev) && isWordRune(next):
				// An apostrophe inside a word: don't, it's, O'Brien.
			case openSingle(stack) && closesHere(prev, next):
				stack, out = closeMark(stack, out, text, m, para)
			case r == '\'' && opensHere(prev, next) && unicode.IsLetter(next):
				stack = append(stack, m)
			}
		}
		i += size
	}
	// A mark never closed, when the next paragraph opens with a mark, starts
	// a quotation that goes on in the next paragraph.
	if len(stack) > 0 && nextOpens && stack[0].class == double {
		o := stack[0]
		inner := trimSpan(text, doc.Span{Start: o.end, End: hi})
		if !inner.Empty() {
			out = append(out, piece{Outer: doc.Span{Start: o.start, End: hi}, Inner: inner, Open: true, Para: para})
		}
	}
	return out
}

// closeMark pairs m with the innermost open mark of its class, dropping
// unclosed marks of the other class opened after it, and emits a piece when
// the pair is outermost.
func closeMark(stack []mark, out []piece, text string, m mark, para int) ([]mark, []piece) {
	k := len(stack) - 1
	for k >= 0 && stack[k].class != m.class {
		k--
	}
	if k < 0 {
		return stack, out
	}
	o := stack[k]
	stack = stack[:k]
	if len(stack) == 0 {
		inner := trimSpan(text, doc.Span{Start: o.end, End: m.start})
		if !inner.Empty() {
			out = append(out, piece{Outer: doc.Span{Start: o.start, End: m.end}, Inner: inner, Para: para})
		}
	}
	return stack, out
}

func openDouble(stack []mark) bool {
	for _, m := range stack {
		if m.class == double {
			return true
		}
	}
	return false
}

func openSingle(stack []mark) bool {
	return len(stack) > 0 && stack[len(stack)-1].class == single
}

// opensHere reports whether a straight mark between prev and next looks like
// an opening mark: after a space or an opening bracket, before a word.
func opensHere(prev, next rune) bool {
	return (unicode.IsSpace(prev) || isOpener(prev)) && !unicode.IsSpace(next)
}

// closesHere reports whether a mark between prev and next looks like a
// closing mark: after a word or punctuation, before a space or punctuation.
func closesHere(prev, next rune) bool {
	return !unicode.IsSpace(prev) && !isOpener(prev) && !isWordRune(next)
}

func isOpener(r rune) bool {
	switch r {
	case '(', '[', '{', '—', '–', '-', '“', '‘', '„', '«', '/', ':':
		return true
	}
	return false
}

func isQuoteRune(r rune) bool {
	switch r {
	case '"', '“', '”', '„', '«', '»', '‘', '’', '\'':
		return true
	}
	return false
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func firstNonSpace(text string, lo, hi int) int {
	for i := lo; i < hi; {
		r, size := utf8.DecodeRuneInString(text[i:hi])
		if !unicode.IsSpace(r) {
			return i
		}
		i += size
	}
	return hi
}

// trimSpan trims spaces from both ends of s, and a trailing comma, colon or
// semicolon (the punctuation that joins a quotation to its attribution).
func trimSpan(text string, s doc.Span) doc.Span {
	for s.Start < s.End {
		r, size := utf8.DecodeRuneInString(text[s.Start:s.End])
		if !unicode.IsSpace(r) {
			break
		}
		s.Start += size
	}
	for s.Start < s.End {
		r, size := utf8.DecodeLastRuneInString(text[s.Start:s.End])
		if !unicode.IsSpace(r) && r != ',' && r != ';' && r != ':' {
			break
		}
		s.End -= size
	}
	return s
}
