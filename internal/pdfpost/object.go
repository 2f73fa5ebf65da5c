// Package pdfpost reads and amends the PDFs that headless Chromium prints:
// it finds the pages of the headings (the document outline, for a table
// of contents with page numbers) and adds XMP metadata that identifies a
// tagged PDF as PDF/UA-1, as an incremental update that leaves every byte
// Chromium wrote in place.
//
// It reads the subset of PDF that Chromium's Skia writer produces: a
// classic cross-reference table (possibly followed by earlier updates
// through /Prev) and objects that are not inside object streams. Anything
// else is refused with an error, never guessed at.
package pdfpost

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Name is a PDF name without its slash.
type Name string

// Ref is an indirect reference "n g R".
type Ref struct{ N, G int }

// Dict is a PDF dictionary; the values are nil, bool, float64, string
// (the bytes of a string), Name, Ref, []any or Dict.
type Dict map[Name]any

// maxDepth bounds the nesting of arrays and dictionaries.
const maxDepth = 64

var errSyntax = errors.New("pdfpost: syntax error")

// parser reads one PDF object from b.
type parser struct {
	b   []byte
	pos int
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isDelim(c byte) bool { return strings.IndexByte("()<>[]{}/%", c) >= 0 }

func (p *parser) skipSpace() {
	for p.pos < len(p.b) {
		c := p.b[p.pos]
		switch {
		case isSpace(c):
			p.pos++
		case c == '%':
			for p.pos < len(p.b) && p.b[p.pos] != '\n' && p.b[p.pos] != '\r' {
				p.pos++
			}
		default:
			return
		}
	}
}

// token reads a regular token (a number, keyword) without delimiters.
func (p *parser) token() string {
	start := p.pos
	for p.pos < len(p.b) && !isSpace(p.b[p.pos]) && !isDelim(p.b[p.pos]) {
		p.pos++
	}
	return string(p.b[start:p.pos])
}

// value reads one object; a number followed by "g R" is a reference.
func (p *parser) value(depth int) (any, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("%w: nested too deeply", errSyntax)
	}
	p.skipSpace()
	if p.pos >= len(p.b) {
		return nil, fmt.Errorf("%w: unexpected end", errSyntax)
	}
	switch c := p.b[p.pos]; {
	case c == '/':
		p.pos++
		return Name(p.token()), nil
	case c == '(':
		return p.literal()
	case c == '<' && p.pos+1 < len(p.b) && p.b[p.pos+1] == '<':
		return p.dict(depth)
	case c == '<':
		return p.hex()
	case c == '[':
		return p.array(depth)
	case isDelim(c):
		return nil, fmt.Errorf("%w: unexpected %q", errSyntax, c)
	}
	return p.scalar()
}

// dict reads a dictionary, "<<" already seen.
func (p *parser) dict(depth int) (Dict, error) {
	p.pos += 2
	d := Dict{}
	for {
		p.skipSpace()
		if p.pos+1 < len(p.b) && p.b[p.pos] == '>' && p.b[p.pos+1] == '>' {
			p.pos += 2
			return d, nil
		}
		k, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		name, ok := k.(Name)
		if !ok {
			return nil, fmt.Errorf("%w: dictionary key is not a name", errSyntax)
		}
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		d[name] = v
	}
}

// array reads an array, "[" already seen.
func (p *parser) array(depth int) ([]any, error) {
	p.pos++
	arr := []any{}
	for {
		p.skipSpace()
		if p.pos < len(p.b) && p.b[p.pos] == ']' {
			p.pos++
			return arr, nil
		}
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		arr = append(arr, v)
	}
}

// scalar reads a keyword, a number, or a reference ("n g R").
func (p *parser) scalar() (any, error) {
	t := p.token()
	switch t {
	case "true":
		return true, nil
	case "false":
		return false, nil
	case "null":
		return nil, nil
	}
	n, err := strconv.ParseFloat(t, 64)
	if err != nil {
		return nil, fmt.Errorf("%w: unexpected %q", errSyntax, t)
	}
	save := p.pos
	p.skipSpace()
	g := p.token()
	p.skipSpace()
	if gi, err := strconv.Atoi(g); err == nil && p.pos < len(p.b) && p.b[p.pos] == 'R' && n == float64(int(n)) && n >= 0 && gi >= 0 {
		p.pos++
		return Ref{int(n), gi}, nil
	}
	p.pos = save
	return n, nil
}

func (p *parser) literal() (string, error) {
	p.pos++ // (
	var out []byte
	depth := 1
	for p.pos < len(p.b) {
		c := p.b[p.pos]
		p.pos++
		switch c {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return string(out), nil
			}
		case '\\':
			if p.pos >= len(p.b) {
				return "", fmt.Errorf("%w: unterminated string", errSyntax)
			}
			e := p.b[p.pos]
			p.pos++
			switch e {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r', '\n':
				if e == '\r' && p.pos < len(p.b) && p.b[p.pos] == '\n' {
					p.pos++
				}
				continue
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for i := 0; i < 2 && p.pos < len(p.b) && p.b[p.pos] >= '0' && p.b[p.pos] <= '7'; i++ {
						v = v*8 + int(p.b[p.pos]-'0')
						p.pos++
					}
					c = byte(v)
				} else {
					c = e
				}
			}
		}
		out = append(out, c)
	}
	return "", fmt.Errorf("%w: unterminated string", errSyntax)
}

func (p *parser) hex() (string, error) {
	p.pos++ // <
	var digits []byte
	for p.pos < len(p.b) && p.b[p.pos] != '>' {
		c := p.b[p.pos]
		p.pos++
		if isSpace(c) {
			continue
		}
		if !strings.ContainsRune("0123456789abcdefABCDEF", rune(c)) {
			return "", fmt.Errorf("%w: bad hex string", errSyntax)
		}
		digits = append(digits, c)
	}
	if p.pos >= len(p.b) {
		return "", fmt.Errorf("%w: unterminated hex string", errSyntax)
	}
	p.pos++
	if len(digits)%2 == 1 {
		digits = append(digits, '0')
	}
	out := make([]byte, len(digits)/2)
	for i := range out {
		v, _ := strconv.ParseUint(string(digits[2*i:2*i+2]), 16, 8)
		out[i] = byte(v)
	}
	return string(out), nil
}

// TextString decodes a PDF text string: UTF-16BE with a byte order mark,
// or PDFDocEncoding, read here as Latin-1 (the same for every character
// Chromium writes that way).
func TextString(s string) string {
	if len(s) >= 2 && s[0] == 0xFE && s[1] == 0xFF {
		var r []rune
		for i := 2; i+1 < len(s); i += 2 {
			u := rune(s[i])<<8 | rune(s[i+1])
			if u >= 0xD800 && u < 0xDC00 && i+3 < len(s) {
				lo := rune(s[i+2])<<8 | rune(s[i+3])
				if lo >= 0xDC00 && lo < 0xE000 {
					r = append(r, 0x10000+(u-0xD800)<<10+(lo-0xDC00))
					i += 2
					continue
				}
			}
			r = append(r, u)
		}
		return string(r)
	}
	r := make([]rune, len(s))
	for i := 0; i < len(s); i++ {
		r[i] = rune(s[i])
	}
	return string(r)
}

// write serialises v in PDF syntax.
func write(b *bytes.Buffer, v any) {
	switch v := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(v))
	case float64:
		b.WriteString(strconv.FormatFloat(v, 'f', -1, 64))
	case int:
		b.WriteString(strconv.Itoa(v))
	case string:
		fmt.Fprintf(b, "<%x>", v)
	case Name:
		b.WriteByte('/')
		for i := 0; i < len(v); i++ {
			c := v[i]
			if c < '!' || c > '~' || c == '#' || isDelim(c) {
				fmt.Fprintf(b, "#%02x", c)
			} else {
				b.WriteByte(c)
			}
		}
	case Ref:
		fmt.Fprintf(b, "%d %d R", v.N, v.G)
	case []any:
		b.WriteByte('[')
		for i, x := range v {
			if i > 0 {
				b.WriteByte(' ')
			}
			write(b, x)
		}
		b.WriteByte(']')
	case Dict:
		b.WriteString("<<")
		for _, k := range sortedKeys(v) {
			write(b, k)
			b.WriteByte(' ')
			write(b, v[k])
			b.WriteByte('\n')
		}
		b.WriteString(">>")
	}
}

func sortedKeys(d Dict) []Name {
	ks := make([]Name, 0, len(d))
	for k := range d {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}
