package report

import (
	"context"
	"html"
	"regexp"
	"strconv"
	"strings"

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
	first, err := s.PDF(ctx, doc)
	if err != nil {
		return nil, err
	}
	out := first
	if tocPage.Match(doc) {
		numbered, err := numberContents(first, doc)
		if err != nil {
			return nil, err
		}
		if out, err = s.PDF(ctx, numbered); err != nil {
			return nil, err
		}
	}
	title := ""
	if m := titleTag.FindSubmatch(doc); m != nil {
		title = normHeading(string(m[1]))
	}
	return pdfpost.AddXMP(out, pdfpost.Meta{Title: title, Language: "nl-NL", Creator: "Perspectief", Created: s.Now()})
}

// numberContents fills in the contents' page numbers of doc from the
// outline of its first print.
func numberContents(pdf, doc []byte) ([]byte, error) {
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
	return tocPage.ReplaceAllFunc(doc, func(m []byte) []byte {
		sub := tocPage.FindSubmatch(m)
		n := page[normHeading(string(sub[1]))]
		if n == 0 {
			return m
		}
		return []byte(`<span class="toc-page" data-heading="` + string(sub[1]) + `">` + strconv.Itoa(n) + `</span>`)
	}), nil
}
