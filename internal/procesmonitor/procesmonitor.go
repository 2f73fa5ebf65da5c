// Package procesmonitor keeps planning and spending of the programme in
// sight (monitoring plan section 3.3): the budget per year as the programme
// keeps it (available per source, allocated per line and item, committed,
// spent), the spending imported from the financial administration, a
// year-end forecast that warns early, the years in which more is allocated
// than available, and the milestones of the interventions. It builds on the
// budget tables of the programme model and knows nothing of HTTP or SQL.
package procesmonitor

import (
	"time"
	_ "time/tzdata" // "today" is a Dutch date, also in a container without zoneinfo
)

// Booking is one line of spending from the financial administration. Target
// is the code of a budget item (L1.2) or, for spending not booked on an
// item, of a programme line (L1). Amounts are in cents; a negative amount
// is a correction.
type Booking struct {
	Reference   string
	Date        time.Time // a civil date, at midnight UTC
	Target      string
	Cents       int64
	Description string
	// Code is the code of the financial administration (kostenplaats or
	// grootboekrekening) the export named, when the mapping turned it into
	// Target; "" when the export named the item or line itself.
	Code string
	// Intervention is the intervention the mapping of Code names, if any.
	Intervention string
	ImportID     int64
	Line         int // the line of the import file it came from; not stored
}

// Year is the booking year.
func (b Booking) Year() int { return b.Date.Year() }

// Import is one imported file that added bookings.
type Import struct {
	ID        int64
	File      string
	At        time.Time
	Actor     string
	Added     int  // bookings stored
	Known     int  // bookings skipped because their reference was already stored
	Synthetic bool // the demo's made-up history
}

// Commitment is what has been committed (contracts, grants awarded) on an
// item in a year, whether or not it has been paid yet.
type Commitment struct {
	Target    string
	Year      int
	Cents     int64
	UpdatedAt time.Time
	Actor     string
}

var amsterdam = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		return time.UTC
	}
	return loc
}()

// Civil returns the Dutch calendar date of t as midnight UTC, the form in
// which dates are kept and compared.
func Civil(t time.Time) time.Time {
	y, m, d := t.In(amsterdam).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Thousands converts cents to thousands of euros, the unit of the budget
// tables.
func Thousands(cents int64) float64 { return float64(cents) / 100000 }
