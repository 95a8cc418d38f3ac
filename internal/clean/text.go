package clean

import (
	_ "embed"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file cleans plain text scraped from a web page: it finds the story
// among menus, widgets, captions and footers by general signals (sentence
// punctuation, line length, runs of short lines, repeated lines, position,
// and a small lexicon of boilerplate phrases) and returns its headline and
// its paragraphs.

//go:embed boilerplate.txt
var boilerplateData string

// lexicon is the parsed boilerplate vocabulary.
type lexicon struct {
	line, prefix, contains, short []string
}

func parseLexicon(data string) *lexicon {
	lx := &lexicon{}
	for _, l := range strings.Split(data, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		kind, phrase, ok := strings.Cut(l, ":")
		if !ok {
			continue
		}
		phrase = strings.ToLower(phrase)
		switch kind {
		case "line":
			lx.line = append(lx.line, phrase)
		case "prefix":
			lx.prefix = append(lx.prefix, phrase)
		case "contains":
			lx.contains = append(lx.contains, phrase)
		case "short":
			lx.short = append(lx.short, phrase)
		}
	}
	return lx
}

// match reports whether the line s (normalised, with words words) is
// boilerplate.
func (lx *lexicon) match(s string, words int) bool {
	low := strings.ToLower(s)
	bare := strings.TrimFunc(low, func(r rune) bool {
		return unicode.IsPunct(r) || unicode.IsSpace(r) || r == '•' || r == '|' || r == '>' || r == '»'
	})
	for _, p := range lx.line {
		if bare == p {
			return true
		}
	}
	trimmed := strings.TrimLeft(low, "•*-–—·|> ")
	for _, p := range lx.prefix {
		if strings.HasPrefix(trimmed, p) {
			return true
		}
	}
	for _, p := range lx.contains {
		if strings.Contains(low, p) {
			return true
		}
	}
	if words <= 15 {
		for _, p := range lx.short {
			if strings.Contains(low, p) {
				return true
			}
		}
	}
	return false
}

// line is one non-blank line of the input with what the cleaner knows of it.
type line struct {
	text     string // whitespace normalised
	block    int    // index of the run of non-blank lines it is in
	words    int
	terminal bool // ends like a sentence
	junk     bool // boilerplate by the lexicon or its shape
	dup      bool // repeats an earlier line
	prose    bool // reads like a sentence of a story
	inList   bool // part of a run of three or more short lines
	menu     bool // inList, and the run reads as a menu, not as content
}

// result is what cleaning plain text gives.
type result struct {
	title string
	paras []string
}

func (r result) text() string { return strings.Join(r.paras, "\n\n") }

// cleanText finds the story in s. When title is not "", it is the known
// headline: no other is looked for, and lines repeating it are dropped.
// Cleaning is idempotent: cleaning (title, text) of a result again gives
// the same result, which cleanText ensures by cleaning to a fixed point.
func (c *Cleaner) cleanText(s, title string) result {
	r := c.cleanOnce(s, title)
	for range 4 {
		again := c.cleanOnce(r.text(), r.title)
		if again.title == r.title && slicesEqual(again.paras, r.paras) {
			break
		}
		r = again
	}
	return r
}

func slicesEqual(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// normSpace collapses every run of white space (including no-break and
// other Unicode spaces) into one space, drops invisible format characters
// and control characters, and trims the ends.
func normSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r) || unicode.IsControl(r):
			space = b.Len() > 0
			continue
		case r == '\u200b' || r == '\ufeff' || r == '\u00ad' || r == '\u2060' || r == '\u200e' || r == '\u200f':
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// splitLines splits s into normalised non-blank lines, numbering the blocks
// (runs of non-blank lines) they belong to.
func splitLines(s string) []line {
	var out []line
	block := 0
	prevBlank := true
	for raw := range strings.SplitSeq(s, "\n") {
		t := normSpace(raw)
		if t == "" {
			if !prevBlank {
				block++
			}
			prevBlank = true
			continue
		}
		prevBlank = false
		out = append(out, line{text: t, block: block})
	}
	return out
}

// endsSentence reports whether s ends like a sentence: with . ! ? or an
// ellipsis, possibly followed by closing quotes or brackets.
func endsSentence(s string) bool {
	s = strings.TrimRightFunc(s, func(r rune) bool {
		return strings.ContainsRune(`"'’”»)]`, r)
	})
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune(".!?…。", r)
}

func startsLower(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

// joinWrapped joins the lines of hard-wrapped paragraphs: a line of at
// least six words that does not end a sentence, followed in the same block
// by a line that starts in lower case or by a line when the first is long.
func joinWrapped(ls []line) []line {
	var out []line
	for _, l := range ls {
		if n := len(out); n > 0 {
			p := &out[n-1]
			if p.block == l.block && !endsSentence(p.text) && len(strings.Fields(p.text)) >= 6 &&
				(startsLower(l.text) || utf8.RuneCountInString(p.text) >= 50 && len(strings.Fields(l.text)) >= 3) &&
				!strings.Contains(p.text, " | ") {
				p.text += " " + l.text
				continue
			}
		}
		out = append(out, l)
	}
	return out
}

var (
	// datelineRe matches what a dateline or byline line holds: an ISO date,
	// a clock time, or a leading "By", "Updated", "Published".
	datelineRe = regexp.MustCompile(`\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\b\d{1,2}:\d{2}\b|^(?i:by|updated|published|posted|last updated|date)\b`)
	// agencyLeadRe matches a dateline opening a story's first paragraph:
	// "WASHINGTON (Reuters) - ", "BEIJING, Jan. 24 (Xinhua) -- ",
	// "MOSCOW — ".
	agencyLeadRe = regexp.MustCompile(`^(?:[A-Z][A-Z.'\-]{2,}(?:[ ,/]+[A-Z][A-Z.'\-]+)*,?\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?\s*)?(?:\([A-Za-z][A-Za-z/ .&\-]{1,30}\)\s*)?|\([A-Za-z][A-Za-z/ .&\-]{1,30}\)\s*)(?:--|[-—–])\s+`)
)

// isNavSep reports whether s is a menu or breadcrumb ("Home / China /
// World", "About | Jobs").
func isNavSep(s string) bool {
	return strings.Contains(s, " | ") || strings.Contains(s, " / ") || strings.Contains(s, " > ") ||
		strings.Contains(s, " » ") || strings.Contains(s, " · ")
}

// letterRatio is the share of letters among the non-space runes of s.
func letterRatio(s string) float64 {
	letters, all := 0, 0
	for _, r := range s {
		if unicode.IsSpace(r) {
			continue
		}
		all++
		if unicode.IsLetter(r) {
			letters++
		}
	}
	if all == 0 {
		return 0
	}
	return float64(letters) / float64(all)
}

// isHeadline reports whether l could be a headline.
func isHeadline(l line) bool {
	if l.junk || l.words < 2 || l.words > 30 || len(l.text) > 300 {
		return false
	}
	if strings.HasSuffix(l.text, ".") && !strings.HasSuffix(l.text, "...") || strings.HasSuffix(l.text, ":") ||
		strings.HasSuffix(l.text, ",") {
		return false
	}
	if isNavSep(l.text) || datelineRe.MatchString(l.text) || l.inList {
		return false
	}
	for _, w := range strings.Fields(l.text) {
		if gluedMenu(w) {
			return false
		}
	}
	return letterRatio(l.text) >= 0.6
}

// gluedMenu reports whether a word is menu items run together, as scraped
// text renders a row of links: a long run of capitals ("USEUROPEAFRICAASIA")
// or scripts mixed inside one word ("中文双语Français", a language switcher).
func gluedMenu(w string) bool {
	upper, letters := 0, 0
	var han, latin bool
	for _, r := range w {
		if !unicode.IsLetter(r) {
			continue
		}
		letters++
		if unicode.IsUpper(r) {
			upper++
		}
		switch {
		case unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) ||
			unicode.Is(unicode.Hangul, r) || unicode.Is(unicode.Arabic, r) || unicode.Is(unicode.Cyrillic, r):
			han = true
		case r < 0x250:
			latin = true
		}
	}
	return han && latin || letters >= 12 && upper == letters
}

// normKey is how lines are compared for repetition.
func normKey(s string) string {
	return strings.ToLower(strings.TrimRightFunc(s, unicode.IsPunct))
}

func (c *Cleaner) cleanOnce(s, title string) result {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	ls := joinWrapped(splitLines(s))
	titleKey := ""
	if title != "" {
		titleKey = normKey(normSpace(title))
	}

	// Features of each line.
	seen := map[string]bool{}
	for i := range ls {
		l := &ls[i]
		l.words = len(strings.Fields(l.text))
		l.terminal = endsSentence(l.text)
		l.junk = c.lex.match(l.text, l.words) || letterRatio(l.text) < 0.4
		key := normKey(l.text)
		l.dup = seen[key] || key == titleKey && titleKey != ""
		seen[key] = true
	}
	// Runs of three or more short lines in one block are lists; most of
	// them are menus, unless their items read as content.
	for i := 0; i < len(ls); {
		j := i
		for j < len(ls) && ls[j].block == ls[i].block && ls[j].words <= 5 && !ls[j].terminal {
			j++
		}
		if j-i >= 3 {
			menuItems := 0
			for k := i; k < j; k++ {
				ls[k].inList = true
				if menuItem(ls[k].text) {
					menuItems++
				}
			}
			for k := i; k < j; k++ {
				ls[k].menu = menuItems*10 >= (j-i)*6
			}
		}
		if j == i {
			j++
		}
		i = j
	}
	// The first real line may be a headline even if long; it is not prose
	// then.
	firstReal := -1
	for i, l := range ls {
		if !l.junk && !l.dup {
			firstReal = i
			break
		}
	}
	for i := range ls {
		l := &ls[i]
		if l.junk || l.dup || l.inList {
			continue
		}
		if i == firstReal && title == "" && isHeadline(*l) && (!l.terminal || l.words <= 15 && !strings.HasSuffix(l.text, ".") &&
			i+1 < len(ls) && ls[i+1].block != l.block) {
			continue
		}
		l.prose = l.words >= 6 && l.terminal || l.words >= 15 && !isNavSep(l.text)
	}

	// Clusters of prose lines with small gaps between them.
	type cluster struct{ first, last, chars int }
	var clusters []cluster
	gap, gapJunk := 0, false
	for i, l := range ls {
		if l.dup {
			continue
		}
		if !l.prose {
			// Boilerplate, menus and short labels part the story; other
			// lines (list items, subheadings) do not.
			if l.junk || l.menu || l.words <= 3 && !l.terminal {
				gap++
			}
			gapJunk = gapJunk || l.junk || l.menu
			continue
		}
		n := len(clusters)
		if n == 0 || gap >= 3 || gap >= 2 && gapJunk {
			clusters = append(clusters, cluster{first: i, last: i})
			n++
		}
		clusters[n-1].last = i
		clusters[n-1].chars += len(l.text)
		gap, gapJunk = 0, false
	}
	// Short closing sentences right after a cluster belong to it.
	for k := range clusters {
		cl := &clusters[k]
		for i := cl.last + 1; i < len(ls); i++ {
			l := ls[i]
			if l.dup {
				continue
			}
			if l.junk || l.prose || !l.terminal || l.words < 3 || l.inList {
				break
			}
			cl.last = i
		}
	}
	best := 0
	for _, cl := range clusters {
		best = max(best, cl.chars)
	}
	keep := make([]bool, len(ls))
	start := len(ls)
	for _, cl := range clusters {
		if cl.chars*10 < best*3 {
			continue
		}
		start = min(start, cl.first)
		for i := cl.first; i <= cl.last; i++ {
			l := ls[i]
			if l.junk || l.dup {
				continue
			}
			if !l.prose && (isByline(l.text) || l.menu) {
				continue
			}
			keep[i] = true
		}
	}

	// The head: lines before the story. Find the headline (one of three
	// words or more if there is one, else of two), keep a standfirst.
	r := result{title: title}
	headline := -1
	if title == "" {
		// The first line of the page is the headline if it reads as one,
		// unless it is a two-word Title Case label ("World News").
		if firstReal >= 0 && firstReal < start {
			if l := ls[firstReal]; isHeadline(l) && (l.words > 2 || titleCaseRatio(l.text) < 1) {
				headline = firstReal
			}
		}
		for pass, minWords := range []int{3, 2} {
			for i := 0; i < start && headline < 0; i++ {
				if l := ls[i]; !l.dup && l.words >= minWords && isHeadline(l) {
					headline = i
				}
			}
			if headline >= 0 || pass > 0 {
				break
			}
		}
		if headline >= 0 {
			r.title = ls[headline].text
		}
	}
	for i := 0; i < start; i++ {
		l := ls[i]
		if l.dup || l.junk || i <= headline || headline < 0 && title == "" {
			continue
		}
		if (l.words >= 6 && titleCaseRatio(l.text) < 0.6 || l.words >= 3 && l.terminal) && !l.inList &&
			!isNavSep(l.text) && !datelineRe.MatchString(l.text) && letterRatio(l.text) >= 0.6 {
			keep[i] = true
		}
	}

	for i, l := range ls {
		if keep[i] {
			r.paras = append(r.paras, l.text)
		}
	}
	// A dateline opening the first paragraphs is meta's, not the story's.
	for i := 0; i < len(r.paras) && i < 2; i++ {
		if m := agencyLeadRe.FindStringIndex(r.paras[i]); m != nil && m[1] < len(r.paras[i]) {
			rest := r.paras[i][m[1]:]
			if startsUpperOrQuote(rest) {
				r.paras[i] = rest
				break
			}
		}
	}
	return r
}

func startsUpperOrQuote(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r) || strings.ContainsRune(`"“'‘`, r) || unicode.IsDigit(r)
}

// isByline reports whether s is a short "By Jane Doe" line.
func isByline(s string) bool {
	return len(s) < 80 && !endsSentence(s) && (strings.HasPrefix(s, "By ") || strings.HasPrefix(s, "BY "))
}

// titleCaseRatio is the share of words that start with a capital letter.
func titleCaseRatio(s string) float64 {
	words := strings.Fields(s)
	if len(words) == 0 {
		return 0
	}
	n := 0
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsUpper(r) {
			n++
		}
	}
	return float64(n) / float64(len(words))
}

// menuItem reports whether a short line reads as a menu item: at most four
// words, nearly all capitalised, no digits, brackets or bullets.
func menuItem(s string) bool {
	if len(strings.Fields(s)) > 4 || strings.ContainsAny(s, "0123456789()[]-•*") && !strings.Contains(s, "-t") {
		return false
	}
	return titleCaseRatio(s) >= 0.6
}
