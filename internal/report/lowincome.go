package report

import (
	"context"
	"fmt"
	"strings"

	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/numfmt"
)

// The trend chapter's two texts on the trendmonitor's detail (monitoringplan
// 3.1 b and d, spec section 6): for whom a low income is most common, and
// how the use of the Participatiewet, the Jeugdwet and the Wmo moved among
// households with a low income. Both are made from the stored values, up to
// the report's year, for the gemeente of the main series.

// lowIncomeIndicator is the figure the groups are compared on.
const lowIncomeIndicator = "huishoudens_110"

// usageIndicators are the trendmonitor's usage indicators (spec section 6),
// in the order the report names them, each with the law it is about.
var usageIndicators = []struct{ Code, Law string }{
	{"gebruik_participatiewet_110", "Participatiewet (uitkering of voorziening)"},
	{"gebruik_jeugdwet_110", "Jeugdwet (jeugdhulp)"},
	{"gebruik_wmo_110", "Wmo (voorziening)"},
}

// lowIncomeGroups writes, per breakdown of the trendmonitor, which group
// had the highest share of households with a low income in the latest year
// up to year, with that share and the gemeente's. Suppressed cells are never
// named; a breakdown with only suppressed cells says so. Nothing when the
// gemeente has no group figures.
func lowIncomeGroups(ctx context.Context, src IndicatorSource, reg *indicator.Register, year int) ([]string, error) {
	vals, err := src.Values(ctx, indicator.ValueFilter{Indicator: lowIncomeIndicator, Gemeente: true})
	if err != nil {
		return nil, err
	}
	vals = yearly(vals, year)
	area, _ := reg.MainSeries(vals, indicator.TotalGroup)
	if area == "" {
		return nil, nil
	}
	latest := 0
	for _, v := range vals {
		if v.Area == area && v.Group != indicator.TotalGroup {
			latest = max(latest, v.Period.Year)
		}
	}
	if latest == 0 {
		return nil, nil
	}
	cells := map[string]indicator.Cell{}
	for _, v := range vals {
		if v.Area == area && v.Period.Year == latest {
			cells[v.Group] = indicator.Cell{Value: v, Found: true}
		}
	}
	gemeente := "Voor de hele gemeente is het cijfer onderdrukt."
	if v, ok := cells[indicator.TotalGroup].Number(); ok {
		gemeente = fmt.Sprintf("In de hele gemeente is dat %s.", numfmt.Dutch1(v, true))
	}
	out := []string{fmt.Sprintf("Bij welke huishoudens komt een laag inkomen (tot 110%% van het sociaal minimum) het vaakst voor? Dit zijn de cijfers van %d voor %s.", latest, reg.AreaName(area))}
	for _, b := range indicator.TrendBreakdowns {
		if s := highestGroup(b, cells, gemeente); s != "" {
			out = append(out, s)
		}
	}
	if len(out) == 1 {
		return nil, nil
	}
	return out, nil
}

// highestGroup is the sentence on one breakdown: the group (or groups, when
// equal as shown to one decimal) with the highest share; "" when the
// breakdown has no stored cells.
func highestGroup(b indicator.Breakdown, cells map[string]indicator.Cell, gemeente string) string {
	var top []string
	var best float64
	found, suppressed := 0, 0
	for _, it := range b.Items {
		c, ok := cells[it.Code]
		if !ok {
			continue
		}
		found++
		v, ok := c.Number()
		if !ok {
			if c.Suppressed {
				suppressed++
			}
			continue
		}
		switch v = round1(v); {
		case len(top) == 0 || v > best:
			top, best = []string{it.Label}, v
		case v == best:
			top = append(top, it.Label)
		}
	}
	if found == 0 {
		return ""
	}
	var s string
	switch len(top) {
	case 0:
		s = fmt.Sprintf("%s: alle cijfers zijn onderdrukt, omdat ze over te weinig huishoudens gaan.", b.Heading)
	case 1:
		s = fmt.Sprintf("%s: het vaakst bij de groep ‘%s’. Van deze huishoudens heeft %s een laag inkomen. %s", b.Heading, top[0], numfmt.Dutch1(best, true), gemeente)
	default:
		s = fmt.Sprintf("%s: het vaakst bij de groepen %s. Van elk van deze groepen heeft %s een laag inkomen. %s", b.Heading, quotedList(top), numfmt.Dutch1(best, true), gemeente)
	}
	if suppressed > 0 && len(top) > 0 {
		if suppressed == 1 {
			s += " Het cijfer van 1 groep is onderdrukt, omdat het over te weinig huishoudens gaat; die groep telt hier niet mee."
		} else {
			s += fmt.Sprintf(" De cijfers van %d groepen zijn onderdrukt, omdat ze over te weinig huishoudens gaan; die groepen tellen hier niet mee.", suppressed)
		}
	}
	return s
}

// quotedList joins labels as ‘a’, ‘b’ en ‘c’.
func quotedList(labels []string) string {
	q := make([]string, len(labels))
	for i, l := range labels {
		q[i] = "‘" + l + "’"
	}
	return strings.Join(q[:len(q)-1], ", ") + " en " + q[len(q)-1]
}

// usageMovement writes, per usage indicator, its gemeente value in the
// first and the latest year up to year (suppressed years are skipped and
// named), and how much it moved. Nothing when none of them has a value.
func usageMovement(ctx context.Context, src IndicatorSource, reg *indicator.Register, year int) ([]string, error) {
	var out []string
	for _, u := range usageIndicators {
		vals, err := src.Values(ctx, indicator.ValueFilter{Indicator: u.Code, Group: indicator.TotalGroup, Gemeente: true})
		if err != nil {
			return nil, err
		}
		_, series := reg.MainSeries(yearly(vals, year), indicator.TotalGroup)
		if len(series) == 0 {
			continue
		}
		out = append(out, usageSentence(u.Law, series))
	}
	return out, nil
}

// usageSentence says where one usage series started and where it stands.
func usageSentence(name string, series []indicator.Value) string {
	var shown []indicator.Value
	var suppressed []string
	for _, v := range series {
		if _, ok := (indicator.Cell{Value: v, Found: true}).Number(); ok {
			shown = append(shown, v)
		} else if v.Suppressed {
			suppressed = append(suppressed, fmt.Sprint(v.Period.Year))
		}
	}
	var s string
	switch {
	case len(shown) == 0:
		return fmt.Sprintf("%s: alle cijfers zijn onderdrukt, omdat ze over te weinig huishoudens gaan.", name)
	case len(shown) == 1:
		s = fmt.Sprintf("%s: %s in %d. Er is geen eerdere meting om mee te vergelijken.", name, numfmt.Dutch1(shown[0].Value, true), shown[0].Period.Year)
	default:
		first, last := shown[0], shown[len(shown)-1]
		s = fmt.Sprintf("%s: %s in %d en %s in %d.", name, numfmt.Dutch1(first.Value, true), first.Period.Year, numfmt.Dutch1(last.Value, true), last.Period.Year)
		switch d := round1(last.Value) - round1(first.Value); {
		case d > 0:
			s += fmt.Sprintf(" Dat is %s procentpunt meer.", numfmt.Dutch1(d, false))
		case d < 0:
			s += fmt.Sprintf(" Dat is %s procentpunt minder.", numfmt.Dutch1(-d, false))
		default:
			s += " Dat is evenveel."
		}
	}
	if len(suppressed) > 0 {
		s += " Onderdrukt omdat het over te weinig huishoudens gaat: " + strings.Join(suppressed, ", ") + "."
	}
	return s
}
