package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/pprof"
	"net/netip"
	"strings"
	"time"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/headless"
	"github.com/perspectief/perspectief/internal/metrics"
	"github.com/perspectief/perspectief/internal/store"
)

// opsSettings are serve's settings for running in production: metrics, log
// format and shutdown. They are part of ServerConfig; the demo serves with the defaults.
type opsSettings struct {
	metricsAddr     string
	logFormat       string
	shutdownTimeout time.Duration
	trustedProxies  string
	proxies         []netip.Prefix // trustedProxies, parsed by validate
}

func defaultOps() opsSettings {
	return opsSettings{logFormat: "text", shutdownTimeout: 30 * time.Second}
}

func (o *opsSettings) flags(fs *flag.FlagSet) {
	fs.StringVar(&o.metricsAddr, "metrics-addr", o.metricsAddr, "serve /metrics (Prometheus text format, no login) and Go's profiler at /debug/pprof/ on this separate address (HOST:PORT); empty: no metrics. Keep it off the public network")
	fs.StringVar(&o.logFormat, "log-format", o.logFormat, "log format on stderr: text or json")
	fs.DurationVar(&o.shutdownTimeout, "shutdown-timeout", o.shutdownTimeout, "on SIGTERM or Ctrl-C, wait this long for running requests (uploads, imports, reports) to finish before cutting them off")
	fs.StringVar(&o.trustedProxies, "trusted-proxies", o.trustedProxies, "comma-separated addresses or CIDR ranges of reverse proxies whose X-Forwarded-For names the client for the login and survey throttles (e.g. 127.0.0.1,10.0.0.0/8); empty: the header is ignored")
}

// parseProxies reads the --trusted-proxies list: addresses or CIDR ranges.
func parseProxies(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(list, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("--trusted-proxies: %q is no address or CIDR range (such as 10.0.0.0/8)", f)
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out, nil
}

func (o *opsSettings) validate() error {
	if o.logFormat != "text" && o.logFormat != "json" {
		return fmt.Errorf("--log-format %q: give text or json", o.logFormat)
	}
	if o.shutdownTimeout <= 0 {
		return fmt.Errorf("--shutdown-timeout %s: give a positive duration, such as 30s", o.shutdownTimeout)
	}
	var err error
	o.proxies, err = parseProxies(o.trustedProxies)
	return err
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// logger logs to w in the chosen format.
func (o *opsSettings) logger(w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: slog.LevelInfo}
	if o.logFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// newMetrics makes the registry of one serve process: requests (counted by
// the middleware), the database pool and the password-hash slots.
func newMetrics(db *store.DB, hashes *account.Hasher, rem *reminderStats) *metrics.Registry {
	m := metrics.New()
	pool := func(f func(store.PoolStats) float64) func() float64 {
		return func() float64 { return f(db.PoolStats()) }
	}
	m.GaugeFunc("perspectief_db_max_open_connections", "The most database connections this process may open (0: no limit).", pool(func(s store.PoolStats) float64 { return float64(s.MaxOpen) }))
	m.GaugeFunc("perspectief_db_open_connections", "Database connections open, in use or idle.", pool(func(s store.PoolStats) float64 { return float64(s.Open) }))
	m.GaugeFunc("perspectief_db_in_use_connections", "Database connections running a query or transaction.", pool(func(s store.PoolStats) float64 { return float64(s.InUse) }))
	m.GaugeFunc("perspectief_db_idle_connections", "Open database connections waiting for work.", pool(func(s store.PoolStats) float64 { return float64(s.Idle) }))
	m.CounterFunc("perspectief_db_wait_count_total", "Times a query waited for a free database connection.", pool(func(s store.PoolStats) float64 { return float64(s.WaitCount) }))
	m.CounterFunc("perspectief_db_wait_duration_seconds_total", "Total time queries waited for a free database connection.", pool(func(s store.PoolStats) float64 { return s.WaitDuration.Seconds() }))
	m.GaugeFunc("perspectief_password_hash_slots", "Password hashes that may run at once in this process (serve --hash-slots).", func() float64 { return float64(hashes.Slots()) })
	m.CounterFunc("perspectief_password_hashes_total", "Password hashes run by this process (logins and password changes).", func() float64 { return float64(hashes.Runs()) })
	pdf := func(f func(headless.Stats) float64) func() float64 {
		return func() float64 { return f(headless.CurrentStats()) }
	}
	m.GaugeFunc("perspectief_pdf_running", "PDF and image renderings running now in this process's browser (at most one).", pdf(func(s headless.Stats) float64 { return float64(s.Running) }))
	m.GaugeFunc("perspectief_pdf_waiting", "PDF and image renderings waiting for the browser.", pdf(func(s headless.Stats) float64 { return float64(s.Waiting) }))
	m.GaugeFunc("perspectief_pdf_queue_limit", "Renderings that may wait; one more is refused as busy.", func() float64 { return headless.QueueLength })
	m.GaugeFunc("perspectief_pdf_browser_running", "1 when a warm headless browser is ready, else 0.", pdf(func(s headless.Stats) float64 { return b2f(s.BrowserRunning) }))
	m.CounterFunc("perspectief_pdf_rendered_total", "Renderings finished by this process.", pdf(func(s headless.Stats) float64 { return float64(s.Done) }))
	m.CounterFunc("perspectief_pdf_refused_total", "Renderings refused because the queue was full.", pdf(func(s headless.Stats) float64 { return float64(s.Refused) }))
	m.CounterFunc("perspectief_pdf_failed_total", "Renderings that failed, after one retry with a new browser.", pdf(func(s headless.Stats) float64 { return float64(s.Failed) }))
	m.CounterFunc("perspectief_reminder_runs_total", "Times this process looked for due reminders (with --smtp).", func() float64 { return float64(rem.runs.Load()) })
	m.CounterFunc("perspectief_reminder_failures_total", "Reminder runs that ended with an error (a mail server that refused, a database error).", func() float64 { return float64(rem.failures.Load()) })
	m.CounterFunc("perspectief_reminders_sent_total", "Reminders and digests this process delivered to the mail server.", func() float64 { return float64(rem.sent.Load()) })
	m.GaugeFunc("perspectief_reminder_last_run_timestamp_seconds", "When the last reminder run ended, in Unix seconds; 0 before the first.", func() float64 { return float64(rem.last.Load()) })
	m.CounterFunc("perspectief_pdf_render_seconds_total", "Time spent rendering, waiting excluded.", pdf(func(s headless.Stats) float64 { return s.RenderSeconds }))
	return m
}

// metricsServer serves only /metrics, on its own listener.
func metricsServer(m *metrics.Registry, logger *slog.Logger) *http.Server {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m)
	// Go's profiler, for finding what a slow page spends its time on
	// (bench/cmd/load, bench/README.md). It lives on this listener only,
	// which is kept off the public network like /metrics itself.
	mux.HandleFunc("GET /debug/pprof/", pprof.Index)
	mux.HandleFunc("GET /debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("GET /debug/pprof/trace", pprof.Trace)
	return &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 10 * time.Second,
		WriteTimeout:      30 * time.Second,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
}
