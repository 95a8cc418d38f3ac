package queue_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os"
	"sync"
	"testing"
	"time"

	"sitrep/internal/doc"
	"sitrep/internal/queue"
)

// natsURL is the server the tests use: $SITREP_TEST_NATS, else the one the
// development and CI machines run on 127.0.0.1.
func natsURL(t *testing.T) string {
	u := os.Getenv("SITREP_TEST_NATS")
	if u == "" {
		u = "nats://127.0.0.1:4222"
	}
	c, err := net.DialTimeout("tcp", u[len("nats://"):], time.Second)
	if err != nil {
		if os.Getenv("SITREP_REQUIRE_NATS") != "" {
			t.Fatalf("NATS required but unreachable at %s: %v", u, err)
		}
		t.Skipf("NATS unreachable at %s (run scripts/services.sh to start one): %v", u, err)
	}
	c.Close()
	return u
}

// fresh returns options naming a stream of the test's own.
func fresh(t *testing.T) queue.Options {
	b := make([]byte, 4)
	rand.Read(b)
	id := hex.EncodeToString(b)
	return queue.Options{URL: natsURL(t), Stream: "SITREP_TEST_" + id, Subject: "sitrep.test." + id,
		Consumer: "w" + id, AckWait: 2 * time.Second}
}

func sample(i int) *doc.Document {
	return &doc.Document{Path: fmt.Sprintf("d%d.txt", i), Raw: []byte(fmt.Sprintf("document %d", i)),
		Format: doc.FormatText, Hash: fmt.Sprintf("%064d", i), DefaultPublished: "2016-01-02"}
}

func TestEveryDocumentHandledOnceDespiteFailures(t *testing.T) {
	ctx := context.Background()
	o := fresh(t)
	q, err := queue.Open(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	const n = 300
	for i := range n {
		if err := q.Publish(ctx, sample(i)); err != nil {
			t.Fatal(err)
		}
	}
	// Publishing again within the duplicate window adds nothing.
	for i := range 20 {
		if err := q.Publish(ctx, sample(i)); err != nil {
			t.Fatal(err)
		}
	}
	if p, _ := q.Pending(ctx); p != n {
		t.Fatalf("pending = %d, want %d", p, n)
	}
	var mu sync.Mutex
	done := map[string]int{}
	attempts := map[string]int{}
	handler := func(ctx context.Context, d *doc.Document) error {
		mu.Lock()
		defer mu.Unlock()
		attempts[d.Hash]++
		// Every seventh document fails on its first delivery, as if the
		// store were briefly down.
		if attempts[d.Hash] == 1 && len(attempts)%7 == 0 {
			return errors.New("store unavailable")
		}
		if d.DefaultPublished != "2016-01-02" || string(d.Raw) == "" {
			t.Errorf("envelope lost fields: %+v", d)
		}
		done[d.Hash]++
		return nil
	}
	ctx2, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	if err := q.Work(ctx2, queue.WorkOptions{Parallel: 4, IdleExit: 3 * time.Second}, handler); err != nil {
		t.Fatal(err)
	}
	if len(done) != n {
		t.Fatalf("%d documents handled, want %d", len(done), n)
	}
	for h, c := range done {
		if c != 1 {
			t.Errorf("%s handled %d times", h, c)
		}
	}
	if p, _ := q.Pending(ctx); p != 0 {
		t.Errorf("%d left in the queue", p)
	}
}

func TestPublishRefusesOversizedAndUnhashed(t *testing.T) {
	ctx := context.Background()
	q, err := queue.Open(ctx, fresh(t))
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	big := sample(1)
	big.Raw = make([]byte, q.MaxPayload()+1)
	if err := q.Publish(ctx, big); !errors.Is(err, queue.ErrTooLarge) {
		t.Errorf("oversized publish error = %v, want ErrTooLarge", err)
	}
	d := sample(2)
	d.Hash = ""
	if err := q.Publish(ctx, d); err == nil {
		t.Error("publish without hash succeeded")
	}
}
