package web

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"net/http"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/headless"
	"github.com/perspectief/perspectief/internal/tabular"
)

// Downloads of tables and charts. Every table on the indicator pages and
// the group page downloads as CSV and XLSX (the same rows, text that a
// spreadsheet would run as a formula neutralised), every chart as SVG and
// PNG; the links carry the page's choices, so they are stable links to
// exactly what the reader saw.

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// Format names of ?formaat= for tables: csv is the CSV for programs (comma,
// decimal point; the import format, and the meaning the parameter always
// had, so that scripts keep working); csv-excel is the CSV for people
// (semicolon, decimal comma, byte order mark) that Dutch spreadsheets
// open right; xlsx is a workbook.
const (
	formatCSV      = "csv"
	formatExcelCSV = "csv-excel"
	formatXLSX     = "xlsx"
)

// isTableFormat reports whether f asks for a table download.
func isTableFormat(f string) bool {
	return f == formatCSV || f == formatExcelCSV || f == formatXLSX
}

// sendTables answers ?formaat=csv or csv-excel (the first table) or
// ?formaat=xlsx (one sheet per table) as a file named name.csv or
// name.xlsx.
func sendTables(w http.ResponseWriter, format, name string, tables ...tabular.Table) error {
	var buf bytes.Buffer
	var ctype string
	ext := format
	switch format {
	case formatCSV:
		if err := tables[0].WriteCSV(&buf); err != nil {
			return err
		}
		ctype = "text/csv; charset=utf-8"
	case formatExcelCSV:
		if err := tables[0].WriteExcelCSV(&buf); err != nil {
			return err
		}
		ctype, ext = "text/csv; charset=utf-8", "csv"
	case formatXLSX:
		if err := tabular.WriteXLSX(&buf, tables...); err != nil {
			return err
		}
		ctype = xlsxType
	default:
		return unknownFormat(format)
	}
	sendFile(w, ctype, name+"."+ext, buf.Bytes())
	return nil
}

// sendChart answers ?formaat=svg or ?formaat=png for an SVG chart.
func sendChart(ctx context.Context, w http.ResponseWriter, format, name, svg string) error {
	switch format {
	case "svg":
		sendFile(w, "image/svg+xml; charset=utf-8", name+".svg", []byte(xml.Header+svg+"\n"))
	case "png":
		png, err := renderPNG(ctx, svg)
		if err != nil {
			return err
		}
		sendFile(w, "image/png", name+".png", png)
	default:
		return unknownFormat(format)
	}
	return nil
}

func sendFile(w http.ResponseWriter, ctype, filename string, body []byte) {
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	h.Set("Cache-Control", "no-store")
	_, _ = w.Write(body)
}

func unknownFormat(f string) error {
	return perspectief.Errorf(perspectief.CodeInvalid, "Het formaat %q kennen we niet. Kies csv, csv-excel, xlsx, svg of png.", f)
}

// DownloadLinks are the links of one table or chart, for a template: CSV
// for programs, ExcelCSV for people, XLSX, SVG and PNG.
type DownloadLinks struct {
	CSV, ExcelCSV, XLSX, SVG, PNG string
}

// renderPNG draws an SVG chart as a PNG in headless Chromium. Without
// Chromium on the server the user gets a message that points to the SVG
// download.
func renderPNG(ctx context.Context, svg string) ([]byte, error) {
	b, err := headless.PNG(ctx, svg)
	if errors.Is(err, headless.ErrNoBrowser) {
		return nil, perspectief.Errorf(perspectief.CodeInvalid, "Een PNG-afbeelding maken kan op deze server niet, omdat Chromium er niet op staat. Download de grafiek als SVG; die kunt u ook in een rapport plaatsen.")
	}
	if errors.Is(err, headless.ErrBusy) {
		return nil, errRenderBusy
	}
	return b, err
}
