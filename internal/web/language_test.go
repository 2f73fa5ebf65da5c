package web_test

import (
	"context"
	"html"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/demo"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

// englishWords are words a Dutch reader would notice as English. Each is
// matched as a whole word, case-insensitively, in the text a user reads or
// hears (including alt, title, aria-label and placeholder texts).
var englishWords = []string{
	"the", "and", "with", "from", "which", "should", "derived", "see", "incl", "holiday", "allowance",
	"norms", "income", "household", "households", "please", "error", "warning", "unknown", "none",
	"true", "false", "null", "nil", "NaN", "loading", "click", "page", "value", "values", "target",
	"targets", "total", "yes", "submit", "save", "cancel", "delete", "edit", "search", "settings",
	"budget spent", "low", "high", "children", "single", "parent", "couple", "benefit", "wave", "survey",
}

var (
	englishRe = regexp.MustCompile(`(?i)(?:^|[^\p{L}\p{N}_])(` + strings.Join(englishWords, "|") + `)(?:$|[^\p{L}\p{N}_])`)
	// repoPathRe: a path into the source repository or a source file name.
	repoPathRe = regexp.MustCompile(`\b(?:internal|docs|cmd|e2e)/[\w./-]+|\b[\w-]+\.(?:go|md)\b`)
	// codeRe: a code a user should see only in small print after a name: a
	// CBS area code, a group code or an indicator code in snake case.
	codeRe          = regexp.MustCompile(`\b(?:GM\d{4}|WK\d{6}|BU\d{8})\b|\b(?:type|bron|leeftijd|opleiding|gebruik):[a-z_0-9]+|\b[a-z]+(?:_[a-z0-9]+)+\b`)
	machineNumberRe = regexp.MustCompile(`\b\d{4,}\.\d{2}\b|€\s?[\d.,]+k\b`)
	machineValueRe  = regexp.MustCompile(`<input[^>]*\svalue="(-?\d+\.\d{1,2})"`)
	// longNumberRe: four or more digits in a row without a thousands
	// separator ("1000 tekens"); years, codes, postcodes and versions are
	// told apart in checkDutch.
	longNumberRe = regexp.MustCompile(`(?:^|[^\p{L}\p{N}_.,:/-])(\d{4,})(?:$|[^\p{L}\p{N}_.,:/-])`)
	postcodeRe   = regexp.MustCompile(`^\s?[A-Z]{2}\b`)
	parenRe      = regexp.MustCompile(`\([^()]*\)`)
	smallRe      = regexp.MustCompile(`(?is)<(small|code|pre)\b[^>]*>.*?</(small|code|pre)>`)
	hrefRe       = regexp.MustCompile(`\shref="(/[^"#]*)`)
	scriptRe     = regexp.MustCompile(`(?is)<(script|style|head)\b.*?</(script|style|head)>`)
	// markedEnRe: an element marked as English on purpose (the link to the
	// English wijzer).
	markedEnRe = regexp.MustCompile(`<(?:a|span|p)\s[^>]*\blang="en"[^>]*>[^<]*</(?:a|span|p)>`)
	attrTextRe = regexp.MustCompile(`\s(?:alt|title|aria-label|placeholder)="([^"]*)"`)
	tagRe      = regexp.MustCompile(`<[^>]*>`)
)

// visibleText is what a user reads or hears on a page: the text between the
// tags and the texts of alt, title, aria-label and placeholder attributes.
func visibleText(body string) string {
	body = scriptRe.ReplaceAllString(body, " ")
	body = markedEnRe.ReplaceAllString(body, " ")
	var attrs []string
	for _, m := range attrTextRe.FindAllStringSubmatch(body, -1) {
		attrs = append(attrs, m[1])
	}
	body = tagRe.ReplaceAllString(body, " ") + " " + strings.Join(attrs, " ")
	return strings.Join(strings.Fields(html.UnescapeString(body)), " ")
}

// crawlSkip are links the walk does not follow: they change state, leave the
// Dutch pages or are files rather than pages.
func crawlSkip(p string) bool {
	u, err := url.Parse(p)
	if err != nil {
		return true
	}
	if u.Query().Get("lang") == "en" {
		return true // the resident's wijzer in English, on purpose
	}
	switch {
	case u.Path == "/uitloggen", strings.HasPrefix(u.Path, "/static/"), strings.HasPrefix(u.Path, "/api/"),
		strings.HasPrefix(u.Path, "/enquete/"): // a personal survey link
		return true
	}
	for _, ext := range []string{".csv", ".xlsx", ".zip", ".json", ".yaml", ".pdf", ".png", ".svg", ".geojson", "/bestand", "/export"} {
		if strings.HasSuffix(u.Path, ext) {
			return true
		}
	}
	return false
}

// TestDutchEverywhere walks every page of the demo that a role can reach by
// following links from the start page, and fails on English words and on
// paths into the source repository in what a user reads. The yearly report
// (an HTML page under /rapportage) is walked too.
func TestDutchEverywhere(t *testing.T) {
	t.Parallel()
	db := storetest.SQLite(t)
	s := newSite(t, db)
	// The demo's trendmonitor run, so the trendmonitor pages and the
	// report's trend chapters show what the demo shows.
	start := time.Now()
	if err := demo.SeedTrend(context.Background(), db.Trends(), func(string) {}); err != nil {
		t.Fatal(err)
	}
	t.Logf("trendmonitor run stored after %v", time.Since(start))
	// Each page is fetched once, by the first role that reaches it, except
	// the pages that differ per role; of pages of one shape (the same path
	// with other codes or numbers in it) a few are enough.
	fetched := map[string]bool{}
	shapes := map[string]int{}
	for _, role := range account.Roles {
		c := s.login(byRole[role])
		queue := []string{"/", "/mijn-interventies", "/wijzer", "/regelingen", "/rapportage/2024/rapport.html", "/rapportage/2025/rapport.html"}
		n := 0
		for len(queue) > 0 {
			p := queue[0]
			queue = queue[1:]
			perRole := p == "/" || p == "/mijn-interventies"
			if fetched[p] && !perRole {
				continue
			}
			fetched[p] = true
			if sh := pageShape(p); !perRole {
				if shapes[sh] >= 3 {
					continue
				}
				shapes[sh]++
			}
			r := c.get(p)
			n++
			if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
				continue
			}
			for _, m := range hrefRe.FindAllStringSubmatch(r.Body, -1) {
				if l := html.UnescapeString(m[1]); !fetched[l] && !crawlSkip(l) {
					queue = append(queue, l)
				}
			}
			checkDutch(t, string(role)+" "+p, r.Body)
			// Every table with a CSV download has a workbook beside it.
			if c, x := len(csvLinkRe.FindAllString(r.Body, -1)), len(xlsxLinkRe.FindAllString(r.Body, -1)); c > x {
				t.Errorf("%s: %d CSV downloads but %d XLSX downloads", p, c, x)
			}
			// The report's tables are checked whole, sentences in cells
			// included; elsewhere the cells that hold a value.
			checkOnePrecision(t, p, r.Body, strings.HasPrefix(p, "/rapportage/"))
		}
		t.Logf("%s: %d pages", role, n)
	}
}

var digitsRe = regexp.MustCompile(`[^/?&=]*\d[^/?&=]*`)

// pageShape is a page's path and query with every part holding a digit
// replaced, so /interventies/L1-01 and /interventies/L2-03 share a shape.
func pageShape(p string) string { return digitsRe.ReplaceAllString(p, "#") }

func checkDutch(t *testing.T, page, body string) {
	t.Helper()
	txt := visibleText(body)
	found := map[string]string{}
	for _, m := range englishRe.FindAllStringSubmatchIndex(txt, -1) {
		w := strings.ToLower(txt[m[2]:m[3]])
		if _, ok := found[w]; !ok {
			found[w] = around(txt, m[2], m[3])
		}
	}
	for _, m := range repoPathRe.FindAllStringIndex(txt, -1) {
		found[txt[m[0]:m[1]]] = around(txt, m[0], m[1])
	}
	// Numbers the Dutch way: no machine amounts ("261000.00"), in the text or
	// in a form field, and no "k" for thousands.
	for _, m := range machineNumberRe.FindAllStringIndex(txt, -1) {
		found["number "+txt[m[0]:m[1]]] = around(txt, m[0], m[1])
	}
	for _, m := range machineValueRe.FindAllStringSubmatch(body, -1) {
		found["field "+m[1]] = m[0]
	}
	// Codes may follow a name in small print or in parentheses (a select's
	// options have no small print), never stand alone.
	unsmall := visibleText(smallRe.ReplaceAllString(body, " "))
	plain := parenRe.ReplaceAllString(unsmall, " ")
	// Dutch writes 1.000 and 12.345: a number of four or more digits
	// needs the thousands dot, unless it is a year or a postcode.
	for _, m := range longNumberRe.FindAllStringSubmatchIndex(unsmall, -1) {
		n := unsmall[m[2]:m[3]]
		if len(n) == 4 && (n >= "1900" && n <= "2100" || postcodeRe.MatchString(unsmall[m[3]:])) {
			continue
		}
		found["number "+n] = around(unsmall, m[2], m[3])
	}
	for _, m := range codeRe.FindAllStringIndex(plain, -1) {
		if strings.HasPrefix(plain[m[1]:], ".") && len(plain) > m[1]+1 && plain[m[1]+1] != ' ' {
			continue // a file name, such as iit.yaml
		}
		found["code "+plain[m[0]:m[1]]] = around(plain, m[0], m[1])
	}
	var words []string
	for w := range found {
		words = append(words, w)
	}
	sort.Strings(words)
	for _, w := range words {
		t.Errorf("%s: %q in %q", page, w, found[w])
	}
}

func around(s string, i, j int) string {
	a, b := max(0, i-60), min(len(s), j+60)
	for a > 0 && !utf8Start(s[a]) {
		a--
	}
	for b < len(s) && !utf8Start(s[b]) {
		b++
	}
	return s[a:b]
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }

var (
	cellRe     = regexp.MustCompile(`(?s)<td\b[^>]*>(.*?)</td>`)
	tableRe    = regexp.MustCompile(`(?s)<table\b.*?</table>`)
	percentRe  = regexp.MustCompile(`\d(?:,(\d+))?%`)
	csvLinkRe  = regexp.MustCompile(`href="[^"]*[?&;]formaat=csv(?:"|&)`)
	xlsxLinkRe = regexp.MustCompile(`href="[^"]*[?&;]formaat=xlsx(?:"|&)`)
	// valueCellRe: a cell that starts with a value ("13,5%", "-2,1", "€ 1.000").
	valueCellRe = regexp.MustCompile(`^(?:[-−+€]\s?)?\d`)
)

// checkOnePrecision fails when the cells of one table write percentages
// with different numbers of decimals ("17%" beside "17,6%"). With
// sentences set every cell counts, a sentence in a cell too; without, only
// the cells that hold a value (their text starts with a number, as "13,5%
// (2024, Gemeente Groningen)"), since a sentence of an explanation column
// states each indicator's figures in its own precision.
func checkOnePrecision(t *testing.T, page, body string, sentences bool) {
	t.Helper()
	for _, tbl := range tableRe.FindAllString(body, -1) {
		var cells []string
		for _, c := range cellRe.FindAllStringSubmatch(tbl, -1) {
			if sentences || valueCellRe.MatchString(visibleText(c[1])) {
				cells = append(cells, c[1])
			}
		}
		txt := visibleText(strings.Join(cells, " | "))
		decimals := map[int]string{}
		for _, m := range percentRe.FindAllStringSubmatchIndex(txt, -1) {
			d := 0
			if m[2] >= 0 {
				d = m[3] - m[2]
			}
			if _, ok := decimals[d]; !ok {
				decimals[d] = around(txt, m[0], m[1])
			}
		}
		if len(decimals) > 1 {
			t.Errorf("%s: a table mixes precisions: %v", page, decimals)
		}
	}
}
