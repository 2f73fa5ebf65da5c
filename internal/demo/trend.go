package demo

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/norms"
	"github.com/perspectief/perspectief/internal/panelgen"
	"github.com/perspectief/perspectief/internal/trend"
)

// PanelSeed fixes the demo's synthetic panel, so every demo shows the same
// numbers.
const PanelSeed = 2024

// SeedTrend generates the synthetic Groningen panel (its real wijken with
// generated buurten, 2015-2024, with the optional columns of the spec's
// section 6: age, education and the use of the Participatiewet, Jeugdwet
// and Wmo), computes the trendmonitor table from it with the built-in norms
// (so with the age and education groups and the three gebruik_*_110
// indicators) and stores the run. The panel is written to a temporary
// directory and removed afterwards: like real microdata, it never stays
// outside the engine; only the disclosure-controlled table (primary and
// secondary suppression) is kept.
func SeedTrend(ctx context.Context, st indicator.TrendStore, progress func(string)) error {
	dir, err := os.MkdirTemp("", "perspectief-demo-panel-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "groningen-synthetisch.parquet")
	progress("generating the synthetic Groningen panel (2015-2024, with age, education and use of provisions)")
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	if err := panelgen.WriteParquet(ctx, w, panelgen.Config{Mode: panelgen.Groningen, Seed: PanelSeed}); err != nil {
		f.Close()
		return fmt.Errorf("generate demo panel: %w", err)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	progress("computing the trendmonitor indicators")
	n, err := trend.ReadNorms("ingebouwde normen", bytes.NewReader(norms.DefaultCSV()))
	if err != nil {
		return err
	}
	// Like everything the platform stores, with secondary suppression.
	res, err := trend.Compute(ctx, trend.Options{PanelPath: path, Norms: &n, Secondary: true})
	if err != nil {
		return fmt.Errorf("compute demo trendmonitor: %w", err)
	}
	values := res.Rows
	run := &indicator.TrendRun{Kind: "berekend", Source: "groningen-synthetisch.parquet (demo, synthetische data)", SourceSHA256: res.PanelSHA256,
		Norms: norms.Source(), MinCell: res.MinCell, Actor: "demo", CreatedAt: time.Now().UTC()}
	progress(fmt.Sprintf("storing %d indicator rows", len(values)))
	return st.SaveTrendRun(ctx, run, values)
}
