package e2e

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/perspectief/perspectief/internal/tabular"
	"github.com/xuri/excelize/v2"
)

// csvHeader is the import format's header, which every download repeats so
// that an export imports again.
var csvHeader = []string{"indicator", "periode", "gebied", "groep", "waarde", "teller", "noemer", "marge", "bron", "toelichting"}

// selectOption is one option of a select on the page.
type selectOption struct {
	Value    string `json:"value"`
	Selected bool   `json:"selected"`
}

func readOptions(s *session, id string) []selectOption {
	s.t.Helper()
	return eval[[]selectOption](s, `[...document.querySelectorAll('#`+id+` option')].map(o => ({value: o.value, selected: o.selected}))`)
}

// otherOption is the first non-empty option that is not selected.
func otherOption(s *session, id string) string {
	s.t.Helper()
	for _, o := range readOptions(s, id) {
		if !o.Selected && o.Value != "" {
			return o.Value
		}
	}
	s.fatal("select #%s offers no other choice than the selected one: %+v", id, readOptions(s, id))
	return ""
}

// download fetches path from the demo with the browser's cookies, as the
// download link would, and returns the body. It fails unless the answer is
// 200 with a Content-Type starting with wantType.
func download(s *session, path, wantType string) []byte {
	s.t.Helper()
	ctx, cancel := s.stepCtx()
	defer cancel()
	res, err := chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{s.base + "/"}})
	if err != nil {
		s.fatal("Network.getCookies: %v", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.base+path, nil)
	if err != nil {
		s.t.Fatal(err)
	}
	for _, c := range res.Cookies {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		s.fatal("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		s.fatal("GET %s: %v", path, err)
	}
	if resp.StatusCode != http.StatusOK {
		s.fatal("GET %s: status %d, want 200\n%s", path, resp.StatusCode, oneLine(string(body), 300))
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, wantType) {
		s.fatal("GET %s: Content-Type %q, want %s", path, ct, wantType)
	}
	return body
}

// readCSVDownload fetches an indicator's CSV and checks its header.
func readCSVDownload(s *session, code string) [][]string {
	s.t.Helper()
	body := download(s, "/indicatoren/"+code+"?formaat=csv", "text/csv")
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\ufeff")))).ReadAll()
	if err != nil {
		s.fatal("CSV of %s does not parse: %v\n%s", code, err, oneLine(string(body), 300))
	}
	if len(rows) < 2 {
		s.fatal("CSV of %s has %d lines, want a header and values", code, len(rows))
	}
	if !slices.Equal(rows[0], csvHeader) {
		s.t.Errorf("CSV of %s: header %v, want %v", code, rows[0], csvHeader)
	}
	return rows
}

// readXLSXDownload fetches an indicator's XLSX and returns the rows of its
// first sheet, after checking the header.
func readXLSXDownload(s *session, code string) [][]string {
	s.t.Helper()
	body := download(s, "/indicatoren/"+code+"?formaat=xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		s.fatal("XLSX of %s does not open: %v", code, err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		s.fatal("XLSX of %s has no sheet", code)
	}
	rows, err := tabular.SheetRecords(f, sheets[0])
	if err != nil {
		s.fatal("XLSX of %s: %v", code, err)
	}
	if len(rows) < 2 {
		s.fatal("XLSX of %s has %d rows, want a header and values", code, len(rows))
	}
	if !slices.Equal(rows[0], csvHeader) {
		s.t.Errorf("XLSX of %s: header %v, want %v", code, rows[0], csvHeader)
	}
	return rows
}

// hasRow reports whether rows hold a row that starts with the given cells.
func hasRow(rows [][]string, cells ...string) bool {
	for _, r := range rows {
		if len(r) >= len(cells) && slices.Equal(r[:len(cells)], cells) {
			return true
		}
	}
	return false
}

// TestIndicatorPagesAndDownloads walks the indicators as a reader: the
// overview, a trendmonitor indicator, another area and year through the
// page's form, and the CSV and XLSX downloads. Every page is checked with
// axe.
func TestIndicatorPagesAndDownloads(t *testing.T) {
	s := newSession(t)
	s.login("lezer@demo.perspectief.nl")

	// The overview lists every indicator; one link leads to its page.
	s.clickLink(`//nav[@aria-label="Hoofdmenu"]`, "Indicatoren", "indicatoren")
	if p := eval[string](s, `location.pathname`); p != "/indicatoren" {
		t.Fatalf("the menu's Indicatoren link led to %s, want /indicatoren", p)
	}
	const code = "huishoudens_110"
	resp := s.follow(200, "indicator-"+code, chromedp.Click(`(//a[@href="/indicatoren/`+code+`"])[1]`))
	if p := s.path(resp); p != "/indicatoren/"+code {
		t.Fatalf("the overview's link led to %s, want /indicatoren/%s", p, code)
	}
	if n := eval[int](s, `document.querySelectorAll('table').length`); n == 0 {
		t.Errorf("the page of %s shows no table of numbers", code)
	}

	// Another area and another year, with the page's GET form.
	area, period := otherOption(s, "gebied"), otherOption(s, "periode")
	s.do(
		chromedp.SetValue(chromedp.ID("gebied"), area),
		chromedp.SetValue(chromedp.ID("periode"), period),
	)
	resp = s.follow(200, "indicator-"+code+"-ander-gebied",
		chromedp.Click(`//form[@action="/indicatoren/`+code+`"]//button[@type="submit"]`))
	u, err := url.Parse(resp.URL)
	if err != nil {
		t.Fatal(err)
	}
	if u.Path != "/indicatoren/"+code || u.Query().Get("gebied") != area || u.Query().Get("periode") != period {
		t.Errorf("the form led to %s, want /indicatoren/%s with gebied=%s and periode=%s", s.path(resp), code, area, period)
	}
	for id, want := range map[string]string{"gebied": area, "periode": period} {
		if got := run(s, chromedp.Value(chromedp.ID(id))); got != want {
			t.Errorf("after the form, #%s shows %q, want the chosen %q", id, got, want)
		}
	}
	if msg := eval[string](s, `document.querySelector('.field-error') ? document.querySelector('.field-error').textContent.trim() : ''`); msg != "" {
		t.Errorf("the page complains after choosing %s %s: %q", area, period, msg)
	}

	// The page's download links are the stable ?formaat= links.
	for _, f := range []string{"csv", "csv-excel", "xlsx"} {
		sel := `a[href="/indicatoren/` + code + `?formaat=` + f + `"]`
		if !eval[bool](s, `!!document.querySelector('`+sel+`')`) {
			t.Errorf("the page of %s has no link %s", code, sel)
		}
	}

	// The trendmonitor indicator's downloads: the same rows in both.
	csvRows := readCSVDownload(s, code)
	xlsxRows := readXLSXDownload(s, code)
	for _, r := range csvRows[1:] {
		if r[0] != code {
			t.Errorf("CSV of %s holds a row of %s: %v", code, r[0], r)
		}
	}
	if len(xlsxRows) != len(csvRows) {
		t.Errorf("XLSX of %s has %d rows, CSV %d", code, len(xlsxRows), len(csvRows))
	}
	if !hasRow(csvRows, code) || !hasRow(xlsxRows, csvRows[1][:4]...) {
		t.Errorf("XLSX of %s lacks the CSV's first row %v", code, csvRows[1])
	}
	if !hasRow(csvRows, code, period, area) && !hasRow(csvRows, code, period) {
		t.Errorf("CSV of %s has no row for %s, the year the page offered", code, period)
	}

	// A known row: moeite met rondkomen in Selwerd, 2014, from the facts file.
	const known = "moeite_met_rondkomen"
	s.open("/indicatoren/"+known, 200, "indicator-"+known)
	want := []string{known, "2014", "ois_selwerd", "totaal", "17"}
	if rows := readCSVDownload(s, known); !hasRow(rows, want...) {
		t.Errorf("CSV of %s lacks the row %v", known, want)
	}
	if rows := readXLSXDownload(s, known); !hasRow(rows, want...) {
		t.Errorf("XLSX of %s lacks the row %v", known, want)
	}
}

// TestGroupComparison walks from the trendmonitor to the group page as a
// reader, switches year and area with the page's form, and downloads a
// table as CSV and XLSX: the same rows, with the chosen year and area.
func TestGroupComparison(t *testing.T) {
	s := newSession(t)
	s.login("lezer@demo.perspectief.nl")
	s.clickLink(`//nav[@aria-label="Hoofdmenu"]`, "Trendmonitor", "trendmonitor")
	resp := s.clickLink("", "Vergelijk de groepen", "groepen")
	if p := s.path(resp); !strings.HasPrefix(p, "/trendmonitor/groepen") {
		t.Fatalf("the trendmonitor's link led to %s, want /trendmonitor/groepen", p)
	}
	if h := eval[string](s, `document.querySelector('h1').textContent.trim()`); h != "Groepen vergelijken: voor wie blijft armoede?" {
		t.Errorf("h1 = %q", h)
	}
	for _, id := range []string{"huishoudtype", "inkomensbron"} {
		if !eval[bool](s, `!!document.querySelector('section[aria-labelledby="`+id+`-titel"] svg title') && !!document.querySelector('section[aria-labelledby="`+id+`-titel"] table caption')`) {
			t.Errorf("section %s lacks a chart with a title or a table with a caption", id)
		}
	}

	// Another year and a wijk.
	year, area := otherOption(s, "jaar"), otherOption(s, "gebied")
	s.do(chromedp.SetValue(chromedp.ID("jaar"), year), chromedp.SetValue(chromedp.ID("gebied"), area))
	resp = s.follow(200, "groepen-ander-jaar", chromedp.Click(`//form[@action="/trendmonitor/groepen"]//button[@type="submit"]`))
	u, err := url.Parse(resp.URL)
	if err != nil {
		t.Fatal(err)
	}
	if u.Query().Get("jaar") != year || u.Query().Get("gebied") != area {
		t.Errorf("the form led to %s, want jaar=%s and gebied=%s", s.path(resp), year, area)
	}
	if msg := eval[string](s, `document.querySelector('.field-error') ? document.querySelector('.field-error').textContent.trim() : ''`); msg != "" {
		t.Errorf("the page complains after choosing %s %s: %q", year, area, msg)
	}

	// The table's own download links: XLSX, CSV for Excel, CSV for scripts.
	links := eval[[]string](s, `[...document.querySelectorAll('section[aria-labelledby="huishoudtype-titel"] a[href*="tabel=huishoudtype"]')].map(a => a.getAttribute('href'))`)
	if len(links) != 3 || !strings.Contains(links[0], "formaat=xlsx") || !strings.Contains(links[1], "formaat=csv-excel") || !strings.Contains(links[2], "formaat=csv&") {
		t.Fatalf("the household-type table has the download links %v, want XLSX, CSV for Excel and CSV for scripts", links)
	}
	if people := download(s, links[1], "text/csv"); !bytes.HasPrefix(people, []byte("\uFEFFjaar;")) {
		t.Errorf("the CSV for Excel does not start with a byte order mark and semicolons: %s", oneLine(string(people), 100))
	}
	csvBody := download(s, links[2], "text/csv")
	csvRows, err := csv.NewReader(bytes.NewReader(csvBody)).ReadAll()
	if err != nil || len(csvRows) < 3 {
		t.Fatalf("CSV does not parse or is empty: %v\n%s", err, oneLine(string(csvBody), 300))
	}
	if csvRows[0][0] != "jaar" || csvRows[0][2] != "groep" || !hasRow(csvRows, year, area, "totaal", "Totaal") || !hasRow(csvRows, year, area, "type:eenouder") {
		t.Errorf("CSV lacks the header or the rows of %s in %s: %v", area, year, csvRows)
	}
	f, err := excelize.OpenReader(bytes.NewReader(download(s, links[0], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))
	if err != nil {
		t.Fatalf("XLSX does not open: %v", err)
	}
	defer f.Close()
	xlsxRows, err := tabular.SheetRecords(f, f.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	if len(xlsxRows) != len(csvRows) || !hasRow(xlsxRows, csvRows[1][:4]...) {
		t.Errorf("XLSX rows %v differ from the CSV's %v", xlsxRows, csvRows)
	}
	// And a chart as SVG.
	svgLink := eval[string](s, `document.querySelector('a[href*="grafiek=huishoudtype"][href*="formaat=svg"]').getAttribute('href')`)
	if body := download(s, svgLink, "image/svg+xml"); !bytes.Contains(body, []byte("<title>")) {
		t.Errorf("the SVG download has no title")
	}
}

// TestEnterIndicatorValue: the programme team enters a value with the
// form on an indicator's page; a mistake is shown next to its field with
// the input kept; the saved value shows in the page's table. A reader is
// not offered the form.
func TestEnterIndicatorValue(t *testing.T) {
	const code = "o3_vroegsignalen"
	reader := newSession(t)
	reader.login("lezer@demo.perspectief.nl")
	reader.open("/indicatoren/"+code, 200, "indicator-lezer")
	if eval[bool](reader, `!!document.querySelector('a[href="/indicatoren/`+code+`/waarde"]')`) {
		t.Errorf("a reader is offered the value form")
	}

	s := newSession(t)
	s.login("programmateam@demo.perspectief.nl")
	s.open("/indicatoren/"+code, 200, "indicator")
	s.clickLink("", "Waarde invoeren", "waarde-formulier")
	note := fmt.Sprintf("e2e-test %s", time.Now().Format("15:04:05"))
	s.do(
		chromedp.SetValue(chromedp.ID("periode"), "2024-T4"),
		chromedp.SetValue(chromedp.ID("waarde"), "1234"),
		chromedp.SendKeys(chromedp.ID("toelichting"), note),
	)
	s.follow(422, "waarde-fout", chromedp.Click(`//button[normalize-space()="Waarde opslaan"]`))
	if msg := eval[string](s, `document.querySelector('#periode').closest('.field').querySelector('.field-error').textContent`); !strings.Contains(msg, "2024-T4") {
		t.Errorf("no message next to the period field: %q", msg)
	}
	if !eval[bool](s, `!!document.querySelector('.error-summary a[href="#periode"]')`) {
		t.Errorf("the error summary does not link to the period field")
	}
	for id, want := range map[string]string{"periode": "2024-T4", "waarde": "1234", "toelichting": note} {
		if got := run(s, chromedp.Value(chromedp.ID(id))); got != want {
			t.Errorf("after the refusal #%s holds %q, want the typed %q", id, got, want)
		}
	}
	s.do(chromedp.SetValue(chromedp.ID("periode"), "2024-T3"))
	resp := s.follow(200, "waarde-opgeslagen", chromedp.Click(`//button[normalize-space()="Waarde opslaan"]`))
	if p := s.path(resp); !strings.HasPrefix(p, "/indicatoren/"+code+"?") {
		t.Fatalf("after saving the browser is at %s", p)
	}
	if notice := eval[string](s, `document.querySelector('.notice') ? document.querySelector('.notice').textContent : ''`); !strings.Contains(notice, "opgeslagen") {
		t.Errorf("no confirmation: %q", notice)
	}
	if !eval[bool](s, `[...document.querySelectorAll('table tr')].some(tr => tr.textContent.includes('3e tertiaal 2024') && tr.textContent.includes('1.234') && tr.textContent.includes(`+"`"+note+"`"+`))`) {
		t.Errorf("the saved value is not in the page's table")
	}
	rows := readCSVDownload(s, code)
	if !hasRow(rows, code, "2024-T3", "GM0014", "totaal", "1234") {
		t.Errorf("the CSV lacks the saved value: %v", rows)
	}
}

// TestGroupComparisonByAge chooses the age of the main earner with the
// group page's form, at 1280 and at 360 pixels: the demo's version-2 run
// shows the four age bands by their Dutch names in a table and a chart,
// and on a phone nothing but the tables (which scroll on their own) is
// wider than the screen.
func TestGroupComparisonByAge(t *testing.T) {
	for _, sz := range screens {
		t.Run(sz.label, func(t *testing.T) {
			s := newSession(t, sz.opts...)
			s.login("lezer@demo.perspectief.nl")
			s.open("/trendmonitor/groepen", 200, "groepen-"+sz.label)
			s.do(chromedp.SetValue(chromedp.ID("indeling"), "leeftijd"))
			resp := s.follow(200, "groepen-leeftijd-"+sz.label, chromedp.Click(`//form[@action="/trendmonitor/groepen"]//button[@type="submit"]`))
			u, err := url.Parse(resp.URL)
			if err != nil {
				t.Fatal(err)
			}
			if u.Query().Get("indeling") != "leeftijd" {
				t.Fatalf("the form led to %s, want indeling=leeftijd", s.path(resp))
			}
			rows := eval[[]string](s, `[...document.querySelectorAll('section[aria-labelledby="leeftijd-titel"] table tbody th[scope="row"]')].map(th => th.textContent.trim())`)
			want := []string{"Jonger dan 25 jaar", "25 tot 45 jaar", "45 tot 65 jaar", "65 jaar en ouder"}
			for _, w := range want {
				if !slices.Contains(rows, w) {
					t.Errorf("the age table lacks the group %q: rows %v", w, rows)
				}
			}
			if n := eval[int](s, `document.querySelectorAll('section[aria-labelledby$="-titel"] h2').length`); n != 1 {
				t.Errorf("%d breakdowns shown, want only the age", n)
			}
			if !eval[bool](s, `!!document.querySelector('section[aria-labelledby="leeftijd-titel"] svg title')`) {
				t.Error("the age section has no chart with a title")
			}
			if body := eval[string](s, `document.body.innerText`); strings.Contains(body, "leeftijd:") {
				t.Errorf("the page shows a group code: %s", oneLine(body, 300))
			}
			if w := eval[int](s, `document.documentElement.scrollWidth - window.innerWidth`); w > 0 {
				t.Errorf("the page is %dpx wider than the screen", w)
			}
		})
	}
}
