package report

import "testing"

func pt(year int, v float64) Point { return Point{Year: year, Value: &v} }

func suppressed(year int) Point { return Point{Year: year, Suppressed: true} }

// TestDescribe checks the generated text against series worked out by hand.
func TestDescribe(t *testing.T) {
	cases := []struct {
		name, unit, dir string
		year            int
		pts             []Point
		want            string
	}{
		{"no values", "procent", "omlaag", 2023, nil,
			"Tot en met 2023 is er nog geen waarde bekend."},
		{"all suppressed", "procent", "omlaag", 2023, []Point{suppressed(2022), suppressed(2023)},
			"Tot en met 2023 zijn alle waarden onderdrukt, omdat ze over te weinig huishoudens gaan."},
		{"one value", "procent", "omlaag", 2023, []Point{pt(2023, 9.8)},
			"In 2023 was het aandeel 9,8%. Er is geen eerdere meting om mee te vergelijken."},
		// 9,8 - 9,5 = +0,3 (worse, lower is better); 9,8 - 10 = -0,2 (better).
		{"short and long term differ", "procent", "omlaag", 2023, []Point{pt(2021, 10), pt(2022, 9.5), pt(2023, 9.8)},
			"In 2023 was het aandeel 9,8%. Dat is 0,3 procentpunt hoger dan in 2022 (9,5%). Sinds 2021 (10%) is het aandeel met 0,2 procentpunt gedaald. " +
				"Lager is beter: de laatste verandering is ongunstig, de ontwikkeling sinds 2021 gunstig."},
		{"report year without a figure yet", "procent", "omlaag", 2025, []Point{pt(2022, 9.5), pt(2023, 9.8)},
			"Voor 2025 is er nog geen cijfer; het laatste is van 2023. In 2023 was het aandeel 9,8%. Dat is 0,3 procentpunt hoger dan in 2022 (9,5%). " +
				"Lager is beter, dus de laatste verandering is ongunstig."},
		{"counts, higher is better", "aantal", "omhoog", 2020, []Point{pt(2019, 1200), pt(2020, 1250)},
			"In 2020 was het aantal 1.250. Dat is 50 hoger dan in 2019 (1.200). Hoger is beter, dus de laatste verandering is gunstig."},
		// 9,54 and 9,46 both show as 9,5: the text must not call that a change.
		{"equal as shown", "procent", "omlaag", 2020, []Point{pt(2019, 9.54), pt(2020, 9.46)},
			"In 2020 was het aandeel 9,5%. Dat is evenveel als in 2019."},
		{"no good direction", "procent", "geen", 2020, []Point{pt(2019, 5), pt(2020, 6)},
			"In 2020 was het aandeel 6%. Dat is 1 procentpunt hoger dan in 2019 (5%)."},
		{"a suppressed year in between", "procent", "omlaag", 2021, []Point{pt(2019, 10), suppressed(2020), pt(2021, 9)},
			"In 2021 was het aandeel 9%. Dat is 1 procentpunt lager dan in 2019 (10%). Lager is beter, dus de laatste verandering is gunstig. " +
				"Onderdrukt omdat het over te weinig huishoudens gaat: 2020."},
		{"a year hidden by secondary suppression", "procent", "omlaag", 2021, []Point{pt(2019, 10), {Year: 2020, Suppressed: true, Secondary: true}, pt(2021, 9)},
			"In 2021 was het aandeel 9%. Dat is 1 procentpunt lager dan in 2019 (10%). Lager is beter, dus de laatste verandering is gunstig. " +
				"Onderdrukt, verborgen zodat de kleine cel niet terug te rekenen is: 2020."},
		{"back where it started", "procent", "omlaag", 2021, []Point{pt(2019, 10), pt(2020, 11), pt(2021, 10)},
			"In 2021 was het aandeel 10%. Dat is 1 procentpunt lager dan in 2020 (11%). Over de hele reeks sinds 2019 is het aandeel gelijk gebleven. " +
				"Lager is beter, dus de laatste verandering is gunstig."},
		{"no change lately, a fall since the start", "procent", "omlaag", 2021, []Point{pt(2019, 12), pt(2020, 10), pt(2021, 10)},
			"In 2021 was het aandeel 10%. Dat is evenveel als in 2020. Sinds 2019 (12%) is het aandeel met 2 procentpunt gedaald. " +
				"Lager is beter, dus de ontwikkeling sinds 2019 is gunstig."},
		{"other unit", "euro", "omhoog", 2021, []Point{pt(2020, 100), pt(2021, 90.25)},
			"In 2021 was de waarde 90,3. Dat is 9,7 lager dan in 2020 (100). Hoger is beter, dus de laatste verandering is ongunstig."},
	}
	for _, c := range cases {
		if got := Describe(c.unit, c.dir, c.year, c.pts); got != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
	}
}
