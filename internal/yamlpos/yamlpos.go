// Package yamlpos turns positions in a YAML document into the
// "FILE:LINE: field: message" form in which every refused import names
// where its problems are. It is shared by the file formats that people edit
// by hand: the programme file and the wegingskader.
package yamlpos

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

var yamlLine = regexp.MustCompile(`line (\d+): `)

// Message rewrites a yaml.v3 message ("yaml: line 3: ...") into the
// "name:LINE: ..." form used for all import messages.
func Message(name string, err error) string {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if m := yamlLine.FindStringSubmatchIndex(msg); m != nil {
		line := msg[m[2]:m[3]]
		rest := msg[:m[0]] + msg[m[1]:]
		return fmt.Sprintf("%s:%s: %s", name, line, rest)
	}
	return fmt.Sprintf("%s:1: %s", name, msg)
}

// DecodeMessages lists the messages of a decoding error: one per field for
// a yaml.TypeError (wrong type, unknown field), else one.
func DecodeMessages(name string, err error) []string {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs := make([]string, len(te.Errors))
		for i, e := range te.Errors {
			msgs[i] = Message(name, errors.New(e))
		}
		return msgs
	}
	return []string{Message(name, err)}
}

// Decode parses data into v, refusing unknown fields, and returns the
// document's node tree for LineOf. Problems come back as
// "name:LINE: message" lines: a syntax error, an empty file, or one line
// per unknown field or wrong type.
func Decode(name string, data []byte, v any) (*yaml.Node, []string) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, []string{Message(name, err)}
	}
	if root.Kind == 0 {
		return nil, []string{name + ":1: het bestand is leeg"}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		return nil, DecodeMessages(name, err)
	}
	return &root, nil
}

// LineOf finds the line of the field at path (a.b[2].c) in a YAML document,
// falling back to the deepest node that exists along the path.
func LineOf(root *yaml.Node, path string) int {
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	line := n.Line
	for _, part := range splitPath(path) {
		var next *yaml.Node
		if idx, err := strconv.Atoi(part); err == nil {
			if n.Kind == yaml.SequenceNode && idx >= 0 && idx < len(n.Content) {
				next = n.Content[idx]
				line = next.Line
			}
		} else if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == part {
					line = n.Content[i].Line
					next = n.Content[i+1]
					break
				}
			}
		}
		if next == nil {
			break
		}
		n = next
	}
	return line
}

// splitPath turns "a.b[2].c" into a, b, 2, c.
func splitPath(p string) []string {
	p = strings.ReplaceAll(p, "[", ".")
	p = strings.ReplaceAll(p, "]", "")
	return strings.Split(p, ".")
}
