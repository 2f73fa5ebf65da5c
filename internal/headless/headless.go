// Package headless renders pages and charts with the machine's headless
// Chromium: PNG images of SVG charts and PDF prints of HTML pages. Chromium
// is optional on a server, so every function reports ErrNoBrowser when it is
// missing and the caller tells the user what to download instead.
package headless

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// ErrNoBrowser means no Chromium was found on PATH.
var ErrNoBrowser = errors.New("headless: no Chromium on this machine")

// ErrBusy means the queue of renderings is full; the caller asks the user
// to try again later.
var ErrBusy = errors.New("headless: the rendering queue is full")

// QueueLength is how many renderings may wait while one runs.
const QueueLength = 4

// slot lets one rendering run at a time: each starts a browser, which costs
// far more memory than serving a page. queue holds the one running and
// those waiting; a rendering that finds it full is refused at once with
// ErrBusy rather than piling up behind the others.
var (
	slot  = make(chan struct{}, 1)
	queue = make(chan struct{}, 1+QueueLength)
)

// counts are this process's renderings since it started, for its metrics.
var counts struct {
	done, refused, failed atomic.Int64
	nanos                 atomic.Int64 // time spent rendering, queueing excluded
}

// Stats is the state of this process's rendering queue. Each instance has
// its own browser and queue: the limit protects the memory of the machine
// the instance runs on, so it is not shared between instances.
type Stats struct {
	Running, Waiting      int   // renderings now running and waiting for the browser
	Done, Refused, Failed int64 // finished, refused as busy, and failed since the start
	RenderSeconds         float64
	BrowserRunning        bool // a warm browser is ready
}

// CurrentStats reports the queue as it is now.
func CurrentStats() Stats {
	running := len(slot)
	warm.mu.Lock()
	up := warm.ctx != nil && warm.ctx.Err() == nil
	warm.mu.Unlock()
	return Stats{Running: running, Waiting: max(len(queue)-running, 0),
		Done: counts.done.Load(), Refused: counts.refused.Load(), Failed: counts.failed.Load(),
		RenderSeconds: float64(counts.nanos.Load()) / 1e9, BrowserRunning: up}
}

// FindBrowser returns the path of a Chromium-like browser on PATH, or "".
func FindBrowser() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Available reports whether rendering can work here.
func Available() bool { return FindBrowser() != "" }

// PNG draws an SVG chart as a PNG at twice its size, so that it stays sharp
// in a printed report.
func PNG(ctx context.Context, svg string) ([]byte, error) {
	page := `<!doctype html><html><head><meta charset="utf-8"></head><body style="margin:0;background:#fff"><div style="width:640px">` + svg + `</div></body></html>`
	return render(ctx, []byte(page), chromedp.ScreenshotScale(chromedp.CSS("svg"), 2))
}

// PDF prints a self-contained HTML page (inline CSS and SVG, nothing fetched)
// to an A4 PDF with page numbers in the footer. The page's own print CSS
// decides the layout; Chromium tags headings and alt texts in the PDF and
// adds an outline of the headings that PDF viewers show as bookmarks. The
// header stays empty: Chromium's own would print an American date and the
// page title above every page.
func PDF(ctx context.Context, html []byte) ([]byte, error) {
	return render(ctx, html, chromedp.PrintToPDF(
		chromedp.PDFPaper(chromedp.PaperA4),
		chromedp.PDFMargin(0.6),
		chromedp.PDFPrintBackground(),
		chromedp.PDFOutlineAndTagged(),
		chromedp.PDFHeaderTemplate(`<span></span>`),
		chromedp.PDFFooterTemplate(`<div style="font-size:8px;width:100%;text-align:center"><span class="pageNumber"></span> / <span class="totalPages"></span></div>`),
	))
}

// IdleTimeout is how long the warm browser stays running after its last
// rendering; the next one after that starts it again.
const IdleTimeout = 5 * time.Minute

// warm is the one browser kept running between renderings: starting
// Chromium costs seconds, a new tab in a running one milliseconds. Only
// the rendering that holds slot uses it, so one tab is open at a time.
var warm struct {
	mu     sync.Mutex
	ctx    context.Context // the browser's chromedp context; nil when none runs
	cancel func()
	dir    string // its profile directory
	idle   *time.Timer
}

// browserCtx returns the running browser, starting one when none runs.
// The caller holds slot.
func browserCtx(path string) (context.Context, error) {
	warm.mu.Lock()
	defer warm.mu.Unlock()
	if warm.idle != nil {
		warm.idle.Stop()
	}
	if warm.ctx != nil && warm.ctx.Err() == nil {
		return warm.ctx, nil
	}
	closeLocked()
	dir, err := os.MkdirTemp("", "perspectief-browser-")
	if err != nil {
		return nil, err
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path), chromedp.Flag("headless", true), chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(filepath.Join(dir, "profile")))
	bctx, cancelBrowser := chromedp.NewContext(actx)
	warm.ctx, warm.dir = bctx, dir
	warm.cancel = func() { cancelBrowser(); cancelAlloc() }
	// Starting the browser opens its first tab, which stays open (blank)
	// so that closing a rendering's tab never closes the browser.
	// A browser that does not start within half a minute is given up.
	timer := time.AfterFunc(30*time.Second, warm.cancel)
	defer timer.Stop()
	if err := chromedp.Do(bctx); err != nil {
		closeLocked()
		return nil, fmt.Errorf("headless: start browser: %w", err)
	}
	return bctx, nil
}

// release starts the idle timer after a rendering. A failed rendering
// closes the browser, so that a crashed or stuck one is replaced.
func release(failed bool) {
	warm.mu.Lock()
	defer warm.mu.Unlock()
	if failed {
		closeLocked()
		return
	}
	if warm.idle == nil {
		warm.idle = time.AfterFunc(IdleTimeout, Close)
	} else {
		warm.idle.Reset(IdleTimeout)
	}
}

// Close stops the warm browser, if one runs (at shutdown, and when idle).
func Close() {
	warm.mu.Lock()
	defer warm.mu.Unlock()
	closeLocked()
}

func closeLocked() {
	if warm.cancel != nil {
		warm.cancel()
	}
	if warm.dir != "" {
		os.RemoveAll(warm.dir)
	}
	warm.ctx, warm.cancel, warm.dir = nil, nil, ""
}

// render loads html from a private temporary file (a data: URL would limit
// the size of a long report) in a new tab of the warm browser and runs the
// action that produces the output. When the browser fails (it crashed or
// was killed), it is replaced and the rendering tried once more.
// JavaScript is off: the pages are our own and need none, so a script that
// slipped into one (through a user's text) cannot run with the browser's
// access to the machine's files.
func render[T any](ctx context.Context, html []byte, out chromedp.Action[T]) (T, error) {
	var zero T
	browser := FindBrowser()
	if browser == "" {
		return zero, ErrNoBrowser
	}
	select {
	case queue <- struct{}{}:
		defer func() { <-queue }()
	default:
		counts.refused.Add(1)
		return zero, ErrBusy
	}
	select {
	case slot <- struct{}{}:
		defer func() { <-slot }()
	case <-ctx.Done():
		return zero, ctx.Err()
	}
	start := time.Now()
	defer func() { counts.nanos.Add(int64(time.Since(start))) }()
	dir, err := os.MkdirTemp("", "perspectief-render-")
	if err != nil {
		return zero, err
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "page.html")
	if err := os.WriteFile(file, html, 0o600); err != nil {
		return zero, err
	}
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	b, err := renderTab(ctx, browser, file, out)
	if err != nil && ctx.Err() == nil {
		b, err = renderTab(ctx, browser, file, out)
	}
	if err != nil {
		counts.failed.Add(1)
	} else {
		counts.done.Add(1)
	}
	return b, err
}

// renderTab renders file in a new tab of the warm browser, closing the tab
// afterwards.
func renderTab[T any](ctx context.Context, browser, file string, out chromedp.Action[T]) (zero T, err error) {
	bctx, err := browserCtx(browser)
	if err != nil {
		return zero, err
	}
	defer func() { release(err != nil) }()
	tctx, cancelTab := chromedp.NewContext(bctx)
	defer cancelTab()
	stop := context.AfterFunc(ctx, cancelTab)
	defer stop()
	noScript := chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	})
	if err := chromedp.Do(tctx, noScript, chromedp.EmulateViewport(800, 600), chromedp.Navigate("file://"+file)); err != nil {
		return zero, fmt.Errorf("headless: load page: %w", errors.Join(err, ctx.Err()))
	}
	b, err := chromedp.Run(tctx, out)
	if err != nil {
		return zero, fmt.Errorf("headless: render: %w", errors.Join(err, ctx.Err()))
	}
	return b, nil
}
