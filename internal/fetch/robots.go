package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/temoto/robotstxt"
)

// robotsTTL is how long a host's robots.txt is trusted before it is asked
// for again; robotsErrTTL is how long a failure to read it (a 5xx, a
// network error: every path is then disallowed, as RFC 9309 says) lasts.
const (
	robotsTTL    = 12 * time.Hour
	robotsErrTTL = 10 * time.Minute
	robotsMax    = 512 << 10
)

// robotsCache holds the robots.txt of each host (scheme://host).
type robotsCache struct {
	c     *Client
	mu    sync.Mutex
	hosts map[string]*robotsEntry
}

type robotsEntry struct {
	once    chan struct{} // closed when loaded
	data    *robotstxt.RobotsData
	err     error // every path disallowed for this reason
	expires time.Time
}

func newRobotsCache(c *Client) *robotsCache {
	return &robotsCache{c: c, hosts: map[string]*robotsEntry{}}
}

// allowed returns nil when robots.txt lets this client fetch u, an error
// wrapping ErrRobots when it does not.
func (rc *robotsCache) allowed(ctx context.Context, u *url.URL) error {
	origin := u.Scheme + "://" + u.Host
	rc.mu.Lock()
	e := rc.hosts[origin]
	if e == nil || (isClosed(e.once) && time.Now().After(e.expires)) {
		e = &robotsEntry{once: make(chan struct{})}
		rc.hosts[origin] = e
		rc.mu.Unlock()
		rc.load(ctx, origin, e)
	} else {
		rc.mu.Unlock()
		select {
		case <-e.once:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	if e.err != nil {
		return fmt.Errorf("%w: %v", ErrRobots, e.err)
	}
	if e.data == nil {
		return nil
	}
	g := e.data.FindGroup(rc.c.o.Agent)
	if g.CrawlDelay > 0 {
		h := rc.c.host(u)
		h.mu.Lock()
		h.delay = max(h.delay, min(g.CrawlDelay, time.Minute))
		h.mu.Unlock()
	}
	p := u.EscapedPath()
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	if !g.Test(p) {
		return ErrRobots
	}
	return nil
}

func isClosed(c chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}

// load fetches origin's robots.txt into e, under the host's limits.
func (rc *robotsCache) load(ctx context.Context, origin string, e *robotsEntry) {
	defer close(e.once)
	e.expires = time.Now().Add(robotsTTL)
	// robots.txt is asked for outside the host's slots: a redirect to
	// another scheme on one host asks for it while holding a slot.
	u, _ := url.Parse(origin + "/robots.txt")
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		e.err = err
		return
	}
	req.Header.Set("User-Agent", rc.c.o.UserAgent())
	resp, err := rc.c.hc.Do(req)
	if err != nil {
		// A robots.txt that redirects too often or in a loop counts as
		// absent (RFC 9309 2.3.1.2); anything else as unreachable.
		if errors.Is(err, ErrRedirects) || errors.Is(err, ErrRedirectLoop) {
			return
		}
		e.err, e.expires = fmt.Errorf("robots.txt unreachable: %v", err), time.Now().Add(robotsErrTTL)
		return
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, robotsMax))
	switch {
	case resp.StatusCode >= 500:
		e.err, e.expires = fmt.Errorf("robots.txt answered %d", resp.StatusCode), time.Now().Add(robotsErrTTL)
		return
	case resp.StatusCode >= 400:
		return // no robots.txt: everything allowed
	case err != nil:
		e.err, e.expires = fmt.Errorf("robots.txt unreadable: %v", err), time.Now().Add(robotsErrTTL)
		return
	}
	data, err := robotstxt.FromStatusAndBytes(resp.StatusCode, body)
	if err != nil {
		return // unparsable: treated as absent
	}
	e.data = data
}
