package survey

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/numfmt"
	"github.com/perspectief/perspectief/internal/textenc"
)

// CSV import limits: a wave has at most a few thousand answers; the limits
// keep a wrong file from filling memory.
const (
	MaxCSVSize   = 16 << 20
	MaxCSVRows   = 100_000
	maxCSVErrors = 50
)

// Import is what ReadCSV found: the responses and how many rows held no
// answer at all (survey tools export unfinished questionnaires that way).
type Import struct {
	Responses []Response
	Empty     int
	Added     int // stored by ImportCSV
	Known     int // already stored from an earlier import of the same rows
}

// ReadCSV reads answers exported from another survey tool. The header names
// the columns: question codes of q, and optionally wijk (or gebied: an area
// code or name of the questionnaire) and datum (YYYY-MM-DD or DD-MM-YYYY; a
// time of day is dropped). Answers may be the stored values (eens,
// helemaal_oneens, ja, weet_niet), the labels of the form, or 1 to 5 on the
// agree scale; an empty cell is no answer. A column respondent (the id of
// the survey tool) makes each row's key: it is hashed, never stored.
// Without it a row's key is its cells and how often the same cells came
// before in the file, so that reading the same file, or a longer export of
// the same tool, again adds only the rows that are new. Commas or semicolons separate
// the fields. Any other column or any bad cell refuses the whole file, each
// problem as "name:LINE: kolom NAME: reason". today dates rows without a
// datum column.
func ReadCSV(name string, r io.Reader, q *Questionnaire, today string) (*Import, error) {
	cr, header, err := openCSV(name, r)
	if err != nil {
		return nil, err
	}
	cols, errs := readHeader(name, header, q)
	if len(errs) > 0 {
		return nil, csvError(name, errs)
	}
	cr.FieldsPerRecord = len(header)
	rd := &csvRows{name: name, q: q, today: today, header: header, cols: cols,
		seenRows: map[string]int{}, respondents: map[string]int{}}
	rd.readAll(cr)
	if rd.more > 0 {
		rd.errs = append(rd.errs, fmt.Sprintf("%s: en nog %d fout(en)", name, rd.more))
	}
	if len(rd.errs) > 0 {
		return nil, csvError(name, rd.errs)
	}
	if len(rd.imp.Responses) == 0 {
		return nil, csvError(name, []string{name + ":2: het bestand bevat geen enkel antwoord"})
	}
	return &rd.imp, nil
}

// openCSV checks the file as a whole (size, encoding, not empty) and reads
// its header row, with the separator it uses.
func openCSV(name string, r io.Reader) (*csv.Reader, []string, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxCSVSize+1))
	if err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", name, err)
	}
	if len(data) > MaxCSVSize {
		return nil, nil, csvError(name, []string{fmt.Sprintf("%s:1: het bestand is groter dan %d MiB", name, MaxCSVSize>>20)})
	}
	if p := textenc.Check(data); p != nil {
		return nil, nil, csvError(name, []string{p.String(name)})
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, nil, csvError(name, []string{name + ":1: het bestand is leeg"})
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = sniffComma(data)
	header, err := cr.Read()
	if err != nil {
		return nil, nil, csvError(name, []string{parseMessage(name, err)})
	}
	return cr, header, nil
}

// csvRows reads the rows of a file after its header: the responses, and
// the problems, up to maxCSVErrors and then only how many more.
type csvRows struct {
	name, today string
	q           *Questionnaire
	header      []string
	cols        []column
	imp         Import
	seenRows    map[string]int // the cells of a row, for its key
	respondents map[string]int // respondent id: line
	errs        []string
	more        int
}

func (rd *csvRows) fail(msg string) {
	if len(rd.errs) < maxCSVErrors {
		rd.errs = append(rd.errs, msg)
	} else {
		rd.more++
	}
}

// readAll reads every row. It stops at a quoting error, after which the
// reader cannot find the next row reliably, and at MaxCSVRows.
func (rd *csvRows) readAll(cr *csv.Reader) {
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrFieldCount) {
				rd.fail(fmt.Sprintf("%s:%d: de regel heeft %d velden; de kopregel heeft er %d", rd.name, pe.StartLine, len(rec), len(rd.header)))
				continue
			}
			rd.fail(parseMessage(rd.name, err))
			return
		}
		line, _ := cr.FieldPos(0)
		if len(rd.imp.Responses)+rd.imp.Empty >= MaxCSVRows {
			rd.fail(fmt.Sprintf("%s:%d: meer dan %s antwoorden in één bestand; splits het bestand", rd.name, line, numfmt.Format(MaxCSVRows, 0, numfmt.Dutch)))
			return
		}
		resp, respondent := rd.readRow(rec, line)
		if len(resp.Answers) == 0 {
			rd.imp.Empty++
			continue
		}
		resp.Key = rowKey(respondent, rec, rd.seenRows)
		rd.imp.Responses = append(rd.imp.Responses, resp)
	}
}

// readRow reads the cells of the row on line into a response, and returns
// it with the row's respondent id ("" when none).
func (rd *csvRows) readRow(rec []string, line int) (Response, string) {
	resp := Response{Date: rd.today, Channel: ChannelImport, Answers: map[string]string{}}
	respondent := ""
	for i, c := range rd.cols {
		cell := strings.TrimSpace(rec[i])
		at := fmt.Sprintf("%s:%d: kolom %s", rd.name, line, rd.header[i])
		switch c.kind {
		case colArea:
			if code, ok := rd.area(cell, at); ok {
				resp.Area = code
			}
		case colRespondent:
			if id, ok := rd.respondent(cell, at, line); ok {
				respondent = id
			}
		case colDate:
			if d, ok := rd.date(cell, at); ok {
				resp.Date = d
			}
		case colQuestion:
			if v, ok := rd.answer(c.question, cell, at); ok {
				resp.Answers[c.question.Code] = v
			}
		}
	}
	return resp, respondent
}

// area reads an area cell at at: false when empty or unknown.
func (rd *csvRows) area(cell, at string) (string, bool) {
	if cell == "" {
		return "", false
	}
	code, ok := matchArea(rd.q, cell)
	if !ok {
		rd.fail(fmt.Sprintf("%s: gebied %q staat niet in de vragenlijst", at, clip(cell)))
	}
	return code, ok
}

// respondent reads a respondent cell at at, on line: false when empty or
// already on an earlier line.
func (rd *csvRows) respondent(cell, at string, line int) (string, bool) {
	if cell == "" {
		rd.fail(fmt.Sprintf("%s: het respondentnummer ontbreekt", at))
		return "", false
	}
	if first, dup := rd.respondents[cell]; dup {
		rd.fail(fmt.Sprintf("%s: respondent %q staat ook op regel %d", at, clip(cell), first))
		return "", false
	}
	rd.respondents[cell] = line
	return cell, true
}

// date reads a date cell at at: false when empty or no date.
func (rd *csvRows) date(cell, at string) (string, bool) {
	if cell == "" {
		return "", false
	}
	d, ok := parseDate(cell)
	if !ok {
		rd.fail(fmt.Sprintf("%s: datum %q: gebruik JJJJ-MM-DD of DD-MM-JJJJ", at, clip(cell)))
	}
	return d, ok
}

// answer reads the answer to qu at at: false when empty or not one of the
// question's answers.
func (rd *csvRows) answer(qu *Question, cell, at string) (string, bool) {
	if cell == "" {
		return "", false
	}
	if qu.Kind == Open {
		text, ok := CleanOpen(cell)
		if !ok {
			rd.fail(fmt.Sprintf("%s: het antwoord is langer dan %s tekens", at, numfmt.Format(MaxOpenAnswer, 0, numfmt.Dutch)))
		}
		return text, ok && text != ""
	}
	v, ok := matchAnswer(qu.Kind, cell)
	if !ok {
		rd.fail(fmt.Sprintf("%s: antwoord %q past niet bij de vraag (%s)", at, clip(cell), answerHint(qu.Kind)))
	}
	return v, ok
}

type colKind int

const (
	colQuestion colKind = iota
	colArea
	colDate
	colRespondent
)

// rowKey is the stable key of a row: a hash of the respondent id, or of the
// row's cells with the number of identical rows before it in the file.
func rowKey(respondent string, rec []string, seen map[string]int) string {
	h := sha256.New()
	if respondent != "" {
		h.Write([]byte("respondent\x00" + respondent))
	} else {
		cells := make([]string, len(rec))
		for i, c := range rec {
			cells[i] = strings.TrimSpace(c)
		}
		row := strings.Join(cells, "\x00")
		seen[row]++
		fmt.Fprintf(h, "rij\x00%s\x00%d", row, seen[row])
	}
	return hex.EncodeToString(h.Sum(nil))
}

type column struct {
	kind     colKind
	question *Question
}

func readHeader(name string, header []string, q *Questionnaire) ([]column, []string) {
	var errs []string
	cols := make([]column, len(header))
	seen := map[string]bool{}
	questions := 0
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		header[i] = h
		at := fmt.Sprintf("%s:1: kolom %d (%q)", name, i+1, clip(h))
		if seen[h] {
			errs = append(errs, at+": komt twee keer voor")
			continue
		}
		seen[h] = true
		switch {
		case h == "wijk" || h == "gebied":
			if len(q.Areas) == 0 {
				errs = append(errs, at+": de vragenlijst vraagt niet naar een gebied")
			}
			cols[i] = column{kind: colArea}
			if seen["wijk"] && seen["gebied"] {
				errs = append(errs, at+": gebruik wijk of gebied, niet allebei")
			}
		case h == "datum":
			cols[i] = column{kind: colDate}
		case h == "respondent":
			cols[i] = column{kind: colRespondent}
		default:
			qu, ok := q.Question(h)
			if !ok {
				errs = append(errs, at+": onbekende kolom; gebruik de codes van de vragen ("+questionCodes(q)+"), wijk, datum en respondent. Verwijder andere kolommen, zoals tijdstippen of IP-adressen: die slaan wij niet op")
				continue
			}
			cols[i] = column{kind: colQuestion, question: qu}
			questions++
		}
	}
	if len(errs) == 0 && questions == 0 {
		errs = append(errs, name+":1: geen enkele kolom is een vraag van de vragenlijst ("+questionCodes(q)+")")
	}
	return cols, errs
}

func questionCodes(q *Questionnaire) string {
	codes := make([]string, len(q.Questions))
	for i, qu := range q.Questions {
		codes[i] = qu.Code
	}
	return strings.Join(codes, ", ")
}

// sniffComma picks the separator of the header line: Dutch spreadsheet
// programs write semicolons, most survey tools commas.
func sniffComma(data []byte) rune {
	line, _, _ := bytes.Cut(data, []byte("\n"))
	if bytes.Count(line, []byte(";")) > bytes.Count(line, []byte(",")) {
		return ';'
	}
	return ','
}

func parseMessage(name string, err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		msg := "de regel kan niet gelezen worden"
		switch {
		case errors.Is(pe.Err, csv.ErrQuote), errors.Is(pe.Err, csv.ErrBareQuote):
			msg = "een aanhalingsteken staat op een verkeerde plek"
		case errors.Is(pe.Err, csv.ErrFieldCount):
			msg = "het aantal velden klopt niet"
		}
		return fmt.Sprintf("%s:%d: kolom %d: %s", name, pe.Line, pe.Column, msg)
	}
	return fmt.Sprintf("%s:1: %v", name, err)
}

func csvError(name string, msgs []string) error {
	return &perspectief.Error{
		Code:    perspectief.CodeInvalid,
		Message: fmt.Sprintf("Het bestand %s is geweigerd; er is niets ingelezen.", name),
		Details: msgs,
	}
}

// normal lowercases s and folds spaces, so that "Mee  Eens" matches.
func normal(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }

var answerAliases = map[Kind]map[string]string{
	Agree: {
		"1": StronglyDisagree, "2": Disagree, "3": Neutral, "4": Agrees, "5": StronglyAgree,
		"helemaal oneens": StronglyDisagree, "oneens": Disagree, "neutraal": Neutral, "eens": Agrees, "helemaal eens": StronglyAgree,
		"niet eens, niet oneens": Neutral, "niet mee eens, niet mee oneens": Neutral,
	},
	YesNo: {"j": Yes, "n": No, "yes": Yes, "no": No},
	Health: {"1": "zeer_goed", "2": "goed", "3": "gaat_wel", "4": "slecht", "5": "zeer_slecht",
		"uitstekend": "zeer_goed", "matig": "gaat_wel", "redelijk": "gaat_wel"},
}

var dontKnowAliases = map[string]bool{"weet niet": true, "weet ik niet": true, "geen mening": true, "n.v.t.": true, "nvt": true, "niet van toepassing": true}

func matchAnswer(k Kind, cell string) (string, bool) {
	c := normal(cell)
	if dontKnowAliases[c] {
		return DontKnow, true
	}
	for _, o := range k.Options() {
		if c == o.Value || c == normal(o.Label) || c == strings.ReplaceAll(o.Value, "_", " ") {
			return o.Value, true
		}
	}
	v, ok := answerAliases[k][c]
	return v, ok
}

func answerHint(k Kind) string {
	switch k {
	case YesNo:
		return "ja, nee of weet niet"
	case Grade:
		return "een heel cijfer van 0 tot en met 10, of weet niet"
	case Health:
		return "zeer goed, goed, gaat wel, slecht, zeer slecht (of 1 tot 5 in die volgorde), of weet niet"
	}
	return "1 tot 5, of helemaal mee oneens, mee oneens, neutraal, mee eens, helemaal mee eens, weet niet"
}

func matchArea(q *Questionnaire, cell string) (string, bool) {
	c := normal(cell)
	for _, a := range q.Areas {
		if c == strings.ToLower(a.Code) || c == normal(a.Name) {
			return a.Code, true
		}
	}
	return "", false
}

// parseDate reads YYYY-MM-DD or DD-MM-YYYY (also with / or .), dropping a
// time of day after a space or T: only the day is kept.
func parseDate(s string) (string, bool) {
	if i := strings.IndexAny(s, " T"); i >= 0 {
		s = s[:i]
	}
	s = strings.NewReplacer("/", "-", ".", "-").Replace(s)
	for _, layout := range []string{"2006-01-02", "2006-1-2", "02-01-2006", "2-1-2006"} {
		if t, err := time.Parse(layout, s); err == nil && t.Year() >= 2000 && t.Year() < 2200 {
			return t.Format("2006-01-02"), true
		}
	}
	return "", false
}

// clip shortens a cell for a message, so that a huge cell does not make a
// huge page.
func clip(s string) string {
	if len(s) <= 40 {
		return s
	}
	r := []rune(s)
	if len(r) > 40 {
		r = r[:40]
	}
	return string(r) + "…"
}
