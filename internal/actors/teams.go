package actors

import (
	"strings"

	"sitrep/internal/doc"
)

// Sports teams. In a report of a team sport ("SOCCER - GERMANY BEAT
// FRANCE", a news agency's sports slug), a state's or a city's name in the
// results stands for a team, not for the place: "Germany" is the German
// national side, "Chicago" a Chicago club. Such a mention gets an entity of
// its own, an ORG keyed "team:<sport>:<place key>" (country kept), so that
// the team is never the key of its country or city. A name in brackets
// after a player ("Steffi Graf (Germany)"), after a locative ("in London")
// or starting a dateline ("LONDON 1996-08-30") stays the place.

// homeNations are the parts of the United Kingdom that field national
// sides of their own.
var homeNations = map[string]bool{"England": true, "Scotland": true, "Wales": true, "Northern Ireland": true}

// teamSports maps the first words of a sports slug to the sport.
var teamSports = map[string]string{"soccer": "soccer", "football": "football", "cricket": "cricket",
	"rugby": "rugby", "basketball": "basketball", "baseball": "baseball", "hockey": "hockey",
	"ice": "hockey", "nhl": "hockey", "nba": "basketball", "nfl": "football", "volleyball": "volleyball",
	"handball": "handball", "water": "waterpolo"}

// sportOf returns the team sport of a document whose first line is a
// sports slug ("SOCCER - ...", "RUGBY UNION - ..."), "" otherwise.
func (r *run) sportOf() string {
	if len(r.w) < 2 {
		return ""
	}
	first := r.w[0]
	if first.norm != strings.ToUpper(first.norm) {
		return ""
	}
	sport, ok := teamSports[first.lower]
	if !ok {
		return ""
	}
	// The slug ends with a dash within its first four words.
	for k := 1; k < 5 && k < len(r.w) && !r.w[k].nl; k++ {
		if r.w[k].norm == "-" {
			return sport
		}
	}
	return ""
}

// teamUse reports whether the place name at words [w0, w1) stands for a
// team in a report of a team sport.
func (r *run) teamUse(w0, w1 int) bool {
	if r.sport == "" || w0 < 3 {
		return false
	}
	if w0 > 0 && (r.w[w0-1].norm == "(" || locatives[r.w[w0-1].lower] || r.w[w0-1].lower == "of") {
		return false
	}
	// A dateline: the place starts a line and a date or a number follows.
	if r.w[w0].nl && w1 < len(r.w) && len(r.w[w1].norm) > 0 && r.w[w1].norm[0] >= '0' && r.w[w1].norm[0] <= '9' {
		return false
	}
	return true
}

// teamTitle recognises the title of a national side ("South Africa
// national rugby union team", "England cricket team") and returns the
// country's name and the sport as teamSports names it.
func teamTitle(name string) (country, sport string, ok bool) {
	rest, found := strings.CutSuffix(name, " team")
	if !found {
		return "", "", false
	}
	for _, s := range []struct{ suffix, sport string }{
		{" national football", "soccer"}, {" national rugby union", "rugby"}, {" national rugby league", "rugby"},
		{" national cricket", "cricket"}, {" cricket", "cricket"}, {" national basketball", "basketball"},
		{" national ice hockey", "hockey"}, {" national handball", "handball"}, {" national volleyball", "volleyball"},
	} {
		if c, ok := strings.CutSuffix(rest, s.suffix); ok {
			return c, s.sport, true
		}
	}
	return "", "", false
}

// teamEntity returns the entity of the team of place entry e.
func (r *run) teamEntity(e *Entry) *ent {
	x := r.entity("team:"+r.sport+":"+e.Key, e.Name+" ("+r.sport+" team)", doc.ORG, e.Country, "")
	x.gaz = true
	return x
}
