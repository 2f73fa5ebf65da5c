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
	FormatCSV      = "csv"
	FormatExcelCSV = "csv-excel"
	FormatXLSX     = "xlsx"
)

// IsTableFormat reports whether f asks for a table download.
func IsTableFormat(f string) bool {
	return f == FormatCSV || f == FormatExcelCSV || f == FormatXLSX
}

// SendTables answers ?formaat=csv or csv-excel (the first table) or
// ?formaat=xlsx (one sheet per table) as a file named name.csv or
// name.xlsx.
func SendTables(w http.ResponseWriter, format, name string, tables ...tabular.Table) error {
	var buf bytes.Buffer
	var ctype string
	ext := format
	switch format {
	case FormatCSV:
		if err := tables[0].WriteCSV(&buf); err != nil {
			return err
		}
		ctype = "text/csv; charset=utf-8"
	case FormatExcelCSV:
		if err := tables[0].WriteExcelCSV(&buf); err != nil {
			return err
		}
		ctype, ext = "text/csv; charset=utf-8", "csv"
	case FormatXLSX:
		if err := tabular.WriteXLSX(&buf, tables...); err != nil {
			return err
		}
		ctype = xlsxType
	default:
		return UnknownFormat(format)
	}
	SendFile(w, ctype, name+"."+ext, buf.Bytes())
	return nil
}

// SendChart answers ?formaat=svg or ?formaat=png for an SVG chart.
func SendChart(ctx context.Context, w http.ResponseWriter, format, name, svg string) error {
	switch format {
	case "svg":
		SendFile(w, "image/svg+xml; charset=utf-8", name+".svg", []byte(xml.Header+svg+"\n"))
	case "png":
		png, err := RenderPNG(ctx, svg)
		if err != nil {
			return err
		}
		SendFile(w, "image/png", name+".png", png)
	default:
		return UnknownFormat(format)
	}
	return nil
}

func SendFile(w http.ResponseWriter, ctype, filename string, body []byte) {
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	h.Set("Cache-Control", "no-store")
	_, _ = w.Write(body)
}

func UnknownFormat(f string) error {
	return perspectief.Errorf(perspectief.CodeInvalid, "Het formaat %q kennen we niet. Kies csv, csv-excel, xlsx, svg of png.", f)
}

// DownloadLinks are the links of one table or chart, for a template: CSV
// for programs, ExcelCSV for people, XLSX, SVG and PNG.
type DownloadLinks struct {
	CSV, ExcelCSV, XLSX, SVG, PNG string
}

// RenderPNG draws an SVG chart as a PNG in headless Chromium. Without
// Chromium on the server the user gets a message that points to the SVG
// download.
func RenderPNG(ctx context.Context, svg string) ([]byte, error) {
	b, err := headless.PNG(ctx, svg)
	if errors.Is(err, headless.ErrNoBrowser) {
		return nil, perspectief.Errorf(perspectief.CodeInvalid, "Een PNG-afbeelding maken kan op deze server niet, omdat Chromium er niet op staat. Download de grafiek als SVG; die kunt u ook in een rapport plaatsen.")
	}
	if errors.Is(err, headless.ErrBusy) {
		return nil, errRenderBusy
	}
	return b, err
}
