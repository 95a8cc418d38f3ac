// Package queue moves documents from `sitrep ingest --queue` to any number of
// `sitrep worker` processes through a NATS JetStream work queue.
//
// Delivery is at least once: a worker acknowledges a message only after the
// document is committed to the store, and the store ignores content it
// already holds (by hash), so a worker killed mid-document loses nothing and
// duplicates nothing. Publishing sets the message id to the content hash, so
// JetStream drops a document published twice within its duplicate window.
package queue

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"sitrep/internal/doc"
)

// Options configures a queue. The zero value works against a local server.
type Options struct {
	// URL of the NATS server (default nats://127.0.0.1:4222).
	URL string
	// Stream and Subject name the JetStream stream and its subject
	// (default "SITREP" and "sitrep.documents").
	Stream  string
	Subject string
	// Consumer is the durable consumer shared by all workers
	// (default "sitrep-workers").
	Consumer string
	// AckWait is how long a message may go without word from the worker
	// holding it before JetStream gives it to another (default 30 seconds;
	// a worker reports progress on long documents, so this bounds only how
	// soon the work of a dead worker is taken up again).
	AckWait time.Duration
}

func (o Options) withDefaults() Options {
	if o.URL == "" {
		o.URL = nats.DefaultURL
	}
	if o.Stream == "" {
		o.Stream = "SITREP"
	}
	if o.Subject == "" {
		o.Subject = "sitrep.documents"
	}
	if o.Consumer == "" {
		o.Consumer = "sitrep-workers"
	}
	if o.AckWait <= 0 {
		o.AckWait = 30 * time.Second
	}
	return o
}

// Queue is a connection to the work queue.
type Queue struct {
	o      Options
	nc     *nats.Conn
	js     jetstream.JetStream
	stream jetstream.Stream
}

// Open connects to the server and makes sure the stream exists. The
// connection reconnects forever, so a server restart only pauses work.
func Open(ctx context.Context, o Options) (*Queue, error) {
	o = o.withDefaults()
	nc, err := nats.Connect(o.URL, nats.Name("sitrep"), nats.MaxReconnects(-1),
		nats.ReconnectWait(500*time.Millisecond), nats.RetryOnFailedConnect(false))
	if err != nil {
		return nil, fmt.Errorf("queue %s: %w", o.URL, err)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		return nil, fmt.Errorf("queue %s: %w", o.URL, err)
	}
	stream, err := js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:       o.Stream,
		Subjects:   []string{o.Subject},
		Retention:  jetstream.WorkQueuePolicy,
		Storage:    jetstream.FileStorage,
		Duplicates: 10 * time.Minute,
	})
	if err != nil {
		nc.Close()
		return nil, fmt.Errorf("queue %s: stream %s: %w", o.URL, o.Stream, err)
	}
	return &Queue{o: o, nc: nc, js: js, stream: stream}, nil
}

// Close closes the connection.
func (q *Queue) Close() { q.nc.Close() }

// MaxPayload is the largest message the server accepts.
func (q *Queue) MaxPayload() int64 { return q.nc.MaxPayload() }

// envelope is a queued document: what ingest read, before annotation.
type envelope struct {
	Path             string        `json:"path"`
	Raw              []byte        `json:"raw"`
	Format           uint8         `json:"format"`
	IsRaw            bool          `json:"is_raw,omitempty"`
	Hash             string        `json:"hash"`
	URL              string        `json:"url,omitempty"`
	Title            string        `json:"title,omitempty"`
	Published        string        `json:"published,omitempty"`
	DefaultPublished string        `json:"default_published,omitempty"`
	Problems         []doc.Problem `json:"problems,omitempty"`

	Fetched string `json:"fetched,omitempty"`
	Outlet  string `json:"outlet,omitempty"`
}

// ErrTooLarge is returned for a document larger than the server's maximum
// message size.
var ErrTooLarge = errors.New("document larger than the queue's maximum message")

// Publish queues d, waiting for JetStream to confirm it is stored.
func (q *Queue) Publish(ctx context.Context, d *doc.Document) error {
	if d.Hash == "" {
		return fmt.Errorf("publish %s: document has no hash", d.Path)
	}
	body, err := json.Marshal(envelope{Path: d.Path, Raw: d.Raw, Format: uint8(d.Format), IsRaw: d.IsRaw,
		Hash: d.Hash, URL: d.URL, Title: d.Title, Published: d.Published, DefaultPublished: d.DefaultPublished,
		Problems: d.Problems, Fetched: d.Fetched, Outlet: d.Outlet})
	if err != nil {
		return fmt.Errorf("publish %s: %w", d.Path, err)
	}
	if int64(len(body)) > q.nc.MaxPayload() {
		return fmt.Errorf("publish %s: %w (%d > %d bytes)", d.Path, ErrTooLarge, len(body), q.nc.MaxPayload())
	}
	// The hash as message id lets JetStream drop a re-published document.
	if _, err := q.js.Publish(ctx, q.o.Subject, body, jetstream.WithMsgID(d.Hash)); err != nil {
		return fmt.Errorf("publish %s: %w", d.Path, err)
	}
	return nil
}

// Pending is the number of documents waiting in the stream.
func (q *Queue) Pending(ctx context.Context) (uint64, error) {
	info, err := q.stream.Info(ctx)
	if err != nil {
		return 0, err
	}
	return info.State.Msgs, nil
}

// Handler processes one document. Returning nil acknowledges it; an error
// has it delivered again after a backoff.
type Handler func(ctx context.Context, d *doc.Document) error

// WorkOptions tune a worker.
type WorkOptions struct {
	// Parallel is the number of documents handled at once (default 1).
	Parallel int
	// IdleExit, when positive, ends Work after the queue has been empty for
	// this long (for batch runs and tests); zero works until ctx is done.
	IdleExit time.Duration
	// OnError is told of every failed delivery (may be nil).
	OnError func(error)
	// OnIdle, when set, is called each time the queue is found empty
	// after this worker handled documents: nothing waiting, nothing held
	// by any worker. Work that spans documents (re-resolving actor
	// identities over the whole store) goes here. Its error is reported
	// to OnError and it is called again at the next idle moment.
	OnIdle func(ctx context.Context) error
}

// Work consumes documents until ctx is done (or the queue stays idle for
// o.IdleExit), calling h for each. A document is acknowledged only after h
// returns nil; on error it is negatively acknowledged with a growing delay,
// so a store that is down for a while is retried until it is back.
func (q *Queue) Work(ctx context.Context, o WorkOptions, h Handler) error {
	if o.Parallel <= 0 {
		o.Parallel = 1
	}
	cons, err := q.js.CreateOrUpdateConsumer(ctx, q.o.Stream, jetstream.ConsumerConfig{
		Durable:       q.o.Consumer,
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       q.o.AckWait,
		MaxDeliver:    -1,
		MaxAckPending: 1000,
	})
	if err != nil {
		return fmt.Errorf("worker: consumer %s: %w", q.o.Consumer, err)
	}
	report := func(err error) {
		if o.OnError != nil {
			o.OnError(err)
		}
	}
	var mu sync.Mutex
	lastWork := time.Now()
	busy := 0
	sem := make(chan struct{}, o.Parallel)
	var wg sync.WaitGroup
	defer wg.Wait()
	backoff := 100 * time.Millisecond
	handled := false // documents handled since OnIdle last ran
	for ctx.Err() == nil {
		batch, err := cons.Fetch(o.Parallel, jetstream.FetchMaxWait(time.Second))
		if err != nil {
			// The server is away (restarting, network): wait and retry.
			report(fmt.Errorf("worker: fetch: %w", err))
			if !sleep(ctx, backoff) {
				break
			}
			backoff = min(2*backoff, 5*time.Second)
			continue
		}
		backoff = 100 * time.Millisecond
		got := 0
		for msg := range batch.Messages() {
			got++
			sem <- struct{}{}
			mu.Lock()
			busy++
			mu.Unlock()
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer func() { <-sem; mu.Lock(); busy--; lastWork = time.Now(); mu.Unlock() }()
				q.handle(ctx, msg, h, report)
			}()
		}
		if err := batch.Error(); err != nil && !errors.Is(err, nats.ErrTimeout) {
			report(fmt.Errorf("worker: fetch: %w", err))
		}
		handled = handled || got > 0
		if got == 0 && (o.IdleExit > 0 || o.OnIdle != nil && handled) {
			mu.Lock()
			quiet := busy == 0
			idle := quiet && time.Since(lastWork) >= o.IdleExit
			mu.Unlock()
			// Messages held by a dead worker stay in the stream until their
			// ack wait runs out: idle means nothing left at all.
			n, err := q.Pending(ctx)
			empty := err == nil && n == 0
			if o.OnIdle != nil && handled && quiet && empty {
				if err := o.OnIdle(ctx); err != nil {
					report(fmt.Errorf("worker: %w", err))
				} else {
					handled = false
				}
			}
			if o.IdleExit > 0 && idle && empty && (o.OnIdle == nil || !handled) {
				return nil
			}
		}
	}
	if errors.Is(ctx.Err(), context.Canceled) {
		return nil
	}
	return ctx.Err()
}

// handle decodes and processes one message and settles it.
func (q *Queue) handle(ctx context.Context, msg jetstream.Msg, h Handler, report func(error)) {
	var env envelope
	if err := json.Unmarshal(msg.Data(), &env); err != nil {
		// A message that can never be read is terminated, not retried.
		report(fmt.Errorf("worker: undecodable message dropped: %w", err))
		msg.Term()
		return
	}
	d := &doc.Document{Path: env.Path, Raw: env.Raw, Format: doc.Format(env.Format), IsRaw: env.IsRaw,
		Hash: env.Hash, URL: env.URL, Title: env.Title, Published: env.Published,
		DefaultPublished: env.DefaultPublished, Problems: env.Problems, Fetched: env.Fetched, Outlet: env.Outlet}
	// Tell JetStream the message is still being worked on, so a long
	// document is not handed to a second worker meanwhile.
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		t := time.NewTicker(q.o.AckWait / 3)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				msg.InProgress()
			case <-stop:
				return
			}
		}
	}()
	if err := h(ctx, d); err != nil {
		report(fmt.Errorf("worker: %s: %w", d.Path, err))
		delay := time.Second
		if md, err := msg.Metadata(); err == nil {
			delay = min(time.Duration(md.NumDelivered)*time.Second, 30*time.Second)
		}
		msg.NakWithDelay(delay)
		return
	}
	// DoubleAck waits for the server to confirm, so a crash right after
	// cannot leave the message unacknowledged yet believed done.
	if err := msg.DoubleAck(ctx); err != nil {
		report(fmt.Errorf("worker: %s: ack: %w", d.Path, err))
	}
}

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
