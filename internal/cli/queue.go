package cli

import (
	"context"
	"fmt"
	"runtime"
	"sync/atomic"
	"time"

	"sitrep/internal/doc"
	"sitrep/internal/pipeline"
	"sitrep/internal/queue"
	"sitrep/internal/store/sqlstore"
)

// publishToQueue reads the documents under paths and publishes them to the
// work queue for `sitrep worker` processes.
func publishToQueue(ctx context.Context, e *env, qo queue.Options, paths []string, o readOptions) error {
	q, err := queue.Open(ctx, qo)
	if err != nil {
		return err
	}
	defer q.Close()
	start := time.Now()
	failed := 0
	published, rejected := 0, 0
	for d := range readDocuments(ctx, e, paths, o, &failed) {
		if err := q.Publish(ctx, d); err != nil {
			fmt.Fprintf(e.stderr, "sitrep: %v\n", err)
			rejected++
			continue
		}
		published++
	}
	fmt.Fprintf(e.stderr, "queued %d documents, %d not queued, %d unreadable, %.1f seconds\n",
		published, rejected, failed, time.Since(start).Seconds())
	if err := ctx.Err(); err != nil {
		return err
	}
	if failed > 0 || rejected > 0 {
		return errPartial
	}
	return nil
}

func runWorker(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "worker")
	url := fs.String("queue", "", "NATS JetStream `URL` to consume (nats://HOST:PORT)")
	stream := fs.String("stream", "SITREP", "JetStream stream `NAME` (ingest --queue and worker must agree)")
	dbURL := fs.String("db", sqlstore.DefaultURL, "store `URL`: a path, sqlite:PATH or postgres://...")
	parallel := fs.Int("workers", runtime.GOMAXPROCS(0), "documents annotated at once")
	idle := fs.Duration("exit-when-idle", 0, "exit once the queue has been empty this long (0: run until stopped)")
	ackWait := fs.Duration("ack-wait", 30*time.Second, "how soon a dead worker's documents go to another worker")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageErr("unexpected argument %q", rest[0])
	}
	if *url == "" {
		return usageErr("--queue is required")
	}
	st, err := openStoreRetrying(ctx, e, *dbURL)
	if err != nil {
		return err
	}
	defer st.Close()
	qo := streamOptions(*url, *stream)
	qo.AckWait = *ackWait
	q, err := queue.Open(ctx, qo)
	if err != nil {
		return err
	}
	defer q.Close()
	asg, err := newStoryAssigner(ctx, st)
	if err != nil {
		return err
	}
	p := pipeline.Standard()
	var stored, skipped atomic.Int64
	start := time.Now()
	err = q.Work(ctx, queue.WorkOptions{
		Parallel: *parallel,
		IdleExit: *idle,
		OnError:  func(err error) { fmt.Fprintf(e.stderr, "sitrep: %v\n", err) },
		// As ingest does at its end: surname-only actors stored before
		// their full name, by this worker or another, are attached once the
		// queue is drained (st.Resolve locks out the others' Puts meanwhile).
		OnIdle: st.Resolve,
	}, func(ctx context.Context, d *doc.Document) error {
		if has, err := st.Has(ctx, d.Hash); err != nil {
			return err
		} else if has {
			skipped.Add(1)
			return nil
		}
		if err := p.Process(ctx, d); err != nil {
			return err
		}
		added, err := asg.put(ctx, d)
		if err != nil {
			return err
		}
		if added {
			stored.Add(1)
		} else {
			skipped.Add(1)
		}
		return nil
	})
	fmt.Fprintf(e.stderr, "worker: %d stored, %d already stored, %.1f seconds\n",
		stored.Load(), skipped.Load(), time.Since(start).Seconds())
	return err
}

// openStoreRetrying opens the store, retrying with backoff while the
// database is unreachable (a worker may start before its database).
func openStoreRetrying(ctx context.Context, e *env, url string) (*sqlstore.Store, error) {
	backoff := 200 * time.Millisecond
	for attempt := 1; ; attempt++ {
		st, err := sqlstore.Open(ctx, url)
		if err == nil {
			return st, nil
		}
		if attempt >= 8 {
			return nil, err
		}
		fmt.Fprintf(e.stderr, "sitrep: %v (retrying in %s)\n", err, backoff)
		select {
		case <-time.After(backoff):
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		backoff *= 2
	}
}

// streamOptions names the stream, its subject and the workers' consumer
// after one stream name, so that separate deployments (and tests) do not
// share work.
func streamOptions(url, stream string) queue.Options {
	if stream == "" {
		stream = "SITREP"
	}
	return queue.Options{URL: url, Stream: stream, Subject: "sitrep." + stream + ".documents",
		Consumer: stream + "-workers"}
}
