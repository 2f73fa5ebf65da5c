package report

import (
	"context"
	"crypto/sha256"
	"html"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/perspectief/perspectief/internal/pdfpost"
)

// The PDF of the report has a table of contents with page numbers and XMP
// metadata that identifies it as PDF/UA-1. Chromium cannot number the
// contents itself (no target-counter()), so the report is printed twice:
// the first print's outline (Chromium makes one bookmark per heading, with
// its page) gives the page of every chapter heading; the second print has
// those numbers in the contents. The numbers sit in boxes of a fixed width
// that are in the first print too (empty), so filling them in moves
// nothing. See docs/decisions.md.

// tocPage is the empty page-number box of a chapter in the contents.
var tocPage = regexp.MustCompile(`<span class="toc-page" data-heading="([^"]*)"></span>`)

var titleTag = regexp.MustCompile(`(?s)<title>(.*?)</title>`)

// normHeading makes a heading comparable between the HTML and the PDF
// outline: no soft hyphens, single spaces.
func normHeading(s string) string {
	s = strings.ReplaceAll(html.UnescapeString(s), "\u00ad", "")
	return strings.Join(strings.Fields(s), " ")
}

// printPDF prints a rendered report with page numbers in its contents and
// with PDF/UA metadata.
func (s *Service) printPDF(ctx context.Context, doc []byte) ([]byte, error) {
	out, err := s.numberedPrint(ctx, doc)
	if err != nil {
		return nil, err
	}
	title := ""
	if m := titleTag.FindSubmatch(doc); m != nil {
		title = normHeading(string(m[1]))
	}
	return pdfpost.AddXMP(out, pdfpost.Meta{Title: title, Language: "nl-NL", Creator: "Perspectief", Created: s.Now()})
}

// numberedPrint prints doc with the page numbers of its contents filled
// in. A report with the same contents printed before gets that print's
// numbers at once; its print's own outline then proves them right, or
// gives the right ones for one more print. So a report printed again
// (a minute later, say, which changes its "Gemaakt op") takes one print,
// and the numbers are always those of the print handed out.
func (s *Service) numberedPrint(ctx context.Context, doc []byte) ([]byte, error) {
	contents := contentsOf(doc)
	if len(contents) == 0 {
		return s.PDF(ctx, doc)
	}
	key := keyOf(doc)
	guess, known := s.tocPages.get(key)
	out, err := s.PDF(ctx, fillContents(doc, guess)) // without a guess: empty boxes
	if err != nil {
		return nil, err
	}
	pages, err := headingPages(out)
	if err != nil {
		return nil, err
	}
	s.tocPages.put(key, pages)
	if known && samePages(contents, guess, pages) {
		return out, nil
	}
	return s.PDF(ctx, fillContents(doc, pages))
}

// contentsOf lists the headings of doc's contents.
func contentsOf(doc []byte) []string {
	var out []string
	for _, m := range tocPage.FindAllSubmatch(doc, -1) {
		out = append(out, normHeading(string(m[1])))
	}
	return out
}

// keyOf is the cache key of doc's page numbers: its contents.
func keyOf(doc []byte) [32]byte {
	return sha256.Sum256([]byte(strings.Join(contentsOf(doc), "\n")))
}

// samePages reports whether two sets of page numbers agree on every
// heading of the contents.
func samePages(contents []string, a, b map[string]int) bool {
	for _, h := range contents {
		if a[h] != b[h] {
			return false
		}
	}
	return true
}

// headingPages reads the page of every heading from a print's outline.
func headingPages(pdf []byte) (map[string]int, error) {
	d, err := pdfpost.Parse(pdf)
	if err != nil {
		return nil, err
	}
	headings, err := d.Outline()
	if err != nil {
		return nil, err
	}
	page := map[string]int{}
	for _, h := range headings {
		if t := normHeading(h.Title); page[t] == 0 {
			page[t] = h.Page
		}
	}
	return page, nil
}

// fillContents fills in the contents' page numbers of doc.
func fillContents(doc []byte, page map[string]int) []byte {
	return tocPage.ReplaceAllFunc(doc, func(m []byte) []byte {
		sub := tocPage.FindSubmatch(m)
		n := page[normHeading(string(sub[1]))]
		if n == 0 {
			return m
		}
		return []byte(`<span class="toc-page" data-heading="` + string(sub[1]) + `">` + strconv.Itoa(n) + `</span>`)
	})
}

// pageCache keeps the page numbers of the last reports printed, by the
// SHA-256 of their contents' headings. It only saves a print: an instance
// that has not printed a report prints it twice, as without the cache,
// and a wrong guess costs the print it would have saved.
type pageCache struct {
	mu    sync.Mutex
	pages map[[32]byte]map[string]int
	order [][32]byte
}

const pageCacheSize = 16

func (c *pageCache) get(k [32]byte) (map[string]int, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, ok := c.pages[k]
	return p, ok
}

func (c *pageCache) put(k [32]byte, p map[string]int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pages == nil {
		c.pages = map[[32]byte]map[string]int{}
	}
	if _, ok := c.pages[k]; ok {
		c.pages[k] = p
		return
	}
	if len(c.order) == pageCacheSize {
		delete(c.pages, c.order[0])
		c.order = c.order[1:]
	}
	c.pages[k] = p
	c.order = append(c.order, k)
}
