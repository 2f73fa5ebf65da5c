package indicator

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

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
	records, err := xlsxRecords(data)
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

// xlsxRecords returns the rows of the first sheet, each padded to the
// header's width, as tabular.SheetRecords reads a sheet the export wrote.
func xlsxRecords(data []byte) (records [][]string, err error) {
	defer func() {
		// The XLSX library is not written for hostile input; a panic on a
		// malformed file is a refusal, not a crash of the server.
		if p := recover(); p != nil {
			records, err = nil, fmt.Errorf("onleesbare inhoud (%v)", p)
		}
	}()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxXLSXUnzipped, UnzipXMLSizeLimit: maxXLSXUnzipped})
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, errors.New("het bestand heeft geen werkblad")
	}
	return tabular.SheetRecords(f, sheets[0])
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
