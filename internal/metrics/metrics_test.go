package metrics

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// sample is one parsed line of the exposition format.
type sample struct {
	name   string
	labels map[string]string
	value  float64
}

var (
	commentLine = regexp.MustCompile(`^# (HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*|TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (counter|gauge|histogram|summary|untyped))$`)
	metricName  = regexp.MustCompile(`^[a-zA-Z_:][a-zA-Z0-9_:]*`)
	labelName   = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_]*`)
)

// parse reads the text exposition format as Prometheus does: every line is
// a comment (# HELP, # TYPE), or a sample: name, optional {label="value",...}
// with \\, \" and \n escapes, a space and a float value. It also checks that
// every sample's family was announced by a TYPE line before it.
func parse(text string) ([]sample, error) {
	if !strings.HasSuffix(text, "\n") {
		return nil, fmt.Errorf("output does not end in a newline")
	}
	var out []sample
	typed := map[string]string{}
	for n, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		where := fmt.Sprintf("line %d %q", n+1, line)
		if strings.HasPrefix(line, "#") {
			if !commentLine.MatchString(line) {
				return nil, fmt.Errorf("%s: not a HELP or TYPE comment", where)
			}
			if f := strings.Fields(line); f[1] == "TYPE" {
				if typed[f[2]] != "" {
					return nil, fmt.Errorf("%s: second TYPE for %s", where, f[2])
				}
				typed[f[2]] = f[3]
			}
			continue
		}
		s := sample{labels: map[string]string{}}
		s.name = metricName.FindString(line)
		if s.name == "" {
			return nil, fmt.Errorf("%s: no metric name", where)
		}
		rest := line[len(s.name):]
		if strings.HasPrefix(rest, "{") {
			rest = rest[1:]
			for !strings.HasPrefix(rest, "}") {
				ln := labelName.FindString(rest)
				if ln == "" || !strings.HasPrefix(rest[len(ln):], `="`) {
					return nil, fmt.Errorf("%s: bad label at %q", where, rest)
				}
				rest = rest[len(ln)+2:]
				var v strings.Builder
				for {
					if rest == "" {
						return nil, fmt.Errorf("%s: unterminated label value", where)
					}
					c := rest[0]
					rest = rest[1:]
					if c == '"' {
						break
					}
					if c == '\\' {
						if rest == "" {
							return nil, fmt.Errorf("%s: dangling backslash", where)
						}
						switch rest[0] {
						case '\\':
							v.WriteByte('\\')
						case '"':
							v.WriteByte('"')
						case 'n':
							v.WriteByte('\n')
						default:
							return nil, fmt.Errorf("%s: bad escape \\%c", where, rest[0])
						}
						rest = rest[1:]
						continue
					}
					v.WriteByte(c)
				}
				if _, dup := s.labels[ln]; dup {
					return nil, fmt.Errorf("%s: label %s twice", where, ln)
				}
				s.labels[ln] = v.String()
				if strings.HasPrefix(rest, ",") {
					rest = rest[1:]
				} else if !strings.HasPrefix(rest, "}") {
					return nil, fmt.Errorf("%s: expected , or } at %q", where, rest)
				}
			}
			rest = rest[1:]
		}
		val, ok := strings.CutPrefix(rest, " ")
		if !ok {
			return nil, fmt.Errorf("%s: no space before the value", where)
		}
		v, err := strconv.ParseFloat(val, 64)
		if err != nil {
			return nil, fmt.Errorf("%s: value: %v", where, err)
		}
		s.value = v
		family := s.name
		for _, suffix := range []string{"_bucket", "_sum", "_count"} {
			if base, ok := strings.CutSuffix(s.name, suffix); ok && typed[base] == "histogram" {
				family = base
			}
		}
		if typed[family] == "" {
			return nil, fmt.Errorf("%s: no TYPE line before the sample", where)
		}
		out = append(out, s)
	}
	return out, nil
}

func find(samples []sample, name string, labels map[string]string) (float64, bool) {
next:
	for _, s := range samples {
		if s.name != name || len(s.labels) != len(labels) {
			continue
		}
		for k, v := range labels {
			if s.labels[k] != v {
				continue next
			}
		}
		return s.value, true
	}
	return 0, false
}

func scrape(t *testing.T, m *Registry) []sample {
	t.Helper()
	rec := httptest.NewRecorder()
	m.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain; version=0.0.4") {
		t.Errorf("Content-Type %q", ct)
	}
	samples, err := parse(rec.Body.String())
	if err != nil {
		t.Fatalf("%v\n%s", err, rec.Body.String())
	}
	return samples
}

// TestRoutesAndHistograms serves requests through an outer mux that hands
// /api/ to an inner one, as serve does, and checks the counters carry the
// innermost pattern, the status codes and cumulative histogram buckets.
func TestRoutesAndHistograms(t *testing.T) {
	inner := http.NewServeMux()
	inner.HandleFunc("GET /api/v1/items/{id}", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("id") == "weg" {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte("ok"))
	})
	outer := http.NewServeMux()
	outer.Handle("/api/", Route(inner))
	outer.HandleFunc("POST /formulier", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/", http.StatusSeeOther)
	})
	m := New()
	h := m.Middleware(Route(outer))
	for _, req := range []struct{ method, path string }{
		{"GET", "/api/v1/items/1"}, {"GET", "/api/v1/items/2"}, {"GET", "/api/v1/items/weg"},
		{"POST", "/formulier"}, {"GET", "/nergens"},
	} {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(req.method, req.path, nil))
	}
	var calls int
	m.GaugeFunc("perspectief_test_gauge", "A gauge \\ with a backslash.", func() float64 { calls++; return 7 })
	samples := scrape(t, m)

	for _, c := range []struct {
		route, code string
		want        float64
	}{
		{"GET /api/v1/items/{id}", "200", 2},
		{"GET /api/v1/items/{id}", "404", 1},
		{"POST /formulier", "303", 1},
		{Unmatched, "404", 1},
	} {
		if v, ok := find(samples, "perspectief_http_requests_total", map[string]string{"route": c.route, "code": c.code}); !ok || v != c.want {
			t.Errorf("requests{route=%q,code=%s} = %v (found %v), want %v", c.route, c.code, v, ok, c.want)
		}
	}
	for _, s := range samples {
		if strings.Contains(s.labels["route"], "/items/1") || strings.Contains(s.labels["route"], "nergens") {
			t.Errorf("a raw path became a label: %+v", s)
		}
	}
	route := map[string]string{"route": "GET /api/v1/items/{id}"}
	if v, ok := find(samples, "perspectief_http_request_duration_seconds_count", route); !ok || v != 3 {
		t.Errorf("histogram count = %v (found %v), want 3", v, ok)
	}
	prev := -1.0
	for _, le := range append(Buckets, inf()) {
		lab := map[string]string{"route": route["route"], "le": formatFloat(le)}
		v, ok := find(samples, "perspectief_http_request_duration_seconds_bucket", lab)
		if !ok {
			t.Fatalf("no bucket le=%s", lab["le"])
		}
		if v < prev {
			t.Errorf("bucket le=%s = %v, below the previous %v: buckets must be cumulative", lab["le"], v, prev)
		}
		prev = v
	}
	if prev != 3 {
		t.Errorf("+Inf bucket = %v, want 3", prev)
	}
	if v, ok := find(samples, "perspectief_test_gauge", map[string]string{}); !ok || v != 7 || calls != 1 {
		t.Errorf("gauge = %v (found %v, read %d times)", v, ok, calls)
	}
	if v, ok := find(samples, "perspectief_http_requests_in_flight", map[string]string{}); !ok || v != 0 {
		t.Errorf("in flight = %v (found %v), want 0", v, ok)
	}
}

// TestPanicCountsAs500: a handler that panics is still counted.
func TestPanicCountsAs500(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /stuk", func(http.ResponseWriter, *http.Request) { panic("kapot") })
	m := New()
	func() {
		defer func() { recover() }()
		m.Middleware(Route(mux)).ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/stuk", nil))
	}()
	if v, ok := find(scrape(t, m), "perspectief_http_requests_total", map[string]string{"route": "GET /stuk", "code": "500"}); !ok || v != 1 {
		t.Errorf("panicking request counted %v (found %v), want one 500", v, ok)
	}
}

func inf() float64 { v, _ := strconv.ParseFloat("+Inf", 64); return v }

// FuzzRouteLabel: whatever a route pattern holds, the output parses and the
// label reads back as the pattern.
func FuzzRouteLabel(f *testing.F) {
	f.Add("GET /a/{b}")
	f.Add(`x"y\z` + "\n")
	f.Fuzz(func(t *testing.T, route string) {
		m := New()
		m.observe(route, 200, 0)
		samples := scrape(t, m)
		want := route
		if want == "" {
			want = Unmatched
		}
		if v, ok := find(samples, "perspectief_http_requests_total", map[string]string{"route": want, "code": "200"}); !ok || v != 1 {
			t.Errorf("route %q not read back", route)
		}
	})
}

// TestParserRejects makes sure the parser used above can fail.
func TestParserRejects(t *testing.T) {
	for _, bad := range []string{
		"# TYPE a counter\na 1",                // no final newline
		"a 1\n",                                // no TYPE
		"# TYPE a counter\na{b=\"c} 1\n",       // unterminated
		"# TYPE a counter\na{b=\"\\x\"} 1\n",   // bad escape
		"# TYPE a counter\na{b=\"c\"}1\n",      // no space
		"# TYPE a counter\na eén\n",            // not a number
		"# comment\n",                          // not HELP or TYPE
		"# TYPE a counter\n# TYPE a counter\n", // twice
	} {
		if _, err := parse(bad); err == nil {
			t.Errorf("parse(%q) accepted", bad)
		}
	}
}
