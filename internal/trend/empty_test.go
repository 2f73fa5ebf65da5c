package trend

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
)

// TestPanelWithoutRows: a panel with only its header is refused, with the
// file and the line where the rows should start; so is a UTF-16 panel.
func TestPanelWithoutRows(t *testing.T) {
	dir := t.TempDir()
	norms := filepath.Join(dir, "normen.csv")
	if err := os.WriteFile(norms, []byte("jaar,categorie,bedrag\n2024,alleenstaand,15000\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	header := "jaar,huishouden,buurt,type,personen,minderjarigen,aow,bron,inkomen,uitgesloten\n"
	var utf16le []byte
	for _, u := range utf16.Encode([]rune("\uFEFF" + header)) {
		utf16le = append(utf16le, byte(u), byte(u>>8))
	}
	for _, c := range []struct {
		data []byte
		want string
	}{
		{[]byte(header), "panel.csv:2: jaar: het panel heeft geen rijen, alleen een kopregel"},
		{[]byte(header + "\n\n"), "panel.csv:2: jaar: het panel heeft geen rijen, alleen een kopregel"},
		{utf16le, "panel.csv:1: bestand: bestand is geen UTF-8; het lijkt UTF-16"},
	} {
		p := filepath.Join(dir, "panel.csv")
		if err := os.WriteFile(p, c.data, 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := Compute(context.Background(), Options{PanelPath: p, NormsPath: norms})
		var ie *InputError
		if !errors.As(err, &ie) || !strings.HasPrefix(err.Error(), p+strings.TrimPrefix(c.want, "panel.csv")) {
			t.Errorf("err = %v, want %s", err, c.want)
		}
	}
}
