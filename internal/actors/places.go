package actors

import "sitrep/internal/doc"

// placeSuffixes end the names of divisions too many to list in the
// gazetteer: US counties and parishes, townships, boroughs.
var placeSuffixes = map[string]bool{"county": true, "parish": true, "township": true, "borough": true}

// addSuffixedPlaces adds "Henry County" and "St. Tammany Parish" as places
// (LOC), before the NER tags are read: a tagger often takes "Henry County"
// for a person, and its last word then becomes a surname.
func (r *run) addSuffixedPlaces() {
	for j := 1; j < len(r.w); j++ {
		if !placeSuffixes[r.w[j].lower] || !capitalised(r.w[j].norm) || r.w[j].nl {
			continue
		}
		i := j
		for i > 0 && j-i < 3 && !r.w[i].nl && capitalised(r.w[i-1].norm) && !stopCap[r.w[i-1].lower] &&
			(isAlpha(r.w[i-1].norm) || r.w[i-1].lower == "st.") {
			i--
		}
		if i == j || !r.free(i, j+1) {
			continue
		}
		name := r.d.Text[r.w[i].start:r.w[j].end]
		r.useMatchesIn(i, j+1)
		r.placeEnd[j+1] = true
		r.mention(r.entity("loc:"+personKey(name), name, doc.LOC, "", ""), i, j+1, doc.MentionName)
	}
}
