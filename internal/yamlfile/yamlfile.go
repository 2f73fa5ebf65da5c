// Package yamlfile reads the YAML files people write by hand (the programme,
// questionnaires) so that every problem can name its line: a size limit,
// unknown fields refused, type errors per field, and the line of any field
// path for the checks that come after decoding.
package yamlfile

import (
	"bytes"
	"errors"
	"fmt"
	"github.com/perspectief/perspectief/internal/textenc"
	"io"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Decode reads at most max bytes from r into v, refusing unknown fields. It
// returns the document's node tree, for LineOf, and the problems found, each
// as "name:LINE: message"; err is only for a failed read.
func Decode(name string, r io.Reader, max int, v any) (*yaml.Node, []string, error) {
	data, err := io.ReadAll(io.LimitReader(r, int64(max)+1))
	if err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", name, err)
	}
	if len(data) > max {
		// Refuse rather than cut: a truncated file could still parse and
		// be read in part.
		return nil, []string{fmt.Sprintf("%s:1: het bestand is groter dan %s", name, size(max))}, nil
	}
	if p := textenc.Check(data); p != nil {
		// yaml.v3 would read UTF-16 with a byte-order mark; every import
		// refuses it alike instead.
		return nil, []string{p.String(name)}, nil
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, []string{Message(name, err)}, nil
	}
	if root.Kind == 0 {
		return nil, []string{name + ":1: het bestand is leeg"}, nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		var te *yaml.TypeError
		if errors.As(err, &te) {
			msgs := make([]string, len(te.Errors))
			for i, e := range te.Errors {
				msgs[i] = Message(name, errors.New(e))
			}
			return nil, msgs, nil
		}
		return nil, []string{Message(name, err)}, nil
	}
	return &root, nil, nil
}

func size(n int) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d KiB", n>>10)
}

var yamlLine = regexp.MustCompile(`line (\d+): `)

// Message rewrites a yaml.v3 message ("yaml: line 3: ...") into the
// "name:LINE: ..." form used for all file messages.
func Message(name string, err error) string {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if m := yamlLine.FindStringSubmatchIndex(msg); m != nil {
		line := msg[m[2]:m[3]]
		rest := msg[:m[0]] + msg[m[1]:]
		return fmt.Sprintf("%s:%s: %s", name, line, rest)
	}
	return fmt.Sprintf("%s:1: %s", name, msg)
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
			if n.Kind == yaml.SequenceNode && idx < len(n.Content) {
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
