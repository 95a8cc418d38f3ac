package server

import (
	"context"

	"sitrep/internal/store"
)

// Search hits grouped by story: the articles of one story (copies and
// other outlets' reports of one happening) are shown once, under the
// story's headline with its article count and outlets, in the place of
// their best hit.

// hitGroup is one story among a page of hits, or one hit without a story.
type hitGroup struct {
	// Story is nil for a document that has none.
	Story *store.StoryRow
	// Hits are the story's hits on the page, best first; Index their
	// places among the page's hits.
	Hits  []store.SearchHit
	Index []int
}

// groupHits groups hits by story, in the order of each story's best hit.
// A store that keeps no stories gives one group per hit.
func (s *Server) groupHits(ctx context.Context, hits []store.SearchHit) ([]hitGroup, error) {
	stories := map[int64]store.StoryRow{}
	if ss, ok := s.st.(store.StoryStore); ok && len(hits) > 0 {
		ids := make([]int64, len(hits))
		for i, h := range hits {
			ids[i] = h.ID
		}
		var err error
		if stories, err = ss.DocumentStories(ctx, ids); err != nil {
			return nil, err
		}
	}
	var groups []hitGroup
	at := map[string]int{}
	for i, h := range hits {
		st, ok := stories[h.ID]
		if !ok {
			groups = append(groups, hitGroup{Hits: []store.SearchHit{h}, Index: []int{i}})
			continue
		}
		g, seen := at[st.ID]
		if !seen {
			g = len(groups)
			at[st.ID] = g
			groups = append(groups, hitGroup{Story: &st})
		}
		groups[g].Hits = append(groups[g].Hits, h)
		groups[g].Index = append(groups[g].Index, i)
	}
	return groups, nil
}

// jsonSearchHit is a search hit with its story.
type jsonSearchHit struct {
	jsonDocumentRow
	// Story is the id of the document's story, "" if none.
	Story string `json:"story"`
}

// jsonHitStory is one story of a page of search hits, with its outlets.
type jsonHitStory struct {
	store.StoryRow
	// Hits are the places of the story's hits among the page's items,
	// best first.
	Hits []int `json:"hits"`
}

// jsonSearchPage is a page of search hits, with the stories they belong
// to in the order of each story's best hit.
type jsonSearchPage struct {
	page[jsonSearchHit]
	Stories []jsonHitStory `json:"stories"`
}

func searchPageJSON(hits []store.SearchHit, groups []hitGroup, limit, offset int) jsonSearchPage {
	out := jsonSearchPage{Stories: []jsonHitStory{}}
	story := make([]string, len(hits))
	for _, g := range groups {
		if g.Story == nil {
			continue
		}
		st := g.Story
		out.Stories = append(out.Stories, jsonHitStory{StoryRow: *st, Hits: g.Index})
		for _, i := range g.Index {
			story[i] = st.ID
		}
	}
	out.page = newPage(mapItems(hits, func(h store.SearchHit) jsonSearchHit {
		row := documentRow(h.DocumentRow)
		row.Snippet = h.Snippet
		return jsonSearchHit{jsonDocumentRow: row}
	}), limit, offset)
	for i := range out.Items {
		out.Items[i].Story = story[i]
	}
	return out
}
