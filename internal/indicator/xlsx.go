package indicator

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/perspectief/perspectief/internal/tabular"
)

// maxXLSXUnzipped bounds what an XLSX file may unpack to, so that a small
// zip bomb cannot fill the memory.
const maxXLSXUnzipped = 256 << 20

// ReadValuesXLSX reads the first sheet of an XLSX file in the columns of
// CSVHeader (as the XLSX download of the values writes it) against the
// register, with the checks of ReadValues. Lines in messages are the
// sheet's row numbers; empty rows are skipped.
func ReadValuesXLSX(name string, r io.Reader, reg *Register) ([]Value, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxCSVBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxCSVBytes {
		return nil, refuseFile(name, []string{fmt.Sprintf("%s: het bestand is groter dan %d MB", name, maxCSVBytes>>20)})
	}
	records, err := tabular.ReadXLSX(data, maxXLSXUnzipped)
	if err != nil {
		return nil, refuseFile(name, []string{fmt.Sprintf("%s: geen leesbaar Excel-bestand (XLSX): %v", name, err)})
	}
	i := 0
	out, details := readRecords(name, reg, func() ([]string, int, error) {
		for i < len(records) {
			rec := records[i]
			i++
			if i == 1 || !allEmpty(rec) {
				return rec, i, nil
			}
		}
		return nil, 0, io.EOF
	})
	return valuesOrRefusal(name, out, details)
}

func allEmpty(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// IsXLSX reports whether data looks like an XLSX file (a zip archive)
// rather than CSV text.
func IsXLSX(data []byte) bool { return bytes.HasPrefix(data, []byte("PK\x03\x04")) }
