package chart

import (
	"image"
	"image/color"
	"regexp"
	"strconv"
	"testing"

	qr "github.com/piglig/go-qr"
)

// TestQRReadsBack draws the SVG's path into a bitmap and decodes it: what
// a phone's camera would read is the link that went in.
func TestQRReadsBack(t *testing.T) {
	const link = "https://perspectief.groningen.nl/enquete/abcdefghjkmn"
	svg, err := QR(link, "QR-code van de enquête", "Scan om de vragenlijst te openen.")
	if err != nil {
		t.Fatal(err)
	}
	wellFormed(t, svg)
	has(t, svg, `<title id="qr-title">QR-code van de enquête</title>`, `viewBox="0 0 `)
	side := regexp.MustCompile(`viewBox="0 0 (\d+) `).FindStringSubmatch(svg)
	n, _ := strconv.Atoi(side[1])
	const scale = 6
	img := image.NewGray(image.Rect(0, 0, n*scale, n*scale))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	runs := regexp.MustCompile(`M(\d+) (\d+)h(\d+)v1h-\d+z`).FindAllStringSubmatch(svg, -1)
	if len(runs) == 0 {
		t.Fatal("no dark modules in the path")
	}
	for _, r := range runs {
		x, _ := strconv.Atoi(r[1])
		y, _ := strconv.Atoi(r[2])
		w, _ := strconv.Atoi(r[3])
		for px := x * scale; px < (x+w)*scale; px++ {
			for py := y * scale; py < (y+1)*scale; py++ {
				img.Set(px, py, color.Gray{0})
			}
		}
	}
	got, err := qr.Decode(img)
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	if got != link {
		t.Errorf("decoded %q, want %q", got, link)
	}
}
