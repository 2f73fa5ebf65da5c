// Package perspectief holds what every part of Perspectief shares: the error
// type that carries a code and a Dutch message for the user, and the
// reporting period of the intervention monitor.
package perspectief

import (
	"errors"
	"fmt"
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

// Error is a domain error. Message is a Dutch sentence fit to show a user;
// Details lists further messages (one per bad line or field of an import).
type Error struct {
	Code    Code
	Message string
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

// ErrorDetails returns the detail lines of a domain error.
func ErrorDetails(err error) []string {
	var e *Error
	if errors.As(err, &e) {
		return e.Details
	}
	return nil
}
