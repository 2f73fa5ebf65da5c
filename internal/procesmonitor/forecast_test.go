package procesmonitor

import (
	"strings"
	"testing"
)

func TestForecastYear(t *testing.T) {
	b := func(date string, euros int64) Booking { return Booking{Date: day(date), Cents: euros * 100} }
	history := []Booking{b("2023-02-01", 5_000), b("2023-10-01", 15_000), b("2024-03-10", 10_000), b("2024-11-20", 30_000)}
	cases := []struct {
		name      string
		bookings  []Booking
		year      int
		asOf      string
		committed int64 // euros
		method    Method
		value     float64 // thousands
		share     float64
		floor     bool
	}{
		// 30.000 by day 120 of 2025 (365 days): 30.000 × 365 / 120.
		{"linear", []Booking{b("2025-01-15", 10_000), b("2025-04-30", 20_000)}, 2025, "2025-04-30", 0, MethodLinear, 91.25, 120.0 / 365, false},
		// A booking after the date does not count.
		{"linear ignores later", []Booking{b("2025-01-15", 30_000), b("2025-05-01", 70_000)}, 2025, "2025-04-30", 0, MethodLinear, 91.25, 120.0 / 365, false},
		// 2023 and 2024 had 5.000 + 10.000 of 20.000 + 40.000 booked by
		// 30 April: a share of 25%; 12.000 so far gives 48.000.
		{"seasonal pooled", append(history, b("2025-04-01", 12_000)), 2025, "2025-04-30", 0, MethodSeasonal, 48, 0.25, false},
		// Committed money is always expected to be spent.
		{"committed floor", append(history, b("2025-04-01", 12_000)), 2025, "2025-04-30", 100_000, MethodSeasonal, 100, 0.25, true},
		// Before 31 January and without history: no forecast, only what is
		// spent or committed.
		{"too early", []Booking{b("2025-01-10", 2_000)}, 2025, "2025-01-20", 5_000, MethodTooEarly, 5, 0, false},
		// A history that spends nothing by this date cannot be scaled up:
		// the run-rate takes over.
		{"thin profile", []Booking{b("2024-12-01", 10_000), b("2025-02-01", 3_650)}, 2025, "2025-02-28", 0, MethodLinear, 3.65 * 365 / 59, 59.0 / 365, false},
		{"closed year", history, 2024, "2025-04-30", 0, MethodClosed, 40, 1, false},
		{"future year", history, 2026, "2025-04-30", 0, MethodFuture, 0, 0, false},
		// 29 February in a leap year compares with 28 February a year
		// before: 1.000 of 4.000 by then.
		{"leap day", []Booking{b("2027-02-28", 1_000), b("2027-12-01", 3_000), b("2028-02-29", 2_000)}, 2028, "2028-02-29", 0, MethodSeasonal, 8, 0.25, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := ForecastYear(c.bookings, c.year, day(c.asOf), c.committed*100)
			if f.Method != c.method || !near(roundTo(f.Value, 5), roundTo(c.value, 5)) || !near(roundTo(f.Share, 9), roundTo(c.share, 9)) || f.Floor != c.floor {
				t.Errorf("got %+v, want method %s, value %v, share %v, floor %v", f, c.method, c.value, c.share, c.floor)
			}
			if f.Explain() == "" {
				t.Error("no explanation")
			}
		})
	}
	f := ForecastYear(append(history, b("2025-04-01", 12_000)), 2025, day("2025-04-30"), 0)
	if got := f.Explain(); !strings.Contains(got, "In 2023 en 2024 was op deze datum gemiddeld 25% van de jaaruitgaven geboekt") {
		t.Errorf("explanation %q does not say which years and share it used", got)
	}
}

func roundTo(v float64, places int) float64 {
	p := 1.0
	for range places {
		p *= 10
	}
	return float64(int64(v*p+0.5)) / p
}

func TestJudge(t *testing.T) {
	projected := func(v float64) Forecast { return Forecast{Method: MethodLinear, Value: v, Share: 0.5} }
	closed := func(v float64) Forecast { return Forecast{Method: MethodClosed, Value: v, Share: 1} }
	cases := []struct {
		name     string
		f        Forecast
		alloc    float64
		hasAlloc bool
		spent    float64
		kind     VerdictKind
		label    string
	}{
		{"heading over", projected(106), 100, true, 53, VerdictHeadingOver, "Dreigt overschrijding"},
		{"105% is still within", projected(105), 100, true, 52.5, VerdictOK, "Binnen de inzet"},
		{"heading under", projected(74), 100, true, 37, VerdictHeadingUnder, "Dreigt onderbesteding"},
		{"75% is still within", projected(75), 100, true, 37.5, VerdictOK, "Binnen de inzet"},
		{"already over", projected(150), 100, true, 101, VerdictOver, "Overschreden"},
		{"closed under", closed(70), 100, true, 70, VerdictUnder, "Onderbesteed"},
		{"closed within", closed(99), 100, true, 99, VerdictOK, "Binnen de inzet"},
		{"closed over", closed(110), 100, true, 110, VerdictOver, "Overschreden"},
		{"no allocation but spending", projected(10), 0, false, 5, VerdictUnallocated, "Uitgaven zonder inzet"},
		{"no allocation, nothing spent", projected(0), 0, false, 0, VerdictNone, ""},
		{"too early", Forecast{Method: MethodTooEarly, Value: 3}, 100, true, 3, VerdictTooEarly, "Nog geen prognose"},
		{"future", Forecast{Method: MethodFuture}, 100, true, 0, VerdictNone, ""},
	}
	for _, c := range cases {
		v := Judge(c.f, c.alloc, c.hasAlloc, c.spent)
		if v.Kind != c.kind || v.Label != c.label {
			t.Errorf("%s: %+v, want %s %q", c.name, v, c.kind, c.label)
		}
		if c.kind != VerdictNone && v.Explanation == "" {
			t.Errorf("%s: no explanation", c.name)
		}
	}
	if v := Judge(projected(106), 100, true, 53); !strings.Contains(v.Explanation, "106% van de inzet van € 100.000") {
		t.Errorf("explanation %q does not give the numbers", v.Explanation)
	}
}
