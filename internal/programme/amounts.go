package programme

import (
	"fmt"
	"strconv"

	"gopkg.in/yaml.v3"
)

// Amounts are budget amounts (thousands of euros) per year.
type Amounts map[int]float64

// UnmarshalYAML accepts years written as numbers (YAML: 2024: 300) and as
// strings (JSON: "2024": 300), since a programme file may be either.
func (a *Amounts) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: bedragen must be a mapping of year to amount", n.Line)
	}
	out := Amounts{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		year, err := strconv.Atoi(k.Value)
		if err != nil {
			return fmt.Errorf("line %d: year %q is not a whole number", k.Line, k.Value)
		}
		var amount float64
		if err := v.Decode(&amount); err != nil {
			return fmt.Errorf("line %d: amount %q for %d is not a number", v.Line, v.Value, year)
		}
		if _, dup := out[year]; dup {
			return fmt.Errorf("line %d: year %d appears twice", k.Line, year)
		}
		out[year] = amount
	}
	*a = out
	return nil
}
