package web

import (
	"net/http"
	"net/url"

	"github.com/perspectief/perspectief"
)

type errorView struct {
	Page
	Status  int
	Heading string
	Message string
	Details []string
	Home    bool // offer a link back to the overview
}

// Fail turns an error from a handler into a page. Domain errors carry a
// Dutch message fit to show; anything else is logged in English and shown as
// a generic message with the request ID, so support can find the log line.
func (s *Core) Fail(w http.ResponseWriter, r *http.Request, err error) {
	rc := RequestInfo(r)
	switch perspectief.ErrorCode(err) {
	case perspectief.CodeNotFound:
		s.RenderError(w, r, http.StatusNotFound, perspectief.ErrorMessage(err), nil)
	case perspectief.CodeForbidden:
		s.RenderError(w, r, http.StatusForbidden, perspectief.ErrorMessage(err), nil)
	case perspectief.CodeInvalid:
		s.RenderError(w, r, http.StatusBadRequest, perspectief.ErrorMessage(err), perspectief.ErrorDetails(err))
	case perspectief.CodeConflict:
		s.RenderError(w, r, http.StatusConflict, perspectief.ErrorMessage(err), perspectief.ErrorDetails(err))
	case perspectief.CodeTooMany:
		SetRetryAfter(w, err)
		s.RenderError(w, r, http.StatusTooManyRequests, perspectief.ErrorMessage(err), nil)
	case perspectief.CodeUnauthorized:
		http.Redirect(w, r, "/inloggen?terug="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
	default:
		s.Log().Error("request failed", "request_id", rc.ID, "method", r.Method, "path", LogPath(r), "err", err)
		s.RenderError(w, r, http.StatusInternalServerError, "", nil)
	}
}

// RenderError shows the error page. An empty message gets the standard text
// for the status.
func (s *Core) RenderError(w http.ResponseWriter, r *http.Request, status int, msg string, details []string) {
	rc := RequestInfo(r)
	v := errorView{Page: s.Page(r, rc, "", ""), Status: status, Message: msg, Details: details, Home: true}
	switch status {
	case http.StatusNotFound:
		v.Heading = "Pagina niet gevonden"
		if msg == "" {
			v.Message = "Deze pagina bestaat niet (meer). Controleer het adres, of ga naar het overzicht."
		}
	case http.StatusForbidden:
		v.Heading = "Geen toegang"
		if msg == "" {
			v.Message = "Uw rol geeft geen toegang tot deze pagina."
		}
	case http.StatusTooManyRequests:
		v.Heading = "Te veel pogingen"
	case http.StatusBadRequest, http.StatusConflict, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType:
		v.Heading = "Dit lukte niet"
	default:
		v.Heading = "Er ging iets mis"
		v.Message = "Er ging iets mis aan onze kant. Probeer het later opnieuw. Blijft het misgaan? Geef dan deze code door aan de beheerder: " + rc.ID + "."
	}
	v.Title = v.Heading
	s.Render(w, r, status, "error", v)
}

// renderCSRF explains a refused form in words a user can act on: the usual
// cause is a page left open until the session ended, not an attack.
func (s *Core) renderCSRF(w http.ResponseWriter, r *http.Request) {
	s.RenderError(w, r, http.StatusForbidden,
		"Het formulier kon niet worden verwerkt, omdat de beveiligingscode ontbreekt of verlopen is. "+
			"Dit gebeurt als een pagina lang open heeft gestaan. Ga terug, laad de pagina opnieuw en probeer het nog een keer.", nil)
}

// notFound answers paths that no route matches. It shows who is logged in
// when there is a session, but does not require one: a missing page reveals
// nothing.
func (s *Core) notFound(w http.ResponseWriter, r *http.Request) {
	s.resolveSession(r, RequestInfo(r))
	s.RenderError(w, r, http.StatusNotFound, "", nil)
}

func NotFoundf(format string, args ...any) error {
	return perspectief.Errorf(perspectief.CodeNotFound, format, args...)
}
