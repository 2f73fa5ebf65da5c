package trend

import (
	"fmt"
	"strconv"
)

// csvHeader maps the columns a reader wants to the fields of a CSV file.
type csvHeader struct {
	file  string
	names []string
	want  []string
	idx   []int // idx[i] is the field holding want[i]
	line  int64
}

// readHeader reads the header record: the wanted columns must each appear
// once, in any order; other columns are allowed and ignored. The last
// optional names of want may also be absent: their idx is then -1.
func readHeader(s *csvScanner, file string, want []string, optional int) (*csvHeader, error) {
	h := &csvHeader{file: file, want: want, line: 1}
	ok, serr := s.next()
	if serr != nil {
		return nil, &InputError{File: file, Line: serr.line, Column: "header", Reason: serr.reason}
	}
	if !ok {
		if err := s.err(); err != nil {
			return nil, readError(file, err)
		}
		return nil, &InputError{File: file, Line: 1, Column: want[0], Reason: "missing column (the file has no header)"}
	}
	h.line = s.recLine
	for i := range s.numFields() {
		h.names = append(h.names, string(s.field(i)))
	}
	h.idx = make([]int, len(want))
	for i, w := range want {
		h.idx[i] = -1
		for j, name := range h.names {
			if name != w {
				continue
			}
			if h.idx[i] >= 0 {
				return nil, &InputError{File: file, Line: s.flines[j], Column: w, Reason: "duplicate column"}
			}
			h.idx[i] = j
		}
	}
	for i, w := range want[:len(want)-optional] {
		if h.idx[i] < 0 {
			return nil, &InputError{File: file, Line: h.line, Column: w, Reason: "missing column"}
		}
	}
	return h, nil
}

// colName names field i of a record: its header name, or its position when
// the header gives it no name or the record has more fields than the header.
func (h *csvHeader) colName(i int) string {
	if i < len(h.names) && h.names[i] != "" {
		return h.names[i]
	}
	return "field " + strconv.Itoa(i+1)
}

func (h *csvHeader) syntaxError(e *csvSyntaxError) *InputError {
	return &InputError{File: h.file, Line: e.line, Column: h.colName(e.field), Reason: e.reason}
}

// checkFields demands as many fields as the header has, so that a shifted
// record cannot slip through with its values in the wrong columns.
func (h *csvHeader) checkFields(s *csvScanner) *InputError {
	n := s.numFields()
	switch {
	case n < len(h.names):
		return &InputError{File: h.file, Line: s.flines[n-1], Column: h.colName(n),
			Reason: fmt.Sprintf("missing field: the record has %d fields, the header %d", n, len(h.names))}
	case n > len(h.names):
		return &InputError{File: h.file, Line: s.flines[len(h.names)], Column: h.colName(len(h.names)),
			Reason: fmt.Sprintf("too many fields: the record has %d fields, the header %d", n, len(h.names))}
	}
	return nil
}
