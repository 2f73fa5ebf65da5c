package report

import (
	"context"
	"fmt"
	"slices"
)

// buildDecisions lists the wegingskader rounds decided in the year, oldest
// first.
func buildDecisions(ctx context.Context, src DecisionSource, year int) (DecisionChapter, error) {
	var c DecisionChapter
	if src == nil {
		c.Missing = notWired("het wegingskader")
		return c, nil
	}
	ds, err := src.Decisions(ctx, year)
	if err != nil {
		return c, err
	}
	if len(ds) == 0 {
		c.Missing = fmt.Sprintf("Nog geen gegevens: in %d is er geen ronde van het wegingskader besloten.", year)
		return c, nil
	}
	slices.SortStableFunc(ds, func(a, b Decision) int { return a.Date.Compare(b.Date) })
	for _, d := range ds {
		for _, g := range d.Granted {
			c.Granted += g.Amount
		}
	}
	c.Rounds = ds
	return c, nil
}

// buildLessons lists the learning log's entries of the year, oldest first.
func buildLessons(ctx context.Context, src LessonSource, year int) (LessonChapter, error) {
	var c LessonChapter
	if src == nil {
		c.Missing = notWired("het leerlogboek")
		return c, nil
	}
	ls, err := src.Lessons(ctx, year)
	if err != nil {
		return c, err
	}
	if len(ls) == 0 {
		c.Missing = fmt.Sprintf("Nog geen gegevens: het leerlogboek heeft over %d nog geen lessen of besluiten.", year)
		return c, nil
	}
	slices.SortStableFunc(ls, func(a, b Lesson) int { return a.Date.Compare(b.Date) })
	c.Lessons = ls
	return c, nil
}
