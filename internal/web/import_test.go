package web_test

import (
	"bytes"
	"context"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/perspectief/perspectief/internal/demo"
	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/programme"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

// TestImportPreviewAndRestore: the first 60% of an exported programme is
// previewed with its removals and not applied until they are confirmed; a
// stale preview is refused; a beheerder restores the version before.
func TestImportPreviewAndRestore(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := newSite(t, db)
		ad := s.login(admin)
		file := ad.get("/programma/export").Body
		cut := file[:len(file)*6/10]
		for {
			cut = cut[:strings.LastIndexByte(cut, '\n')+1]
			if _, err := programme.ReadFile("x", strings.NewReader(cut)); err == nil {
				break
			}
			cut = cut[:len(cut)-1]
		}
		before, _ := db.Programmes().Model(ctx)
		v0, _ := db.Programmes().CurrentVersion(ctx)

		r := ad.upload("programma.yaml", []byte(cut))
		wantStatus(t, r, http.StatusOK, "preview of the truncated file")
		mustContain(t, r, "Controleer de wijzigingen", "worden verwijderd", "Verwijderd: interventie", "Verwijderd: begrotingsregel", "Ja, verwijder deze")
		same := func(what string) {
			t.Helper()
			now, _ := db.Programmes().Model(ctx)
			if d := programme.Diff(before, now); len(d) != 0 {
				t.Fatalf("%s changed the programme: %v", what, d)
			}
		}
		same("the preview")

		// Confirming without ticking the removals: refused, shown again.
		r2 := ad.confirmImport(r, false)
		wantStatus(t, r2, http.StatusUnprocessableEntity, "confirm without consent")
		mustContain(t, r2, "Bevestig dat de onderdelen hieronder verwijderd mogen worden")
		same("confirming without consent")

		// Someone else imports in between: the preview is stale.
		other := s.login(team)
		other.importModel(other.export())
		stale := ad.confirmImport(r, true)
		wantStatus(t, stale, http.StatusConflict, "stale confirmation")
		mustContain(t, stale, "Het programma is gewijzigd sinds u dit bestand controleerde")
		same("a stale confirmation")

		// Confirmed against the current version: applied.
		ok := ad.confirmImport(stale, true)
		wantStatus(t, ok, http.StatusSeeOther, "confirmed import")
		now, _ := db.Programmes().Model(ctx)
		if len(now.Interventions) >= len(before.Interventions) || len(now.Budget.Allocated) != 0 {
			t.Fatalf("after the import: %d interventions, %d budget rows", len(now.Interventions), len(now.Budget.Allocated))
		}

		// The beheerder restores the version before the import.
		cur, _ := db.Programmes().CurrentVersion(ctx)
		form := ad.get("/programma/versies/" + strconv.Itoa(cur-1) + "/terugzetten")
		wantStatus(t, form, http.StatusOK, "restore form")
		mustContain(t, form, "Toegevoegd: interventie", "Versie "+strconv.Itoa(cur-1)+" terugzetten")
		wantStatus(t, s.login(team).post("/programma/versies/"+strconv.Itoa(cur-1)+"/terugzetten", nil), http.StatusForbidden, "restore by the programmateam")
		res := ad.post("/programma/versies/"+strconv.Itoa(cur-1)+"/terugzetten", url.Values{"basisversie": {strconv.Itoa(cur)}})
		wantStatus(t, res, http.StatusSeeOther, "restore")
		mustContain(t, ad.get(res.Location), "De eerdere versie is teruggezet", "Eerdere versie teruggezet")
		same("restoring the version before the import")
		if v, _ := db.Programmes().CurrentVersion(ctx); v != cur+1 || v0 >= v {
			t.Errorf("version after restore %d, want %d", v, cur+1)
		}
		// A second, stale restore form changes nothing.
		wantStatus(t, ad.post("/programma/versies/"+strconv.Itoa(cur)+"/terugzetten", url.Values{"basisversie": {strconv.Itoa(cur)}}), http.StatusConflict, "stale restore")
		same("a stale restore")
	})
}

// TestExtremeStoredAmounts: a budget stored before amounts were bounded
// (1e308, which the import now refuses) cannot break a page.
func TestExtremeStoredAmounts(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := pmSite(t, db)
		m, _ := db.Programmes().Model(ctx)
		m.Budget.Available[0].Amounts[2024] = 1e308
		m.Budget.Allocated[0].Amounts[2024] = -1e308
		m.Budget.Allocated[1].Amounts[2025] = math.MaxFloat64
		if err := db.Programmes().ReplaceModel(ctx, m, "test"); err != nil {
			t.Fatal(err)
		}
		c := s.login(reader)
		for _, path := range []string{"/begroting", "/procesmonitor", "/procesmonitor/lijnen/L1", "/procesmonitor/vastgelegd", "/programma/export", "/rapportage/2025", "/"} {
			r := c.get(path)
			wantStatus(t, r, http.StatusOK, path)
		}
		// Indicator values past the bounds, stored directly.
		if err := demo.SeedIndicators(ctx, db.Indicators()); err != nil {
			t.Fatal(err)
		}
		for i, v := range []float64{1e308, -1e308, 1e300} {
			huge := v
			err := db.Indicators().SaveValue(ctx, indicator.Value{Indicator: "individuele_inkomenstoeslag", Period: indicator.YearPeriod(2019 + i), Area: "GM0014", Group: indicator.TotalGroup,
				Value: v, Num: &huge, Den: &huge, Source: "test"}, "test")
			if err != nil {
				t.Fatal(err)
			}
		}
		for _, path := range []string{"/indicatoren", "/indicatoren/individuele_inkomenstoeslag", "/indicatoren/individuele_inkomenstoeslag?gebied=GM0014"} {
			wantStatus(t, c.get(path), http.StatusOK, path)
		}
		var buf bytes.Buffer
		if err := programme.WriteFile(&buf, m); err != nil {
			t.Fatal(err)
		}
		r := s.login(admin).upload("programma.yaml", buf.Bytes())
		wantStatus(t, r, http.StatusUnprocessableEntity, "import of 1e308")
		mustContain(t, r, "begroting.beschikbaar[0].bedragen", "groter dan")
	})
}
