// Package norms holds the social minimum ("sociaal minimum") per year that
// the trendmonitor compares household incomes with, in the norms file format
// of the trendmonitor spec (jaar,categorie,bedrag).
//
// The default file is derived from published Participatiewet norms, child
// benefit and child budget amounts kept in source/; docs/norms.md explains
// every step. Regenerate it with `go generate ./internal/norms`.
package norms

//go:generate go run ./internal/gennorms -src source/bijstandsnormen.csv -out default.csv

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
)

//go:embed default.csv
var defaultCSV []byte

// DefaultCSV returns a copy of the default norms file.
func DefaultCSV() []byte {
	return bytes.Clone(defaultCSV)
}

// Source describes where the default norms come from, in one line of
// Dutch: it is shown on the trendmonitor pages and in the yearly report,
// so it names no file of the repository (docs/norms.md has the steps).
func Source() string {
	return "de ingebouwde bijstandsnormen van de Participatiewet met vakantiegeld (art. 21-22, " +
		"gemiddelde van de twee halfjaren), plus kinderbijslag (6 tot en met 11 jaar) en het maximale " +
		"kindgebonden budget met de alleenstaande-ouderkop, 2015-2026"
}

// Category is a norms category of the trendmonitor spec.
type Category string

// The categories of the spec, in the order the default file lists them.
const (
	Alleenstaand    Category = "alleenstaand"
	Eenouder        Category = "eenouder"
	Paar            Category = "paar"
	AlleenstaandAOW Category = "alleenstaand_aow"
	PaarAOW         Category = "paar_aow"
	PerKind         Category = "per_kind"
)

// Categories lists every category once.
var Categories = []Category{Alleenstaand, Eenouder, Paar, AlleenstaandAOW, PaarAOW, PerKind}

func categoryIndex(c Category) int {
	for i, k := range Categories {
		if k == c {
			return i
		}
	}
	return -1
}

// CategoryFor maps a household type and AOW flag to the base category, as
// the spec's norms table does.
func CategoryFor(householdType string, aow bool) Category {
	single := householdType == "alleenstaand" || householdType == "eenouder"
	switch {
	case aow && single:
		return AlleenstaandAOW
	case aow:
		return PaarAOW
	case householdType == "alleenstaand":
		return Alleenstaand
	case householdType == "eenouder":
		return Eenouder
	}
	return Paar
}

// Table holds annual amounts by year and category.
type Table struct {
	first  int
	amount [][6]float64 // indexed by year-first
	have   [][6]bool
}

// Parse reads a norms file: header jaar,categorie,bedrag in any order, an
// optional BOM, amounts greater than zero, no duplicates. It is meant for
// files the project ships or generates; the trendmonitor engine does its own
// validation with the spec's error format.
func Parse(r io.Reader) (Table, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return Table{}, fmt.Errorf("norms header: %w", err)
	}
	col := map[string]int{}
	for i, h := range header {
		if i == 0 {
			h = strings.TrimPrefix(h, "\ufeff")
		}
		col[h] = i
	}
	for _, need := range []string{"jaar", "categorie", "bedrag"} {
		if _, ok := col[need]; !ok {
			return Table{}, fmt.Errorf("norms: missing column %q", need)
		}
	}
	type entry struct {
		year int
		cat  int
		v    float64
	}
	var entries []entry
	first, last := 1<<30, -1
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return Table{}, fmt.Errorf("norms: %w", err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) < len(header) {
			return Table{}, fmt.Errorf("norms line %d: %d fields, want %d", line, len(rec), len(header))
		}
		y, err := strconv.Atoi(rec[col["jaar"]])
		if err != nil || y < 1990 || y > 2100 {
			return Table{}, fmt.Errorf("norms line %d: jaar: bad year %q", line, rec[col["jaar"]])
		}
		c := categoryIndex(Category(rec[col["categorie"]]))
		if c < 0 {
			return Table{}, fmt.Errorf("norms line %d: categorie: unknown %q", line, rec[col["categorie"]])
		}
		v, err := strconv.ParseFloat(rec[col["bedrag"]], 64)
		if err != nil || !(v > 0) || v > 1e9 {
			return Table{}, fmt.Errorf("norms line %d: bedrag: bad amount %q", line, rec[col["bedrag"]])
		}
		entries = append(entries, entry{y, c, v})
		first, last = min(first, y), max(last, y)
	}
	if len(entries) == 0 {
		return Table{}, fmt.Errorf("norms: no rows")
	}
	t := Table{first: first, amount: make([][6]float64, last-first+1), have: make([][6]bool, last-first+1)}
	for _, e := range entries {
		i := e.year - first
		if t.have[i][e.cat] {
			return Table{}, fmt.Errorf("norms: duplicate %d %s", e.year, Categories[e.cat])
		}
		t.have[i][e.cat] = true
		t.amount[i][e.cat] = e.v
	}
	return t, nil
}

var defaultTable = sync.OnceValue(func() Table {
	t, err := Parse(bytes.NewReader(defaultCSV))
	if err != nil {
		// default.csv is generated and checked by the tests.
		panic("norms: embedded default.csv: " + err.Error())
	}
	return t
})

// Default returns the parsed default norms.
func Default() Table { return defaultTable() }

// Years returns the first and last year in the table.
func (t Table) Years() (first, last int) {
	return t.first, t.first + len(t.amount) - 1
}

// Complete reports whether year has an amount for every category.
func (t Table) Complete(year int) bool {
	i := year - t.first
	if i < 0 || i >= len(t.have) {
		return false
	}
	for _, ok := range t.have[i] {
		if !ok {
			return false
		}
	}
	return true
}

// Amount returns bedrag(year, category).
func (t Table) Amount(year int, c Category) (float64, bool) {
	i, k := year-t.first, categoryIndex(c)
	if i < 0 || i >= len(t.amount) || k < 0 || !t.have[i][k] {
		return 0, false
	}
	return t.amount[i][k], true
}

// Norm returns the social minimum of a household in year, computed in
// float64 exactly as the spec writes it: bedrag + minderjarigen * per_kind.
func (t Table) Norm(year int, householdType string, aow bool, minors int) (float64, bool) {
	base, ok := t.Amount(year, CategoryFor(householdType, aow))
	if !ok {
		return 0, false
	}
	perKind, ok := t.Amount(year, PerKind)
	if !ok {
		return 0, false
	}
	// The conversion rounds the product on its own, so the compiler may not
	// fuse multiply and add and every implementation gets the same bits.
	return base + float64(float64(minors)*perKind), true
}
