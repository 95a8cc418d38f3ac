package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime"
	"sync"
	"time"

	"sitrep/internal/doc"
	"sitrep/internal/fetch"
	"sitrep/internal/pipeline"
	"sitrep/internal/queue"
	"sitrep/internal/store/sqlstore"
	"sitrep/internal/watch"
)

func runWatch(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "watch")
	sources := fs.String("sources", "", "`FILE` listing feed and sitemap URLs, one a line: URL [outlet name] [country code]")
	dbURL := fs.String("db", sqlstore.DefaultURL, "store `URL`: a path, sqlite:PATH or postgres://... (also keeps what was seen)")
	queueURL := fs.String("queue", "", "queue the fetched articles on this NATS JetStream `URL` for 'sitrep worker' instead of annotating here")
	stream := fs.String("stream", "SITREP", "with --queue: the JetStream stream `NAME`")
	every := fs.Duration("every", 5*time.Minute, "poll each feed this often")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "articles fetched and annotated at once")
	contact := fs.String("contact", "", "`URL` or mailto: address put in the User-Agent so site owners can reach you")
	agent := fs.String("agent", "sitrep/1", "product `NAME` in the User-Agent (robots.txt groups are matched against it)")
	interval := fs.Duration("interval", time.Second, "least time between two requests to one host (0: none)")
	perHost := fs.Int("per-host", 2, "requests in flight to one host at most")
	timeout := fs.Duration("timeout", 30*time.Second, "limit on one request, body included")
	maxBytes := fs.Int64("max-bytes", fetch.DefaultMaxBytes, "largest page or feed accepted, in bytes")
	lease := fs.Duration("lease", 10*time.Minute, "how long an article claimed by a watcher that died waits before another takes it")
	once := fs.Bool("once", false, "poll every feed once, process every new article, then exit")
	keepRaw := fs.String("keep-raw", "", "keep the raw HTML of every fetched article in `DIR` as HASH.html")
	logFormat := fs.String("log", "text", "log format on standard error: text or json (one object per event, for services)")
	quiet := fs.Bool("quiet", false, "no progress line")
	listFailed := fs.Bool("failed", false, "list the articles that could not be stored, with the reason, and exit")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageErr("unexpected argument %q", rest[0])
	}
	if *listFailed {
		return listWatchFailures(ctx, e, *dbURL)
	}
	if *sources == "" {
		return usageErr("--sources FILE is required")
	}
	if *logFormat != "text" && *logFormat != "json" {
		return usageErr("--log must be text or json")
	}
	if *every <= 0 || *lease <= 0 {
		return usageErr("--every and --lease must be positive")
	}
	f, err := os.Open(*sources)
	if err != nil {
		return err
	}
	srcs, err := watch.ParseSources(f)
	f.Close()
	if err != nil {
		return fmt.Errorf("%s: %w", *sources, err)
	}
	if *keepRaw != "" {
		if err := os.MkdirAll(*keepRaw, 0o755); err != nil {
			return err
		}
	}
	st, err := sqlstore.Open(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer st.Close()

	var sink watch.Sink
	if *queueURL != "" {
		q, err := queue.Open(ctx, streamOptions(*queueURL, *stream))
		if err != nil {
			return err
		}
		defer q.Close()
		sink = func(ctx context.Context, d *doc.Document) (bool, error) {
			return true, q.Publish(ctx, d)
		}
	} else {
		p := pipeline.Standard()
		asg, err := newStoryAssigner(ctx, st)
		if err != nil {
			return err
		}
		sink = func(ctx context.Context, d *doc.Document) (bool, error) {
			if err := p.Process(ctx, d); err != nil {
				return false, err
			}
			return asg.put(ctx, d)
		}
	}

	progress := !*quiet && isTerminal(e.stderr) && *logFormat == "text"
	out := &lineWriter{w: e.stderr, progress: progress}
	var h slog.Handler = slog.NewTextHandler(out, &slog.HandlerOptions{Level: slog.LevelWarn})
	if *logFormat == "json" {
		h = slog.NewJSONHandler(out, nil)
	}
	log := slog.New(h)
	ival := *interval
	if ival <= 0 {
		ival = -1
	}
	client := fetch.New(fetch.Options{Agent: *agent, Contact: *contact, Timeout: *timeout, MaxBytes: *maxBytes,
		Interval: ival, PerHost: *perHost})
	w := watch.New(client, st, sink, srcs, watch.Options{Every: *every, Workers: *workers, Lease: *lease,
		Once: *once, KeepRaw: *keepRaw, Log: log})

	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		tick := time.NewTicker(500 * time.Millisecond)
		defer tick.Stop()
		lastLog := time.Now()
		for {
			select {
			case <-done:
				out.status("")
				return
			case <-tick.C:
			}
			s := w.Stats()
			switch {
			case progress:
				out.status(progressLine(s))
			case *logFormat == "json" && time.Since(lastLog) >= 30*time.Second:
				lastLog = time.Now()
				log.Info("progress", statsAttrs(s)...)
			}
		}
	}()
	log.Info("watching", "sources", len(srcs), "every", every.String(), "once", *once)
	err = w.Run(ctx)
	close(done)
	<-stopped
	s := w.Stats()
	if *logFormat == "json" {
		log.Info("stopped", statsAttrs(s)...)
	} else {
		fmt.Fprintf(e.stderr, "watched %s\n", progressLine(s))
	}
	if err != nil && ctx.Err() == nil {
		return err
	}
	return nil
}

// progressLine is the one-line summary of a watcher's work.
func progressLine(s watch.Stats) string {
	secs := time.Since(s.Started).Seconds()
	return fmt.Sprintf("%d polls (%d unchanged, %d failed)  %d new  %d fetched  %d failed  %d annotated  %d known  %.1f articles/min",
		s.Polls, s.Unchanged, s.FeedFails, s.New, s.Fetched, s.Failed, s.Stored, s.Known, float64(s.Stored)*60/max(secs, 1e-9))
}

func statsAttrs(s watch.Stats) []any {
	secs := time.Since(s.Started).Seconds()
	return []any{"polls", s.Polls, "unchanged", s.Unchanged, "feed_failures", s.FeedFails, "new", s.New,
		"fetched", s.Fetched, "failed", s.Failed, "annotated", s.Stored, "known", s.Known,
		"per_minute", float64(s.Stored) * 60 / max(secs, 1e-9)}
}

// lineWriter writes log lines to a terminal that also shows a progress
// line: the progress line is cleared before a log line and drawn again
// after it.
type lineWriter struct {
	mu       sync.Mutex
	w        io.Writer
	progress bool
	line     string
}

func (l *lineWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.progress {
		return l.w.Write(p)
	}
	fmt.Fprint(l.w, "\r\033[K")
	n, err := l.w.Write(p)
	fmt.Fprint(l.w, l.line)
	return n, err
}

// status replaces the progress line ("" clears it).
func (l *lineWriter) status(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.progress {
		return
	}
	l.line = s
	fmt.Fprint(l.w, "\r\033[K"+s)
}

// listWatchFailures prints the articles watch gave up on or will retry,
// one a line: state, attempts, URL, reason.
func listWatchFailures(ctx context.Context, e *env, dbURL string) error {
	st, err := sqlstore.Open(ctx, dbURL)
	if err != nil {
		return err
	}
	defer st.Close()
	for _, state := range []string{"failed", "retry"} {
		items, err := st.WatchItems(ctx, state)
		if err != nil {
			return err
		}
		for _, it := range items {
			fmt.Fprintf(e.stdout, "%s\t%d\t%s\t%s\n", it.State, it.Attempts, it.URL, it.Reason)
		}
	}
	return nil
}

// logIngestSummary writes an ingest run's summary as one JSON object
// (`ingest --log json`).
func logIngestSummary(e *env, s ingestSummary) {
	slog.New(slog.NewJSONHandler(e.stderr, nil)).Info("ingested", "read", s.Read, "stored", s.Stored,
		"already_stored", s.Skipped, "not_stored", s.Unstored, "events", s.Events, "problems", s.Problems,
		"unreadable", s.Unread, "seconds", time.Since(s.StartedAt).Seconds())
}
