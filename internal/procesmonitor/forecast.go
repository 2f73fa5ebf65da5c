package procesmonitor

import (
	"fmt"
	"math"
	"time"

	"github.com/perspectief/perspectief/internal/numfmt"
)

// The forecast's rules. They are shown on the pages, so a change here is a
// change in what the programme team is told.
const (
	// OverShare: a forecast above 105% of the allocation is heading over.
	OverShare = 1.05
	// UnderShare: a forecast below 75% of the allocation is heading far
	// under (onderbesteding).
	UnderShare = 0.75
	// MinElapsedDays: before this many days of the year have passed, a
	// run-rate says too little to forecast from.
	MinElapsedDays = 31
	// MinProfileShare: a seasonal profile in which less than 5% of a year's
	// spending is usually booked by this date is too thin to scale up.
	MinProfileShare = 0.05
	// ProfileYears is how many earlier years the seasonal profile uses at
	// most, the most recent first.
	ProfileYears = 3
)

// Method says how a forecast was made.
type Method string

const (
	MethodClosed   Method = "afgesloten" // the year is over: the forecast is what was spent
	MethodSeasonal Method = "seizoen"    // spending so far, scaled by the share earlier years had spent by this date
	MethodLinear   Method = "lineair"    // spending so far, scaled by the share of the year that has passed
	MethodTooEarly Method = "te_vroeg"   // too little of the year has passed
	MethodFuture   Method = "toekomst"   // the year has not begun
	MethodSum      Method = "som"        // a total: the sum of its items' forecasts
)

// Forecast is the expected spending at the end of a year, in thousands of
// euros.
type Forecast struct {
	Method  Method
	Value   float64
	Share   float64 // the share of the year's spending expected by the date of the forecast
	History []int   // the earlier years of a seasonal profile
	Floor   bool    // Value was raised to what has been committed
}

// Explain says in Dutch how this forecast was made.
func (f Forecast) Explain() string {
	pct := numfmt.Format(100*f.Share, 0, numfmt.Dutch) + "%"
	switch f.Method {
	case MethodClosed:
		return "Het jaar is voorbij: dit is wat er is uitgegeven."
	case MethodSeasonal:
		s := fmt.Sprintf("In %s was op deze datum gemiddeld %s van de jaaruitgaven geboekt; de uitgaven tot nu toe zijn daarmee doorgerekend naar het hele jaar.", yearList(f.History), pct)
		if f.Floor {
			s += " De prognose is verhoogd tot het vastgelegde bedrag."
		}
		return s
	case MethodLinear:
		s := fmt.Sprintf("Er is %s van het jaar voorbij; de uitgaven tot nu toe zijn in hetzelfde tempo doorgetrokken naar het hele jaar (geen eerdere jaren om een seizoenspatroon uit te halen).", pct)
		if f.Floor {
			s += " De prognose is verhoogd tot het vastgelegde bedrag."
		}
		return s
	case MethodTooEarly:
		return "Er is nog te weinig van het jaar voorbij voor een prognose; getoond is wat al is uitgegeven of vastgelegd."
	case MethodFuture:
		return "Het jaar is nog niet begonnen."
	case MethodSum:
		return "De som van de prognoses van de posten."
	}
	return ""
}

func yearList(ys []int) string {
	s := ""
	for i, y := range ys {
		switch {
		case i == 0:
		case i == len(ys)-1:
			s += " en "
		default:
			s += ", "
		}
		s += fmt.Sprint(y)
	}
	return s
}

// ForecastYear forecasts the spending of one item (or line) in year as of
// the civil date asOf, from its bookings of every year. committed is what
// has been committed on it for the year, in cents: the forecast is never
// below it, since committed money will be spent.
//
// The method: spending booked so far in the year, divided by the share of
// a year's spending that is usually booked by this date. That share comes
// from the item's own earlier years (at most ProfileYears, pooled: the sum
// of what they had spent by this calendar date over the sum of their
// totals), so that an item that spends most in December is not read as
// heading under in June. Without earlier years it is the share of the year
// that has passed (a linear run-rate). Before MinElapsedDays, or with a
// profile share below MinProfileShare, there is no forecast.
func ForecastYear(bookings []Booking, year int, asOf time.Time, committed int64) Forecast {
	switch {
	case asOf.Year() < year:
		return Forecast{Method: MethodFuture}
	case asOf.Year() > year:
		var total int64
		for _, b := range bookings {
			if b.Year() == year {
				total += b.Cents
			}
		}
		return Forecast{Method: MethodClosed, Value: Thousands(total), Share: 1}
	}
	var sofar int64
	totals := map[int]int64{}
	byDate := map[int]int64{}
	for _, b := range bookings {
		y := b.Year()
		switch {
		case y == year && !b.Date.After(asOf):
			sofar += b.Cents
		case y < year:
			totals[y] += b.Cents
			if !b.Date.After(sameDate(asOf, y)) {
				byDate[y] += b.Cents
			}
		}
	}
	f := Forecast{}
	var num, den int64
	for y := year - 1; y >= year-30 && len(f.History) < ProfileYears; y-- {
		if totals[y] > 0 {
			f.History = append([]int{y}, f.History...)
			num += byDate[y]
			den += totals[y]
		}
	}
	if den > 0 {
		if s := math.Min(1, float64(num)/float64(den)); s >= MinProfileShare {
			f.Method, f.Share = MethodSeasonal, s
		}
	}
	if f.Method == "" {
		f.History = nil
		day := asOf.YearDay()
		if day >= MinElapsedDays {
			f.Method, f.Share = MethodLinear, float64(day)/float64(daysIn(year))
		}
	}
	floor := max(sofar, committed)
	if f.Method == "" {
		f.Method = MethodTooEarly
		f.Value = Thousands(floor)
		return f
	}
	projected := float64(sofar) / f.Share
	if float64(committed) > projected {
		f.Floor = true
	}
	f.Value = Thousands(int64(math.Round(math.Max(projected, float64(floor)))))
	return f
}

// sameDate is asOf's calendar date in year y; 29 February becomes the 28th
// in a year without it.
func sameDate(asOf time.Time, y int) time.Time {
	m, d := asOf.Month(), asOf.Day()
	if m == time.February && d == 29 && daysIn(y) == 365 {
		d = 28
	}
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func daysIn(y int) int {
	return time.Date(y, time.December, 31, 0, 0, 0, 0, time.UTC).YearDay()
}

// VerdictKind classifies a forecast against its allocation.
type VerdictKind string

const (
	VerdictNone         VerdictKind = ""
	VerdictOK           VerdictKind = "binnen"
	VerdictOver         VerdictKind = "over"         // more spent than allocated
	VerdictHeadingOver  VerdictKind = "dreigt_over"  // forecast above OverShare
	VerdictHeadingUnder VerdictKind = "dreigt_onder" // forecast below UnderShare
	VerdictUnder        VerdictKind = "onder"        // a closed year below UnderShare
	VerdictUnallocated  VerdictKind = "zonder_inzet" // spending where nothing is allocated
	VerdictTooEarly     VerdictKind = "te_vroeg"
	VerdictNoCode       VerdictKind = "geen_code" // the item has no code, so nothing can be booked on it
)

// Verdict is the warning for one item, line or the programme.
type Verdict struct {
	Kind        VerdictKind
	Label       string  // a few words, shown next to the colour
	Explanation string  // a sentence with the numbers
	Ratio       float64 // forecast (or spending of a closed year) over allocation
}

// Warn reports whether the verdict is a warning (over or under).
func (v Verdict) Warn() bool {
	switch v.Kind {
	case VerdictOver, VerdictHeadingOver, VerdictHeadingUnder, VerdictUnder, VerdictUnallocated:
		return true
	}
	return false
}

// Judge compares a forecast with the allocation (thousands of euros).
// spent is what has been booked so far.
func Judge(f Forecast, allocation float64, hasAllocation bool, spent float64) Verdict {
	pct := func(r float64) string { return numfmt.Format(100*r, 0, numfmt.Dutch) + "%" }
	// Amounts in whole euros, never "€ 12,3k".
	k := func(v float64) string { return "€ " + numfmt.Format(v*1000, 0, numfmt.Dutch) }
	if f.Method == MethodFuture {
		return Verdict{}
	}
	if !hasAllocation || allocation <= 0 {
		if math.Abs(spent) < 0.0005 && f.Value < 0.0005 {
			return Verdict{}
		}
		return Verdict{Kind: VerdictUnallocated, Label: "Uitgaven zonder inzet",
			Explanation: fmt.Sprintf("Er is %s uitgegeven waar niets voor is ingezet.", k(spent))}
	}
	v := Verdict{Ratio: f.Value / allocation}
	switch {
	case spent*10-allocation*10 > 0.5:
		v.Kind, v.Label = VerdictOver, "Overschreden"
		v.Explanation = fmt.Sprintf("Er is %s uitgegeven: %s meer dan de inzet van %s.", k(spent), k(spent-allocation), k(allocation))
	case f.Method == MethodClosed && v.Ratio < UnderShare:
		v.Kind, v.Label = VerdictUnder, "Onderbesteed"
		v.Explanation = fmt.Sprintf("Er is %s van de inzet uitgegeven.", pct(v.Ratio))
	case f.Method == MethodClosed:
		v.Kind, v.Label = VerdictOK, "Binnen de inzet"
		v.Explanation = fmt.Sprintf("Er is %s van de inzet uitgegeven.", pct(v.Ratio))
	case f.Method == MethodTooEarly:
		v.Kind, v.Label = VerdictTooEarly, "Nog geen prognose"
		v.Explanation = "Er is nog te weinig van het jaar voorbij."
	case v.Ratio > OverShare:
		v.Kind, v.Label = VerdictHeadingOver, "Dreigt overschrijding"
		v.Explanation = fmt.Sprintf("De prognose van %s is %s van de inzet van %s.", k(f.Value), pct(v.Ratio), k(allocation))
	case v.Ratio < UnderShare:
		v.Kind, v.Label = VerdictHeadingUnder, "Dreigt onderbesteding"
		v.Explanation = fmt.Sprintf("De prognose van %s is %s van de inzet van %s.", k(f.Value), pct(v.Ratio), k(allocation))
	default:
		v.Kind, v.Label = VerdictOK, "Binnen de inzet"
		v.Explanation = fmt.Sprintf("De prognose is %s van de inzet.", pct(v.Ratio))
	}
	return v
}
