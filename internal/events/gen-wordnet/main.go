// Command gen-wordnet widens the event coder's predicate lexicon with
// WordNet: for every one-word verb or noun predicate of
// internal/events/data/predicates.tsv it proposes the other words of the
// predicate's first WordNet sense and of that sense's direct hyponyms
// (troponyms for verbs), and writes them, coded like the predicate they came
// from, to internal/events/data/wordnet.tsv. The coder loads that file after
// the hand-made lexicon, whose entries win.
//
// A proposed word is kept only when the sense it came through is among its
// own two most frequent senses (so "hit" as a blow is kept, "strike" as a
// labour action is not proposed from "attack"), when it is a single word,
// when no hand-made entry starts with it, and when every predicate that
// proposes it agrees on the PLOVER type. Words listed in exclude below were
// measured to lower the PLOVER dev figures and are dropped.
//
// WordNet 3.0 (Princeton University; Debian package wordnet-base, data in
// /usr/share/wordnet) is read at generation time only; the product embeds
// the generated file and never needs WordNet. Run from the module root:
//
//	go run ./internal/events/gen-wordnet
//
// With WordNet absent it says so and leaves the committed file alone.
package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"sitrep/internal/shared"
)

// exclude lists proposals that lowered the PLOVER dev figures or read as
// wrong senses in news text; each is dropped whatever proposes it.
var exclude = map[string]bool{
	// too general or mostly other senses in news text
	"go": true, "get": true, "make": true, "take": true, "have": true, "give": true, "do": true, "set": true,
	"run": true, "move": true, "turn": true, "hold": true, "put": true, "bring": true, "come": true,
	"see": true, "call": true, "say": true, "tell": true, "state": true, "pass": true, "work": true,
	"act": true, "play": true, "meet": true, "check": true, "charge": true, "fire": true, "shoot": true,
	"force": true, "order": true, "support": true, "back": true, "cover": true, "deal": true,
	"present": true, "return": true, "service": true, "post": true, "note": true, "head": true,
	"face": true, "appeal": true, "claim": true, "report": true, "announce": true, "action": true,
	"operation": true, "activity": true, "event": true, "effort": true, "process": true, "change": true,
	"exchange": true, "contact": true, "communication": true, "relation": true, "group": true,
	"party": true, "body": true, "unit": true, "line": true, "position": true, "case": true,
	// senses that are not political acts in news text (read in the generated list)
	"count": true, "counting": true, "enumeration": true, "numeration": true, "tabulation": true,
	"empiricism": true, "gallicism": true, "latinism": true, "loanword": true, "nothingness": true,
	"jazz": true, "malarkey": true, "malarky": true, "shop": true, "frequent": true, "second": true,
	"continue": true, "proceed": true, "cross": true, "cheek": true, "flirt": true, "coquet": true,
	"coquette": true, "philander": true, "potter": true, "putter": true, "busy": true, "smatter": true,
	"mash": true, "mesh": true, "intersect": true, "encounter": true, "lick": true, "cream": true,
	"scoop": true, "trump": true, "whip": true, "best": true, "master": true, "worst": true, "shaft": true,
	"pip": true, "off": true, "overlay": true, "overlie": true, "quarter": true, "rope": true, "lasso": true,
	"egg": true, "snowball": true, "grass": true, "plain": true, "gnarl": true, "beef": true, "bitch": true,
	"mine": true, "posture": true, "behave": true, "comport": true, "franchise": true, "afford": true,
	"confess": true, "performance": true, "presentation": true, "exhibition": true, "evidence": true,
	"manifest": true, "attest": true, "certify": true, "notarise": true, "notarize": true, "dangle": true,
	"lag": true, "jug": true, "doom": true, "foredoom": true, "structure": true, "organise": true,
	"adopt": true, "borrow": true, "accost": true, "affiance": true, "betroth": true, "arrange": true,
	"contract": true, "honor": true, "honour": true, "resolve": true, "plight": true, "succumb": true,
	"permit": true, "defervescence": true, "subsidence": true, "remission": true, "remittal": true,
	"abatement": true, "dilation": true, "hiatus": true, "static": true, "shock": true, "speak": true,
	"talking": true, "chatter": true, "cackle": true, "yack": true, "yak": true, "shmooze": true,
	"interview": true, "research": true, "search": true, "analysis": true, "examination": true,
	"scrutiny": true, "investigating": true, "experiment": true, "expedite": true, "suit": true,
	"moot": true, "causa": true, "help": true, "thanks": true, "boost": true, "recourse": true,
	"selflessness": true, "compliance": true, "conformity": true, "concurrence": true, "concurrency": true,
	"abidance": true, "allegiance": true, "commitment": true, "understanding": true, "negative": true,
	"avoidance": true, "desertion": true, "stylisation": true, "stylization": true, "standardisation": true,
	"standardization": true, "burn": true, "bust": true, "direct": true, "instruct": true, "command": true,
	"assert": true, "asseverate": true, "advertise": true, "advertize": true, "promote": true,
	"herald": true, "sponsor": true, "warrant": true, "further": true, "guarantee": true,
	// each coded an event of a type the PLOVER dev gold lacks (go test ./internal/eval/plover
	// -run TestDevWordNet with PLOVER_REPORT=1); "murder" was a true ASSAULT the gold does not code
	"disengagement": true, "ignore": true, "advocate": true, "murder": true,
	// wrong senses seen firing on ../shared/data/bbc-news/politics (the crime, the
	// election contest, beating a rival)
	"offence": true, "compromise": true, "contest": true, "abandonment": true, "preach": true,
	"outdo": true, "outfight": true, "outflank": true, "outgo": true, "outmatch": true, "outperform": true,
	"outplay": true, "outpoint": true, "outscore": true, "outstrip": true, "overcome": true,
	"overmaster": true, "overpower": true, "surmount": true, "surpass": true, "trounce": true,
	"vanquish": true, "whomp": true, "drub": true, "clobber": true, "checkmate": true, "spreadeagle": true,
}

const header = `# WordNet-widened event predicates, generated by go run ./internal/events/gen-wordnet
# from internal/events/data/predicates.tsv and WordNet 3.0. DO NOT EDIT: edit the generator or
# predicates.tsv (whose entries win over these) and regenerate.
#
# Columns as in predicates.tsv; notes name the hand-made predicate and the WordNet sense.
#
%s# (the WordNet 3.0 licence, as the database states it; https://wordnet.princeton.edu/license-and-commercial-use)
#
# pattern	pos	type	mode	cameo	modality	context	notes
`

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gen-wordnet:", err)
		os.Exit(1)
	}
}

func run() error {
	wn := os.Getenv("WNSEARCHDIR")
	if wn == "" {
		wn = "/usr/share/wordnet"
	}
	if _, err := os.Stat(filepath.Join(wn, "index.verb")); err != nil {
		fmt.Fprintf(os.Stderr, "gen-wordnet: WordNet not found in %s (apt-get install wordnet-base, or set WNSEARCHDIR); data/wordnet.tsv left as it is\n", wn)
		return nil
	}
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	dir := filepath.Join(root, "internal", "events", "data")
	seeds, hand, err := readPredicates(filepath.Join(dir, "predicates.tsv"))
	if err != nil {
		return err
	}
	dbs := map[string]*db{}
	for _, pos := range []string{"verb", "noun"} {
		d, err := load(wn, pos)
		if err != nil {
			return err
		}
		dbs[pos] = d
	}
	type proposal struct {
		fields []string // the seed's columns
		word   string
		note   string
		conf   bool // seeds disagree on the type
	}
	props := map[string]*proposal{} // pos + word -> proposal
	for _, s := range seeds {
		pos := "verb"
		if s.fields[1] == "N" {
			pos = "noun"
		}
		d := dbs[pos]
		senses := d.index[s.word]
		if len(senses) == 0 {
			continue
		}
		// The seed's first sense that can name an event.
		first := ""
		for _, off := range senses {
			if eventFiles[d.file[off]] {
				first = off
				break
			}
		}
		if first == "" {
			continue
		}
		cands := []string{first}
		cands = append(cands, d.hypo[first]...)
		for _, off := range cands {
			for _, w := range d.words[off] {
				if w == s.word || strings.ContainsAny(w, "_-.'") || exclude[w] || hand[w] {
					continue
				}
				top := d.index[w]
				if len(top) > 2 {
					top = top[:2]
				}
				if !containsStr(top, off) || !eventFiles[d.file[off]] {
					continue
				}
				key := s.fields[1] + " " + w
				rel := "synonym"
				if off != first {
					rel = "hyponym"
				}
				if p, ok := props[key]; ok {
					if p.fields[2] != s.fields[2] || p.fields[4][:2] != s.fields[4][:2] {
						p.conf = true
					}
					continue
				}
				props[key] = &proposal{fields: s.fields, word: w,
					note: fmt.Sprintf("wordnet: %s of %q (%s %s)", rel, s.word, pos, off)}
				if strings.Contains(s.fields[7], "override") {
					props[key].note += "; type override as in the hand-made entry"
				}
			}
		}
	}
	keys := make([]string, 0, len(props))
	for k, p := range props {
		if !p.conf {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(a, b int) bool {
		pa, pb := props[keys[a]], props[keys[b]]
		if pa.fields[2] != pb.fields[2] {
			return pa.fields[2] < pb.fields[2]
		}
		return keys[a] < keys[b]
	})
	lic, err := licence(filepath.Join(wn, "data.verb"))
	if err != nil {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, header, lic)
	for _, k := range keys {
		p := props[k]
		f := append([]string{p.word}, p.fields[1:7]...)
		f = append(f, p.note)
		b.WriteString(strings.Join(f, "\t"))
		b.WriteByte('\n')
	}
	out := filepath.Join(dir, "wordnet.tsv")
	if err := os.WriteFile(out, []byte(b.String()), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "gen-wordnet: %d predicates written to %s\n", len(keys), out)
	return nil
}

// seed is a one-word hand-made predicate.
type seed struct {
	word   string
	fields []string // the line's 8 columns
}

// readPredicates returns the one-word V and N predicates of the hand-made
// lexicon that code an event, and every word that starts a hand-made entry.
func readPredicates(path string) ([]seed, map[string]bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	var seeds []seed
	hand := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fs := strings.Split(line, "\t")
		for len(fs) < 8 {
			fs = append(fs, "")
		}
		words := strings.Fields(fs[0])
		for _, w := range strings.Split(words[0], "|") {
			hand[strings.ToLower(w)] = true
		}
		if len(words) != 1 || fs[2] == "-" || fs[4] == "" || fs[1] == "*" {
			continue
		}
		for _, w := range strings.Split(words[0], "|") {
			seeds = append(seeds, seed{word: strings.ToLower(w), fields: fs[:8]})
		}
	}
	return seeds, hand, sc.Err()
}

// db is one part of speech of WordNet: the senses of each lemma, most
// frequent first, the words of each synset and its direct hyponyms.
type db struct {
	index map[string][]string
	words map[string][]string
	hypo  map[string][]string
	file  map[string]int // lexicographer file number of each synset
}

// eventFiles are the WordNet lexicographer files whose senses can name an
// event (WordNet's lexnames): noun.act, noun.communication, noun.event;
// verb.change, verb.communication, verb.competition, verb.contact,
// verb.motion, verb.possession, verb.social.
var eventFiles = map[int]bool{4: true, 10: true, 11: true, 30: true, 32: true, 33: true, 35: true, 38: true,
	40: true, 41: true}

func load(dir, pos string) (*db, error) {
	d := &db{index: map[string][]string{}, words: map[string][]string{}, hypo: map[string][]string{},
		file: map[string]int{}}
	if err := eachLine(filepath.Join(dir, "index."+pos), func(f []string) error {
		// lemma pos synset_cnt p_cnt [ptr...] sense_cnt tagsense_cnt offsets...
		if len(f) < 4 {
			return errors.New("short index line")
		}
		n, err := strconv.Atoi(f[2])
		if err != nil {
			return err
		}
		if len(f) < n {
			return errors.New("short index line")
		}
		d.index[f[0]] = f[len(f)-n:]
		return nil
	}); err != nil {
		return nil, fmt.Errorf("index.%s: %w", pos, err)
	}
	if err := eachLine(filepath.Join(dir, "data."+pos), func(f []string) error {
		// offset lex_filenum ss_type w_cnt (word lex_id)... p_cnt (ptr off pos st)...
		if len(f) < 4 {
			return errors.New("short data line")
		}
		off := f[0]
		lf, err := strconv.Atoi(f[1])
		if err != nil {
			return err
		}
		d.file[off] = lf
		wc, err := strconv.ParseInt(f[3], 16, 32)
		if err != nil {
			return err
		}
		i := 4
		for k := 0; k < int(wc) && i+1 < len(f); k++ {
			d.words[off] = append(d.words[off], strings.ToLower(f[i]))
			i += 2
		}
		if i >= len(f) {
			return nil
		}
		pc, err := strconv.Atoi(f[i])
		if err != nil {
			return err
		}
		i++
		for k := 0; k < pc && i+3 < len(f); k++ {
			if f[i] == "~" && (f[i+2] == "v" || f[i+2] == "n") {
				d.hypo[off] = append(d.hypo[off], f[i+1])
			}
			i += 4
		}
		return nil
	}); err != nil {
		return nil, fmt.Errorf("data.%s: %w", pos, err)
	}
	return d, nil
}

// eachLine calls fn with the space-separated fields of each line of a
// WordNet file, skipping the licence lines (which start with spaces) and
// anything after a gloss bar.
func eachLine(path string, fn func(f []string) error) error {
	fh, err := os.Open(path)
	if err != nil {
		return err
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == ' ' {
			continue
		}
		if i := strings.Index(line, " | "); i >= 0 {
			line = line[:i]
		}
		if err := fn(strings.Fields(line)); err != nil {
			return fmt.Errorf("%q: %w", line[:min(len(line), 40)], err)
		}
	}
	return sc.Err()
}

// licence returns the licence WordNet's data files open with, as comment
// lines.
func licence(path string) (string, error) {
	fh, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer fh.Close()
	var b strings.Builder
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] != ' ' {
			break
		}
		// "  1 This software ..." : drop the line number.
		f := strings.Fields(line)
		if len(f) > 0 {
			f = f[1:]
		}
		b.WriteString(strings.TrimRight("# "+strings.Join(f, " "), " ") + "\n")
	}
	return b.String(), sc.Err()
}

func containsStr(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// moduleRoot is the directory of sitrep's go.mod.
func moduleRoot() (string, error) { return shared.ModuleRoot() }
