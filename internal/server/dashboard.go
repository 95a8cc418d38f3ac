package server

import (
	"context"
	"net/http"

	"sitrep/internal/store"
)

// The dashboard: the situation at a glance over a date window (since,
// until): activity over time, the busiest dyads with their balance of
// cooperation and conflict and their trend, the newest stories and the
// latest events.

// dyadSummary is one of the busiest dyads of the window.
type dyadSummary struct {
	store.Edge
	// Cooperative, Neutral and Conflictual count its dated events by the
	// sign of their Goldstein value; the Pct fields are their shares.
	Cooperative, Neutral, Conflictual int
	CoopPct, NeutralPct, ConfPct      float64
	// Earlier and Later count its dated events in the first and the
	// second half of the window.
	Earlier, Later int
}

// topDyads summarises the busiest dyads of the window [since, until]
// (the dated events' span when open).
func topDyads(ctx context.Context, st store.Store, x store.Explorer, since, until string, n int) ([]dyadSummary, string, error) {
	net, err := st.Network(ctx, store.NetworkFilter{Since: since, Until: until, Limit: n})
	if err != nil {
		return nil, "", err
	}
	var out []dyadSummary
	var all [][]store.DayCount
	lo, hi := since, until
	for _, e := range net.Edges {
		days, _, err := x.SeriesDays(ctx, store.SeriesFilter{Actor: e.Source, Recipient: e.Target, Since: since, Until: until})
		if err != nil {
			return nil, "", err
		}
		all = append(all, days)
		for _, d := range days {
			if since == "" && (lo == "" || d.Date < lo) {
				lo = d.Date
			}
			if until == "" && d.Date > hi {
				hi = d.Date
			}
		}
		out = append(out, dyadSummary{Edge: e})
	}
	mid := midDate(lo, hi)
	for i, days := range all {
		d := &out[i]
		total := 0
		for _, c := range days {
			d.Cooperative += c.Cooperative
			d.Conflictual += c.Conflictual
			d.Neutral += c.Count - c.Cooperative - c.Conflictual
			total += c.Count
			if c.Date < mid {
				d.Earlier += c.Count
			} else {
				d.Later += c.Count
			}
		}
		if total > 0 {
			d.CoopPct = 100 * float64(d.Cooperative) / float64(total)
			d.NeutralPct = 100 * float64(d.Neutral) / float64(total)
			d.ConfPct = 100 * float64(d.Conflictual) / float64(total)
		}
	}
	return out, mid, nil
}

// midDate is the date halfway between two dates (YYYY-MM-DD, or coarser),
// "" when either is unknown.
func midDate(lo, hi string) string {
	a, okA := dayOf(lo)
	b, okB := dayOf(hi)
	if !okA || !okB {
		return ""
	}
	return a.Add(b.Sub(a) / 2).Format("2006-01-02")
}

func (s *Server) pageDashboard(w http.ResponseWriter, r *http.Request) {
	p := params{r: r}
	since, until := p.date("since"), p.date("until")
	if p.err != nil {
		s.pageError(w, r, p.err)
		return
	}
	ctx := r.Context()
	st, err := s.stats(ctx)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	actors, err := s.st.Actors(ctx, store.ActorFilter{Limit: 12})
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	docs, err := s.st.Documents(ctx, store.DocumentFilter{Limit: 8})
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	// The latest events are those dated up to the newest article: an
	// event dated after it ("next year's summit", a misread date) is not
	// news yet and must not head the list.
	latest := until
	if len(docs) > 0 && docs[0].Published != "" && (latest == "" || docs[0].Published < latest) {
		latest = docs[0].Published
	}
	events, err := s.st.Events(ctx, store.EventFilter{Newest: true, Limit: 15, Since: since, Until: latest})
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	data := map[string]any{"Stats": st, "Actors": actorRows(actors), "Events": events, "Documents": docs,
		"Since": since, "Until": until, "Latest": latest}
	if x := s.explorer(); x != nil {
		chart, err := eventsChart(ctx, x, store.EventFilter{Since: since, Until: until})
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		dyads, mid, err := topDyads(ctx, s.st, x, since, until, 10)
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		data["Chart"], data["Dyads"], data["Mid"] = chart, dyads, mid
	}
	if ss, ok := s.st.(store.StoryStore); ok {
		stories, err := ss.Stories(ctx, store.StoryFilter{Since: since, Until: until, Limit: 8})
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		data["Stories"] = stories
	}
	s.render(w, r, http.StatusOK, "dashboard", view{Title: "Situation", Nav: "dashboard", Data: data})
}
