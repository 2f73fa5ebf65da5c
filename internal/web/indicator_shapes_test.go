package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/perspectief/perspectief/internal/trend"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/demo"
	"github.com/perspectief/perspectief/internal/geo"
	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

const oosterpark = `{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"wijkcode":"WK001404","wijknaam":"Oosterpark (ingelezen)"},"geometry":{"type":"Polygon","coordinates":[[[6.58,53.21],[6.60,53.21],[6.60,53.22],[6.58,53.22],[6.58,53.21]]]}}]}`

const oosterparkBuurt = `{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"buurtcode":"BU00140400","buurtnaam":"Oosterparkbuurt"},"geometry":{"type":"Polygon","coordinates":[[[6.58,53.21],[6.59,53.21],[6.59,53.22],[6.58,53.21]]]}}]}`

func TestShapesImport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := indicatorSite(t, db)
		if err := demo.SeedIndicators(ctx, db.Indicators()); err != nil {
			t.Fatal(err)
		}
		run := &indicator.TrendRun{Kind: "berekend", Source: "p.csv", Actor: "test", CreatedAt: time.Now()}
		tv := func(level, area string, num, den int64) trend.Row {
			return trend.MustRow("huishoudens_110", 2024, level, area, "totaal", num, den, false)
		}
		if err := db.Trends().SaveTrendRun(ctx, run, []trend.Row{tv("gemeente", "GM0014", 150, 1000), tv("wijk", "WK001404", 50, 200),
			tv("wijk", "WK001401", 10, 200), tv("buurt", "BU00140400", 5, 20), tv("buurt", "BU00140401", 45, 180)}); err != nil {
			t.Fatal(err)
		}

		// Every role sees where the outlines come from; only the beheerder
		// may import.
		for _, role := range account.Roles {
			c := s.login(byRole[role])
			r := c.get("/indicatoren/kaarten")
			wantStatus(t, r, http.StatusOK, string(role)+" GET /indicatoren/kaarten")
			mustContain(t, r, "Kaartbestanden", "Er is nog geen kaartbestand ingelezen.", "CBS Wijk- en buurtkaart 2024")
			form := strings.Contains(r.Body, `action="/indicatoren/kaarten"`)
			if form != (role == account.RoleAdmin) {
				t.Errorf("%s: upload form shown = %v", role, form)
			}
			if role != account.RoleAdmin {
				wantStatus(t, c.uploadTo("/indicatoren/kaarten", "k.geojson", []byte(oosterpark)), http.StatusForbidden, string(role)+" upload")
			}
		}
		c := s.login(admin)
		r := c.uploadTo("/indicatoren/kaarten", "", nil)
		wantStatus(t, r, http.StatusUnprocessableEntity, "upload without a file")
		mustContain(t, r, "Kies een kaartbestand (GeoJSON) om in te lezen.")
		bad := strings.Replace(oosterpark, `"WK001404"`, `"Oosterpark"`, 1)
		r = c.uploadTo("/indicatoren/kaarten", "fout.geojson", []byte(bad))
		wantStatus(t, r, http.StatusUnprocessableEntity, "upload a bad file")
		mustContain(t, r, "Het kaartbestand fout.geojson is geweigerd; er is niets ingelezen.",
			`fout.geojson: features[0].properties.wijkcode: "Oosterpark" is geen CBS-code van een wijk (WK en 6 tekens) of buurt (BU en 8 tekens)`)
		if sets, _ := db.Shapes().ShapeSets(ctx); len(sets) != 0 {
			t.Fatalf("a refused file stored shapes: %+v", sets)
		}
		r = c.get("/indicatoren/huishoudens_110")
		mustContain(t, r, "Oosterparkwijk WK001404 25%", "De vormen komen uit de CBS Wijk- en buurtkaart 2024")

		for _, f := range []struct{ name, src string }{{"wijk.geojson", oosterpark}, {"buurt.geojson", oosterparkBuurt}} {
			r = c.uploadTo("/indicatoren/kaarten", f.name, []byte(f.src))
			if r.Status != http.StatusSeeOther || r.Location != "/indicatoren/kaarten?melding=kaart" {
				t.Fatalf("upload %s: %d %s\n%s", f.name, r.Status, r.Location, text(r.Body))
			}
		}
		r = c.get("/indicatoren/kaarten?melding=kaart")
		mustContain(t, r, "Het kaartbestand is ingelezen.", "wijken 1 1 wijk.geojson Bea Beheer", "buurten 1 1 buurt.geojson Bea Beheer")
		if ev := lastAudit(t, db, "kaartbestand"); ev.Key != "buurt.geojson" || ev.Actor != admin || !strings.Contains(ev.After, `"buurten":1`) {
			t.Errorf("audit = %+v", ev)
		}

		// The maps now draw the imported outlines: one wijk, one buurt.
		r = c.get("/indicatoren/huishoudens_110")
		mustContain(t, r, "Oosterpark (ingelezen) WK001404 25%", "De vormen komen uit een ingelezen kaartbestand",
			"Zonder vorm op de kaart, wel in de tabellen: Oud-Zuid")
		if n := strings.Count(r.Body, "<path "); n != 1 {
			t.Errorf("%d areas on the wijk map, want the imported one", n)
		}
		r = c.get("/indicatoren/huishoudens_110?" + url.Values{"kaart": {geo.Buurt}}.Encode())
		mustContain(t, r, "Kaart van de buurten, 2024", "Oosterparkbuurt BU00140400 25%", "Zonder vorm op de kaart, wel in de tabellen: BU00140401")
		mustNotContain(t, r, "Gegenereerde buurtgrenzen")
	})
}

// lastAudit is the newest audit event about entity.
func lastAudit(t *testing.T, db *store.DB, entity string) account.AuditEvent {
	t.Helper()
	log, err := db.Accounts().AuditLog(context.Background(), 50, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range log {
		if ev.Entity == entity {
			return ev
		}
	}
	t.Fatalf("no audit event about %s", entity)
	return account.AuditEvent{}
}
