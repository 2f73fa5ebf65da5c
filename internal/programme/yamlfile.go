package programme

import (
	"fmt"
	"io"

	"gopkg.in/yaml.v3"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/yamlfile"
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
	var env fileEnvelope
	root, msgs, err := yamlfile.Decode(name, r, MaxFileSize, &env)
	if err != nil {
		return nil, err
	}
	if len(msgs) > 0 {
		return nil, importError(name, msgs)
	}
	if env.Format != FormatVersion {
		line := yamlfile.LineOf(root, "perspectief_programma")
		return nil, importError(name, []string{fmt.Sprintf("%s:%d: perspectief_programma: formaatversie %d wordt niet ondersteund (verwacht %d)", name, line, env.Format, FormatVersion)})
	}
	m := &env.Programme
	m.Normalize()
	if fe := m.Validate(); len(fe) > 0 {
		msgs := make([]string, len(fe))
		for i, e := range fe {
			path := "programma." + e.Path
			msgs[i] = fmt.Sprintf("%s:%d: %s: %s", name, yamlfile.LineOf(root, path), path, e.Message)
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
