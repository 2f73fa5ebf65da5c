// Package textenc is the one place that decides whether an imported file is
// UTF-8 text, and names what it seems to be when it is not ("bestand is
// geen UTF-8; het lijkt UTF-16"). Every import calls it before parsing:
// whole files through Check, streamed files through NewReader.
package textenc

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/perspectief/perspectief"
)

// BOM is the UTF-8 byte-order mark, which spreadsheet programs write and
// which every import accepts and drops.
const BOM = "\uFEFF"

// sniffBytes is how much of the start of a file Guess looks at for NUL
// bytes: enough to tell UTF-16 text from UTF-8.
const sniffBytes = 4096

// Problem is what is wrong with the encoding of a file: the line of the
// first byte that is not UTF-8 text, and a Dutch reason.
type Problem struct {
	Line   int
	Reason string
}

// String is the problem as a detail line of a refused file: "NAME:LINE:
// reason".
func (p *Problem) String(name string) string { return fmt.Sprintf("%s:%d: %s", name, p.Line, p.Reason) }

// Check returns nil when data is UTF-8 text without NUL bytes (a UTF-8
// byte-order mark allowed), or the problem.
func Check(data []byte) *Problem {
	if p := sniff(data); p != nil {
		return p
	}
	return scan(data, 1)
}

// Refusal is the refusal of a whole file for its encoding, in the form
// every import uses, or nil when data is UTF-8 text.
func Refusal(name string, data []byte) error {
	p := Check(data)
	if p == nil {
		return nil
	}
	return p.Refusal(name)
}

// Refusal turns the problem into the refusal of the file name.
func (p *Problem) Refusal(name string) error {
	return &perspectief.Error{
		Code:    perspectief.CodeInvalid,
		Message: "Het bestand " + name + " is geweigerd; er is niets ingelezen.",
		Details: []string{p.String(name)},
	}
}

// sniff looks at the start of a file for the marks of UTF-16 and UTF-32:
// their byte-order marks, or the NUL bytes that ASCII text has between its
// letters in UTF-16.
func sniff(data []byte) *Problem {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE, 0, 0}), bytes.HasPrefix(data, []byte{0, 0, 0xFE, 0xFF}):
		return &Problem{1, reason("UTF-32")}
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return &Problem{1, reason("UTF-16")}
	}
	head := data[:min(len(data), sniffBytes)]
	if bytes.IndexByte(head, 0) < 0 {
		return nil
	}
	var even, odd int
	for i, b := range head {
		if b == 0 {
			if i%2 == 0 {
				even++
			} else {
				odd++
			}
		}
	}
	// Mostly-ASCII UTF-16 has a NUL in every other byte, on one side.
	if 4*max(even, odd) >= len(head) && min(even, odd)*4 < max(even, odd) {
		return &Problem{1, reason("UTF-16")}
	}
	return &Problem{1, "bestand is geen tekst maar een binair bestand (het bevat NUL-tekens)"}
}

const latin1 = "bestand is geen UTF-8; het lijkt Windows-1252 of Latin-1 (ANSI). Sla het op als UTF-8 (in Excel: CSV UTF-8)"

func reason(enc string) string {
	return "bestand is geen UTF-8; het lijkt " + enc + ". Sla het op als UTF-8 (in Excel: CSV UTF-8; in Kladblok: codering UTF-8)"
}

// scan finds the first byte that is not UTF-8 (or is NUL) and its line,
// counting from line.
func scan(data []byte, line int) *Problem {
	for len(data) > 0 {
		if data[0] < utf8.RuneSelf {
			switch data[0] {
			case 0:
				return &Problem{line, "bestand is geen tekst maar een binair bestand (het bevat NUL-tekens)"}
			case '\n':
				line++
			}
			data = data[1:]
			continue
		}
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size <= 1 {
			return &Problem{line, latin1}
		}
		data = data[size:]
	}
	return nil
}

// StreamError is the error of the reader of NewReader when the stream is
// not UTF-8 text. It prints as "NAME:LINE: reason"; Refusal turns it into
// the refusal of the file.
type StreamError struct {
	Name string
	Problem
}

func (e *StreamError) Error() string { return e.Problem.String(e.Name) }

// NewReader returns a reader that passes r through unchanged while it is
// UTF-8 text, and fails with a *StreamError naming the line at the first
// chunk that is not. For files too large to read whole before parsing.
func NewReader(name string, r io.Reader) io.Reader {
	return &reader{r: bufio.NewReaderSize(r, sniffBytes), name: name, line: 1}
}

// NewHeadReader is NewReader for a parser that checks the UTF-8 of every
// field itself, naming the column: it only looks at the start of the file
// for UTF-16, UTF-32 and binary files, which no field check would name.
func NewHeadReader(name string, r io.Reader) io.Reader {
	return &reader{r: bufio.NewReaderSize(r, sniffBytes), name: name, line: 1, headOnly: true}
}

type reader struct {
	headOnly bool
	r        *bufio.Reader
	name     string
	line     int
	started  bool
	pending  []byte // the start of a rune cut at the end of the last chunk
	err      error
}

func (t *reader) Read(p []byte) (int, error) {
	if t.err != nil {
		return 0, t.err
	}
	if !t.started {
		t.started = true
		head, _ := t.r.Peek(sniffBytes) // a short file: what there is
		if pr := sniff(head); pr != nil {
			return t.fail(pr)
		}
	}
	n, err := t.r.Read(p)
	if t.headOnly {
		return n, err
	}
	chunk := p[:n]
	data := chunk
	if len(t.pending) > 0 {
		// Finish the rune cut at the end of the last chunk first.
		var buf [2 * utf8.UTFMax]byte
		m := copy(buf[:], t.pending)
		m += copy(buf[m:], chunk[:min(len(chunk), utf8.UTFMax)])
		if !utf8.FullRune(buf[:m]) && err == nil {
			t.pending = append(t.pending[:0], buf[:m]...)
			return n, nil
		}
		r, size := utf8.DecodeRune(buf[:m])
		if r == utf8.RuneError && size <= 1 {
			return t.fail(&Problem{t.line, latin1})
		}
		data = chunk[size-len(t.pending):]
		t.pending = t.pending[:0]
	}
	// Keep back an incomplete rune at the end, unless the stream ends.
	keep := 0
	if err == nil {
		for i := len(data) - 1; i >= 0 && i >= len(data)-utf8.UTFMax; i-- {
			if utf8.RuneStart(data[i]) {
				if !utf8.FullRune(data[i:]) {
					keep = len(data) - i
				}
				break
			}
		}
	}
	body := data[:len(data)-keep]
	if bytes.IndexByte(body, 0) >= 0 || !utf8.Valid(body) {
		if pr := scan(body, t.line); pr != nil {
			return t.fail(pr)
		}
	}
	t.line += bytes.Count(body, []byte{'\n'})
	t.pending = append(t.pending[:0], data[len(data)-keep:]...)
	return n, err
}

func (t *reader) fail(p *Problem) (int, error) {
	t.err = &StreamError{t.name, *p}
	return 0, t.err
}
