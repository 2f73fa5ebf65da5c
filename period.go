package perspectief

import (
	"fmt"
	"strconv"
	"time"
)

// Period is a reporting period of the intervention monitor: one of the three
// tertials of a year (T1 January-April, T2 May-August, T3 September-December).
// It is a type of its own, not a date range, so that a progress update always
// names exactly one of the three reporting moments.
type Period struct {
	Year    int
	Tertial int // 1, 2 or 3
}

// ParsePeriod reads "2025-T2".
func ParsePeriod(s string) (Period, error) {
	if len(s) != 7 || s[4] != '-' || s[5] != 'T' {
		return Period{}, Errorf(CodeInvalid, "periode %q is ongeldig: verwacht JJJJ-T1, JJJJ-T2 of JJJJ-T3", s)
	}
	y, err := strconv.Atoi(s[:4])
	if err != nil || y < 1990 || y > 2100 {
		return Period{}, Errorf(CodeInvalid, "periode %q is ongeldig: jaar moet tussen 1990 en 2100 liggen", s)
	}
	t := int(s[6] - '0')
	if t < 1 || t > 3 {
		return Period{}, Errorf(CodeInvalid, "periode %q is ongeldig: tertiaal moet T1, T2 of T3 zijn", s)
	}
	return Period{Year: y, Tertial: t}, nil
}

// PeriodOf returns the period that contains t.
func PeriodOf(t time.Time) Period {
	return Period{Year: t.Year(), Tertial: (int(t.Month())-1)/4 + 1}
}

func (p Period) String() string { return fmt.Sprintf("%04d-T%d", p.Year, p.Tertial) }

// Label is the Dutch description shown in the UI.
func (p Period) Label() string {
	months := [...]string{"", "januari–april", "mei–augustus", "september–december"}
	return fmt.Sprintf("%d T%d (%s)", p.Year, p.Tertial, months[p.Tertial])
}

// IsZero reports whether p is unset.
func (p Period) IsZero() bool { return p.Year == 0 }

// Prev returns the period before p.
func (p Period) Prev() Period {
	if p.Tertial == 1 {
		return Period{Year: p.Year - 1, Tertial: 3}
	}
	return Period{Year: p.Year, Tertial: p.Tertial - 1}
}

// Before reports whether p comes before q.
func (p Period) Before(q Period) bool {
	return p.Year < q.Year || (p.Year == q.Year && p.Tertial < q.Tertial)
}
