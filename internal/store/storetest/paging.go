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
				var walked []store.EventRow
				f := store.EventFilter{Newest: newest, Limit: limit}
				for range 100 {
					page, err := s.Events(ctx, f)
					if err != nil {
						t.Fatal(err)
					}
					walked = append(walked, page...)
					if len(page) < limit {
						break
					}
					c := page[len(page)-1].Cursor()
					f.After = &c
				}
				if got, want := eventIDs(walked), eventIDs(all); got != want {
					t.Errorf("events newest=%v limit %d: walked %s, want %s", newest, limit, got, want)
				}
			}
			allQ, err := s.Quotes(ctx, store.QuoteFilter{})
			if err != nil {
				t.Fatal(err)
			}
			var walkedQ []store.QuoteRow
			fq := store.QuoteFilter{Limit: limit}
			for range 100 {
				page, err := s.Quotes(ctx, fq)
				if err != nil {
					t.Fatal(err)
				}
				walkedQ = append(walkedQ, page...)
				if len(page) < limit {
					break
				}
				c := page[len(page)-1].Cursor()
				fq.After = &c
			}
			if got, want := fmt.Sprint(quoteIDs(walkedQ)), fmt.Sprint(quoteIDs(allQ)); got != want {
				t.Errorf("quotes limit %d: walked %s, want %s", limit, got, want)
			}
			allD, err := s.Documents(ctx, store.DocumentFilter{})
			if err != nil {
				t.Fatal(err)
			}
			var walkedD []int64
			fd := store.DocumentFilter{Limit: limit}
			for range 100 {
				page, err := s.Documents(ctx, fd)
				if err != nil {
					t.Fatal(err)
				}
				for _, d := range page {
					walkedD = append(walkedD, d.ID)
				}
				if len(page) < limit {
					break
				}
				c := page[len(page)-1].Cursor()
				fd.After = &c
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
