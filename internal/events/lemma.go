package events

import "strings"

// irregular maps irregular English verb and noun forms to their lemma, for
// when the lemmatizer has not run. Only words that matter to the lexicon or
// to the coder's cues are listed.
var irregular = map[string]string{
	"met": "meet", "held": "hold", "sought": "seek", "gave": "give", "given": "give",
	"took": "take", "taken": "take", "fought": "fight", "struck": "strike", "stricken": "strike",
	"went": "go", "gone": "go", "began": "begin", "begun": "begin", "shot": "shoot",
	"beaten": "beat", "led": "lead", "sent": "send", "withdrew": "withdraw", "withdrawn": "withdraw",
	"told": "tell", "said": "say", "swore": "swear", "sworn": "swear", "brought": "bring",
	"broke": "break", "broken": "break", "paid": "pay", "made": "make", "laid": "lay",
	"flew": "fly", "flown": "fly", "froze": "freeze", "frozen": "freeze", "stood": "stand",
	"spoke": "speak", "spoken": "speak", "won": "win", "lost": "lose", "hit": "hit",
	"set": "set", "cut": "cut", "put": "put", "quit": "quit", "let": "let", "bid": "bid",
	"was": "be", "were": "be", "is": "be", "are": "be", "am": "be", "been": "be", "being": "be",
	"'s": "be", "'re": "be", "has": "have", "had": "have", "did": "do", "does": "do", "done": "do",
	"overthrew": "overthrow", "overthrown": "overthrow", "undertook": "undertake", "chose": "choose",
	"forbade": "forbid", "forbidden": "forbid", "caught": "catch", "taught": "teach", "bought": "buy",
	"thought": "think", "found": "find", "kept": "keep", "left": "leave", "felt": "feel",
	"drew": "draw", "drawn": "draw", "threw": "throw", "thrown": "throw", "knew": "know", "known": "know",
	"wrote": "write", "written": "write", "rose": "rise", "risen": "rise", "fled": "flee",
	"arose": "arise", "sat": "sit", "bore": "bear", "borne": "bear", "saw": "see", "seen": "see",
	"came": "come", "got": "get", "gotten": "get", "ran": "run", "tore": "tear", "torn": "tear",
	"wound": "wound", "men": "man", "women": "woman", "people": "people", "children": "child",
	"talks": "talk", "arms": "arm", "news": "news", "forces": "force",
	"crises": "crisis", "analyses": "analysis", "hostages": "hostage",
}

// lemmaCandidates returns the lowercase word and the lemmas it may have,
// most likely first. lemma is the lemmatizer's answer ("" if it did not
// run); it comes first when given.
func lemmaCandidates(word, lemma string) []string {
	w := strings.ToLower(word)
	w = strings.ReplaceAll(w, "\u2019", "'")
	out := make([]string, 0, 4)
	add := func(s string) {
		if s == "" {
			return
		}
		for _, o := range out {
			if o == s {
				return
			}
		}
		out = append(out, s)
	}
	if lemma != "" {
		add(strings.ToLower(lemma))
	}
	add(w)
	if l, ok := irregular[w]; ok {
		add(l)
	}
	n := len(w)
	switch {
	case n > 4 && strings.HasSuffix(w, "ies"):
		add(w[:n-3] + "y")
	case n > 4 && strings.HasSuffix(w, "sses"), n > 4 && strings.HasSuffix(w, "shes"),
		n > 4 && strings.HasSuffix(w, "ches"), n > 3 && strings.HasSuffix(w, "xes"):
		add(w[:n-2])
	case n > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") &&
		!strings.HasSuffix(w, "is"):
		add(w[:n-1])
	}
	switch {
	case n > 4 && strings.HasSuffix(w, "ied"):
		add(w[:n-3] + "y")
	case n > 3 && strings.HasSuffix(w, "ed"):
		stem := w[:n-2]
		add(stem + "e")
		add(stem)
		if k := len(stem); k > 2 && stem[k-1] == stem[k-2] && !strings.ContainsRune("aeiou", rune(stem[k-1])) {
			add(stem[:k-1]) // planned -> plan, expelled -> expel
		}
	case n > 4 && strings.HasSuffix(w, "ing"):
		stem := w[:n-3]
		add(stem)
		add(stem + "e")
		if k := len(stem); k > 2 && stem[k-1] == stem[k-2] && !strings.ContainsRune("aeiou", rune(stem[k-1])) {
			add(stem[:k-1]) // planning -> plan, shelling -> shel (harmless)
		}
	}
	return out
}
