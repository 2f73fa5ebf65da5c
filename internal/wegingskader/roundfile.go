package wegingskader

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"
)

// RoundFile is a round for the command line's choice
// (`perspectief wegingskader kiezen`): the years, the budget per year, the
// requests with their score and amount per year, and the fixes.
//
//	{"jaren":[2026,2027], "budget":[250000,150000],
//	 "aanvragen":[{"id":"A1","score":77.6,"bedragen":[45000,45000]}, ...],
//	 "vast":{"A3":"in","A5":"uit"}}
type RoundFile struct {
	Years    []int
	Budget   []int64
	IDs      []string
	Problem  Problem
	FixCount int
}

// Limits of a round file, so that a file cannot make the search or the
// memory grow without end.
const (
	maxFileRequests = 10_000
	maxFileYears    = 50
	maxFileSize     = 16 << 20
)

// RoundFileError lists every problem of a round file, each as
// "field: reason" with the field named as in the file (aanvragen[2].score).
type RoundFileError struct{ Problems []string }

func (e *RoundFileError) Error() string {
	return "de ronde is niet gelezen:\n" + strings.Join(e.Problems, "\n")
}

// ReadRoundFile reads a round file. A file with any problem is refused
// whole, every problem named.
func ReadRoundFile(r io.Reader) (*RoundFile, error) {
	obj, err := readRoundObject(r)
	if err != nil {
		return nil, err
	}
	rd := &roundReader{index: map[string]int{}}
	rd.checkFields(obj)
	rd.readYears(obj["jaren"])
	rd.readBudget(obj["budget"])
	rd.readRequests(obj["aanvragen"])
	rd.readFixes(obj["vast"])
	if len(rd.probs) > 0 {
		return nil, &RoundFileError{rd.probs}
	}
	return &rd.rf, nil
}

// readRoundObject reads the file as one JSON object, refusing a file that
// is too large, is not JSON, has text after the object or is no object.
func readRoundObject(r io.Reader) (map[string]any, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxFileSize {
		return nil, &RoundFileError{[]string{fmt.Sprintf("het bestand is groter dan %d MiB", maxFileSize>>20)}}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var top any
	if err := dec.Decode(&top); err != nil {
		return nil, &RoundFileError{[]string{jsonProblem(err)}}
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, &RoundFileError{[]string{"na het object staat nog meer tekst"}}
	}
	obj, ok := top.(map[string]any)
	if !ok {
		return nil, &RoundFileError{[]string{"het bestand moet één JSON-object zijn met jaren, budget, aanvragen en vast"}}
	}
	return obj, nil
}

// roundReader collects the round of a file section by section, with every
// problem it finds on the way.
type roundReader struct {
	rf    RoundFile
	years int            // the number of entries of jaren
	index map[string]int // request id: its place in aanvragen
	probs []string
}

func (rd *roundReader) bad(field, format string, args ...any) {
	rd.probs = append(rd.probs, field+": "+fmt.Sprintf(format, args...))
}

// list reads a field that must be a list; need says it must be there.
func (rd *roundReader) list(field string, v any, need bool) []any {
	if v == nil {
		if need {
			rd.bad(field, "ontbreekt; geef een lijst")
		}
		return nil
	}
	l, ok := v.([]any)
	if !ok {
		rd.bad(field, "verwacht een lijst")
	}
	return l
}

// checkFields refuses the fields a round file does not have.
func (rd *roundReader) checkFields(obj map[string]any) {
	for _, k := range sortedKeys(obj) {
		switch k {
		case "jaren", "budget", "aanvragen", "vast":
		default:
			rd.bad(k, "onbekend veld; de velden zijn jaren, budget, aanvragen (id, score, bedragen) en vast")
		}
	}
}

// readYears reads jaren: one or more different years.
func (rd *roundReader) readYears(v any) {
	jaren := rd.list("jaren", v, true)
	switch {
	case v != nil && len(jaren) == 0:
		rd.bad("jaren", "noem minstens één jaar")
	case len(jaren) > maxFileYears:
		rd.bad("jaren", "hoogstens %d jaren", maxFileYears)
	}
	seenYear := map[int64]bool{}
	for i, x := range jaren {
		y, ok := wholeNumber(x)
		switch {
		case !ok || y < 1900 || y > 2200:
			rd.bad(fmt.Sprintf("jaren[%d]", i), "een jaar is een heel getal van 1900 tot en met 2200, niet %s", show(x))
		case seenYear[y]:
			rd.bad(fmt.Sprintf("jaren[%d]", i), "%d staat er twee keer in", y)
		default:
			seenYear[y] = true
		}
		rd.rf.Years = append(rd.rf.Years, int(y))
	}
	rd.years = len(jaren)
}

// readBudget reads budget: one amount per year.
func (rd *roundReader) readBudget(v any) {
	budget := rd.list("budget", v, true)
	if v != nil && len(budget) != rd.years {
		rd.bad("budget", "%d bedragen voor %d jaren; geef één bedrag per jaar", len(budget), rd.years)
	}
	for i, x := range budget {
		b, ok := wholeNumber(x)
		if !ok || b < 0 {
			rd.bad(fmt.Sprintf("budget[%d]", i), "een bedrag is een heel aantal euro van 0 of meer, niet %s", show(x))
		}
		rd.rf.Budget = append(rd.rf.Budget, b)
	}
	rd.rf.Problem.Capacity = rd.rf.Budget
}

// readRequests reads aanvragen, each with id, score and bedragen.
func (rd *roundReader) readRequests(v any) {
	aanvragen := rd.list("aanvragen", v, true)
	if len(aanvragen) > maxFileRequests {
		rd.bad("aanvragen", "hoogstens %d aanvragen", maxFileRequests)
		aanvragen = nil
	}
	for i, av := range aanvragen {
		field := fmt.Sprintf("aanvragen[%d]", i)
		a, ok := av.(map[string]any)
		if !ok {
			rd.bad(field, "verwacht een object met id, score en bedragen")
			a = map[string]any{}
		}
		for _, k := range sortedKeys(a) {
			if k != "id" && k != "score" && k != "bedragen" {
				rd.bad(field+"."+k, "onbekend veld; een aanvraag heeft id, score en bedragen")
			}
		}
		rd.rf.IDs = append(rd.rf.IDs, rd.requestID(field, i, a["id"]))
		it := Item{Cost: make([]int64, rd.years)}
		it.Value = rd.requestScore(field, a["score"])
		rd.requestAmounts(field, a["bedragen"], it.Cost)
		rd.rf.Problem.Items = append(rd.rf.Problem.Items, it)
	}
	rd.rf.Problem.Fixed = make([]Fix, len(rd.rf.Problem.Items))
}

// requestID reads the id of request i: non-empty text, unique in the file.
func (rd *roundReader) requestID(field string, i int, v any) string {
	id, _ := v.(string)
	switch {
	case v == nil:
		rd.bad(field+".id", "ontbreekt")
	case id == "" || strings.TrimSpace(id) != id:
		rd.bad(field+".id", "een id is niet-lege tekst zonder spaties aan begin of eind, niet %s", show(v))
	case len(id) > 100:
		rd.bad(field+".id", "langer dan 100 tekens")
	default:
		if _, dup := rd.index[id]; dup {
			rd.bad(field+".id", "%q staat er twee keer in", id)
		}
		rd.index[id] = i
	}
	return id
}

// requestScore reads the score of a request: a number from 0 to 10^6; 0
// when it has a problem.
func (rd *roundReader) requestScore(field string, v any) float64 {
	if v == nil {
		rd.bad(field+".score", "ontbreekt")
		return 0
	}
	n, ok := v.(json.Number)
	if !ok {
		rd.bad(field+".score", "een score is een getal van 0 tot en met 1000000, niet %s", show(v))
		return 0
	}
	s, err := n.Float64()
	if err != nil || math.IsNaN(s) || math.IsInf(s, 0) || s < 0 || s > 1e6 {
		rd.bad(field+".score", "een score is een getal van 0 tot en met 1000000, niet %s", n)
		return 0
	}
	return s
}

// requestAmounts reads the bedragen of a request, one per year, into cost.
func (rd *roundReader) requestAmounts(field string, v any, cost []int64) {
	bedragen := rd.list(field+".bedragen", v, true)
	if v != nil && len(bedragen) != rd.years {
		rd.bad(field+".bedragen", "%d bedragen voor %d jaren; geef één bedrag per jaar", len(bedragen), rd.years)
	}
	for k, x := range bedragen {
		c, ok := wholeNumber(x)
		if !ok || c < 0 {
			rd.bad(fmt.Sprintf("%s.bedragen[%d]", field, k), "een bedrag is een heel aantal euro van 0 of meer, niet %s", show(x))
		}
		if k < len(cost) {
			cost[k] = c
		}
	}
}

// readFixes reads vast: requests fixed "in" or "uit" by their id.
func (rd *roundReader) readFixes(v any) {
	var vast map[string]any
	if v != nil {
		var ok bool
		if vast, ok = v.(map[string]any); !ok {
			rd.bad("vast", "verwacht een object als {\"A3\": \"in\", \"A5\": \"uit\"}")
		}
	}
	for _, id := range sortedKeys(vast) {
		i, ok := rd.index[id]
		if !ok {
			rd.bad("vast."+id, "geen aanvraag met deze id")
			continue
		}
		switch vast[id] {
		case "in":
			rd.rf.Problem.Fixed[i] = FixIn
		case "uit":
			rd.rf.Problem.Fixed[i] = FixOut
		default:
			rd.bad("vast."+id, "kies \"in\" of \"uit\", niet %s", show(vast[id]))
			continue
		}
		rd.rf.FixCount++
	}
}

// wholeNumber reads a JSON number that must be a whole number of at most
// 10^15.
func wholeNumber(x any) (int64, bool) {
	v, ok := x.(json.Number)
	if !ok {
		return 0, false
	}
	f, err := v.Float64()
	if err != nil || f != math.Trunc(f) || math.Abs(f) > 1e15 {
		return 0, false
	}
	return int64(f), true
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// show writes a value from the file for a message, shortened.
func show(v any) string {
	var s string
	switch x := v.(type) {
	case nil:
		s = "leeg (null)"
	case json.Number:
		s = string(x)
	case string:
		s = fmt.Sprintf("%q", x)
	case bool:
		s = fmt.Sprint(x)
	case []any:
		s = "een lijst"
	case map[string]any:
		s = "een object"
	default:
		s = fmt.Sprint(x)
	}
	if r := []rune(s); len(r) > 40 {
		s = string(r[:40]) + "…"
	}
	return s
}

// jsonProblem says in Dutch what is wrong with the JSON, naming the field
// where the decoder knows it.
func jsonProblem(err error) string {
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		return fmt.Sprintf("geen geldige JSON bij teken %d: %s", se.Offset, se.Error())
	case err == io.EOF:
		return "het bestand is leeg"
	case err == io.ErrUnexpectedEOF:
		return "het bestand houdt halverwege op"
	}
	return "geen geldige ronde: " + err.Error()
}

// Choose computes the best choice of the round file within limit.
func (rf *RoundFile) Choose(ctx context.Context, limit time.Duration) (Solution, error) {
	sol, err := solveWithin(ctx, rf.Problem, limit)
	var ie *InfeasibleError
	if errors.As(err, &ie) {
		return sol, &RoundFileError{[]string{fmt.Sprintf("vast: de aanvragen die vastgezet zijn op \"in\" vragen in %d samen %s, maar het budget is %s",
			rf.Years[ie.Dim], Euros(ie.Need), Euros(ie.Have))}}
	}
	return sol, err
}
