package report

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
)

//go:embed templates/tertial.html
var tertialFiles embed.FS

var tertialTmpl = template.Must(template.New("tertial.html").Funcs(funcs).Funcs(template.FuncMap{
	"tertialLabel": TertialLabel,
	"plural": func(n int, one, many string) string {
		if n == 1 {
			return "1 " + one
		}
		return fmt.Sprintf("%d %s", n, many)
	},
}).ParseFS(tertialFiles, "templates/tertial.html"))

// RenderTertial writes a tertial report as one self-contained HTML
// document, with the stylesheet of the yearly report inline, so that it
// reads the same in a browser, as an attachment and printed to PDF.
func RenderTertial(r *TertialReport) ([]byte, error) {
	var b bytes.Buffer
	view := struct {
		*TertialReport
		CSS template.CSS
	}{r, template.CSS(css)}
	if err := tertialTmpl.Execute(&b, view); err != nil {
		return nil, fmt.Errorf("report: render tertial: %w", err)
	}
	return b.Bytes(), nil
}
