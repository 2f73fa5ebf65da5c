package mail_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/demo"
	"github.com/perspectief/perspectief/internal/mail"
	"github.com/perspectief/perspectief/internal/mail/smtptest"
	"github.com/perspectief/perspectief/internal/programme"
	"github.com/perspectief/perspectief/internal/reminder"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

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
		box := &smtptest.Server{User: "perspectief", Pass: "geheim"}
		url := smtptest.Start(t, box)
		sender, err := mail.New(mail.Config{URL: url, From: "Perspectief <noreply@gemeente.example>", User: box.User, Password: box.Pass, TLS: mail.TLSAuto})
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
		got := box.Received()
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
		var lotte, pim *smtptest.Message
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
		if after := box.Received(); len(after) != len(got) {
			t.Errorf("the server received %d messages, then %d", len(got), len(after))
		}

		// Next week's digest is new; the tertial's reminder is not.
		day = day.AddDate(0, 0, 7)
		if n, err := newService().Run(ctx); err != nil || n != 1 {
			t.Errorf("a week later: %d sent (%v), want the one digest", n, err)
		}
		if last := box.Received(); last[len(last)-1].To != "programmateam@demo.perspectief.nl" {
			t.Errorf("a week later %s got a message", last[len(last)-1].To)
		}

		// A refused message is released and sent by a later run.
		day = day.AddDate(0, 0, 7)
		box.SetFail(true)
		if n, err := newService().Run(ctx); err == nil || n != 0 {
			t.Errorf("refused by the server: %d sent, err %v", n, err)
		}
		box.SetFail(false)
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
