package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/perspectief/perspectief"
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

// ServerConfig holds the settings of the server (and of the demo, which
// serves with the defaults).
type ServerConfig struct {
	Addr          string
	DSN           string
	SecureCookies bool   // mark cookies Secure and send HSTS
	Demo          bool   // the demo: its login page lists the demo accounts
	PublicURL     string // where residents reach the site; "": each request's address
	Life          account.Lifetimes
	HashSlots     int // password hashes that may run at once
	// ThrottleSecretFile holds the secret all instances share for the
	// survey throttle's daily client key; "": a random key per instance.
	ThrottleSecretFile string
	// APIContact is who answers questions about this installation's API,
	// shown in the OpenAPI document.
	APIContact api.Contact
	Ops        opsSettings
	OIDC       oidcSettings
	Mail       mailSettings
	// Ready, when not nil, is called with the bound address once the
	// server accepts connections.
	Ready func(addr string)
}

func defaultServerConfig() ServerConfig {
	return ServerConfig{Addr: "localhost:8080", Life: account.DefaultLifetimes(), HashSlots: account.DefaultHashSlots, Ops: defaultOps(), OIDC: defaultOIDC(), Mail: defaultMail()}
}

// parseServer reads the flags of `perspectief server`.
func (m *Main) parseServer(args []string) error {
	c := &m.Server
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	fs.StringVar(&c.Addr, "addr", c.Addr, "address to listen on (HOST:PORT)")
	fs.StringVar(&c.DSN, "db", "", "database: a SQLite file (created when missing) or a postgres:// URL")
	fs.BoolVar(&c.SecureCookies, "secure-cookies", false, "mark cookies Secure and send HSTS (set when a TLS proxy is in front)")
	fs.StringVar(&c.PublicURL, "public-url", "", "address residents reach the site at (https://HOST), for survey links and QR codes; default: the address of each request")
	fs.DurationVar(&c.Life.Idle, "session-idle", c.Life.Idle, "a login session ends after this long without a request")
	fs.DurationVar(&c.Life.MaxSession, "session-max", c.Life.MaxSession, "a login session ends after this long, however active")
	fs.IntVar(&c.HashSlots, "hash-slots", account.DefaultHashSlots, "password hashes that may run at once (64 MiB each); more logins wait briefly or get 429")
	fs.StringVar(&c.ThrottleSecretFile, "throttle-secret-file", "", "`FILE` with a secret (at least 32 bytes) that every instance shares, so the survey throttle counts a client alike on each; default: a random key per instance")
	fs.StringVar(&c.APIContact.Name, "api-contact-name", "", "who answers questions about this installation's API (the OpenAPI document's info.contact); default: the project")
	fs.StringVar(&c.APIContact.Email, "api-contact-email", "", "e-mail address of the API contact")
	fs.StringVar(&c.APIContact.URL, "api-contact-url", "", "web address of the API contact")
	c.Ops.flags(fs)
	c.OIDC.flags(fs)
	c.Mail.flags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := c.Mail.validate(); err != nil {
		return err
	}
	if err := c.Ops.validate(); err != nil {
		return err
	}
	if err := c.OIDC.validate(c.PublicURL); err != nil {
		return err
	}
	if c.HashSlots < 1 || c.HashSlots > 64 {
		return fmt.Errorf("--hash-slots %d: give a number from 1 to 64", c.HashSlots)
	}
	if c.DSN == "" {
		return errors.New("--db is required: a SQLite file or a postgres:// URL")
	}
	if err := c.Life.Validate(); err != nil {
		return userError(err)
	}
	return nil
}

// runServer opens the database and serves it until ctx ends.
func (m *Main) runServer(ctx context.Context) error {
	db, err := m.openDB(ctx, m.Server.DSN)
	if err != nil {
		return err
	}
	users, err := db.Accounts().Users(ctx)
	if err != nil {
		return err
	}
	if len(users) == 0 {
		hint := fmt.Sprintf("perspectief account aanmaken --db %q --role beheerder --email YOU@EXAMPLE.NL", m.Server.DSN)
		if m.Server.Ops.logFormat == "json" {
			m.Server.Ops.logger(m.Stderr).Warn("This database has no accounts yet. Create the first beheerder", "command", hint)
		} else {
			fmt.Fprintf(m.Stderr, "This database has no accounts yet. Create the first beheerder with:\n  %s\n", hint)
		}
	}
	return m.serve(ctx, db)
}

// openDB opens the database at dsn; Close closes it.
func (m *Main) openDB(ctx context.Context, dsn string) (*store.DB, error) {
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	m.closers = append(m.closers, db)
	return db, nil
}

// handler builds the web UI and the API on db: every service they use is
// wired here, in one block.
func (m *Main) handler(ctx context.Context, db *store.DB) (http.Handler, error) {
	secure, demo, publicURL, life, logger, ops := m.Server.SecureCookies, m.Server.Demo, m.Server.PublicURL, m.Server.Life, m.logger(), m.Server.Ops
	progs := programme.NewService(db.Programmes())
	accts := account.NewService(db.Accounts())
	accts.Life = life
	accts.Hashes = m.hashes
	accts.PasswordsOff = !m.Server.OIDC.localPasswords
	sso, err := m.Server.OIDC.provider(ctx, publicURL)
	if err != nil {
		return nil, err
	}
	ui := &site.Server{Programme: progs, Accounts: accts, Ping: db.Ping, SecureCookies: secure, Logger: logger, Demo: demo, OIDC: sso}
	rules := eligibility.NewService(db.Rules(), eligibility.MustDefault())
	notes, err := rules.Sync(ctx)
	if err != nil {
		return nil, fmt.Errorf("storing the shipped rule versions: %w", err)
	}
	for _, n := range notes {
		logger.Warn(n)
	}
	ui.Rules = rules
	inds := indicator.NewService(db.Indicators(), db.Trends(), db.Shapes())
	ui.Indicators = inds
	ui.Surveys = survey.NewService(db.Surveys(), db.Programmes(), db.Indicators())
	if f := m.Server.ThrottleSecretFile; f != "" {
		secret, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("--throttle-secret-file: %w", err)
		}
		if err := ui.Surveys.SetThrottleSecret(bytes.TrimSpace(secret)); err != nil {
			return nil, fmt.Errorf("--throttle-secret-file %s: %s", f, perspectief.ErrorMessage(err))
		}
	}
	ui.Learning = learning.NewService(db.Learning(), db.Programmes())
	ui.Learning.Indicators = indicatorExists(inds)
	ui.PublicURL = publicURL
	ui.TrustedProxies = ops.proxies
	ui.Shapes = db.Shapes()
	wks := wegingskader.NewService(db.Wegingskader(), progs)
	ui.Wegingskader = wks
	ui.Learning.Rounds = wks.RoundExists
	pm := procesmonitor.NewService(db.Procesmonitor(), progs)
	ui.Procesmonitor = pm
	ui.Reports = reportService(db)
	ui.Tertials = tertialService(db)
	ui.Reminders = m.reminders
	apiH := &api.Handler{Programme: progs, Accounts: accts, Logger: logger, Indicators: inds, Procesmonitor: pm, Surveys: ui.Surveys, Learning: ui.Learning, Wegingskader: wks, Tertials: ui.Tertials}
	if c := m.Server.APIContact; c != (api.Contact{}) {
		apiH.Contact = &c
	}

	mux := http.NewServeMux()
	mux.Handle("/api/", apiH.Routes())
	mux.Handle("/", ui.Handler())
	return mux, nil
}

// logger logs to stderr in the format of --log-format.
func (m *Main) logger() *slog.Logger { return m.Server.Ops.logger(m.Stderr) }

// serve runs the HTTP server on db until ctx ends.
func (m *Main) serve(ctx context.Context, db *store.DB) error {
	logger, ops, addr, secure := m.logger(), m.Server.Ops, m.Server.Addr, m.Server.SecureCookies
	m.hashes = account.NewHasher(m.Server.HashSlots, account.DefaultHashWait)
	var remStats reminderStats
	reg := newMetrics(db, m.hashes, &remStats)
	rem, err := m.Server.Mail.service(db, m.Server.PublicURL)
	if err != nil {
		return err
	}
	m.reminders = rem
	mux, err := m.handler(ctx, db)
	if err != nil {
		return err
	}
	if m.reminders.Sender != nil {
		go m.Server.Mail.loop(ctx, m.reminders, logger, &remStats)
	}
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
		say(logger, ops.logFormat, "Metrics op", "http://"+mln.Addr().String()+"/metrics")
	}
	if m.Server.Ready != nil {
		m.Server.Ready(ln.Addr().String())
	} else {
		say(logger, ops.logFormat, "Perspectief luistert op", "http://"+ln.Addr().String())
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
func say(logger *slog.Logger, format, msg, url string) {
	if format == "json" {
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
