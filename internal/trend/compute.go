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
	"runtime/debug"

	"github.com/perspectief/perspectief/internal/atomicfile"
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
	// Out, when set, is where Compute writes the table, atomically as
	// WriteCSV does. Result.Rows then stays nil: without secondary
	// suppression the rows are written as they are made, never all held in
	// memory at once.
	Out string
}

// Result is the indicator table and what it was computed from.
type Result struct {
	// Rows are sorted by jaar, niveau (gemeente, wijk, buurt), gebied, groep
	// and indicator, each in the order of the spec.
	Rows []Row
	// TableRows is the number of rows of the table, also when it was
	// written to Options.Out.
	TableRows int

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
	k, norms, err := opt.settings()
	if err != nil {
		return nil, err
	}
	p, err := openPanel(ctx, opt.PanelPath)
	if err != nil {
		return nil, err
	}
	defer p.close()

	has := p.src.present()
	workers, l := newWorkers(opt.Workers, norms, &has)
	defer l.stop()
	prog := startProgress(opt.Progress, "reading "+opt.PanelPath)
	defer prog.finish()
	if err := read(ctx, p.src, workers, l, prog); err != nil {
		return nil, err
	}
	if l.rows == 0 {
		// A header without rows would store an empty table as if the
		// municipality had no households.
		e := &InputError{File: opt.PanelPath, Line: 2, Column: colNames[0], Reason: "het panel heeft geen rijen, alleen een kopregel"}
		if p.format == "parquet" {
			e.Line, e.Row = 0, 1
		}
		return nil, e
	}
	prog.set("computing")
	res := &Result{
		Panel:          opt.PanelPath,
		Format:         p.format,
		NormsSource:    norms.Source(),
		NormsSHA256:    norms.SHA256(),
		MinCell:        k,
		PanelRows:      l.rows,
		PopulationRows: l.pop,
		Households:     l.households(),
	}
	l.releaseTable()
	// The household table is garbage now, in pieces too small to hold the
	// large arrays of counters built next: returning it to the system
	// first lowers the peak by hundreds of megabytes on a national panel.
	debug.FreeOSMemory()
	t := buildTable(workers, l, int64(k), &has)
	res.Years = t.years
	if err := res.fill(t, opt); err != nil {
		return nil, err
	}
	if res.PanelSHA256, err = p.checksum(); err != nil {
		return nil, err
	}
	return res, nil
}

// settings checks the options and reads the norms.
func (opt *Options) settings() (int, Norms, error) {
	k := opt.MinCell
	if k == 0 {
		k = DefaultMinCell
	}
	if k < 1 {
		return 0, Norms{}, fmt.Errorf("minimum cell size must be at least 1, got %d", k)
	}
	switch {
	case opt.Norms != nil:
		return k, *opt.Norms, nil
	case opt.NormsPath != "":
		f, err := os.Open(opt.NormsPath)
		if err != nil {
			return 0, Norms{}, err
		}
		defer f.Close()
		norms, err := ReadNorms(opt.NormsPath, f)
		return k, norms, err
	}
	return 0, Norms{}, errNoNorms
}

// fill makes the rows of the result from the table, or writes them to
// Options.Out, and applies secondary suppression when asked.
func (res *Result) fill(t *table, opt Options) error {
	if opt.KeepCounts {
		res.counts = t
	}
	if opt.Out != "" && !opt.Secondary {
		err := atomicfile.Write(opt.Out, atomicfile.Options{}, func(w io.Writer) (err error) {
			res.TableRows, res.Suppressed, err = t.write(w)
			return err
		})
		if err != nil {
			return fmt.Errorf("writing %s: %w", opt.Out, err)
		}
		return nil
	}
	res.Rows = t.rows()
	res.TableRows = len(res.Rows)
	for i := range res.Rows {
		if res.Rows[i].Suppressed {
			res.Suppressed++
		}
	}
	if opt.Secondary {
		if err := t.applySecondary(res); err != nil {
			return err
		}
	}
	if opt.Out != "" {
		if err := WriteCSV(opt.Out, res.Rows); err != nil {
			return fmt.Errorf("writing %s: %w", opt.Out, err)
		}
		res.Rows = nil
	}
	return nil
}

// newWorkers makes the workers (n, or one per CPU when n is 0) and the
// linker of a run.
func newWorkers(n int, norms Norms, has *[numCols]bool) ([]*worker, *linker) {
	if n <= 0 {
		n = runtime.GOMAXPROCS(0)
	}
	n = min(n, maxWorkers)
	seed := maphash.MakeSeed()
	nt := norms.table()
	ext := false
	for c := numRequired; c < numCols; c++ {
		ext = ext || has[c]
	}
	workers := make([]*worker, n)
	for i := range workers {
		a := newAcc()
		a.ext = ext
		workers[i] = &worker{id: i, seed: seed, norms: nt, src: norms, acc: a, ext: ext}
	}
	return workers, newLinker(n)
}

// panelFile is an open panel: its source of batches, and its checksum,
// computed beside the run.
type panelFile struct {
	path    string
	f       *os.File
	src     source
	format  string
	sum     chan string
	sumErr  chan error
	stopSum context.CancelFunc
}

func openPanel(ctx context.Context, path string) (*panelFile, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err == nil && st.IsDir() {
		err = fmt.Errorf("%s: is a directory", path)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	size := st.Size()
	p := &panelFile{path: path, f: f, format: "csv", sum: make(chan string, 1), sumErr: make(chan error, 1)}

	// The checksum needs a pass over the whole file of its own; it runs
	// beside the computation, which reads the same bytes from the page cache.
	var sumCtx context.Context
	sumCtx, p.stopSum = context.WithCancel(ctx)
	go func() {
		h := sha256.New()
		_, err := io.CopyBuffer(h, &ctxReader{ctx: sumCtx, r: io.NewSectionReader(f, 0, size)}, make([]byte, 1<<20))
		if err != nil {
			p.sumErr <- err
			return
		}
		p.sum <- hex.EncodeToString(h.Sum(nil))
	}()

	var magic [4]byte
	n, _ := f.ReadAt(magic[:], 0)
	if n == 4 && string(magic[:]) == "PAR1" {
		p.format = "parquet"
		p.src, err = openParquet(path, f, size)
	} else {
		p.src, err = newCSVSource(path, io.NewSectionReader(f, 0, size))
	}
	if err != nil {
		p.close()
		return nil, err
	}
	return p, nil
}

// checksum waits for the panel's checksum.
func (p *panelFile) checksum() (string, error) {
	select {
	case sum := <-p.sum:
		return sum, nil
	case err := <-p.sumErr:
		return "", fmt.Errorf("%s: checksum: %w", p.path, err)
	}
}

func (p *panelFile) close() {
	p.stopSum()
	p.f.Close()
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
