package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/perspectief/perspectief"
)

// problemType is the prefix of the type URI of every problem document; the
// code of the error completes it (urn:perspectief:probleem:invalid). The
// types are listed in docs/api.md.
const problemType = "urn:perspectief:probleem:"

// problemJSON is the body of every error the API returns: a problem document
// of RFC 9457 (application/problem+json). code, details and request_id are
// extension members; code is the error code the API had before it followed
// RFC 9457, so that clients can keep switching on it.
type problemJSON struct {
	Type          string           `json:"type"`
	Title         string           `json:"title"`
	Status        int              `json:"status"`
	Detail        string           `json:"detail"`
	InvalidParams []invalidParam   `json:"invalid-params"`
	Code          perspectief.Code `json:"code"`
	Details       []string         `json:"details"`
	RequestID     string           `json:"request_id"`
}

// invalidParam is one field error: the field's path in the request (or the
// file) and what is wrong with it, in Dutch.
type invalidParam struct {
	Name   string `json:"name"`
	Reason string `json:"reason"`
}

// problemTitles are the short Dutch titles of the problem types.
var problemTitles = map[perspectief.Code]string{
	perspectief.CodeInvalid:      "Ongeldig verzoek",
	perspectief.CodeNotFound:     "Niet gevonden",
	perspectief.CodeConflict:     "Conflict met wat is opgeslagen",
	perspectief.CodeUnauthorized: "Niet aangemeld",
	perspectief.CodeForbidden:    "Geen toestemming",
	perspectief.CodeTooMany:      "Te veel verzoeken",
	perspectief.CodeInternal:     "Fout in de server",
}

// statusError is a problem with the HTTP request itself (malformed JSON, a
// wrong Content-Type, a body too large) rather than with its content. It
// carries its own status because the domain codes do not distinguish these.
type statusError struct {
	status int
	err    *perspectief.Error
}

func (e *statusError) Error() string { return e.err.Error() }
func (e *statusError) Unwrap() error { return e.err }

// requestError reports a problem with the request with the given status; the
// code in the body is "invalid", since the client can fix it.
func requestError(status int, format string, args ...any) error {
	return &statusError{status: status, err: perspectief.Errorf(perspectief.CodeInvalid, format, args...)}
}

// withField names the field a requestError is about.
func withField(err error, path, reason string) error {
	var se *statusError
	if errors.As(err, &se) {
		se.err.Fields = append(se.err.Fields, perspectief.FieldError{Path: path, Message: reason})
	}
	return err
}

// statusOf maps a domain code to a status. Invalid content is 422: the
// request was well-formed, but the programme rules refuse it; malformed
// requests are 400 and come as statusError.
func statusOf(code perspectief.Code) int {
	switch code {
	case perspectief.CodeInvalid:
		return http.StatusUnprocessableEntity
	case perspectief.CodeNotFound:
		return http.StatusNotFound
	case perspectief.CodeConflict:
		return http.StatusConflict
	case perspectief.CodeUnauthorized:
		return http.StatusUnauthorized
	case perspectief.CodeForbidden:
		return http.StatusForbidden
	case perspectief.CodeTooMany:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

func internalMessage(id string) string {
	return fmt.Sprintf("Er ging iets mis aan onze kant. Probeer het later opnieuw; noem bij een melding verzoek-id %s.", id)
}

// fail writes err as a problem document. Internal errors are logged in full
// and answered with a generic message, so that no SQL or stack detail
// reaches a client.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	id := requestID(r.Context())
	code := perspectief.ErrorCode(err)
	status := statusOf(code)
	var se *statusError
	if errors.As(err, &se) {
		status = se.status
	}
	if status == http.StatusInternalServerError {
		h.logger().ErrorContext(r.Context(), "api request failed",
			"request_id", id, "method", r.Method, "path", r.URL.Path, "err", err)
		writeProblem(w, status, &perspectief.Error{Code: perspectief.CodeInternal, Message: internalMessage(id)}, id)
		return
	}
	var e *perspectief.Error
	if !errors.As(err, &e) {
		e = &perspectief.Error{Code: code, Message: perspectief.ErrorMessage(err)}
	}
	writeProblem(w, status, e, id)
}

// writeProblem writes e as an RFC 9457 problem document with status.
func writeProblem(w http.ResponseWriter, status int, e *perspectief.Error, id string) {
	code := e.Code
	if _, ok := problemTitles[code]; !ok {
		code = perspectief.CodeInternal
	}
	p := problemJSON{
		Type: problemType + string(code), Title: problemTitles[code], Status: status, Detail: e.Message,
		InvalidParams: make([]invalidParam, len(e.Fields)), Code: code, Details: e.Details, RequestID: id,
	}
	for i, f := range e.Fields {
		p.InvalidParams[i] = invalidParam{Name: f.Path, Reason: f.Message}
	}
	if p.Details == nil {
		p.Details = []string{}
	}
	// A problem holds only strings and numbers, so encoding cannot fail.
	b, _ := json.Marshal(p)
	writeJSON(w, status, "application/problem+json; charset=utf-8", b)
}

// respond writes v as JSON with status. Encoding happens before anything is
// written, so that a failure can still become a proper 500. Nil lists and
// maps anywhere in v are sent as [] and {}: a client never gets null where
// the document promises a list.
func respond(w http.ResponseWriter, status int, v any) error {
	b, err := json.Marshal(emptyNotNull(v))
	if err != nil {
		return fmt.Errorf("encode %T response: %w", v, err)
	}
	writeJSON(w, status, "application/json; charset=utf-8", b)
	return nil
}

func writeJSON(w http.ResponseWriter, status int, contentType string, b []byte) {
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}
