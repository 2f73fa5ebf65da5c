package programmeweb

import (
	"bytes"
	"net/http"

	"github.com/perspectief/perspectief/internal/web"

	"github.com/perspectief/perspectief/internal/programme"
)

// export downloads the programme as the YAML file that import reads. Every
// role may read the whole programme, so every role may export it.
func (s *Pages) export(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	m, err := s.Programme.Model(r.Context())
	if err != nil {
		return err
	}
	// Written to a buffer first so that an encoding error is still an error
	// Page rather than a truncated download.
	var buf bytes.Buffer
	if err := programme.WriteFile(&buf, m); err != nil {
		return err
	}
	name := "programma-" + s.Programme.Now().In(web.Amsterdam).Format("2006-01-02") + ".yaml"
	h := w.Header()
	h.Set("Content-Type", "application/yaml; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	h.Set("Cache-Control", "no-store")
	_, _ = w.Write(buf.Bytes())
	return nil
}
