package indicator

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/perspectief/perspectief/internal/numfmt"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/tabular"
	"github.com/perspectief/perspectief/internal/textenc"
)

// CSVHeader is the header of the import and export format.
var CSVHeader = []string{"indicator", "periode", "gebied", "groep", "waarde", "teller", "noemer", "marge", "bron", "toelichting"}

// Suppressed is written in the waarde column of a value that is not shown
// (disclosure control), so that an export of the trendmonitor imports again.
const SuppressedText = tabular.SuppressedText

const (
	maxCSVBytes   = 64 << 20
	maxCSVErrors  = 50
	maxFieldRunes = 2000
)

// ReadValues reads an import file against the register. The file is refused
// whole: any problem gives a perspectief.Error whose details name the file,
// line and column ("waarden.csv:7: gebied: ...").
func ReadValues(name string, r io.Reader, reg *Register) ([]Value, error) {
	lr := &io.LimitedReader{R: r, N: maxCSVBytes + 1}
	cr := csv.NewReader(bufio.NewReader(textenc.NewReader(name, lr)))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	out, details := readRecords(name, reg, func() ([]string, int, error) {
		rec, err := cr.Read()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				err = errors.New(csvSyntax(name, err))
			}
			return nil, 0, err
		}
		line, _ := cr.FieldPos(0)
		return rec, line, nil
	})
	if lr.N <= 0 {
		details = append(details, fmt.Sprintf("%s: het bestand is groter dan %d MB", name, maxCSVBytes>>20))
	}
	return valuesOrRefusal(name, out, details)
}

// refuseFile is the error of a file refused whole, with its problems.
func refuseFile(name string, details []string) error {
	return &perspectief.Error{Code: perspectief.CodeInvalid, Message: "Het bestand " + name + " is geweigerd; er is niets ingelezen.", Details: details}
}

func valuesOrRefusal(name string, out []Value, details []string) ([]Value, error) {
	if len(details) > 0 {
		return nil, refuseFile(name, details)
	}
	if len(out) == 0 {
		return nil, refuseFile(name, []string{name + ":2: het bestand bevat geen waarden"})
	}
	return out, nil
}

// readRecords checks the records next gives (each with its line; io.EOF
// at the end, any other error stops the reading as a problem of its own)
// in the columns of CSVHeader: the values, or every problem found, up to
// maxCSVErrors, each naming file, line and column.
func readRecords(name string, reg *Register, next func() ([]string, int, error)) ([]Value, []string) {
	header, _, err := next()
	if errors.Is(err, io.EOF) {
		return nil, []string{name + ":1: het bestand is leeg; de eerste regel moet de kolomnamen bevatten: " + strings.Join(CSVHeader, ",")}
	}
	if err != nil {
		return nil, []string{err.Error()}
	}
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\uFEFF")
	}
	if len(header) != len(CSVHeader) || !equalFold(header, CSVHeader) {
		return nil, []string{fmt.Sprintf("%s:1: kolommen: verwacht %s", name, strings.Join(CSVHeader, ","))}
	}

	var out []Value
	var details []string
	more := 0
	fail := func(line int, col, format string, a ...any) {
		if len(details) >= maxCSVErrors {
			more++
			return
		}
		details = append(details, fmt.Sprintf("%s:%d: %s: %s", name, line, col, fmt.Sprintf(format, a...)))
	}
	type key struct {
		ind, period, area, group string
	}
	seen := map[key]int{}
	for {
		rec, line, err := next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			details = append(details, err.Error())
			break
		}
		if len(rec) != len(CSVHeader) {
			fail(line, "regel", "%d kolommen, verwacht %d", len(rec), len(CSVHeader))
			continue
		}
		v, problems := checkRecord(rec, reg)
		for _, pr := range problems {
			fail(line, pr.Column, "%s", pr.Message)
		}
		if len(problems) > 0 {
			continue
		}
		k := key{v.Indicator, v.Period.String(), v.Area, v.Group}
		if first, dup := seen[k]; dup {
			fail(line, "regel", "dezelfde indicator, periode, gebied en groep staan al op regel %d", first)
			continue
		}
		seen[k] = line
		out = append(out, v)
	}
	if more > 0 {
		details = append(details, fmt.Sprintf("en nog %d fouten", more))
	}
	return out, details
}

// ColumnError is a problem with one column of a value.
type ColumnError struct {
	Column  string // a name of CSVHeader
	Message string
}

// checkRecord turns one record in the columns of CSVHeader into a value,
// with every problem of it. The import and the web form both use it, so a
// value typed in is held to the same rules as one read from a file.
func checkRecord(rec []string, reg *Register) (Value, []ColumnError) {
	var errs columnErrors
	errs.checkText(rec)
	text := func(i int) string { return tabular.Restore(strings.TrimSpace(rec[i])) }
	v := Value{Indicator: text(0), Area: text(2), Group: text(3), Source: text(8), Note: text(9)}
	ind := errs.indicator(v.Indicator, reg)
	p, perr := ParsePeriod(strings.TrimSpace(rec[1]))
	if perr != nil {
		errs.fail("periode", "%v", perr)
	}
	v.Period = p
	errs.area(v.Area, reg)
	if v.Group == "" {
		v.Group = TotalGroup
	} else if strings.ContainsAny(v.Group, "\r\n") {
		errs.fail("groep", "mag geen regeleinde bevatten")
	}
	errs.value(&v, strings.TrimSpace(rec[4]), ind)
	errs.parts(&v, rec[5:8])
	if v.Source == "" {
		errs.fail("bron", "ontbreekt; noem waar het cijfer vandaan komt")
	}
	return v, errs
}

// columnErrors collects the problems of a record in the order found.
type columnErrors []ColumnError

func (e *columnErrors) fail(col, format string, a ...any) {
	*e = append(*e, ColumnError{col, fmt.Sprintf(format, a...)})
}

// checkText refuses fields that are no UTF-8 text or too long, and empties
// them, so that the checks after it see an empty field.
func (e *columnErrors) checkText(rec []string) {
	for i, f := range rec {
		if !utf8.ValidString(f) {
			e.fail(CSVHeader[i], "geen geldige UTF-8-tekst")
			rec[i] = ""
		} else if utf8.RuneCountInString(f) > maxFieldRunes {
			e.fail(CSVHeader[i], "langer dan %s tekens", numfmt.Count(maxFieldRunes))
			rec[i] = ""
		}
	}
}

// indicator returns the registered indicator with code c, or nil.
func (e *columnErrors) indicator(c string, reg *Register) *Indicator {
	if c == "" {
		e.fail("indicator", "ontbreekt")
		return nil
	}
	ind, known := reg.Indicator(c)
	if !known {
		e.fail("indicator", "%q staat niet in het indicatorenregister", c)
		return nil
	}
	if ind.Retired {
		e.fail("indicator", "%s", RetiredRefusal(ind))
		return nil
	}
	return ind
}

// RetiredRefusal says that a retired (vervallen) indicator takes no new
// values, naming it: "‘Aantal vroegsignalen’ (o3_vroegsignalen) is
// vervallen en neemt geen nieuwe waarden aan". It is the one rule for every
// way in (form, upload, API, command line), because they all check a value
// with checkRecord; the values stored before stay.
func RetiredRefusal(ind *Indicator) string {
	return fmt.Sprintf("‘%s’ (%s) is vervallen en neemt geen nieuwe waarden aan", ind.Name, ind.Code)
}

// area checks that area is registered, or is a wijk or buurt of a
// registered gemeente.
func (e *columnErrors) area(area string, reg *Register) {
	if area == "" {
		e.fail("gebied", "ontbreekt")
	} else if !reg.KnowsArea(area) {
		e.fail("gebied", "%q staat niet in het gebiedenregister en is geen wijk of buurt van een gemeente daarin", area)
	}
}

// value reads the waarde column w into v: a number possible for ind, or
// SuppressedText.
func (e *columnErrors) value(v *Value, w string, ind *Indicator) {
	if strings.EqualFold(w, SuppressedText) {
		v.Suppressed = true
	} else if w == "" {
		e.fail("waarde", "ontbreekt (schrijf %q voor een onderdrukt cijfer)", SuppressedText)
	} else if n, err := parseNumber(w); err != nil {
		e.fail("waarde", "%v", err)
	} else if msg := checkValue(ind, n); msg != "" {
		e.fail("waarde", "%s", msg)
	} else {
		v.Value = n
	}
}

// parts reads the optional teller, noemer and marge columns into v: each
// a number of 0 or more, teller and noemer at most MaxNumber and the
// teller at most the noemer.
func (e *columnErrors) parts(v *Value, fields []string) {
	for i, dst := range []**float64{&v.Num, &v.Den, &v.Margin} {
		col := CSVHeader[5+i]
		s := strings.TrimSpace(fields[i])
		if s == "" {
			continue
		}
		n, err := parseNumber(s)
		if err != nil {
			e.fail(col, "%v", err)
			continue
		}
		if n < 0 {
			e.fail(col, "mag niet negatief zijn")
			continue
		}
		*dst = &n
	}
	if v.Num != nil && *v.Num > MaxNumber {
		e.fail("teller", "groter dan %s: waarschijnlijk een tikfout", numText(MaxNumber))
	}
	if v.Den != nil && *v.Den > MaxNumber {
		e.fail("noemer", "groter dan %s: waarschijnlijk een tikfout", numText(MaxNumber))
	}
	if v.Num != nil && v.Den != nil && *v.Num > *v.Den {
		e.fail("teller", "de teller (%s) is groter dan de noemer (%s): een deel kan niet groter zijn dan het geheel", numText(*v.Num), numText(*v.Den))
	}
}

// MaxNumber bounds every number of an indicator value: far above any count
// or amount of a municipality, so that a typing error is refused rather
// than stored and drawn.
const MaxNumber = 1e12

// checkValue says what is impossible about value n of indicator ind (nil:
// unknown, only the bound applies), or "".
func checkValue(ind *Indicator, n float64) string {
	if math.Abs(n) > MaxNumber {
		return fmt.Sprintf("%s is groter dan %s: waarschijnlijk een tikfout", numText(n), numText(MaxNumber))
	}
	if ind == nil {
		return ""
	}
	switch strings.ToLower(ind.Unit) {
	case "procent", "%":
		if n < 0 || n > 100 {
			return fmt.Sprintf("%s ligt niet tussen 0 en 100, en de eenheid van %s is procent", numText(n), ind.Code)
		}
	case "aantal":
		if n < 0 {
			return fmt.Sprintf("%s is negatief, en %s telt een aantal", numText(n), ind.Code)
		}
	}
	return ""
}

func numText(n float64) string { return strconv.FormatFloat(n, 'f', -1, 64) }

func equalFold(a, b []string) bool {
	for i := range a {
		if !strings.EqualFold(strings.TrimSpace(a[i]), b[i]) {
			return false
		}
	}
	return true
}

func csvSyntax(name string, err error) string {
	var se *textenc.StreamError
	if errors.As(err, &se) {
		return se.Error()
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Sprintf("%s:%d: kolom %d: ongeldige CSV (%v)", name, pe.Line, pe.Column, pe.Err)
	}
	return fmt.Sprintf("%s: %v", name, err)
}

// parseNumber reads a plain decimal number: digits with an optional sign
// and one decimal point or comma. Thousands separators, exponents, hex and
// NaN are refused, because in a table they are almost always a mistake.
func parseNumber(s string) (float64, error) {
	bad := fmt.Errorf("%q is geen getal (gebruik bijvoorbeeld 12.5 of 12,5, zonder punten voor duizendtallen)", s)
	t := strings.Replace(s, ",", ".", 1)
	body := strings.TrimPrefix(t, "-")
	if body == "" || body == "." || strings.Count(body, ".") > 1 {
		return 0, bad
	}
	for i := 0; i < len(body); i++ {
		if (body[i] < '0' || body[i] > '9') && body[i] != '.' {
			return 0, bad
		}
	}
	n, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsInf(n, 0) || math.IsNaN(n) {
		return 0, bad
	}
	return n, nil
}

// WriteCSV writes values in the import format.
func WriteCSV(w io.Writer, values []Value) error { return ValuesTable(values).WriteCSV(w) }

// ValuesTable is values in the columns of the import format: numbers as
// number cells, a suppressed value as the text "onderdrukt".
func ValuesTable(values []Value) tabular.Table {
	t := tabular.Table{Sheet: "waarden", Header: CSVHeader, Rows: make([][]tabular.Cell, len(values))}
	for i, v := range values {
		val := tabular.Number(v.Value)
		if v.Suppressed {
			val = tabular.Suppressed()
		}
		t.Rows[i] = []tabular.Cell{tabular.Text(v.Indicator), tabular.Text(v.Period.String()), tabular.Text(v.Area), tabular.Text(v.Group), val,
			tabular.OptNumber(v.Num), tabular.OptNumber(v.Den), tabular.OptNumber(v.Margin), tabular.Text(v.Source), tabular.Text(v.Note)}
	}
	return t
}
