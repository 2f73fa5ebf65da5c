package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/perspectief/perspectief"
)

// errorBody is the JSON form of every error the API returns.
type errorBody struct {
	Error errorJSON `json:"error"`
}

type errorJSON struct {
	Code      perspectief.Code `json:"code"`
	Message   string           `json:"message"`
	Details   []string         `json:"details"`
	RequestID string           `json:"request_id"`
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

// withDetails adds detail lines to a requestError.
func withDetails(err error, details ...string) error {
	var se *statusError
	if errors.As(err, &se) {
		se.err.Details = append(se.err.Details, details...)
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

// fail writes err as JSON. Internal errors are logged in full and answered
// with a generic message, so that no SQL or stack detail reaches a client.
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
		writeErrorBody(w, status, perspectief.CodeInternal, internalMessage(id), nil, id)
		return
	}
	writeErrorBody(w, status, code, perspectief.ErrorMessage(err), perspectief.ErrorDetails(err), id)
}

func writeErrorBody(w http.ResponseWriter, status int, code perspectief.Code, msg string, details []string, id string) {
	if details == nil {
		details = []string{}
	}
	// An errorBody holds only strings, so encoding cannot fail.
	_ = respond(w, status, errorBody{Error: errorJSON{Code: code, Message: msg, Details: details, RequestID: id}})
}

// respond writes v as JSON with status. Encoding happens before anything is
// written, so that a failure can still become a proper 500.
func respond(w http.ResponseWriter, status int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %T response: %w", v, err)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
	return nil
}
