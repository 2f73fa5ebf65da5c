package pdfpost

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// Doc is a parsed PDF: its bytes, where each object starts and the
// trailer of its newest cross-reference section.
type Doc struct {
	data      []byte
	offsets   map[int]int // object number -> byte offset (generation 0 or as listed)
	trailer   Dict
	startxref int
}

// maxSections bounds the chain of cross-reference sections (/Prev).
const maxSections = 64

// Parse reads the cross-reference table(s) and trailer of a PDF.
func Parse(data []byte) (*Doc, error) {
	tail := data
	if len(tail) > 1024 {
		tail = tail[len(tail)-1024:]
	}
	i := bytes.LastIndex(tail, []byte("startxref"))
	if i < 0 {
		return nil, fmt.Errorf("pdfpost: no startxref")
	}
	p := &parser{b: tail, pos: i + len("startxref")}
	p.skipSpace()
	start, err := strconv.Atoi(p.token())
	if err != nil || start < 0 || start >= len(data) {
		return nil, fmt.Errorf("pdfpost: bad startxref")
	}
	d := &Doc{data: data, offsets: map[int]int{}, startxref: start}
	seen := map[int]bool{}
	for off, n := start, 0; ; n++ {
		if n >= maxSections || seen[off] {
			return nil, fmt.Errorf("pdfpost: cross-reference sections loop")
		}
		seen[off] = true
		tr, err := d.section(off)
		if err != nil {
			return nil, err
		}
		if d.trailer == nil {
			d.trailer = tr
		}
		prev, ok := tr["Prev"].(float64)
		if !ok {
			break
		}
		if prev < 0 || int(prev) >= len(data) {
			return nil, fmt.Errorf("pdfpost: bad /Prev")
		}
		off = int(prev)
	}
	if _, ok := d.trailer["Root"].(Ref); !ok {
		return nil, fmt.Errorf("pdfpost: the trailer names no catalog")
	}
	return d, nil
}

// section reads one classic cross-reference table at off; entries already
// known (from a newer section) win.
func (d *Doc) section(off int) (Dict, error) {
	p := &parser{b: d.data, pos: off}
	p.skipSpace()
	if p.token() != "xref" {
		return nil, fmt.Errorf("pdfpost: no classic cross-reference table at %d (cross-reference streams are not supported)", off)
	}
	for {
		p.skipSpace()
		save := p.pos
		t := p.token()
		if t == "trailer" {
			v, err := p.value(0)
			if err != nil {
				return nil, err
			}
			tr, ok := v.(Dict)
			if !ok {
				return nil, fmt.Errorf("pdfpost: trailer is not a dictionary")
			}
			return tr, nil
		}
		first, err1 := strconv.Atoi(t)
		p.skipSpace()
		count, err2 := strconv.Atoi(p.token())
		if err1 != nil || err2 != nil || first < 0 || count < 0 || count > len(d.data)/20+1 || p.pos == save {
			return nil, fmt.Errorf("pdfpost: bad cross-reference subsection at %d", save)
		}
		for k := 0; k < count; k++ {
			p.skipSpace()
			o, err1 := strconv.Atoi(p.token())
			p.skipSpace()
			_, err2 := strconv.Atoi(p.token())
			p.skipSpace()
			kind := p.token()
			if err1 != nil || err2 != nil || (kind != "n" && kind != "f") {
				return nil, fmt.Errorf("pdfpost: bad cross-reference entry %d", first+k)
			}
			if _, known := d.offsets[first+k]; !known && kind == "n" {
				d.offsets[first+k] = o
			} else if !known {
				d.offsets[first+k] = -1 // free
			}
		}
	}
}

// Object reads indirect object n: its value (for a stream, its dictionary).
func (d *Doc) Object(n int) (any, error) {
	off, ok := d.offsets[n]
	if !ok || off < 0 || off >= len(d.data) {
		return nil, fmt.Errorf("pdfpost: object %d not found", n)
	}
	p := &parser{b: d.data, pos: off}
	p.skipSpace()
	num, err1 := strconv.Atoi(p.token())
	p.skipSpace()
	_, err2 := strconv.Atoi(p.token())
	p.skipSpace()
	if err1 != nil || err2 != nil || num != n || p.token() != "obj" {
		return nil, fmt.Errorf("pdfpost: object %d is not where the cross-reference table says", n)
	}
	return p.value(0)
}

// resolve follows a reference to its object; other values are returned
// as they are.
func (d *Doc) resolve(v any) (any, error) {
	if r, ok := v.(Ref); ok {
		return d.Object(r.N)
	}
	return v, nil
}

func (d *Doc) dict(v any) (Dict, error) {
	o, err := d.resolve(v)
	if err != nil {
		return nil, err
	}
	dict, ok := o.(Dict)
	if !ok {
		return nil, fmt.Errorf("pdfpost: expected a dictionary")
	}
	return dict, nil
}

// Catalog is the document catalog.
func (d *Doc) Catalog() (Dict, error) { return d.dict(d.trailer["Root"]) }

// Pages lists the page objects in order.
func (d *Doc) Pages() ([]int, error) {
	cat, err := d.Catalog()
	if err != nil {
		return nil, err
	}
	var pages []int
	seen := map[int]bool{}
	var walk func(v any, depth int) error
	walk = func(v any, depth int) error {
		r, ok := v.(Ref)
		if !ok || seen[r.N] || depth > maxDepth {
			return fmt.Errorf("pdfpost: bad page tree")
		}
		seen[r.N] = true
		node, err := d.dict(r)
		if err != nil {
			return err
		}
		if node["Type"] == Name("Page") {
			pages = append(pages, r.N)
			return nil
		}
		kids, _ := node["Kids"].([]any)
		for _, k := range kids {
			if err := walk(k, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	return pages, walk(cat["Pages"], 0)
}

// Heading is an entry of the document outline: a heading and the page
// (1 for the first) it starts on.
type Heading struct {
	Title string
	Level int // 1 for a top entry
	Page  int
}

// Outline lists the outline's entries in document order. Chromium makes
// one entry per heading (h1-h6) of the printed page.
func (d *Doc) Outline() ([]Heading, error) {
	pages, err := d.Pages()
	if err != nil {
		return nil, err
	}
	index := map[int]int{}
	for i, p := range pages {
		index[p] = i + 1
	}
	cat, err := d.Catalog()
	if err != nil {
		return nil, err
	}
	if cat["Outlines"] == nil {
		return nil, nil
	}
	root, err := d.dict(cat["Outlines"])
	if err != nil {
		return nil, err
	}
	var out []Heading
	seen := map[int]bool{}
	var walk func(first any, level int) error
	walk = func(first any, level int) error {
		for v := first; v != nil; {
			r, ok := v.(Ref)
			if !ok || seen[r.N] || level > maxDepth || len(seen) > len(d.offsets) {
				return fmt.Errorf("pdfpost: bad outline")
			}
			seen[r.N] = true
			item, err := d.dict(r)
			if err != nil {
				return err
			}
			title, _ := item["Title"].(string)
			h := Heading{Title: strings.TrimSpace(TextString(title)), Level: level}
			if dest, ok := item["Dest"].([]any); ok && len(dest) > 0 {
				if pr, ok := dest[0].(Ref); ok {
					h.Page = index[pr.N]
				}
			}
			out = append(out, h)
			if item["First"] != nil {
				if err := walk(item["First"], level+1); err != nil {
					return err
				}
			}
			v = item["Next"]
		}
		return nil
	}
	if root["First"] == nil {
		return nil, nil
	}
	return out, walk(root["First"], 1)
}
