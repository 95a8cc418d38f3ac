package storetest

import (
	"context"
	"fmt"
	"testing"

	"sitrep/internal/store"
)

// RunPaging checks keyset paging (the After fields): walking a listing page
// by page from each page's last row gives the same rows in the same order
// as the whole listing at once, for events in date order (dated, then
// undated), events newest first, quotes and documents.
func RunPaging(t *testing.T, open func(t *testing.T) store.Store) {
	ctx := context.Background()
	t.Run("CursorPaging", func(t *testing.T) {
		s := open(t)
		dates := []string{"2017-01-23", "", "2016-05-01", "2017-01-23", "", "2016-05-01", "2018-02-02", "2017-01"}
		for i, date := range dates {
			d := Sample(100 + i)
			d.Events[0].Date = date
			d.Events[1].Date = dates[(i+3)%len(dates)]
			d.Published = fmt.Sprintf("2017-0%d-1%d", 1+i%3, i%2)
			put(t, s, d)
		}
		for _, limit := range []int{1, 3, 5} {
			for _, newest := range []bool{false, true} {
				all, err := s.Events(ctx, store.EventFilter{Newest: newest})
				if err != nil {
					t.Fatal(err)
				}
				walked, err := walk(limit, func(after *store.Cursor) ([]store.EventRow, error) {
					return s.Events(ctx, store.EventFilter{Newest: newest, Limit: limit, After: after})
				}, store.EventRow.Cursor)
				if err != nil {
					t.Fatal(err)
				}
				if got, want := eventIDs(walked), eventIDs(all); got != want {
					t.Errorf("events newest=%v limit %d: walked %s, want %s", newest, limit, got, want)
				}
			}
			allQ, err := s.Quotes(ctx, store.QuoteFilter{})
			if err != nil {
				t.Fatal(err)
			}
			walkedQ, err := walk(limit, func(after *store.Cursor) ([]store.QuoteRow, error) {
				return s.Quotes(ctx, store.QuoteFilter{Limit: limit, After: after})
			}, store.QuoteRow.Cursor)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := fmt.Sprint(quoteIDs(walkedQ)), fmt.Sprint(quoteIDs(allQ)); got != want {
				t.Errorf("quotes limit %d: walked %s, want %s", limit, got, want)
			}
			allD, err := s.Documents(ctx, store.DocumentFilter{})
			if err != nil {
				t.Fatal(err)
			}
			pages, err := walk(limit, func(after *store.Cursor) ([]store.DocumentRow, error) {
				return s.Documents(ctx, store.DocumentFilter{Limit: limit, After: after})
			}, store.DocumentRow.Cursor)
			if err != nil {
				t.Fatal(err)
			}
			var walkedD []int64
			for _, d := range pages {
				walkedD = append(walkedD, d.ID)
			}
			var wantD []int64
			for _, d := range allD {
				wantD = append(wantD, d.ID)
			}
			if fmt.Sprint(walkedD) != fmt.Sprint(wantD) {
				t.Errorf("documents limit %d: walked %v, want %v", limit, walkedD, wantD)
			}
		}
	})
}

// walk lists page after page of limit rows, each after the cursor of the
// last row of the one before, until a page is short (at most 100 pages).
func walk[R any](limit int, list func(after *store.Cursor) ([]R, error), cursor func(R) store.Cursor) ([]R, error) {
	var out []R
	var after *store.Cursor
	for range 100 {
		page, err := list(after)
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		if len(page) < limit {
			break
		}
		c := cursor(page[len(page)-1])
		after = &c
	}
	return out, nil
}

func eventIDs(rows []store.EventRow) string {
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	return fmt.Sprint(ids)
}

func quoteIDs(rows []store.QuoteRow) []int64 {
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	return ids
}
