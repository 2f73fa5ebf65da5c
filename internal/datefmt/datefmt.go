// Package datefmt writes dates the way Dutch readers expect them, in Dutch
// time, for the pages and the yearly report alike: "3 juni 2025",
// "3 juni 2025, 14:05".
package datefmt

import (
	"fmt"
	"time"
	_ "time/tzdata" // the server may run without zoneinfo; dates are shown in Dutch time
)

// Amsterdam is Dutch time (UTC where the zone cannot be loaded).
var Amsterdam = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		return time.UTC
	}
	return loc
}()

// Months are the Dutch month names, January first.
var Months = [...]string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"}

// Date writes the day of t in Dutch time: "3 juni 2025".
func Date(t time.Time) string {
	t = t.In(Amsterdam)
	return fmt.Sprintf("%d %s %d", t.Day(), Months[t.Month()-1], t.Year())
}

// DateTime adds the time of day: "3 juni 2025, 14:05".
func DateTime(t time.Time) string {
	t = t.In(Amsterdam)
	return fmt.Sprintf("%s, %02d:%02d", Date(t), t.Hour(), t.Minute())
}
