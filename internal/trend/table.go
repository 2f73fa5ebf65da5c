package trend

import (
	"fmt"
	"github.com/perspectief/perspectief/internal/atomicfile"
	"io"
	"math"
	"runtime"
	"strconv"
	"strings"
	"sync"
)

// Indicator is one of the indicators of the spec: the nine of section 4 and
// the three usage indicators of section 6.
type Indicator uint8

// The indicators, in the order of the spec's table.
const (
	Households110 Indicator = iota
	Households120
	Persons110
	Persons120
	Minors110
	Minors120
	Households110Long
	Persons110Long
	Minors110Long
	// Section 6: households at or below 110% that use a provision, one per
	// usage flag, in the order of the flags.
	UseParticipatiewet110
	UseJeugdwet110
	UseWmo110
	numIndicators
	numBaseIndicators = UseParticipatiewet110
)

var indicatorNames = [numIndicators]string{
	"huishoudens_110", "huishoudens_120", "personen_110", "personen_120",
	"minderjarigen_110", "minderjarigen_120",
	"huishoudens_110_4jaar", "personen_110_4jaar", "minderjarigen_110_4jaar",
	"gebruik_participatiewet_110", "gebruik_jeugdwet_110", "gebruik_wmo_110",
}

func (i Indicator) String() string {
	if i < numIndicators {
		return indicatorNames[i]
	}
	return "Indicator(" + strconv.Itoa(int(i)) + ")"
}

// Indicators lists all indicators in the spec's order.
func Indicators() []Indicator {
	all := make([]Indicator, numIndicators)
	for i := range all {
		all[i] = Indicator(i)
	}
	return all
}

// LongTerm reports whether the indicator counts households at or below 110%
// for four years or more.
func (i Indicator) LongTerm() bool { return i >= Households110Long && i <= Minors110Long }

// Level is an area level: gemeente, wijk or buurt (CBS terms).
type Level uint8

// The area levels, largest first.
const (
	Gemeente Level = iota
	Wijk
	Buurt
	numLevels
)

var levelNames = [numLevels]string{"gemeente", "wijk", "buurt"}

func (l Level) String() string {
	if l < numLevels {
		return levelNames[l]
	}
	return "Level(" + strconv.Itoa(int(l)) + ")"
}

// Group is the breakdown of a row: totaal, a household type, an income
// source, or (section 6) an age band or education level.
type Group uint8

// GroupTotal is the whole population of an area; TypeGroup and BronGroup
// give the others.
const GroupTotal Group = 0

const numGroupValues = Group(numGroupsExt)

// TypeGroup returns the group type:<name> for a household type of the spec.
func TypeGroup(name string) (Group, bool) {
	t := parseType([]byte(name))
	return Group(groupType + int(t)), t != badEnum
}

// BronGroup returns the group bron:<name> for an income source of the spec.
func BronGroup(name string) (Group, bool) {
	b := parseBron([]byte(name))
	return Group(groupBron + int(b)), b != badEnum
}

// AgeGroup returns the group leeftijd:<band> (tot_25, 25_44, 45_64,
// 65_plus).
func AgeGroup(name string) (Group, bool) { return groupByName(ageNames[:], groupAge, name) }

// EduGroup returns the group opleiding:<level> (laag, middelbaar, hoog,
// onbekend).
func EduGroup(name string) (Group, bool) { return groupByName(eduNames[:], groupEdu, name) }

func groupByName(names []string, first int, name string) (Group, bool) {
	for i, n := range names {
		if n == name {
			return Group(first + i), true
		}
	}
	return 0, false
}

// groupNames are the names of the groups, made once: the national table
// writes one per row.
var groupNames = func() (names [numGroupValues]string) {
	for g := range names {
		switch {
		case g == int(GroupTotal):
			names[g] = "totaal"
		case g < groupBron:
			names[g] = "type:" + typeNames[g-groupType]
		case g < groupAge:
			names[g] = "bron:" + bronNames[g-groupBron]
		case g < groupEdu:
			names[g] = "leeftijd:" + ageNames[g-groupAge]
		default:
			names[g] = "opleiding:" + eduNames[g-groupEdu]
		}
	}
	return names
}()

func (g Group) String() string {
	if g < numGroupValues {
		return groupNames[g]
	}
	return "Group(" + strconv.Itoa(int(g)) + ")"
}

// Row is one row of the indicator table. Suppressed rows carry no numbers:
// Num and Den are zero, so that nothing downstream can leak them.
type Row struct {
	// The fields are ordered to pack the struct into 48 bytes: the national
	// table has some 15 million rows.
	Area       string // CBS code at Level: GM0014, WK001401, BU00140100
	Num, Den   int64  // teller, noemer
	Year       int
	Indicator  Indicator
	Level      Level
	Group      Group
	Suppressed bool
	// Secondary marks a row hidden by secondary suppression (spec section
	// 7, onderdrukt = 2); Suppressed is then set too.
	Secondary bool
}

// Value returns waarde = 100 * teller / noemer; ok is false when the row has
// none (suppressed, or noemer 0).
func (r Row) Value() (v float64, ok bool) {
	if r.Suppressed || r.Den == 0 {
		return 0, false
	}
	return 100 * float64(r.Num) / float64(r.Den), true
}

// tableHeader is the header of the indicator table.
var tableHeader = []string{"indicator", "jaar", "niveau", "gebied", "groep", "teller", "noemer", "waarde", "onderdrukt"}

// appendRow formats one table row as a CSV line. No field ever needs quoting.
func appendRow(buf []byte, r *Row) []byte {
	buf = append(buf, r.Indicator.String()...)
	buf = append(buf, ',')
	buf = strconv.AppendInt(buf, int64(r.Year), 10)
	buf = append(buf, ',')
	buf = append(buf, r.Level.String()...)
	buf = append(buf, ',')
	buf = append(buf, r.Area...)
	buf = append(buf, ',')
	buf = append(buf, r.Group.String()...)
	if r.Suppressed {
		if r.Secondary {
			return append(buf, ",,,,2\n"...)
		}
		return append(buf, ",,,,1\n"...)
	}
	buf = append(buf, ',')
	buf = strconv.AppendInt(buf, r.Num, 10)
	buf = append(buf, ',')
	buf = strconv.AppendInt(buf, r.Den, 10)
	buf = append(buf, ',')
	if v, ok := r.Value(); ok {
		// The shortest form that reads back as the same float64: always at
		// least as precise as the spec's six significant digits.
		buf = strconv.AppendFloat(buf, v, 'g', -1, 64)
	}
	return append(buf, ",0\n"...)
}

// WriteTable writes rows as the indicator table CSV, header first. Chunks
// of rows are formatted on several goroutines and written in order: at
// national scale formatting is most of the cost of writing.
func WriteTable(w io.Writer, rows []Row) error {
	const chunkRows = 8192
	return writeChunks(w, (len(rows)+chunkRows-1)/chunkRows, func(i int, buf []byte) []byte {
		for j := i * chunkRows; j < min((i+1)*chunkRows, len(rows)); j++ {
			buf = appendRow(buf, &rows[j])
		}
		return buf
	})
}

// writeChunks writes the table's header and then n chunks of rows: format
// appends chunk i to buf. Chunks are formatted on several goroutines and
// written in order.
func writeChunks(w io.Writer, n int, format func(i int, buf []byte) []byte) error {
	header := strings.Join(tableHeader, ",") + "\n"
	if _, err := io.WriteString(w, header); err != nil {
		return err
	}
	formatters := runtime.GOMAXPROCS(0)
	type chunk struct {
		i   int
		out chan []byte
	}
	work := make(chan *chunk, formatters)
	order := make(chan *chunk, 2*formatters)
	bufs := make(chan []byte, 4*formatters) // formatted chunks to reuse
	var wg sync.WaitGroup
	for range formatters {
		wg.Go(func() {
			for c := range work {
				var buf []byte
				select {
				case buf = <-bufs:
				default:
				}
				c.out <- format(c.i, buf[:0])
			}
		})
	}
	go func() {
		for i := range n {
			c := &chunk{i: i, out: make(chan []byte, 1)}
			work <- c
			order <- c
		}
		close(work)
		close(order)
	}()
	var err error
	for c := range order {
		buf := <-c.out
		if err == nil {
			_, err = w.Write(buf)
		}
		select {
		case bufs <- buf:
		default:
		}
	}
	wg.Wait()
	return err
}

// WriteCSV writes the indicator table to path atomically: into a temporary
// file in the same directory, synced to disk, then renamed over path. On
// any error path is left as it was (absent, or with its old content).
func WriteCSV(path string, rows []Row) error {
	return atomicfile.Write(path, atomicfile.Options{}, func(w io.Writer) error { return WriteTable(w, rows) })
}

// ReadTable reads an indicator table as WriteCSV writes it (columns in any
// order, extra columns ignored, optional BOM) and checks every row: known
// indicator, level and group, an area code that fits the level, jaar in
// 1990..2100, onderdrukt 0, 1 or 2, empty numbers on suppressed rows,
// 0 <= teller <= noemer otherwise, waarde agreeing with 100*teller/noemer
// to six significant digits (relative 5e-6) and each indicator x jaar x
// gebied x groep at most once. Errors read FILE:LINE: COLUMN: reason.
func ReadTable(name string, r io.Reader) ([]Row, error) {
	s := newCSVScanner(name, r)
	h, err := readHeader(s, name, tableHeader, 0)
	if err != nil {
		return nil, err
	}
	tr := tableReader{name: name, s: s, h: h, seen: map[tableKey]int64{}, areas: map[string]string{}}
	var rows []Row
	for {
		ok, serr := s.next()
		if serr != nil {
			return nil, h.syntaxError(serr)
		}
		if !ok {
			break
		}
		if e := h.checkFields(s); e != nil {
			return nil, e
		}
		row, err := tr.row()
		if err != nil {
			return nil, err
		}
		rows = append(rows, row)
	}
	if err := s.err(); err != nil {
		return nil, readError(name, err)
	}
	return rows, nil
}

// tableKey identifies a row of the indicator table.
type tableKey struct {
	ind   Indicator
	year  int
	level Level
	area  string
	group Group
}

// tableReader checks the records of an indicator table.
type tableReader struct {
	name  string
	s     *csvScanner
	h     *csvHeader
	seen  map[tableKey]int64 // the line of each row
	areas map[string]string  // one string per area code
}

// field is column i of tableHeader in the current record.
func (tr *tableReader) field(i int) []byte { return tr.s.field(tr.h.idx[i]) }

func (tr *tableReader) bad(i int, reason string) error {
	return &InputError{File: tr.name, Line: tr.s.flines[tr.h.idx[i]], Column: tableHeader[i], Reason: reason}
}

// row checks the current record and makes its row.
func (tr *tableReader) row() (Row, error) {
	row, err := tr.where()
	if err != nil {
		return Row{}, err
	}
	if err := tr.numbers(&row); err != nil {
		return Row{}, err
	}
	k := tableKey{row.Indicator, row.Year, row.Level, row.Area, row.Group}
	if first, dup := tr.seen[k]; dup {
		return Row{}, tr.bad(0, fmt.Sprintf("duplicate row (first on line %d)", first))
	}
	tr.seen[k] = tr.s.recLine
	return row, nil
}

// where reads the columns that say which cell a row is: indicator, jaar,
// niveau, gebied and groep.
func (tr *tableReader) where() (Row, error) {
	f := tr.field
	var row Row
	ind, ok := parseIndicator(f(0))
	if !ok {
		return row, tr.bad(0, "unknown indicator "+quote(f(0)))
	}
	row.Indicator = ind
	y, ok, overflow := parseInt(f(1))
	if !ok || overflow {
		return row, tr.bad(1, intReason(f(1), overflow))
	}
	if y < minYear || y > maxYear {
		return row, tr.bad(1, fmt.Sprintf("jaar %d outside %d..%d", y, minYear, maxYear))
	}
	row.Year = int(y)
	lvl, ok := parseLevel(f(2))
	if !ok {
		return row, tr.bad(2, "unknown niveau "+quote(f(2)))
	}
	row.Level = lvl
	if !validArea(lvl, f(3)) {
		return row, tr.bad(3, fmt.Sprintf("not a %s code: %s", lvl, quote(f(3))))
	}
	area, ok := tr.areas[string(f(3))]
	if !ok {
		area = string(f(3))
		tr.areas[area] = area
	}
	row.Area = area
	g, ok := parseGroup(f(4))
	if !ok {
		return row, tr.bad(4, "unknown groep "+quote(f(4)))
	}
	row.Group = g
	return row, nil
}

// numbers reads teller, noemer, waarde and onderdrukt into row.
func (tr *tableReader) numbers(row *Row) error {
	f := tr.field
	switch string(f(8)) {
	case "1", "2":
		row.Suppressed, row.Secondary = true, string(f(8)) == "2"
		for i := 5; i <= 7; i++ {
			if len(f(i)) != 0 {
				return tr.bad(i, "must be empty on a suppressed row")
			}
		}
		return nil
	case "0":
	default:
		return tr.bad(8, "onderdrukt must be 0, 1 or 2, got "+quote(f(8)))
	}
	num, ok, overflow := parseInt(f(5))
	if !ok || overflow {
		return tr.bad(5, intReason(f(5), overflow))
	}
	den, ok, overflow := parseInt(f(6))
	if !ok || overflow {
		return tr.bad(6, intReason(f(6), overflow))
	}
	if num < 0 {
		return tr.bad(5, fmt.Sprintf("teller %d is negative", num))
	}
	if den < num {
		return tr.bad(6, fmt.Sprintf("noemer %d is less than teller %d", den, num))
	}
	row.Num, row.Den = num, den
	if err := checkValue(*row, f(7)); err != "" {
		return tr.bad(7, err)
	}
	return nil
}

// checkValue compares a waarde field with the value teller and noemer give.
func checkValue(r Row, field []byte) string {
	want, ok := r.Value()
	if !ok {
		if len(field) != 0 {
			return "must be empty when noemer is 0"
		}
		return ""
	}
	got, err := strconv.ParseFloat(string(field), 64)
	if err != nil || math.IsNaN(got) || math.IsInf(got, 0) {
		return "not a number: " + quote(field)
	}
	// Six significant digits, the least the spec allows, are within half a
	// unit of the sixth digit: a relative 5e-6 at most.
	if math.Abs(got-want) > 5e-6*math.Abs(want) {
		return fmt.Sprintf("waarde %s does not match 100*teller/noemer = %s", field, strconv.FormatFloat(want, 'g', -1, 64))
	}
	return ""
}

func parseIndicator(b []byte) (Indicator, bool) {
	for i, n := range indicatorNames {
		if string(b) == n {
			return Indicator(i), true
		}
	}
	return 0, false
}

func parseLevel(b []byte) (Level, bool) {
	for i, n := range levelNames {
		if string(b) == n {
			return Level(i), true
		}
	}
	return 0, false
}

func parseGroup(b []byte) (Group, bool) {
	s := string(b)
	switch {
	case s == "totaal":
		return GroupTotal, true
	case len(s) > 5 && s[:5] == "type:":
		return TypeGroup(s[5:])
	case len(s) > 5 && s[:5] == "bron:":
		return BronGroup(s[5:])
	case strings.HasPrefix(s, "leeftijd:"):
		return AgeGroup(s[len("leeftijd:"):])
	case strings.HasPrefix(s, "opleiding:"):
		return EduGroup(s[len("opleiding:"):])
	}
	return 0, false
}

// validArea checks a code against its level: GM + 4 digits, WK + 6, BU + 8.
func validArea(l Level, b []byte) bool {
	prefix, digits := "", 0
	switch l {
	case Gemeente:
		prefix, digits = "GM", 4
	case Wijk:
		prefix, digits = "WK", 6
	case Buurt:
		prefix, digits = "BU", 8
	}
	if len(b) != 2+digits || string(b[:2]) != prefix {
		return false
	}
	for _, c := range b[2:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
