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
	var probs []string
	bad := func(field, format string, args ...any) {
		probs = append(probs, field+": "+fmt.Sprintf(format, args...))
	}
	rf := &RoundFile{}
	obj, ok := top.(map[string]any)
	if !ok {
		return nil, &RoundFileError{[]string{"het bestand moet één JSON-object zijn met jaren, budget, aanvragen en vast"}}
	}
	for _, k := range sortedKeys(obj) {
		switch k {
		case "jaren", "budget", "aanvragen", "vast":
		default:
			bad(k, "onbekend veld; de velden zijn jaren, budget, aanvragen (id, score, bedragen) en vast")
		}
	}
	list := func(field string, v any, need bool) []any {
		if v == nil {
			if need {
				bad(field, "ontbreekt; geef een lijst")
			}
			return nil
		}
		l, ok := v.([]any)
		if !ok {
			bad(field, "verwacht een lijst")
		}
		return l
	}
	jaren := list("jaren", obj["jaren"], true)
	switch {
	case obj["jaren"] != nil && len(jaren) == 0:
		bad("jaren", "noem minstens één jaar")
	case len(jaren) > maxFileYears:
		bad("jaren", "hoogstens %d jaren", maxFileYears)
	}
	seenYear := map[int64]bool{}
	for i, v := range jaren {
		y, ok := wholeNumber(v)
		switch {
		case !ok || y < 1900 || y > 2200:
			bad(fmt.Sprintf("jaren[%d]", i), "een jaar is een heel getal van 1900 tot en met 2200, niet %s", show(v))
		case seenYear[y]:
			bad(fmt.Sprintf("jaren[%d]", i), "%d staat er twee keer in", y)
		default:
			seenYear[y] = true
		}
		rf.Years = append(rf.Years, int(y))
	}
	budget := list("budget", obj["budget"], true)
	if obj["budget"] != nil && len(budget) != len(jaren) {
		bad("budget", "%d bedragen voor %d jaren; geef één bedrag per jaar", len(budget), len(jaren))
	}
	for i, v := range budget {
		b, ok := wholeNumber(v)
		if !ok || b < 0 {
			bad(fmt.Sprintf("budget[%d]", i), "een bedrag is een heel aantal euro van 0 of meer, niet %s", show(v))
		}
		rf.Budget = append(rf.Budget, b)
	}
	rf.Problem.Capacity = rf.Budget
	aanvragen := list("aanvragen", obj["aanvragen"], true)
	if len(aanvragen) > maxFileRequests {
		bad("aanvragen", "hoogstens %d aanvragen", maxFileRequests)
		aanvragen = nil
	}
	index := map[string]int{}
	for i, av := range aanvragen {
		field := fmt.Sprintf("aanvragen[%d]", i)
		a, ok := av.(map[string]any)
		if !ok {
			bad(field, "verwacht een object met id, score en bedragen")
			a = map[string]any{}
		}
		for _, k := range sortedKeys(a) {
			if k != "id" && k != "score" && k != "bedragen" {
				bad(field+"."+k, "onbekend veld; een aanvraag heeft id, score en bedragen")
			}
		}
		id, _ := a["id"].(string)
		switch {
		case a["id"] == nil:
			bad(field+".id", "ontbreekt")
		case id == "" || strings.TrimSpace(id) != id:
			bad(field+".id", "een id is niet-lege tekst zonder spaties aan begin of eind, niet %s", show(a["id"]))
		case len(id) > 100:
			bad(field+".id", "langer dan 100 tekens")
		default:
			if _, dup := index[id]; dup {
				bad(field+".id", "%q staat er twee keer in", id)
			}
			index[id] = i
		}
		rf.IDs = append(rf.IDs, id)
		it := Item{Cost: make([]int64, len(jaren))}
		if a["score"] == nil {
			bad(field+".score", "ontbreekt")
		} else if n, ok := a["score"].(json.Number); !ok {
			bad(field+".score", "een score is een getal van 0 tot en met 1000000, niet %s", show(a["score"]))
		} else if s, err := n.Float64(); err != nil || math.IsNaN(s) || math.IsInf(s, 0) || s < 0 || s > 1e6 {
			bad(field+".score", "een score is een getal van 0 tot en met 1000000, niet %s", n)
		} else {
			it.Value = s
		}
		bedragen := list(field+".bedragen", a["bedragen"], true)
		if a["bedragen"] != nil && len(bedragen) != len(jaren) {
			bad(field+".bedragen", "%d bedragen voor %d jaren; geef één bedrag per jaar", len(bedragen), len(jaren))
		}
		for k, v := range bedragen {
			c, ok := wholeNumber(v)
			if !ok || c < 0 {
				bad(fmt.Sprintf("%s.bedragen[%d]", field, k), "een bedrag is een heel aantal euro van 0 of meer, niet %s", show(v))
			}
			if k < len(it.Cost) {
				it.Cost[k] = c
			}
		}
		rf.Problem.Items = append(rf.Problem.Items, it)
	}
	rf.Problem.Fixed = make([]Fix, len(rf.Problem.Items))
	var vast map[string]any
	if v := obj["vast"]; v != nil {
		if vast, ok = v.(map[string]any); !ok {
			bad("vast", "verwacht een object als {\"A3\": \"in\", \"A5\": \"uit\"}")
		}
	}
	for _, id := range sortedKeys(vast) {
		i, ok := index[id]
		if !ok {
			bad("vast."+id, "geen aanvraag met deze id")
			continue
		}
		switch vast[id] {
		case "in":
			rf.Problem.Fixed[i] = FixIn
		case "uit":
			rf.Problem.Fixed[i] = FixOut
		default:
			bad("vast."+id, "kies \"in\" of \"uit\", niet %s", show(vast[id]))
			continue
		}
		rf.FixCount++
	}
	if len(probs) > 0 {
		return nil, &RoundFileError{probs}
	}
	return rf, nil
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
