package server_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"sitrep/internal/server"
)

// TestStatic: assets are served, directories are never listed, and
// malformed or escaping paths are 400 or 404, never 500.
func TestStatic(t *testing.T) {
	srv, err := server.New(emptyStore(t), server.Options{})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		path   string
		status int
	}{
		{"/static/app.css", 200},
		{"/static/", 404},
		{"/static/vendor/", 404},
		{"/static/vendor", 404},
		{"/static/%c0%ae%c0%ae/etc/passwd", 400},
		{"/static/%ff", 400},
		{"/static/a%00b", 400},
		{"/static/..%2f..%2fetc%2fpasswd", 404},
		{"/static/nothing.js", 404},
	}
	for _, c := range cases {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", "http://x"+c.path, nil)
		srv.ServeHTTP(rec, req)
		code := rec.Code
		if code == http.StatusMovedPermanently || code == http.StatusTemporaryRedirect {
			// The mux cleans ".." paths with a redirect: follow it once.
			loc := rec.Header().Get("Location")
			rec = httptest.NewRecorder()
			srv.ServeHTTP(rec, httptest.NewRequest("GET", "http://x"+loc, nil))
			code = rec.Code
		}
		if code != c.status {
			t.Errorf("GET %s = %d, want %d", c.path, code, c.status)
		}
		if body := rec.Body.String(); strings.Contains(body, "<a href") || strings.Contains(body, "root:") {
			t.Errorf("GET %s shows a listing or a file: %.200s", c.path, body)
		}
	}
}
