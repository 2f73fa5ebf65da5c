package learning_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/learning"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

// TestAddChecksRoundsExist: with a RoundChecker, an entry naming a round
// the wegingskader does not have is refused on the field rondes, in
// Dutch, and nothing is stored; an existing round is kept.
func TestAddChecksRoundsExist(t *testing.T) {
	db := storetest.SQLite(t)
	ctx := context.Background()
	if err := db.Programmes().ReplaceModel(ctx, programmeModel(), "team@example.nl"); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	ls := learning.NewService(db.Learning(), db.Programmes())
	ls.Now = func() time.Time { return now }
	ls.Rounds = func(_ context.Context, code string) bool { return code == "7" }
	team := account.User{Email: "team@example.nl", Name: "Team", Role: account.RoleTeam}
	e := learning.Entry{Kind: learning.Signal, Date: now, Title: "Weging", Text: "Viel op.", Source: "programmateam", Rounds: []string{"8"}}
	_, err := ls.Add(ctx, team, e)
	want := []perspectief.FieldError{{Path: "rondes", Message: `ronde "8" bestaat niet in het wegingskader`}}
	if perspectief.ErrorCode(err) != perspectief.CodeInvalid || !slices.Equal(perspectief.ErrorFields(err), want) {
		t.Fatalf("an unknown round: %v %+v", err, perspectief.ErrorFields(err))
	}
	if all, err := ls.Entries(ctx, learning.Filter{}); err != nil || len(all) != 0 {
		t.Fatalf("after a refusal: %d entries, %v", len(all), err)
	}
	e.Rounds = []string{"7"}
	got, err := ls.Add(ctx, team, e)
	if err != nil || !slices.Equal(got.Rounds, []string{"7"}) {
		t.Fatalf("an existing round: %v, %+v", err, got)
	}
}
