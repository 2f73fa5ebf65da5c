package web_test

import (
	"context"
	"encoding/csv"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/demo"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
	"github.com/perspectief/perspectief/internal/tabular"
	"github.com/xuri/excelize/v2"
)

// pmSite is the demo site with the procesmonitor and its synthetic history,
// on the tests' fixed day (16 June 2025).
func pmSite(t *testing.T, db *store.DB) *site {
	t.Helper()
	s := newSite(t, db)
	if err := demo.SeedProcesmonitor(context.Background(), storetest.Demo(db), now); err != nil {
		t.Fatalf("seed procesmonitor: %v", err)
	}
	return s
}

func TestProcesmonitorPage(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := pmSite(t, db)
		c := s.login(reader)
		r := c.get("/procesmonitor")
		wantStatus(t, r, http.StatusOK, "procesmonitor")
		mustContain(t, r, "Procesmonitor", "Stand: 16 juni 2025", "Synthetische uitgaven",
			// The 2027 gap at a glance, with what it rests on.
			"Meer ingezet dan beschikbaar", "2027: tekort € 900.000. Ingezet € 1.700.000 (planningsaanname), beschikbaar € 800.000.",
			"2028: tekort € 1.350.000. Ingezet € 1.700.000 (planningsaanname), beschikbaar € 350.000 (planningsaanname).",
			"Planningsaanname, geen besluit.",
			// The early warnings of the synthetic history, in words.
			"Signalen 2025", "Dreigt overschrijding L2.1 Versterken financiële dienstverlening in de wijk",
			"Dreigt onderbesteding L1.3 Verbetering informatievoorziening",
			"Hoe de prognose wordt berekend", "boven 105% van de inzet", "onder 75% van de inzet",
			"Prognose 2025 per post (× € 1.000), stand 16 juni 2025", "Geboekt op de lijn zelf, niet op een post", "Totaal programma",
			"seizoenspatroon 2024 (")
		if !strings.Contains(r.Body, `<svg class="column-chart"`) || !strings.Contains(r.Body, "<title>Geld per jaar") {
			t.Error("no chart with a title")
		}
		if !strings.Contains(r.Body, `href="/procesmonitor" aria-current="page"`) {
			t.Error("Procesmonitor is not the current item of the main navigation")
		}
		// The table carries the same numbers: 2027 allocated as an assumption
		// and short.
		page := text(r.Body)
		if !strings.Contains(page, "2027 800 1.700 aanname tekort") {
			t.Errorf("the year table does not show 2027 as 800 available, 1.700 allocated (assumed, short):\n%s", page)
		}

		dl := c.get("/procesmonitor?formaat=csv")
		wantStatus(t, dl, http.StatusOK, "csv")
		if ct := dl.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
			t.Errorf("Content-Type %q", ct)
		}
		rows, err := csv.NewReader(strings.NewReader(dl.Body)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"programma", "", "Naar een zeker bestaan met perspectief", "2027", "800000", "1700000", "0", "", "", "900000", "ja"}
		found := false
		for _, row := range rows {
			found = found || strings.Join(row, "|") == strings.Join(want, "|")
		}
		if rows[0][0] != "niveau" || !found {
			t.Errorf("csv lacks the row %v:\n%s", want, dl.Body)
		}

		// The page names the three downloads for whom they are; the CSV
		// for Excel and the workbook hold the same row.
		mustContain(t, r, "Excel (XLSX)", "CSV voor Excel", "CSV voor scripts")
		dl = c.get("/procesmonitor?formaat=csv-excel")
		wantStatus(t, dl, http.StatusOK, "csv-excel")
		if !strings.HasPrefix(dl.Body, "\uFEFFniveau;code;naam;jaar;") || !strings.Contains(dl.Body, "\r\nprogramma;;Naar een zeker bestaan met perspectief;2027;800000;1700000;0;;;900000;ja\r\n") {
			t.Errorf("csv for Excel lacks the byte order mark, semicolons or the row:\n%q", dl.Body)
		}
		dl = c.get("/procesmonitor?formaat=xlsx")
		wantStatus(t, dl, http.StatusOK, "xlsx")
		wb, err := excelize.OpenReader(strings.NewReader(dl.Body))
		if err != nil {
			t.Fatalf("xlsx does not open: %v", err)
		}
		defer wb.Close()
		recs, err := tabular.SheetRecords(wb, "procesmonitor")
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(recs, func(row []string) bool { return slices.Equal(row, want) }) {
			t.Errorf("xlsx lacks the row %v: %q", want, recs)
		}
		wantStatus(t, c.get("/procesmonitor?formaat=pdf"), http.StatusBadRequest, "unknown format")

		// The budget page names each source's years and each item's code.
		mustContain(t, c.get("/begroting"), "SPUK Kansrijke Wijk - armoede looptijd 2024 t/m 2026",
			"Korting wegvallen enveloppe re-integratie, armoede en schulden looptijd vanaf 2027", "L2.1 Versterken financiële dienstverlening in de wijk")

		// A year in the past: the forecast is what was spent.
		r = c.get("/procesmonitor?jaar=2024")
		wantStatus(t, r, http.StatusOK, "2024")
		mustContain(t, r, "Prognose 2024 per post", "jaar afgesloten")
		wantStatus(t, c.get("/procesmonitor?jaar=2031"), http.StatusBadRequest, "year outside the budget")
		wantStatus(t, c.get("/procesmonitor?jaar=twee"), http.StatusBadRequest, "not a year")
	})
}

func TestProcesmonitorLinePage(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := pmSite(t, db)
		c := s.login(expert)
		r := c.get("/procesmonitor/lijnen/L1")
		wantStatus(t, r, http.StatusOK, "line page")
		mustContain(t, r, "L1 Fatsoenlijk inkomen Geld en planning", "niet over de lijnen verdeeld",
			"Geld per jaar voor L1 Fatsoenlijk inkomen", "Totaal L1", "Planning", "Mijlpalen van L1, op datum",
			"L1-01", "Plan van aanpak vastgesteld (voorbeeld)", "Gereed", "Te laat")
		if !strings.Contains(r.Body, `<svg class="timeline-chart"`) || !strings.Contains(r.Body, ">vandaag</text>") {
			t.Error("no timeline with today's line")
		}
		// L1 carries its structural items into 2027: 300 + 250 + 100.
		if !strings.Contains(text(r.Body), "2027 650 aanname") {
			t.Errorf("L1's 2027 allocation is not shown as an assumption of 650:\n%s", text(r.Body))
		}
		dl := c.get("/procesmonitor/lijnen/L1?formaat=csv")
		wantStatus(t, dl, http.StatusOK, "line csv")
		if !strings.Contains(dl.Body, "lijn,L1,Fatsoenlijk inkomen,2027,,650000,") || strings.Contains(dl.Body, "programma,") {
			t.Errorf("line csv:\n%s", dl.Body)
		}
		wantStatus(t, c.get("/procesmonitor/lijnen/L9"), http.StatusNotFound, "unknown line")
	})
}

func TestSpendingUpload(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := pmSite(t, db)
		ctx := context.Background()
		count := func() int {
			bs, err := db.Procesmonitor().Bookings(ctx, 0)
			if err != nil {
				t.Fatal(err)
			}
			return len(bs)
		}
		before := count()
		c := s.login(team)
		page := c.get("/procesmonitor/uitgaven")
		mustContain(t, page, "Uitgaven inlezen", "boekdatum,lijn_of_post,bedrag,omschrijving,referentie", "demo-uitgaven (synthetisch).csv", "synthetisch")

		good := "boekdatum;lijn_of_post;bedrag;omschrijving;referentie\n" +
			"2025-06-02;L1.2;12500,00;Kindpassen juni;FIN-2025-0001\n" +
			"2025-06-03;L3;-250;Correctie zaalhuur;FIN-2025-0002\n"
		r := c.uploadTo("/procesmonitor/uitgaven", "juni.csv", []byte(good))
		wantStatus(t, r, http.StatusOK, "preview")
		mustContain(t, r, "Controleer de uitgaven juni.csv", "Er is nog niets opgeslagen. Het bestand heeft 2 boekingen: 2 zijn nieuw (samen € 12.250,00)")
		if n := count(); n != before {
			t.Fatalf("the preview stored %d bookings", n-before)
		}
		r = c.confirmSpending(r)
		wantStatus(t, r, http.StatusSeeOther, "confirm")
		page = c.get(r.Location)
		mustContain(t, page, "De uitgaven zijn ingelezen.", "juni.csv", "FIN-2025-0001", "12.500,00", "−250,00")
		if n := count(); n != before+2 {
			t.Fatalf("%d bookings added, want 2", n-before)
		}
		// The same export again changes nothing, and says so.
		r = c.confirmSpending(c.uploadTo("/procesmonitor/uitgaven", "juni.csv", []byte(good)))
		wantStatus(t, r, http.StatusSeeOther, "upload again")
		mustContain(t, c.get(r.Location), "Alle boekingen in dit bestand waren al ingelezen. Er is niets veranderd.")
		if n := count(); n != before+2 {
			t.Errorf("the second import changed the bookings: %d", n-before)
		}

		bad := "boekdatum,lijn_of_post,bedrag,omschrijving,referentie\n" +
			"2025-06-04,L1.1,10,ok,FIN-2025-0003\n" +
			"2025-06-05,L1.1,1.234.567,te veel punten,FIN-2025-0004\n" +
			"2025-06-06,L7,5,,FIN-2025-0005\n"
		r = c.uploadTo("/procesmonitor/uitgaven", "fout.csv", []byte(bad))
		wantStatus(t, r, http.StatusUnprocessableEntity, "bad upload")
		mustContain(t, r, "Het bestand fout.csv is geweigerd; er is niets ingelezen.", "fout.csv:3: bedrag:", `fout.csv:4: lijn_of_post: "L7" is geen post of programmalijn`)
		if !strings.Contains(r.Body, "<title>Fout: Uitgaven") {
			t.Error("the title does not start with Fout:")
		}
		if n := count(); n != before+2 {
			t.Errorf("a refused file stored bookings: %d", n-before)
		}
		wantStatus(t, c.uploadTo("/procesmonitor/uitgaven", "leeg.csv", nil), http.StatusUnprocessableEntity, "empty file")

		// Filter and download.
		r = c.get("/procesmonitor/uitgaven?jaar=2025&post=L3")
		mustContain(t, r, "Boekingen 2025, L3", "FIN-2025-0002")
		mustNotContain(t, r, "FIN-2025-0001")
		dl := c.get("/procesmonitor/uitgaven?formaat=csv&jaar=2025&post=L1.2")
		if !strings.HasPrefix(dl.Body, "boekdatum,lijn_of_post,bedrag,omschrijving,referentie\n") || !strings.Contains(dl.Body, "2025-06-02,L1.2,12500,Kindpassen juni,FIN-2025-0001") {
			t.Errorf("download:\n%.400s", dl.Body)
		}
		// The same bookings as an Excel workbook, linked beside the CSV.
		mustContain(t, c.get("/procesmonitor/uitgaven?jaar=2025&post=L1.2"), "Download deze boekingen als Excel (XLSX) of als CSV")
		sameAsXLSX(t, c, "/procesmonitor/uitgaven?formaat=%s&jaar=2025&post=L1.2")

		// Roles: only beheerder and programmateam may import.
		for _, who := range []string{leader, expert, reader} {
			u := s.login(who)
			mustNotContain(t, u.get("/procesmonitor/uitgaven"), "Uitgaven inlezen")
			r := u.uploadTo("/procesmonitor/uitgaven", "juni2.csv", []byte(strings.ReplaceAll(good, "FIN-", "X-")))
			wantStatus(t, r, http.StatusForbidden, who+" uploads")
		}
		if n := count(); n != before+2 {
			t.Errorf("a refused role stored bookings: %d", n-before)
		}
	})
}

func TestCommitmentsForm(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := pmSite(t, db)
		c := s.login(admin)
		r := c.get("/procesmonitor/vastgelegd?jaar=2025")
		wantStatus(t, r, http.StatusOK, "commitments")
		mustContain(t, r, "Vastgelegde bedragen 2025", "L2.1 Versterken financiële dienstverlening in de wijk", "Vastgelegde bedragen opslaan")
		r = c.post("/procesmonitor/vastgelegd", url.Values{"jaar": {"2025"}, "bedrag_L1.1": {"280000"}, "bedrag_L1.2": {"12,345"}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "bad commitments")
		mustContain(t, r, "De vastgelegde bedragen zijn niet opgeslagen.", `L1.2: "12,345" is geen bedrag`)
		if !strings.Contains(r.Body, `value="12,345"`) {
			t.Error("the typed amount is not kept")
		}
		// Typed the Dutch way: points between thousands, a decimal comma.
		r = c.post("/procesmonitor/vastgelegd", url.Values{"jaar": {"2025"}, "bedrag_L1.1": {"280.000"}, "bedrag_L1.2": {"1.234,5"}, "bedrag_L2.1": {"€ 15000"}})
		wantStatus(t, r, http.StatusSeeOther, "save commitments")
		r = c.get(r.Location)
		mustContain(t, r, "De vastgelegde bedragen zijn opgeslagen.", "Ingezet (€)", "Vastgelegd (€)")
		mustNotContain(t, r, "× € 1.000", "280000.00")
		for _, v := range []string{`value="280.000"`, `value="1.234,50"`, `value="15.000"`} {
			if !strings.Contains(r.Body, v) {
				t.Errorf("the saved amount is not shown as %s", v)
			}
		}
		// 2027 shows the assumed allocation, in euros like the rest of the table.
		mustContain(t, c.get("/procesmonitor/vastgelegd?jaar=2027"), "300.000 aanname")

		for _, who := range []string{leader, expert, reader} {
			u := s.login(who)
			p := u.get("/procesmonitor/vastgelegd")
			wantStatus(t, p, http.StatusOK, who+" reads commitments")
			mustNotContain(t, p, "Vastgelegde bedragen opslaan")
			wantStatus(t, u.post("/procesmonitor/vastgelegd", url.Values{"jaar": {"2025"}, "bedrag_L1.1": {"1"}}), http.StatusForbidden, who+" saves commitments")
		}
	})
}

func TestMilestonePages(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := pmSite(t, db)
		ctx := context.Background()
		c := s.login(leader)
		r := c.get("/interventies/L1-01")
		mustContain(t, r, "Mijlpalen van deze interventie")
		r = c.get("/interventies/L1-01/mijlpalen")
		wantStatus(t, r, http.StatusOK, "milestones")
		mustContain(t, r, "Mijlpalen L1-01", "Mijlpaal toevoegen", "Plan van aanpak vastgesteld (voorbeeld)")

		// A refused milestone keeps what was typed and names the fields.
		r = c.post("/interventies/L1-01/mijlpalen", url.Values{"titel": {"Nieuwe brief verstuurd"}, "datum": {"31-02-2025"}, "eigenaar": {""}, "status": {"gepland"}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "bad milestone")
		mustContain(t, r, "De mijlpaal is niet opgeslagen.", `"31-02-2025" is geen datum`, "Noem wie de mijlpaal bewaakt")
		if !strings.Contains(r.Body, `value="Nieuwe brief verstuurd"`) || !strings.Contains(r.Body, `href="#mijlpaal-datum"`) {
			t.Error("the form does not keep the input or link its errors")
		}

		r = c.post("/interventies/L1-01/mijlpalen", url.Values{"titel": {"Nieuwe brief verstuurd"}, "datum": {"2025-06-20"}, "eigenaar": {"Lotte Leider"}, "status": {"bezig"}})
		wantStatus(t, r, http.StatusSeeOther, "add milestone")
		mustContain(t, c.get(r.Location), "De mijlpaal is opgeslagen.", "Nieuwe brief verstuurd", "20 juni 2025", "Bezig")
		// Due within 30 days: on the overview.
		mustContain(t, c.get("/"), "Mijlpalen: te laat of binnen 30 dagen", "Nieuwe brief verstuurd")

		ms, _ := db.Procesmonitor().Milestones(ctx, "L1-01")
		var id string
		for _, m := range ms {
			if m.Title == "Nieuwe brief verstuurd" {
				id = itoa(m.ID)
			}
		}
		edit := "/interventies/L1-01/mijlpalen/" + id
		mustContain(t, c.get(edit), "Mijlpaal wijzigen", "Mijlpaal verwijderen")
		// Moved to last week and still open: late.
		r = c.post(edit, url.Values{"titel": {"Nieuwe brief verstuurd"}, "datum": {"2025-06-09"}, "eigenaar": {"Lotte Leider"}, "status": {"bezig"}})
		wantStatus(t, r, http.StatusSeeOther, "edit milestone")
		home := text(c.get("/").Body)
		if !strings.Contains(home, "Te laat 9 juni 2025 : Nieuwe brief verstuurd") {
			t.Errorf("the overview does not list the late milestone:\n%s", home)
		}
		// The intervention page keeps the history of status and date, by name.
		page := text(c.get("/interventies/L1-01").Body)
		for _, want := range []string{"Geschiedenis van de mijlpalen", "Nieuwe brief verstuurd Bezig, 9 juni 2025", "Nieuwe brief verstuurd Bezig, 20 juni 2025", "door Lotte Leider"} {
			if !strings.Contains(page, want) {
				t.Errorf("the intervention page lacks %q in its milestone history:\n%s", want, page)
			}
		}
		if strings.Contains(page, leader) {
			t.Error("the milestone history shows an e-mail address where a name is known")
		}
		r = c.post(edit+"/verwijderen", nil)
		wantStatus(t, r, http.StatusSeeOther, "delete milestone")
		mustContain(t, c.get(r.Location), "De mijlpaal is verwijderd.")
		mustNotContain(t, c.get("/interventies/L1-01/mijlpalen"), "Nieuwe brief verstuurd")
		wantStatus(t, c.get(edit), http.StatusNotFound, "deleted milestone")

		// Every change is in the audit log.
		evs, _ := db.Accounts().AuditLog(ctx, 3, 0)
		if len(evs) != 3 || evs[0].Entity != "mijlpaal" || evs[0].Action != "verwijderd" || evs[1].Action != "gewijzigd" || evs[2].Action != "toegevoegd" || evs[0].Actor != leader {
			t.Errorf("audit %+v", evs)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestProcesmonitorRoles walks every role through the procesmonitor's pages
// and actions. L1-01 is the demo projectleider's, L3-01 nobody's.
func TestProcesmonitorRoles(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := pmSite(t, db)
		ms, _ := db.Procesmonitor().Milestones(context.Background(), "L3-01")
		l3 := "/interventies/L3-01/mijlpalen/" + itoa(ms[0].ID)
		milestone := url.Values{"titel": {"Mijlpaal"}, "datum": {"2025-09-01"}, "eigenaar": {"X"}, "status": {"gepland"}}
		const ok, see, no = http.StatusOK, http.StatusSeeOther, http.StatusForbidden
		checks := []struct {
			method, path string
			form         url.Values
			want         [6]int // beheerder, programmateam, projectleider, ervaringsdeskundige, lezer, regiegroep
		}{
			{"GET", "/procesmonitor", nil, [6]int{ok, ok, ok, ok, ok, ok}},
			{"GET", "/procesmonitor/lijnen/L3", nil, [6]int{ok, ok, ok, ok, ok, ok}},
			{"GET", "/procesmonitor/uitgaven", nil, [6]int{ok, ok, ok, ok, ok, ok}},
			{"GET", "/procesmonitor/vastgelegd", nil, [6]int{ok, ok, ok, ok, ok, ok}},
			{"GET", "/interventies/L3-01/mijlpalen", nil, [6]int{ok, ok, ok, ok, ok, ok}},
			{"POST", "/procesmonitor/vastgelegd", url.Values{"jaar": {"2025"}, "bedrag_ORG": {"5000"}}, [6]int{see, see, no, no, no, no}},
			{"POST", "/interventies/L1-01/mijlpalen", milestone, [6]int{see, see, see, no, no, no}},
			{"POST", "/interventies/L3-01/mijlpalen", milestone, [6]int{see, see, no, no, no, no}},
			{"GET", l3, nil, [6]int{ok, ok, no, no, no, no}},
			{"POST", l3, milestone, [6]int{see, see, no, no, no, no}},
		}
		for i, role := range account.Roles {
			t.Run(string(role), func(t *testing.T) {
				c := s.login(byRole[role])
				for _, ch := range checks {
					var r response
					if ch.method == "POST" {
						r = c.post(ch.path, ch.form)
					} else {
						r = c.get(ch.path)
					}
					if r.Status != ch.want[i] {
						t.Errorf("%s %s as %s: status %d, want %d\n%.600s", ch.method, ch.path, role, r.Status, ch.want[i], text(r.Body))
					}
				}
				offered := strings.Contains(c.get("/interventies/L3-01/mijlpalen").Body, "Mijlpaal toevoegen")
				if want := role == account.RoleAdmin || role == account.RoleTeam; offered != want {
					t.Errorf("%s is offered the milestone form of L3-01: %v, want %v", role, offered, want)
				}
			})
		}
	})
}

// TestProcesmonitorDownloadsGuardFormulas: a text typed by one user that a
// spreadsheet would run as a formula (=, +, -, @ in front) reaches the
// spending download and the figures download as text, with an apostrophe,
// and the spending download still imports to the same bookings.
func TestProcesmonitorDownloadsGuardFormulas(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := pmSite(t, db)
		c := s.login(admin)
		m := c.export()
		m.Name = "=1+2"
		m.Lines[0].Name = "@SUM(A1:A9)"
		c.importModel(m)
		hostile := "boekdatum,lijn_of_post,bedrag,omschrijving,referentie\n" +
			"2025-06-02,L1.2,10,=1+2,+FIN-1\n" +
			"2025-06-03,L1.2,-5,-2+3,@FIN-2\n" +
			"2025-06-04,L1.2,7,\"=HYPERLINK(\"\"http://x\"\")\",FIN-3\n"
		wantStatus(t, c.confirmSpending(c.uploadTo("/procesmonitor/uitgaven", "vijandig.csv", []byte(hostile))), http.StatusSeeOther, "upload")

		downloads := map[string]string{
			"spending": c.get("/procesmonitor/uitgaven?formaat=csv&jaar=2025&post=L1.2").Body,
			"figures":  c.get("/procesmonitor?formaat=csv").Body,
			"line":     c.get("/procesmonitor/lijnen/" + m.Lines[0].Code + "?formaat=csv").Body,
		}
		for name, body := range downloads {
			rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
			if err != nil || len(rows) < 2 {
				t.Fatalf("%s download: %v\n%s", name, err, body)
			}
			for _, row := range rows[1:] {
				for i, cell := range row {
					if cell == "" || !strings.ContainsRune("=+-@", rune(cell[0])) {
						continue
					}
					if _, err := strconv.ParseFloat(cell, 64); err != nil {
						t.Errorf("%s download, column %s: %q would run as a formula", name, rows[0][i], cell)
					}
				}
			}
		}
		for _, want := range []string{"'=1+2,'+FIN-1", "-5,'-2+3,'@FIN-2", `"'=HYPERLINK(""http://x"")",FIN-3`} {
			if !strings.Contains(downloads["spending"], want) {
				t.Errorf("spending download lacks %s:\n%s", want, downloads["spending"])
			}
		}
		if !strings.Contains(downloads["figures"], "programma,,'=1+2,") || !strings.Contains(downloads["line"], ",'@SUM(A1:A9),") {
			t.Errorf("figures downloads do not guard the names:\n%s\n%s", downloads["figures"], downloads["line"])
		}

		// The guarded download imports again to the same bookings: nothing new.
		before, _ := db.Procesmonitor().Bookings(context.Background(), 0)
		r := c.confirmSpending(c.uploadTo("/procesmonitor/uitgaven", "terug.csv", []byte(downloads["spending"])))
		wantStatus(t, r, http.StatusSeeOther, "re-import of the download")
		mustContain(t, c.get(r.Location), "Alle boekingen in dit bestand waren al ingelezen")
		after, _ := db.Procesmonitor().Bookings(context.Background(), 0)
		if len(after) != len(before) {
			t.Errorf("re-import added %d bookings", len(after)-len(before))
		}
		var descs []string
		for _, b := range after {
			descs = append(descs, b.Description)
		}
		if got := strings.Join(descs, "|"); !strings.Contains(got, "=1+2") || strings.Contains(got, "'=1+2") {
			t.Errorf("stored descriptions %q: want the text as typed", got)
		}
	})
}
