package demo

import (
	"bytes"
	"context"
	"fmt"

	"github.com/perspectief/perspectief/internal/indicator"
)

// SeedIndicators stores the embedded indicator and area register and the
// first real data set: the facts file's 'moeite met rondkomen' table. The
// trendmonitor indicators need no values here; they read the stored runs.
func SeedIndicators(ctx context.Context, st indicator.Store) error {
	reg, err := indicator.DefaultRegister()
	if err != nil {
		return fmt.Errorf("embedded indicator register: %w", err)
	}
	if err := st.SaveRegister(ctx, reg, "demo"); err != nil {
		return err
	}
	const name = "moeite_met_rondkomen.csv"
	vals, err := indicator.ReadValues(name, bytes.NewReader(indicator.MoeiteMetRondkomenCSV()), reg)
	if err != nil {
		return fmt.Errorf("embedded %s: %w", name, err)
	}
	return st.ImportValues(ctx, vals, name, "demo")
}
