package timex

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// tok is one word, number or punctuation mark of the text, found by the
// package's own small scanner so that the stage works on raw text alone.
type tok struct {
	start, end int
	low        string  // lowercase form; curly apostrophes become '
	num        bool    // all ASCII digits
	val        int     // the value of a digit token (up to 9 digits)
	dec        float64 // the value of a number token with a decimal point
	isDec      bool
	space      bool // whitespace precedes the token
	newlines   int  // newlines in the whitespace before the token
	upper      bool // the first letter is uppercase
	sentence   int  // sentence number, for tense cues
}

// scan splits text into tokens. Letters (with digits after them) form words,
// digit runs form numbers ("2.5" and "1,000" stay whole), every other
// non-space rune is a token of its own.
func scan(text string) []tok {
	toks := make([]tok, 0, len(text)/5+1)
	space, nl := true, 0
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case unicode.IsSpace(r):
			space = true
			if r == '\n' {
				nl++
			}
			i += size
			continue
		case unicode.IsLetter(r):
			j := i + size
			for j < len(text) {
				r2, s2 := utf8.DecodeRuneInString(text[j:])
				if !unicode.IsLetter(r2) && !unicode.IsDigit(r2) {
					break
				}
				j += s2
			}
			t := tok{start: i, end: j, low: strings.ToLower(text[i:j]), upper: unicode.IsUpper(r)}
			toks = append(toks, t)
			i = j
		case r >= '0' && r <= '9':
			j := i
			for j < len(text) && text[j] >= '0' && text[j] <= '9' {
				j++
			}
			t := tok{start: i, end: j, low: text[i:j], num: true}
			// A decimal fraction or a thousands group stays in the token.
			if j+1 < len(text) && text[j] == '.' && isDigit(text[j+1]) {
				k := j + 1
				for k < len(text) && isDigit(text[k]) {
					k++
				}
				if f, err := strconv.ParseFloat(text[i:k], 64); err == nil {
					t = tok{start: i, end: k, low: text[i:k], isDec: true, dec: f}
				}
				j = k
			} else if j+3 < len(text) && text[j] == ',' && isDigit(text[j+1]) && isDigit(text[j+2]) && isDigit(text[j+3]) &&
				(j+4 == len(text) || !isDigit(text[j+4])) && j-i <= 3 {
				k := j
				for k+3 < len(text) && text[k] == ',' && isDigit(text[k+1]) && isDigit(text[k+2]) && isDigit(text[k+3]) &&
					(k+4 == len(text) || !isDigit(text[k+4])) {
					k += 4
				}
				f, _ := strconv.ParseFloat(strings.ReplaceAll(text[i:k], ",", ""), 64)
				t = tok{start: i, end: k, low: text[i:k], isDec: true, dec: f}
				j = k
			}
			if t.num && j-i <= 9 {
				t.val, _ = strconv.Atoi(text[i:j])
			} else if t.num {
				t.val = -1
			}
			toks = append(toks, t)
			i = j
		default:
			low := text[i : i+size]
			switch r {
			case '\u2019', '\u2018', '`':
				low = "'"
			case '\u2013', '\u2014':
				low = "-"
			}
			toks = append(toks, tok{start: i, end: i + size, low: low})
			i += size
		}
		toks[len(toks)-1].space = space
		toks[len(toks)-1].newlines = nl
		space, nl = false, 0
	}
	markSentences(toks)
	return toks
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// abbreviations are words whose trailing period does not end a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "st": true, "gen": true, "sen": true, "rep": true,
	"gov": true, "lt": true, "col": true, "sgt": true, "prof": true, "inc": true, "corp": true, "co": true,
	"ltd": true, "jr": true, "sr": true, "u": true, "s": true, "a": true, "p": true, "m": true, "vs": true,
	"no": true, "e": true, "g": true, "i": true, "n": true, "k": true, "d": true, "c": true, "est": true,
}

// markSentences numbers the sentences of toks: a sentence ends at ".", "!"
// or "?" (not after an abbreviation) or at a blank line.
func markSentences(toks []tok) {
	s := 0
	for i := range toks {
		if toks[i].newlines >= 2 && i > 0 {
			s++
		}
		toks[i].sentence = s
		switch toks[i].low {
		case "!", "?":
			s++
		case ".":
			if i > 0 && !toks[i].space {
				p := toks[i-1].low
				if abbreviations[p] || months[p] != 0 || weekdayAbbrev[p] {
					continue
				}
			}
			if i+1 < len(toks) && toks[i+1].num && !toks[i+1].space {
				continue
			}
			s++
		}
	}
}
