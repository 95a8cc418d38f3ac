// Package fetch is a polite HTTP client for following news sites: it
// honours robots.txt, keeps to a per-host rate and concurrency limit, names
// itself in its User-Agent, makes conditional requests (ETag and
// Last-Modified), bounds time, size and redirects, retries transient
// failures with exponential backoff, and decodes pages to UTF-8 whatever
// their charset. Key gives the identity of an article across its AMP,
// mobile and tracking-parameter variants, so it is fetched once.
package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"sitrep/internal/charset"
)

// Defaults for the zero Options.
const (
	DefaultTimeout      = 30 * time.Second
	DefaultMaxBytes     = 8 << 20
	DefaultMaxRedirects = 5
	DefaultRetries      = 2
	DefaultBackoff      = 2 * time.Second
	DefaultInterval     = time.Second
	DefaultPerHost      = 2
	// MaxBackoff caps one wait between retries, Retry-After included.
	MaxBackoff = 2 * time.Minute
)

// Options configures a Client. The zero value works.
type Options struct {
	// Agent is the product named in the User-Agent, "sitrep/1" if "".
	Agent string
	// Contact is a URL or address where site owners can reach whoever runs
	// the crawler; it is added to the User-Agent ("+https://...").
	Contact string
	// Timeout bounds one request, body included (DefaultTimeout if 0).
	Timeout time.Duration
	// MaxBytes caps a response body after decompression (DefaultMaxBytes
	// if 0); a larger one fails with ErrTooLarge.
	MaxBytes int64
	// MaxRedirects bounds the redirects followed (DefaultMaxRedirects if 0).
	MaxRedirects int
	// Retries is how many times a transient failure (a network error, a
	// timeout, 408, 429, 5xx) is retried: DefaultRetries if 0, none if < 0.
	Retries int
	// Backoff is the first wait before a retry, doubled each time
	// (DefaultBackoff if 0). A Retry-After header is honoured up to
	// MaxBackoff.
	Backoff time.Duration
	// Interval is the least time between two requests to one host
	// (DefaultInterval if 0, none if < 0); a larger robots.txt
	// Crawl-delay wins.
	Interval time.Duration
	// PerHost caps the requests in flight to one host (DefaultPerHost if 0).
	PerHost int
	// IgnoreRobots skips robots.txt (for tests and for one's own sites).
	IgnoreRobots bool
	// Transport carries the requests; nil means a transport with dial and
	// header timeouts derived from Timeout.
	Transport http.RoundTripper
}

func (o Options) withDefaults() Options {
	if o.Agent == "" {
		o.Agent = "sitrep/1"
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.MaxRedirects <= 0 {
		o.MaxRedirects = DefaultMaxRedirects
	}
	if o.Retries == 0 {
		o.Retries = DefaultRetries
	} else if o.Retries < 0 {
		o.Retries = 0
	}
	if o.Backoff <= 0 {
		o.Backoff = DefaultBackoff
	}
	if o.Interval == 0 {
		o.Interval = DefaultInterval
	} else if o.Interval < 0 {
		o.Interval = 0
	}
	if o.PerHost <= 0 {
		o.PerHost = DefaultPerHost
	}
	return o
}

// UserAgent is the User-Agent header the options give.
func (o Options) UserAgent() string {
	o = o.withDefaults()
	if o.Contact == "" {
		return o.Agent
	}
	return o.Agent + " (+" + o.Contact + ")"
}

// Errors a Get can fail with (wrapped): each names a reason a page is not
// fetched.
var (
	ErrRobots       = errors.New("disallowed by robots.txt")
	ErrTooLarge     = errors.New("response larger than the size cap")
	ErrRedirects    = errors.New("too many redirects")
	ErrRedirectLoop = errors.New("redirect loop")
)

// StatusError is a response with a status other than 2xx or 304.
type StatusError struct {
	Code int
}

func (e *StatusError) Error() string {
	return "HTTP " + strconv.Itoa(e.Code) + " " + http.StatusText(e.Code)
}

// Permanent reports whether err will not go away by asking again soon: a
// robots.txt refusal, a size cap, a redirect loop, a 4xx other than 408 and
// 429, a malformed URL.
func Permanent(err error) bool {
	var se *StatusError
	switch {
	case errors.Is(err, ErrRobots), errors.Is(err, ErrTooLarge), errors.Is(err, ErrRedirects),
		errors.Is(err, ErrRedirectLoop), errors.Is(err, errBadURL):
		return true
	case errors.As(err, &se):
		return !retryable(se.Code)
	}
	return false
}

var errBadURL = errors.New("not an http(s) URL")

func retryable(code int) bool {
	return code == http.StatusRequestTimeout || code == http.StatusTooManyRequests || code >= 500
}

// Request is one page to get, with the validators of the copy already held.
type Request struct {
	URL          string
	ETag         string
	LastModified string
}

// Response is a fetched page.
type Response struct {
	// URL is where the page was found, after redirects.
	URL    string
	Status int
	// NotModified is set for a 304: the copy held is current, Body is nil.
	NotModified bool
	// Body is the response body, decompressed; for HTML and other text it
	// is decoded to UTF-8 (Charset names what it was decoded from).
	Body        []byte
	ContentType string
	Charset     string
	// ETag and LastModified are the validators to send next time.
	ETag         string
	LastModified string
	Fetched      time.Time
}

// Client fetches pages politely. It is safe for concurrent use.
type Client struct {
	o      Options
	hc     *http.Client
	mu     sync.Mutex
	hosts  map[string]*host
	robots *robotsCache
}

// host is the politeness state of one host.
type host struct {
	slots chan struct{} // PerHost tokens
	mu    sync.Mutex
	next  time.Time // earliest start of the next request
	delay time.Duration
}

// New returns a Client.
func New(o Options) *Client {
	o = o.withDefaults()
	tr := o.Transport
	if tr == nil {
		tr = &http.Transport{
			Proxy:                 http.ProxyFromEnvironment,
			DialContext:           (&net.Dialer{Timeout: min(o.Timeout, 10*time.Second), KeepAlive: 30 * time.Second}).DialContext,
			TLSHandshakeTimeout:   min(o.Timeout, 10*time.Second),
			ResponseHeaderTimeout: o.Timeout,
			MaxIdleConnsPerHost:   o.PerHost,
			IdleConnTimeout:       90 * time.Second,
		}
	}
	c := &Client{o: o, hosts: map[string]*host{}}
	c.hc = &http.Client{Transport: tr, Timeout: o.Timeout, CheckRedirect: c.checkRedirect}
	c.robots = newRobotsCache(c)
	return c
}

// checkRedirect bounds redirects, stops loops and asks robots.txt about
// each new address.
func (c *Client) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > c.o.MaxRedirects {
		return fmt.Errorf("%w (%d)", ErrRedirects, c.o.MaxRedirects)
	}
	for _, v := range via {
		if v.URL.String() == req.URL.String() {
			return fmt.Errorf("%w at %s", ErrRedirectLoop, req.URL)
		}
	}
	if !c.o.IgnoreRobots {
		if err := c.robots.allowed(req.Context(), req.URL); err != nil {
			return err
		}
	}
	return nil
}

func (c *Client) host(u *url.URL) *host {
	c.mu.Lock()
	defer c.mu.Unlock()
	h := c.hosts[u.Host]
	if h == nil {
		h = &host{slots: make(chan struct{}, c.o.PerHost), delay: c.o.Interval}
		c.hosts[u.Host] = h
	}
	return h
}

// acquire waits for a slot and the host's turn; release gives the slot back.
func (c *Client) acquire(ctx context.Context, h *host) error {
	select {
	case h.slots <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	h.mu.Lock()
	now := time.Now()
	start := now
	if h.next.After(now) {
		start = h.next
	}
	h.next = start.Add(h.delay)
	h.mu.Unlock()
	if wait := start.Sub(now); wait > 0 {
		t := time.NewTimer(wait)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			<-h.slots
			return ctx.Err()
		}
	}
	return nil
}

func (c *Client) release(h *host) { <-h.slots }

// Get fetches r.URL: robots.txt allowing, within the host's limits,
// retrying transient failures. A 304 answer to the validators in r gives a
// Response with NotModified set. A failure is an error that wraps one of
// the Err values or a *StatusError, and Permanent tells whether to try
// again later.
func (c *Client) Get(ctx context.Context, r Request) (*Response, error) {
	u, err := url.Parse(r.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%s: %w", r.URL, errBadURL)
	}
	if !c.o.IgnoreRobots {
		if err := c.robots.allowed(ctx, u); err != nil {
			return nil, fmt.Errorf("%s: %w", r.URL, err)
		}
	}
	var last error
	for attempt := 0; attempt <= c.o.Retries; attempt++ {
		resp, wait, err := c.once(ctx, u, r)
		if err == nil {
			return resp, nil
		}
		last = err
		if Permanent(err) || ctx.Err() != nil || attempt == c.o.Retries {
			break
		}
		if wait <= 0 {
			wait = c.o.Backoff << attempt
			wait += time.Duration(rand.Int64N(int64(wait)/4 + 1)) // jitter
		}
		t := time.NewTimer(min(wait, MaxBackoff))
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return nil, fmt.Errorf("%s: %w", r.URL, ctx.Err())
		}
	}
	return nil, fmt.Errorf("%s: %w", r.URL, last)
}

// once makes one request; wait is the server's Retry-After, if any.
func (c *Client) once(ctx context.Context, u *url.URL, r Request) (*Response, time.Duration, error) {
	h := c.host(u)
	if err := c.acquire(ctx, h); err != nil {
		return nil, 0, err
	}
	defer c.release(h)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, 0, fmt.Errorf("%w: %v", errBadURL, err)
	}
	req.Header.Set("User-Agent", c.o.UserAgent())
	req.Header.Set("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,application/rss+xml,application/atom+xml,application/feed+json,*/*;q=0.5")
	if r.ETag != "" {
		req.Header.Set("If-None-Match", r.ETag)
	}
	if r.LastModified != "" {
		req.Header.Set("If-Modified-Since", r.LastModified)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) && ue.Err != nil {
			err = ue.Err // the URL is named by Get
		}
		return nil, 0, err
	}
	defer resp.Body.Close()
	out := &Response{URL: resp.Request.URL.String(), Status: resp.StatusCode, ContentType: resp.Header.Get("Content-Type"),
		ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified"), Fetched: time.Now().UTC()}
	switch {
	case resp.StatusCode == http.StatusNotModified:
		out.NotModified = true
		return out, 0, nil
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // reuse the connection
		return nil, retryAfter(resp.Header.Get("Retry-After")), &StatusError{Code: resp.StatusCode}
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.o.MaxBytes+1))
	if err != nil {
		return nil, 0, fmt.Errorf("reading the body: %w", err)
	}
	if int64(len(body)) > c.o.MaxBytes {
		return nil, 0, fmt.Errorf("%w (%d bytes)", ErrTooLarge, c.o.MaxBytes)
	}
	out.Body, out.Charset = decode(body, out.ContentType)
	return out, 0, nil
}

// retryAfter reads a Retry-After header: seconds or an HTTP date.
func retryAfter(v string) time.Duration {
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return time.Until(t)
	}
	return 0
}

// decode returns an HTML or plain-text body as UTF-8 (internal/charset:
// byte-order mark, the Content-Type header or the page's own declaration,
// UTF-8 validity, byte statistics) and the name of the charset it was
// decoded from, "" when it was UTF-8 already. XML (feeds, sitemaps) and
// JSON are left to their decoders, which read the encoding they declare.
func decode(body []byte, contentType string) ([]byte, string) {
	mt, _, _ := mime.ParseMediaType(contentType)
	if strings.Contains(mt, "xml") && mt != "application/xhtml+xml" || strings.Contains(mt, "json") {
		return body, ""
	}
	if mt != "" && !strings.HasPrefix(mt, "text/") && mt != "application/xhtml+xml" {
		return body, ""
	}
	r := charset.Decode(body, contentType)
	if r.Encoding == "utf-8" {
		return r.Text, ""
	}
	return r.Text, r.Encoding
}
