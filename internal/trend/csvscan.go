package trend

import (
	"io"

	"github.com/perspectief/perspectief/internal/textenc"
)

// csvScanner reads RFC 4180 records. It is written for this package rather
// than taken from encoding/csv because the error messages must name the
// column and the line on which the offending field starts, with lines counted
// as an editor counts them (a quoted newline starts a new line), and because
// the panel has tens of millions of records: the scanner allocates nothing
// per record.
//
// Its rules follow encoding/csv with LazyQuotes off: records end at "\n" or
// "\r\n", a lone "\r" is data, empty lines are skipped, a quote inside an
// unquoted field is an error, inside a quoted field "" is a quote and "\r\n"
// becomes "\n". A UTF-8 byte order mark at the very start is dropped.
type csvScanner struct {
	r    io.Reader
	buf  []byte
	pos  int
	end  int
	eof  bool
	rerr error
	line int64 // line of buf[pos]

	// The current record: field i is rec[bounds[2i]:bounds[2i+1]] and starts
	// on line flines[i].
	rec     []byte
	bounds  []int
	flines  []int64
	recLine int64
}

// csvSyntaxError is a malformed record; field is the index of the field in
// which the problem lies.
type csvSyntaxError struct {
	line   int64
	field  int
	reason string
}

// maxRecord bounds the memory one record may take; no valid panel record
// comes anywhere near it.
const maxRecord = 1 << 30

func newCSVScanner(file string, r io.Reader) *csvScanner {
	s := &csvScanner{r: textenc.NewHeadReader(file, r), buf: make([]byte, 256<<10), line: 1}
	if s.fill(3) && string(s.buf[s.pos:s.pos+3]) == "\xef\xbb\xbf" {
		s.pos += 3
	}
	return s
}

// fill makes at least n unread bytes available unless the input ends first,
// and reports whether it succeeded.
func (s *csvScanner) fill(n int) bool {
	if s.end-s.pos >= n {
		return true
	}
	if s.eof {
		return false
	}
	copy(s.buf, s.buf[s.pos:s.end])
	s.end -= s.pos
	s.pos = 0
	for s.end < n && !s.eof {
		m, err := s.r.Read(s.buf[s.end:])
		s.end += m
		if err != nil {
			s.eof = true
			if err != io.EOF {
				s.rerr = err
			}
		}
	}
	return s.end-s.pos >= n
}

// next reads the next non-empty record. It returns false at the end of the
// input or on a read error (see err).
func (s *csvScanner) next() (bool, *csvSyntaxError) {
	for {
		if !s.fill(1) {
			return false, nil
		}
		c := s.buf[s.pos]
		if c == '\n' {
			s.pos++
			s.line++
			continue
		}
		if c == '\r' {
			if !s.fill(2) {
				s.pos++ // a final lone "\r" ends the last line
				continue
			}
			if s.buf[s.pos+1] == '\n' {
				s.pos += 2
				s.line++
				continue
			}
		}
		break
	}
	s.rec = s.rec[:0]
	s.bounds = s.bounds[:0]
	s.flines = s.flines[:0]
	s.recLine = s.line
	for field := 0; ; field++ {
		s.flines = append(s.flines, s.line)
		s.bounds = append(s.bounds, len(s.rec))
		if len(s.rec) > maxRecord {
			return false, &csvSyntaxError{s.line, field, "record longer than 1 GiB"}
		}
		if s.fill(1) && s.buf[s.pos] == '"' {
			end, err := s.quoted(field)
			if err != nil {
				return false, err
			}
			s.bounds = append(s.bounds, len(s.rec))
			if end {
				return true, nil
			}
			continue
		}
		end, err := s.unquoted(field)
		if err != nil {
			return false, err
		}
		s.bounds = append(s.bounds, len(s.rec))
		if end {
			return true, nil
		}
	}
}

// csvStop marks the bytes that end a run of plain field data.
var csvStop = [256]bool{',': true, '"': true, '\n': true, '\r': true}

// unquoted scans an unquoted field; end reports whether it closed the record.
func (s *csvScanner) unquoted(field int) (end bool, _ *csvSyntaxError) {
	for {
		if !s.fill(1) {
			return true, nil
		}
		i := s.pos
		buf := s.buf[:s.end]
		for i < len(buf) && !csvStop[buf[i]] {
			i++
		}
		s.rec = append(s.rec, buf[s.pos:i]...)
		s.pos = i
		if i == len(buf) {
			if len(s.rec) > maxRecord {
				return false, &csvSyntaxError{s.line, field, "record longer than 1 GiB"}
			}
			continue
		}
		switch buf[i] {
		case ',':
			s.pos++
			return false, nil
		case '\n':
			s.pos++
			s.line++
			return true, nil
		case '\r':
			if !s.fill(2) {
				s.pos++
				return true, nil
			}
			if s.buf[s.pos+1] == '\n' {
				s.pos += 2
				s.line++
				return true, nil
			}
			s.rec = append(s.rec, '\r')
			s.pos++
		default: // '"'
			return false, &csvSyntaxError{s.line, field, `bare " in unquoted field`}
		}
	}
}

// quoted scans a quoted field, starting at its opening quote.
func (s *csvScanner) quoted(field int) (end bool, _ *csvSyntaxError) {
	startLine := s.line
	s.pos++
	for {
		if !s.fill(1) {
			return false, &csvSyntaxError{startLine, field, "quoted field is not closed"}
		}
		i := s.pos
		buf := s.buf[:s.end]
		for i < len(buf) && buf[i] != '"' && buf[i] != '\n' && buf[i] != '\r' {
			i++
		}
		s.rec = append(s.rec, buf[s.pos:i]...)
		s.pos = i
		if i == len(buf) {
			if len(s.rec) > maxRecord {
				return false, &csvSyntaxError{startLine, field, "record longer than 1 GiB"}
			}
			continue
		}
		switch buf[i] {
		case '\n':
			s.rec = append(s.rec, '\n')
			s.pos++
			s.line++
		case '\r':
			if s.fill(2) && s.buf[s.pos+1] == '\n' {
				s.rec = append(s.rec, '\n')
				s.pos += 2
				s.line++
			} else {
				s.rec = append(s.rec, '\r')
				s.pos++
			}
		default: // '"'
			if s.fill(2) && s.buf[s.pos+1] == '"' {
				s.rec = append(s.rec, '"')
				s.pos += 2
				continue
			}
			s.pos++
			if !s.fill(1) {
				return true, nil
			}
			switch s.buf[s.pos] {
			case ',':
				s.pos++
				return false, nil
			case '\n':
				s.pos++
				s.line++
				return true, nil
			case '\r':
				if !s.fill(2) {
					s.pos++
					return true, nil
				}
				if s.buf[s.pos+1] == '\n' {
					s.pos += 2
					s.line++
					return true, nil
				}
			}
			return false, &csvSyntaxError{s.line, field, `extraneous or missing " in quoted field`}
		}
	}
}

// field returns field i of the current record.
func (s *csvScanner) field(i int) []byte { return s.rec[s.bounds[2*i]:s.bounds[2*i+1]] }

// numFields is the number of fields of the current record.
func (s *csvScanner) numFields() int { return len(s.bounds) / 2 }

// err returns the read error that ended the input, if any.
func (s *csvScanner) err() error { return s.rerr }
