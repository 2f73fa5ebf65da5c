package survey

import (
	"bytes"
	"embed"
	"fmt"
	"io"

	"gopkg.in/yaml.v3"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/yamlfile"
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
	var env fileEnvelope
	root, msgs, err := yamlfile.Decode(name, r, MaxFileSize, &env)
	if err != nil {
		return nil, err
	}
	if len(msgs) > 0 {
		return nil, fileError(name, msgs)
	}
	if env.Format != FileFormat {
		return nil, fileError(name, []string{fmt.Sprintf("%s:%d: perspectief_vragenlijst: formaatversie %d wordt niet ondersteund (verwacht %d)",
			name, yamlfile.LineOf(root, "perspectief_vragenlijst"), env.Format, FileFormat)})
	}
	q := &env.Questionnaire
	if fe := q.Validate(); len(fe) > 0 {
		msgs := make([]string, len(fe))
		for i, e := range fe {
			path := "vragenlijst." + e.Path
			msgs[i] = fmt.Sprintf("%s:%d: %s: %s", name, yamlfile.LineOf(root, path), path, e.Message)
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
// residents' questionnaire on the 2020 tactical goals, the staff
// questionnaire on knowledge exchange and maatwerk, and the residents'
// questionnaire on the five wellbeing items of monitoringplan 3.1e.
func Shipped() ([]*Questionnaire, error) {
	var out []*Questionnaire
	for _, n := range []string{"inwoners.yaml", "medewerkers.yaml", "welbevinden.yaml"} {
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
