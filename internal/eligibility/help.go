package eligibility

import (
	"io/fs"
	"strings"
)

// HelpFile names the file in a rule directory that says who helps
// residents apply (WIJ Groningen): the same for every scheme.
const HelpFile = "hulp.yaml"

// Help is the organisation that helps residents apply, with how to reach
// it. Phone and Address stay empty until a source names them.
type Help struct {
	Name    string
	Text    Text // what it does for a resident, one sentence
	Link    string
	Phone   string
	Address string
	Sources []string
}

type helpFile struct {
	Format  int    `yaml:"formaat"`
	Name    lstr   `yaml:"naam"`
	Text    ltext  `yaml:"tekst"`
	Link    lstr   `yaml:"link"`
	Phone   lstr   `yaml:"telefoon"`
	Address lstr   `yaml:"adres"`
	Sources []lstr `yaml:"bronnen"`
}

// ParseHelp reads hulp.yaml; problems come as a *LoadError.
func ParseHelp(data []byte) (*Help, error) {
	l := &loader{file: HelpFile}
	var hf helpFile
	if !decodeStrict(l, data, &hf) {
		return nil, &LoadError{Problems: l.problems}
	}
	if hf.Format != FormatVersion {
		l.add(1, "formaat", "formaat %d wordt niet ondersteund, verwacht %d", hf.Format, FormatVersion)
	}
	h := &Help{Name: strings.TrimSpace(hf.Name.V), Text: hf.Text.Text, Link: hf.Link.V,
		Phone: strings.TrimSpace(hf.Phone.V), Address: strings.TrimSpace(hf.Address.V)}
	if h.Name == "" {
		l.add(line1(hf.Name.Line), "naam", "verplicht")
	}
	checkText(l, hf.Text, "tekst")
	if h.Link == "" || !linkRE.MatchString(h.Link) {
		l.add(line1(hf.Link.Line), "link", "%q is geen webadres dat met https:// begint", h.Link)
	}
	if h.Phone != "" && !phoneRE.MatchString(h.Phone) {
		l.add(line1(hf.Phone.Line), "telefoon", "%q is geen telefoonnummer (cijfers, spaties, streepjes)", h.Phone)
	}
	if len(hf.Sources) == 0 {
		l.add(1, "bronnen", "noem minstens één bron")
	}
	for _, s := range hf.Sources {
		h.Sources = append(h.Sources, s.V)
	}
	if len(l.problems) > 0 {
		return nil, &LoadError{Problems: l.problems}
	}
	return h, nil
}

// loadHelp reads hulp.yaml from fsys when it is there; a rule directory
// without one (rules tried from the command line) has no Help.
func loadHelp(fsys fs.FS) (*Help, error) {
	data, err := readLimited(fsys, HelpFile)
	if err != nil {
		if _, statErr := fs.Stat(fsys, HelpFile); statErr != nil {
			return nil, nil
		}
		return nil, err
	}
	return ParseHelp(data)
}
