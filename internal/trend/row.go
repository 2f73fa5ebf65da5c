package trend

import "fmt"

// NewRow makes a row of the indicator table from its columns as written
// (indicator, jaar, niveau, gebied, groep, teller, noemer, onderdrukt),
// for a table kept elsewhere (stored, or made by hand in a test). A
// suppressed row keeps no numbers.
func NewRow(indicator string, year int, level, area, group string, num, den int64, suppressed bool) (Row, error) {
	ind, ok := parseIndicator([]byte(indicator))
	if !ok {
		return Row{}, fmt.Errorf("indicator %q is not one of the trendmonitor's", indicator)
	}
	lv, ok := parseLevel([]byte(level))
	if !ok {
		return Row{}, fmt.Errorf("level %q is not gemeente, wijk or buurt", level)
	}
	g, ok := parseGroup([]byte(group))
	if !ok {
		return Row{}, fmt.Errorf("group %q is not totaal, a type: or a bron: group", group)
	}
	r := Row{Indicator: ind, Year: year, Level: lv, Area: area, Group: g, Suppressed: suppressed}
	if !suppressed {
		r.Num, r.Den = num, den
	}
	return r, nil
}

// MustRow is NewRow for tables written in code; it panics on a bad column.
func MustRow(indicator string, year int, level, area, group string, num, den int64, suppressed bool) Row {
	r, err := NewRow(indicator, year, level, area, group, num, den, suppressed)
	if err != nil {
		panic(err)
	}
	return r
}
