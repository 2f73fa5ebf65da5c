package pdfpost

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"time"
)

// Meta is what the XMP metadata says about a document.
type Meta struct {
	Title    string
	Language string // BCP 47, e.g. "nl-NL"
	Creator  string // the application that made the content
	Created  time.Time
}

// AddXMP appends an incremental update to a PDF: an XMP metadata stream
// with the title, language and PDF/UA-1 identification (pdfuaid:part 1),
// and a new version of the catalog that points to it (and names the
// language when Chromium did not). The bytes before the update are kept
// as they were, so the tagging and outline Chromium wrote stay intact.
func AddXMP(pdf []byte, m Meta) ([]byte, error) {
	d, err := Parse(pdf)
	if err != nil {
		return nil, err
	}
	root := d.trailer["Root"].(Ref)
	cat, err := d.Catalog()
	if err != nil {
		return nil, err
	}
	size, ok := d.trailer["Size"].(float64)
	if !ok || size < 1 || size > 1<<22 {
		return nil, fmt.Errorf("pdfpost: bad /Size in the trailer")
	}
	// The new object's number: past every number in use, whatever /Size says.
	meta := int(size)
	for n := range d.offsets {
		meta = max(meta, n+1)
	}
	meta = max(meta, root.N+1)

	var out bytes.Buffer
	out.Write(pdf)
	if !bytes.HasSuffix(pdf, []byte("\n")) {
		out.WriteByte('\n')
	}
	packet := xmpPacket(m)
	metaOff := out.Len()
	fmt.Fprintf(&out, "%d 0 obj\n<</Type /Metadata /Subtype /XML /Length %d>>\nstream\n", meta, len(packet))
	out.Write(packet)
	out.WriteString("\nendstream\nendobj\n")

	newCat := Dict{}
	for k, v := range cat {
		newCat[k] = v
	}
	newCat["Metadata"] = Ref{meta, 0}
	if _, ok := newCat["Lang"]; !ok && m.Language != "" {
		newCat["Lang"] = m.Language
	}
	catOff := out.Len()
	fmt.Fprintf(&out, "%d %d obj\n", root.N, root.G)
	write(&out, newCat)
	out.WriteString("\nendobj\n")

	xref := out.Len()
	out.WriteString("xref\n")
	entries := []struct{ n, off, gen int }{{root.N, catOff, root.G}, {meta, metaOff, 0}}
	if root.N > meta {
		entries[0], entries[1] = entries[1], entries[0]
	}
	for _, e := range entries {
		fmt.Fprintf(&out, "%d 1\n%010d %05d n \n", e.n, e.off, e.gen)
	}
	tr := Dict{"Size": meta + 1, "Root": root, "Prev": d.startxref}
	for _, k := range []Name{"Info", "ID"} {
		if v, ok := d.trailer[k]; ok {
			tr[k] = v
		}
	}
	out.WriteString("trailer\n")
	write(&out, tr)
	fmt.Fprintf(&out, "\nstartxref\n%d\n%%%%EOF\n", xref)
	return out.Bytes(), nil
}

// xmpPacket is the XMP metadata as an XML packet.
func xmpPacket(m Meta) []byte {
	esc := func(s string) string {
		var b bytes.Buffer
		_ = xml.EscapeText(&b, []byte(s))
		return b.String()
	}
	created := m.Created.UTC().Format("2006-01-02T15:04:05Z")
	var b bytes.Buffer
	b.WriteString("<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n")
	b.WriteString(`<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:xmp="http://ns.adobe.com/xap/1.0/"
  xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
  xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
`)
	fmt.Fprintf(&b, "<dc:format>application/pdf</dc:format>\n")
	fmt.Fprintf(&b, "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">%s</rdf:li></rdf:Alt></dc:title>\n", esc(m.Title))
	fmt.Fprintf(&b, "<dc:language><rdf:Bag><rdf:li>%s</rdf:li></rdf:Bag></dc:language>\n", esc(m.Language))
	if m.Creator != "" {
		fmt.Fprintf(&b, "<xmp:CreatorTool>%s</xmp:CreatorTool>\n", esc(m.Creator))
	}
	if !m.Created.IsZero() {
		fmt.Fprintf(&b, "<xmp:CreateDate>%s</xmp:CreateDate>\n<xmp:ModifyDate>%s</xmp:ModifyDate>\n<xmp:MetadataDate>%s</xmp:MetadataDate>\n", created, created, created)
	}
	b.WriteString("<pdfuaid:part>1</pdfuaid:part>\n")
	b.WriteString("</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>")
	return b.Bytes()
}

// Metadata returns the XMP packet the catalog points to, or nil when
// there is none. It reads an uncompressed stream only (as AddXMP writes).
func (d *Doc) Metadata() ([]byte, error) {
	cat, err := d.Catalog()
	if err != nil {
		return nil, err
	}
	r, ok := cat["Metadata"].(Ref)
	if !ok {
		return nil, nil
	}
	off := d.offsets[r.N]
	p := &parser{b: d.data, pos: off}
	for range 3 { // "n g obj"
		p.skipSpace()
		p.token()
	}
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	dict, ok := v.(Dict)
	if !ok || dict["Filter"] != nil {
		return nil, fmt.Errorf("pdfpost: metadata is not a plain stream")
	}
	n, ok := dict["Length"].(float64)
	p.skipSpace()
	if !ok || p.token() != "stream" {
		return nil, fmt.Errorf("pdfpost: metadata is not a stream")
	}
	if p.pos < len(d.data) && d.data[p.pos] == '\r' {
		p.pos++
	}
	if p.pos < len(d.data) && d.data[p.pos] == '\n' {
		p.pos++
	}
	if n < 0 || p.pos+int(n) > len(d.data) {
		return nil, fmt.Errorf("pdfpost: metadata stream runs past the end")
	}
	return d.data[p.pos : p.pos+int(n)], nil
}
