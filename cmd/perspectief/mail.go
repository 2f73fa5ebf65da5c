package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"sync/atomic"
	"time"

	"github.com/perspectief/perspectief/internal/mail"
	"github.com/perspectief/perspectief/internal/programme"
	"github.com/perspectief/perspectief/internal/reminder"
	"github.com/perspectief/perspectief/internal/store"
)

// mailSettings are the flags of the reminders: the mail server, and when
// reminders go out.
type mailSettings struct {
	smtp     mail.Config
	passFile string
	remind   reminder.Settings
	every    time.Duration
}

func defaultMail() mailSettings {
	return mailSettings{remind: reminder.DefaultSettings(), every: time.Hour}
}

func (c *mailSettings) flags(fs *flag.FlagSet) {
	fs.StringVar(&c.smtp.URL, "smtp", "", "mail server for the reminders: smtp://HOST:PORT or smtps://HOST:PORT; without it nothing is sent and /herinneringen shows the list")
	fs.StringVar(&c.smtp.From, "smtp-from", "", "sender address of the reminders (required with --smtp)")
	fs.StringVar(&c.smtp.TLS, "smtp-tls", "", "auto (STARTTLS when offered), starttls (required), none, or tls (smtps://); default auto, or tls for smtps://")
	fs.StringVar(&c.smtp.User, "smtp-user", "", "user name for SMTP authentication (PLAIN); the password is read from --smtp-password-file or PERSPECTIEF_SMTP_PASSWORD")
	fs.StringVar(&c.passFile, "smtp-password-file", "", "file holding the SMTP password")
	fs.IntVar(&c.remind.DaysBefore, "herinnering-dagen-voor", c.remind.DaysBefore, "reminders start this many days before the end of a tertial")
	fs.IntVar(&c.remind.DaysAfter, "herinnering-dagen-na", c.remind.DaysAfter, "reminders go on until this many days after the end of a tertial")
	fs.DurationVar(&c.every, "herinnering-interval", c.every, "how often the server looks for reminders to send")
}

func (c *mailSettings) validate() error {
	if err := c.remind.Validate(); err != nil {
		return userError(err)
	}
	if c.every < time.Minute {
		return fmt.Errorf("--herinnering-interval %s: give at least 1m", c.every)
	}
	if c.smtp.URL == "" {
		if c.smtp.From != "" || c.smtp.User != "" || c.passFile != "" || c.smtp.TLS != "" {
			return errors.New("--smtp-from, --smtp-user, --smtp-password-file and --smtp-tls need --smtp")
		}
		return nil
	}
	if c.smtp.From == "" {
		return errors.New("--smtp needs --smtp-from ADDRESS")
	}
	if c.passFile != "" {
		b, err := os.ReadFile(c.passFile)
		if err != nil {
			return fmt.Errorf("--smtp-password-file: %w", err)
		}
		c.smtp.Password = string(trimNewline(b))
	} else {
		c.smtp.Password = os.Getenv("PERSPECTIEF_SMTP_PASSWORD")
	}
	if c.smtp.User != "" && c.smtp.Password == "" {
		return errors.New("--smtp-user needs a password: --smtp-password-file or PERSPECTIEF_SMTP_PASSWORD")
	}
	_, err := mail.New(c.smtp)
	return err
}

func trimNewline(b []byte) []byte {
	for len(b) > 0 && (b[len(b)-1] == '\n' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return b
}

// service wires the reminders on db; with --smtp they are sent too.
func (c *mailSettings) service(db *store.DB, publicURL string) (*reminder.Service, error) {
	s := &reminder.Service{Programme: programme.NewService(db.Programmes()), Users: db.Accounts().Users,
		Store: db.Reminders(), Settings: c.remind, SiteURL: publicURL, Now: time.Now, Tertials: db.Reports().FrozenTertials}
	if c.smtp.URL != "" {
		sender, err := mail.New(c.smtp)
		if err != nil {
			return nil, err
		}
		s.Sender = sender
	}
	return s, nil
}

// loop sends the due reminders now and every interval until ctx ends.
// reminderStats count this process's reminder runs, for /metrics.
type reminderStats struct {
	runs, failures, sent atomic.Int64
	last                 atomic.Int64 // unix seconds of the last run's end
}

func (c *mailSettings) loop(ctx context.Context, s *reminder.Service, logger *slog.Logger, st *reminderStats) {
	t := time.NewTicker(c.every)
	defer t.Stop()
	for {
		n, err := s.Run(ctx)
		st.runs.Add(1)
		st.sent.Add(int64(n))
		st.last.Store(time.Now().Unix())
		if err != nil && ctx.Err() == nil {
			st.failures.Add(1)
			logger.Warn("reminders", "sent", n, "error", err)
		} else if n > 0 {
			logger.Info("reminders sent", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
