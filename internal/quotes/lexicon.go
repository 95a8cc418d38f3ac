package quotes

import (
	_ "embed"
	"strings"
)

// cueClass is how a cue verb takes its speaker and its content.
type cueClass uint8

const (
	classSay    cueClass = iota + 1 // "X said (that) ...", "..., X said"
	classTell                       // "X told reporters (that) ..."
	classThink                      // "X believes (that) ..."
	classStance                     // "X praised the decision", "polls show ..."
)

// form is the grammatical form of a cue word.
type form uint8

const (
	formBase form = iota // say
	formS                // says
	formPast             // said
	formIng              // saying
)

type cue struct {
	lemma string
	class cueClass
	form  form
}

//go:embed lexicon/cues.txt
var cuesTxt string

// cueWords maps every form of every cue verb to its cue. It is built once
// from the embedded lexicon and never changed.
var cueWords = parseCues(cuesTxt)

func parseCues(src string) map[string]cue {
	m := map[string]cue{}
	add := func(w string, c cue) {
		if _, ok := m[w]; !ok {
			m[w] = c
		}
	}
	for line := range strings.SplitSeq(src, "\n") {
		f := strings.Fields(line)
		if len(f) < 2 || strings.HasPrefix(f[0], "#") {
			continue
		}
		var class cueClass
		switch f[0] {
		case "say":
			class = classSay
		case "tell":
			class = classTell
		case "think":
			class = classThink
		case "stance":
			class = classStance
		default:
			continue
		}
		lemma := f[1]
		s, past, pp, ing := inflect(lemma)
		// Irregular forms: past, past participle, -ing (and -s) as listed.
		irr := f[2:]
		if len(irr) > 0 {
			past = irr[0]
			pp = irr[0]
		}
		if len(irr) > 1 {
			pp = irr[1]
		}
		if len(irr) > 2 {
			ing = irr[2]
		}
		if len(irr) > 3 {
			s = irr[3]
		}
		add(lemma, cue{lemma, class, formBase})
		add(s, cue{lemma, class, formS})
		add(past, cue{lemma, class, formPast})
		add(pp, cue{lemma, class, formPast})
		add(ing, cue{lemma, class, formIng})
	}
	return m
}

// inflect derives the regular -s, past, past participle and -ing forms.
func inflect(v string) (s, past, pp, ing string) {
	n := len(v)
	switch {
	case strings.HasSuffix(v, "e"):
		s, past, ing = v+"s", v+"d", v[:n-1]+"ing"
	case n > 1 && v[n-1] == 'y' && !strings.ContainsRune("aeiou", rune(v[n-2])):
		s, past, ing = v[:n-1]+"ies", v[:n-1]+"ied", v+"ing"
	case strings.HasSuffix(v, "s") || strings.HasSuffix(v, "sh") || strings.HasSuffix(v, "ch") || strings.HasSuffix(v, "x"):
		s, past, ing = v+"es", v+"ed", v+"ing"
	default:
		s, past, ing = v+"s", v+"ed", v+"ing"
	}
	if v == "say" {
		s = "says"
	}
	return s, past, past, ing
}
