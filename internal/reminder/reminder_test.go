package reminder_test

import (
	"strings"
	"testing"
	"time"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/programme"
	"github.com/perspectief/perspectief/internal/reminder"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 9, 0, 0, 0, time.UTC) }

func TestDueTertial(t *testing.T) {
	s := reminder.Settings{DaysBefore: 10, DaysAfter: 5}
	for _, c := range []struct {
		day  time.Time
		want string
	}{
		{day(2025, 4, 20), "2025-T1"}, // ten days before 30 April
		{day(2025, 4, 19), ""},
		{day(2025, 5, 5), "2025-T1"}, // five days after
		{day(2025, 5, 6), ""},
		{day(2025, 8, 31), "2025-T2"},
		{day(2026, 1, 5), "2025-T3"}, // across the year
		{day(2024, 2, 29), ""},
	} {
		p, ok := s.DueTertial(c.day)
		got := ""
		if ok {
			got = p.String()
		}
		if got != c.want {
			t.Errorf("%s: due %q, want %q", c.day.Format("2006-01-02"), got, c.want)
		}
	}
	if e := reminder.End(perspectief.Period{Year: 2024, Tertial: 1}); !e.Equal(time.Date(2024, 4, 30, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("end of 2024-T1 = %s", e)
	}
	if (reminder.Settings{DaysBefore: -1}).Validate() == nil || (reminder.Settings{DaysAfter: 121}).Validate() == nil || reminder.DefaultSettings().Validate() != nil {
		t.Error("Validate")
	}
}

func TestPlan(t *testing.T) {
	off := time.Now()
	m := &programme.Model{Interventions: []programme.Intervention{
		{Code: "A", Title: "Een", Leaders: []string{"jan@example.nl", "PIET@example.nl"}},
		{Code: "B", Title: "Twee", Leaders: []string{"jan@example.nl"}},
		{Code: "C", Title: "Drie", Leaders: []string{"weg@example.nl"}},
		{Code: "D", Title: "Vier"},
	}}
	users := []account.User{
		{Email: "jan@example.nl", Name: "Jan", Role: account.RoleProjectLeader},
		{Email: "piet@example.nl", Name: "Piet", Role: account.RoleProjectLeader},
		{Email: "weg@example.nl", Role: account.RoleProjectLeader, DisabledAt: &off},
		{Email: "team@example.nl", Name: "Tea", Role: account.RoleTeam},
		{Email: "oud@example.nl", Role: account.RoleTeam, DisabledAt: &off},
		{Email: "rg@example.nl", Role: account.RoleSteering},
	}
	t2 := perspectief.Period{Year: 2025, Tertial: 2}
	ups := []programme.Update{{Intervention: "B", Period: t2}, {Intervention: "A", Period: perspectief.Period{Year: 2025, Tertial: 1}}}
	s := reminder.DefaultSettings()
	if got := reminder.Plan(m, ups, users, day(2025, 6, 1), s, ""); len(got) != 0 {
		t.Errorf("outside the window: %+v", got)
	}
	got := reminder.Plan(m, ups, users, day(2025, 8, 25), s, "https://p.example/")
	var keys []string
	for _, g := range got {
		keys = append(keys, g.Kind+" "+g.Period+" "+g.To+" "+strings.Join(g.Interventions, ","))
	}
	want := []string{
		"herinnering 2025-T2 jan@example.nl A",
		"herinnering 2025-T2 piet@example.nl A",
		"overzicht 2025-W35 team@example.nl A,C,D",
	}
	if strings.Join(keys, "\n") != strings.Join(want, "\n") {
		t.Errorf("plan:\n%s\nwant:\n%s", strings.Join(keys, "\n"), strings.Join(want, "\n"))
	}
	if b := got[0].Body; !strings.Contains(b, "Beste Jan,") || !strings.Contains(b, "- A Een: https://p.example/interventies/A/voortgang") || strings.Contains(b, "Twee") {
		t.Errorf("reminder body:\n%s", b)
	}
	if b := got[2].Body; !strings.Contains(b, "- A Een (Jan, Piet)") || !strings.Contains(b, "- D Vier (geen projectleider)") || !strings.Contains(b, "3 interventie(s)") {
		t.Errorf("digest body:\n%s", b)
	}
	// Everything given: nothing to send.
	for _, c := range []string{"A", "C", "D"} {
		ups = append(ups, programme.Update{Intervention: c, Period: t2})
	}
	if got := reminder.Plan(m, ups, users, day(2025, 8, 25), s, ""); len(got) != 0 {
		t.Errorf("all given: %+v", got)
	}
}
