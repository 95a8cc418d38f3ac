package sqlstore_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"sitrep/internal/doc"
	"sitrep/internal/store/sqlstore"
	"sitrep/internal/watch"
)

// TestWatchState checks the watch state on both databases: articles are
// keyed by canonical URL, claimed by exactly one of several concurrent
// claimers (each with its own connection), taken over when a lease ends,
// and retried or given up as told.
func TestWatchState(t *testing.T) {
	for _, db := range []struct {
		name string
		url  func(t *testing.T) string
	}{
		{"sqlite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "w.db") }},
		{"postgres", freshPostgres},
	} {
		t.Run(db.name, func(t *testing.T) {
			ctx := context.Background()
			url := db.url(t)
			open := func() *sqlstore.Store {
				s, err := sqlstore.Open(ctx, url)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { s.Close() })
				return s
			}
			s := open()
			src := watch.Source{URL: "https://ex.com/feed", Outlet: "Ex", Country: "GBR"}
			var items []watch.Item
			for i := range 30 {
				items = append(items, watch.Item{URL: fmt.Sprintf("https://ex.com/a/%d?utm_source=rss", i), Published: "2017-01-24"})
			}
			// Variants of known articles are not new.
			items = append(items, watch.Item{URL: "https://m.ex.com/a/0"}, watch.Item{URL: "https://ex.com/a/1/amp/"})
			n, err := s.Discover(ctx, src, items)
			if err != nil || n != 30 {
				t.Fatalf("Discover = %d, %v; want 30", n, err)
			}
			if n, _ := s.Discover(ctx, src, items[:5]); n != 0 {
				t.Errorf("rediscovered %d", n)
			}

			// Four claimers on their own connections race for the 30.
			var mu sync.Mutex
			owners := map[string]string{}
			var wg sync.WaitGroup
			for w := range 4 {
				c := open()
				wg.Add(1)
				go func() {
					defer wg.Done()
					for {
						got, err := c.Claim(ctx, fmt.Sprint("w", w), 2, time.Hour)
						if err != nil {
							t.Error(err)
							return
						}
						if len(got) == 0 {
							return
						}
						mu.Lock()
						for _, g := range got {
							if prev, ok := owners[g.Key]; ok {
								t.Errorf("%s claimed by %s and w%d", g.Key, prev, w)
							}
							owners[g.Key] = fmt.Sprint("w", w)
							if g.Outlet != "Ex" || g.Country != "GBR" || g.Item.Published != "2017-01-24" || g.Attempts != 0 {
								t.Errorf("claim %+v", g)
							}
						}
						mu.Unlock()
					}
				}()
			}
			wg.Wait()
			if len(owners) != 30 {
				t.Fatalf("%d claimed, want 30", len(owners))
			}
			// Nothing is claimable while the leases last.
			if got, _ := s.Claim(ctx, "late", 10, time.Hour); len(got) != 0 {
				t.Errorf("claimed %d under live leases", len(got))
			}
			all, _ := s.WatchItems(ctx, "claimed")
			if len(all) != 30 || all[0].URL != "https://ex.com/a/0" {
				t.Fatalf("items %+v", all[:min(len(all), 2)])
			}
			// Done, failed for good, failed to retry now.
			key := func(i int) string { return fmt.Sprintf("ex.com/a/%d", i) }
			if err := s.Done(ctx, key(0), "h0"); err != nil {
				t.Fatal(err)
			}
			s.Fail(ctx, key(1), "HTTP 410 Gone", time.Time{})
			s.Fail(ctx, key(2), "HTTP 503", time.Now().Add(-time.Second))
			got, err := s.Claim(ctx, "x", 10, time.Hour)
			if err != nil || len(got) != 1 || got[0].Key != key(2) || got[0].Attempts != 1 {
				t.Fatalf("after a due retry: %+v, %v", got, err)
			}
			if failed, _ := s.WatchItems(ctx, "failed"); len(failed) != 1 || failed[0].Reason != "HTTP 410 Gone" {
				t.Errorf("failed: %+v", failed)
			}

			// A claim whose lease has run out is taken over.
			if _, err := s.Discover(ctx, src, []watch.Item{{URL: "https://ex.com/b"}}); err != nil {
				t.Fatal(err)
			}
			if got, _ := s.Claim(ctx, "dies", 1, time.Nanosecond); len(got) != 1 {
				t.Fatal("no claim")
			}
			time.Sleep(2100 * time.Millisecond) // leases have a one-second grain
			got, _ = s.Claim(ctx, "heir", 1, time.Hour)
			if len(got) != 1 || got[0].URL != "https://ex.com/b" || got[0].Attempts != 1 {
				t.Fatalf("take-over: %+v", got)
			}
			// StoredURL sees documents stored under the URL.
			d := &doc.Document{Path: "p", URL: "https://ex.com/b", Hash: "hb", Text: "x"}
			if _, err := s.Put(ctx, d); err != nil {
				t.Fatal(err)
			}
			if h, ok, err := s.StoredURL(ctx, "https://ex.com/b"); err != nil || !ok || h != "hb" {
				t.Errorf("StoredURL = %q %v %v", h, ok, err)
			}
			// Feed state round-trips.
			f := watch.FeedState{URL: src.URL, ETag: `"v1"`, LastModified: "Tue, 24 Jan 2017 10:00:00 GMT",
				Checked: time.Unix(1700000000, 0), Items: 31, Failures: 0}
			if err := s.SaveFeed(ctx, f); err != nil {
				t.Fatal(err)
			}
			f.ETag = `"v2"`
			s.SaveFeed(ctx, f)
			if back, err := s.Feed(ctx, src.URL); err != nil || back != f {
				t.Errorf("Feed = %+v, %v; want %+v", back, err, f)
			}
		})
	}
}
