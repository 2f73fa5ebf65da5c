// Package metrics counts HTTP requests and exposes them, with gauges the
// caller adds (database pool, ...), in the Prometheus text exposition format
// (version 0.0.4), written by hand with the standard library.
//
// Requests are labelled with the ServeMux pattern that matched them (for
// example "GET /interventies/{code}"), never with the raw path, so that the
// number of series stays bounded whatever paths clients send.
package metrics

import (
	"context"
	"fmt"
	"io"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Buckets are the upper bounds, in seconds, of the latency histogram: pages
// take milliseconds, imports and PDF renderings up to a minute.
var Buckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60}

// Unmatched is the route label of a request that no ServeMux pattern matched.
const Unmatched = "unmatched"

// Registry holds the request counters and the gauges of one process.
type Registry struct {
	mu       sync.Mutex
	requests map[requestKey]uint64
	latency  map[string]*histogram
	inFlight atomic.Int64
	funcs    []funcMetric
}

type requestKey struct {
	route string
	code  int
}

type histogram struct {
	counts []uint64 // per bucket, not cumulative; the last is +Inf
	sum    float64
	count  uint64
}

type funcMetric struct {
	name, help, kind string
	value            func() float64
}

// New returns an empty registry.
func New() *Registry {
	return &Registry{requests: map[requestKey]uint64{}, latency: map[string]*histogram{}}
}

// GaugeFunc adds a gauge whose value is read at each scrape.
func (m *Registry) GaugeFunc(name, help string, value func() float64) {
	m.add(name, help, "gauge", value)
}

// CounterFunc adds a counter (a value that only grows) read at each scrape.
func (m *Registry) CounterFunc(name, help string, value func() float64) {
	m.add(name, help, "counter", value)
}

func (m *Registry) add(name, help, kind string, value func() float64) {
	if !validName(name) {
		panic("metrics: invalid metric name " + strconv.Quote(name))
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.funcs = append(m.funcs, funcMetric{name: name, help: help, kind: kind, value: value})
}

type routeKey struct{}

// routeLabel is filled in by Route, innermost ServeMux first.
type routeLabel struct{ pattern string }

// Route wraps a ServeMux so that the pattern it matched becomes the route
// label of the request. Wrap every mux on the way (an outer one that hands
// "/api/" to an inner one, and the inner one): the innermost match wins.
func Route(mux http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The mux sets r.Pattern on the request it is given; read it even
		// when the handler panics.
		defer func() {
			if l, ok := r.Context().Value(routeKey{}).(*routeLabel); ok && l.pattern == "" {
				l.pattern = r.Pattern
			}
		}()
		mux.ServeHTTP(w, r)
	})
}

// Middleware counts each request by route and status code and times it.
func (m *Registry) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		m.inFlight.Add(1)
		label := &routeLabel{}
		rec := &recorder{ResponseWriter: w}
		defer func() {
			m.inFlight.Add(-1)
			code := rec.code
			if code == 0 {
				code = http.StatusOK
			}
			if v := recover(); v != nil {
				// The server drops the connection; count it as the 500 it is.
				m.observe(label.pattern, http.StatusInternalServerError, time.Since(start))
				panic(v)
			}
			m.observe(label.pattern, code, time.Since(start))
		}()
		next.ServeHTTP(rec, r.WithContext(context.WithValue(r.Context(), routeKey{}, label)))
	})
}

func (m *Registry) observe(route string, code int, d time.Duration) {
	if route == "" {
		route = Unmatched
	}
	secs := d.Seconds()
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[requestKey{route, code}]++
	h := m.latency[route]
	if h == nil {
		h = &histogram{counts: make([]uint64, len(Buckets)+1)}
		m.latency[route] = h
	}
	i, _ := slices.BinarySearch(Buckets, secs) // first bound >= secs
	h.counts[i]++
	h.sum += secs
	h.count++
}

// recorder remembers the status code a handler sends.
type recorder struct {
	http.ResponseWriter
	code int
}

func (r *recorder) WriteHeader(code int) {
	if r.code == 0 && code >= 200 {
		r.code = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.code == 0 {
		r.code = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// Flush passes a flush on, for handlers that check for http.Flusher.
func (r *recorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// ServeHTTP writes every metric in the text exposition format.
func (m *Registry) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_ = m.Write(w)
}

// Write writes every metric in the text exposition format, series sorted so
// that two scrapes list them in the same order.
func (m *Registry) Write(out io.Writer) error {
	m.mu.Lock()
	keys := make([]requestKey, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	counts := make(map[requestKey]uint64, len(m.requests))
	for k, v := range m.requests {
		counts[k] = v
	}
	routes := make([]string, 0, len(m.latency))
	hists := make(map[string]histogram, len(m.latency))
	for route, h := range m.latency {
		routes = append(routes, route)
		hists[route] = histogram{counts: slices.Clone(h.counts), sum: h.sum, count: h.count}
	}
	funcs := slices.Clone(m.funcs)
	m.mu.Unlock()

	slices.SortFunc(keys, func(a, b requestKey) int {
		if c := strings.Compare(a.route, b.route); c != 0 {
			return c
		}
		return a.code - b.code
	})
	slices.Sort(routes)

	var b strings.Builder
	header(&b, "perspectief_http_requests_total", "counter", "HTTP requests answered, by ServeMux route pattern and status code.")
	for _, k := range keys {
		fmt.Fprintf(&b, "perspectief_http_requests_total{route=%s,code=\"%d\"} %d\n", quote(k.route), k.code, counts[k])
	}
	header(&b, "perspectief_http_request_duration_seconds", "histogram", "Time to answer an HTTP request, by ServeMux route pattern.")
	for _, route := range routes {
		h := hists[route]
		var cum uint64
		for i, le := range Buckets {
			cum += h.counts[i]
			fmt.Fprintf(&b, "perspectief_http_request_duration_seconds_bucket{route=%s,le=\"%s\"} %d\n", quote(route), formatFloat(le), cum)
		}
		fmt.Fprintf(&b, "perspectief_http_request_duration_seconds_bucket{route=%s,le=\"+Inf\"} %d\n", quote(route), h.count)
		fmt.Fprintf(&b, "perspectief_http_request_duration_seconds_sum{route=%s} %s\n", quote(route), formatFloat(h.sum))
		fmt.Fprintf(&b, "perspectief_http_request_duration_seconds_count{route=%s} %d\n", quote(route), h.count)
	}
	header(&b, "perspectief_http_requests_in_flight", "gauge", "HTTP requests being answered now.")
	fmt.Fprintf(&b, "perspectief_http_requests_in_flight %d\n", m.inFlight.Load())
	for _, f := range funcs {
		header(&b, f.name, f.kind, f.help)
		fmt.Fprintf(&b, "%s %s\n", f.name, formatFloat(f.value()))
	}
	_, err := io.WriteString(out, b.String())
	return err
}

func header(b *strings.Builder, name, kind, help string) {
	help = strings.NewReplacer(`\`, `\\`, "\n", `\n`).Replace(help)
	fmt.Fprintf(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, kind)
}

// quote writes a label value: backslash, double quote and newline escaped.
func quote(v string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(v) + `"`
}

func formatFloat(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "+Inf"
	case math.IsInf(f, -1):
		return "-Inf"
	case math.IsNaN(f):
		return "NaN"
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

func validName(name string) bool {
	if name == "" {
		return false
	}
	for i, c := range name {
		if !(c == '_' || c == ':' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || i > 0 && '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}
