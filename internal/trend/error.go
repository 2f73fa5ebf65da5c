package trend

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/perspectief/perspectief/internal/textenc"
)

// InputError reports a bad panel, norms or indicator table file. It prints as
// the spec demands: FILE:LINE: COLUMN: reason for CSV (the header is line 1,
// lines counted as an editor counts them) and FILE: row N: COLUMN: reason for
// Parquet (data rows counted from 1).
type InputError struct {
	File   string
	Line   int64 // CSV line; 0 for Parquet
	Row    int64 // Parquet row; 0 for CSV
	Column string
	Reason string
}

func (e *InputError) Error() string {
	if e.Line == 0 && e.Row > 0 {
		return e.File + ": row " + strconv.FormatInt(e.Row, 10) + ": " + e.Column + ": " + e.Reason
	}
	return e.File + ":" + strconv.FormatInt(e.Line, 10) + ": " + e.Column + ": " + e.Reason
}

// quote shows an offending value in a message; long values are cut so that a
// runaway field cannot flood the terminal.
func quote(b []byte) string {
	const max = 40
	if len(b) > max {
		return strconv.Quote(string(b[:max])) + "..."
	}
	return strconv.Quote(string(b))
}

// readError is the error of a failed read of file: a file that is not
// UTF-8 text is an InputError naming its line, anything else an I/O error.
func readError(file string, err error) error {
	var se *textenc.StreamError
	if errors.As(err, &se) {
		return &InputError{File: file, Line: int64(se.Line), Column: "bestand", Reason: se.Reason}
	}
	return fmt.Errorf("%s: %w", file, err)
}
