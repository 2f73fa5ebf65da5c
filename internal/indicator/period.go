package indicator

import (
	"fmt"
	"strconv"
	"strings"
)

// PeriodKind is the length of a reporting period.
type PeriodKind uint8

const (
	Year    PeriodKind = iota + 1 // YYYY
	Tertial                       // YYYY-T1 .. YYYY-T3
	Quarter                       // YYYY-Q1 .. YYYY-Q4
	Month                         // YYYY-MM
)

// Period is the time a value describes. Sources report by year, tertial,
// quarter or month, so one indicator's series may mix lengths; the order
// puts a period by its first month and a longer period before a shorter one
// that starts with it.
type Period struct {
	Kind PeriodKind
	Year int
	N    int // tertial 1-3, quarter 1-4, month 1-12; 0 for a year
}

// YearPeriod is the whole year y.
func YearPeriod(y int) Period { return Period{Kind: Year, Year: y} }

// ParsePeriod reads YYYY, YYYY-T1..T3, YYYY-Q1..Q4 or YYYY-MM. Years run
// from 1900 to 2199: anything else is a typing error in practice.
func ParsePeriod(s string) (Period, error) {
	// The error is made only when needed: stored periods are parsed for
	// every value a page reads.
	bad := func() error {
		return fmt.Errorf("periode %q: gebruik JJJJ, JJJJ-T1 tot JJJJ-T3, JJJJ-Q1 tot JJJJ-Q4 of JJJJ-MM", s)
	}
	if len(s) < 4 || !digits(s[:4]) {
		return Period{}, bad()
	}
	y, _ := strconv.Atoi(s[:4])
	if y < 1900 || y > 2199 {
		return Period{}, fmt.Errorf("periode %q: het jaar moet tussen 1900 en 2199 liggen", s)
	}
	rest := s[4:]
	switch {
	case rest == "":
		return Period{Kind: Year, Year: y}, nil
	case len(rest) == 3 && rest[0] == '-' && rest[1] == 'T' && rest[2] >= '1' && rest[2] <= '3':
		return Period{Kind: Tertial, Year: y, N: int(rest[2] - '0')}, nil
	case len(rest) == 3 && rest[0] == '-' && rest[1] == 'Q' && rest[2] >= '1' && rest[2] <= '4':
		return Period{Kind: Quarter, Year: y, N: int(rest[2] - '0')}, nil
	case len(rest) == 3 && rest[0] == '-' && digits(rest[1:]):
		m, _ := strconv.Atoi(rest[1:])
		if m >= 1 && m <= 12 {
			return Period{Kind: Month, Year: y, N: m}, nil
		}
	}
	return Period{}, bad()
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// String writes the period in the form ParsePeriod reads.
func (p Period) String() string {
	switch p.Kind {
	case Year:
		return strconv.Itoa(p.Year)
	case Tertial:
		return fmt.Sprintf("%d-T%d", p.Year, p.N)
	case Quarter:
		return fmt.Sprintf("%d-Q%d", p.Year, p.N)
	case Month:
		return fmt.Sprintf("%d-%02d", p.Year, p.N)
	}
	return ""
}

// Label is the period in words for a page: "2020", "2e tertiaal 2020".
func (p Period) Label() string {
	switch p.Kind {
	case Tertial:
		return fmt.Sprintf("%de tertiaal %d", p.N, p.Year)
	case Quarter:
		return fmt.Sprintf("%de kwartaal %d", p.N, p.Year)
	case Month:
		return fmt.Sprintf("%s %d", strings.ToLower(monthNames[p.N-1]), p.Year)
	}
	return p.String()
}

var monthNames = [...]string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"}

// startMonth is the first month (1-12) the period covers.
func (p Period) startMonth() int {
	switch p.Kind {
	case Tertial:
		return (p.N-1)*4 + 1
	case Quarter:
		return (p.N-1)*3 + 1
	case Month:
		return p.N
	}
	return 1
}

// Key is a number that sorts periods in their order; the store keeps it so
// that a series comes out of the database in time order.
func (p Period) Key() int {
	return p.Year*1000 + p.startMonth()*10 + int(p.Kind)
}

// PeriodOfKey is the period whose Key is k, and false when k is no key.
func PeriodOfKey(k int) (Period, bool) {
	p := Period{Kind: PeriodKind(k % 10), Year: k / 1000}
	m := k / 10 % 100
	switch p.Kind {
	case Year:
		if m != 1 {
			return Period{}, false
		}
	case Tertial:
		p.N = (m-1)/4 + 1
	case Quarter:
		p.N = (m-1)/3 + 1
	case Month:
		p.N = m
	default:
		return Period{}, false
	}
	if p.Key() != k || p.N < 0 || p.Kind != Year && p.N < 1 {
		return Period{}, false
	}
	return p, true
}

// Compare orders periods by Key.
func (p Period) Compare(q Period) int {
	a, b := p.Key(), q.Key()
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
