package trend

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"sort"
)

// Norm categories of the spec, in its order; the index is the engine's code.
var categoryNames = [...]string{"alleenstaand", "eenouder", "paar", "alleenstaand_aow", "paar_aow", "per_kind"}

const (
	catAlleenstaand = iota
	catEenouder
	catPaar
	catAlleenstaandAOW
	catPaarAOW
	catPerKind
	numCats
	allCats = 1<<numCats - 1
)

// normCategory maps a household type and AOW flag to its base category, as
// the spec's norms table does.
var normCategory = [2][numTypes]uint8{
	{catAlleenstaand, catEenouder, catPaar, catPaar, catPaar},
	{catAlleenstaandAOW, catAlleenstaandAOW, catPaarAOW, catPaarAOW, catPaarAOW},
}

// Norms holds the social minimum per year and category, read by ReadNorms.
// The zero value holds no years.
type Norms struct {
	source string
	sum    string
	years  map[int]*normYear
}

type normYear struct {
	amount [numCats]float64
	line   [numCats]int64 // where each amount was read, for duplicate messages
	have   uint8          // bit per category
}

// Source names where the norms came from: the name given to ReadNorms.
func (n Norms) Source() string { return n.source }

// SHA256 is the hex checksum of the bytes ReadNorms read.
func (n Norms) SHA256() string { return n.sum }

// WithSource returns the norms under another name, for messages.
func (n Norms) WithSource(source string) Norms {
	n.source = source
	return n
}

// Years lists the years that have an amount for every category, ascending.
func (n Norms) Years() []int {
	var ys []int
	for y, ny := range n.years {
		if ny.have == allCats {
			ys = append(ys, y)
		}
	}
	sort.Ints(ys)
	return ys
}

// Amount returns bedrag(year, category); ok is false when the file has no
// such row or the category is unknown.
func (n Norms) Amount(year int, category string) (amount float64, ok bool) {
	ny := n.years[year]
	if ny == nil {
		return 0, false
	}
	for c, name := range categoryNames {
		if name == category && ny.have&(1<<c) != 0 {
			return ny.amount[c], true
		}
	}
	return 0, false
}

// missing explains what the norms lack for a panel year, or returns "".
func (n Norms) missing(year int) string {
	ny := n.years[year]
	if ny == nil {
		return fmt.Sprintf("no norms for %d in %s", year, n.source)
	}
	for c, name := range categoryNames {
		if ny.have&(1<<c) == 0 {
			return fmt.Sprintf("no norm for %d categorie %s in %s", year, name, n.source)
		}
	}
	return ""
}

// ReadNorms reads a norms file: CSV with the columns jaar, categorie and
// bedrag in any order (other columns are ignored), an optional BOM, one row
// per year and category, every amount a number greater than 0. name is used
// in error messages and as the Source of the result. Whether every year of a
// panel is complete is checked when the panel is read, because only then is
// it known which years are needed.
func ReadNorms(name string, r io.Reader) (Norms, error) {
	h := sha256.New()
	s := newCSVScanner(name, io.TeeReader(r, h))
	want := []string{"jaar", "categorie", "bedrag"}
	hdr, err := readHeader(s, name, want, 0)
	if err != nil {
		return Norms{}, err
	}
	n := Norms{source: name, years: map[int]*normYear{}}
	for {
		ok, serr := s.next()
		if serr != nil {
			return Norms{}, hdr.syntaxError(serr)
		}
		if !ok {
			break
		}
		if e := hdr.checkFields(s); e != nil {
			return Norms{}, e
		}
		at := func(i int, reason string) error {
			return &InputError{File: name, Line: s.flines[hdr.idx[i]], Column: want[i], Reason: reason}
		}
		jaar := s.field(hdr.idx[0])
		y, ok, overflow := parseInt(jaar)
		if !ok || overflow || int64(int(y)) != y {
			return Norms{}, at(0, intReason(jaar, overflow))
		}
		cat := s.field(hdr.idx[1])
		c := -1
		for i, name := range categoryNames {
			if string(cat) == name {
				c = i
			}
		}
		if c < 0 {
			return Norms{}, at(1, "unknown categorie "+quote(cat))
		}
		ny := n.years[int(y)]
		if ny == nil {
			ny = &normYear{}
			n.years[int(y)] = ny
		}
		if ny.have&(1<<c) != 0 {
			return Norms{}, at(1, fmt.Sprintf("duplicate row for %d %s (first on line %d)", y, categoryNames[c], ny.line[c]))
		}
		bedrag := s.field(hdr.idx[2])
		v, reason := parseNumber(bedrag)
		if reason != "" {
			return Norms{}, at(2, reason)
		}
		if !(v > 0) {
			return Norms{}, at(2, "bedrag must be greater than 0, got "+quote(bedrag))
		}
		ny.amount[c] = v
		ny.line[c] = s.recLine
		ny.have |= 1 << c
	}
	if err := s.err(); err != nil {
		return Norms{}, readError(name, err)
	}
	n.sum = hex.EncodeToString(h.Sum(nil))
	return n, nil
}

// normTable is the engine's view of the norms: flat, by year offset.
type normTable [numYears]struct {
	amount [numCats]float64
	ok     bool
}

func (n Norms) table() *normTable {
	t := new(normTable)
	for y, ny := range n.years {
		if y >= minYear && y <= maxYear && ny.have == allCats {
			t[y-minYear].amount = ny.amount
			t[y-minYear].ok = true
		}
	}
	return t
}
