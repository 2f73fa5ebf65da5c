package demo

import (
	"context"
	"time"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/datefmt"
	"github.com/perspectief/perspectief/internal/report"
)

// reportTexts are the demo's narrative texts for the yearly report: clearly
// example texts, written as a programme team might.
var reportTexts = map[string]string{
	report.Intro: "Dit is een voorbeeldtekst in de demo-omgeving; de cijfers in dit rapport zijn synthetisch.\n\n" +
		"In dit jaar lag de nadruk op het bereik van de regelingen en op vroegsignalering van schulden. Het programmateam beschrijft per hoofdstuk wat opviel en wat het daarvan leerde.",
	report.Trends: "Voorbeeldtekst. De trendcijfers komen uit een synthetisch panel en zeggen niets over de echte gemeente.\n\n" +
		"Het aandeel huishoudens met een laag inkomen daalt licht. De cijfers van de CBS-inkomensstatistiek lopen twee jaar achter; het programmateam volgt ze daarom samen met de signalen uit de wijken.",
	report.Interventions: "Voorbeeldtekst. De meeste interventies liggen op koers. Waar aandacht nodig is, gaat het vaak om capaciteit bij partners; daarover maakt het programmateam afspraken in het volgende tertiaal.",
}

// SeedReport stores the demo's narrative texts for the report on the year
// before now, the report the council receives in the second quarter.
func SeedReport(ctx context.Context, st report.Store, now time.Time) error {
	year := now.Year() - 1
	for _, c := range report.Chapters {
		text, ok := reportTexts[c.Key]
		if !ok {
			continue
		}
		n := report.Narrative{Year: year, Chapter: c.Key, Text: text, Version: 1, UpdatedAt: now.UTC(), UpdatedBy: "programmateam@demo.perspectief.nl"}
		if err := st.SaveNarrative(ctx, n); err != nil {
			return err
		}
	}
	return nil
}

// SeedTertial freezes the tertial report of the last finished tertial
// before now, the one the regiegroep discussed most recently, as its
// version 1 with an example note.
func SeedTertial(ctx context.Context, ts *report.TertialService, now time.Time) error {
	saved := ts.Now
	ts.Now = func() time.Time { return now }
	defer func() { ts.Now = saved }()
	p := perspectief.PeriodOf(now.In(datefmt.Amsterdam)).Prev()
	_, err := ts.FreezeTertial(ctx, seeder, p.String(), "(voorbeeld) Versie voor de vergadering van de regiegroep; de gegevens in de demo zijn synthetisch.")
	return err
}
