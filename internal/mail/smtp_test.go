package mail_test

import (
	"context"
	"errors"
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	netmail "net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/demo"
	"github.com/perspectief/perspectief/internal/mail"
	"github.com/perspectief/perspectief/internal/programme"
	"github.com/perspectief/perspectief/internal/reminder"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// delivered is a message as the mail server received it, decoded.
type delivered struct {
	From, To, Subject, Body string
}

// mailServer is a real SMTP server on a free port (go-smtp) that keeps
// what it receives and asks for a password when user is set.
type mailServer struct {
	mu   sync.Mutex
	msgs []delivered
	user string
	pass string
	fail bool // refuse every message, as a full mailbox would
}

func (m *mailServer) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{srv: m}, nil }

type session struct {
	srv    *mailServer
	from   string
	to     []string
	authed bool
}

func (s *session) AuthMechanisms() []string { return []string{sasl.Plain} }
func (s *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != s.srv.user || pass != s.srv.pass {
			return errors.New("wrong password")
		}
		s.authed = true
		return nil
	}), nil
}
func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	if s.srv.user != "" && !s.authed {
		return smtp.ErrAuthRequired
	}
	s.from = from
	return nil
}
func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}
func (s *session) Data(r io.Reader) error {
	if s.srv.fail {
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
	s.srv.mu.Lock()
	defer s.srv.mu.Unlock()
	for _, to := range s.to {
		s.srv.msgs = append(s.srv.msgs, delivered{From: msg.Header.Get("From"), To: to, Subject: subject, Body: string(body)})
	}
	return nil
}
func (s *session) Reset()        { s.from, s.to = "", nil }
func (s *session) Logout() error { return nil }

func (m *mailServer) received() []delivered {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]delivered(nil), m.msgs...)
}

func startServer(t *testing.T, m *mailServer) string {
	t.Helper()
	srv := smtp.NewServer(m)
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "smtp://" + ln.Addr().String()
}

// TestRemindersOverSMTP: on 25 August 2025 the 2025-T2 update is due (the
// tertial ends on the 31st). Each projectleider with an intervention
// lacking it gets one reminder and every programmateam member the weekly
// digest, read back from the mail server; a second run, a restart and a
// second instance send nothing new.
func TestRemindersOverSMTP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := demo.Seed(ctx, storetest.Demo(db), time.Date(2025, 6, 16, 10, 0, 0, 0, time.UTC)); err != nil {
			t.Fatal(err)
		}
		box := &mailServer{user: "perspectief", pass: "geheim"}
		url := startServer(t, box)
		sender, err := mail.New(mail.Config{URL: url, From: "Perspectief <noreply@gemeente.example>", User: box.user, Password: box.pass, TLS: mail.TLSAuto})
		if err != nil {
			t.Fatal(err)
		}
		day := time.Date(2025, 8, 25, 7, 0, 0, 0, time.UTC)
		newService := func() *reminder.Service {
			ps := programme.NewService(db.Programmes())
			ps.Now = func() time.Time { return day }
			return &reminder.Service{Programme: ps, Users: db.Accounts().Users, Store: db.Reminders(), Sender: sender,
				Settings: reminder.DefaultSettings(), SiteURL: "https://perspectief.example", Now: func() time.Time { return day }}
		}
		s := newService()
		n, err := s.Run(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got := box.received()
		if n != len(got) || n == 0 {
			t.Fatalf("Run says %d sent, the server received %d", n, len(got))
		}

		// What Lotte Leider must read: her interventions without a 2025-T2 update.
		ups, _ := db.Programmes().Updates(ctx)
		given := map[string]bool{}
		for _, u := range ups {
			if u.Period == (perspectief.Period{Year: 2025, Tertial: 2}) {
				given[u.Intervention] = true
			}
		}
		var lotte, pim *delivered
		for i, m := range got {
			switch m.To {
			case "projectleider@demo.perspectief.nl":
				lotte = &got[i]
			case "programmateam@demo.perspectief.nl":
				pim = &got[i]
			case "beheerder@demo.perspectief.nl", "lezer@demo.perspectief.nl", "ervaringsdeskundige@demo.perspectief.nl", "regiegroep@demo.perspectief.nl":
				t.Errorf("%s got %q", m.To, m.Subject)
			}
		}
		if lotte == nil || pim == nil {
			t.Fatalf("no reminder for the projectleider or no digest for the programmateam: %+v", got)
		}
		if lotte.Subject != "Voortgangsupdate 2025-T2 nodig" || !strings.Contains(lotte.From, "noreply@gemeente.example") ||
			!strings.Contains(lotte.Body, "Beste Lotte Leider,") || !strings.Contains(lotte.Body, "31 augustus 2025") {
			t.Errorf("reminder: %+v", *lotte)
		}
		for _, code := range []string{"L1-01", "L1-02", "L1-03"} {
			if named := strings.Contains(lotte.Body, "- "+code+" "); named == given[code] {
				t.Errorf("reminder names %s: %v, but its update is given: %v\n%s", code, named, given[code], lotte.Body)
			}
		}
		if !strings.Contains(lotte.Body, "https://perspectief.example/interventies/L1-02/voortgang") {
			t.Errorf("reminder lacks the link to the form:\n%s", lotte.Body)
		}
		if !strings.HasPrefix(pim.Subject, "Weekoverzicht: ") || !strings.Contains(pim.Body, "L1-02") || !strings.Contains(pim.Body, "(Lotte Leider)") {
			t.Errorf("digest: %+v", *pim)
		}

		// Again, after a restart, and two instances at once: nothing new.
		if n, err := s.Run(ctx); n != 0 || err != nil {
			t.Errorf("second run sent %d (%v)", n, err)
		}
		var wg sync.WaitGroup
		for range 2 {
			wg.Go(func() {
				if n, err := newService().Run(ctx); n != 0 || err != nil {
					t.Errorf("another instance sent %d (%v)", n, err)
				}
			})
		}
		wg.Wait()
		if after := box.received(); len(after) != len(got) {
			t.Errorf("the server received %d messages, then %d", len(got), len(after))
		}

		// Next week's digest is new; the tertial's reminder is not.
		day = day.AddDate(0, 0, 7)
		if n, err := newService().Run(ctx); err != nil || n != 1 {
			t.Errorf("a week later: %d sent (%v), want the one digest", n, err)
		}
		if last := box.received(); last[len(last)-1].To != "programmateam@demo.perspectief.nl" {
			t.Errorf("a week later %s got a message", last[len(last)-1].To)
		}

		// A refused message is released and sent by a later run.
		day = day.AddDate(0, 0, 7)
		box.fail = true
		if n, err := newService().Run(ctx); err == nil || n != 0 {
			t.Errorf("refused by the server: %d sent, err %v", n, err)
		}
		box.fail = false
		if n, err := newService().Run(ctx); err != nil || n != 1 {
			t.Errorf("after the refusal: %d sent (%v), want the digest", n, err)
		}
		if _, err := (&reminder.Service{Programme: programme.NewService(db.Programmes()), Users: db.Accounts().Users, Store: db.Reminders()}).Due(ctx, account.User{Role: account.RoleReader}); perspectief.ErrorCode(err) != perspectief.CodeForbidden {
			t.Errorf("a lezer lists the reminders: %v", err)
		}
	})
}

// Wrong settings are refused before anything is dialled.
func TestConfig(t *testing.T) {
	for _, c := range []mail.Config{
		{URL: "http://x:25", From: "a@b.nl"},
		{URL: "smtp://x:25", From: "geen adres"},
		{URL: "smtps://x:465", From: "a@b.nl", TLS: mail.TLSStartTLS},
		{URL: "smtp://x:25", From: "a@b.nl", TLS: "soms"},
	} {
		if _, err := mail.New(c); err == nil {
			t.Errorf("%+v accepted", c)
		}
	}
}
