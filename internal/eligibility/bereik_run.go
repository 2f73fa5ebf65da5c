package eligibility

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/perspectief/perspectief/internal/trend"
)

// ReachMeta is what a batch run ('bereik') records beside its table, in
// FILE.csv.meta.json.
type ReachMeta struct {
	Panel       string            `json:"panel"`
	RegelsBron  string            `json:"regels_bron"`
	Gebruik     string            `json:"gebruik"`
	Jaar        int               `json:"jaar"`
	Peildatum   string            `json:"peildatum"`
	MinCell     int               `json:"k"`
	Households  int               `json:"huishoudens"`
	Regels      map[string]string `json:"regels"` // code -> the version that decided
	Aannames    []string          `json:"aannames"`
	Afgeleid    []string          `json:"afgeleid"`
	PanelFeiten []string          `json:"panel_feiten"`
}

// ReachRunInput is one batch run over a panel that has been read.
type ReachRunInput struct {
	Panel     *Panel
	PanelName string // the panel file, for the metadata
	Usage     Usage
	UsageName string    // the usage file, for the metadata
	Day       time.Time // the reference date; zero: 31 December of the panel's year
	MinCell   int       // k of the disclosure control
	RulesFrom string    // where the rules came from, for the metadata
	// Assumptions are the analyst's FEIT=WAARDE statements, for the metadata.
	Assumptions []string
	// Secondary applies secondary suppression to the table written;
	// Protect also returns the table with it (what the platform stores
	// always has it).
	Secondary, Protect bool
	Progress           func(done int) // households evaluated so far
}

// ReachRunResult is a batch run's outcome.
type ReachRunResult struct {
	Rows      []ReachRow // the table to write
	Protected []ReachRow // the table with secondary suppression; nil unless asked
	// Cells and Unknown say what secondary suppression did, when it ran.
	Cells, Unknown trend.SecondaryStats
	Suppressed     bool
	Totals         map[string][3]int // per scheme: ja, nee, onbekend
	Day            time.Time         // the reference date
	Meta           ReachMeta
}

// ReachRun evaluates every household of the panel's latest year against
// the rules on the reference date and tabulates reach and non-take-up
// under the disclosure control, with the run's metadata.
func (s *Set) ReachRun(in ReachRunInput) (*ReachRunResult, error) {
	day := in.Day
	if day.IsZero() {
		day = time.Date(in.Panel.Year, 12, 31, 0, 0, 0, 0, time.UTC)
	}
	rows, totals := s.Reach(in.Panel, in.Usage, day, ReachOptions{MinCell: in.MinCell, Progress: in.Progress})
	res := &ReachRunResult{Rows: rows, Totals: totals, Day: day, Meta: ReachMeta{Panel: in.PanelName, RegelsBron: in.RulesFrom,
		Gebruik: in.UsageName, Jaar: in.Panel.Year, Peildatum: day.Format("2006-01-02"), MinCell: in.MinCell,
		Households: len(in.Panel.Households), Regels: map[string]string{}, Aannames: in.Assumptions,
		Afgeleid: in.Panel.Derived, PanelFeiten: in.Panel.FactColumns}}
	for _, sc := range s.InForce(day) {
		res.Meta.Regels[sc.Code] = sc.Version
	}
	if !in.Secondary && !in.Protect {
		return res, nil
	}
	protected := slices.Clone(rows)
	var err error
	if res.Cells, res.Unknown, err = ReachSecondary(protected, in.MinCell); err != nil {
		return nil, err
	}
	res.Suppressed = true
	if in.Protect {
		res.Protected = protected
	}
	if in.Secondary {
		res.Rows = protected
	}
	return res, nil
}

// WriteReachRun writes the run's table to path and its metadata to
// path.meta.json.
func WriteReachRun(path string, r *ReachRunResult) error {
	if err := WriteReachFile(path, r.Rows, r.Meta.MinCell); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	mb, _ := json.MarshalIndent(r.Meta, "", "  ")
	if err := os.WriteFile(path+".meta.json", append(mb, '\n'), 0o600); err != nil {
		return fmt.Errorf("writing metadata: %w", err)
	}
	return nil
}
