// Command load measures how Perspectief's most used pages answer under load:
// it signs in N users against a running server on 127.0.0.1 (a `perspectief
// demo` database), each with its own session, and has each request the four
// pages a team opens most, in turn, for a bounded time and number of
// requests. It prints p50/p95/p99 per page, the errors and the throughput.
//
//	load -url http://127.0.0.1:8080 -users 50 -pause 1s -duration 30s
//
// With -preset issue17 it runs the three runs of issue 17 one after another:
// one user without pause, 50 users pausing 1 s, 50 users without pause.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/demo"
)

// pages are the four pages issue 17 measures.
var pages = []string{"/", "/doelenboom", "/indicatoren/huishoudens_110", "/trendmonitor"}

type run struct {
	name      string
	users     int
	pause     time.Duration
	duration  time.Duration
	max       int64
	stagger   bool   // users start spread over one pause, not all at once
	importCSV string // a file of indicator values to import during the run
	serverPID int    // when set, the server's CPU time per request is reported
}

func main() {
	base := flag.String("url", "http://127.0.0.1:8080", "the server, on 127.0.0.1 or localhost only")
	users := flag.Int("users", 1, "simultaneous users, each signed in with its own session")
	pause := flag.Duration("pause", 0, "each user's pause between two requests")
	dur := flag.Duration("duration", 20*time.Second, "how long a run lasts (at most 10m)")
	max := flag.Int64("max", 100000, "at most this many requests in a run")
	warm := flag.Int("warmup", 2, "requests per page each user makes before measuring")
	preset := flag.String("preset", "", "issue17: the three runs of issue 17 (1 user; 50 users pausing 1s; 50 users without pause), each -duration long")
	doc := flag.String("document", "", "instead of the pages: fetch this one path (e.g. /rapportage/2025/rapport.pdf) -n times in a row, as one user, and print each time")
	n := flag.Int("n", 4, "with -document: how many times (at most 50)")
	stagger := flag.Bool("stagger", true, "with a pause: start the users spread over one pause instead of all in the same millisecond")
	pid := flag.Int("server-pid", 0, "the server's process id (same machine): report its CPU time per request, which load on the machine hardly changes")
	imp := flag.String("import", "", "a file of indicator values (valuesgen) to import through the API during the run with a pause; web writes are timed meanwhile")
	flag.Parse()
	u, err := url.Parse(*base)
	if err != nil || (u.Hostname() != "127.0.0.1" && u.Hostname() != "localhost" && u.Hostname() != "::1") {
		fmt.Fprintln(os.Stderr, "load: -url must be a server on 127.0.0.1 or localhost")
		os.Exit(2)
	}
	if *imp != "" && *pause == 0 && *preset == "" {
		fmt.Fprintln(os.Stderr, "load: -import needs a run with -pause, or -preset issue17")
		os.Exit(2)
	}
	if *dur > 10*time.Minute || *users < 1 || *users > 500 {
		fmt.Fprintln(os.Stderr, "load: -duration at most 10m, -users between 1 and 500")
		os.Exit(2)
	}
	if *doc != "" {
		if err := documents(strings.TrimRight(*base, "/"), *doc, min(*n, 50)); err != nil {
			fmt.Fprintln(os.Stderr, "load:", err)
			os.Exit(1)
		}
		return
	}
	runs := []run{{name: fmt.Sprintf("%d users, pause %s", *users, *pause), users: *users, pause: *pause, duration: *dur, max: *max, stagger: *stagger, importCSV: *imp}}
	if *preset == "issue17" {
		runs = []run{
			{name: "1 user, sequential", users: 1, duration: *dur, max: *max},
			{name: "50 users, pause 1s", users: 50, pause: time.Second, duration: *dur, max: *max, stagger: *stagger},
			{name: "50 users, no pause", users: 50, duration: *dur, max: *max},
		}
		if *imp != "" {
			runs = append(runs, run{name: "50 users, pause 1s, during an import", users: 50, pause: time.Second, duration: *dur, max: *max, stagger: *stagger, importCSV: *imp})
		}
	} else if *preset != "" {
		fmt.Fprintln(os.Stderr, "load: unknown -preset; the only one is issue17")
		os.Exit(2)
	}
	for _, r := range runs {
		r.serverPID = *pid
		if err := measure(strings.TrimRight(*base, "/"), r, *warm); err != nil {
			fmt.Fprintln(os.Stderr, "load:", err)
			os.Exit(1)
		}
	}
}

// documents fetches one document n times in a row and prints each time:
// a generated PDF, whose time is dominated by the browser.
func documents(base, path string, n int) error {
	c, err := login(base, http.DefaultTransport, 0)
	if err != nil {
		return err
	}
	for i := range n {
		t := time.Now()
		b, err := get(c, base+path)
		if err != nil {
			return err
		}
		fmt.Printf("%s #%d: %d bytes in %.0f ms\n", path, i+1, len(b), ms(time.Since(t)))
	}
	return nil
}

type sample struct {
	page int
	d    time.Duration
	err  bool
}

func measure(base string, r run, warm int) error {
	tr := &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
		MaxIdleConnsPerHost: r.users,
		MaxIdleConns:        r.users,
	}
	defer tr.CloseIdleConnections()
	clients := make([]*http.Client, r.users)
	for i := range clients {
		c, err := login(base, tr, i)
		if err != nil {
			return fmt.Errorf("user %d: %w", i, err)
		}
		for range warm {
			for _, p := range pages {
				if _, err := get(c, base+p); err != nil {
					return fmt.Errorf("warm-up, user %d, %s: %w", i, p, err)
				}
			}
		}
		clients[i] = c
	}
	ctx, cancel := context.WithTimeout(context.Background(), r.duration)
	defer cancel()
	var count atomic.Int64
	results := make([][]sample, r.users)
	var wg sync.WaitGroup
	cpu0 := processCPU(r.serverPID)
	start := time.Now()
	var imp *importRun
	if r.importCSV != "" {
		imp = startImport(ctx, base, tr, r.importCSV)
	}
	for i, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if r.stagger && r.pause > 0 {
				select {
				case <-ctx.Done():
				case <-time.After(r.pause * time.Duration(i) / time.Duration(r.users)):
				}
			}
			for n := i; ctx.Err() == nil; n++ {
				if count.Add(1) > r.max {
					return
				}
				p := n % len(pages)
				t := time.Now()
				_, err := get(c, base+pages[p])
				d := time.Since(t)
				if ctx.Err() != nil && err != nil {
					return // cut off by the end of the run
				}
				results[i] = append(results[i], sample{p, d, err != nil})
				if r.pause > 0 {
					select {
					case <-ctx.Done():
					case <-time.After(r.pause):
					}
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	cpu1 := processCPU(r.serverPID)
	all := slices.Concat(results...)
	report(r, all, elapsed)
	if r.serverPID > 0 && cpu0 >= 0 && cpu1 >= 0 && len(all) > 0 {
		fmt.Printf("server CPU: %.1f s in all, %.2f ms per request\n", (cpu1 - cpu0).Seconds(), ms(cpu1-cpu0)/float64(len(all)))
	}
	if imp != nil {
		return imp.report()
	}
	return nil
}

func report(r run, all []sample, elapsed time.Duration) {
	fmt.Printf("\n== %s: %d requests in %.1fs, %.1f requests/s\n", r.name, len(all), elapsed.Seconds(), float64(len(all))/elapsed.Seconds())
	fmt.Printf("%-30s %7s %7s %9s %9s %9s %9s\n", "page", "n", "errors", "p50 ms", "p95 ms", "p99 ms", "max ms")
	for i, p := range pages {
		var ds []time.Duration
		errs := 0
		for _, s := range all {
			if s.page != i {
				continue
			}
			if s.err {
				errs++
				continue
			}
			ds = append(ds, s.d)
		}
		slices.Sort(ds)
		fmt.Printf("%-30s %7d %7d %9.1f %9.1f %9.1f %9.1f\n", p, len(ds)+errs, errs, ms(pct(ds, 50)), ms(pct(ds, 95)), ms(pct(ds, 99)), ms(pct(ds, 100)))
	}
}

func pct(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	i := (len(ds)*p + 99) / 100
	return ds[min(max(i-1, 0), len(ds)-1)]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// get fetches a page and reads it whole; anything but 200 is an error.
func get(c *http.Client, u string) (string, error) {
	resp, err := c.Get(u)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", err
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("%s: status %d", u, resp.StatusCode)
	}
	return string(b), nil
}

var csrfRef = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// login signs user i in with a demo account (the team account: it may see
// all four pages) and returns a client holding that session alone.
func login(base string, tr http.RoundTripper, i int) (*http.Client, error) {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Transport: tr, Jar: jar, Timeout: 30 * time.Second}
	form, err := get(c, base+"/inloggen")
	if err != nil {
		return nil, err
	}
	m := csrfRef.FindStringSubmatch(form)
	if m == nil {
		return nil, errors.New("no csrf token on the login page")
	}
	email := ""
	for _, a := range demo.Accounts {
		if a.Role == account.RoleTeam {
			email = a.Email
		}
	}
	resp, err := c.PostForm(base+"/inloggen", url.Values{"csrf": {m[1]}, "email": {email}, "wachtwoord": {demo.Password}})
	if err != nil {
		return nil, err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("login: status %d", resp.StatusCode)
	}
	if resp.Request.URL.Path == "/inloggen" {
		return nil, fmt.Errorf("login as %s refused", email)
	}
	return c, nil
}
