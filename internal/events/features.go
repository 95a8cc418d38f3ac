package events

import (
	"strconv"
	"strings"

	"sitrep/internal/doc"
)

// cand is a candidate predicate: a verb or noun of the sentence, or a
// lexicon match (whose words it spans).
type cand struct {
	first, last int
	lex         *match // the lexicon match starting here, nil if none
}

// kids returns the dependents of token i within the sentence.
func (s *sent) kids(i int) []int {
	if s.children == nil {
		s.children = make([][]int, s.end-s.first)
		for j := s.first; j < s.end; j++ {
			h := s.c.d.Tokens[j].Head
			if h >= s.first && h < s.end && h != j {
				s.children[h-s.first] = append(s.children[h-s.first], j)
			}
		}
	}
	if i < s.first || i >= s.end {
		return nil
	}
	return s.children[i-s.first]
}

// head returns token i's head within the sentence, -1 if none.
func (s *sent) head(i int) int {
	h := s.c.d.Tokens[i].Head
	if h < s.first || h >= s.end || h == i {
		return -1
	}
	return h
}

func (s *sent) lemma(i int) string {
	if i < s.first || i >= s.end {
		return ""
	}
	if c := s.cands[i-s.first]; len(c) > 0 {
		return c[0]
	}
	return ""
}

// candidates lists the sentence's candidate predicates: every lexicon
// match (stop phrases and reported obligations included, so the model
// sees them), and every other verb or common noun outside entity mentions
// and time expressions.
func (s *sent) candidates(lex []match) []cand {
	var out []cand
	covered := make([]bool, s.end-s.first)
	byFirst := map[int]int{}
	for k := range lex {
		m := &lex[k]
		byFirst[m.first] = k
		for j := m.first; j <= m.last; j++ {
			if j >= s.first && j < s.end {
				covered[j-s.first] = true
			}
		}
	}
	for i := s.first; i < s.end; i++ {
		if k, ok := byFirst[i]; ok {
			out = append(out, cand{first: lex[k].first, last: lex[k].last, lex: &lex[k]})
			continue
		}
		if covered[i-s.first] || s.blocked(i) {
			continue
		}
		switch s.upos(i) {
		case "VERB", "NOUN":
			w := s.w(i)
			if len(w) < 3 || !isLowerWord(w) {
				continue
			}
			out = append(out, cand{first: i, last: i})
		}
	}
	return out
}

// candHead is the head word of a candidate.
func (s *sent) candHead(c cand) int {
	if c.lex != nil && s.c.dep {
		return s.headOf(c.lex)
	}
	return c.first
}

// entType is the coarse type of the entity at token t, "-" if none.
func (s *sent) entType(t int) string {
	if t < s.first || t >= s.end {
		return "-"
	}
	if e := s.c.ent[t]; e != doc.None {
		return string(s.c.d.Entities[e].Type)
	}
	return "-"
}

// subtreeEntity returns the type of the first entity in the dependency
// subtree of t (two levels), "-" if none.
func (s *sent) subtreeEntity(t int) string {
	if et := s.entType(t); et != "-" {
		return et
	}
	for _, k := range s.kids(t) {
		if et := s.entType(k); et != "-" {
			return et
		}
		for _, k2 := range s.kids(k) {
			if et := s.entType(k2); et != "-" {
				return et
			}
		}
	}
	return "-"
}

// triggerFeatures appends the hashed features of candidate c to buf.
func (s *sent) triggerFeatures(c cand, buf []uint64) []uint64 {
	d := s.c.d
	h := s.candHead(c)
	l := s.lemma(h)
	w := s.w(h)
	up := s.upos(h)
	xp := d.Tokens[h].XPOS
	add := func(parts ...string) { buf = append(buf, fh(parts...)) }
	add("bias")
	add("l", l)
	add("w", w)
	add("l+up", l, up)
	add("xp", xp)
	if len(l) > 4 {
		add("suf", l[len(l)-3:])
	}
	lexT := "-"
	if c.lex != nil {
		switch {
		case c.lex.must:
			lexT = "must"
		case c.lex.e.Stop:
			lexT = "stop"
		default:
			lexT = string(c.lex.e.Type)
		}
		add("pat", c.lex.e.Pattern)
		add("lexw", strconv.Itoa(c.lex.e.words))
	}
	add("lex", lexT)
	add("lex+up", lexT, up)
	add("lex+l", lexT, l)
	add("p1", s.w(h-1))
	add("n1", s.w(h+1))
	add("l+n1", l, s.w(h+1))
	add("p1+l", s.w(h-1), l)
	add("p2", s.w(h-2), s.w(h-1))
	ents := len(s.groups)
	if ents > 3 {
		ents = 3
	}
	add("ents", strconv.Itoa(ents))
	if s.c.dep {
		dep := d.Tokens[h].Dep
		add("dep", dep)
		add("dep+l", dep, l)
		if g := s.head(h); g >= 0 {
			gl := s.lemma(g)
			add("gov", gl)
			add("gov+dep", gl, dep)
			add("gov+dep+l", gl, dep, l)
			add("gov+lex", gl, lexT)
			if s.isSpeech(g) {
				add("under-speech", dep)
			}
		} else {
			add("root")
		}
		for _, k := range s.kids(h) {
			kd := d.Tokens[k].Dep
			kl := s.lemma(k)
			switch kd {
			case "nsubj", "nsubj:pass", "obj", "iobj", "obl", "nmod", "xcomp", "ccomp", "compound", "amod", "obl:agent", "nmod:poss":
				et := s.subtreeEntity(k)
				add("kid", kd, et)
				add("kid+l", kd, et, l)
				if kd == "obl" || kd == "nmod" || kd == "obl:agent" {
					for _, c2 := range s.kids(k) {
						if d.Tokens[c2].Dep == "case" {
							add("case", s.w(c2), et)
							add("case+l", s.w(c2), l)
						}
					}
				}
				if kd == "obj" || kd == "xcomp" || kd == "compound" || kd == "amod" {
					add("kid-lemma", kd, kl)
					add("l+kid-lemma", l, kd, kl)
				}
			case "aux", "aux:pass", "mark", "advmod", "det":
				add("fn", kd, s.w(k))
			}
		}
	}
	return buf
}

// argFeatures appends the hashed features of entity group g as an
// argument of the event of match m (type t), the rules' own answer given
// as one feature (role: "actor", "recipient", "partner" or "none").
func (s *sent) argFeatures(m *match, t string, g group, role string, passive bool, buf []uint64) []uint64 {
	d := s.c.d
	h := m.first
	if s.c.dep {
		h = s.headOf(m)
	}
	l := s.lemma(h)
	gh := g.first
	if s.c.dep {
		for j := g.first; j <= g.last; j++ {
			if hh := d.Tokens[j].Head; hh < g.first || hh > g.last {
				gh = j
				break
			}
		}
	}
	add := func(parts ...string) { buf = append(buf, fh(parts...)) }
	et := string(d.Entities[g.ent].Type)
	add("bias")
	add("rule", role)
	add("rule+t", role, t)
	add("et", et)
	add("et+t", et, t)
	pos := "before"
	if gh > h {
		pos = "after"
	}
	dist := gh - h
	if dist < 0 {
		dist = -dist
	}
	db := "1"
	switch {
	case dist > 12:
		db = "far"
	case dist > 5:
		db = "mid"
	case dist > 2:
		db = "near"
	}
	pv := "active"
	if passive {
		pv = "passive"
	}
	add("pos", pos, pv)
	add("pos+t", pos, t)
	add("pos+dist", pos, db)
	add("prev", s.w(g.first-1), pos)
	add("rule+pos", role, pos, pv)
	if s.c.quo[g.first] != doc.None {
		add("inquote")
	}
	if !s.c.dep {
		return buf
	}
	path, kase := s.depPath(h, gh)
	add("path", path)
	add("path+t", path, t)
	add("path+l", path, l)
	add("path+pv", path, pv)
	add("path+rule", path, role)
	add("gdep", d.Tokens[gh].Dep, pv)
	add("case", kase, t)
	add("case+pos", kase, pos)
	add("case+l", kase, l)
	return buf
}

// depPath returns the dependency path from token a up to the common
// ancestor and down to b ("^nsubj" style, at most four steps each way,
// "far" beyond), and the case marker (preposition) of b.
func (s *sent) depPath(a, b int) (string, string) {
	d := s.c.d
	kase := "-"
	for _, k := range s.kids(b) {
		if d.Tokens[k].Dep == "case" {
			kase = s.w(k)
		}
	}
	if d.Tokens[b].Dep == "nmod:poss" {
		kase = "'s"
	}
	up := map[int]int{}
	for x, n := a, 0; x >= 0 && n < 8; x, n = s.head(x), n+1 {
		up[x] = n
	}
	var down []string
	y := b
	for n := 0; n < 8 && y >= 0; n++ {
		if _, ok := up[y]; ok {
			break
		}
		down = append(down, d.Tokens[y].Dep)
		y = s.head(y)
	}
	if y < 0 {
		return "none", kase
	}
	if _, ok := up[y]; !ok {
		return "far", kase
	}
	var b2 strings.Builder
	for x, n := a, 0; x != y && x >= 0 && n < 4; x, n = s.head(x), n+1 {
		b2.WriteString("^")
		b2.WriteString(d.Tokens[x].Dep)
	}
	if up[y] > 4 || len(down) > 4 {
		b2.WriteString("~")
	}
	for i := len(down) - 1; i >= 0 && i >= len(down)-4; i-- {
		b2.WriteString("v")
		b2.WriteString(down[i])
	}
	return b2.String(), kase
}
