package tabular

import (
	"fmt"
	"io"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// WriteXLSX writes the tables as a workbook, one sheet each, in the order
// given. Number cells are numbers a spreadsheet can calculate with; text
// cells are neutralised as in the CSV, so that both files hold the same
// rows.
func WriteXLSX(w io.Writer, tables ...Table) error {
	if len(tables) == 0 {
		return fmt.Errorf("tabular: no table to write")
	}
	f := excelize.NewFile()
	defer f.Close()
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
		if err := writeSheet(f, name, t); err != nil {
			return err
		}
	}
	_, err := f.WriteTo(w)
	return err
}

func writeSheet(f *excelize.File, sheet string, t Table) error {
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	row := make([]any, len(t.Header))
	for i, h := range t.Header {
		row[i] = Neutralise(h)
	}
	if err := sw.SetRow("A1", row); err != nil {
		return err
	}
	for r, cells := range t.Rows {
		row = row[:0]
		for _, c := range cells {
			switch {
			case c.IsNum && (math.IsNaN(c.Num) || math.IsInf(c.Num, 0)):
				row = append(row, nil)
			case c.IsNum:
				row = append(row, c.Num)
			case c.Text == "":
				row = append(row, nil)
			default:
				row = append(row, Neutralise(c.Text))
			}
		}
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
