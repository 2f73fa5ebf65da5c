package trend_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/perspectief/perspectief/internal/norms"
	"github.com/perspectief/perspectief/internal/panelgen"
	"github.com/perspectief/perspectief/internal/trend"
)

// Options.Out writes the same bytes as WriteCSV of the rows, with and
// without secondary suppression, and reports the same counts; without
// secondary suppression it keeps no rows.
func TestOutMatchesWriteCSV(t *testing.T) {
	dir := t.TempDir()
	defaults, err := trend.ReadNorms("the built-in default norms", bytes.NewReader(norms.DefaultCSV()))
	if err != nil {
		t.Fatal(err)
	}
	small, err := trend.ReadNorms(testdata("norms.csv"), bytes.NewReader(readBytes(t, testdata("norms.csv"))))
	if err != nil {
		t.Fatal(err)
	}
	// A generated panel of a few thousand households, with the section 6
	// columns, gives a table of many chunks.
	gen := filepath.Join(dir, "generated.parquet")
	f, err := os.Create(gen)
	if err != nil {
		t.Fatal(err)
	}
	cfg := panelgen.Config{Mode: panelgen.Groningen, Households: 4000, Years: [2]int{2019, 2024}, Seed: 3}
	if err := panelgen.WriteParquet(context.Background(), f, cfg); err != nil {
		t.Fatal(err)
	}
	f.Close()
	cases := []struct {
		panel string
		norms *trend.Norms
		k     int
	}{
		{testdata("v1small.csv"), &defaults, 3},
		{testdata("v1small.parquet"), &defaults, 3},
		{testdata("v2groups.csv"), &small, 1},
		{testdata("v2suppression.csv"), &small, 3},
		{testdata("durations.csv"), &small, 1},
		{gen, &defaults, 10},
	}
	for _, tc := range cases {
		for _, secondary := range []bool{false, true} {
			opt := trend.Options{PanelPath: tc.panel, Norms: tc.norms, MinCell: tc.k, Secondary: secondary}
			res, err := trend.Compute(context.Background(), opt)
			if err != nil {
				t.Fatal(err)
			}
			var want bytes.Buffer
			if err := trend.WriteTable(&want, res.Rows); err != nil {
				t.Fatal(err)
			}
			opt.Out = filepath.Join(dir, "out.csv")
			streamed, err := trend.Compute(context.Background(), opt)
			if err != nil {
				t.Fatal(err)
			}
			name := filepath.Base(tc.panel)
			if got := readBytes(t, opt.Out); !bytes.Equal(got, want.Bytes()) {
				t.Errorf("%s, secondary %v: Out holds %d bytes unlike WriteTable's %d", name, secondary, len(got), want.Len())
			}
			if streamed.Rows != nil {
				t.Errorf("%s, secondary %v: %d rows kept with Out", name, secondary, len(streamed.Rows))
			}
			if streamed.TableRows != len(res.Rows) || res.TableRows != len(res.Rows) || streamed.Suppressed != res.Suppressed {
				t.Errorf("%s, secondary %v: %d rows, %d suppressed with Out; %d (TableRows %d), %d without",
					name, secondary, streamed.TableRows, streamed.Suppressed, len(res.Rows), res.TableRows, res.Suppressed)
			}
			if streamed.SecondaryStats != res.SecondaryStats || streamed.PanelSHA256 != res.PanelSHA256 {
				t.Errorf("%s, secondary %v: stats or checksum differ with Out", name, secondary)
			}
		}
	}
}

func readBytes(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
