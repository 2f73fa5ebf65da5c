package web_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
	"github.com/perspectief/perspectief/internal/tabular"
)

// uploadTable is a trendmonitor table computed elsewhere in which one sum
// gives a suppressed cell away (WK001401 = its three buurten, one of them
// suppressed); secondary suppression hides BU00140101, the buurt with the
// fewest households.
const uploadTable = `indicator,jaar,niveau,gebied,groep,teller,noemer,waarde,onderdrukt
huishoudens_110,2031,gemeente,GM0014,totaal,11,74,14.864864864864865,0
huishoudens_110,2031,wijk,WK001401,totaal,11,74,14.864864864864865,0
huishoudens_110,2031,buurt,BU00140100,totaal,6,40,15,0
huishoudens_110,2031,buurt,BU00140101,totaal,5,30,16.666666666666668,0
huishoudens_110,2031,buurt,BU00140102,totaal,,,,1
`

var tokenField = regexp.MustCompile(`name="token" value="([^"]+)"`)

// confirmUpload sends the confirm button of an upload preview.
func (c *client) confirmUpload(path string, preview response) response {
	c.t.Helper()
	m := tokenField.FindStringSubmatch(preview.Body)
	if m == nil {
		c.t.Fatalf("no confirm button in\n%s", text(preview.Body))
	}
	return c.post(path, url.Values{"token": {m[1]}})
}

// TestTrendTableUpload: the programmateam uploads a table computed
// elsewhere, sees what it stores and how many sums exposed a suppressed
// cell, and confirms; nothing is stored before that, and the confirm
// button works once. Roles that may not store tables get no form.
func TestTrendTableUpload(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := newSite(t, db)
		const path = "/trendmonitor/inlezen"
		for _, role := range account.Roles {
			c := s.login(byRole[role])
			may := role == account.RoleAdmin || role == account.RoleTeam
			if link := strings.Contains(c.get("/trendmonitor").Body, `href="`+path+`"`); link != may {
				t.Errorf("%s: link to the upload shown = %v", role, link)
			}
			if !may {
				wantStatus(t, c.get(path), http.StatusForbidden, string(role)+" GET "+path)
				wantStatus(t, c.uploadTo(path, "cbs.csv", []byte(uploadTable)), http.StatusForbidden, string(role)+" upload")
			}
		}
		runs := func() int {
			rs, err := db.Trends().TrendRuns(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return len(rs)
		}
		before := runs()

		c := s.login(team)
		wantStatus(t, c.get(path), http.StatusOK, "GET "+path)
		r := c.uploadTo(path, "cbs.csv", []byte(uploadTable))
		wantStatus(t, r, http.StatusOK, "preview")
		mustContain(t, r, "De tabel cbs.csv is in orde. Er is nog niets opgeslagen.", "Rijen 5", "Jaren 2031", "Gemeenten Gemeente Groningen (2019) (GM0014)", "Gebieden 5",
			"Indicatoren Huishoudens tot 110% van het sociaal minimum (huishoudens_110)",
			"In de tabel maken 1 sommen een onderdrukte cel terug te rekenen", "Perspectief verbergt daarom nog 1 cel (")
		if n := runs(); n != before {
			t.Fatalf("the preview stored a run")
		}
		done := c.confirmUpload(path, r)
		if done.Status != http.StatusSeeOther || done.Location != "/trendmonitor?melding=trendtabel" {
			t.Fatalf("confirm: %d %s\n%s", done.Status, done.Location, text(done.Body))
		}
		if n := runs(); n != before+1 {
			t.Fatalf("runs %d, want %d", n, before+1)
		}
		cells, err := db.Trends().TrendValues(ctx, indicator.TrendFilter{Year: 2031, Level: "buurt"})
		if err != nil || len(cells) != 3 || cells[0].Suppressed || !cells[1].Secondary || cells[2].Secondary || !cells[2].Suppressed {
			t.Errorf("stored buurten: %+v %v", cells, err)
		}
		mustContain(t, c.get(done.Location), "De trendmonitortabel is opgeslagen, met secundaire onderdrukking.")
		again := c.confirmUpload(path, r)
		wantStatus(t, again, http.StatusConflict, "second confirm")
		mustContain(t, again, "Dit bestand is al ingelezen")
		if n := runs(); n != before+1 {
			t.Errorf("the second confirm stored a run")
		}
	})
}

// TestTrendTableUploadRefused: a table that lacks the household counts
// the rule needs is refused, naming the cells; a bad field is named by
// file, line and column. Nothing is stored.
func TestTrendTableUploadRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		c := s.login(admin)
		uncounted := strings.ReplaceAll(uploadTable, "huishoudens_110", "minderjarigen_110")
		r := c.uploadTo("/trendmonitor/inlezen", "cbs.csv", []byte(uncounted))
		wantStatus(t, r, http.StatusUnprocessableEntity, "uncounted table")
		mustContain(t, r, "cbs.csv: tabel geweigerd, er is niets opgeslagen. 1 sommen maken een onderdrukte cel terug te rekenen",
			"minderjarigen_110 2031 buurt BU00140100 totaal", "minderjarigen_110 2031 buurt BU00140101 totaal")
		if tokenField.MatchString(r.Body) {
			t.Error("a refused table has a confirm button")
		}
		r = c.uploadTo("/trendmonitor/inlezen", "fout.csv", []byte(strings.Replace(uploadTable, ",5,30,", ",50,30,", 1)))
		wantStatus(t, r, http.StatusUnprocessableEntity, "bad table")
		mustContain(t, r, "fout.csv:5: kolom noemer:")
		cells, err := db.Trends().TrendValues(context.Background(), indicator.TrendFilter{Year: 2031})
		if err != nil || len(cells) != 0 {
			t.Errorf("refused tables stored %d cells (%v)", len(cells), err)
		}
	})
}

// TestValuesUpload: values from a CSV or Excel file, preview then
// confirm; a file with a bad cell is refused naming file, line and
// column.
func TestValuesUpload(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := newSite(t, db)
		const path = "/indicatoren/inlezen"
		if strings.Contains(s.login(reader).get("/indicatoren").Body, `href="`+path+`"`) {
			t.Error("a reader sees the link to the upload")
		}
		c := s.login(team)
		if !strings.Contains(c.get("/indicatoren").Body, `href="`+path+`"`) {
			t.Error("the team does not see the link to the upload")
		}
		csv := "indicator,periode,gebied,groep,waarde,teller,noemer,marge,bron,toelichting\n" +
			"o3_vroegsignalen,2031-Q1,GM0014,totaal,3,,,,Eigen registratie,\n" +
			"o3_vroegsignalen,2031-Q2,GM9999,totaal,4,,,,Eigen registratie,\n"
		r := c.uploadTo(path, "fout.csv", []byte(csv))
		wantStatus(t, r, http.StatusUnprocessableEntity, "bad file")
		mustContain(t, r, "Het bestand fout.csv is geweigerd; er is niets ingelezen.", `fout.csv:3: gebied: "GM9999" staat niet in het gebiedenregister`)

		vals, err := indicator.ReadValues("w.csv", strings.NewReader(strings.Replace(csv, "GM9999", "GM0014", 1)), mustReg(t))
		if err != nil {
			t.Fatal(err)
		}
		var xlsx bytes.Buffer
		if err := tabular.WriteXLSX(&xlsx, indicator.ValuesTable(vals)); err != nil {
			t.Fatal(err)
		}
		r = c.uploadTo(path, "waarden.xlsx", xlsx.Bytes())
		wantStatus(t, r, http.StatusOK, "preview")
		mustContain(t, r, "Het bestand waarden.xlsx is in orde. Er is nog niets opgeslagen. Na bevestigen worden 2 waarden opgeslagen: 2 nieuw en 0 ter vervanging",
			"o3_vroegsignalen", "2031-Q1, 2031-Q2", "Gebieden (1): GM0014")
		stored := func() int {
			vs, err := db.Indicators().StoredValues(ctx, indicator.ValueFilter{Indicator: "o3_vroegsignalen"})
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, v := range vs {
				if v.Period.Year == 2031 {
					n++
				}
			}
			return n
		}
		if n := stored(); n != 0 {
			t.Fatalf("the preview stored %d values", n)
		}
		done := c.confirmUpload(path, r)
		if done.Status != http.StatusSeeOther || done.Location != "/indicatoren?melding=waarden-ingelezen" {
			t.Fatalf("confirm: %d %s\n%s", done.Status, done.Location, text(done.Body))
		}
		if n := stored(); n != 2 {
			t.Errorf("stored %d values of 2031, want 2", n)
		}
	})
}

func mustReg(t *testing.T) *indicator.Register {
	t.Helper()
	reg, err := indicator.DefaultRegister()
	if err != nil {
		t.Fatal(err)
	}
	return reg
}
