// Package lemma gives the dictionary form of English words from their part
// of speech: rules for regular inflection (plural nouns, verb forms,
// comparatives) and a list of exceptions (irregular forms, pronouns,
// clitics) learnt from the LEMMA column of UD English EWT train by gen.go.
package lemma

import (
	_ "embed"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

//go:generate go run gen.go -train ../../../../shared/data/ud-english-ewt/en_ewt-ud-train.conllu.gz -out exceptions.tsv

// exceptionsTSV holds lines "form<TAB>xpos<TAB>lemma" (form lower-cased).
//
//go:embed exceptions.tsv
var exceptionsTSV string

var (
	exceptionsOnce sync.Once
	exceptions     map[string]string // form + "\t" + xpos -> lemma
)

func loadExceptions() {
	exceptions = map[string]string{}
	for line := range strings.SplitSeq(exceptionsTSV, "\n") {
		f := strings.Split(line, "\t")
		if len(f) == 3 {
			exceptions[f[0]+"\t"+f[1]] = f[2]
		}
	}
}

// Lemma returns the lemma of word tagged upos (Universal Dependencies) and
// xpos (Penn Treebank). Either tag may be empty; xpos is used when present.
// Proper nouns keep their case; other words are lower-cased ("I" excepted).
func Lemma(word, upos, xpos string) string {
	if word == "" {
		return ""
	}
	if xpos == "" {
		xpos = guessXPOS(word, upos)
	}
	exceptionsOnce.Do(loadExceptions)
	l, ok := exceptions[Key(word)+"\t"+xpos]
	if i := strings.LastIndexByte(word, '-'); !ok && i > 0 && i < len(word)-1 && !strings.HasPrefix(xpos, "NNP") {
		// A hyphenated word inflects its last part: "U.S.-led" -> "u.s.-lead".
		return strings.ToLower(word[:i+1]) + Lemma(word[i+1:], upos, xpos)
	}
	r := Rule(word, upos, xpos)
	if ok {
		if strings.HasPrefix(xpos, "NNP") && strings.EqualFold(l, r) {
			return r // the exception only recased a name: keep the case seen
		}
		return l
	}
	return r
}

// Key is the form exceptions are looked up by: lower case, with curly
// apostrophes made straight.
func Key(word string) string {
	return strings.ToLower(strings.ReplaceAll(word, "’", "'"))
}

// guessXPOS picks the Penn Treebank tag the rules need from a UD tag and
// the word's ending.
func guessXPOS(word, upos string) string {
	lw := strings.ToLower(word)
	switch upos {
	case "NOUN":
		if strings.HasSuffix(lw, "s") && !strings.HasSuffix(lw, "ss") && len(lw) > 3 {
			return "NNS"
		}
		return "NN"
	case "PROPN":
		return "NNP"
	case "VERB", "AUX":
		switch {
		case strings.HasSuffix(lw, "ing"):
			return "VBG"
		case strings.HasSuffix(lw, "ed"):
			return "VBD"
		case strings.HasSuffix(lw, "s") && !strings.HasSuffix(lw, "ss"):
			return "VBZ"
		}
		return "VB"
	}
	return ""
}

// Rule returns the lemma the inflection rules give, without the exception
// list.
func Rule(word, upos, xpos string) string {
	if strings.HasPrefix(xpos, "NNP") {
		if xpos == "NNPS" {
			word = plural(word)
		}
		// EWT capitalises proper-noun lemmas: "kerala" -> "Kerala".
		if word == strings.ToLower(word) {
			r, size := utf8.DecodeRuneInString(word)
			return string(unicode.ToUpper(r)) + word[size:]
		}
		return word
	}
	if word == "I" {
		return word
	}
	w := strings.ToLower(word)
	if !hasLetter(w) {
		return word
	}
	switch xpos {
	case "NNS":
		return plural(w)
	case "VBZ":
		return thirdPerson(w)
	case "VBD", "VBN":
		if s, ok := strings.CutSuffix(w, "ied"); ok && len(s) > 1 {
			return s + "y"
		}
		if s, ok := strings.CutSuffix(w, "ed"); ok && len(s) > 1 {
			return restoreStem(s)
		}
	case "VBG":
		if s, ok := strings.CutSuffix(w, "ying"); ok && len(s) > 1 {
			return s + "y"
		}
		if s, ok := strings.CutSuffix(w, "ing"); ok && len(s) > 1 {
			return restoreStem(s)
		}
	case "JJR", "RBR":
		if s, ok := strings.CutSuffix(w, "ier"); ok && len(s) > 1 {
			return s + "y"
		}
		if s, ok := strings.CutSuffix(w, "er"); ok && len(s) > 1 {
			return restoreStem(s)
		}
	case "JJS", "RBS":
		if s, ok := strings.CutSuffix(w, "iest"); ok && len(s) > 1 {
			return s + "y"
		}
		if s, ok := strings.CutSuffix(w, "est"); ok && len(s) > 1 {
			return restoreStem(s)
		}
	}
	return w
}

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// plural returns the singular of a plural noun.
func plural(w string) string {
	lw := strings.ToLower(w)
	switch {
	case len(w) <= 3 || strings.HasSuffix(lw, "ss") || strings.HasSuffix(lw, "us") || strings.HasSuffix(lw, "is") || !strings.HasSuffix(lw, "s"):
		return w
	case strings.HasSuffix(lw, "ies") && len(w) > 4:
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(lw, "sses") || strings.HasSuffix(lw, "shes") || strings.HasSuffix(lw, "ches") ||
		strings.HasSuffix(lw, "xes") || strings.HasSuffix(lw, "zzes"):
		return w[:len(w)-2]
	case strings.HasSuffix(lw, "'s"):
		return w
	}
	return w[:len(w)-1]
}

// thirdPerson returns the base form of a third-person singular verb.
func thirdPerson(w string) string {
	switch {
	case len(w) <= 2 || !strings.HasSuffix(w, "s") || strings.HasSuffix(w, "ss"):
		return w
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "sses") || strings.HasSuffix(w, "shes") || strings.HasSuffix(w, "ches") ||
		strings.HasSuffix(w, "xes") || strings.HasSuffix(w, "zzes") || strings.HasSuffix(w, "oes"):
		return w[:len(w)-2]
	}
	return w[:len(w)-1]
}

func isVowel(b byte) bool { return strings.IndexByte("aeiou", b) >= 0 }

func isConsonant(b byte) bool { return b >= 'a' && b <= 'z' && !isVowel(b) }

// restoreStem undoes the spelling changes before -ed, -ing, -er and -est:
// a doubled final consonant ("stopp" -> "stop") and a dropped final e
// ("creat" -> "create", "mak" -> "make").
func restoreStem(s string) string {
	n := len(s)
	if n < 2 || !utf8.ValidString(s) {
		return s
	}
	last, prev := s[n-1], s[n-2]
	if last == prev && isConsonant(last) && strings.IndexByte("lsfzh", last) < 0 {
		return s[:n-1]
	}
	if n < 3 {
		if isConsonant(prev) || last == 'v' || last == 'u' {
			return s + "e"
		}
		return s
	}
	before := s[n-3]
	// Endings that almost always drop an e.
	switch last {
	case 'v', 'c', 'u':
		return s + "e"
	case 'z':
		if prev != 'z' {
			return s + "e"
		}
	case 's':
		switch prev {
		case 'a', 'i', 'o', 'u', 'y', 'n', 'r', 'p', 'l':
			return s + "e"
		}
	case 'l':
		if strings.IndexByte("bcdfgkptz", prev) >= 0 {
			return s + "e"
		}
	case 'g':
		if prev == 'r' || prev == 'd' || (prev == 'a' && isConsonant(before)) {
			return s + "e"
		}
	}
	if last == 't' && prev == 'a' && before != 'e' && before != 'o' {
		return s + "e" // "creat", "negotiat", "evacuat"
	}
	// Consonant, vowel, consonant: "not", "decid", "nam".
	if isConsonant(before) && isVowel(prev) && isConsonant(last) {
		switch string(s[n-2:]) {
		case "at", "ut", "ot", "id", "ad", "od", "ud", "ar", "ir", "ur", "in", "um", "im", "am", "ok", "ik", "ak",
			"ap", "ip", "ib", "ub", "ys", "yz":
			return s + "e"
		}
	}
	return s
}
