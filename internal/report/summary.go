package report

import (
	"fmt"
	"strings"
)

// Summary says in one sentence what a chapter holds, for the page where the
// team writes the report: enough to see whether the data is there.
func (r *Report) Summary(key string) string {
	if why := r.Missing()[key]; why != "" {
		return why
	}
	switch key {
	case Intro:
		return "een overzicht van de bronnen van elk hoofdstuk, en welke nog ontbreken."
	case Trends:
		n := 0
		for _, t := range r.Trends.Indicators {
			if len(t.Series) > 0 {
				n++
			}
		}
		return fmt.Sprintf("%d van de %d trendindicatoren hebben cijfers tot en met %d.", n, len(r.Trends.Indicators), r.Year)
	case Interventions:
		var parts []string
		for _, c := range r.Interventions.Total {
			if c.Count > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", c.Count, strings.ToLower(c.Label)))
			}
		}
		return fmt.Sprintf("%d interventies: %s.", r.Interventions.Size(), joinDutch(parts))
	case Goals:
		n := 0
		for _, g := range r.Goals.Goals {
			n += len(g.Indicators)
		}
		return fmt.Sprintf("%d operationele doelen met samen %d indicatoren. %s", len(r.Goals.Goals), n, r.Goals.Summary(r.Year))
	case Finance:
		s := fmt.Sprintf("Begroting %d: %s beschikbaar, %s ingezet (× € 1.000).", r.Year, thousands(r.Finance.AvailableTotal), thousands(r.Finance.AllocatedTotal))
		if r.Finance.SpendingMissing != "" {
			s += " Besteding: " + lowerFirst(r.Finance.SpendingMissing)
		} else {
			t := r.Finance.SpendingTotal
			s += fmt.Sprintf(" Besteed volgens de procesmonitor: %s van %s ingezet.", thousands(t.Spent/1000), thousands(t.Allocated/1000))
		}
		return s
	case Decisions:
		return r.Decisions.Summary(r.Year)
	case Lessons:
		return fmt.Sprintf("%d lessen en besluiten uit het leerlogboek.", len(r.Lessons.Lessons))
	}
	return ""
}
