// Package tabular writes tables as CSV and XLSX files for download: the
// same rows in both, numbers as numbers, and text that a spreadsheet could
// take for a formula neutralised. Pages build a Table from the rows they
// show, so that a download holds what the reader saw.
package tabular

import (
	"encoding/csv"
	"io"
	"math"
	"strconv"
	"strings"
)

// Cell is one value of a table: a number or a text. The zero Cell is an
// empty text cell.
type Cell struct {
	Text  string
	Num   float64
	IsNum bool
	// Suppressed marks a number withheld to protect privacy. CSV files
	// write Text (the import format's "onderdrukt"); a workbook leaves the
	// number cell empty and says so in a status column, so that a number
	// column holds only numbers.
	Suppressed bool
}

// SuppressedText is what a suppressed cell says in a CSV file and in a
// workbook's status column.
const SuppressedText = "onderdrukt"

// Suppressed is a number cell withheld to protect privacy.
func Suppressed() Cell { return Cell{Text: SuppressedText, Suppressed: true} }

// Text is a text cell.
func Text(s string) Cell { return Cell{Text: s} }

// Number is a number cell.
func Number(v float64) Cell { return Cell{Num: v, IsNum: true} }

// OptNumber is a number cell, or an empty cell when p is nil.
func OptNumber(p *float64) Cell {
	if p == nil {
		return Cell{}
	}
	return Number(*p)
}

// String is the cell as it appears in a CSV file: numbers as the shortest
// plain decimal that reads back as the same value, text neutralised.
func (c Cell) String() string {
	if c.IsNum {
		return FormatNumber(c.Num)
	}
	return Neutralise(c.Text)
}

// Table is a header and rows of cells. Sheet names the table's sheet in a
// workbook (at most 31 characters; see WriteXLSX).
type Table struct {
	Sheet  string
	Header []string
	Rows   [][]Cell
}

// Texts builds a row of text cells.
func Texts(ss ...string) []Cell {
	out := make([]Cell, len(ss))
	for i, s := range ss {
		out[i] = Text(s)
	}
	return out
}

// WriteCSV writes the table as CSV for programs: comma separated, decimal
// point, UTF-8 without a byte order mark, LF line ends. This is the import
// format and the open-data format.
func (t Table) WriteCSV(w io.Writer) error {
	return t.writeCSV(csv.NewWriter(w), Cell.String)
}

// utf8BOM tells spreadsheets the file is UTF-8; without it Excel and
// LibreOffice with Dutch defaults read Windows-1252 ("WijkenquÃªte").
const utf8BOM = "\uFEFF"

// WriteExcelCSV writes the table as CSV for people who open it in a
// spreadsheet with Dutch settings: semicolon separated, decimal comma,
// UTF-8 with a byte order mark, CRLF line ends. Numbers have no thousands
// separator, so that every spreadsheet reads them back as numbers.
func (t Table) WriteExcelCSV(w io.Writer) error {
	if _, err := io.WriteString(w, utf8BOM); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.UseCRLF = true
	return t.writeCSV(cw, func(c Cell) string {
		if c.IsNum {
			return strings.Replace(FormatNumber(c.Num), ".", ",", 1)
		}
		return Neutralise(c.Text)
	})
}

func (t Table) writeCSV(cw *csv.Writer, str func(Cell) string) error {
	rec := make([]string, len(t.Header))
	for i, h := range t.Header {
		rec[i] = Neutralise(h)
	}
	if err := cw.Write(rec); err != nil {
		return err
	}
	for _, row := range t.Rows {
		rec = rec[:0]
		for _, c := range row {
			rec = append(rec, str(c))
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// FormatNumber writes the shortest plain decimal that reads back as v
// ("12.5", "1000000", "0.000001"): no exponent, which some readers refuse,
// and no minus sign on zero. NaN and infinities, which no table should
// hold, give an empty cell rather than a made-up number.
func FormatNumber(v float64) string {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return ""
	case v == 0:
		return "0"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}
