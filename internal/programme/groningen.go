package programme

import _ "embed"

//go:embed data/groningen.yaml
var groningenFile []byte

// GroningenFile returns the Groningen programme 'Naar een zeker bestaan met
// perspectief' (2024-2026) in the import format. It was written from the
// public programme documents, with summaries in the project's own words.
func GroningenFile() []byte { return groningenFile }
