package main

import (
	"strings"
	"testing"
	"time"
)

// TestTermProgress checks what the progress line says, and that it says
// nothing when the output is not a terminal.
func TestTermProgress(t *testing.T) {
	var b strings.Builder
	quiet := newTermProgress(&b, "reading p.csv", "bytes", 100)
	quiet.set(50)
	quiet.clear()
	if b.Len() != 0 {
		t.Errorf("not a terminal, yet wrote %q", b.String())
	}
	p := newTermProgress(nil, "evaluating", "households", 2000)
	p.out = &b
	p.set(500)
	if got := b.String(); !strings.HasPrefix(got, "\r\x1b[Kevaluating: 25% (500 of 2000 households, ") {
		t.Errorf("line %q", got)
	}
	p.set(600) // within 200 ms of the last line: not drawn
	if strings.Contains(b.String(), "600 of") {
		t.Error("drew more than five lines a second")
	}
	p.last = time.Time{}
	p.set(2000)
	p.clear()
	if got := b.String(); !strings.Contains(got, "100% (2000 of 2000") || !strings.HasSuffix(got, "\r\x1b[K") {
		t.Errorf("line %q", got)
	}
}
