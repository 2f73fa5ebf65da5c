package perspectief

import "fmt"

// Problems collects what is wrong with a file being imported, one line per
// problem in the form "FILE:LINE: column: reason", so that the whole file
// can be refused with every problem named. After Max problems it only
// counts the rest.
type Problems struct {
	File  string
	Max   int
	lines []string
	more  int
}

// Add records a problem in a column of a line.
func (p *Problems) Add(line int, column, format string, args ...any) {
	p.AddLine(fmt.Sprintf("%s:%d: %s: %s", p.File, line, column, fmt.Sprintf(format, args...)))
}

// AddLine records a problem written out in full.
func (p *Problems) AddLine(s string) {
	if p.Max > 0 && len(p.lines) >= p.Max {
		p.more++
		return
	}
	p.lines = append(p.lines, s)
}

// Any reports whether a problem was recorded.
func (p *Problems) Any() bool { return len(p.lines) > 0 }

// Refuse returns the refusal of the whole file, or nil without problems.
func (p *Problems) Refuse() error {
	if !p.Any() {
		return nil
	}
	details := p.lines
	if p.more > 0 {
		details = append(details, fmt.Sprintf("en nog %d fouten", p.more))
	}
	return &Error{Code: CodeInvalid, Message: "Het bestand " + p.File + " is geweigerd; er is niets ingelezen.", Details: details}
}
