package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/perspectief/perspectief/internal/web/site"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/api"
	"github.com/perspectief/perspectief/internal/eligibility"
	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/learning"
	"github.com/perspectief/perspectief/internal/metrics"
	"github.com/perspectief/perspectief/internal/procesmonitor"
	"github.com/perspectief/perspectief/internal/programme"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/survey"
	"github.com/perspectief/perspectief/internal/web"
	"github.com/perspectief/perspectief/internal/wegingskader"
)

func init() {
	register("serve", "serve the web UI and API on a SQLite file or a postgres:// database", runServe)
}

// hashSlots bounds the password hashes that run at once (serve --hash-slots).
var hashSlots = account.DefaultHashSlots

func runServe(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	addr := fs.String("addr", "localhost:8080", "address to listen on (HOST:PORT)")
	dsn := fs.String("db", "", "database: a SQLite file (created when missing) or a postgres:// URL")
	secure := fs.Bool("secure-cookies", false, "mark cookies Secure and send HSTS (set when a TLS proxy is in front)")
	public := fs.String("public-url", "", "address residents reach the site at (https://HOST), for survey links and QR codes; default: the address of each request")
	life := account.DefaultLifetimes()
	fs.DurationVar(&life.Idle, "session-idle", life.Idle, "a login session ends after this long without a request")
	fs.DurationVar(&life.MaxSession, "session-max", life.MaxSession, "a login session ends after this long, however active")
	fs.IntVar(&hashSlots, "hash-slots", account.DefaultHashSlots, "password hashes that may run at once (64 MiB each); more logins wait briefly or get 429")
	ops.flags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := ops.validate(); err != nil {
		return err
	}
	if hashSlots < 1 || hashSlots > 64 {
		return fmt.Errorf("--hash-slots %d: give a number from 1 to 64", hashSlots)
	}
	if *dsn == "" {
		return errors.New("--db is required: a SQLite file or a postgres:// URL")
	}
	if err := life.Validate(); err != nil {
		return userError(err)
	}
	db, err := store.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	users, err := db.Users(ctx)
	if err != nil {
		return err
	}
	if len(users) == 0 {
		hint := fmt.Sprintf("perspectief user add --db %q --role beheerder --email YOU@EXAMPLE.NL", *dsn)
		if ops.logFormat == "json" {
			ops.logger(os.Stderr).Warn("This database has no accounts yet. Create the first beheerder", "command", hint)
		} else {
			fmt.Fprintf(os.Stderr, "This database has no accounts yet. Create the first beheerder with:\n  %s\n", hint)
		}
	}
	return serve(ctx, db, *addr, *secure, false, *public, life, nil)
}

// serve runs the HTTP server until ctx ends. ready, when not nil, is called
// with the bound address once the server accepts connections.
func serve(ctx context.Context, db *store.DB, addr string, secure, demo bool, publicURL string, life account.Lifetimes, ready func(addr string)) error {
	logger := ops.logger(os.Stderr)
	progs := programme.NewService(db)
	accts := account.NewService(db)
	accts.Life = life
	accts.Hashes = account.NewHasher(hashSlots, account.DefaultHashWait)
	reg := newMetrics(db, accts.Hashes)
	ui := &site.Server{Programme: progs, Accounts: accts, Ping: db.Ping, SecureCookies: secure, Logger: logger, Demo: demo}
	rules := eligibility.NewService(db, eligibility.MustDefault())
	notes, err := rules.Sync(ctx)
	if err != nil {
		return fmt.Errorf("storing the shipped rule versions: %w", err)
	}
	for _, n := range notes {
		logger.Warn(n)
	}
	ui.Rules = rules
	inds := indicator.NewService(db, db, db)
	ui.Indicators = inds
	ui.Surveys = survey.NewService(db, db, db)
	ui.Learning = learning.NewService(db, db)
	ui.Learning.Indicators = indicatorExists(inds)
	ui.PublicURL = publicURL
	ui.TrustedProxies = ops.proxies
	ui.Shapes = db
	wks := wegingskader.NewService(db, progs)
	ui.Wegingskader = wks
	pm := procesmonitor.NewService(db, progs)
	ui.Procesmonitor = pm
	ui.Reports = reportService(db)
	apiH := &api.Handler{Programme: progs, Accounts: accts, Logger: logger, Indicators: inds, Procesmonitor: pm, Surveys: ui.Surveys, Learning: ui.Learning, Wegingskader: wks}

	mux := http.NewServeMux()
	mux.Handle("/api/", apiH.Routes())
	mux.Handle("/", ui.Handler())
	srv := &http.Server{
		Handler:           reg.Middleware(web.SecurityHeaders(metrics.Route(mux), secure)),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	errc := make(chan error, 2)
	var msrv *http.Server
	if ops.metricsAddr != "" {
		mln, err := net.Listen("tcp", ops.metricsAddr)
		if err != nil {
			ln.Close()
			return fmt.Errorf("--metrics-addr: listen on %s: %w", ops.metricsAddr, err)
		}
		msrv = metricsServer(reg, logger)
		go func() { errc <- msrv.Serve(mln) }()
		say(logger, "Metrics op", "http://"+mln.Addr().String()+"/metrics")
	}
	if ready != nil {
		ready(ln.Addr().String())
	} else {
		say(logger, "Perspectief luistert op", "http://"+ln.Addr().String())
	}
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		srv.Close()
		if msrv != nil {
			msrv.Close()
		}
		return err
	case <-ctx.Done():
	}
	// Stop accepting connections and let the running requests (an import,
	// a report being rendered) finish; cut them off only after the timeout.
	logger.Info("shutting down: waiting for running requests", "timeout", ops.shutdownTimeout.String())
	shutdown, cancel := context.WithTimeout(context.Background(), ops.shutdownTimeout)
	defer cancel()
	err = srv.Shutdown(shutdown)
	if msrv != nil {
		msrv.Close()
	}
	if errors.Is(err, context.DeadlineExceeded) {
		srv.Close()
		return fmt.Errorf("requests still running after --shutdown-timeout %s were cut off", ops.shutdownTimeout)
	}
	if err != nil {
		return err
	}
	logger.Info("stopped: every running request finished")
	return nil
}

// say tells the operator something at start: a plain line in text mode (the
// message, a space and the value), a log record in JSON mode, so that a log
// collector reads every line.
func say(logger *slog.Logger, msg, url string) {
	if ops.logFormat == "json" {
		logger.Info(msg, "url", url)
		return
	}
	fmt.Fprintf(os.Stderr, "%s %s\n", msg, url)
}

// indicatorExists checks learning log links against the stored register,
// or the built-in one when none is stored.
func indicatorExists(st indicator.Reader) learning.IndicatorChecker {
	return func(ctx context.Context, code string) bool {
		reg, err := st.Register(ctx)
		if err != nil {
			return false
		}
		if len(reg.Indicators) == 0 {
			if reg, err = indicator.DefaultRegister(); err != nil {
				return false
			}
		}
		_, ok := reg.Indicator(code)
		return ok
	}
}
