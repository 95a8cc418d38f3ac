package segment

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"sitrep/internal/doc"
)

// Tokenize splits text into word and punctuation tokens and returns their
// byte spans, in order. Every byte that is not white space (see IsSpace) lies
// in exactly one token and no span splits a UTF-8 sequence.
//
// The conventions follow the Penn Treebank and UD English EWT closely enough
// for taggers trained on EWT: punctuation, quotation marks of every style,
// brackets and dashes are tokens of their own; the clitics n't, 's, 're, 'll,
// 've, 'd and 'm are split off ("don't" -> "do" "n't", "cannot" -> "can"
// "not"); abbreviations and initials keep their period ("U.S.", "Jan.",
// "Gen.", "a.m."); numbers keep their separators ("1,000", "3.5",
// "2017-01-24", "08/16/2000"); URLs and e-mail addresses stay whole. One
// deliberate difference from EWT: hyphenated words stay whole ("U.S.-led",
// "anti-IS"), which keeps names and modifiers in one token.
func Tokenize(text string) []doc.Span {
	return appendTokens(nil, text, 0, len(text))
}

// IsSpace reports whether r separates tokens: Unicode white space, control
// characters, and the invisible format characters that scraped text carries
// (zero-width space and joiners, byte-order mark, soft hyphen).
func IsSpace(r rune) bool {
	switch r {
	case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad':
		return true
	}
	return unicode.IsSpace(r) || (unicode.IsControl(r) && r != utf8.RuneError)
}

// appendTokens appends to dst the tokens of text[start:end].
func appendTokens(dst []doc.Span, text string, start, end int) []doc.Span {
	i := start
	for i < end {
		r, size := utf8.DecodeRuneInString(text[i:end])
		if r == utf8.RuneError && size == 1 {
			// An invalid byte is a token of its own.
			dst = append(dst, doc.Span{Start: i, End: i + 1})
			i++
			continue
		}
		if IsSpace(r) {
			i += size
			continue
		}
		if n := urlLen(text[i:end]); n > 0 {
			dst = append(dst, doc.Span{Start: i, End: i + n})
			i += n
			continue
		}
		if isWordRune(r) {
			var n int
			dst, n = appendWord(dst, text, i, end)
			i += n
			continue
		}
		n := punctLen(text[i:end], r, size)
		dst = append(dst, doc.Span{Start: i, End: i + n})
		i += n
	}
	return dst
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || unicode.IsNumber(r)
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' }

// runeAt decodes the rune at byte i of s, returning 0 past the end.
func runeAt(s string, i int) (rune, int) {
	if i < 0 || i >= len(s) {
		return 0, 0
	}
	return utf8.DecodeRuneInString(s[i:])
}

// runeBefore decodes the rune that ends at byte i of s, 0 at the start.
func runeBefore(s string, i int) rune {
	if i <= 0 || i > len(s) {
		return 0
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return r
}

// urlLen returns the length of the URL starting s, or 0. Trailing
// punctuation that usually closes the surrounding sentence is left out.
func urlLen(s string) int {
	if !(hasPrefixFold(s, "http://") || hasPrefixFold(s, "https://") || hasPrefixFold(s, "www.")) {
		return 0
	}
	n := 0
	for n < len(s) {
		r, size := utf8.DecodeRuneInString(s[n:])
		if IsSpace(r) || isQuote(r) || r == '<' || r == '>' {
			break
		}
		n += size
	}
	for n > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:n])
		if strings.ContainsRune(".,;:!?)]}'", r) {
			n -= size
			continue
		}
		break
	}
	if n <= len("www.") {
		return 0
	}
	return n
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// appendWord scans the word that starts at text[i] (a letter or digit) and
// appends its token or tokens (a word may shed a clitic). It returns the
// number of bytes consumed.
func appendWord(dst []doc.Span, text string, i, end int) ([]doc.Span, int) {
	s := text[:end]
	j := i
	segStart := i   // start of the current dot-free segment, for "U.S" vs "end.The"
	dotted := false // the word contains an inner period
	for j < end {
		r, size := runeAt(s, j)
		if isWordRune(r) {
			j += size
			continue
		}
		next, nsize := runeAt(s, j+size)
		prev := runeBefore(s, j)
		switch {
		case r == '.':
			// Inner periods: "U.S", "3.5", "e.g", "bbc.co.uk". Before an
			// upper-case letter only after a short segment, so that a missing
			// space ("end.The") still splits.
			if isWordRune(next) && (!unicode.IsUpper(next) || j-segStart <= 2) {
				j += size
				segStart = j
				dotted = true
				continue
			}
			// "U.S.-led": an abbreviation's period before a hyphen.
			if next == '-' && dotted && isWordRune(runeAfter(s, j+size+nsize)) {
				j += size
				continue
			}
		case r == '-' || r == '‐' || r == '‑':
			// Hyphenated words stay whole: "anti-IS", "U.S.-led", "65-country".
			if isWordRune(next) && (isWordRune(prev) || prev == '.') {
				j += size
				segStart = j
				continue
			}
		case r == ',' || r == ':':
			// Digit groups and clock times: "1,000", "08:47".
			if unicode.IsDigit(prev) && unicode.IsDigit(next) {
				j += size
				continue
			}
		case r == '/':
			// Dates and short abbreviations: "08/16/2000", "b/c", "w/o".
			if unicode.IsDigit(prev) && unicode.IsDigit(next) {
				j += size
				continue
			}
			if j-segStart == 1 && unicode.IsLetter(next) && !isWordRune(runeAfter(s, j+size+nsize)) {
				j += size + nsize
				continue
			}
		case r == '&' || r == '@' || r == '_':
			// "AT&T", e-mail addresses, identifiers.
			if isWordRune(prev) && isWordRune(next) {
				j += size
				continue
			}
		case isApostrophe(r):
			// An apostrophe inside a word stays unless it starts a clitic:
			// "O'Brien" is whole, "Iran's" splits.
			if unicode.IsLetter(next) && unicode.IsLetter(prev) && !startsClitic(s, j, size) {
				j += size
				continue
			}
		}
		break
	}
	// A final period belongs to an abbreviation or an initial.
	if r, size := runeAt(s, j); r == '.' && keepsPeriod(s[i:j], dotted, s[j+size:]) {
		j += size
	}
	word := s[i:j]
	// Split negation and fused forms: "don't" -> "do" "n't", "cannot" ->
	// "can" "not", "gonna" -> "gon" "na".
	if k := splitPoint(word); k > 0 {
		dst = append(dst, doc.Span{Start: i, End: i + k}, doc.Span{Start: i + k, End: j})
		return dst, j - i
	}
	dst = append(dst, doc.Span{Start: i, End: j})
	// A clitic right after the word is a token of its own.
	if r, size := runeAt(s, j); isApostrophe(r) && startsClitic(s, j, size) {
		n := size
		for n < end-j {
			r2, s2 := runeAt(s, j+n)
			if !unicode.IsLetter(r2) {
				break
			}
			n += s2
		}
		dst = append(dst, doc.Span{Start: j, End: j + n})
		j += n
	}
	return dst, j - i
}

func runeAfter(s string, i int) rune {
	r, _ := runeAt(s, i)
	return r
}

// startsClitic reports whether the apostrophe at s[j] (size bytes) begins
// one of the clitics 's 're 'll 've 'd 'm, followed by a non-letter.
func startsClitic(s string, j, size int) bool {
	k := j + size
	n := k
	for n < len(s) && n-k <= 3 {
		r, rs := runeAt(s, n)
		if !unicode.IsLetter(r) {
			break
		}
		n += rs
	}
	if n-k > 2 {
		return false
	}
	if r, _ := runeAt(s, n); unicode.IsLetter(r) || isWordRune(r) {
		return false
	}
	switch strings.ToLower(s[k:n]) {
	case "s", "re", "ll", "ve", "d", "m":
		return true
	}
	return false
}

// splitPoint returns where a negated or fused word splits, or 0.
func splitPoint(w string) int {
	lw := strings.ToLower(w)
	for _, neg := range []string{"n't", "n’t"} {
		if strings.HasSuffix(lw, neg) && len(lw) > len(neg) {
			return len(w) - len(neg)
		}
	}
	switch lw {
	case "cannot":
		return 3
	case "gonna", "wanna", "gotta":
		return 3
	}
	return 0
}

// keepsPeriod reports whether word (without the period that follows it)
// keeps that period: known abbreviations, dotted abbreviations ("U.S",
// "a.m"), and single capital letters (initials). rest is the text after the
// period.
func keepsPeriod(word string, dotted bool, rest string) bool {
	if word == "" {
		return false
	}
	if dotted {
		// "U.S", "e.g", "a.m", "Ph.D": every segment is one or two letters.
		ok := true
		for seg := range strings.SplitSeq(word, ".") {
			if seg == "" || utf8.RuneCountInString(seg) > 2 || !isLetters(seg) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	if r, size := utf8.DecodeRuneInString(word); size == len(word) && unicode.IsUpper(r) {
		return true
	}
	lw := strings.ToLower(word)
	if _, ok := abbreviations[lw]; ok {
		return true
	}
	if lw == "no" || lw == "nos" || lw == "art" || lw == "p" || lw == "pp" {
		// "No. 10", "Art. 5": only before a number.
		rest = strings.TrimLeft(rest, " ")
		r, _ := utf8.DecodeRuneInString(rest)
		return unicode.IsDigit(r)
	}
	return false
}

func isLetters(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// abbreviations keep their final period. Titles (which never end a
// sentence) map to true; the others may end one.
var abbreviations = map[string]bool{
	// Titles and ranks.
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "sen": true, "rep": true, "gov": true,
	"gen": true, "lt": true, "col": true, "maj": true, "capt": true, "cpt": true, "sgt": true, "cpl": true,
	"pvt": true, "adm": true, "cmdr": true, "cdr": true, "brig": true, "rev": true, "hon": true, "pres": true,
	"supt": true, "insp": true, "det": true, "amb": true, "sr": false, "jr": false, "st": true, "mt": true,
	"ft": true, "messrs": true, "mme": true, "mlle": true, "fr": true, "sec": true, "atty": true, "gens": true,
	"reps": true, "sens": true, "govs": true, "vs": true, "v": true, "esp": true, "cf": true,
	// Months and days.
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true, "sep": true,
	"sept": true, "oct": true, "nov": true, "dec": true, "mon": true, "tue": true, "tues": true, "wed": true,
	"thu": true, "thur": true, "thurs": true, "fri": true, "sat": true,
	// Companies and places.
	"inc": false, "ltd": false, "corp": false, "co": false, "bros": false, "plc": false, "llc": false,
	"dept": false, "univ": false, "assn": false, "ave": false, "blvd": false, "rd": false,
	// Others.
	"etc": false, "approx": true, "est": false, "fig": true, "figs": true, "vol": true, "vols": true,
	"ed": false, "eds": false, "al": false, "min": false, "max": false, "mins": false, "hrs": false,
	"tel": true, "ext": true, "ca": true,
}

// punctLen returns the length of the punctuation or symbol token at the
// start of s, whose first rune is r (size bytes).
func punctLen(s string, r rune, size int) int {
	switch r {
	case '.':
		// "...", "....": one token. ".5": a number.
		n := size
		for n < len(s) && s[n] == '.' {
			n++
		}
		if n > 1 {
			return n
		}
		if next, _ := runeAt(s, 1); unicode.IsDigit(next) {
			for n < len(s) {
				r2, s2 := runeAt(s, n)
				if !unicode.IsDigit(r2) {
					break
				}
				n += s2
			}
		}
		return n
	case '-', '!', '?', '*', '=', '_', '~', '#', '+', '`':
		// "--", "!!!", "?!", "***", "``": runs of one mark are one token;
		// ! and ? mix.
		n := size
		for n < len(s) {
			r2, s2 := runeAt(s, n)
			if r2 != r && !((r == '!' || r == '?') && (r2 == '!' || r2 == '?')) {
				break
			}
			n += s2
		}
		return n
	case '\'':
		// '' (two apostrophes) is a closing quotation mark.
		if len(s) > 1 && s[1] == '\'' {
			return 2
		}
	}
	return size
}

// isQuote reports whether r is a quotation mark of any style.
func isQuote(r rune) bool {
	switch r {
	case '"', '\'', '“', '”', '‘', '’', '«', '»', '„', '‹', '›', '‚', '`', '″', '＂':
		return true
	}
	return false
}
