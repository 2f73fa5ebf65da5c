// Package smtptest runs a real SMTP server (github.com/emersion/go-smtp)
// inside a test: it keeps what it receives, decoded, so that a test reads
// back the messages Perspectief delivered. Only tests import it; the
// binary has no SMTP server.
package smtptest

import (
	"crypto/tls"
	"errors"
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	netmail "net/mail"
	"sync"
	"testing"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Message is a message as the server received it, decoded.
type Message struct {
	From, To, Subject, Body string
	TLS                     bool // it came over an encrypted connection
}

// Server keeps what it receives. With User set it asks for that user and
// Pass (PLAIN); with Fail set it refuses every message, as a full mailbox
// would.
type Server struct {
	User, Pass string

	mu   sync.Mutex
	msgs []Message
	fail bool
}

// SetFail makes the server refuse (true) or accept (false) messages.
func (m *Server) SetFail(fail bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.fail = fail
}

// Received returns the messages received so far, one per recipient.
func (m *Server) Received() []Message {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]Message(nil), m.msgs...)
}

// Start runs m on a free port of 127.0.0.1 until the test ends and
// returns its smtp:// URL. Authentication is allowed without TLS.
func Start(t testing.TB, m *Server) string {
	t.Helper()
	return "smtp://" + m.serve(t, nil, false)
}

// StartTLS runs m with cert: offering STARTTLS (smtp://) or, implicit,
// TLS from the first byte (smtps://). It returns the URL.
func StartTLS(t testing.TB, m *Server, cert tls.Certificate, implicit bool) string {
	t.Helper()
	cfg := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	if implicit {
		return "smtps://" + m.serve(t, cfg, true)
	}
	return "smtp://" + m.serve(t, cfg, false)
}

func (m *Server) serve(t testing.TB, cfg *tls.Config, implicit bool) string {
	srv := smtp.NewServer(m)
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = cfg == nil
	srv.TLSConfig = cfg
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if implicit {
		ln = tls.NewListener(ln, cfg)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

// NewSession implements smtp.Backend.
func (m *Server) NewSession(c *smtp.Conn) (smtp.Session, error) {
	return &session{srv: m, conn: c}, nil
}

type session struct {
	srv    *Server
	conn   *smtp.Conn
	to     []string
	authed bool
}

func (s *session) AuthMechanisms() []string { return []string{sasl.Plain} }
func (s *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != s.srv.User || pass != s.srv.Pass {
			return errors.New("wrong password")
		}
		s.authed = true
		return nil
	}), nil
}
func (s *session) Mail(string, *smtp.MailOptions) error {
	if s.srv.User != "" && !s.authed {
		return smtp.ErrAuthRequired
	}
	return nil
}
func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}
func (s *session) Data(r io.Reader) error {
	s.srv.mu.Lock()
	fail := s.srv.fail
	s.srv.mu.Unlock()
	if fail {
		return &smtp.SMTPError{Code: 452, Message: "mailbox full"}
	}
	msg, err := netmail.ReadMessage(r)
	if err != nil {
		return err
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		return err
	}
	body, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
	if err != nil {
		return err
	}
	_, encrypted := s.conn.TLSConnectionState()
	s.srv.mu.Lock()
	defer s.srv.mu.Unlock()
	for _, to := range s.to {
		s.srv.msgs = append(s.srv.msgs, Message{From: msg.Header.Get("From"), To: to, Subject: subject, Body: string(body), TLS: encrypted})
	}
	return nil
}
func (s *session) Reset()        { s.to = nil }
func (s *session) Logout() error { return nil }
