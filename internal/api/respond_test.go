package api

import (
	"net/http/httptest"
	"strings"
	"testing"
)

func TestAcceptsGzip(t *testing.T) {
	for header, want := range map[string]bool{
		"":                       false,
		"gzip":                   true,
		"gzip, deflate, br":      true,
		"br;q=1.0, GZIP;q=0.5":   true,
		"gzip;q=0":               false,
		"gzip; q=0.000":          false,
		"deflate":                false,
		"*":                      true,
		"identity, *;q=0":        false,
		"x-gzip-not-really;q=1":  false,
		"gzipped":                false,
		" gzip ;q=0.1 , deflate": true,
	} {
		r := httptest.NewRequest("GET", "/api/v1/lines", nil)
		r.Header.Set("Accept-Encoding", header)
		if got := acceptsGzip(r); got != want {
			t.Errorf("Accept-Encoding %q: %v, want %v", header, got, want)
		}
	}
}

func FuzzAcceptsGzip(f *testing.F) {
	for _, s := range []string{"gzip", "gzip;q=0", "*, br", "deflate;q=0.5, gzip;q=1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, header string) {
		r := httptest.NewRequest("GET", "/api/v1/lines", nil)
		r.Header.Set("Accept-Encoding", header)
		got := acceptsGzip(r)
		if got && !strings.Contains(strings.ToLower(header), "gzip") && !strings.Contains(header, "*") {
			t.Errorf("%q accepted as gzip", header)
		}
	})
}
