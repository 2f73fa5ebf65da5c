package e2e

import (
	"bytes"
	"encoding/csv"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
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
	rows, err := f.GetRows(sheets[0])
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
	for _, f := range []string{"csv", "xlsx"} {
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
