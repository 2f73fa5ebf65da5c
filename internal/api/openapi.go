package api

import (
	_ "embed"
	"net/http"
)

// openAPIDoc is written by hand rather than generated, so that it can carry
// the Dutch explanations a client developer at the gemeente needs.
//
//go:embed openapi.json
var openAPIDoc []byte

func (h *Handler) openAPI(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Access-Control-Allow-Origin", "*")
	_, _ = w.Write(openAPIDoc)
}
