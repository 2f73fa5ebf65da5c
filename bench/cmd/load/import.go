package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sync"
	"time"
)

// importRun is an indicator import through the API, started one second
// into a run, with a web write (a new API token, through the form on
// /tokens) every 250 ms from the import's start to its end: issue 17 asks
// that such a write answers within 1 s while the import runs.
type importRun struct {
	rows     int
	done     chan struct{}
	status   int
	body     string
	took     time.Duration
	err      error
	mu       sync.Mutex
	writes   []time.Duration
	writeErr int
}

var tokenRef = regexp.MustCompile(`id="nieuw-token" class="token" value="([^"]+)"`)

func startImport(ctx context.Context, base string, tr http.RoundTripper, path string) *importRun {
	r := &importRun{done: make(chan struct{})}
	data, err := os.ReadFile(path)
	if err != nil {
		r.err = err
		close(r.done)
		return r
	}
	r.rows = bytes.Count(data, []byte("\n")) - 1
	go func() {
		defer close(r.done)
		c, err := login(base, tr, 0)
		if err != nil {
			r.err = err
			return
		}
		secret, _, err := newToken(c, base)
		if err != nil {
			r.err = err
			return
		}
		select {
		case <-ctx.Done():
			r.err = errors.New("the run ended before the import started")
			return
		case <-time.After(time.Second):
		}
		stop := make(chan struct{})
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.writeWhile(c, base, stop)
		}()
		t := time.Now()
		req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/indicator-values?bestand="+url.QueryEscape(filepath.Base(path)), bytes.NewReader(data))
		req.Header.Set("Authorization", "Bearer "+secret)
		req.Header.Set("Content-Type", "text/csv")
		resp, err := (&http.Client{Transport: tr, Timeout: 5 * time.Minute}).Do(req)
		r.took = time.Since(t)
		close(stop)
		wg.Wait()
		if err != nil {
			r.err = err
			return
		}
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 2000))
		resp.Body.Close()
		r.status, r.body = resp.StatusCode, string(b)
	}()
	return r
}

// writeWhile makes a web write every 250 ms until stop is closed.
func (r *importRun) writeWhile(c *http.Client, base string, stop chan struct{}) {
	for {
		select {
		case <-stop:
			return
		case <-time.After(250 * time.Millisecond):
		}
		_, d, err := newToken(c, base)
		r.mu.Lock()
		if err != nil {
			r.writeErr++
		} else {
			r.writes = append(r.writes, d)
		}
		r.mu.Unlock()
	}
}

// newToken creates an API token through the web form and returns its
// secret and how long the POST took.
func newToken(c *http.Client, base string) (string, time.Duration, error) {
	page, err := get(c, base+"/tokens")
	if err != nil {
		return "", 0, err
	}
	m := csrfRef.FindStringSubmatch(page)
	if m == nil {
		return "", 0, errors.New("no csrf token on /tokens")
	}
	t := time.Now()
	resp, err := c.PostForm(base+"/tokens", url.Values{"csrf": {m[1]}, "naam": {"load " + t.Format(time.RFC3339Nano)}, "geldig": {"30"}})
	if err != nil {
		return "", 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	d := time.Since(t)
	if err != nil {
		return "", d, err
	}
	if resp.StatusCode != http.StatusOK {
		return "", d, fmt.Errorf("POST /tokens: status %d", resp.StatusCode)
	}
	s := tokenRef.FindStringSubmatch(string(b))
	if s == nil {
		return "", d, errors.New("POST /tokens: no new token on the page")
	}
	return html.UnescapeString(s[1]), d, nil
}

func (r *importRun) report() error {
	<-r.done
	if r.err != nil {
		return fmt.Errorf("import: %w", r.err)
	}
	fmt.Printf("import of %d rows: status %d in %.0f ms\n", r.rows, r.status, ms(r.took))
	if r.status != http.StatusCreated {
		return fmt.Errorf("import: status %d: %s", r.status, r.body)
	}
	slices.Sort(r.writes)
	fmt.Printf("web writes (POST /tokens) during the import: %d, errors %d, p50 %.1f ms, max %.1f ms\n",
		len(r.writes), r.writeErr, ms(pct(r.writes, 50)), ms(pct(r.writes, 100)))
	return nil
}
