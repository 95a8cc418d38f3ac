package server_test

import (
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"sitrep/internal/server"
	"sitrep/internal/store/storetest"
)

// TestConditionalAndCompressed: answers carry an ETag; asking again with it
// costs a 304 until a document is stored; clients that accept gzip get it.
func TestConditionalAndCompressed(t *testing.T) {
	st := emptyStore(t)
	ctx := context.Background()
	if _, err := st.Put(ctx, storetest.Sample(1)); err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(st, server.Options{})
	if err != nil {
		t.Fatal(err)
	}
	do := func(path string, h map[string]string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("GET", path, nil)
		for k, v := range h {
			req.Header.Set(k, v)
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		return rec
	}
	for _, path := range []string{"/api/events", "/api/stats", "/", "/actors"} {
		first := do(path, nil)
		etag := first.Header().Get("ETag")
		if first.Code != 200 || etag == "" || first.Header().Get("Last-Modified") == "" {
			t.Fatalf("GET %s = %d, ETag %q, Last-Modified %q", path, first.Code, etag,
				first.Header().Get("Last-Modified"))
		}
		if again := do(path, map[string]string{"If-None-Match": etag}); again.Code != http.StatusNotModified || again.Body.Len() != 0 {
			t.Errorf("GET %s with its ETag = %d (%d bytes), want 304", path, again.Code, again.Body.Len())
		}
		if hit := do(path, nil); hit.Code != 200 || hit.Header().Get("X-Cache") != "hit" || hit.Body.String() != first.Body.String() {
			t.Errorf("GET %s again = %d, X-Cache %q: want the kept answer", path, hit.Code, hit.Header().Get("X-Cache"))
		}
		if other := do(path+"?x=1", map[string]string{"If-None-Match": etag}); other.Code == http.StatusNotModified {
			t.Errorf("GET %s?x=1 with the ETag of %s = 304", path, path)
		}
		z := do(path, map[string]string{"Accept-Encoding": "gzip, deflate"})
		if z.Header().Get("Content-Encoding") != "gzip" || z.Header().Get("X-Cache") != "hit" {
			t.Fatalf("GET %s accepting gzip: Content-Encoding %q, X-Cache %q: want the kept compressed answer",
				path, z.Header().Get("Content-Encoding"), z.Header().Get("X-Cache"))
		}
		zr, err := gzip.NewReader(z.Body)
		if err != nil {
			t.Fatal(err)
		}
		plain, err := io.ReadAll(zr)
		if err != nil || string(plain) != first.Body.String() {
			t.Errorf("GET %s: gzip body differs from the plain one (%v)", path, err)
		}
		if no := do(path, map[string]string{"Accept-Encoding": "gzip;q=0"}); no.Header().Get("Content-Encoding") != "" {
			t.Errorf("GET %s with gzip;q=0 was compressed", path)
		}
	}
	// A new document changes every answer's ETag (after the version is
	// asked again, at most a second later).
	before := do("/api/stats", nil)
	if _, err := st.Put(ctx, storetest.Sample(2)); err != nil {
		t.Fatal(err)
	}
	deadline := 0
	for ; deadline < 30; deadline++ {
		after := do("/api/stats", map[string]string{"If-None-Match": before.Header().Get("ETag")})
		if after.Code == 200 {
			if !strings.Contains(after.Body.String(), `"documents":2`) {
				t.Errorf("stats after a new document: %s", after.Body)
			}
			break
		}
		<-timeAfter100ms()
	}
	if deadline == 30 {
		t.Error("a new document did not change the ETag within 3 s")
	}
}

func timeAfter100ms() <-chan time.Time { return time.After(100 * time.Millisecond) }

// TestConcurrentAskersShareOneAnswer: many clients asking the same page of
// the same version at once cost one computation; the others wait for it
// and get the kept answer.
func TestConcurrentAskersShareOneAnswer(t *testing.T) {
	st := emptyStore(t)
	ctx := context.Background()
	for i := 1; i <= 3; i++ {
		if _, err := st.Put(ctx, storetest.Sample(i)); err != nil {
			t.Fatal(err)
		}
	}
	srv, err := server.New(st, server.Options{})
	if err != nil {
		t.Fatal(err)
	}
	const n = 20
	start := make(chan struct{})
	type answer struct {
		code      int
		hit, body string
	}
	out := make(chan answer, n)
	for i := 0; i < n; i++ {
		go func() {
			<-start
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
			out <- answer{rec.Code, rec.Header().Get("X-Cache"), rec.Body.String()}
		}()
	}
	close(start)
	computed, body := 0, ""
	for i := 0; i < n; i++ {
		a := <-out
		if a.code != 200 {
			t.Fatalf("GET / = %d", a.code)
		}
		if a.hit != "hit" {
			computed++
		}
		if body != "" && a.body != body {
			t.Errorf("answers differ")
		}
		body = a.body
	}
	if computed != 1 {
		t.Errorf("%d of %d concurrent GET / computed the page, want 1", computed, n)
	}
}
