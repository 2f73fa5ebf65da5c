package report

import (
	"fmt"
	"time"
	_ "time/tzdata" // the report states dates in Dutch time, also where the machine has no zoneinfo
)

var amsterdam = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		return time.UTC
	}
	return loc
}()

var monthNames = [...]string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"}

// dutchDate writes the day of t in Dutch time: "3 juni 2025".
func dutchDate(t time.Time) string {
	t = t.In(amsterdam)
	return fmt.Sprintf("%d %s %d", t.Day(), monthNames[t.Month()-1], t.Year())
}

// dutchDateTime adds the time of day: "3 juni 2025, 14:05".
func dutchDateTime(t time.Time) string {
	t = t.In(amsterdam)
	return fmt.Sprintf("%s, %02d:%02d", dutchDate(t), t.Hour(), t.Minute())
}
