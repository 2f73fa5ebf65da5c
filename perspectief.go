// Package perspectief holds what every part of Perspectief shares: the error
// type that carries a code and a Dutch message for the user, and the
// reporting period of the intervention monitor.
package perspectief

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Code classifies an error so that the edges (web, API, CLI) can choose a
// status without knowing where the error came from.
type Code string

const (
	CodeInvalid      Code = "invalid"      // the input is wrong; the user can fix it
	CodeNotFound     Code = "not_found"    // the thing asked for does not exist
	CodeConflict     Code = "conflict"     // the change clashes with what is stored
	CodeUnauthorized Code = "unauthorized" // no valid login or token
	CodeForbidden    Code = "forbidden"    // logged in, but the role does not allow it
	CodeTooMany      Code = "too_many"     // rate limited
	CodeInternal     Code = "internal"     // a bug or an outage; logged, never shown in detail
)

// FieldError names one problem with the input by the path of the field, in
// the notation of the import file and the API's JSON (interventies[3].lijn,
// periode), and says in Dutch what is wrong with it.
type FieldError struct {
	Path    string
	Message string
}

// Error writes the field error as "path: message".
func (e FieldError) Error() string { return e.Path + ": " + e.Message }

// Item reads a path into a list, list[i].field, such as
// "bijlagen[2].titel" for list "bijlagen": i is 2 and field "titel". ok is
// false for a path outside list.
func (e FieldError) Item(list string) (i int, field string, ok bool) {
	rest, found := strings.CutPrefix(e.Path, list+"[")
	if !found {
		return 0, "", false
	}
	num, field, found := strings.Cut(rest, "].")
	if !found || field == "" {
		return 0, "", false
	}
	i, err := strconv.Atoi(num)
	if err != nil || i < 0 {
		return 0, "", false
	}
	return i, field, true
}

// Error is a domain error. Message is a Dutch sentence fit to show a user.
// Fields lists what is wrong with each field of a form or request body, so
// that web can place a message next to its field and the API can name it;
// Details lists further messages that belong to no field (one per bad line of
// an imported file, a hint).
type Error struct {
	Code    Code
	Message string
	Fields  []FieldError
	Details []string
	Err     error // the cause, for logs only
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %v", e.Message, e.Err)
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf builds a domain error with a formatted user message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid returns a CodeInvalid error with message msg and the field errors.
func Invalid(msg string, fields []FieldError) *Error {
	return &Error{Code: CodeInvalid, Message: msg, Fields: fields}
}

// ErrorCode returns the code of err, or CodeInternal when err carries none.
func ErrorCode(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	if err == nil {
		return ""
	}
	return CodeInternal
}

// ErrorMessage returns the user message of err; errors without a domain code
// get a generic message so that internals never reach a user.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "Er ging iets mis aan onze kant. Probeer het later opnieuw."
}

// ErrorFields returns the field errors of a domain error.
func ErrorFields(err error) []FieldError {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// ErrorDetailLines returns the messages of a domain error that belong to no
// field.
func ErrorDetailLines(err error) []string {
	var e *Error
	if errors.As(err, &e) {
		return e.Details
	}
	return nil
}

// ErrorDetails returns every further message of a domain error as text: the
// field errors written "path: message", then the detail lines. It is for
// pages that list problems without placing them at a field.
func ErrorDetails(err error) []string {
	var e *Error
	if !errors.As(err, &e) {
		return nil
	}
	if len(e.Fields) == 0 {
		return e.Details
	}
	out := make([]string, 0, len(e.Fields)+len(e.Details))
	for _, f := range e.Fields {
		out = append(out, f.Error())
	}
	return append(out, e.Details...)
}
