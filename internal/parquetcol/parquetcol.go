// Package parquetcol reads the columns of a flat Parquet file (one value
// per row and column, as the household panels are) column by column, from
// the typed page buffers, without building a value per cell as the generic
// row reader of parquet-go does. The trendmonitor engine (internal/trend)
// and the batch run of the voorzieningenwijzer (internal/eligibility) both
// read panels through it.
//
// A Cursor walks the pages of one column chunk of one row group. Its
// readers fill a slice of the caller's with the next len(dst) values and
// return the first Problem found: a null where none is allowed, a value out
// of range or not finite, or data that cannot be read. String columns the
// caller keeps as small codes are parsed once per dictionary entry when the
// column is dictionary-encoded, as writers usually do for such columns.
package parquetcol

import (
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/parquet-go/parquet-go/format"
)

// Column is a column as the file stores it.
type Column struct {
	Leaf     int // index of the leaf column in the file's schema
	Kind     parquet.Kind
	Unsigned bool
	Optional bool
	MaxDef   byte
}

// Lookup finds the top-level column name and checks that it holds one plain
// value per row of one of the kinds allowed (want names them for the
// message). Annotations that change what the stored numbers mean (a DECIMAL
// income of 123456 is 1234.56 euros) are refused rather than guessed at;
// only plain integers and strings pass. ok false means the column is absent;
// a non-empty reason means it is there but unusable.
func Lookup(f *parquet.File, name string, allowed []parquet.Kind, want string) (col Column, ok bool, reason string) {
	c := f.Root().Column(name)
	if c == nil {
		return Column{}, false, ""
	}
	if !c.Leaf() {
		return Column{}, true, "wrong type: a group, not a value"
	}
	if c.Repeated() {
		return Column{}, true, "wrong type: a repeated field, not a single value"
	}
	kind := c.Type().Kind()
	allowedKind := false
	for _, k := range allowed {
		allowedKind = allowedKind || k == kind
	}
	if !allowedKind {
		return Column{}, true, fmt.Sprintf("wrong type %s, want %s", kind, want)
	}
	pc := Column{Leaf: c.Index(), Kind: kind, Optional: c.Optional(), MaxDef: byte(c.MaxDefinitionLevel())}
	isInt := kind == parquet.Int32 || kind == parquet.Int64
	if lt := c.Type().LogicalType(); lt != nil && lt.Value != nil {
		switch v := lt.Value.(type) {
		case *format.IntType:
			if !isInt {
				return Column{}, true, "wrong type: " + lt.String()
			}
			pc.Unsigned = !v.IsSigned
		case *format.StringType, *format.EnumType:
			if kind != parquet.ByteArray {
				return Column{}, true, "wrong type: " + lt.String()
			}
		default:
			return Column{}, true, fmt.Sprintf("wrong type %s %s, want %s", kind, lt.String(), want)
		}
	} else if ct := c.Type().ConvertedType(); ct != nil {
		switch *ct {
		case deprecated.UTF8, deprecated.Enum:
			if kind != parquet.ByteArray {
				return Column{}, true, fmt.Sprintf("wrong type: converted type %d", *ct)
			}
		case deprecated.Uint8, deprecated.Uint16, deprecated.Uint32, deprecated.Uint64:
			pc.Unsigned = true
		case deprecated.Int8, deprecated.Int16, deprecated.Int32, deprecated.Int64:
		default:
			return Column{}, true, fmt.Sprintf("wrong type %s (converted type %d), want %s", kind, *ct, want)
		}
	}
	return pc, true, ""
}

// Fault says what kind of problem a reader found.
type Fault uint8

const (
	NoFault    Fault = iota
	Null             // a null where the caller allows none
	OutOfRange       // an unsigned integer beyond int64
	NotFinite        // NaN or an infinity in a float column
	Unreadable       // corrupt or unreadable data; Detail has the error
	Invalid          // the caller's parser refused the value; Detail has its reason
)

// Problem is the first bad value a reader found; Row counts from the first
// value of that read call and is -1 when there is none.
type Problem struct {
	Row    int
	Fault  Fault
	Detail string
}

// None is the Problem of a read that found nothing wrong.
var None = Problem{Row: -1}

// Reason words the problem in English, as the trendmonitor reports it.
func (p Problem) Reason() string {
	switch p.Fault {
	case Null:
		return "missing value (null)"
	case OutOfRange:
		return "integer out of range: " + p.Detail
	case NotFinite:
		return "not a finite number: " + p.Detail
	case Unreadable:
		return "cannot read the column: " + p.Detail
	}
	return p.Detail
}

// Parser turns a string value into the small code the caller keeps, or
// explains why it cannot. It is called once per dictionary entry when the
// page has a dictionary, once per value otherwise.
type Parser func([]byte) (uint32, string)

// Cursor walks the pages of one column chunk.
type Cursor struct {
	col   Column
	left  int64 // rows of the chunk not yet read
	pages parquet.Pages
	page  parquet.Page

	defs  []byte
	nrows int
	rpos  int // next row of the page
	vpos  int // next stored (non-null) value of the page
	idx   []int32
	nvals int
	i32   []int32
	i64   []int64
	f32   []float32
	f64   []float64
	bits  []byte
	bdata []byte
	boff  []uint32

	// Codes of the dictionary entries, parsed once per dictionary.
	dict       parquet.Dictionary
	dictCodes  []uint32
	dictReason []string
}

// NewCursor starts reading col in row group g. Its pages are decoded
// ahead on a goroutine of their own, so that decompression of the columns
// runs in parallel. Close releases it.
func NewCursor(g parquet.RowGroup, col Column) *Cursor {
	return &Cursor{col: col, left: g.NumRows(), pages: parquet.AsyncPages(g.ColumnChunks()[col.Leaf].Pages())}
}

var errCorrupt = errors.New("corrupt column data")

// Close releases the current page and stops the page reader.
func (c *Cursor) Close() {
	if c.page != nil {
		parquet.Release(c.page)
		c.page = nil
	}
	if c.pages != nil {
		c.pages.Close()
		c.pages = nil
	}
}

// avail makes the next row readable and returns how many rows can be taken
// from the current page.
func (c *Cursor) avail() (int, error) {
	for c.rpos >= c.nrows {
		if c.page != nil {
			parquet.Release(c.page)
			c.page = nil
		}
		if c.left <= 0 {
			return 0, errCorrupt
		}
		p, err := c.pages.ReadPage()
		if err == io.EOF {
			return 0, errCorrupt
		}
		if err != nil {
			return 0, err
		}
		if err := c.setPage(p); err != nil {
			return 0, err
		}
	}
	return int(min(int64(c.nrows-c.rpos), c.left)), nil
}

func (c *Cursor) setPage(p parquet.Page) error {
	c.page = p
	c.nrows = int(p.NumRows())
	c.rpos, c.vpos = 0, 0
	c.defs = nil
	if c.col.Optional {
		c.defs = p.DefinitionLevels()
		if len(c.defs) != c.nrows {
			return errCorrupt
		}
	}
	vals := p.Data()
	c.idx = nil
	if d := p.Dictionary(); d != nil {
		c.idx = vals.Int32()
		if c.dict != d {
			c.dict, c.dictCodes, c.dictReason = d, nil, nil
		}
		vals = d.Page().Data()
	}
	switch c.col.Kind {
	case parquet.Int32:
		c.i32 = vals.Int32()
		c.nvals = len(c.i32)
	case parquet.Int64:
		c.i64 = vals.Int64()
		c.nvals = len(c.i64)
	case parquet.Float:
		c.f32 = vals.Float()
		c.nvals = len(c.f32)
	case parquet.Double:
		c.f64 = vals.Double()
		c.nvals = len(c.f64)
	case parquet.Boolean:
		c.bits = vals.Boolean()
		c.nvals = 8 * len(c.bits)
	case parquet.ByteArray:
		c.bdata, c.boff = vals.ByteArray()
		c.nvals = max(len(c.boff)-1, 0)
	}
	if c.idx == nil && c.defs == nil && c.nvals < c.nrows {
		return errCorrupt
	}
	return nil
}

// take moves the cursor past m rows of the page.
func (c *Cursor) take(m int) {
	c.rpos += m
	c.left -= int64(m)
}

// value returns the position of the next stored value, looking it up in the
// dictionary when the page has one; false means the file is inconsistent.
func (c *Cursor) value() (int, bool) {
	v := c.vpos
	c.vpos++
	if c.idx != nil {
		if v >= len(c.idx) {
			return 0, false
		}
		v = int(c.idx[v])
		if v < 0 {
			return 0, false
		}
	}
	return v, v < c.nvals
}

// plain reports whether the next rows are stored one value per row with no
// dictionary and no nulls, the case the fast loops handle.
func (c *Cursor) plain() bool { return c.idx == nil && c.defs == nil }

// null reports whether row j of the page (counted from rpos) is null.
func (c *Cursor) null(j int) bool { return c.defs != nil && c.defs[c.rpos+j] != c.col.MaxDef }

func failed(row int, err error) Problem {
	return Problem{Row: row, Fault: Unreadable, Detail: err.Error()}
}

// nullAt handles a null at row i: with nulls it is noted there and the
// value reads as zero, without it is a Problem.
func nullAt(nulls []bool, i int) bool {
	if nulls == nil {
		return false
	}
	nulls[i] = true
	return true
}

// Ints reads the next len(dst) values of an integer or boolean column
// (booleans as 0 and 1). With nulls (as long as dst), a null is marked
// there and reads as 0; without, it is a Problem.
func (c *Cursor) Ints(dst []int64, nulls []bool) Problem {
	for i := 0; i < len(dst); {
		m, err := c.avail()
		if err != nil {
			return failed(i, err)
		}
		m = min(m, len(dst)-i)
		out := dst[i : i+m]
		if nulls != nil {
			clear(nulls[i : i+m])
		}
		switch {
		case c.plain() && c.col.Kind == parquet.Int64 && !c.col.Unsigned:
			copy(out, c.i64[c.vpos:c.vpos+m])
			c.vpos += m
		case c.plain() && c.col.Kind == parquet.Int32 && !c.col.Unsigned:
			for j, v := range c.i32[c.vpos : c.vpos+m] {
				out[j] = int64(v)
			}
			c.vpos += m
		default:
			for j := range m {
				if c.null(j) {
					if !nullAt(nulls, i+j) {
						return Problem{Row: i + j, Fault: Null}
					}
					out[j] = 0
					continue
				}
				k, ok := c.value()
				if !ok {
					return failed(i+j, errCorrupt)
				}
				var v int64
				switch c.col.Kind {
				case parquet.Int32:
					if c.col.Unsigned {
						v = int64(uint32(c.i32[k]))
					} else {
						v = int64(c.i32[k])
					}
				case parquet.Int64:
					v = c.i64[k]
					if c.col.Unsigned && v < 0 {
						return Problem{Row: i + j, Fault: OutOfRange, Detail: fmt.Sprint(uint64(v))}
					}
				case parquet.Boolean:
					v = int64(c.bits[k>>3] >> (k & 7) & 1)
				}
				out[j] = v
			}
		}
		c.take(m)
		i += m
	}
	return None
}

// Floats reads the next len(dst) values of a number column (DOUBLE, FLOAT
// or an integer); NaN and infinities are a Problem. Nulls as for Ints.
func (c *Cursor) Floats(dst []float64, nulls []bool) Problem {
	for i := 0; i < len(dst); {
		m, err := c.avail()
		if err != nil {
			return failed(i, err)
		}
		m = min(m, len(dst)-i)
		out := dst[i : i+m]
		if nulls != nil {
			clear(nulls[i : i+m])
		}
		if c.plain() && c.col.Kind == parquet.Double {
			copy(out, c.f64[c.vpos:c.vpos+m])
			c.vpos += m
		} else {
			for j := range m {
				if c.null(j) {
					if !nullAt(nulls, i+j) {
						return Problem{Row: i + j, Fault: Null}
					}
					out[j] = 0
					continue
				}
				k, ok := c.value()
				if !ok {
					return failed(i+j, errCorrupt)
				}
				var v float64
				switch c.col.Kind {
				case parquet.Double:
					v = c.f64[k]
				case parquet.Float:
					v = float64(c.f32[k])
				case parquet.Int32:
					if c.col.Unsigned {
						v = float64(uint32(c.i32[k]))
					} else {
						v = float64(c.i32[k])
					}
				case parquet.Int64:
					if c.col.Unsigned {
						v = float64(uint64(c.i64[k]))
					} else {
						v = float64(c.i64[k])
					}
				}
				out[j] = v
			}
		}
		for j, v := range out {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return Problem{Row: i + j, Fault: NotFinite, Detail: fmt.Sprint(v)}
			}
		}
		c.take(m)
		i += m
	}
	return None
}

// Codes reads the next len(dst) values of a string column kept as a code.
// With a dictionary, each entry is parsed once and rows only look up their
// entry. Nulls as for Ints (a null reads as code 0).
func Codes[T uint8 | uint32](c *Cursor, dst []T, nulls []bool, parse Parser) Problem {
	for i := 0; i < len(dst); {
		m, err := c.avail()
		if err != nil {
			return failed(i, err)
		}
		m = min(m, len(dst)-i)
		if nulls != nil {
			clear(nulls[i : i+m])
		}
		if c.idx != nil && c.dictCodes == nil {
			c.dictCodes = make([]uint32, c.nvals)
			c.dictReason = make([]string, c.nvals)
			for k := range c.nvals {
				c.dictCodes[k], c.dictReason[k] = parse(c.bdata[c.boff[k]:c.boff[k+1]])
			}
		}
		for j := range m {
			if c.null(j) {
				if !nullAt(nulls, i+j) {
					return Problem{Row: i + j, Fault: Null}
				}
				dst[i+j] = 0
				continue
			}
			k, ok := c.value()
			if !ok {
				return failed(i+j, errCorrupt)
			}
			var code uint32
			var reason string
			if c.idx != nil {
				code, reason = c.dictCodes[k], c.dictReason[k]
			} else {
				code, reason = parse(c.bdata[c.boff[k]:c.boff[k+1]])
			}
			if reason != "" {
				return Problem{Row: i + j, Fault: Invalid, Detail: reason}
			}
			dst[i+j] = T(code)
		}
		c.take(m)
		i += m
	}
	return None
}

// Strings appends the next n values of a string column to data, with
// their end offsets appended to off (which the caller starts with the
// offset of the first value). A null is a Problem. Rows past a problem read
// as empty, so that off always ends up with n more entries.
func (c *Cursor) Strings(data []byte, off []uint32, n int) ([]byte, []uint32, Problem) {
	want := len(off) + n
	p := None
	for i := 0; i < n && p.Row < 0; {
		m, err := c.avail()
		if err != nil {
			p = failed(i, err)
			break
		}
		m = min(m, n-i)
		if c.plain() {
			// One copy for the whole run of values, then shifted offsets.
			from, to := c.boff[c.vpos], c.boff[c.vpos+m]
			shift := uint32(len(data)) - from
			data = append(data, c.bdata[from:to]...)
			for _, o := range c.boff[c.vpos+1 : c.vpos+m+1] {
				off = append(off, o+shift)
			}
			c.vpos += m
		} else {
			for j := range m {
				if c.null(j) {
					p = Problem{Row: i + j, Fault: Null}
					break
				}
				k, ok := c.value()
				if !ok {
					p = failed(i+j, errCorrupt)
					break
				}
				data = append(data, c.bdata[c.boff[k]:c.boff[k+1]]...)
				off = append(off, uint32(len(data)))
			}
		}
		c.take(m)
		i += m
	}
	for len(off) < want {
		off = append(off, uint32(len(data)))
	}
	return data, off, p
}
