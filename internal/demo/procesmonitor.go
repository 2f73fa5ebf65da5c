package demo

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"math"
	"time"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/procesmonitor"
	"github.com/perspectief/perspectief/internal/programme"
)

// seeder acts for the demo; its role lets it do everything it seeds.
var seeder = account.User{Email: "demo", Name: "Demo", Role: account.RoleAdmin}

// monthShare is the share of a year's spending booked in each month: slow
// in January, busy before the summer and the most in December, as invoices
// and grant settlements come in at year end.
var monthShare = [12]float64{0.03, 0.05, 0.07, 0.07, 0.08, 0.09, 0.06, 0.05, 0.09, 0.10, 0.11, 0.20}

// spendRatio is how much of its allocation an item spends in a year. In the
// year of now two items stray, so that the forecast has something to warn
// about: the wijk's financial services head over, the information item
// far under.
func spendRatio(code string, year, current int) float64 {
	if year == current {
		switch code {
		case "L2.1":
			return 1.18
		case "L1.3":
			return 0.5
		}
	}
	return 0.9 + float64(hash(code, fmt.Sprint(year))%12)/100 // 0,90 – 1,01
}

// SpendingCSV makes the synthetic spending history as an export of the
// financial administration would look: bookings per item per month from the
// programme's first budget year up to now, plus a few booked on a line
// itself. Every description says it is synthetic.
func SpendingCSV(m *programme.Model, now time.Time) []byte {
	today := procesmonitor.Civil(now)
	first, _ := procesmonitor.Horizon(m, today)
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write(procesmonitor.BookingHeader)
	for year := first; year <= today.Year(); year++ {
		for _, r := range m.Budget.Allocated {
			alloc, _, ok := r.AmountIn(year)
			if r.Code == "" || !ok || alloc <= 0 {
				continue
			}
			annual := alloc * 1000 * spendRatio(r.Code, year, today.Year())
			for month := 1; month <= 12; month++ {
				// The same invoices come on the same days every year, as
				// they do with contracts and grants paid in instalments;
				// only the amounts vary, by up to 10% per booking.
				n := 1 + int(hash(r.Code, fmt.Sprint(month))%3)
				for k := 0; k < n; k++ {
					date := time.Date(year, time.Month(month), 1+int(hash(r.Code, fmt.Sprint(month, k))%28), 0, 0, 0, 0, time.UTC)
					if date.After(today) {
						continue
					}
					h := hash(r.Code, fmt.Sprint(year, month, k))
					euros := annual * monthShare[month-1] / float64(n) * (0.9 + float64(h%21)/100)
					cents := int64(math.Round(euros * 100))
					_ = w.Write([]string{date.Format("2006-01-02"), r.Code, procesmonitor.FormatCents(cents),
						fmt.Sprintf("Synthetisch: %s, %s %d", r.Label, monthNames[month-1], year),
						fmt.Sprintf("DEMO-%d-%s-%02d-%d", year, r.Code, month, k+1)})
				}
			}
		}
		// Costs booked on line 3 itself, not yet on an item.
		for _, month := range []int{3, 9} {
			date := time.Date(year, time.Month(month), 15, 0, 0, 0, 0, time.UTC)
			if date.After(today) || len(m.Lines) < 3 {
				continue
			}
			_ = w.Write([]string{date.Format("2006-01-02"), m.Lines[2].Code, "1850.00",
				fmt.Sprintf("Synthetisch: bijeenkomst netwerkpartners, nog niet op een post geboekt, %s %d", monthNames[month-1], year),
				fmt.Sprintf("DEMO-%d-%s-%02d-1", year, m.Lines[2].Code, month)})
		}
	}
	w.Flush()
	return buf.Bytes()
}

// LedgerMapping is the demo's fictional mapping of codes of the financial
// administration: per programme line (the first three) a grootboekrekening
// to the line's first item and first intervention, and on the first line a
// kostenplaats/grootboekrekening pair and a kostenplaats on the line
// itself. The codes are made up; every note says "(voorbeeld)".
func LedgerMapping(m *programme.Model) []procesmonitor.LedgerInput {
	var out []procesmonitor.LedgerInput
	for i, l := range m.Lines {
		if i >= 3 {
			break
		}
		var item, iv string
		for _, r := range m.Budget.Allocated {
			if r.Line == l.Code && r.Code != "" && item == "" {
				item = r.Code
			}
		}
		for _, x := range m.Interventions {
			if x.Line == l.Code && iv == "" {
				iv = x.Code
			}
		}
		if item == "" {
			item = l.Code
		}
		out = append(out, procesmonitor.LedgerInput{Code: fmt.Sprintf("634%d100", i+1), Target: item, Intervention: iv,
			Note: "(voorbeeld) Fictieve grootboekrekening, geen code van de gemeente."})
		if i == 0 {
			out = append(out,
				procesmonitor.LedgerInput{Code: "KP4410/6349900", Target: item, Intervention: iv, Note: "(voorbeeld) Fictieve kostenplaats met grootboekrekening."},
				procesmonitor.LedgerInput{Code: "KP4410", Target: l.Code, Note: "(voorbeeld) Fictieve kostenplaats: wat nog niet op een post staat."})
		}
	}
	return out
}

// LedgerCSV is a small fictional export that books on the codes of
// LedgerMapping, in the weeks before now.
func LedgerCSV(m *programme.Model, now time.Time) []byte {
	today := procesmonitor.Civil(now)
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write(procesmonitor.BookingHeader)
	for i, c := range LedgerMapping(m) {
		for k := 0; k < 2; k++ {
			date := today.AddDate(0, 0, -7*(i+1)-14*k)
			cents := int64(120000 + hash(c.Code, fmt.Sprint(k))%80000)
			_ = w.Write([]string{date.Format("2006-01-02"), c.Code, procesmonitor.FormatCents(cents),
				"Synthetisch: boeking op een fictieve code van de financiële administratie",
				fmt.Sprintf("DEMO-GB-%s-%d", c.Code, k+1)})
		}
	}
	w.Flush()
	return buf.Bytes()
}

// seedLedger stores the fictional mapping and imports the file that uses it.
func seedLedger(ctx context.Context, s *procesmonitor.Service, m *programme.Model, now time.Time) error {
	if err := s.SaveLedgerCodes(ctx, seeder, LedgerMapping(m)); err != nil {
		return fmt.Errorf("ledger mapping: %w", err)
	}
	if _, err := s.ImportSynthetic(ctx, seeder, "demo-grootboek (synthetisch).csv", bytes.NewReader(LedgerCSV(m, now))); err != nil {
		return fmt.Errorf("ledger spending: %w", err)
	}
	return nil
}

var monthNames = [12]string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"}

// SeedProcesmonitor stores the synthetic spending history (marked
// synthetic, so the pages say so), commitments for the current year and
// milestones for every intervention, some of them late or due soon.
func SeedProcesmonitor(ctx context.Context, db Stores, now time.Time) error {
	m, err := db.Programme.Model(ctx)
	if err != nil {
		return err
	}
	s := procesmonitor.NewService(db.Procesmonitor, db.Programme)
	s.Now = func() time.Time { return now }
	if _, err := s.ImportSynthetic(ctx, seeder, "demo-uitgaven (synthetisch).csv", bytes.NewReader(SpendingCSV(m, now))); err != nil {
		return fmt.Errorf("synthetic spending: %w", err)
	}
	if err := seedLedger(ctx, s, m, now); err != nil {
		return err
	}
	year := s.Today().Year()
	var cs []procesmonitor.CommitmentInput
	for _, r := range m.Budget.Allocated {
		alloc, _, ok := r.AmountIn(year)
		if r.Code == "" || !ok {
			continue
		}
		share := 0.7 + float64(hash(r.Code, "vastgelegd")%25)/100
		if r.Code == "L1.3" {
			share = 0.3
		}
		cs = append(cs, procesmonitor.CommitmentInput{Target: r.Code, Amount: procesmonitor.FormatCents(int64(math.Round(alloc * 1000 * share * 100)))})
	}
	if err := s.SetCommitments(ctx, seeder, year, cs); err != nil {
		return fmt.Errorf("commitments: %w", err)
	}
	for _, ms := range Milestones(m, now) {
		if err := seedMilestone(ctx, s, ms, now); err != nil {
			return fmt.Errorf("milestone %s: %w", ms.Intervention, err)
		}
	}
	return nil
}

// seedMilestone gives a demo milestone a plausible history, so that the
// tertial reports of past tertials show it as it stood then: planned three
// months before its date, and reached (or begun) around its date, one in
// three of the reached ones some weeks late. Nothing happens after now.
func seedMilestone(ctx context.Context, s *procesmonitor.Service, ms DemoMilestone, now time.Time) error {
	defer func() { s.Now = func() time.Time { return now } }()
	at := func(t time.Time) {
		if t.After(now) {
			t = now
		}
		s.Now = func() time.Time { return t }
	}
	due, err := time.Parse("2006-01-02", ms.Input.Due)
	if err != nil {
		return err
	}
	due = due.Add(10 * time.Hour)
	planned := ms.Input
	planned.Status = string(procesmonitor.StatusPlanned)
	at(due.AddDate(0, -3, 0))
	added, err := s.AddMilestone(ctx, seeder, ms.Intervention, planned)
	if err != nil || ms.Input.Status == planned.Status {
		return err
	}
	reached := due.AddDate(0, 0, -3)
	switch {
	case ms.LateDays != 0:
		reached = due.AddDate(0, 0, ms.LateDays)
	case ms.Input.Status == string(procesmonitor.StatusBusy):
		reached = due.AddDate(0, 0, -10)
	case hash(ms.Intervention, ms.Input.Title)%3 == 0:
		reached = due.AddDate(0, 0, 20)
	}
	at(reached)
	_, err = s.UpdateMilestone(ctx, seeder, ms.Intervention, added.ID, ms.Input)
	return err
}

// DemoMilestone is a milestone to seed.
type DemoMilestone struct {
	Intervention string
	Input        procesmonitor.MilestoneInput
	// LateDays, when not 0, is how many days after its date it was reached.
	LateDays int
}

// Milestones makes three to four milestones per intervention over the
// programme's years: the past ones mostly reached, one in five open and
// late, one in four due within the next weeks (counted from now, so the
// overview always has some), one in five reached five weeks late just
// after the last tertial (so its report has some), the rest planned.
func Milestones(m *programme.Model, now time.Time) []DemoMilestone {
	today := procesmonitor.Civil(now)
	start := time.Date(m.StartYear, 1, 1, 0, 0, 0, 0, time.UTC)
	lastTertialEnd := time.Date(today.Year(), time.Month((int(today.Month())-1)/4*4+1), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -1)
	var out []DemoMilestone
	for i, iv := range m.Interventions {
		owner := iv.Owner
		if owner == "" {
			owner = "Programmateam armoede en schulden"
		}
		add := func(title string, due time.Time, status procesmonitor.MilestoneStatus) {
			if due.Before(today) && status == procesmonitor.StatusPlanned {
				status = procesmonitor.StatusDone
			}
			out = append(out, DemoMilestone{Intervention: iv.Code, Input: procesmonitor.MilestoneInput{Title: title + " (voorbeeld)", Due: due.Format("2006-01-02"),
				Owner: owner, Status: string(status), Note: "Synthetische demomijlpaal."}})
		}
		off := int(hash(iv.Code, "mijlpaal") % 60)
		add("Plan van aanpak vastgesteld", start.AddDate(0, 2, off), procesmonitor.StatusPlanned)
		add("Tussenevaluatie met ervaringsdeskundigen", start.AddDate(1, 3, off), procesmonitor.StatusPlanned)
		add("Eindrapportage en besluit over voortzetting", start.AddDate(2, 10, off), procesmonitor.StatusPlanned)
		switch {
		case i%5 == 0:
			add("Samenwerkingsafspraken ondertekend", today.AddDate(0, 0, -7-off/4), procesmonitor.StatusBusy)
		case i%4 == 1:
			add("Voortgangsgesprek met de regiegroep", today.AddDate(0, 0, 5+off/3), procesmonitor.StatusPlanned)
		case i%5 == 2:
			// Reached five weeks late, after the last tertial ended: late in
			// that tertial's report, done now.
			add("Werkafspraken met partners vastgelegd", lastTertialEnd.AddDate(0, 0, -21), procesmonitor.StatusDone)
			out[len(out)-1].LateDays = 35
		}
	}
	return out
}
