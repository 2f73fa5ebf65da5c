package datefmt

import (
	"testing"
	"time"
)

func TestDutchTime(t *testing.T) {
	cases := []struct {
		at         time.Time
		date, full string
	}{
		// Summer time: UTC+2; the evening of 31 May UTC is 1 June in Groningen.
		{time.Date(2025, 5, 31, 22, 30, 0, 0, time.UTC), "1 juni 2025", "1 juni 2025, 00:30"},
		// Winter time: UTC+1.
		{time.Date(2024, 12, 31, 9, 5, 0, 0, time.UTC), "31 december 2024", "31 december 2024, 10:05"},
	}
	for _, c := range cases {
		if got := Date(c.at); got != c.date {
			t.Errorf("Date(%v) = %q, want %q", c.at, got, c.date)
		}
		if got := DateTime(c.at); got != c.full {
			t.Errorf("DateTime(%v) = %q, want %q", c.at, got, c.full)
		}
	}
}
