package web

import (
	"testing"
)

// TestPersonNames: an account shows by its name, any other text as typed,
// and the demo's own seeded data says it is the demo's, not someone's.
func TestPersonNames(t *testing.T) {
	p := People{book: &nameBook{load: func() map[string]string {
		return map[string]string{"lies@gemeente.test": "Lies de Lezer"}
	}}}
	for in, want := range map[string]string{
		"Lies@Gemeente.test": "Lies de Lezer",
		"iemand@elders.test": "iemand@elders.test",
		"demo":               "de demo-omgeving",
		"":                   "",
	} {
		if got := p.Person(in); got != want {
			t.Errorf("Person(%q) = %q, want %q", in, got, want)
		}
	}
	if got := (People{}).Person("demo"); got != "de demo-omgeving" {
		t.Errorf("without accounts, the demo is %q", got)
	}
}
