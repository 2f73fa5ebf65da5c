package procesmonitor

import (
	"strings"
	"testing"
)

func TestParseMilestone(t *testing.T) {
	m, fe := ParseMilestone(MilestoneInput{Title: " Brief herschreven ", Due: "31-03-2025", Owner: "Lotte", Status: ""})
	if len(fe) > 0 || m.Title != "Brief herschreven" || !m.Due.Equal(day("2025-03-31")) || m.Status != StatusPlanned {
		t.Fatalf("got %+v %v", m, fe)
	}
	_, fe = ParseMilestone(MilestoneInput{Title: "", Due: "morgen", Owner: "", Status: "klaar", Note: strings.Repeat("x", 2001)})
	var got []string
	for _, e := range fe {
		got = append(got, e.Path)
	}
	if strings.Join(got, ",") != "titel,datum,eigenaar,status,toelichting" {
		t.Errorf("problems on %v, want titel, datum, eigenaar, status, toelichting: %v", got, fe)
	}
}

func TestNeedsAttention(t *testing.T) {
	today := day("2025-06-16")
	ms := []Milestone{
		{ID: 1, Intervention: "B", Title: "late", Due: day("2025-06-15"), Status: StatusBusy},
		{ID: 2, Intervention: "A", Title: "done in the past", Due: day("2025-05-01"), Status: StatusDone},
		{ID: 3, Intervention: "A", Title: "today", Due: day("2025-06-16"), Status: StatusPlanned},
		{ID: 4, Intervention: "A", Title: "in 30 days", Due: day("2025-07-16"), Status: StatusPlanned},
		{ID: 5, Intervention: "A", Title: "in 31 days", Due: day("2025-07-17"), Status: StatusPlanned},
		{ID: 6, Intervention: "A", Title: "cancelled, late", Due: day("2025-01-01"), Status: StatusCancelled},
		{ID: 7, Intervention: "A", Title: "very late", Due: day("2025-01-01"), Status: StatusPlanned},
	}
	a := NeedsAttention(ms, today, 30)
	ids := func(ms []Milestone) (out []int64) {
		for _, m := range ms {
			out = append(out, m.ID)
		}
		return out
	}
	if got := ids(a.Late); len(got) != 2 || got[0] != 7 || got[1] != 1 {
		t.Errorf("late %v, want 7 then 1 (oldest first)", got)
	}
	if got := ids(a.Soon); len(got) != 2 || got[0] != 3 || got[1] != 4 {
		t.Errorf("soon %v, want 3 and 4 (today up to and including 30 days)", got)
	}
	if ms[0].StateLabel(today) != "Te laat" || ms[1].StateLabel(today) != "Gereed" {
		t.Error("a late open milestone reads Te laat; a done one its status")
	}
}

func TestMilestonesAt(t *testing.T) {
	d := day
	ms := []Milestone{
		{ID: 1, Title: "a", Due: d("2025-05-01"), Status: StatusDone},
		{ID: 2, Title: "b", Due: d("2025-03-01"), Status: StatusBusy},
		{ID: 3, Title: "c", Due: d("2025-02-01"), Status: StatusCancelled},
	}
	hs := []MilestoneChange{
		{Milestone: 1, Status: StatusBusy, Due: d("2025-04-01"), At: d("2025-03-02"), Actor: "b@x"},
		{Milestone: 1, Status: StatusPlanned, Due: d("2025-04-01"), At: d("2025-01-10"), Actor: "a@x"},
		{Milestone: 1, Status: StatusDone, Due: d("2025-05-01"), At: d("2025-06-01"), Actor: "c@x"},
		{Milestone: 2, Status: StatusBusy, Due: d("2025-03-01"), At: d("2025-05-15")},
		{Milestone: 3, Status: StatusPlanned, Due: d("2025-02-01")}, // from before the history was kept
		{Milestone: 3, Status: StatusCancelled, Due: d("2025-02-01"), At: d("2025-05-20")},
	}
	got := MilestonesAt(ms, hs, d("2025-05-01"))
	if len(got) != 2 || got[0].ID != 1 || got[1].ID != 3 {
		t.Fatalf("milestones at 1 May: %+v (b was added later)", got)
	}
	if got[0].Status != StatusBusy || !got[0].Due.Equal(d("2025-04-01")) || got[0].Actor != "b@x" || !got[0].Late(d("2025-05-01")) {
		t.Errorf("a at 1 May: %+v, want busy since March, due 1 April, late", got[0])
	}
	if got[1].Status != StatusPlanned {
		t.Errorf("c at 1 May: %+v, want its state from before the history", got[1])
	}
	if now := MilestonesAt(ms, hs, d("2025-07-01")); len(now) != 3 || now[0].Status != StatusDone || now[2].Status != StatusCancelled {
		t.Errorf("milestones at 1 July: %+v", now)
	}
	if !Changed(ms[0], Milestone{Status: StatusDone, Due: d("2025-05-02")}) || Changed(ms[0], Milestone{Title: "other", Status: StatusDone, Due: d("2025-05-01")}) {
		t.Error("Changed should look at the status and the date only")
	}
}
