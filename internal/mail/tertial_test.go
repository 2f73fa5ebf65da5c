package mail_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/demo"
	"github.com/perspectief/perspectief/internal/mail"
	"github.com/perspectief/perspectief/internal/mail/smtptest"
	"github.com/perspectief/perspectief/internal/programme"
	"github.com/perspectief/perspectief/internal/reminder"
	"github.com/perspectief/perspectief/internal/report"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

// TestTertialNoticeOverSMTP: when the programmateam freezes a tertial
// report, the regiegroep member gets one message saying so, read back from
// the mail server; a second run sends nothing, a second version is news.
func TestTertialNoticeOverSMTP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		day := time.Date(2025, 10, 2, 9, 0, 0, 0, time.UTC) // no update is due: only the notice goes out
		if err := demo.Seed(ctx, storetest.Demo(db), day); err != nil {
			t.Fatal(err)
		}
		box := &smtptest.Server{}
		sender, err := mail.New(mail.Config{URL: smtptest.Start(t, box), From: "noreply@gemeente.example", TLS: mail.TLSAuto})
		if err != nil {
			t.Fatal(err)
		}
		ts := report.NewTertialService(report.TertialSources{Programme: db.Programmes(), Users: db.Accounts().Users}, db.Reports())
		ts.Now = func() time.Time { return day }
		team := account.User{Email: "programmateam@demo.perspectief.nl", Name: "Pim Programma", Role: account.RoleTeam}
		if _, err := ts.FreezeTertial(ctx, team, "2025-T2", ""); err != nil {
			t.Fatal(err)
		}
		s := &reminder.Service{Programme: programme.NewService(db.Programmes()), Users: db.Accounts().Users, Store: db.Reminders(), Sender: sender,
			Settings: reminder.DefaultSettings(), SiteURL: "https://perspectief.example", Now: func() time.Time { return day }, Tertials: db.Reports().FrozenTertials}
		if n, err := s.Run(ctx); err != nil || n != 1 {
			t.Fatalf("%d sent (%v), want the one notice", n, err)
		}
		got := box.Received()
		if len(got) != 1 || got[0].To != "regiegroep@demo.perspectief.nl" || got[0].Subject != "Nieuw voor de regiegroep: Tertiaalrapportage 2025 T2, versie 1" ||
			!strings.Contains(got[0].Body, "https://perspectief.example/tertiaalrapportage/2025-T2/versies/1") {
			t.Fatalf("received %+v", got)
		}
		if n, err := s.Run(ctx); err != nil || n != 0 {
			t.Errorf("second run sent %d (%v)", n, err)
		}
		if _, err := ts.FreezeTertial(ctx, team, "2025-T2", "gecorrigeerd"); err != nil {
			t.Fatal(err)
		}
		if n, err := s.Run(ctx); err != nil || n != 1 || !strings.Contains(box.Received()[1].Subject, "versie 2") {
			t.Errorf("after a second version: %d sent (%v)", n, err)
		}
	})
}
