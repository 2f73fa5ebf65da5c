package procesmonitor

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/perspectief/perspectief/internal/numfmt"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/tabular"
	"github.com/perspectief/perspectief/internal/textenc"
)

// BookingHeader is the header of a spending export: booking date, the code
// of the item or line, the amount in euros, a description and the unique
// reference of the financial administration.
var BookingHeader = []string{"boekdatum", "lijn_of_post", "bedrag", "omschrijving", "referentie"}

// Limits of a spending file.
const (
	MaxCSVBytes    = 16 << 20
	maxCSVErrors   = 50
	maxReference   = 100
	maxDescription = 500
	maxCents       = 100_000_000_000 // one billion euros: anything larger is a typing error
)

// ReadBookings reads a spending export. The file is refused whole: any
// problem gives a perspectief.Error whose details name the file, the line
// and the column ("uitgaven.csv:7: bedrag: ..."). resolve maps a code as
// written to a known item or line code; dates after today are refused.
//
// The separator is a comma, or a semicolon when the header line holds more
// semicolons than commas (Dutch spreadsheet exports). Dates are
// JJJJ-MM-DD or DD-MM-JJJJ; amounts are euros with at most two decimals
// after a point or a comma, without thousands separators.
func ReadBookings(name string, r io.Reader, resolve func(string) (string, bool), today time.Time) ([]Booking, error) {
	f, err := readSpending(name, r, func(code string) (Destination, bool) {
		c, ok := resolve(code)
		return Destination{Target: c}, ok
	}, today, true)
	if err != nil {
		return nil, err
	}
	return f.Bookings, nil
}

// Destination is where a code of a spending file takes its booking: an
// item or line of the budget, and an intervention when the mapping names
// one.
type Destination struct {
	Target       string
	Intervention string
	// Ledger is the code of the financial administration that was mapped
	// ("" when the file named the item or line itself).
	Ledger string
}

// Unmapped is a code of a spending file that names no item or line and
// that the mapping does not know, with where it occurs.
type Unmapped struct {
	Code  string
	Lines []int // the first lines it occurs on (at most maxUnmappedLines)
	Count int   // bookings with this code
	Cents int64 // their total
}

const maxUnmappedLines = 10

// unmappedMessage says that a code (%q) maps to nothing.
const unmappedMessage = "%q is geen post of programmalijn van de begroting en staat niet in de koppeling van codes uit de financiële administratie"

// SpendingFile is a spending export as read: the bookings whose code maps,
// and the codes that do not.
type SpendingFile struct {
	Bookings []Booking
	Unmapped []Unmapped // in the order first seen
}

// ReadSpending reads a spending export like ReadBookings, except that a
// code resolve does not know is no reason to refuse the file: its bookings
// are left out and the code is listed in Unmapped, so that the user can map
// it and read the file again. Every other problem refuses the file whole.
func ReadSpending(name string, r io.Reader, resolve func(string) (Destination, bool), today time.Time) (*SpendingFile, error) {
	return readSpending(name, r, resolve, today, false)
}

func readSpending(name string, r io.Reader, resolve func(string) (Destination, bool), today time.Time, strict bool) (*SpendingFile, error) {
	probs := &perspectief.Problems{File: name, Max: maxCSVErrors}
	refuse := func(line string) error {
		probs.AddLine(line)
		return probs.Refuse()
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxCSVBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if len(data) > MaxCSVBytes {
		return nil, refuse(fmt.Sprintf("%s:1: het bestand is groter dan %d MB", name, MaxCSVBytes>>20))
	}
	if p := textenc.Check(data); p != nil {
		return nil, refuse(p.String(name))
	}
	data = bytes.TrimPrefix(data, []byte(textenc.BOM))
	cr := csv.NewReader(bytes.NewReader(data))
	first, _, _ := bytes.Cut(data, []byte("\n"))
	if bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		cr.Comma = ';'
	}
	cr.FieldsPerRecord = -1

	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, refuse(name + ":1: het bestand is leeg; de eerste regel moet de kolomnamen bevatten: " + strings.Join(BookingHeader, ","))
	}
	if err != nil {
		return nil, refuse(csvSyntax(name, err))
	}
	if !sameHeader(header) {
		return nil, refuse(fmt.Sprintf("%s:1: kolommen: verwacht %s", name, strings.Join(BookingHeader, ",")))
	}

	out := &SpendingFile{}
	fail := probs.Add
	seen := map[string]int{}
	unmapped := map[string]int{} // code → index in out.Unmapped
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			probs.AddLine(csvSyntax(name, err))
			break
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a blank line, often at the end of an export
		}
		if len(rec) != len(BookingHeader) {
			fail(line, "regel", "%d kolommen, verwacht %d (%s)", len(rec), len(BookingHeader), strings.Join(BookingHeader, ","))
			continue
		}
		b, ok, known := readBooking(probs, line, rec, resolve, today, seen, strict)
		switch {
		case ok && known:
			out.Bookings = append(out.Bookings, b)
		case ok:
			i, seen := unmapped[b.Code]
			if !seen {
				i = len(out.Unmapped)
				unmapped[b.Code] = i
				out.Unmapped = append(out.Unmapped, Unmapped{Code: b.Code})
			}
			u := &out.Unmapped[i]
			u.Count++
			u.Cents += b.Cents
			if len(u.Lines) < maxUnmappedLines {
				u.Lines = append(u.Lines, line)
			}
		}
	}
	if probs.Any() {
		// Refused anyway: name the codes that do not map too, so that one
		// round of corrections is enough.
		for _, u := range out.Unmapped {
			for _, l := range u.Lines {
				probs.Add(l, "lijn_of_post", unmappedMessage, clip(u.Code))
			}
		}
		return nil, probs.Refuse()
	}
	if len(out.Bookings) == 0 && len(out.Unmapped) == 0 {
		return nil, refuse(name + ":2: het bestand bevat geen boekingen")
	}
	return out, nil
}

// readBooking checks one record; seen holds the line of every reference
// read so far. known is false for a record whose code does not resolve
// (not strict): b.Code holds that code and the record is otherwise valid
// when ok.
func readBooking(probs *perspectief.Problems, line int, rec []string, resolve func(string) (Destination, bool), today time.Time, seen map[string]int, strict bool) (b Booking, ok, known bool) {
	fail := probs.Add
	b = Booking{Line: line}
	ok, known = true, true
	if d, err := parseDate(strings.TrimSpace(rec[0])); err != nil {
		fail(line, "boekdatum", "%v", err)
		ok = false
	} else if d.After(today) {
		fail(line, "boekdatum", "%s ligt in de toekomst", d.Format("2006-01-02"))
		ok = false
	} else {
		b.Date = d
	}
	code := tabular.Restore(strings.TrimSpace(rec[1]))
	if code == "" {
		fail(line, "lijn_of_post", "ontbreekt; noem de code van een post (zoals L1.2) of een programmalijn (zoals L1)")
		ok = false
	} else if dest, found := resolve(code); found {
		b.Target, b.Intervention, b.Code = dest.Target, dest.Intervention, dest.Ledger
	} else if strict {
		fail(line, "lijn_of_post", "%q is geen post of programmalijn van de begroting", clip(code))
		ok = false
	} else {
		b.Code, known = NormalizeLedgerCode(code), false // listed once however it is written
	}
	if c, err := ParseCents(strings.TrimSpace(rec[2])); err != nil {
		fail(line, "bedrag", "%v", err)
		ok = false
	} else {
		b.Cents = c
	}
	b.Description = tabular.Restore(strings.TrimSpace(rec[3]))
	if n := utf8.RuneCountInString(b.Description); n > maxDescription {
		fail(line, "omschrijving", "langer dan %s tekens", numfmt.Count(maxDescription))
		ok = false
	}
	b.Reference = tabular.Restore(strings.TrimSpace(rec[4]))
	return b, checkReference(probs, line, b.Reference, seen) && ok, known
}

// checkReference checks a booking's reference: present, short, one line,
// and not in the file before.
func checkReference(probs *perspectief.Problems, line int, ref string, seen map[string]int) bool {
	fail := probs.Add
	switch {
	case ref == "":
		fail(line, "referentie", "ontbreekt; elke boeking heeft een unieke referentie uit de financiële administratie")
	case utf8.RuneCountInString(ref) > maxReference:
		fail(line, "referentie", "langer dan %s tekens", numfmt.Count(maxReference))
	case strings.IndexFunc(ref, unicode.IsControl) >= 0:
		fail(line, "referentie", "bevat een regeleinde of een ander stuurteken")
	default:
		if prev, dup := seen[ref]; dup {
			fail(line, "referentie", "%q staat al op regel %d", clip(ref), prev)
			return false
		}
		seen[ref] = line
		return true
	}
	return false
}

func sameHeader(h []string) bool {
	if len(h) != len(BookingHeader) {
		return false
	}
	for i := range h {
		if !strings.EqualFold(strings.TrimSpace(h[i]), BookingHeader[i]) {
			return false
		}
	}
	return true
}

func csvSyntax(name string, err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Sprintf("%s:%d: kolom %d: ongeldige CSV (%v)", name, pe.Line, pe.Column, pe.Err)
	}
	return fmt.Sprintf("%s: %v", name, err)
}

// clip shortens a value quoted in a message.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= 60 {
		return s
	}
	r := []rune(s)
	return string(r[:60]) + "…"
}

// parseDate reads JJJJ-MM-DD or DD-MM-JJJJ; the year must lie between 1990
// and 2100.
func parseDate(s string) (time.Time, error) {
	var d time.Time
	var err error
	switch {
	case len(s) == 10 && s[4] == '-' && s[7] == '-':
		d, err = time.Parse("2006-01-02", s)
	case len(s) == 10 && s[2] == '-' && s[5] == '-':
		d, err = time.Parse("02-01-2006", s)
	default:
		err = errors.New("bad layout")
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is geen datum; schrijf JJJJ-MM-DD of DD-MM-JJJJ, bijvoorbeeld 2025-03-14", clip(s))
	}
	if d.Year() < 1990 || d.Year() > 2100 {
		return time.Time{}, fmt.Errorf("jaar %d ligt niet tussen 1990 en 2100", d.Year())
	}
	return d, nil
}

// ParseCents reads an amount in euros: an optional sign, digits, and at
// most two decimals after a point or a comma ("1234,56", "-80.5", "300").
// Thousands separators, spaces, currency signs and exponents are refused:
// in an export they are almost always a sign of a wrong column or format.
func ParseCents(s string) (int64, error) {
	bad := fmt.Errorf("%q is geen bedrag; schrijf euro's met hoogstens twee decimalen, zonder punten voor duizendtallen, bijvoorbeeld 1234,56 of -80.50", clip(s))
	body := s
	neg := false
	if strings.HasPrefix(body, "-") || strings.HasPrefix(body, "+") {
		neg = body[0] == '-'
		body = body[1:]
	}
	whole, frac, hasFrac := body, "", false
	if i := strings.IndexAny(body, ".,"); i >= 0 {
		whole, frac, hasFrac = body[:i], body[i+1:], true
	}
	if whole == "" || !digits(whole) || hasFrac && (frac == "" || len(frac) > 2 || !digits(frac)) {
		return 0, bad
	}
	if len(whole) > 12 {
		return 0, fmt.Errorf("%q is groter dan een miljard euro", clip(s))
	}
	w, _ := strconv.ParseInt(whole, 10, 64)
	c := w * 100
	if hasFrac {
		f, _ := strconv.ParseInt(frac, 10, 64)
		if len(frac) == 1 {
			f *= 10
		}
		c += f
	}
	if c > maxCents {
		return 0, fmt.Errorf("%q is groter dan een miljard euro", clip(s))
	}
	if neg {
		c = -c
	}
	return c, nil
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// FormatCents writes cents as euros the way ParseCents reads them back:
// "1234.56", "-80.5" is written "-80.50".
func FormatCents(c int64) string {
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	return fmt.Sprintf("%s%d.%02d", sign, c/100, c%100)
}

// WriteBookings writes bookings in the import format, so that a download
// imports again (and, having the same references, changes nothing). It is
// a file for people, so it goes through the guarded table writer: a
// description or reference that a spreadsheet would run as a formula gets
// an apostrophe, which ReadBookings takes off again; amounts are numbers.
func WriteBookings(w io.Writer, bs []Booking) error {
	bw := bufio.NewWriter(w)
	if err := BookingsTable(bs).WriteCSV(bw); err != nil {
		return err
	}
	return bw.Flush()
}

// BookingsTable is the bookings as a table in the import format's columns,
// for the CSV download and the same rows as an Excel workbook.
func BookingsTable(bs []Booking) tabular.Table {
	t := tabular.Table{Sheet: "uitgaven", Header: BookingHeader, Rows: make([][]tabular.Cell, 0, len(bs))}
	for _, b := range bs {
		t.Rows = append(t.Rows, []tabular.Cell{tabular.Text(b.Date.Format("2006-01-02")), tabular.Text(b.Target),
			tabular.Number(float64(b.Cents) / 100), tabular.Text(b.Description), tabular.Text(b.Reference)})
	}
	return t
}

// SortBookings orders bookings by date, then reference.
func SortBookings(bs []Booking) {
	slices.SortFunc(bs, func(a, b Booking) int {
		if c := a.Date.Compare(b.Date); c != 0 {
			return c
		}
		return strings.Compare(a.Reference, b.Reference)
	})
}
