package tabular

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// WriteXLSX writes the tables as a workbook, one sheet each, in the order
// given. Number cells are numbers a spreadsheet can calculate with, shown
// with a number format that fits the column (see columnFormat); text cells
// are neutralised as in the CSV. Each sheet has a frozen, bold header row
// with an autofilter and columns wide enough for their contents; a table
// with suppressed cells gets a status column and leaves those cells empty.
// The document names Perspectief as its creator and the time it was made.
func WriteXLSX(w io.Writer, tables ...Table) error {
	return writeXLSX(w, time.Now(), tables...)
}

func writeXLSX(w io.Writer, now time.Time, tables ...Table) error {
	if len(tables) == 0 {
		return fmt.Errorf("tabular: no table to write")
	}
	f := excelize.NewFile()
	defer f.Close()
	stamp := now.UTC().Format(time.RFC3339)
	if err := f.SetDocProps(&excelize.DocProperties{Creator: "Perspectief", LastModifiedBy: "Perspectief",
		Created: stamp, Modified: stamp, Title: tables[0].Sheet, Language: "nl-NL"}); err != nil {
		return err
	}
	if err := f.SetAppProps(&excelize.AppProperties{Application: "Perspectief"}); err != nil {
		return err
	}
	used := map[string]bool{}
	for i, t := range tables {
		name := sheetName(t.Sheet, i, used)
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return err
		}
		if err := writeSheet(f, name, withStatus(t)); err != nil {
			return err
		}
	}
	_, err := f.WriteTo(w)
	return err
}

// StatusHeader heads the status column, which names a row's suppressed
// cells ("waarde, teller"). No table has a column of its own by this name.
const StatusHeader = "onderdrukt"

// withStatus returns t with suppressed cells emptied and a status column
// that names them, or t itself when it has no suppressed cell.
func withStatus(t Table) Table {
	has := false
	for _, row := range t.Rows {
		for _, c := range row {
			has = has || c.Suppressed
		}
	}
	if !has {
		return t
	}
	out := Table{Sheet: t.Sheet, Header: append(slices.Clone(t.Header), StatusHeader), Rows: make([][]Cell, len(t.Rows))}
	for r, row := range t.Rows {
		var cols []string
		cells := make([]Cell, len(t.Header)+1)
		for i, c := range row {
			if i >= len(t.Header) {
				break
			}
			if c.Suppressed {
				cols = append(cols, t.Header[i])
				c = Cell{}
			}
			cells[i] = c
		}
		if len(cols) > 0 {
			cells[len(t.Header)] = Text(strings.Join(cols, ", "))
		}
		out.Rows[r] = cells
	}
	return out
}

// columnFormat chooses the number format of column i: a percentage for a
// header that ends in "%" or "(%)" (the values, written as 17.6, are
// stored as 0.176 so that the spreadsheet calculates with them as
// percentages), a plain whole number for years, otherwise a thousands
// separator and as many decimals as the column needs, at most two.
func columnFormat(t Table, i int) (format string, percent bool) {
	h := strings.ToLower(strings.TrimSpace(t.Header[i]))
	if strings.HasSuffix(h, "%") || strings.HasSuffix(h, "(%)") {
		return "0.0%", true
	}
	if h == "jaar" || strings.HasPrefix(h, "jaar ") {
		return "0", false
	}
	dec := 0
	for _, row := range t.Rows {
		if i < len(row) && row[i].IsNum {
			s := FormatNumber(row[i].Num)
			if j := strings.IndexByte(s, '.'); j >= 0 {
				dec = max(dec, len(s)-j-1)
			}
		}
	}
	switch {
	case dec == 0:
		return "#,##0", false
	case dec == 1:
		return "#,##0.0", false
	}
	return "#,##0.00", false
}

func writeSheet(f *excelize.File, sheet string, t Table) error {
	// Before the stream writer: it writes the worksheet's other parts as
	// they stand when it starts.
	if err := addAutoFilter(f, sheet, t); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: false}})
	if err != nil {
		return err
	}
	styles, percent, err := columnStyles(f, t)
	if err != nil {
		return err
	}
	if err := setColumnWidths(sw, columnWidths(t)); err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return err
	}
	row := make([]any, len(t.Header))
	for i, h := range t.Header {
		row[i] = excelize.Cell{StyleID: bold, Value: Neutralise(h)}
	}
	if err := sw.SetRow("A1", row); err != nil {
		return err
	}
	for r, cells := range t.Rows {
		row = rowValues(row[:0], cells, styles, percent)
		cell, err := excelize.CoordinatesToCellName(1, r+2)
		if err != nil {
			return err
		}
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// addAutoFilter puts a filter over the header and the rows of t.
func addAutoFilter(f *excelize.File, sheet string, t Table) error {
	n := len(t.Header)
	if n == 0 {
		return nil
	}
	last, err := excelize.CoordinatesToCellName(n, len(t.Rows)+1)
	if err != nil {
		return err
	}
	return f.AutoFilter(sheet, "A1:"+last, nil)
}

// columnStyles makes the number style of each column (columnFormat) and
// says which columns hold percentages.
func columnStyles(f *excelize.File, t Table) (styles []int, percent []bool, err error) {
	styles = make([]int, len(t.Header))
	percent = make([]bool, len(t.Header))
	for i := range t.Header {
		format, pct := columnFormat(t, i)
		percent[i] = pct
		if styles[i], err = f.NewStyle(&excelize.Style{CustomNumFmt: &format}); err != nil {
			return nil, nil, err
		}
	}
	return styles, percent, nil
}

// columnWidths returns the width of each column in characters: its widest
// cell, or its header with room for the filter button.
func columnWidths(t Table) []int {
	n := len(t.Header)
	width := make([]int, n)
	for i, h := range t.Header {
		width[i] = utf8.RuneCountInString(h) + 3 // room for the filter button
	}
	for _, cells := range t.Rows {
		for i, c := range cells {
			if i >= n {
				break
			}
			l := utf8.RuneCountInString(c.Text)
			if c.IsNum {
				l = len(FormatNumber(c.Num)) + 2
			}
			width[i] = max(width[i], l)
		}
	}
	return width
}

// setColumnWidths sets the widths, from 8 to 60 characters. Last column
// first: the stream writer puts each in front, and spreadsheets want them
// in order.
func setColumnWidths(sw *excelize.StreamWriter, width []int) error {
	for i := len(width) - 1; i >= 0; i-- {
		if err := sw.SetColWidth(i+1, i+1, float64(min(max(width[i]+1, 8), 60))); err != nil {
			return err
		}
	}
	return nil
}

// rowValues appends the cells of a row to row as the stream writer takes
// them: numbers with their column's style (percentages as a fraction), no
// value for an empty cell or a number that is none, text neutralised.
func rowValues(row []any, cells []Cell, styles []int, percent []bool) []any {
	for i, c := range cells {
		switch {
		case c.IsNum && (math.IsNaN(c.Num) || math.IsInf(c.Num, 0)):
			row = append(row, nil)
		case c.IsNum && i < len(styles):
			v := c.Num
			if percent[i] {
				// Shift the decimal point in the text, so that 17.6
				// becomes 0.176 and not 0.17600000000000002.
				v, _ = strconv.ParseFloat(FormatNumber(c.Num)+"e-2", 64)
			}
			row = append(row, excelize.Cell{StyleID: styles[i], Value: v})
		case c.IsNum:
			row = append(row, c.Num)
		case c.Text == "":
			row = append(row, nil)
		default:
			row = append(row, Neutralise(c.Text))
		}
	}
	return row
}

// sheetName makes name acceptable to spreadsheets: no []:*?/\, at most 31
// characters, unique in the workbook.
func sheetName(name string, i int, used map[string]bool) string {
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '-'
		}
		return r
	}, strings.Trim(strings.TrimSpace(name), "'"))
	if name == "" {
		name = fmt.Sprintf("tabel %d", i+1)
	}
	for utf8.RuneCountInString(name) > 31 {
		_, n := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-n]
	}
	base := name
	for k := 2; used[strings.ToLower(name)]; k++ {
		suffix := fmt.Sprintf(" %d", k)
		name = base
		for utf8.RuneCountInString(name)+len(suffix) > 31 {
			_, n := utf8.DecodeLastRuneInString(name)
			name = name[:len(name)-n]
		}
		name += suffix
	}
	used[strings.ToLower(name)] = true
	return name
}

// SheetRecords reads a sheet that WriteXLSX wrote back into the records
// of the table's CSV file (WriteCSV): raw cell values, percentages as the
// number the CSV holds, suppressed cells as SuppressedText and the status
// column dropped. It lets a check compare the two downloads of a table.
func SheetRecords(f *excelize.File, sheet string) ([][]string, error) {
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil || len(rows) == 0 {
		return rows, err
	}
	header := rows[0]
	status := len(header) > 0 && header[len(header)-1] == StatusHeader
	if status {
		header = header[:len(header)-1]
	}
	out := [][]string{header}
	for _, row := range rows[1:] {
		rec := make([]string, len(header))
		copy(rec, row)
		for i, h := range header {
			h = strings.ToLower(strings.TrimSpace(h))
			if rec[i] != "" && (strings.HasSuffix(h, "%") || strings.HasSuffix(h, "(%)")) {
				v, err := strconv.ParseFloat(rec[i]+"e2", 64)
				if err != nil {
					return nil, fmt.Errorf("%s: %q in column %q is not a number", sheet, rec[i], header[i])
				}
				rec[i] = FormatNumber(v)
			}
		}
		if status && len(row) > len(header) && row[len(header)] != "" {
			for _, c := range strings.Split(row[len(header)], ", ") {
				if i := slices.Index(header, c); i >= 0 {
					rec[i] = SuppressedText
				}
			}
		}
		out = append(out, rec)
	}
	return out, nil
}

// ReadXLSX returns the rows of the first sheet of an XLSX file as
// SheetRecords reads them, each as wide as the header row. The file may
// unpack to at most limit bytes. A malformed file is an error, never a
// panic.
func ReadXLSX(data []byte, limit int64) (records [][]string, err error) {
	defer func() {
		// The XLSX library is not written for hostile input; a panic on a
		// malformed file is a refusal, not a crash of the server.
		if p := recover(); p != nil {
			records, err = nil, fmt.Errorf("onleesbare inhoud (%v)", p)
		}
	}()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: limit, UnzipXMLSizeLimit: limit})
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, errors.New("het bestand heeft geen werkblad")
	}
	return SheetRecords(f, sheets[0])
}
