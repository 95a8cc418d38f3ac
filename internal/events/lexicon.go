package events

import (
	"bufio"
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"sitrep/internal/doc"
)

//go:generate go run gen.go
//go:generate go run ./gen-wordnet

// cameoTSV is the CAMEO code table built by gen.go: PLOVER type, mode and
// contexts from CAMEO2PLOVER-2021 and the Goldstein value of every code.
//
//go:embed data/cameo.tsv
var cameoTSV string

// predicatesTSV is sitrep's own predicate lexicon; its header documents
// the columns.
//
//go:embed data/predicates.tsv
var predicatesTSV string

// wordnetTSV widens the lexicon with WordNet synonyms and hyponyms of its
// one-word predicates; built by gen-wordnet (go run
// ./internal/events/gen-wordnet), loaded after predicatesTSV.
//
//go:embed data/wordnet.tsv
var wordnetTSV string

// Code is one row of the CAMEO table.
type Code struct {
	// Code is the CAMEO code ("0312", "195").
	Code string
	// Type is the PLOVER type the 2021 table gives the code, "" for codes
	// it does not map (CAMEO 01 statements, 02 appeals).
	Type doc.EventType
	// Mode and Contexts are the table's PLOVER mode and contexts.
	Mode     string
	Contexts []string
	// Goldstein is the code's Goldstein (1992) value.
	Goldstein float64
	// Description is the CAMEO category name.
	Description string
}

// Entry is one predicate of the lexicon.
type Entry struct {
	// Pattern is the lexicon's pattern as written.
	Pattern string
	// Items are the pattern's parts: each a set of lemmas, or nil for a gap
	// ("...").
	Items [][]string
	// POS is "V", "N" or "*".
	POS string
	// Type is the PLOVER type; "" for a stop phrase.
	Type doc.EventType
	// Stop marks a stop phrase: it blocks shorter matches and codes nothing.
	Stop bool
	// Mode, CAMEO, Contexts and Goldstein describe the coded event.
	Mode      string
	CAMEO     string
	Contexts  []string
	Goldstein float64
	// Modality is the modality the phrase itself states ("future" for
	// "open to"), "" if none.
	Modality doc.Modality
	// Notes says why the entry is as it is.
	Notes string
	// words is the number of lemma items (gaps excluded), used to prefer
	// longer matches.
	words int
}

// Lexicon is a predicate lexicon with its CAMEO table, indexed for
// matching. It is read-only once built and safe for concurrent use.
type Lexicon struct {
	Codes   map[string]Code
	Entries []Entry
	// byFirst indexes entries by each lemma their first item accepts.
	byFirst map[string][]int
	// mustEntry codes a reported obligation ("X said Y must ..."): a
	// REQUEST, CAMEO 100.
	mustEntry *Entry
	// byType is the entry the trained model codes each type with when no
	// lexicon entry of that type matched (typeEntry).
	typeOnce sync.Once
	byType   map[doc.EventType]Entry
}

// DefaultLexicon parses the embedded CAMEO table, the hand-made predicate
// lexicon and its WordNet widening.
func DefaultLexicon() (*Lexicon, error) {
	return ParseLexicon(cameoTSV, predicatesTSV, wordnetTSV)
}

// HandLexicon parses the embedded CAMEO table and the hand-made predicate
// lexicon only, without the WordNet widening (to measure what it adds).
func HandLexicon() (*Lexicon, error) {
	return ParseLexicon(cameoTSV, predicatesTSV)
}

// ParseLexicon builds a lexicon from the text of a CAMEO table (cameo.tsv)
// and a predicate lexicon (predicates.tsv) in the embedded files' formats.
// Each of more (in the same format, such as wordnet.tsv) is read after
// them; its entries whose first word already starts an entry of an earlier
// file are skipped, so hand-made entries win.
func ParseLexicon(cameo, predicates string, more ...string) (*Lexicon, error) {
	lx := &Lexicon{Codes: map[string]Code{}, byFirst: map[string][]int{}}
	if err := eachLine(cameo, func(n int, f []string) error {
		if len(f) < 5 {
			return fmt.Errorf("cameo table line %d: %d columns, want 6", n, len(f))
		}
		g, err := strconv.ParseFloat(f[4], 64)
		if err != nil {
			return fmt.Errorf("cameo table line %d: goldstein: %w", n, err)
		}
		c := Code{Code: f[0], Type: doc.EventType(f[1]), Mode: f[2], Contexts: splitList(f[3]), Goldstein: g}
		if len(f) > 5 {
			c.Description = f[5]
		}
		lx.Codes[c.Code] = c
		return nil
	}); err != nil {
		return nil, err
	}
	if err := eachLine(predicates, func(n int, f []string) error {
		e, err := lx.parseEntry(f)
		if err != nil {
			return fmt.Errorf("predicate lexicon line %d: %w", n, err)
		}
		lx.Entries = append(lx.Entries, e)
		for _, l := range e.Items[0] {
			lx.byFirst[l] = append(lx.byFirst[l], len(lx.Entries)-1)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	for i, extra := range more {
		known := make(map[string]bool, len(lx.byFirst))
		for l := range lx.byFirst {
			known[l] = true
		}
		if err := eachLine(extra, func(n int, f []string) error {
			e, err := lx.parseEntry(f)
			if err != nil {
				return fmt.Errorf("extra lexicon %d line %d: %w", i+1, n, err)
			}
			for _, l := range e.Items[0] {
				if known[l] {
					return nil
				}
			}
			lx.Entries = append(lx.Entries, e)
			for _, l := range e.Items[0] {
				lx.byFirst[l] = append(lx.byFirst[l], len(lx.Entries)-1)
			}
			return nil
		}); err != nil {
			return nil, err
		}
	}
	if c, ok := lx.Codes["100"]; ok {
		lx.mustEntry = &Entry{Pattern: "must", Items: [][]string{{"must"}}, POS: "V", Type: doc.REQUEST,
			Mode: c.Mode, CAMEO: c.Code, Contexts: c.Contexts, Goldstein: c.Goldstein,
			Notes: "built in: a reported obligation", words: 1}
	}
	return lx, nil
}

func (lx *Lexicon) parseEntry(f []string) (Entry, error) {
	for len(f) < 8 {
		f = append(f, "")
	}
	e := Entry{Pattern: f[0], POS: f[1], Mode: f[3], CAMEO: f[4], Modality: doc.Modality(f[5]),
		Contexts: splitList(f[6]), Notes: f[7]}
	for _, it := range strings.Fields(f[0]) {
		if it == "..." {
			e.Items = append(e.Items, nil)
			continue
		}
		e.Items = append(e.Items, strings.Split(strings.ToLower(it), "|"))
		e.words++
	}
	if e.words == 0 || e.Items[0] == nil || e.Items[len(e.Items)-1] == nil {
		return e, fmt.Errorf("pattern %q must start and end with a word", f[0])
	}
	switch e.POS {
	case "V", "N", "*":
	default:
		return e, fmt.Errorf("pattern %q: pos %q is not V, N or *", f[0], e.POS)
	}
	switch e.Modality {
	case doc.Asserted, doc.Future:
	default:
		return e, fmt.Errorf("pattern %q: modality %q is not empty or future", f[0], e.Modality)
	}
	if f[2] == "-" {
		e.Stop = true
		return e, nil
	}
	c, ok := lx.Codes[e.CAMEO]
	if !ok {
		return e, fmt.Errorf("pattern %q: unknown CAMEO code %q", f[0], e.CAMEO)
	}
	e.Type = doc.EventType(f[2])
	if e.Type == "" {
		e.Type = c.Type
	}
	if !validType(e.Type) {
		return e, fmt.Errorf("pattern %q: no PLOVER type (CAMEO %s has none in the table; give one)", f[0], e.CAMEO)
	}
	if e.Mode == "" {
		e.Mode = c.Mode
	}
	if e.Contexts == nil {
		e.Contexts = c.Contexts
	}
	e.Goldstein = c.Goldstein
	return e, nil
}

func validType(t doc.EventType) bool {
	for _, v := range doc.EventTypes {
		if v == t {
			return true
		}
	}
	return false
}

// eachLine calls fn with the tab-separated fields of every line of text
// that is neither blank nor a # comment.
func eachLine(text string, fn func(n int, f []string) error) error {
	sc := bufio.NewScanner(strings.NewReader(text))
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if err := fn(n, strings.Split(line, "\t")); err != nil {
			return err
		}
	}
	return sc.Err()
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// codeFor returns the CAMEO row of code, or the row of its parent code
// ("0312" -> "031" -> "03") when the table lacks it.
func (lx *Lexicon) codeFor(code string) (Code, bool) {
	for len(code) >= 2 {
		if c, ok := lx.Codes[code]; ok {
			return c, true
		}
		code = code[:len(code)-1]
	}
	return Code{}, false
}
