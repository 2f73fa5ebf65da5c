package programme

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/perspectief/perspectief"
)

// FormatVersion is written to and required from every programme file, so
// that a later format change can read older files knowingly.
const FormatVersion = 1

// MaxFileSize is the largest programme file accepted.
const MaxFileSize = 16 << 20

type fileEnvelope struct {
	Format    int   `yaml:"perspectief_programma"`
	Programme Model `yaml:"programma"`
}

// ReadFile parses and validates a programme file (YAML; JSON is valid YAML
// too). name is used in messages. A file with any problem is refused whole:
// the error lists every problem as "name:LINE: field: message".
func ReadFile(name string, r io.Reader) (*Model, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if len(data) > MaxFileSize {
		// Refuse rather than cut: a truncated file could still parse and
		// silently import part of the programme.
		return nil, importError(name, []string{fmt.Sprintf("%s:1: het bestand is groter dan %d MiB", name, MaxFileSize>>20)})
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, importError(name, []string{YAMLMessage(name, err)})
	}
	if root.Kind == 0 {
		return nil, importError(name, []string{name + ":1: het bestand is leeg"})
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var env fileEnvelope
	if err := dec.Decode(&env); err != nil {
		var te *yaml.TypeError
		if errors.As(err, &te) {
			msgs := make([]string, len(te.Errors))
			for i, e := range te.Errors {
				msgs[i] = YAMLMessage(name, errors.New(e))
			}
			return nil, importError(name, msgs)
		}
		return nil, importError(name, []string{YAMLMessage(name, err)})
	}
	if env.Format != FormatVersion {
		line := LineOf(&root, "perspectief_programma")
		return nil, importError(name, []string{fmt.Sprintf("%s:%d: perspectief_programma: formaatversie %d wordt niet ondersteund (verwacht %d)", name, line, env.Format, FormatVersion)})
	}
	m := &env.Programme
	if fe := m.Validate(); len(fe) > 0 {
		msgs := make([]string, len(fe))
		for i, e := range fe {
			path := "programma." + e.Path
			msgs[i] = fmt.Sprintf("%s:%d: %s: %s", name, LineOf(&root, path), path, e.Message)
		}
		return nil, importError(name, msgs)
	}
	return m, nil
}

// WriteFile writes m in the format that ReadFile reads.
func WriteFile(w io.Writer, m *Model) error {
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(fileEnvelope{Format: FormatVersion, Programme: *m}); err != nil {
		return err
	}
	return enc.Close()
}

func importError(name string, msgs []string) error {
	return &perspectief.Error{
		Code:    perspectief.CodeInvalid,
		Message: fmt.Sprintf("Het programmabestand %s is geweigerd; er is niets ingelezen. %d fout(en).", name, len(msgs)),
		Details: msgs,
	}
}

var yamlLine = regexp.MustCompile(`line (\d+): `)

// YAMLMessage rewrites a yaml.v3 message ("yaml: line 3: ...") into the
// "name:LINE: ..." form used for all import messages.
func YAMLMessage(name string, err error) string {
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
