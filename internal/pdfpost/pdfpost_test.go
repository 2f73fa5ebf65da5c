package pdfpost

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/perspectief/perspectief/internal/headless"
)

// handMade is a small PDF in the shape Chromium writes: classic xref, an
// outline with two headings on two pages, the second title in UTF-16.
func handMade() []byte {
	objs := []string{
		"<</Type /Catalog /Pages 2 0 R /Outlines 5 0 R /MarkInfo <</Marked true>> /Lang (nl)>>",
		"<</Type /Pages /Count 2 /Kids [3 0 R 4 0 R]>>",
		"<</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]>>",
		"<</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]>>",
		"<</Type /Outlines /First 6 0 R /Last 6 0 R /Count 3>>",
		"<</Title (Rapport \\(concept\\)) /Dest [3 0 R /XYZ 0 800 0] /Parent 5 0 R /First 7 0 R /Last 8 0 R /Count 2>>",
		"<</Title (Inleiding) /Dest [3 0 R /XYZ 0 700 0] /Parent 6 0 R /Next 8 0 R>>",
		"<</Title <FEFF00460069006E0061006E0063006900EB006E> /Dest [4 0 R /XYZ 0 800 0] /Parent 6 0 R /Prev 7 0 R>>",
		"<</Title (Jaarrapport) /Producer (Skia/PDF)>>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offs := []int{}
	for i, o := range objs {
		offs = append(offs, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	x := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<</Size %d /Root 1 0 R /Info 9 0 R>>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, x)
	return b.Bytes()
}

func TestOutline(t *testing.T) {
	d, err := Parse(handMade())
	if err != nil {
		t.Fatal(err)
	}
	got, err := d.Outline()
	if err != nil {
		t.Fatal(err)
	}
	want := []Heading{{"Rapport (concept)", 1, 1}, {"Inleiding", 2, 1}, {"Financiën", 2, 2}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("outline %v, want %v", got, want)
	}
}

// checkXMP parses the updated PDF again and checks what a PDF/UA checker
// looks for: the catalog points to an XMP stream with the title, the
// language and pdfuaid:part 1, and everything Chromium wrote is still there.
func checkXMP(t *testing.T, orig, out []byte, title string) {
	t.Helper()
	if !bytes.HasPrefix(out, orig) {
		t.Fatal("the update changed the original bytes")
	}
	d, err := Parse(out)
	if err != nil {
		t.Fatalf("the updated PDF does not parse: %v", err)
	}
	x, err := d.Metadata()
	if err != nil || x == nil {
		t.Fatalf("no metadata stream: %v", err)
	}
	for _, w := range []string{"<pdfuaid:part>1</pdfuaid:part>", "<rdf:li xml:lang=\"x-default\">" + title + "</rdf:li>", "<rdf:li>nl-NL</rdf:li>", "xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\""} {
		if !bytes.Contains(x, []byte(w)) {
			t.Errorf("metadata lacks %s:\n%s", w, x)
		}
	}
	cat, _ := d.Catalog()
	for _, k := range []Name{"Pages", "MarkInfo", "Outlines", "Lang"} {
		if cat[k] == nil {
			t.Errorf("the new catalog lost /%s", k)
		}
	}
	if h, err := d.Outline(); err != nil || len(h) == 0 {
		t.Errorf("the outline does not read after the update: %v %v", h, err)
	}
	if path, err := exec.LookPath("pdfinfo"); err == nil {
		f := filepath.Join(t.TempDir(), "x.pdf")
		if err := os.WriteFile(f, out, 0o600); err != nil {
			t.Fatal(err)
		}
		res, err := exec.Command(path, "-meta", f).CombinedOutput()
		if err != nil || !strings.Contains(string(res), "pdfuaid:part") {
			t.Errorf("pdfinfo -meta shows no metadata stream: %v\n%s", err, res)
		}
		res, err = exec.Command(path, f).CombinedOutput()
		if err != nil || strings.Contains(string(res), "Error") {
			t.Errorf("pdfinfo complains: %v\n%s", err, res)
		}
	} else {
		t.Log("pdfinfo not installed: checked with our own parser only")
	}
}

func TestAddXMP(t *testing.T) {
	orig := handMade()
	out, err := AddXMP(orig, Meta{Title: "Rapport & <bijlage>", Language: "nl-NL", Creator: "Perspectief", Created: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	checkXMP(t, orig, out, "Rapport &amp; &lt;bijlage&gt;")
	// A second update chains through /Prev and still reads.
	again, err := AddXMP(out, Meta{Title: "Tweede", Language: "nl-NL"})
	if err != nil {
		t.Fatal(err)
	}
	checkXMP(t, out, again, "Tweede")
}

// TestAddXMPToChromiumPDF: the same on what Chromium really prints.
func TestAddXMPToChromiumPDF(t *testing.T) {
	if !headless.Available() {
		if os.Getenv("PERSPECTIEF_REQUIRE_BROWSER") != "" {
			t.Fatal("PERSPECTIEF_REQUIRE_BROWSER is set but no Chromium is on PATH")
		}
		t.Skip("no Chromium")
	}
	orig, err := headless.PDF(context.Background(), []byte(`<!doctype html><html lang="nl"><head><title>Jaarrapport</title></head><body><h1>Jaarrapport</h1><h2>Inleiding</h2><p>Tekst</p><h2 style="break-before:page">Financiën</h2><p>Meer</p></body></html>`))
	if err != nil {
		t.Fatal(err)
	}
	d, err := Parse(orig)
	if err != nil {
		t.Fatalf("Chromium's PDF does not parse: %v", err)
	}
	h, err := d.Outline()
	if err != nil {
		t.Fatal(err)
	}
	if want := "[{Jaarrapport 1 1} {Inleiding 2 1} {Financiën 2 2}]"; fmt.Sprint(h) != want {
		t.Errorf("outline %v, want %s", h, want)
	}
	out, err := AddXMP(orig, Meta{Title: "Jaarrapport", Language: "nl-NL", Creator: "Perspectief"})
	if err != nil {
		t.Fatal(err)
	}
	checkXMP(t, orig, out, "Jaarrapport")
}

func TestRefusesWhatItCannotRead(t *testing.T) {
	for name, b := range map[string][]byte{
		"empty":        nil,
		"no xref":      []byte("%PDF-1.7\nstartxref\n9\n%%EOF\n"),
		"xref stream":  []byte("%PDF-1.7\n1 0 obj\n<</Type /XRef>>\nstream\nendstream\nendobj\nstartxref\n9\n%%EOF\n"),
		"prev loop":    bytes.Replace(handMade(), []byte("/Info 9 0 R>>"), []byte("/Info 9 0 R /Prev 0>>"), 1),
		"bad trailer":  bytes.Replace(handMade(), []byte("/Root 1 0 R"), []byte("/Root 1"), 1),
		"garbage tail": append(handMade()[:200:200], []byte("startxref\n-5\n")...),
	} {
		if _, err := AddXMP(b, Meta{Title: "x"}); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// FuzzParse: whatever the bytes, Parse, Outline and AddXMP return an error
// or a result; an accepted update parses again with its metadata.
func FuzzParse(f *testing.F) {
	f.Add(handMade())
	f.Add([]byte("xref\n0 1\n0000000000 65535 f \ntrailer\n<</Root 1 0 R /Size 2>>\nstartxref\n0\n%%EOF"))
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := Parse(b)
		if err != nil {
			return
		}
		_, _ = d.Outline()
		out, err := AddXMP(b, Meta{Title: "t", Language: "nl"})
		if err != nil {
			return
		}
		d2, err := Parse(out)
		if err != nil {
			t.Fatalf("the update does not parse: %v", err)
		}
		if x, err := d2.Metadata(); err != nil || !bytes.Contains(x, []byte("pdfuaid:part")) {
			t.Fatalf("no metadata after the update: %v", err)
		}
	})
}
