package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/learning"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
	"github.com/perspectief/perspectief/internal/wegingskader"
)

// TestLearningRoundPicker: the learning log's form offers the wegingskader
// rounds by name with their years, without JavaScript; the chosen round is
// stored and found by the filter, which picks rounds the same way. A
// round that does not exist is refused on its field and nothing is stored.
func TestLearningRoundPicker(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := newSite(t, db)
		round, err := s.web.Wegingskader.AddRound(ctx, account.User{Email: team, Role: account.RoleTeam},
			wegingskader.RoundInput{Name: "Voorjaarsronde", Budget: wegingskader.Amounts{2026: 50000, 2027: 50000}})
		if err != nil {
			t.Fatal(err)
		}
		id := strconv.FormatInt(round.ID, 10)
		c := s.login(team)
		form := c.get("/leerlogboek/nieuw?soort=signaal")
		wantStatus(t, form, http.StatusOK, "form")
		mustHTML(t, form, `<label for="rondes">`, `<select id="rondes" name="rondes" aria-describedby="rondes-hint">`,
			`<option value="" selected>Geen ronde</option>`, `<option value="`+id+`">Voorjaarsronde (2026–2027)</option>`)

		entries := func() []learning.Entry {
			es, err := db.Learning().Entries(ctx, learning.Filter{})
			if err != nil {
				t.Fatal(err)
			}
			return es
		}
		before := len(entries())
		in := url.Values{"soort": {"signaal"}, "datum": {"2025-06-10"}, "titel": {"Aanvragen missen nazorg"}, "tekst": {"Bij de weging viel het op."},
			"bron": {"programmateam"}, "rondes": {"99"}}
		r := c.post("/leerlogboek/nieuw", in)
		wantStatus(t, r, http.StatusUnprocessableEntity, "an unknown round")
		mustContain(t, r, "Fout:", `"99" bestaat niet in het wegingskader`)
		mustHTML(t, r, `<a href="#rondes">`, `aria-invalid="true">`)
		if n := len(entries()); n != before {
			t.Fatalf("a refused entry was stored")
		}

		in.Set("rondes", id)
		r = c.post("/leerlogboek/nieuw", in)
		if r.Status != http.StatusSeeOther {
			t.Fatalf("entry with a round: %d\n%s", r.Status, text(r.Body))
		}
		es := entries()
		if len(es) != before+1 || len(es[0].Rounds) != 1 || es[0].Rounds[0] != id {
			t.Fatalf("stored rounds: %+v", es[0].Rounds)
		}
		list := c.get("/leerlogboek?ronde=" + id)
		wantStatus(t, list, http.StatusOK, "filter on the round")
		mustContain(t, list, "1 item gevonden", "Aanvragen missen nazorg")
		mustHTML(t, list, `<select id="ronde" name="ronde">`, `<option value="`+id+`" selected>Voorjaarsronde (2026–2027)</option>`)
		// The entry names the round and links to it.
		mustHTML(t, list, `<a class="tag" href="/wegingskader/rondes/`+id+`">ronde Voorjaarsronde (2026–2027)</a>`)
		mustHTML(t, c.get(r.Location), `<a href="/wegingskader/rondes/`+id+`">Voorjaarsronde (2026–2027)</a>`)
	})
}
