package textenc_test

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/eligibility"
	"github.com/perspectief/perspectief/internal/geo"
	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/procesmonitor"
	"github.com/perspectief/perspectief/internal/programme"
	"github.com/perspectief/perspectief/internal/survey"
	"github.com/perspectief/perspectief/internal/trend"
	"github.com/perspectief/perspectief/internal/wegingskader"
)

// utf16File is text as Windows Notepad and Excel's "Unicode text" save it:
// UTF-16 little endian with a byte-order mark.
func utf16File(s string) []byte {
	b := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

// TestEveryImportNamesUTF16: every import refuses a UTF-16 file with the
// same words, naming the file and line 1.
func TestEveryImportNamesUTF16(t *testing.T) {
	reg, err := indicator.DefaultRegister()
	if err != nil {
		t.Fatal(err)
	}
	rules := eligibility.MustDefault()
	qs, err := survey.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	csv := utf16File("indicator,periode,gebied,groep,waarde,teller,noemer,marge,bron,toelichting\n")
	panel := utf16File("jaar,huishouden,buurt,type,personen,minderjarigen,aow,bron,inkomen,uitgesloten\n2024,h,BU00140100,overig,1,0,0,werk,1,\n")
	yaml := utf16File("perspectief_programma: 1\nprogramma:\n  naam: X\n")
	imports := map[string]func(name string, r io.Reader) error{
		"programma.yaml":   func(n string, r io.Reader) error { _, err := programme.ReadFile(n, r); return err },
		"vragenlijst.yaml": func(n string, r io.Reader) error { _, err := survey.ReadFile(n, r); return err },
		"antwoorden.csv": func(n string, r io.Reader) error {
			_, err := survey.ReadCSV(n, r, qs[0], "2025-06-01")
			return err
		},
		"waarden.csv": func(n string, r io.Reader) error { _, err := indicator.ReadValues(n, r, reg); return err },
		"uitgaven.csv": func(n string, r io.Reader) error {
			_, err := procesmonitor.ReadBookings(n, r, func(s string) (string, bool) { return s, true }, time.Now())
			return err
		},
		"regeling.yaml": func(n string, r io.Reader) error {
			b, _ := io.ReadAll(r)
			_, err := rules.ParseVersion(n, b)
			return err
		},
		"wijken.geojson": func(n string, r io.Reader) error { _, err := geo.Read(n, r); return err },
		"kader.yaml":     func(n string, r io.Reader) error { _, err := wegingskader.ReadFramework(n, r); return err },
		"normen.csv":     func(n string, r io.Reader) error { _, err := trend.ReadNorms(n, r); return err },
		"tabel.csv":      func(n string, r io.Reader) error { _, err := trend.ReadTable(n, r); return err },
		"panel.csv": func(n string, r io.Reader) error {
			_, err := rules.ReadPanel(n, r, nil)
			return err
		},
		"gebruik.csv": func(n string, r io.Reader) error { _, err := rules.ReadUsage(n, r, 2024); return err },
	}
	for name, read := range imports {
		data := csv
		switch {
		case strings.HasSuffix(name, ".yaml"), strings.HasSuffix(name, ".geojson"):
			data = yaml
		case name == "panel.csv":
			data = panel
		}
		err := read(name, bytes.NewReader(data))
		if err == nil {
			t.Errorf("%s: a UTF-16 file was accepted", name)
			continue
		}
		text := err.Error() + "\n" + strings.Join(perspectief.ErrorDetails(err), "\n")
		if !strings.Contains(text, name+":1: ") || !strings.Contains(text, "bestand is geen UTF-8; het lijkt UTF-16") {
			t.Errorf("%s: %s", name, text)
		}
	}
}
