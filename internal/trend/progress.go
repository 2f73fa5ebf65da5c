package trend

import (
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/term"
)

// progress shows rows read, phase and rate on a terminal, rewriting one line
// about twice a second. On anything that is not a terminal (a log file, a
// pipe, a test) it prints nothing, so that output stays clean.
type progress struct {
	out   io.Writer
	start time.Time
	rows  atomic.Int64
	phase atomic.Value // string
	stop  chan struct{}
	done  sync.WaitGroup
}

func startProgress(w io.Writer, phase string) *progress {
	p := &progress{start: time.Now()}
	p.phase.Store(phase)
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return p
	}
	p.out = f
	p.stop = make(chan struct{})
	p.done.Go(func() {
		t := time.NewTicker(500 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-p.stop:
				p.draw("\n")
				return
			case <-t.C:
				p.draw("")
			}
		}
	})
	return p
}

func (p *progress) draw(end string) {
	rows := p.rows.Load()
	secs := time.Since(p.start).Seconds()
	rate := 0.0
	if secs > 0 {
		rate = float64(rows) / secs
	}
	// \r and "erase line" rewrite the same line in place.
	fmt.Fprintf(p.out, "\r\x1b[K%s: %s rows read, %s rows/s, %.1fs%s",
		p.phase.Load().(string), count(float64(rows)), count(rate), secs, end)
}

func (p *progress) add(n int) { p.rows.Add(int64(n)) }

func (p *progress) set(phase string) { p.phase.Store(phase) }

// finish ends the progress line; it is safe to call more than once.
func (p *progress) finish() {
	if p.stop != nil {
		close(p.stop)
		p.done.Wait()
		p.stop = nil
	}
}

// count prints a number with a k/M suffix, as people read progress.
func count(v float64) string {
	switch {
	case v >= 1e6:
		return fmt.Sprintf("%.1fM", v/1e6)
	case v >= 1e4:
		return fmt.Sprintf("%.0fk", v/1e3)
	}
	return fmt.Sprintf("%.0f", v)
}
