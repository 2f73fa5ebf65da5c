package indicator

import "testing"

func TestMainSeries(t *testing.T) {
	reg := &Register{Areas: []Area{
		{Code: "GM0014", Name: "Groningen", Kind: "cbs", Level: "gemeente"},
		{Code: "groningen_oud", Name: "Groningen (oud)", Kind: "eigen", Level: "gemeente"},
		{Code: "ois_selwerd", Name: "Selwerd", Kind: "eigen", Level: "wijk"},
	}}
	v := func(area string, year int, group string) Value {
		return Value{Indicator: "x", Period: YearPeriod(year), Area: area, Group: group}
	}
	vals := []Value{
		v("groningen_oud", 2014, TotalGroup), v("ois_selwerd", 2016, TotalGroup), v("groningen_oud", 2018, TotalGroup),
		v("GM0014", 2018, TotalGroup), v("GM0014", 2019, "65+"), v("GM0099", 2017, TotalGroup),
	}
	// GM0014 and groningen_oud both reach 2018: the CBS area leads; a wijk
	// never does, nor another group's later value.
	area, series := reg.MainSeries(vals, TotalGroup)
	if area != "GM0014" || len(series) != 1 || series[0].Period.Year != 2018 {
		t.Errorf("main series %s %+v, want GM0014 with 2018", area, series)
	}
	if area, _ := reg.MainSeries(vals[:2], TotalGroup); area != "groningen_oud" {
		t.Errorf("with only the own gemeente area: %q", area)
	}
	if area, s := reg.MainSeries(vals[1:2], TotalGroup); area != "" || s != nil {
		t.Errorf("with only a wijk: %q %v", area, s)
	}
	if !reg.IsGemeente("GM0099") || reg.IsGemeente("ois_selwerd") || reg.IsGemeente("WK001401") {
		t.Error("IsGemeente: an unregistered GM code is a gemeente; wijken are not")
	}
}
