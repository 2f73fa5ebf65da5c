package trend

import (
	"bytes"
	"math"
	"strconv"
	"unsafe"
)

// Panel columns in the order of the spec's table. Within one row, a problem
// in an earlier column is reported before one in a later column.
const (
	colJaar = iota
	colHuishouden
	colBuurt
	colType
	colPersonen
	colMinderjarigen
	colAOW
	colBron
	colInkomen
	colUitgesloten
	// The optional columns of the spec's section 6, in the order of its
	// table: a panel may carry any of them.
	colLeeftijd
	colOpleiding
	colParticipatiewet
	colJeugdwet
	colWmo
	numCols
	numRequired = colLeeftijd
)

var colNames = [numCols]string{
	"jaar", "huishouden", "buurt", "type", "personen",
	"minderjarigen", "aow", "bron", "inkomen", "uitgesloten",
	"leeftijd", "opleiding", "participatiewet", "jeugdwet", "wmo",
}

// The usage flags (section 6): participatiewet, jeugdwet, wmo, each giving
// one indicator. flagCol(f) is the column of flag f.
const numFlags = 3

func flagCol(f int) int { return colParticipatiewet + f }

// Age bands of the main earner and education levels (section 6), in the
// spec's order; their index is the code the engine keeps. maxAge is the
// largest leeftijd allowed. noExt marks a row without the column.
var (
	ageNames = [...]string{"tot_25", "25_44", "45_64", "65_plus"}
	eduNames = [...]string{"laag", "middelbaar", "hoog", "onbekend"}
)

const (
	numAges    = len(ageNames)
	numEdus    = len(eduNames)
	eduUnknown = 3
	maxAge     = 120
	noExt      = 0xf
)

// ageBand gives the band of an age in 0..maxAge: under 25, 25-44, 45-64,
// 65 and older.
func ageBand(age int64) uint8 {
	switch {
	case age < 25:
		return 0
	case age < 45:
		return 1
	case age < 65:
		return 2
	}
	return 3
}

// parseOpleiding reads an education level; empty means unknown. Like every
// enum of the spec the value is not trimmed.
func parseOpleiding(b []byte) uint8 {
	switch string(b) {
	case "":
		return eduUnknown
	case "laag":
		return 0
	case "middelbaar":
		return 1
	case "hoog":
		return 2
	}
	return badEnum
}

const (
	minYear  = 1990
	maxYear  = 2100
	numYears = maxYear - minYear + 1
	maxIDLen = 64
)

// Household types and income sources, in the order of the spec. Their index
// is the code used in the engine's arrays.
var (
	typeNames = [...]string{"alleenstaand", "eenouder", "paar_zonder_kinderen", "paar_met_kinderen", "overig"}
	bronNames = [...]string{"werk", "zelfstandig", "uitkering", "pensioen", "overig"}
)

const (
	numTypes = len(typeNames)
	numBrons = len(bronNames)
	badEnum  = 0xff
)

// parseType relies on every type name having a different length, so one
// comparison decides.
func parseType(b []byte) uint8 {
	switch len(b) {
	case 12:
		if string(b) == "alleenstaand" {
			return 0
		}
	case 8:
		if string(b) == "eenouder" {
			return 1
		}
	case 20:
		if string(b) == "paar_zonder_kinderen" {
			return 2
		}
	case 17:
		if string(b) == "paar_met_kinderen" {
			return 3
		}
	case 6:
		if string(b) == "overig" {
			return 4
		}
	}
	return badEnum
}

// parseBron: as parseType, the lengths differ.
func parseBron(b []byte) uint8 {
	switch len(b) {
	case 4:
		if string(b) == "werk" {
			return 0
		}
	case 11:
		if string(b) == "zelfstandig" {
			return 1
		}
	case 9:
		if string(b) == "uitkering" {
			return 2
		}
	case 8:
		if string(b) == "pensioen" {
			return 3
		}
	case 6:
		if string(b) == "overig" {
			return 4
		}
	}
	return badEnum
}

// parseInt reads the spec's integer grammar: an optional '-' and one or more
// decimal digits, nothing else. ok is false for anything else; overflow is
// reported separately so the message can say so.
func parseInt(b []byte) (v int64, ok, overflow bool) {
	neg := false
	if len(b) > 0 && b[0] == '-' {
		neg = true
		b = b[1:]
	}
	if len(b) == 0 {
		return 0, false, false
	}
	var u uint64
	for _, c := range b {
		d := c - '0'
		if d > 9 {
			return 0, false, false
		}
		if u > (math.MaxUint64-9)/10 {
			overflow = true
			continue
		}
		u = u*10 + uint64(d)
	}
	if overflow {
		return 0, true, true
	}
	if neg {
		if u > 1<<63 {
			return 0, true, true
		}
		return -int64(u), true, false
	}
	if u > math.MaxInt64 {
		return 0, true, true
	}
	return int64(u), true, false
}

// intReason explains why parseInt rejected b.
func intReason(b []byte, overflow bool) string {
	if overflow {
		return "integer out of range: " + quote(b)
	}
	return "not an integer: " + quote(b)
}

// isNumber checks the spec's number grammar: an integer optionally followed
// by '.' and one or more digits. The grammar rules out exponents, NaN, Inf,
// '+' and thousands separators, all of which strconv would accept.
func isNumber(b []byte) bool {
	i := 0
	if i < len(b) && b[i] == '-' {
		i++
	}
	start := i
	for i < len(b) && b[i]-'0' <= 9 {
		i++
	}
	if i == start {
		return false
	}
	if i == len(b) {
		return true
	}
	if b[i] != '.' {
		return false
	}
	i++
	start = i
	for i < len(b) && b[i]-'0' <= 9 {
		i++
	}
	return i > start && i == len(b)
}

// parseNumber parses a value of the number grammar, correctly rounded to
// float64 (strconv does the rounding).
func parseNumber(b []byte) (float64, string) {
	if !isNumber(b) {
		return 0, "not a number: " + quote(b)
	}
	// The grammar has been checked, so strconv only sees plain decimals; the
	// unsafe view avoids a copy per value on the hot path and does not
	// outlive the call (the error, which could keep it, is dropped).
	f, err := strconv.ParseFloat(unsafe.String(unsafe.SliceData(b), len(b)), 64)
	if err != nil || math.IsInf(f, 0) {
		return 0, "number out of range: " + quote(b)
	}
	return f, ""
}

// parseBuurt reads a CBS buurt code, BU and 8 digits, into its number.
func parseBuurt(b []byte) (uint32, bool) {
	if len(b) != 10 || b[0] != 'B' || b[1] != 'U' {
		return 0, false
	}
	var v uint32
	for _, c := range b[2:] {
		d := c - '0'
		if d > 9 {
			return 0, false
		}
		v = v*10 + uint32(d)
	}
	return v, true
}

// isBlank reports whether b holds only white space, so that an uitgesloten
// of spaces counts as empty; Unicode spaces count too, as in strings.TrimSpace.
func isBlank(b []byte) bool { return len(bytes.TrimSpace(b)) == 0 }
