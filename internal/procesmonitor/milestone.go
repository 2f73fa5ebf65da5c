package procesmonitor

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/perspectief/perspectief/internal/programme"
)

// MilestoneStatus is where a milestone stands.
type MilestoneStatus string

const (
	StatusPlanned   MilestoneStatus = "gepland"
	StatusBusy      MilestoneStatus = "bezig"
	StatusDone      MilestoneStatus = "gereed"
	StatusCancelled MilestoneStatus = "vervallen"
)

// MilestoneStatuses in the order forms offer them.
var MilestoneStatuses = []MilestoneStatus{StatusPlanned, StatusBusy, StatusDone, StatusCancelled}

// Label is the Dutch label of the status.
func (s MilestoneStatus) Label() string {
	switch s {
	case StatusPlanned:
		return "Gepland"
	case StatusBusy:
		return "Bezig"
	case StatusDone:
		return "Gereed"
	case StatusCancelled:
		return "Vervallen"
	}
	return string(s)
}

// Valid reports whether s is a known status.
func (s MilestoneStatus) Valid() bool { return slices.Contains(MilestoneStatuses, s) }

// Open reports whether a milestone with this status still has to be
// reached.
func (s MilestoneStatus) Open() bool { return s == StatusPlanned || s == StatusBusy }

// Milestone is a point in the planning of an intervention.
type Milestone struct {
	ID           int64
	Intervention string
	Title        string
	Due          time.Time // a civil date
	Owner        string    // who sees to it: a name or an e-mail address
	Status       MilestoneStatus
	Note         string
	UpdatedAt    time.Time
	Actor        string
}

// Late reports whether the milestone is open and its date has passed.
func (m Milestone) Late(today time.Time) bool { return m.Status.Open() && m.Due.Before(today) }

// DueWithin reports whether the milestone is open and due from today up to
// and including today+days.
func (m Milestone) DueWithin(today time.Time, days int) bool {
	return m.Status.Open() && !m.Due.Before(today) && !m.Due.After(today.AddDate(0, 0, days))
}

// State is the milestone's state as shown: its status, or "te laat".
func (m Milestone) State(today time.Time) string {
	if m.Late(today) {
		return "te_laat"
	}
	return string(m.Status)
}

// StateLabel is State in Dutch.
func (m Milestone) StateLabel(today time.Time) string {
	if m.Late(today) {
		return "Te laat"
	}
	return m.Status.Label()
}

// DefaultSoonDays is how far ahead "due soon" looks by default.
const DefaultSoonDays = 30

// Attention is what the roll-up lists: milestones that are late and those
// due within Days, each oldest first.
type Attention struct {
	Today time.Time
	Days  int
	Late  []Milestone
	Soon  []Milestone
}

// NeedsAttention sorts milestones into late and due within days of today.
func NeedsAttention(ms []Milestone, today time.Time, days int) Attention {
	a := Attention{Today: today, Days: days}
	for _, m := range ms {
		switch {
		case m.Late(today):
			a.Late = append(a.Late, m)
		case m.DueWithin(today, days):
			a.Soon = append(a.Soon, m)
		}
	}
	SortMilestones(a.Late)
	SortMilestones(a.Soon)
	return a
}

// SortMilestones orders by due date, then intervention, then id.
func SortMilestones(ms []Milestone) {
	slices.SortFunc(ms, func(a, b Milestone) int {
		if c := a.Due.Compare(b.Due); c != 0 {
			return c
		}
		if c := strings.Compare(a.Intervention, b.Intervention); c != 0 {
			return c
		}
		return int(a.ID - b.ID)
	})
}

// MilestoneInput is a milestone as a form or an API call gives it.
type MilestoneInput struct {
	Title  string
	Due    string // JJJJ-MM-DD or DD-MM-JJJJ
	Owner  string
	Status string
	Note   string
}

// FieldError names a problem with one field of a milestone.
type FieldError = programme.FieldError

// ParseMilestone checks the input and returns the milestone it describes,
// or every problem, one per field.
func ParseMilestone(in MilestoneInput) (Milestone, []FieldError) {
	var errs []FieldError
	add := func(field, format string, a ...any) {
		errs = append(errs, FieldError{Path: field, Message: fmt.Sprintf(format, a...)})
	}
	m := Milestone{
		Title:  strings.TrimSpace(in.Title),
		Owner:  strings.TrimSpace(in.Owner),
		Status: MilestoneStatus(strings.TrimSpace(in.Status)),
		Note:   strings.TrimSpace(in.Note),
	}
	switch n := utf8.RuneCountInString(m.Title); {
	case n == 0:
		add("titel", "geef de mijlpaal een titel")
	case n > 200:
		add("titel", "de titel is langer dan 200 tekens")
	}
	if strings.TrimSpace(in.Due) == "" {
		add("datum", "kies een datum")
	} else if d, err := parseDate(strings.TrimSpace(in.Due)); err != nil {
		add("datum", "%v", err)
	} else {
		m.Due = d
	}
	switch n := utf8.RuneCountInString(m.Owner); {
	case n == 0:
		add("eigenaar", "noem wie de mijlpaal bewaakt")
	case n > 200:
		add("eigenaar", "de eigenaar is langer dan 200 tekens")
	}
	if m.Status == "" {
		m.Status = StatusPlanned
	} else if !m.Status.Valid() {
		add("status", "status %q bestaat niet; kies gepland, bezig, gereed of vervallen", clip(string(m.Status)))
	}
	if utf8.RuneCountInString(m.Note) > 2000 {
		add("toelichting", "de toelichting is langer dan 2.000 tekens")
	}
	return m, errs
}

// MilestoneChange is one entry of a milestone's history: from At on, set
// by Actor (an e-mail address), the milestone had this status and date.
// The first entry is the milestone's addition; a zero At is the state of a
// milestone kept before its history was, which stands for every moment
// before its next change.
type MilestoneChange struct {
	Milestone int64
	Status    MilestoneStatus
	Due       time.Time // a civil date
	At        time.Time
	Actor     string
}

// Changed reports whether after differs from before in what the history
// keeps: the status or the date.
func Changed(before, after Milestone) bool {
	return before.Status != after.Status || !before.Due.Equal(after.Due)
}

// MilestonesAt returns the milestones as they stood at the moment end:
// each with the status and date of its last change at or before end, and
// without those added after end. A milestone without any history (none is
// kept for it) stands as it is now.
func MilestonesAt(ms []Milestone, history []MilestoneChange, end time.Time) []Milestone {
	byID := map[int64][]MilestoneChange{}
	for _, c := range history {
		byID[c.Milestone] = append(byID[c.Milestone], c)
	}
	var out []Milestone
	for _, m := range ms {
		cs := byID[m.ID]
		if len(cs) == 0 {
			out = append(out, m)
			continue
		}
		slices.SortStableFunc(cs, func(a, b MilestoneChange) int { return a.At.Compare(b.At) })
		var last *MilestoneChange
		for i := range cs {
			if cs[i].At.After(end) {
				break
			}
			last = &cs[i]
		}
		if last == nil {
			continue // added after end
		}
		m.Status, m.Due, m.UpdatedAt, m.Actor = last.Status, last.Due, last.At, last.Actor
		out = append(out, m)
	}
	return out
}
