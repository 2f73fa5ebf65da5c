package report

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func renderTest(t *testing.T) string {
	t.Helper()
	s, _ := testService()
	r, err := s.Build(context.Background(), 2024)
	if err != nil {
		t.Fatal(err)
	}
	r.Narratives[Goals] = Narrative{Year: 2024, Chapter: Goals, Text: "Eerste alinea <script>alert(1)</script>.\n\nTweede alinea.", UpdatedAt: now}
	doc, err := Render(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(doc)
}

var (
	headingRE = regexp.MustCompile(`<h([1-6])[ >]`)
	svgRE     = regexp.MustCompile(`(?s)<svg .*?</svg>`)
)

// TestRenderedReportIsAccessible checks what an accessibility review of
// the document checks first: language, one h1, headings in order, and for
// every chart a title, a description and a table with the numbers.
func TestRenderedReportIsAccessible(t *testing.T) {
	doc := renderTest(t)
	if !strings.HasPrefix(doc, "<!doctype html>\n<html lang=\"nl\">") {
		t.Errorf("document does not start with lang=nl: %q", doc[:40])
	}
	if n := countOf(doc, "<h1"); n != 1 {
		t.Errorf("%d h1 elements, want 1", n)
	}
	// A verdict shows its baseline and the reason of the target.
	if !strings.Contains(doc, "(nulmeting 2023: 1.000) Reden: (voorbeeld) besluit 2024") {
		t.Error("the report's verdict lacks the baseline and the target's reason")
	}
	prev := 0
	for _, m := range headingRE.FindAllStringSubmatch(doc, -1) {
		lvl, _ := strconv.Atoi(m[1])
		if lvl > prev+1 {
			t.Errorf("heading h%d follows h%d: a level is skipped", lvl, prev)
		}
		prev = lvl
	}
	svgs := svgRE.FindAllStringIndex(doc, -1)
	if len(svgs) != 2 { // the trend chart and the budget chart
		t.Fatalf("%d charts, want 2", len(svgs))
	}
	for _, loc := range svgs {
		svg := doc[loc[0]:loc[1]]
		if !strings.Contains(svg, `role="img"`) || !regexp.MustCompile(`<title>[^<]+</title><desc>[^<]+</desc>`).MatchString(svg) {
			t.Errorf("chart without role, title or description: %.200s", svg)
		}
		after := doc[loc[1]:]
		if next := strings.Index(after, "<svg"); next >= 0 {
			after = after[:next]
		}
		if !strings.Contains(after, "<table") || !strings.Contains(after, "<caption>") {
			t.Errorf("no table with a caption between a chart and the next one: %.120s", svg)
		}
	}
	// Every scrolling region is reachable by keyboard and named.
	for _, tag := range regexp.MustCompile(`<div class="table-wrap"[^>]*>`).FindAllString(doc, -1) {
		if !strings.Contains(tag, `tabindex="0"`) || !strings.Contains(tag, `aria-label="`) {
			t.Errorf("scrolling table wrapper without tabindex or label: %s", tag)
		}
	}
}

func TestRenderedReportIsSelfContained(t *testing.T) {
	doc := renderTest(t)
	for _, bad := range []string{"<link", "<script", " src=", "@import", "url(", `href="http`, "style=\""} {
		if strings.Contains(doc, bad) {
			t.Errorf("document contains %q: it must need nothing from elsewhere and no inline style attribute", bad)
		}
	}
	if !strings.Contains(doc, "Eerste alinea &lt;script&gt;alert(1)&lt;/script&gt;.</p>") || !strings.Contains(doc, "<p>Tweede alinea.</p>") {
		t.Error("the team's text is not escaped or not split into paragraphs")
	}
	if !strings.Contains(doc, "@media print") || !strings.Contains(doc, "size: A4") || !strings.Contains(doc, `name="viewport"`) {
		t.Error("no print CSS for A4 or no viewport for phones")
	}
	// The CSP source names exactly the inline style.
	style := doc[strings.Index(doc, "<style>")+7 : strings.Index(doc, "</style>")]
	sum := sha256.Sum256([]byte(style))
	if got, want := StyleSource([]byte(doc)), "'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'"; got != want {
		t.Errorf("StyleSource = %s, want %s", got, want)
	}
}

func TestRenderSaysWhatIsMissing(t *testing.T) {
	doc := renderTest(t)
	for _, want := range []string{
		"Nog geen gegevens: het wegingskader is nog niet op dit rapport aangesloten.",
		"Nog geen gegevens: het leerlogboek is nog niet op dit rapport aangesloten.",
		"Nog geen gegevens: de procesmonitor is nog niet op dit rapport aangesloten.",
		"<strong>Concept.</strong>",
		"<td>onderdrukt</td>",
		"Beschikbaar min inzet</th><td>−49,5 (tekort)</td>",
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("report lacks %q", want)
		}
	}
}

func TestStyleSourceWithoutStyle(t *testing.T) {
	for _, doc := range []string{"", "<p>x</p>", "<style>no end"} {
		if got := StyleSource([]byte(doc)); got != "" {
			t.Errorf("StyleSource(%q) = %q, want empty", doc, got)
		}
	}
}

func FuzzStyleSource(f *testing.F) {
	f.Add([]byte("<style>a{}</style>"))
	f.Add([]byte("<style></style><style>b</style>"))
	f.Add([]byte("</style><style>"))
	f.Fuzz(func(t *testing.T, doc []byte) {
		s := StyleSource(doc)
		if s != "" && (!strings.HasPrefix(s, "'sha256-") || len(s) != len("'sha256-")+44+1) {
			t.Errorf("StyleSource = %q", s)
		}
	})
}
