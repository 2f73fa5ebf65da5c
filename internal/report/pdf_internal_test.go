package report

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/perspectief/perspectief/internal/headless"
)

// TestPageNumbersFromAnEarlierPrint: a report whose contents were printed
// before is printed once with that print's page numbers; when they no
// longer fit (a chapter moved), the print's own outline gives the right
// ones and one more print carries them. Either way the numbers in the
// contents are the pages of the headings in the PDF handed out.
func TestPageNumbersFromAnEarlierPrint(t *testing.T) {
	if !headless.Available() {
		if os.Getenv("PERSPECTIEF_REQUIRE_BROWSER") == "1" {
			t.Fatal("no Chromium, but PERSPECTIEF_REQUIRE_BROWSER=1")
		}
		t.Skip("no Chromium")
	}
	ctx := context.Background()
	doc := func(fillerPages int) []byte {
		var b strings.Builder
		b.WriteString(`<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Proef</title>
<style>.toc-page{display:inline-block;width:3em}.pb{break-after:page}</style></head><body>
<ol><li>Een <span class="toc-page" data-heading="Een"></span></li><li>Twee <span class="toc-page" data-heading="Twee"></span></li></ol>
<h2>Een</h2><p>Tekst.</p>`)
		for range fillerPages {
			b.WriteString(`<p class="pb">Vulling.</p>`)
		}
		b.WriteString(`<h2>Twee</h2><p>Einde.</p></body></html>`)
		return []byte(b.String())
	}
	prints := 0
	s := &Service{Now: time.Now, PDF: func(ctx context.Context, html []byte) ([]byte, error) {
		prints++
		return headless.PDF(ctx, html)
	}}
	numbers := func(pdf []byte) map[string]int {
		t.Helper()
		p, err := headingPages(pdf)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, step := range []struct {
		name   string
		filler int
		prints int
	}{
		{"first print", 1, 2},
		{"the same report again", 1, 1},
		{"chapter two moved two pages on", 3, 2},
		{"and again", 3, 1},
	} {
		prints = 0
		d := doc(step.filler)
		out, err := s.numberedPrint(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		if prints != step.prints {
			t.Errorf("%s: %d prints, want %d", step.name, prints, step.prints)
		}
		got := numbers(out)
		want := string(fillContents(d, got))
		for _, h := range []string{"Een", "Twee"} {
			if got[h] == 0 {
				t.Fatalf("%s: no page for %q in the outline", step.name, h)
			}
		}
		// The print handed out carries the numbers its own outline gives:
		// filling them into the document again changes nothing that was
		// printed, which the cache holds now.
		if cached, _ := s.tocPages.get(keyOf(d)); string(fillContents(d, cached)) != want {
			t.Errorf("%s: cached numbers %v, the PDF's own %v", step.name, cached, got)
		}
		if step.filler == 3 && got["Twee"] != got["Een"]+3 {
			t.Errorf("%s: Twee on page %d, Een on %d; want three pages apart", step.name, got["Twee"], got["Een"])
		}
	}
}
