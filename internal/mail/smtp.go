// Package mail sends the reminders over SMTP (net/smtp): plain, STARTTLS
// or implicit TLS, with optional PLAIN authentication. It is an adapter:
// reminder.Sender over a mail server.
package mail

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"net/url"
	"strings"
	"time"

	"github.com/perspectief/perspectief/internal/reminder"
)

// TLS modes.
const (
	TLSAuto     = "auto"     // STARTTLS when the server offers it (smtp://)
	TLSStartTLS = "starttls" // STARTTLS required (smtp://)
	TLSNone     = "none"     // never encrypt (smtp://, a relay on the same host)
	TLSImplicit = "tls"      // TLS from the first byte (smtps://, port 465)
)

// Config is where and how to send.
type Config struct {
	URL      string // smtp://HOST:PORT or smtps://HOST:PORT
	From     string
	TLS      string // one of the modes; "" is auto (smtp://) or tls (smtps://)
	User     string // PLAIN authentication when set
	Password string
	// TLSConfig, when set, replaces the default (the system's roots, the
	// host's name); tests trust their own certificate with it.
	TLSConfig *tls.Config
	Timeout   time.Duration // per message; 0 is 30 seconds
}

// Sender sends messages over SMTP, one connection per message.
type Sender struct {
	host, addr string
	from       mail.Address
	c          Config
}

// New checks c and returns a Sender. Nothing is dialled yet.
func New(c Config) (*Sender, error) {
	u, err := url.Parse(c.URL)
	if err != nil || u.Host == "" || (u.Scheme != "smtp" && u.Scheme != "smtps") {
		return nil, fmt.Errorf("--smtp %q: give smtp://HOST:PORT or smtps://HOST:PORT", c.URL)
	}
	host, port, err := net.SplitHostPort(u.Host)
	if err != nil {
		host, port = u.Host, map[string]string{"smtp": "25", "smtps": "465"}[u.Scheme]
	}
	switch {
	case c.TLS == "" && u.Scheme == "smtps":
		c.TLS = TLSImplicit
	case c.TLS == "":
		c.TLS = TLSAuto
	case u.Scheme == "smtps" && c.TLS != TLSImplicit, u.Scheme == "smtp" && c.TLS == TLSImplicit:
		return nil, fmt.Errorf("--smtp-tls %s does not go with %s:// (smtps:// is TLS from the start)", c.TLS, u.Scheme)
	case c.TLS != TLSAuto && c.TLS != TLSStartTLS && c.TLS != TLSNone && c.TLS != TLSImplicit:
		return nil, fmt.Errorf("--smtp-tls %q: give auto, starttls, none or tls", c.TLS)
	}
	from, err := mail.ParseAddress(c.From)
	if err != nil {
		return nil, fmt.Errorf("--smtp-from %q is not an e-mail address: %v", c.From, err)
	}
	if c.Timeout == 0 {
		c.Timeout = 30 * time.Second
	}
	return &Sender{host: host, addr: net.JoinHostPort(host, port), from: *from, c: c}, nil
}

func (s *Sender) tlsConfig() *tls.Config {
	if s.c.TLSConfig != nil {
		return s.c.TLSConfig.Clone()
	}
	return &tls.Config{ServerName: s.host, MinVersion: tls.VersionTLS12}
}

// Send delivers msg to msg.To.
func (s *Sender) Send(ctx context.Context, msg reminder.Message) error {
	ctx, cancel := context.WithTimeout(ctx, s.c.Timeout)
	defer cancel()
	d := net.Dialer{}
	var conn net.Conn
	var err error
	if s.c.TLS == TLSImplicit {
		td := tls.Dialer{NetDialer: &d, Config: s.tlsConfig()}
		conn, err = td.DialContext(ctx, "tcp", s.addr)
	} else {
		conn, err = d.DialContext(ctx, "tcp", s.addr)
	}
	if err != nil {
		return err
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	c, err := smtp.NewClient(conn, s.host)
	if err != nil {
		return err
	}
	defer c.Close()
	if s.c.TLS == TLSAuto || s.c.TLS == TLSStartTLS {
		if ok, _ := c.Extension("STARTTLS"); ok {
			if err := c.StartTLS(s.tlsConfig()); err != nil {
				return err
			}
		} else if s.c.TLS == TLSStartTLS {
			return errors.New("the mail server does not offer STARTTLS")
		}
	}
	if s.c.User != "" {
		if err := c.Auth(smtp.PlainAuth("", s.c.User, s.c.Password, s.host)); err != nil {
			return err
		}
	}
	if err := c.Mail(s.from.Address); err != nil {
		return err
	}
	if err := c.Rcpt(msg.To); err != nil {
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	body, err := s.compose(msg)
	if err != nil {
		return err
	}
	if _, err := w.Write(body); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}

// compose writes the message: UTF-8 plain text, quoted-printable, with
// the headers encoded where they are not ASCII.
func (s *Sender) compose(msg reminder.Message) ([]byte, error) {
	id := make([]byte, 12)
	rand.Read(id)
	to := mail.Address{Name: msg.Name, Address: msg.To}
	var b bytes.Buffer
	h := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	h("From", s.from.String())
	h("To", to.String())
	h("Subject", mime.QEncoding.Encode("utf-8", msg.Subject))
	h("Date", time.Now().Format(time.RFC1123Z))
	h("Message-ID", "<"+hex.EncodeToString(id)+"@"+s.fromDomain()+">")
	h("MIME-Version", "1.0")
	h("Content-Type", "text/plain; charset=utf-8")
	h("Content-Transfer-Encoding", "quoted-printable")
	h("Auto-Submitted", "auto-generated")
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b)
	if _, err := qp.Write([]byte(strings.ReplaceAll(msg.Body, "\n", "\r\n"))); err != nil {
		return nil, err
	}
	if err := qp.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func (s *Sender) fromDomain() string {
	_, d, _ := strings.Cut(s.from.Address, "@")
	return d
}
