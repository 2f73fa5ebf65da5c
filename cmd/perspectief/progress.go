package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"golang.org/x/term"

	"github.com/perspectief/perspectief/internal/eligibility"
)

// termProgress shows how far a long step is, on one line that it rewrites
// at most five times a second, only when the output is a terminal: logs
// and pipes get the summary alone.
type termProgress struct {
	mu    sync.Mutex
	out   io.Writer // nil: not a terminal, show nothing
	label string
	unit  string
	total int64
	start time.Time
	last  time.Time
	shown bool
}

func newTermProgress(w io.Writer, label, unit string, total int64) *termProgress {
	p := &termProgress{label: label, unit: unit, total: total, start: time.Now()}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.out = f
	}
	return p
}

// set shows that n of total are done.
func (p *termProgress) set(n int64) {
	if p.out == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if time.Since(p.last) < 200*time.Millisecond {
		return
	}
	p.last, p.shown = time.Now(), true
	fmt.Fprint(p.out, "\r\x1b[K"+p.line(n))
}

func (p *termProgress) line(n int64) string {
	pct := int64(0)
	if p.total > 0 {
		pct = 100 * n / p.total
	}
	return fmt.Sprintf("%s: %d%% (%d of %d %s, %s)", p.label, pct, n, p.total, p.unit, time.Since(p.start).Round(100*time.Millisecond))
}

// clear removes the line, so that the summary starts on a clean line.
func (p *termProgress) clear() {
	if p.shown {
		fmt.Fprint(p.out, "\r\x1b[K")
	}
}

// countingReader counts the bytes read through it for a termProgress.
type countingReader struct {
	f    *os.File
	n    int64
	prog *termProgress
}

func (c *countingReader) Read(b []byte) (int, error) {
	n, err := c.f.Read(b)
	c.n += int64(n)
	c.prog.set(c.n)
	return n, err
}

// Stat lets the panel reader size its index from the file's size.
func (c *countingReader) Stat() (os.FileInfo, error) { return c.f.Stat() }

// readPanelShowing reads a panel file, CSV or Parquet by its extension,
// showing the progress on out when it is a terminal.
func readPanelShowing(set *eligibility.Set, path string, assumed map[string]eligibility.Value, out io.Writer) (*eligibility.Panel, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if eligibility.IsParquet(path) {
		prog := newTermProgress(out, "reading "+path, "rows", 0)
		defer prog.clear()
		return set.ReadPanelParquet(path, f, st.Size(), assumed, func(done, total int64) {
			prog.total = total
			prog.set(done)
		})
	}
	prog := newTermProgress(out, "reading "+path, "bytes", st.Size())
	defer prog.clear()
	return set.ReadPanel(path, &countingReader{f: f, prog: prog}, assumed)
}
