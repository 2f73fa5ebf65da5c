package headless

import (
	"bytes"
	"context"
	"errors"
	"image/png"
	"os"
	"testing"

	"github.com/chromedp/chromedp"
)

func needBrowser(t *testing.T) {
	t.Helper()
	if Available() {
		return
	}
	if os.Getenv("PERSPECTIEF_REQUIRE_BROWSER") != "" {
		t.Fatal("PERSPECTIEF_REQUIRE_BROWSER is set but no Chromium is on PATH")
	}
	t.Skip("no Chromium on this machine")
}

func TestPNGIsTwiceTheChartSize(t *testing.T) {
	needBrowser(t)
	svg := `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><rect width="200" height="100" fill="#c00"/></svg>`
	b, err := PNG(context.Background(), svg)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	if got := img.Bounds().Size(); got.X != 400 || got.Y != 200 {
		t.Errorf("PNG is %v, want 400x200", got)
	}
	r, g, bl, _ := img.At(200, 100).RGBA()
	if r>>8 < 0xb0 || g>>8 > 0x20 || bl>>8 > 0x20 {
		t.Errorf("centre pixel is %x,%x,%x, want the chart's red", r>>8, g>>8, bl>>8)
	}
}

func TestPDFHoldsThePagesText(t *testing.T) {
	needBrowser(t)
	html := []byte(`<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Rapport</title></head><body><h1>Voortgangsrapportage 2025</h1><p>Tekst.</p></body></html>`)
	b, err := PDF(context.Background(), html)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("output does not start as a PDF: %q", b[:min(len(b), 16)])
	}
	if !bytes.Contains(b, []byte("/Type /Page")) && !bytes.Contains(b, []byte("/Type/Page")) {
		t.Error("the PDF has no page object")
	}
	if !bytes.Contains(b, []byte("/Outlines")) {
		t.Error("the PDF has no outline: a reader's PDF viewer would show no bookmarks for the headings")
	}
}

func TestWithoutBrowserSaysSo(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	if _, err := PDF(context.Background(), []byte("<p>x</p>")); !errors.Is(err, ErrNoBrowser) {
		t.Errorf("PDF without Chromium: err = %v, want ErrNoBrowser", err)
	}
	if _, err := PNG(context.Background(), "<svg/>"); !errors.Is(err, ErrNoBrowser) {
		t.Errorf("PNG without Chromium: err = %v, want ErrNoBrowser", err)
	}
}

// A script in a page must not run while it is printed: our pages need none,
// and one that slipped in through a user's text would run with access to
// the machine's files.
func TestScriptsDoNotRun(t *testing.T) {
	needBrowser(t)
	page := []byte(`<!doctype html><html><head><meta charset="utf-8"></head><body><p id="p">zonder script</p>` +
		`<script>document.getElementById("p").textContent = "script liep"</script></body></html>`)
	got, err := render(context.Background(), page, chromedp.TextContent(chromedp.ID("p")))
	if err != nil {
		t.Fatal(err)
	}
	if got != "zonder script" {
		t.Errorf("text after loading: %q, want the page's own text (the script ran)", got)
	}
}

// A full queue answers at once with ErrBusy instead of making the request
// wait behind every other rendering.
func TestFullQueueIsRefused(t *testing.T) {
	needBrowser(t)
	before := CurrentStats()
	for range cap(queue) {
		queue <- struct{}{}
	}
	full := CurrentStats()
	_, err := PDF(context.Background(), []byte("<p>x</p>"))
	for range cap(queue) {
		<-queue
	}
	if !errors.Is(err, ErrBusy) {
		t.Fatalf("PDF with a full queue: %v, want ErrBusy", err)
	}
	if full.Waiting != cap(queue) || full.Running != 0 {
		t.Errorf("with the queue full the metrics say %d running and %d waiting, want 0 and %d", full.Running, full.Waiting, cap(queue))
	}
	if _, err := PDF(context.Background(), []byte("<p>x</p>")); err != nil {
		t.Errorf("PDF after the queue emptied: %v", err)
	}
	after := CurrentStats()
	if after.Refused != before.Refused+1 || after.Done != before.Done+1 || after.RenderSeconds <= before.RenderSeconds {
		t.Errorf("metrics before %+v, after %+v: want one more refused, one more done, and render time added", before, after)
	}
	if !after.BrowserRunning || after.Waiting != 0 || after.Running != 0 {
		t.Errorf("after the rendering the metrics say %+v, want a warm browser and an empty queue", after)
	}
}

// The warm browser prints one document after another, and a browser that
// was killed between two (a crash) is replaced without the user noticing.
func TestWarmBrowserSurvivesAKilledBrowser(t *testing.T) {
	needBrowser(t)
	t.Cleanup(Close)
	page := func(title string) []byte {
		return []byte(`<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>` + title + `</title></head><body><h1>` + title + `</h1></body></html>`)
	}
	for _, title := range []string{"Eerste", "Tweede"} {
		b, err := PDF(context.Background(), page(title))
		if err != nil {
			t.Fatalf("PDF %s: %v", title, err)
		}
		if !bytes.HasPrefix(b, []byte("%PDF-")) {
			t.Fatalf("PDF %s is no PDF", title)
		}
	}
	warm.mu.Lock()
	var pid int
	if warm.ctx != nil {
		if c := chromedp.FromContext(warm.ctx); c != nil && c.Browser != nil && c.Browser.Process() != nil {
			pid = c.Browser.Process().Pid
		}
	}
	warm.mu.Unlock()
	if pid == 0 {
		t.Fatal("no browser is kept running after two renderings")
	}
	p, err := os.FindProcess(pid)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Kill(); err != nil {
		t.Fatal(err)
	}
	b, err := PDF(context.Background(), page("Derde"))
	if err != nil {
		t.Fatalf("PDF after the browser was killed: %v", err)
	}
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatal("the PDF after the browser was killed is no PDF")
	}
}
