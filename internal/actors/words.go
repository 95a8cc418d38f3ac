package actors

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// word is one unit of text the matcher compares: a run of letters and
// digits ("Spicer", "2017"), a dotted abbreviation ("U.S.", "D.C."), a
// possessive ending ("'s") or one punctuation character ("-", ",", "\"").
// Words are finer than the segmenter's tokens on purpose: "U.S.-led" gives
// "U.S.", "-", "led" and "anti-IS" gives "anti", "-", "IS", so a name inside
// a hyphenated token is still found.
type word struct {
	start, end int
	// norm is the word with curly apostrophes made straight.
	norm string
	// lower is norm in lower case, the key of the gazetteer index.
	lower string
	// nl is true when a line break lies between this word and the one
	// before it.
	nl bool
}

// splitWords cuts text into words. It never fails and every word is a
// non-empty span of text, in order.
func splitWords(text string) []word { return appendWords(nil, text) }

// appendWords appends the words of text (as splitWords cuts them) to out.
func appendWords(out []word, text string) []word {
	sawNL := true
	i := 0
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '\n':
			sawNL = true
			i += size
			continue
		case unicode.IsSpace(r) || r == utf8.RuneError && size <= 1 && !validAt(text, i):
			i += size
			continue
		}
		end := i + size
		switch {
		case isWordRune(r):
			end = scanWord(text, i)
		case isApostrophe(r):
			// A possessive ending: "'s" followed by a non-letter.
			if j := end; j < len(text) && (text[j] == 's' || text[j] == 'S') {
				if k := j + 1; k >= len(text) || !startsLetter(text[k:]) {
					end = k
				}
			}
		}
		out = append(out, makeWord(text, i, end, sawNL))
		sawNL = false
		i = end
	}
	return out
}

func validAt(text string, i int) bool {
	r, _ := utf8.DecodeRuneInString(text[i:])
	return r != utf8.RuneError
}

func makeWord(text string, start, end int, nl bool) word {
	s := text[start:end]
	norm := s
	// Both curly quotes start with the byte 0xE2; most words have none.
	if strings.IndexByte(s, 0xE2) >= 0 && (strings.ContainsRune(s, '’') || strings.ContainsRune(s, '‘')) {
		norm = strings.NewReplacer("’", "'", "‘", "'").Replace(s)
	}
	return word{start: start, end: end, norm: norm, lower: strings.ToLower(norm), nl: nl}
}

// scanWord returns the end of the word starting at i: letters and digits,
// inner apostrophes that are not a possessive ("O'Brien", "N'Djamena"), and
// dotted abbreviations ("U.S.", "D.C.", "U.S.A.").
func scanWord(text string, i int) int {
	if end, ok := scanDotted(text, i); ok {
		return end
	}
	j := i
	for j < len(text) {
		r, size := utf8.DecodeRuneInString(text[j:])
		if isWordRune(r) {
			j += size
			continue
		}
		if isApostrophe(r) && j+size < len(text) {
			rest := text[j+size:]
			// "Obama's" splits before the apostrophe; "O'Brien" does not.
			if (rest[0] == 's' || rest[0] == 'S') && (len(rest) == 1 || !startsLetter(rest[1:])) {
				break
			}
			if startsLetter(rest) {
				j += size
				continue
			}
		}
		break
	}
	return j
}

// scanDotted recognises single letters joined by periods: "U.S.", "D.C.".
func scanDotted(text string, i int) (int, bool) {
	j, letters := i, 0
	for j+1 < len(text) && isASCIILetter(text[j]) && text[j+1] == '.' {
		letters++
		j += 2
	}
	if letters == 0 {
		return 0, false
	}
	// "U.S" without the final period: the last letter closes the abbreviation.
	if j < len(text) && isASCIILetter(text[j]) && (j+1 >= len(text) || !isASCIILetter(text[j+1])) {
		j++
		letters++
	}
	if letters < 2 {
		return 0, false
	}
	return j, true
}

func isASCIILetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' || r == '‘' }

func startsLetter(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r)
}

// capitalised reports whether s begins with an upper-case letter.
func capitalised(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// hasInnerUpper reports whether s has an upper-case letter after its first
// rune ("DoD", "ISIS", "U.S.", "McGurk").
func hasInnerUpper(s string) bool {
	for i, r := range s {
		if i > 0 && unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

// isAlpha reports whether s holds at least one letter and no character
// that is not a letter, digit or apostrophe.
func isAlpha(s string) bool {
	seen := false
	for _, r := range s {
		if unicode.IsLetter(r) {
			seen = true
		} else if !unicode.IsDigit(r) && r != '\'' && r != '.' {
			return false
		}
	}
	return seen
}
