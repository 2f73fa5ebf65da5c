package report

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/perspectief/perspectief/internal/datefmt"
	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/numfmt"
)

// trendLevels are the goal levels whose indicators describe poverty in the
// gemeente as a whole.
var trendLevels = map[string]bool{"missie": true, "strategisch": true}

func buildTrends(ctx context.Context, src IndicatorSource, runs TrendRunSource, reg *indicator.Register, year int) (TrendChapter, error) {
	var c TrendChapter
	if src == nil {
		c.Missing = notWired("het indicatorenregister")
		return c, nil
	}
	anyValue := false
	for i := range reg.Indicators {
		ind := &reg.Indicators[i]
		if !trendLevels[ind.Level] {
			continue
		}
		vals, err := src.Values(ctx, indicator.ValueFilter{Indicator: ind.Code, Group: indicator.TotalGroup, Gemeente: true})
		if err != nil {
			return c, err
		}
		vals = yearly(vals, year)
		ti := TrendIndicator{Code: ind.Code, Name: ind.Name, Definition: ind.Definition, Unit: ind.Unit, Direction: ind.Direction, Source: ind.Source}
		main, _ := reg.MainSeries(vals, indicator.TotalGroup)
		if main != "" {
			ti.Series = append(ti.Series, seriesFor(reg, vals, main))
			// The gemeente's other borders (before a merger) stand beside it,
			// so that a break in the series shows.
			seen := map[string]bool{main: true}
			for _, v := range vals {
				if !seen[v.Area] && reg.IsGemeente(v.Area) {
					seen[v.Area] = true
					ti.Series = append(ti.Series, seriesFor(reg, vals, v.Area))
				}
			}
			anyValue = true
		}
		var pts []Point
		if len(ti.Series) > 0 {
			pts = ti.Series[0].Points
		}
		ti.Description = Describe(ind.Unit, ind.Direction, year, pts)
		c.Indicators = append(c.Indicators, ti)
	}
	if !anyValue {
		c.Indicators = nil
		c.Missing = fmt.Sprintf("Nog geen gegevens: tot en met %d zijn er geen trendcijfers voor de gemeente berekend of ingelezen.", year)
		return c, nil
	}
	var err error
	if c.Groups, err = lowIncomeGroups(ctx, src, reg, year); err != nil {
		return c, err
	}
	if c.Usage, err = usageMovement(ctx, src, reg, year); err != nil {
		return c, err
	}
	if c.Differences, err = lowIncomeDifferences(ctx, src, reg, year); err != nil {
		return c, err
	}
	if runs != nil {
		rs, err := runs.TrendRuns(ctx)
		if err != nil {
			return c, err
		}
		if len(rs) > 0 {
			c.Sources = append(c.Sources, runSentence(rs[0]))
		}
	}
	return c, nil
}

// yearly keeps the whole-year values up to and including year: a report
// shows what was known about its year, not what came after.
func yearly(vals []indicator.Value, year int) []indicator.Value {
	var out []indicator.Value
	for _, v := range vals {
		if v.Period.Kind == indicator.Year && v.Period.Year <= year {
			out = append(out, v)
		}
	}
	return out
}

func seriesFor(reg *indicator.Register, vals []indicator.Value, area string) TrendSeries {
	s := TrendSeries{Area: area, AreaName: reg.AreaName(area)}
	for _, v := range indicator.SeriesOf(vals, area, indicator.TotalGroup) {
		p := Point{Year: v.Period.Year, Suppressed: v.Suppressed, Secondary: v.Secondary}
		if !v.Suppressed {
			val := v.Value
			p.Value, p.Num, p.Den = &val, v.Num, v.Den
		}
		s.Points = append(s.Points, p)
	}
	return s
}

// runSentence names the trendmonitor run the trend figures come from.
func runSentence(r indicator.TrendRun) string {
	how := "berekend"
	if r.Kind == "ingelezen" {
		how = "ingelezen"
	}
	s := fmt.Sprintf("Trendmonitor: %s op %s uit %s", how, datefmt.Date(r.CreatedAt), r.Source)
	if r.Norms != "" {
		s += ", met de normen " + r.Norms
	}
	if r.MinCell > 0 {
		s += fmt.Sprintf("; uitkomsten over minder dan %d huishoudens zijn onderdrukt", r.MinCell)
		s += ", en waar nodig ook een grotere cel, " + indicator.SecondaryText
	}
	return s + "."
}

// Describe writes, in plain Dutch, where a yearly series stands at the end
// and which way it went: the latest value against the one before and
// against the first, and whether that is the good direction. Differences
// are taken between the values as the table shows them (one decimal), so
// the text never contradicts the table.
func Describe(unit, direction string, year int, pts []Point) string {
	var shown []Point
	var suppressed, hidden []string
	for _, p := range pts {
		if p.Suppressed && p.Secondary {
			hidden = append(hidden, fmt.Sprint(p.Year))
			continue
		}
		if p.Suppressed || p.Value == nil {
			suppressed = append(suppressed, fmt.Sprint(p.Year))
			continue
		}
		shown = append(shown, p)
	}
	if len(shown) == 0 {
		if len(suppressed)+len(hidden) > 0 {
			return fmt.Sprintf("Tot en met %d zijn alle waarden onderdrukt, omdat ze over te weinig huishoudens gaan.", year)
		}
		return fmt.Sprintf("Tot en met %d is er nog geen waarde bekend.", year)
	}
	percent := unit == "procent"
	subject := "de waarde"
	switch unit {
	case "procent":
		subject = "het aandeel"
	case "aantal":
		subject = "het aantal"
	}
	val := func(p Point) string { return numfmt.Dutch1(*p.Value, percent) }
	diff := func(d float64) string {
		s := numfmt.Dutch1(math.Abs(d), false)
		if percent {
			s += " procentpunt"
		}
		return s
	}
	var out []string
	last := shown[len(shown)-1]
	if last.Year < year {
		out = append(out, fmt.Sprintf("Voor %d is er nog geen cijfer; het laatste is van %d.", year, last.Year))
	}
	out = append(out, fmt.Sprintf("In %d was %s %s.", last.Year, subject, val(last)))
	if len(shown) == 1 {
		out = append(out, "Er is geen eerdere meting om mee te vergelijken.")
	} else {
		out = append(out, describeMovement(shown, subject, val, diff, direction)...)
	}
	if len(suppressed) > 0 {
		out = append(out, "Onderdrukt omdat het over te weinig huishoudens gaat: "+strings.Join(suppressed, ", ")+".")
	}
	if len(hidden) > 0 {
		out = append(out, "Onderdrukt, "+indicator.SecondaryText+": "+strings.Join(hidden, ", ")+".")
	}
	return strings.Join(out, " ")
}

// describeMovement says how the last of shown (two or more) moved from the
// one before and from the first, and whether that is the good direction.
func describeMovement(shown []Point, subject string, val func(Point) string, diff func(float64) string, direction string) []string {
	var out []string
	last, prev, first := shown[len(shown)-1], shown[len(shown)-2], shown[0]
	d := round1(*last.Value) - round1(*prev.Value)
	switch {
	case d > 0:
		out = append(out, fmt.Sprintf("Dat is %s hoger dan in %d (%s).", diff(d), prev.Year, val(prev)))
	case d < 0:
		out = append(out, fmt.Sprintf("Dat is %s lager dan in %d (%s).", diff(d), prev.Year, val(prev)))
	default:
		out = append(out, fmt.Sprintf("Dat is evenveel als in %d.", prev.Year))
	}
	var total float64
	if len(shown) > 2 {
		total = round1(*last.Value) - round1(*first.Value)
		switch {
		case total > 0:
			out = append(out, fmt.Sprintf("Sinds %d (%s) is %s met %s gestegen.", first.Year, val(first), subject, diff(total)))
		case total < 0:
			out = append(out, fmt.Sprintf("Sinds %d (%s) is %s met %s gedaald.", first.Year, val(first), subject, diff(total)))
		default:
			out = append(out, fmt.Sprintf("Over de hele reeks sinds %d is %s gelijk gebleven.", first.Year, subject))
		}
	}
	if s := judgeMovement(direction, d, total, first.Year); s != "" {
		out = append(out, s)
	}
	return out
}

// judgeMovement says whether the last change d and the change since the
// first year total went the good direction; empty without a direction.
func judgeMovement(direction string, d, total float64, firstYear int) string {
	if direction != indicator.Up && direction != indicator.Down {
		return ""
	}
	better := "Hoger"
	if direction == indicator.Down {
		better = "Lager"
	}
	good := func(x float64) bool {
		return direction == indicator.Up && x > 0 || direction == indicator.Down && x < 0
	}
	word := func(x float64) string {
		if good(x) {
			return "gunstig"
		}
		return "ongunstig"
	}
	switch {
	case d != 0 && total != 0 && good(total) != good(d):
		return fmt.Sprintf("%s is beter: de laatste verandering is %s, de ontwikkeling sinds %d %s.", better, word(d), firstYear, word(total))
	case d != 0:
		return fmt.Sprintf("%s is beter, dus de laatste verandering is %s.", better, word(d))
	case total != 0:
		return fmt.Sprintf("%s is beter, dus de ontwikkeling sinds %d is %s.", better, firstYear, word(total))
	}
	return ""
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }

func notWired(what string) string {
	return "Nog geen gegevens: " + what + " is nog niet op dit rapport aangesloten."
}
