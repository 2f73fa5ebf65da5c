package web

import "net/http"

// accessibilityStatement serves the toegankelijkheidsverklaring: public, no
// login, in the structure of the Dutch register (status, what is known not
// to comply, contact, complaints).
func (s *Core) accessibilityStatement(w http.ResponseWriter, r *http.Request) {
	v := struct{ Page }{Page{Title: "Toegankelijkheidsverklaring", Demo: s.Demo}}
	s.Render(w, r, http.StatusOK, "toegankelijkheid", v)
}
