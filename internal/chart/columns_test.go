package chart

import (
	"strings"
	"testing"
	"time"
)

func TestColumns(t *testing.T) {
	c := Columns{Title: "Geld per jaar", Desc: "d", ID: "pm", Categories: []string{"2026", "2027"},
		Series: []ColumnSeries{
			{Name: "Beschikbaar", Values: []Column{{1927, true, false}, {800, true, false}}},
			{Name: "Ingezet", Values: []Column{{1927, true, false}, {1700, true, true}}, Fill: FillStripes},
			{Name: "Uitgegeven", Values: []Column{{1000, true, false}, {0, false, false}}, Fill: FillDots},
		},
		Notes: []string{"", "tekort 900"},
	}
	svg := c.SVG()
	wellFormed(t, svg)
	// Groups of 568/2 = 284 from x 56; bars take 80%: 227.2/3 = 75.73 each,
	// from 56 + 28.4. Scale 0..2000 from y 34 to 272: y(1927) = 42.7.
	// The second group's "Ingezet" bar starts at 340 + 28.4 + 75.73 = 444.1.
	has(t, svg,
		`viewBox="0 0 640.0 388.0"`, // 300 + 4 legend rows of 20 + 8
		`<rect x="85.4" y="42.7" width="73.7" height="229.3" fill="#154273"><title>Beschikbaar 2026: 1.927</title>`,
		`<rect x="445.1" y="69.7" width="73.7" height="202.3" fill="url(#pm-a1)" stroke="#D55E00" stroke-width="1.5" stroke-dasharray="4 2"><title>Ingezet 2027: 1.700</title>`,
		`fill="url(#pm-f2)"`, // the third series is dotted, not only another colour
		`font-weight="bold" fill="#a51d1d">tekort 900</text>`,
		`Gearceerd met stippellijn: planningsaanname, geen besluit`)
	if strings.Count(svg, "<title>Uitgegeven") != 1 {
		t.Error("a missing value got a bar")
	}
}

func TestTimeline(t *testing.T) {
	d := func(s string) time.Time { v, _ := time.Parse("2006-01-02", s); return v }
	c := Timeline{Title: "Planning L1", Desc: "d", From: d("2024-01-01"), To: d("2027-01-01"), Today: d("2025-07-02"),
		Rows: []TimelineRow{
			{Label: "L1-01 Regelingen vereenvoudigen: Kappen Regelingenwoud", Marks: []Mark{{Date: d("2025-01-01"), Label: "Brief klaar", Kind: MarkDone}, {Date: d("2025-07-01"), Label: "Website & app", Kind: MarkLate}}},
			{Label: "L1-02", Marks: []Mark{{Date: d("2026-01-01"), Kind: MarkPlanned}}},
		}}
	svg := c.SVG()
	wellFormed(t, svg)
	// 3 years (1096 days) over x 200..624 (424 wide): 2025-01-01 is day 366,
	// x = 200 + 424 × 366/1096 = 341.6, 2026-01-01 is day 731: 482.8; rows
	// centred at y 51 and 81.
	has(t, svg,
		`<circle cx="341.6" cy="51.0" r="7" fill="#1d6b27"/>`,
		`<title>Brief klaar</title>`,
		`<title>Website &amp; app</title>`,
		`>L1-01 Regelingen vereenv…</text>`,
		`<circle cx="482.8" cy="81.0" r="6" fill="#fff"`,
		`>vandaag</text>`, `>te laat</text>`, `>vervallen</text>`, `>2026</text>`)
}
