package fetch

import (
	"net/url"
	"path"
	"strings"
)

// trackingParams are query parameters that say how a reader arrived, not
// which article: dropped from every URL. Parameters starting with "utm_"
// are dropped too.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "msclkid": true, "yclid": true, "mc_cid": true, "mc_eid": true,
	"igshid": true, "ocid": true, "cmpid": true, "cmp": true, "at_medium": true, "at_campaign": true,
	"at_custom1": true, "at_custom2": true, "at_custom3": true, "at_custom4": true, "ito": true, "ns_mchannel": true,
	"ns_source": true, "ns_campaign": true, "ns_linkname": true, "ns_fee": true, "smid": true, "smtyp": true,
	"ref": true, "ref_src": true, "spm": true, "_ga": true, "__twitter_impression": true, "amp": true,
	"outputtype": true,
}

// Clean returns u with tracking parameters (utm_*, fbclid, ...) and the
// fragment removed, the scheme and host lowercased and a default port
// dropped: the address to fetch. An unparsable URL is returned as is.
func Clean(u string) string {
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil || p.Host == "" {
		return strings.TrimSpace(u)
	}
	p.Scheme = strings.ToLower(p.Scheme)
	p.Host = strings.ToLower(p.Host)
	if h, port, ok := strings.Cut(p.Host, ":"); ok && (port == "80" && p.Scheme == "http" || port == "443" && p.Scheme == "https") {
		p.Host = h
	}
	p.Fragment, p.RawFragment = "", ""
	p.RawQuery = cleanQuery(p.Query())
	if p.Path == "" {
		p.Path = "/"
	}
	return p.String()
}

// cleanQuery encodes q without tracking parameters, sorted by name.
func cleanQuery(q url.Values) string {
	for k := range q {
		lk := strings.ToLower(k)
		if strings.HasPrefix(lk, "utm_") || trackingParams[lk] {
			delete(q, k)
		}
	}
	return q.Encode() // sorted by key
}

// Key returns the identity of the article at u, the same for its AMP,
// mobile, http/https, www and tracking variants:
//
//	https://www.example.com/news/story-1?utm_source=rss  -> example.com/news/story-1
//	https://m.example.com/news/story-1                   -> example.com/news/story-1
//	https://amp.example.com/news/story-1                 -> example.com/news/story-1
//	https://example.com/news/story-1/amp/                -> example.com/news/story-1
//	https://example.com/amp/news/story-1                 -> example.com/news/story-1
//	https://example.com/news/story-1.amp.html            -> example.com/news/story-1.html
//	https://example.com/news/story-1?outputType=amp      -> example.com/news/story-1
//
// Two URLs with one Key are fetched once.
func Key(u string) string {
	p, err := url.Parse(Clean(u))
	if err != nil || p.Host == "" {
		return strings.TrimSpace(u)
	}
	host := p.Hostname()
	for _, prefix := range []string{"www.", "m.", "mobile.", "amp.", "www."} {
		if h := strings.TrimPrefix(host, prefix); strings.Contains(h, ".") {
			host = h
		}
	}
	if port := p.Port(); port != "" && port != "80" && port != "443" {
		host += ":" + port
	}
	pth := p.EscapedPath()
	switch {
	case strings.HasSuffix(pth, "/amp") || strings.HasSuffix(pth, "/amp/"):
		pth = strings.TrimSuffix(strings.TrimSuffix(pth, "/"), "/amp")
	case strings.HasPrefix(pth, "/amp/"):
		pth = pth[len("/amp"):]
	case strings.Contains(pth, ".amp."):
		pth = strings.Replace(pth, ".amp.", ".", 1)
	case strings.HasSuffix(pth, ".amp"):
		pth = strings.TrimSuffix(pth, ".amp")
	}
	pth = strings.TrimSuffix(pth, "/")
	if pth != "" {
		pth = path.Clean(pth)
	}
	key := host + pth
	if p.RawQuery != "" {
		key += "?" + p.RawQuery // sorted by Clean
	}
	return key
}

// Variant reports whether u is an AMP or mobile variant of an article's
// page (m., mobile. or amp. host; /amp path; .amp. file; outputType=amp),
// which a watcher fetches only when no plain URL of the article is known.
func Variant(u string) bool {
	p, err := url.Parse(Clean(u))
	if err != nil || p.Host == "" {
		return false
	}
	host := strings.TrimPrefix(p.Hostname(), "www.")
	for _, prefix := range []string{"m.", "mobile.", "amp."} {
		if strings.HasPrefix(host, prefix) {
			return true
		}
	}
	pth := p.EscapedPath()
	return strings.HasSuffix(pth, "/amp") || strings.HasSuffix(pth, "/amp/") || strings.HasPrefix(pth, "/amp/") ||
		strings.Contains(pth, ".amp.") || strings.HasSuffix(pth, ".amp") ||
		strings.Contains(strings.ToLower(u), "outputtype=amp") // a parameter Clean drops
}
