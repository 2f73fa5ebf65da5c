package report

import (
	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/programme"
)

// buildInterventions takes each intervention's status from its newest
// update of the year (the last tertial that has one), and collects the
// successes and concerns of the newest update of every tertial: a
// correction replaces what it corrects, as in the roll-up.
func buildInterventions(m *programme.Model, ups []programme.Update, year int) InterventionChapter {
	var c InterventionChapter
	if len(m.Interventions) == 0 {
		c.Missing = "Nog geen gegevens: er zijn geen interventies vastgelegd."
		return c
	}
	var latest [3]map[string]programme.Update
	for t := 1; t <= 3; t++ {
		latest[t-1] = programme.Latest(ups, perspectief.Period{Year: year, Tertial: t})
	}
	total := map[string]int{}
	end := perspectief.Period{Year: year, Tertial: 3}
	var inYear []programme.Update
	for _, u := range ups {
		if !end.Before(u.Period) {
			inYear = append(inYear, u)
		}
	}
	for _, l := range m.Lines {
		lr := LineReport{Code: l.Code, Name: l.Name}
		counts := map[string]int{}
		for _, iv := range m.Interventions {
			if iv.Line != l.Code {
				continue
			}
			ir := InterventionReport{Code: iv.Code, Title: iv.Title, StatusLabel: programme.Status("").Label()}
			for t := 1; t <= 3; t++ {
				u, ok := latest[t-1][iv.Code]
				if !ok {
					continue
				}
				ir.Status, ir.StatusLabel, ir.Period = string(u.Status), u.Status.Label(), u.Period.String()
				ir.Successes = addRemark(ir.Successes, u.Period.String(), u.Successes)
				ir.Concerns = addRemark(ir.Concerns, u.Period.String(), u.Concerns)
			}
			if iv.Stage != "" {
				ir.Stage = iv.Stage.Label()
			}
			if iv.Area != "" {
				ir.Area = iv.AreaLabel()
			}
			// The report looks back on a year that has ended: a target of
			// that year not reached is "niet gehaald", not "nog niet".
			for _, v := range programme.Verdicts(iv, inYear, perspectief.Period{Year: year + 1, Tertial: 1}) {
				if v.Result.Numeric() {
					ir.Results = append(ir.Results, ResultReport{Code: v.Result.Code, Verdict: string(v.Verdict), Label: v.Verdict.Label(), Sentence: v.Sentence})
				}
			}
			counts[ir.Status]++
			total[ir.Status]++
			lr.Interventions = append(lr.Interventions, ir)
		}
		lr.Counts = countList(counts)
		c.Lines = append(c.Lines, lr)
	}
	c.Total = countList(total)
	return c
}

// addRemark adds text reported in period, once: the same text in a later
// tertial only adds that tertial.
func addRemark(rs []Remark, period, text string) []Remark {
	if text == "" {
		return rs
	}
	for i := range rs {
		if rs[i].Text == text {
			rs[i].Periods = append(rs[i].Periods, period)
			return rs
		}
	}
	return append(rs, Remark{Periods: []string{period}, Text: text})
}

// countList lists every status, and then "geen update", in roll-up order.
func countList(n map[string]int) []StatusCount {
	var out []StatusCount
	for _, st := range programme.Statuses {
		out = append(out, StatusCount{Status: string(st), Label: st.Label(), Count: n[string(st)]})
	}
	return append(out, StatusCount{Label: programme.Status("").Label(), Count: n[""]})
}
