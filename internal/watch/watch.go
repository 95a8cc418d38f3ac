// Package watch follows RSS, Atom and JSON feeds and news sitemaps: it
// polls each source, records every article it lists, fetches each article
// once, turns it into a document and hands it to a sink that annotates and
// stores it (or queues it for workers).
//
// What was seen lives in a State (the store), not in memory: an article is
// recorded as pending when a feed lists it, claimed atomically by one
// watcher for a lease while it is fetched, and marked done only after the
// sink has stored it. A watcher killed at any point and restarted loses
// nothing (pending and expired claims are taken up again) and repeats
// nothing (an article whose document is already stored is marked done
// without fetching it again); two watchers on one store never fetch the
// same article at once.
package watch

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"sitrep/internal/doc"
	"sitrep/internal/fetch"
	"sitrep/internal/ingest"
)

// FeedState is what is remembered of a feed between polls.
type FeedState struct {
	URL          string
	ETag         string
	LastModified string
	// Checked is when it was last polled (zero: never).
	Checked time.Time
	// Items is how many items its last successful poll listed.
	Items int
	// Failures counts polls in a row that failed; Reason is the last one.
	Failures int
	Reason   string
}

// Claimed is an article a watcher holds.
type Claimed struct {
	Key     string // fetch.Key of the URL
	URL     string
	Feed    string
	Outlet  string
	Country string
	Item    Item
	// Attempts counts the times it was claimed before this one.
	Attempts int
}

// State is where a watcher keeps what it has seen. Implementations are
// safe for concurrent use, by several processes at once.
type State interface {
	// Feed returns what is remembered of a feed; a feed never polled gives
	// a FeedState with only URL set.
	Feed(ctx context.Context, url string) (FeedState, error)
	// SaveFeed records a poll of a feed.
	SaveFeed(ctx context.Context, f FeedState) error
	// Discover records the articles a feed listed as pending, unless their
	// key is already known, and returns how many were new.
	Discover(ctx context.Context, src Source, items []Item) (int, error)
	// Claim takes up to n articles that are pending, whose retry is due or
	// whose claim has expired, each atomically, for owner until the lease
	// ends.
	Claim(ctx context.Context, owner string, n int, lease time.Duration) ([]Claimed, error)
	// StoredURL returns the hash of a stored document with this URL, if any.
	StoredURL(ctx context.Context, url string) (string, bool, error)
	// Done marks an article stored as the document with this hash.
	Done(ctx context.Context, key, hash string) error
	// Fail records why an article could not be stored. A zero retry
	// means never again; otherwise it is pending again from then on.
	Fail(ctx context.Context, key, reason string, retry time.Time) error
}

// Sink annotates and stores a document (or queues it); added reports
// whether it was new. It returns only after the document is safely kept.
type Sink func(ctx context.Context, d *doc.Document) (added bool, err error)

// Options configures a Watcher. The zero value works.
type Options struct {
	// Every is how often each source is polled (5 minutes if 0).
	Every time.Duration
	// Workers is how many articles are fetched and processed at once (4
	// if 0); the fetch client still keeps to its per-host limits.
	Workers int
	// Pollers is how many sources are polled at once (8 if 0).
	Pollers int
	// Lease is how long a claim lasts before another watcher may take the
	// article over (10 minutes if 0). It must exceed the time one article
	// takes to fetch and annotate.
	Lease time.Duration
	// Owner names this watcher in the claims; "" means host-pid-time.
	Owner string
	// Once polls every source once, processes every article then due and
	// returns, instead of running until ctx ends.
	Once bool
	// KeepRaw, when set, is a folder the raw HTML of every fetched article
	// is written to, as HASH.html.
	KeepRaw string
	// MaxAttempts is how many times a transient failure is retried before
	// the article is given up (5 if 0).
	MaxAttempts int
	// RetryAfter is the first wait before retrying an article that failed
	// transiently, doubled each attempt (1 minute if 0).
	RetryAfter time.Duration
	// Log receives an entry per feed poll and per article; nil discards.
	Log *slog.Logger
}

func (o Options) withDefaults() Options {
	if o.Every <= 0 {
		o.Every = 5 * time.Minute
	}
	if o.Workers <= 0 {
		o.Workers = 4
	}
	if o.Pollers <= 0 {
		o.Pollers = 8
	}
	if o.Lease <= 0 {
		o.Lease = 10 * time.Minute
	}
	if o.Owner == "" {
		h, _ := os.Hostname()
		o.Owner = fmt.Sprintf("%s-%d-%d", h, os.Getpid(), time.Now().UnixNano())
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 5
	}
	if o.RetryAfter <= 0 {
		o.RetryAfter = time.Minute
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	return o
}

// Stats counts what a watcher did. Read it with Watcher.Stats.
type Stats struct {
	Polls     int64 // feed polls
	Unchanged int64 // polls answered 304 Not Modified
	FeedFails int64 // polls that failed
	New       int64 // articles discovered
	Fetched   int64 // article pages fetched
	Stored    int64 // documents stored (annotated)
	Known     int64 // fetched pages whose content was already stored
	Failed    int64 // articles that failed (each with a reason in the log)
	Started   time.Time
}

// Watcher follows a list of sources.
type Watcher struct {
	o       Options
	client  *fetch.Client
	state   State
	sink    Sink
	sources []Source
	wake    chan struct{}

	polls, unchanged, feedFails, discovered, fetched, stored, known, failed atomic.Int64
	started                                                                 time.Time
}

// New returns a Watcher over sources.
func New(client *fetch.Client, st State, sink Sink, sources []Source, o Options) *Watcher {
	return &Watcher{o: o.withDefaults(), client: client, state: st, sink: sink, sources: sources,
		wake: make(chan struct{}, 1), started: time.Now()}
}

// Stats returns the counts so far.
func (w *Watcher) Stats() Stats {
	return Stats{Polls: w.polls.Load(), Unchanged: w.unchanged.Load(), FeedFails: w.feedFails.Load(),
		New: w.discovered.Load(), Fetched: w.fetched.Load(), Stored: w.stored.Load(), Known: w.known.Load(),
		Failed: w.failed.Load(), Started: w.started}
}

// Run follows the sources until ctx ends (or, with Once, until one round
// is done). It returns ctx's error, or a State error it cannot go on
// after; fetch failures are logged and counted, never returned.
func (w *Watcher) Run(ctx context.Context) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var polling sync.WaitGroup
	polling.Add(1)
	go func() {
		defer polling.Done()
		if err := w.poll(ctx); err != nil {
			cancel(err)
		}
	}()
	pollDone := make(chan struct{})
	go func() { polling.Wait(); close(pollDone) }()

	var workers sync.WaitGroup
	for range w.o.Workers {
		workers.Add(1)
		go func() {
			defer workers.Done()
			if err := w.work(ctx, pollDone); err != nil {
				cancel(err)
			}
		}()
	}
	workers.Wait()
	polling.Wait()
	if err := context.Cause(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return ctx.Err()
}

// poll polls every source when it is due; with Once, each once.
func (w *Watcher) poll(ctx context.Context) error {
	next := make([]time.Time, len(w.sources))
	for {
		var soonest time.Time
		var due []int
		for i := range w.sources {
			if now := time.Now(); now.Before(next[i]) {
				if soonest.IsZero() || next[i].Before(soonest) {
					soonest = next[i]
				}
				continue
			}
			due = append(due, i)
		}
		// Due sources are polled Pollers at a time (the fetch client
		// still keeps to its per-host limits).
		var wg sync.WaitGroup
		var mu sync.Mutex
		var firstErr error
		sem := make(chan struct{}, w.o.Pollers)
		for _, i := range due {
			if ctx.Err() != nil {
				break
			}
			sem <- struct{}{}
			wg.Add(1)
			go func() {
				defer func() { <-sem; wg.Done() }()
				if err := w.pollSource(ctx, w.sources[i], 0); err != nil {
					mu.Lock()
					firstErr = cmp.Or(firstErr, err)
					mu.Unlock()
				}
				next[i] = time.Now().Add(w.o.Every)
			}()
		}
		wg.Wait()
		if firstErr != nil {
			return firstErr
		}
		if ctx.Err() != nil {
			return nil
		}
		for _, i := range due {
			if soonest.IsZero() || next[i].Before(soonest) {
				soonest = next[i]
			}
		}
		if w.o.Once {
			return nil
		}
		if soonest.IsZero() {
			soonest = time.Now().Add(w.o.Every)
		}
		t := time.NewTimer(time.Until(soonest))
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
	}
}

// pollSource reads one feed or sitemap and records its articles; depth
// counts sitemap indexes followed.
func (w *Watcher) pollSource(ctx context.Context, src Source, depth int) error {
	fs, err := w.state.Feed(ctx, src.URL)
	if err != nil {
		return err
	}
	w.polls.Add(1)
	log := w.o.Log.With("feed", src.URL)
	resp, err := w.client.Get(ctx, fetch.Request{URL: src.URL, ETag: fs.ETag, LastModified: fs.LastModified})
	fs.Checked = time.Now()
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		w.feedFails.Add(1)
		fs.Failures++
		fs.Reason = reason(err)
		log.Warn("feed failed", "reason", fs.Reason, "failures", fs.Failures)
		return w.state.SaveFeed(ctx, fs)
	}
	if resp.NotModified {
		w.unchanged.Add(1)
		fs.Failures, fs.Reason = 0, ""
		log.Debug("feed unchanged")
		return w.state.SaveFeed(ctx, fs)
	}
	kind, items, err := Parse(resp.Body, resp.URL)
	if err != nil {
		w.feedFails.Add(1)
		fs.Failures++
		fs.Reason = err.Error()
		// Keep the old validators: the next poll asks for the whole feed.
		log.Warn("feed failed", "reason", fs.Reason, "failures", fs.Failures)
		return w.state.SaveFeed(ctx, fs)
	}
	var articles []Item
	for _, it := range items {
		if it.Sitemap {
			if depth < 2 {
				child := src
				child.URL = it.URL
				if err := w.pollSource(ctx, child, depth+1); err != nil {
					return err
				}
			}
			continue
		}
		articles = append(articles, it)
	}
	// The articles are recorded before the feed's validators: a watcher
	// killed in between asks for the feed again and finds them known.
	n, err := w.state.Discover(ctx, src, articles)
	if err != nil {
		return err
	}
	w.discovered.Add(int64(n))
	fs.ETag, fs.LastModified, fs.Items, fs.Failures, fs.Reason = resp.ETag, resp.LastModified, len(items), 0, ""
	log.Info("feed polled", "kind", kind, "items", len(items), "new", n)
	if n > 0 {
		select {
		case w.wake <- struct{}{}:
		default:
		}
	}
	return w.state.SaveFeed(ctx, fs)
}

// work claims and processes articles until ctx ends, or, with Once, until
// polling is over and nothing is left to claim.
func (w *Watcher) work(ctx context.Context, pollDone <-chan struct{}) error {
	idle := 50 * time.Millisecond
	if w.o.Once {
		// One round: every source is read before any article is taken, so
		// an article listed both plainly and as an AMP or mobile variant
		// is fetched by its plain URL (see State.Discover).
		select {
		case <-pollDone:
		case <-ctx.Done():
			return nil
		}
	}
	for ctx.Err() == nil {
		polled := isDone(pollDone)
		claims, err := w.state.Claim(ctx, w.o.Owner, 1, w.o.Lease)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		if len(claims) == 0 {
			if w.o.Once && polled {
				return nil
			}
			t := time.NewTimer(idle)
			select {
			case <-ctx.Done():
			case <-w.wake:
			case <-t.C:
			}
			t.Stop()
			idle = min(idle*2, 2*time.Second)
			continue
		}
		idle = 50 * time.Millisecond
		for _, c := range claims {
			if err := w.process(ctx, c); err != nil {
				if ctx.Err() != nil {
					return nil
				}
				return err
			}
		}
	}
	return nil
}

func isDone(c <-chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}

// process fetches, reads and stores one claimed article. Only State
// errors are returned; the article's own failures are recorded.
func (w *Watcher) process(ctx context.Context, c Claimed) error {
	log := w.o.Log.With("url", c.URL)
	// Stored already: by a watcher that died before marking it done, or
	// reached through another link that redirected here.
	if hash, ok, err := w.state.StoredURL(ctx, c.URL); err != nil {
		return err
	} else if ok {
		w.known.Add(1)
		log.Info("article already stored", "hash", hash)
		return w.state.Done(ctx, c.Key, hash)
	}
	resp, err := w.client.Get(ctx, fetch.Request{URL: fetch.Clean(c.URL)})
	if err != nil {
		if ctx.Err() != nil {
			return nil // the claim expires; another run takes it up
		}
		return w.fail(ctx, c, reason(err), !fetch.Permanent(err))
	}
	w.fetched.Add(1)
	mt, _, _ := mime.ParseMediaType(resp.ContentType)
	if mt != "" && mt != "text/html" && mt != "application/xhtml+xml" && mt != "text/plain" {
		return w.fail(ctx, c, "not an HTML page ("+mt+")", false)
	}
	// A link that redirected (a feed proxy, a short link) names the
	// article by where it led: stored already under that address, it is
	// not stored again.
	url := c.URL
	if final := fetch.Clean(resp.URL); final != url {
		if hash, ok, err := w.state.StoredURL(ctx, final); err != nil {
			return err
		} else if ok {
			w.known.Add(1)
			log.Info("article already stored", "hash", hash, "as", final)
			return w.state.Done(ctx, c.Key, hash)
		}
		url = final
	}
	d := ingest.FromBytes(url, resp.Body)
	if d.Raw == nil {
		return w.fail(ctx, c, "no text: "+problems(d), false)
	}
	d.URL = url
	d.Fetched = resp.Fetched.Format(time.RFC3339)
	if c.Item.Title != "" && d.Format != doc.FormatHTML {
		d.Title = c.Item.Title
	}
	d.DefaultPublished = c.Item.Published
	if c.Outlet != "" {
		d.Outlet = c.Outlet
	}
	if resp.Charset != "" {
		d.AddProblem("fetch", "decoded from %s", resp.Charset)
	}
	if w.o.KeepRaw != "" {
		if err := os.WriteFile(filepath.Join(w.o.KeepRaw, d.Hash+".html"), d.Raw, 0o644); err != nil {
			log.Warn("raw HTML not kept", "reason", err.Error())
		}
	}
	added, err := w.sink(ctx, d)
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return w.fail(ctx, c, "not stored: "+err.Error(), true)
	}
	if added {
		w.stored.Add(1)
	} else {
		w.known.Add(1)
	}
	log.Info("article stored", "new", added, "hash", d.Hash, "title", d.Title, "published", d.Published)
	return w.state.Done(ctx, c.Key, d.Hash)
}

// fail records a failed article: retried later if transient and attempts
// remain, else given up.
func (w *Watcher) fail(ctx context.Context, c Claimed, why string, transient bool) error {
	w.failed.Add(1)
	var retry time.Time
	if transient && c.Attempts+1 < w.o.MaxAttempts {
		retry = time.Now().Add(w.o.RetryAfter << c.Attempts)
	}
	w.o.Log.Warn("article failed", "url", c.URL, "reason", why, "attempt", c.Attempts+1, "retry", !retry.IsZero())
	return w.state.Fail(ctx, c.Key, why, retry)
}

// reason is the text of err without the URL prefix Get adds.
func reason(err error) string {
	s := err.Error()
	if i := strings.Index(s, ": "); i > 0 && strings.Contains(s[:i], "://") {
		s = s[i+2:]
	}
	return s
}

func problems(d *doc.Document) string {
	var b []string
	for _, p := range d.Problems {
		b = append(b, p.Message)
	}
	return strings.Join(b, "; ")
}
