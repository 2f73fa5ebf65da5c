package reminder

import (
	"strings"
	"testing"
	"time"

	"github.com/perspectief/perspectief/internal/account"
)

func TestTertialNotices(t *testing.T) {
	off := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	users := []account.User{
		{Email: "rik@example.org", Name: "Rik Regie", Role: account.RoleSteering},
		{Email: "oud@example.org", Name: "Oud", Role: account.RoleSteering, DisabledAt: &off},
		{Email: "pim@example.org", Name: "Pim", Role: account.RoleTeam},
	}
	frozen := time.Date(2025, 9, 8, 14, 0, 0, 0, time.UTC)
	rs := []FrozenReport{
		{Period: "2025-T1", Version: 3, Label: "Tertiaalrapportage 2025 T1, versie 3", FrozenAt: frozen.AddDate(0, -3, 0)},
		{Period: "2025-T2", Version: 1, Label: "Tertiaalrapportage 2025 T2, versie 1", FrozenAt: frozen},
	}
	got := TertialNotices(rs, users, frozen.AddDate(0, 0, 2), "https://perspectief.example/")
	if len(got) != 1 {
		t.Fatalf("%d notices, want one to the active regiegroep member: %+v", len(got), got)
	}
	m := got[0]
	if m.To != "rik@example.org" || m.Kind != KindTertialReport || m.Period != "2025-T2/versie-1" ||
		m.Subject != "Nieuw voor de regiegroep: Tertiaalrapportage 2025 T2, versie 1" {
		t.Errorf("notice: %+v", m)
	}
	for _, want := range []string{"Beste Rik Regie,", "tertiaalrapportage 2025 T2, versie 1 is op 8 september 2025 vastgelegd",
		"https://perspectief.example/tertiaalrapportage/2025-T2/versies/1"} {
		if !strings.Contains(m.Body, want) {
			t.Errorf("the notice lacks %q:\n%s", want, m.Body)
		}
	}
	if got := TertialNotices(rs, users, frozen.AddDate(0, 0, TertialNoticeDays+1), ""); len(got) != 0 {
		t.Errorf("a report frozen over %d days ago is announced: %+v", TertialNoticeDays, got)
	}
	if got := TertialNotices(nil, users, frozen, ""); len(got) != 0 {
		t.Errorf("notices without a report: %+v", got)
	}
}
