package web

import (
	"strings"
)

// FieldErr is a validation message tied to a form field; Anchor is the id
// of the field, for the links of the error summary.
type FieldErr struct {
	Anchor  string
	Message string
}

// SplitDetail splits a validation detail "path: message" as written by
// programme.FieldError.
func SplitDetail(d string) (path, msg string) {
	if i := strings.Index(d, ": "); i > 0 {
		return d[:i], d[i+2:]
	}
	return "", d
}

// UpperFirst makes a domain message ("de titel ontbreekt") start like a
// sentence for display next to a field.
func UpperFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	if r[0] >= 'a' && r[0] <= 'z' {
		r[0] -= 'a' - 'A'
	}
	return string(r)
}
