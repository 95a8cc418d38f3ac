package quotes

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"sitrep/internal/doc"
)

// kind is what a scanned token is.
type kind uint8

const (
	word  kind = iota
	punct      // one punctuation character
	quote      // a whole direct quotation, marks included (see piece)
)

// tok is one token of the attribution scanner. Quotations are opaque: one
// tok stands for all of a piece, so that words inside quotation marks are
// never taken for cues or sources outside them.
type tok struct {
	doc.Span
	kind  kind
	lower string // lower-cased text of a word or punctuation mark
	piece int    // index into the pieces for a quote token, else -1
	cap   bool   // a word starting with an upper-case letter
}

// abbreviations keep their period: titles and month names that precede a
// capitalised word without ending the sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "sen": true, "rep": true, "gov": true, "gen": true,
	"lt": true, "col": true, "maj": true, "capt": true, "sgt": true, "adm": true, "pres": true, "prof": true,
	"st": true, "jr": true, "sr": true, "rev": true, "sec": true, "amb": true, "lt.gen": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "aug": true, "sept": true, "sep": true, "oct": true,
	"nov": true, "dec": true, "no": true, "vs": true, "inc": true, "corp": true, "co": true, "ltd": true,
}

// scanLine tokenises text[lo:hi], one paragraph, turning each piece that
// lies in it into one quote token.
func scanLine(text string, lo, hi int, pieces []piece, firstPiece int) []tok {
	var out []tok
	p := firstPiece
	for i := lo; i < hi; {
		if p < len(pieces) && pieces[p].Outer.Start < i {
			p++
			continue
		}
		if p < len(pieces) && pieces[p].Outer.Start == i {
			out = append(out, tok{Span: pieces[p].Outer, kind: quote, piece: p})
			i = pieces[p].Outer.End
			p++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:hi])
		switch {
		case unicode.IsSpace(r):
			i += size
		case isWordRune(r):
			j := wordEnd(text, i, hi)
			w := text[i:j]
			// Keep the period of an abbreviation or of initials ("U.S.").
			if j < hi && text[j] == '.' && (abbreviations[strings.ToLower(w)] || isInitials(w)) {
				j++
			}
			first, _ := utf8.DecodeRuneInString(w)
			out = append(out, tok{Span: doc.Span{Start: i, End: j}, kind: word, lower: strings.ToLower(text[i:j]),
				piece: -1, cap: unicode.IsUpper(first)})
			i = j
		default:
			out = append(out, tok{Span: doc.Span{Start: i, End: i + size}, kind: punct, lower: text[i : i+size], piece: -1})
			i += size
		}
	}
	return out
}

// wordEnd returns the end of the word starting at i: letters and digits,
// joined by inner periods, hyphens, apostrophes and ampersands ("U.S",
// "anti-IS", "don't", "AT&T", "1,000").
func wordEnd(text string, i, hi int) int {
	j := i
	for j < hi {
		r, size := utf8.DecodeRuneInString(text[j:hi])
		if isWordRune(r) {
			j += size
			continue
		}
		if r == '.' || r == '-' || r == '\'' || r == '’' || r == '&' || r == ',' {
			n, _ := utf8.DecodeRuneInString(text[j+size : hi])
			if j+size < hi && isWordRune(n) && (r != ',' || unicode.IsDigit(n) && j > i && isDigitByte(text[j-1])) {
				j += size
				continue
			}
		}
		break
	}
	return j
}

func isDigitByte(b byte) bool { return b >= '0' && b <= '9' }

// isInitials reports whether w is a run of single letters joined by periods
// ("U.S", "D.C", "J").
func isInitials(w string) bool {
	if w == "" {
		return false
	}
	for _, part := range strings.Split(w, ".") {
		if utf8.RuneCountInString(part) != 1 {
			return false
		}
		r, _ := utf8.DecodeRuneInString(part)
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// sentences splits the tokens of one paragraph into sentences, returned as
// [start, end) index pairs into toks. A sentence ends at . ! ? outside
// quotation marks, or after a quotation whose words end with a full stop,
// when a capitalised word or a new quotation follows, unless the words that
// follow are an attribution ("Blah." Kerry said.).
func sentences(text string, toks []tok, pieces []piece) [][2]int {
	var out [][2]int
	start := 0
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		end := false
		switch {
		case t.kind == punct && (t.lower == "." || t.lower == "!" || t.lower == "?" || t.lower == "…"):
			end = i+1 == len(toks) || startsSentence(toks[i+1])
			// Closing brackets stay with the sentence.
			for end && i+1 < len(toks) && toks[i+1].kind == punct && toks[i+1].lower == ")" {
				i++
			}
		case t.kind == quote && i+1 < len(toks) && startsSentence(toks[i+1]):
			words := strings.TrimRight(pieces[t.piece].Inner.In(text), " ")
			if strings.HasSuffix(words, ".") || strings.HasSuffix(words, "!") || strings.HasSuffix(words, "?") {
				end = !attributionFollows(toks[i+1:])
			}
		}
		if end {
			out = append(out, [2]int{start, i + 1})
			start = i + 1
		}
	}
	if start < len(toks) {
		out = append(out, [2]int{start, len(toks)})
	}
	return out
}

func startsSentence(t tok) bool {
	if t.kind == quote {
		return true
	}
	if t.kind == word {
		r, _ := utf8.DecodeRuneInString(t.lower)
		return t.cap || unicode.IsDigit(r)
	}
	return t.lower == "(" || t.lower == "["
}

// attributionFollows reports whether toks start with a short speaker and a
// cue verb closing the sentence: "Kerry said.", "said the official."
func attributionFollows(toks []tok) bool {
	for i := 0; i < len(toks) && i < 6; i++ {
		t := toks[i]
		if t.kind != word {
			if t.lower == "," {
				continue
			}
			return false
		}
		if c, ok := cueWords[t.lower]; ok && c.class == classSay {
			return true
		}
	}
	return false
}
