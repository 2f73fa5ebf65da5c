// Package geo holds the outlines of CBS areas that the maps are drawn
// from: reading and checking a GeoJSON file of wijken or buurten, and
// generating stand-in buurten inside real wijken where no buurt outlines
// exist (the demo). It knows nothing of HTTP or SQL.
package geo

import (
	"context"
	"regexp"
	"time"
)

// Shape is an area's outline: rings of longitude/latitude pairs (WGS84).
// Rings are drawn with the even-odd rule, so a hole is a hole whichever
// way its ring runs.
type Shape struct {
	Code, Name string
	Rings      [][][2]float64
	// Generated marks a made-up outline (a demo buurt drawn inside its real
	// wijk); pages must say so.
	Generated bool
}

// Levels of the areas a file may hold.
const (
	Wijk  = "wijk"
	Buurt = "buurt"
)

var cbsCode = regexp.MustCompile(`^(WK[0-9]{4}[0-9A-Z]{2}|BU[0-9]{4}[0-9A-Z]{4})$`)

// Level is "wijk" or "buurt" for a CBS wijk or buurt code, "" otherwise.
// Letters are allowed where CBS uses them (Amsterdam's WK0363AA).
func Level(code string) string {
	if !cbsCode.MatchString(code) {
		return ""
	}
	if code[:2] == "WK" {
		return Wijk
	}
	return Buurt
}

// Gemeente is the code of the gemeente a wijk or buurt lies in.
func Gemeente(code string) string {
	if len(code) < 6 {
		return ""
	}
	return "GM" + code[2:6]
}

// Set describes the stored shapes of one level.
type Set struct {
	Level      string
	Count      int
	Gemeenten  int
	Source     string
	ImportedAt time.Time
	Actor      string
}

// Reader is what maps need.
type Reader interface {
	// Shapes returns the stored shapes of a level in one gemeente, in code
	// order.
	Shapes(ctx context.Context, level, gemeente string) ([]Shape, error)
	// ShapeSets describes what is stored, per level.
	ShapeSets(ctx context.Context) ([]Set, error)
}

// Store keeps imported shapes.
type Store interface {
	Reader
	// SaveShapes stores shapes in one transaction with an audit event,
	// replacing stored shapes with the same code.
	SaveShapes(ctx context.Context, shapes []Shape, source, actor string) error
}
