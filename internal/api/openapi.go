package api

import (
	_ "embed"
	"encoding/json"
	"net/http"
	"sync"
)

// openAPIDoc is written by hand rather than generated, so that it can carry
// the Dutch explanations a client developer at the gemeente needs.
//
//go:embed openapi.json
var openAPIDoc []byte

// Contact is who answers questions about this installation's API: the
// gemeente's team, set with server --api-contact-*. The shipped document
// names the project with an address in .invalid (RFC 2606) that no one can
// mistake for a real one; the design rules ask for name, url and e-mail.
type Contact struct {
	Name  string `json:"name,omitempty"`
	URL   string `json:"url,omitempty"`
	Email string `json:"email,omitempty"`
}

// document is the OpenAPI document as served: the shipped one, with
// info.contact replaced by the installation's contact when one is set.
type document struct {
	once sync.Once
	body []byte
}

func (d *document) bytes(c *Contact) []byte {
	d.once.Do(func() {
		d.body = openAPIDoc
		if c == nil || *c == (Contact{}) {
			return
		}
		var top map[string]json.RawMessage
		var info map[string]json.RawMessage
		if json.Unmarshal(openAPIDoc, &top) != nil || json.Unmarshal(top["info"], &info) != nil {
			return
		}
		contact, _ := json.Marshal(c)
		info["contact"] = contact
		top["info"], _ = json.Marshal(info)
		if b, err := json.MarshalIndent(top, "", "  "); err == nil {
			d.body = b
		}
	})
	return d.body
}

func (h *Handler) openAPI(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Access-Control-Allow-Origin", "*")
	_, _ = w.Write(h.doc.bytes(h.Contact))
}
