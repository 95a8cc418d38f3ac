package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"sync/atomic"
	"time"

	"golang.org/x/term"

	"sitrep/internal/doc"
	"sitrep/internal/pipeline"
	"sitrep/internal/store"
	"sitrep/internal/store/sqlstore"
)

// ingestSummary counts what an ingest run did.
type ingestSummary struct {
	Read      int // documents read
	Stored    int // newly stored
	Skipped   int // already in the store
	Events    int // events in the newly stored documents
	Problems  int // problems in the newly stored documents
	Unread    int // inputs that could not be read at all
	Unstored  int // documents read and annotated that the store refused
	StartedAt time.Time
}

func (s ingestSummary) String() string {
	return fmt.Sprintf("%d documents (%d new, %d already stored, %d not stored), %d events, %d problems, %d unreadable, %.1f seconds",
		s.Read, s.Stored, s.Skipped, s.Unstored, s.Events, s.Problems, s.Unread, time.Since(s.StartedAt).Seconds())
}

func runIngest(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "ingest")
	var o readOptions
	o.register(fs)
	dbURL := fs.String("db", sqlstore.DefaultURL, "store `URL`: a path, sqlite:PATH or postgres://...")
	queue := fs.String("queue", "", "publish to this NATS JetStream `URL` (nats://HOST:PORT) instead of annotating here")
	stream := fs.String("stream", "SITREP", "with --queue: the JetStream stream `NAME`")
	quiet := fs.Bool("quiet", false, "no progress display")
	logFormat := fs.String("log", "text", "summary format on standard error: text, or json (one object, for services)")
	paths, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return usageErr("name at least one PATH (or - for standard input)")
	}
	if err := validDate("published", o.published); err != nil {
		return err
	}
	if *queue != "" {
		return publishToQueue(ctx, e, streamOptions(*queue, *stream), paths, o)
	}
	st, err := sqlstore.Open(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer st.Close()
	sum, err := ingestPaths(ctx, e, st, paths, o, !*quiet && *logFormat != "json" && isTerminal(e.stderr))
	if *logFormat == "json" {
		logIngestSummary(e, sum)
	} else {
		fmt.Fprintf(e.stderr, "ingested %s\n", sum)
	}
	if err != nil {
		return err
	}
	// Surname-only actors stored before their full name was seen.
	if err := st.Resolve(ctx); err != nil {
		return err
	}
	if sum.Unread > 0 || sum.Unstored > 0 {
		return errPartial
	}
	return nil
}

// ingestPaths annotates the documents under paths and stores the new ones.
// Documents whose content is already stored are not annotated again, so a
// run that was killed can simply be repeated.
func ingestPaths(ctx context.Context, e *env, st store.Store, paths []string, o readOptions, progress bool) (ingestSummary, error) {
	sum := ingestSummary{StartedAt: time.Now()}
	var failed int
	var read, skipped atomic.Int64 // written by the feeder, read by the progress display
	raw := readDocuments(ctx, e, paths, o, &failed)
	fresh := make(chan *doc.Document)
	var feedErr error
	go func() {
		defer close(fresh)
		for d := range raw {
			read.Add(1)
			if d.Hash != "" {
				has, err := st.Has(ctx, d.Hash)
				if err != nil {
					feedErr = err
					// Drain so the reader goroutine can finish.
					for range raw {
					}
					return
				}
				if has {
					skipped.Add(1)
					continue
				}
			}
			select {
			case fresh <- d:
			case <-ctx.Done():
				for range raw {
				}
				return
			}
		}
	}()
	asg, err := newStoryAssigner(ctx, st)
	if err != nil {
		return sum, err
	}
	p := pipeline.Standard()
	last := time.Time{}
	var runErr error
	for r := range p.Run(ctx, fresh, o.workers) {
		if r.Err != nil {
			runErr = r.Err // the context ended
			continue
		}
		added, err := asg.put(ctx, r.Doc)
		if err != nil {
			// One document that cannot be stored is named and counted; the
			// others are still stored.
			fmt.Fprintf(e.stderr, "sitrep: %v\n", err)
			sum.Unstored++
			continue
		}
		if added {
			sum.Stored++
			sum.Events += len(r.Doc.Events)
			sum.Problems += len(r.Doc.Problems)
		} else {
			sum.Skipped++
		}
		if progress && time.Since(last) > 200*time.Millisecond {
			last = time.Now()
			rate := float64(sum.Stored) / time.Since(sum.StartedAt).Seconds()
			fmt.Fprintf(e.stderr, "\r\033[K%d read  %d stored  %d events  %.1f docs/s", read.Load(), sum.Stored, sum.Events, rate)
		}
	}
	if progress {
		fmt.Fprint(e.stderr, "\r\033[K")
	}
	sum.Unread = failed
	sum.Read = int(read.Load())
	sum.Skipped += int(skipped.Load())
	switch {
	case feedErr != nil:
		return sum, feedErr
	case runErr != nil:
		return sum, runErr
	}
	return sum, ctx.Err()
}

// isTerminal reports whether w is a terminal (for the progress display).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
