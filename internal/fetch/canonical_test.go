package fetch

import "testing"

func TestVariant(t *testing.T) {
	for u, want := range map[string]bool{
		"https://m.example.com/news/story-1":              true,
		"https://amp.example.com/news/story-1":            true,
		"https://example.com/news/story-1/amp/":           true,
		"https://example.com/amp/news/story-1":            true,
		"https://example.com/news/story-1.amp.html":       true,
		"https://example.com/news/story-1?outputType=amp": true,
		"https://www.example.com/news/story-1":            false,
		"https://example.com/news/ampersand":              false,
		"http://127.0.0.1:8080/a/1":                       false,
		"not a url":                                       false,
	} {
		if got := Variant(u); got != want {
			t.Errorf("Variant(%q) = %v, want %v", u, got, want)
		}
	}
}
