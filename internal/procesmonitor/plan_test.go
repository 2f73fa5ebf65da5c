package procesmonitor

import (
	"bytes"
	"math"
	"testing"
	"time"

	"github.com/perspectief/perspectief/internal/programme"
)

func f64(v float64) *float64 { return &v }

func day(s string) time.Time {
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return d
}

// small is a hand-made programme: source A is structural, B a grant that
// ends in 2025, C a cut from 2026; item X carries 90 forward, Y stops.
func small() *programme.Model {
	return &programme.Model{
		Name: "Klein", StartYear: 2024, EndYear: 2025,
		Lines: []programme.Line{{Code: "L1", Name: "Een"}, {Code: "L2", Name: "Twee"}},
		Budget: programme.Budget{
			Available: []programme.BudgetRow{
				{Label: "A", Amounts: programme.Amounts{2024: 100, 2025: 100}, Structural: f64(100)},
				{Label: "B", Amounts: programme.Amounts{2024: 50, 2025: 50}, To: 2025},
				{Label: "C", Amounts: programme.Amounts{2026: -80}, From: 2026, Structural: f64(-80)},
			},
			Allocated: []programme.BudgetRow{
				{Code: "X", Label: "Post X", Line: "L1", Amounts: programme.Amounts{2024: 120, 2025: 120}, Structural: f64(90)},
				{Code: "Y", Label: "Post Y", Line: "L2", Amounts: programme.Amounts{2024: 30, 2025: 40}},
			},
		},
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestHorizonAndShortfalls(t *testing.T) {
	m := small()
	if first, last := Horizon(m, day("2025-05-01")); first != 2024 || last != 2027 {
		t.Fatalf("horizon %d-%d, want 2024-2027 (the cut is listed for 2026, structural rows add a year)", first, last)
	}
	o := Compute(m, nil, nil, day("2025-05-01"), 2025)
	type want struct {
		avail, alloc, short        float64
		availAssumed, allocAssumed bool
	}
	// Worked out by hand:
	// 2024: A 100 + B 50 = 150 available; X 120 + Y 30 = 150 allocated.
	// 2025: 150 available; X 120 + Y 40 = 160 allocated: 10 short.
	// 2026: A carried forward 100 + C -80 = 20; B has ended; X carries 90
	//       forward, Y stops: 90 allocated, 70 short.
	// 2027: A 100 + C carried forward -80 = 20; X 90: 70 short.
	wants := map[int]want{
		2024: {150, 150, 0, false, false},
		2025: {150, 160, 10, false, false},
		2026: {20, 90, 70, true, true},
		2027: {20, 90, 70, true, true},
	}
	if len(o.Programme.Years) != 4 {
		t.Fatalf("%d years, want 4", len(o.Programme.Years))
	}
	for _, f := range o.Programme.Years {
		w := wants[f.Year]
		if !near(f.Available, w.avail) || !near(f.Allocated, w.alloc) || !near(f.Shortfall(), w.short) ||
			f.AvailableAssumed != w.availAssumed || f.AllocatedAssumed != w.allocAssumed {
			t.Errorf("%d: available %v (assumed %v), allocated %v (assumed %v), short %v; want %+v",
				f.Year, f.Available, f.AvailableAssumed, f.Allocated, f.AllocatedAssumed, f.Shortfall(), w)
		}
	}
	if s := o.Programme.Shortfalls(); len(s) != 3 || s[0].Year != 2025 {
		t.Errorf("shortfalls %+v, want 2025, 2026, 2027", s)
	}
	// A line has no sources tied to it, so no "available" and no shortfall.
	l1, _ := o.Line("L1")
	if f, _ := l1.FiguresOf(2026); f.HasAvailable || f.Shortfall() != 0 || !near(f.Allocated, 90) {
		t.Errorf("L1 2026 = %+v, want 90 allocated, no available, no shortfall", f)
	}
}

// TestGroningenGap checks the programme's own tables: in 2027 the cut
// leaves 800 available while the structural items, carried forward, need
// 1.700; in 2028 the POK money has ended too.
func TestGroningenGap(t *testing.T) {
	m, err := programme.ReadFile("groningen.yaml", bytes.NewReader(programme.GroningenFile()))
	if err != nil {
		t.Fatal(err)
	}
	o := Compute(m, nil, nil, day("2025-06-16"), 2025)
	wants := map[int][3]float64{ // available, allocated, shortfall
		2024: {2380, 2380, 0},
		2025: {2380, 2380, 0},
		2026: {1927, 1927, 0},
		2027: {800, 1700, 900},
		2028: {350, 1700, 1350},
	}
	if len(o.Programme.Years) != len(wants) {
		t.Fatalf("years %v, want 2024-2028", o.Years)
	}
	for _, f := range o.Programme.Years {
		w := wants[f.Year]
		if !near(f.Available, w[0]) || !near(f.Allocated, w[1]) || !near(f.Shortfall(), w[2]) {
			t.Errorf("%d: available %v, allocated %v, shortfall %v; want %v", f.Year, f.Available, f.Allocated, f.Shortfall(), w)
		}
		if assumed := f.Year >= 2027; f.AllocatedAssumed != assumed {
			t.Errorf("%d: allocation assumed = %v, want %v", f.Year, f.AllocatedAssumed, assumed)
		}
	}
	// 2027's available money is in the tables; 2028's is carried forward.
	if f, _ := o.Programme.FiguresOf(2027); f.AvailableAssumed {
		t.Error("2027 available is listed in the tables, not an assumption")
	}
	if f, _ := o.Programme.FiguresOf(2028); !f.AvailableAssumed {
		t.Error("2028 available is carried forward and must be marked as an assumption")
	}
	// Per line, 2027 carries the structural parts: L2 350 + 50.
	l2, _ := o.Line("L2")
	if f, _ := l2.FiguresOf(2027); !near(f.Allocated, 400) {
		t.Errorf("L2 2027 allocated %v, want 400", f.Allocated)
	}
	wide, ok := o.Line("")
	if !ok || wide.Name != "Programmabreed" || len(wide.Items) != 1 || wide.Items[0].Code != "ORG" {
		t.Errorf("programme-wide scope = %+v, want the ORG item", wide)
	}
}

func TestComputeSpendingAndForecast(t *testing.T) {
	m := small()
	bs := []Booking{
		// X in 2024: a quarter of the year's spending by the end of April.
		{Reference: "a", Date: day("2024-03-10"), Target: "X", Cents: 30_000_00},
		{Reference: "b", Date: day("2024-11-20"), Target: "X", Cents: 90_000_00},
		// X in 2025 so far: 40.000, so 160.000 expected at year end.
		{Reference: "c", Date: day("2025-02-01"), Target: "X", Cents: 40_000_00},
		// After the date of the overview: not counted yet.
		{Reference: "d", Date: day("2025-06-01"), Target: "X", Cents: 99_000_00},
		// Booked on the line itself, and on a code the programme lost.
		{Reference: "e", Date: day("2025-04-01"), Target: "L2", Cents: 5_000_00},
		{Reference: "f", Date: day("2025-04-02"), Target: "OUD", Cents: 1_000_00},
	}
	cs := []Commitment{{Target: "Y", Year: 2025, Cents: 35_000_00}}
	o := Compute(m, bs, cs, day("2025-04-30"), 2025)

	l1, _ := o.Line("L1")
	x := l1.Items[0]
	if x.Code != "X" || !near(x.Spent, 40) || x.Forecast.Method != MethodSeasonal || !near(x.Forecast.Value, 160) || !near(x.Forecast.Share, 0.25) {
		t.Fatalf("X = %+v, want 40 spent, seasonal forecast 160 from a share of 25%%", x)
	}
	if x.Verdict.Kind != VerdictHeadingOver || x.Verdict.Label != "Dreigt overschrijding" {
		t.Errorf("X verdict %+v, want heading over (160 of 120 allocated)", x.Verdict)
	}

	l2, _ := o.Line("L2")
	if len(l2.Items) != 2 {
		t.Fatalf("L2 items %+v, want Y and the spending on the line itself", l2.Items)
	}
	y, loose := l2.Items[0], l2.Items[1]
	// Y: nothing booked, 35 committed, linear (no history): 35, 87.5% of 40.
	if y.Forecast.Method != MethodLinear || !near(y.Forecast.Value, 35) || !y.Forecast.Floor || y.Verdict.Kind != VerdictOK {
		t.Errorf("Y = %+v, want the committed 35 as forecast, within the allocation", y)
	}
	// 5.000 by day 120 of 365: 15.208,33 at year end.
	if !loose.Loose || loose.Code != "L2" || !near(loose.Forecast.Value, 15.20833) || loose.Verdict.Kind != VerdictUnallocated {
		t.Errorf("loose L2 = %+v, want a linear forecast of 15,2 without allocation", loose)
	}
	if !near(l2.Total.Allocation, 40) || !near(l2.Total.Forecast.Value, 50.20833) || l2.Total.Verdict.Kind != VerdictHeadingOver {
		t.Errorf("L2 total = %+v, want 40 allocated, 50,2 forecast, heading over", l2.Total)
	}
	wide, ok := o.Line("")
	if !ok || len(wide.Items) != 1 || wide.Items[0].Code != "OUD" {
		t.Fatalf("programme-wide = %+v, want the unknown code OUD", wide)
	}

	f2025, _ := o.Programme.FiguresOf(2025)
	if !near(f2025.Spent, 46) || !near(f2025.Committed, 35) || !f2025.HasForecast || f2025.Final {
		t.Errorf("programme 2025 = %+v, want 46 spent (not the booking after the date), 35 committed", f2025)
	}
	wantForecast := 160 + 35 + 15.20833 + 1000.0*365/120/1000
	if !near(math.Round(f2025.Forecast*1000)/1000, math.Round(wantForecast*1000)/1000) {
		t.Errorf("programme 2025 forecast %v, want %v", f2025.Forecast, wantForecast)
	}
	f2024, _ := o.Programme.FiguresOf(2024)
	if !near(f2024.Spent, 120) || !f2024.Final || !near(f2024.Forecast, 120) {
		t.Errorf("programme 2024 = %+v, want a closed year with 120 spent", f2024)
	}
	if f, _ := o.Programme.FiguresOf(2026); f.HasForecast {
		t.Errorf("2026 has not begun but has a forecast: %+v", f)
	}

	// The forecast of a closed year is what was spent.
	o = Compute(m, bs, cs, day("2025-04-30"), 2024)
	l1, _ = o.Line("L1")
	if x := l1.Items[0]; x.Forecast.Method != MethodClosed || !near(x.Forecast.Value, 120) || x.Verdict.Kind != VerdictOK {
		t.Errorf("X 2024 = %+v, want closed, 120 of 120", x)
	}
}
