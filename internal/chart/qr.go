package chart

import (
	"fmt"
	"strings"

	qr "github.com/piglig/go-qr"
)

// quietZone is the white border the QR standard asks for, in modules.
const quietZone = 4

// QR draws text as a QR code in SVG: one path of dark runs on a white
// square, so that it prints sharp at any size. Error correction level M
// (15%) survives a crease or a smudge on a printed letter. title and desc
// name the code for a screen reader, which cannot read the picture; the
// page shows the link as text too.
func QR(text, title, desc string) (string, error) {
	code, err := qr.EncodeText(text, qr.Medium)
	if err != nil {
		return "", fmt.Errorf("qr: %w", err)
	}
	n := code.Size()
	side := n + 2*quietZone
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" class="qr" role="img" aria-labelledby="qr-title qr-desc" shape-rendering="crispEdges">`, side, side)
	fmt.Fprintf(&b, `<title id="qr-title">%s</title><desc id="qr-desc">%s</desc>`, esc(title), esc(desc))
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="`, side, side)
	for y := 0; y < n; y++ {
		for x := 0; x < n; {
			if !code.Module(x, y) {
				x++
				continue
			}
			run := 1
			for x+run < n && code.Module(x+run, y) {
				run++
			}
			fmt.Fprintf(&b, "M%d %dh%dv1h-%dz", x+quietZone, y+quietZone, run, run)
			x += run
		}
	}
	b.WriteString(`"/></svg>`)
	return b.String(), nil
}
