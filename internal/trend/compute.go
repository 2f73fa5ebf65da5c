package trend

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"os"
	"runtime"
)

var errNoNorms = errors.New("no norms given: set Options.Norms or Options.NormsPath")

// maxWorkers keeps a worker's number within a byte (see cand).
const maxWorkers = 64

// DefaultMinCell is the minimum cell size k of disclosure control when
// Options.MinCell is 0.
const DefaultMinCell = 10

// Options configures Compute.
type Options struct {
	// PanelPath is the panel file, CSV or Parquet; Parquet is recognised by
	// its magic bytes, not by the name.
	PanelPath string
	// Norms is used when set; otherwise the norms are read from NormsPath.
	Norms     *Norms
	NormsPath string
	// MinCell is k of disclosure control; 0 means DefaultMinCell.
	MinCell int
	// Progress receives a progress line when it is a terminal; nil or any
	// other writer gets nothing.
	Progress io.Writer
	// Secondary applies secondary suppression (spec section 7) after the
	// primary one.
	Secondary bool
	// KeepCounts keeps the table's counters in the Result, so that
	// Result.WithSecondary can apply secondary suppression afterwards.
	KeepCounts bool
	// Workers is the number of goroutines that validate and aggregate, and
	// of household table shards; 0 means one per CPU, at most 64.
	Workers int
}

// Result is the indicator table and what it was computed from.
type Result struct {
	// Rows are sorted by jaar, niveau (gemeente, wijk, buurt), gebied, groep
	// and indicator, each in the order of the spec.
	Rows []Row

	Panel       string // PanelPath as given
	Format      string // "csv" or "parquet"
	PanelSHA256 string // hex checksum of the panel file's bytes
	NormsSource string
	NormsSHA256 string // checksum of the norms file's bytes
	MinCell     int

	PanelRows      int64 // data rows read, excluded rows included
	PopulationRows int64 // rows with an empty uitgesloten
	Households     int   // distinct household ids
	Years          []int // years with a population, ascending
	Suppressed     int   // rows of Rows with onderdrukt = 1
	Secondary      bool  // whether secondary suppression was applied
	SecondaryStats SecondaryStats

	counts *table // with Options.KeepCounts
}

// Compute reads and validates the panel, computes every indicator of the
// spec and applies disclosure control. A bad panel or norms file yields an
// *InputError naming the first problem in file order.
func Compute(ctx context.Context, opt Options) (*Result, error) {
	k := opt.MinCell
	if k == 0 {
		k = DefaultMinCell
	}
	if k < 1 {
		return nil, fmt.Errorf("minimum cell size must be at least 1, got %d", k)
	}
	var norms Norms
	switch {
	case opt.Norms != nil:
		norms = *opt.Norms
	case opt.NormsPath != "":
		f, err := os.Open(opt.NormsPath)
		if err != nil {
			return nil, err
		}
		norms, err = ReadNorms(opt.NormsPath, f)
		f.Close()
		if err != nil {
			return nil, err
		}
	default:
		return nil, errNoNorms
	}

	f, err := os.Open(opt.PanelPath)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, fmt.Errorf("%s: is a directory", opt.PanelPath)
	}
	size := st.Size()

	// The checksum needs a pass over the whole file of its own; it runs
	// beside the computation, which reads the same bytes from the page cache.
	sum := make(chan string, 1)
	sumErr := make(chan error, 1)
	sumCtx, stopSum := context.WithCancel(ctx)
	defer stopSum()
	go func() {
		h := sha256.New()
		_, err := io.CopyBuffer(h, &ctxReader{ctx: sumCtx, r: io.NewSectionReader(f, 0, size)}, make([]byte, 1<<20))
		if err != nil {
			sumErr <- err
			return
		}
		sum <- hex.EncodeToString(h.Sum(nil))
	}()

	var magic [4]byte
	n, _ := f.ReadAt(magic[:], 0)
	format := "csv"
	var src source
	if n == 4 && string(magic[:]) == "PAR1" {
		format = "parquet"
		src, err = openParquet(opt.PanelPath, f, size)
	} else {
		src, err = newCSVSource(opt.PanelPath, io.NewSectionReader(f, 0, size))
	}
	if err != nil {
		return nil, err
	}

	nw := opt.Workers
	if nw <= 0 {
		nw = runtime.GOMAXPROCS(0)
	}
	nw = min(nw, maxWorkers)
	seed := maphash.MakeSeed()
	nt := norms.table()
	has := src.present()
	ext := false
	for c := numRequired; c < numCols; c++ {
		ext = ext || has[c]
	}
	workers := make([]*worker, nw)
	for i := range workers {
		a := newAcc()
		a.ext = ext
		workers[i] = &worker{id: i, seed: seed, norms: nt, src: norms, acc: a, ext: ext}
	}
	l := newLinker(seed, nw)
	defer l.stop()
	prog := startProgress(opt.Progress, "reading "+opt.PanelPath)
	defer prog.finish()
	if err := read(ctx, src, workers, l, prog); err != nil {
		return nil, err
	}
	if l.rows == 0 {
		// A header without rows would store an empty table as if the
		// municipality had no households.
		col := colNames[0]
		if format == "parquet" {
			return nil, &InputError{File: opt.PanelPath, Row: 1, Column: col, Reason: "het panel heeft geen rijen, alleen een kopregel"}
		}
		return nil, &InputError{File: opt.PanelPath, Line: 2, Column: col, Reason: "het panel heeft geen rijen, alleen een kopregel"}
	}
	prog.set("computing")
	res := &Result{
		Panel:          opt.PanelPath,
		Format:         format,
		NormsSource:    norms.Source(),
		NormsSHA256:    norms.SHA256(),
		MinCell:        k,
		PanelRows:      l.rows,
		PopulationRows: l.pop,
		Households:     l.households(),
	}
	l.releaseTable()
	t := buildTable(workers, l, int64(k), &has)
	res.Years = t.years
	res.Rows = t.rows()
	for i := range res.Rows {
		if res.Rows[i].Suppressed {
			res.Suppressed++
		}
	}
	if opt.Secondary {
		if err := t.applySecondary(res); err != nil {
			return nil, err
		}
	}
	if opt.KeepCounts {
		res.counts = t
	}
	select {
	case res.PanelSHA256 = <-sum:
	case err := <-sumErr:
		return nil, fmt.Errorf("%s: checksum: %w", opt.PanelPath, err)
	}
	return res, nil
}

// ctxReader stops a long read when the run is cancelled.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
