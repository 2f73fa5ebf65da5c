package survey

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"

	"gopkg.in/yaml.v3"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/programme"
)

// FileFormat is written to and required from every questionnaire file.
const FileFormat = 1

// MaxFileSize bounds a questionnaire file; a real one is a few kilobytes.
const MaxFileSize = 1 << 20

type fileEnvelope struct {
	Format        int           `yaml:"perspectief_vragenlijst"`
	Questionnaire Questionnaire `yaml:"vragenlijst"`
}

// ReadFile parses and checks a questionnaire file. A file with any problem
// is refused whole, each problem as "name:LINE: field: message".
func ReadFile(name string, r io.Reader) (*Questionnaire, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if len(data) > MaxFileSize {
		return nil, fileError(name, []string{fmt.Sprintf("%s:1: het bestand is groter dan %d KiB", name, MaxFileSize>>10)})
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fileError(name, []string{programme.YAMLMessage(name, err)})
	}
	if root.Kind == 0 {
		return nil, fileError(name, []string{name + ":1: het bestand is leeg"})
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var env fileEnvelope
	if err := dec.Decode(&env); err != nil {
		var te *yaml.TypeError
		if errors.As(err, &te) {
			msgs := make([]string, len(te.Errors))
			for i, e := range te.Errors {
				msgs[i] = programme.YAMLMessage(name, errors.New(e))
			}
			return nil, fileError(name, msgs)
		}
		return nil, fileError(name, []string{programme.YAMLMessage(name, err)})
	}
	if env.Format != FileFormat {
		return nil, fileError(name, []string{fmt.Sprintf("%s:%d: perspectief_vragenlijst: formaatversie %d wordt niet ondersteund (verwacht %d)",
			name, programme.LineOf(&root, "perspectief_vragenlijst"), env.Format, FileFormat)})
	}
	q := &env.Questionnaire
	if fe := q.Validate(); len(fe) > 0 {
		msgs := make([]string, len(fe))
		for i, e := range fe {
			path := "vragenlijst." + e.Path
			msgs[i] = fmt.Sprintf("%s:%d: %s: %s", name, programme.LineOf(&root, path), path, e.Message)
		}
		return nil, fileError(name, msgs)
	}
	return q, nil
}

// WriteFile writes q in the format ReadFile reads.
func WriteFile(w io.Writer, q *Questionnaire) error {
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(fileEnvelope{Format: FileFormat, Questionnaire: *q}); err != nil {
		return err
	}
	return enc.Close()
}

func fileError(name string, msgs []string) error {
	return &perspectief.Error{
		Code:    perspectief.CodeInvalid,
		Message: fmt.Sprintf("De vragenlijst %s is geweigerd; er is niets opgeslagen. %d fout(en).", name, len(msgs)),
		Details: msgs,
	}
}

//go:embed data/*.yaml
var dataFS embed.FS

// Shipped returns the questionnaires that come with Perspectief: the
// residents' questionnaire on the 2020 tactical goals and the staff
// questionnaire on knowledge exchange and maatwerk.
func Shipped() ([]*Questionnaire, error) {
	var out []*Questionnaire
	for _, n := range []string{"inwoners.yaml", "medewerkers.yaml"} {
		b, err := dataFS.ReadFile("data/" + n)
		if err != nil {
			return nil, err
		}
		q, err := ReadFile(n, bytes.NewReader(b))
		if err != nil {
			return nil, err
		}
		out = append(out, q)
	}
	return out, nil
}
