// Package panelgen generates synthetic household-year income panels in the
// input format of the trendmonitor spec: deterministic for a seed, streamed
// with bounded memory at any size, and calibrated so that the Groningen demo
// panel shows the published poverty figures of gemeente Groningen.
//
// Households, incomes and buurten are made up; the wijken and their
// household counts are real (CBS Wijk- en buurtkaart 2024). See
// internal/panelgen/README.md for the model and its calibration.
package panelgen

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"math"
	"runtime"
	"sync"

	"github.com/perspectief/perspectief/internal/norms"
)

// Mode selects the area a panel is spread over.
type Mode int

const (
	// Groningen spreads the panel over the 20 wijken of gemeente Groningen
	// (GM0014), calibrated to its published poverty figures: the demo.
	Groningen Mode = iota
	// National spreads the panel over all Dutch wijken, for benchmarks.
	National
)

func (m Mode) String() string {
	switch m {
	case Groningen:
		return "groningen"
	case National:
		return "nl"
	}
	return fmt.Sprintf("Mode(%d)", int(m))
}

// ParseMode reads "groningen" or "nl".
func ParseMode(s string) (Mode, error) {
	switch s {
	case "groningen", "gm0014":
		return Groningen, nil
	case "nl", "national", "nederland":
		return National, nil
	}
	return 0, fmt.Errorf("unknown area %q (want groningen or nl)", s)
}

// Config describes a panel.
type Config struct {
	Mode Mode
	// Households is the number of households in the last year, spread over
	// the wijken in proportion to their CBS household counts. 0 takes the
	// counts as published (about 146,000 for Groningen, 8.4 million for
	// the Netherlands).
	Households int
	// Years is the first and last year; zero means 2015-2024. Years must
	// lie within the default norms.
	Years [2]int
	Seed  int64
	// Progress, when set, is called after each batch with the year being
	// written and the rows written so far.
	Progress func(year int, rows int64)
	// Workers is the number of goroutines that compute rows; 0 means
	// GOMAXPROCS. The output does not depend on it.
	Workers int
	// Version1 leaves out the optional columns of the spec's section 6
	// (leeftijd, opleiding, participatiewet, jeugdwet, wmo): the writers
	// then give the panel of sections 1-5 only, the same bytes as before
	// those columns existed.
	Version1 bool
}

// Row is one household-year of the panel. The parquet tags give the column
// names and types of the spec; strings are dictionary encoded where few
// distinct values repeat.
type Row struct {
	Jaar          int32   `parquet:"jaar"`
	Huishouden    string  `parquet:"huishouden"`
	Buurt         string  `parquet:"buurt,dict"`
	Type          string  `parquet:"type,dict"`
	Personen      int32   `parquet:"personen"`
	Minderjarigen int32   `parquet:"minderjarigen"`
	AOW           int32   `parquet:"aow"`
	Bron          string  `parquet:"bron,dict"`
	Inkomen       float64 `parquet:"inkomen"`
	Uitgesloten   string  `parquet:"uitgesloten,optional,dict"`
	// Section 6 of the spec (usage.go): the main earner's age and education
	// (empty, a null in Parquet, when unknown), and 1 when the household
	// used a provision under the Participatiewet, Jeugdwet or Wmo that year.
	Leeftijd        int32  `parquet:"leeftijd"`
	Opleiding       string `parquet:"opleiding,optional,dict"`
	Participatiewet int32  `parquet:"participatiewet"`
	Jeugdwet        int32  `parquet:"jeugdwet"`
	Wmo             int32  `parquet:"wmo"`
}

// rowV1 is a Row without the section 6 columns, for Config.Version1.
type rowV1 struct {
	Jaar          int32   `parquet:"jaar"`
	Huishouden    string  `parquet:"huishouden"`
	Buurt         string  `parquet:"buurt,dict"`
	Type          string  `parquet:"type,dict"`
	Personen      int32   `parquet:"personen"`
	Minderjarigen int32   `parquet:"minderjarigen"`
	AOW           int32   `parquet:"aow"`
	Bron          string  `parquet:"bron,dict"`
	Inkomen       float64 `parquet:"inkomen"`
	Uitgesloten   string  `parquet:"uitgesloten,optional,dict"`
}

// Header is the CSV header the writers use, in the order of Row; HeaderV1
// is the header with Config.Version1.
var (
	Header   = append(HeaderV1[:len(HeaderV1):len(HeaderV1)], "leeftijd", "opleiding", "participatiewet", "jeugdwet", "wmo")
	HeaderV1 = []string{"jaar", "huishouden", "buurt", "type", "personen", "minderjarigen", "aow", "bron", "inkomen", "uitgesloten"}
)

// DefaultYears is the span of the demo panel.
var DefaultYears = [2]int{2015, 2024}

const chunkSlots = 8192

type generator struct {
	cfg        Config
	area       *area
	first      int
	last       int
	seedKey    uint64
	slotEnd    []int // cumulative slots per wijk
	nSlots     int
	base       [][5]float64 // per year index: norm by category index
	perKind    []float64
	c110, c120 []float64 // per year index: calibrated scale of the risk
	lambda     []float64 // per year index: weight of the permanent component
}

const (
	rho      = 0.55 // year-to-year correlation of the transitory component
	p110Cap  = 0.90
	p120Cap  = 0.95
	idLength = 16
)

func newGenerator(cfg Config) (*generator, error) {
	if cfg.Years == [2]int{} {
		cfg.Years = DefaultYears
	}
	tab := norms.Default()
	nf, nl := tab.Years()
	first, last := cfg.Years[0], cfg.Years[1]
	if first > last {
		return nil, fmt.Errorf("years %d-%d: first year after last", first, last)
	}
	if first < nf || last > nl {
		return nil, fmt.Errorf("years %d-%d: the default norms cover %d-%d only", first, last, nf, nl)
	}
	if cfg.Households < 0 {
		return nil, errors.New("households must not be negative")
	}
	var a *area
	var err error
	switch cfg.Mode {
	case Groningen:
		a, err = loadGroningen()
	case National:
		a, err = loadNational()
	default:
		return nil, fmt.Errorf("unknown mode %v", cfg.Mode)
	}
	if err != nil {
		return nil, err
	}
	g := &generator{cfg: cfg, area: a, first: first, last: last}
	g.seedKey = mix64(uint64(cfg.Seed) ^ 0x7065727370656374) // "perspect"
	g.allocateSlots(cfg.Households)
	n := last - first + 1
	g.base = make([][5]float64, n)
	g.perKind = make([]float64, n)
	g.lambda = make([]float64, n)
	for i := range n {
		y := first + i
		for c := range 5 {
			g.base[i][c], _ = tab.Amount(y, norms.Categories[c])
		}
		g.perKind[i], _ = tab.Amount(y, norms.PerKind)
		// Low income grows more persistent over the decade: fewer short
		// spells, the same hard core (see internal/panelgen/README.md).
		g.lambda[i] = min(max(0.52+0.025*float64(y-2015), 0.40), 0.85)
	}
	g.calibrate()
	return g, nil
}

// allocateSlots divides n households over the wijken by largest remainder.
func (g *generator) allocateSlots(n int) {
	total := g.area.totalHouseholds()
	counts := make([]int, len(g.area.wijken))
	if n == 0 {
		for i, w := range g.area.wijken {
			counts[i] = w.households
		}
	} else {
		type rem struct {
			i int
			r float64
		}
		rems := make([]rem, len(counts))
		got := 0
		for i, w := range g.area.wijken {
			exact := float64(n) * float64(w.households) / float64(total)
			counts[i] = int(exact)
			got += counts[i]
			rems[i] = rem{i, exact - float64(counts[i])}
		}
		// Stable order: by remainder, then by wijk index.
		sortSlice(rems, func(a, b rem) bool {
			if a.r != b.r {
				return a.r > b.r
			}
			return a.i < b.i
		})
		for k := 0; got < n; k++ {
			counts[rems[k%len(rems)].i]++
			got++
		}
	}
	g.slotEnd = make([]int, len(counts))
	s := 0
	for i, c := range counts {
		s += c
		g.slotEnd[i] = s
	}
	g.nSlots = s
}

func (g *generator) wijkOfSlot(slot int) int {
	lo, hi := 0, len(g.slotEnd)-1
	for lo < hi {
		m := (lo + hi) / 2
		if g.slotEnd[m] > slot {
			hi = m
		} else {
			lo = m + 1
		}
	}
	return lo
}

// slotStart is the first year a dwelling is lived in: the first panel year,
// or a later one for housing built during the panel.
func (g *generator) slotStart(slot int, w *wijk) int {
	k := g.seedKey ^ 0x51075107
	if g.last == g.first || uniformFrom(draw(k, fSlotStart, slot)) >= w.growth {
		return g.first
	}
	return g.first + 1 + int(float64(g.last-g.first)*uniformFrom(draw(k, fSlotStartYear, slot)))
}

func (g *generator) homeBuurt(slot int, w *wijk) int {
	u := uniformFrom(draw(g.seedKey^0x484f4d45, fHomeBuurt, slot))
	return g.pickBuurt(w, u, -1)
}

// pickBuurt draws a buurt of w by weight, avoiding except when possible.
func (g *generator) pickBuurt(w *wijk, u float64, except int) int {
	bs := g.area.buurten[w.firstBuurt : w.firstBuurt+w.numBuurten]
	total := 0.0
	for i, b := range bs {
		if w.firstBuurt+i != except {
			total += b.weight
		}
	}
	x := u * total
	for i, b := range bs {
		if w.firstBuurt+i == except {
			continue
		}
		x -= b.weight
		if x < 0 {
			return w.firstBuurt + i
		}
	}
	for i := len(bs) - 1; i >= 0; i-- {
		if w.firstBuurt+i != except {
			return w.firstBuurt + i
		}
	}
	return except
}

// hhState is a household-year before its income is drawn.
type hhState struct {
	occ     occupant
	year    int
	buurt   int
	aow     bool
	persons int
	minors  int
	excl    string
	risk    float64
}

// state computes household-year (slot, year); false when the slot is empty.
func (g *generator) state(slot, year int, st *hhState) bool {
	wi := g.wijkOfSlot(slot)
	w := &g.area.wijken[wi]
	start := g.slotStart(slot, w)
	if year < start {
		return false
	}
	k := 0
	occ := g.newOccupant(slot, 0, start, w)
	for t := start; t < year; t++ {
		if occ.leavesAfter(t) {
			k++
			occ = g.newOccupant(slot, k, t+1, w)
		}
	}
	st.occ = occ
	st.year = year
	o := &st.occ

	b := g.homeBuurt(slot, w)
	for t := o.entry + 1; t <= year; t++ {
		if uniformFrom(draw(o.key, fMove, t)) < o.moveChance(t) {
			b = g.moveTarget(b, o.key, t)
		}
	}
	st.buurt = b
	st.aow = o.aow(year)
	st.persons, st.minors = o.composition(year)

	st.excl = ""
	switch o.kind {
	case kindStudent:
		st.excl = exclStudent
	case kindInstitutional:
		st.excl = exclInstitution
	default:
		movedIn := year == o.entry && o.entry > g.first &&
			uniformFrom(draw(o.key, fIncompleteIn, 0)) < incompleteChance
		movesOut := year < g.last && o.leavesAfter(year) &&
			uniformFrom(draw(o.key, fIncompleteOut, 0)) < incompleteChance
		if movedIn || movesOut {
			st.excl = exclIncomplete
		}
	}

	bu := &g.area.buurten[b]
	st.risk = typeRisk[o.typ] * g.area.wijken[bu.wijk].risk * bu.risk
	if st.aow {
		st.risk *= aowRisk
	}
	return true
}

// moveTarget picks the buurt a household moves to: mostly elsewhere in its
// own wijk, otherwise anywhere in the gemeente.
func (g *generator) moveTarget(from int, key uint64, year int) int {
	w := &g.area.wijken[g.area.buurten[from].wijk]
	uw := uniformFrom(draw(key, fMoveWhere, year))
	ub := uniformFrom(draw(key, fMoveBuurt, year))
	if uw < 0.6 && w.numBuurten > 1 {
		return g.pickBuurt(w, ub, from)
	}
	to := w
	if uw >= 0.6 {
		gm := &g.area.gemeenten[w.gemeente]
		// The rest of uw's range is a fresh uniform for the wijk choice.
		to = &g.area.wijken[gm.firstWijk+pick(gm.cumWeights, (uw-0.6)/0.4)]
	}
	return g.pickBuurt(to, ub, from)
}

// income draws the income and source of a household-year.
func (g *generator) income(st *hhState) (float64, uint8) {
	o := &st.occ
	yi := st.year - g.first
	norm := g.norm(yi, o.typ, st.aow, st.minors)
	switch o.kind {
	case kindStudent:
		u := uniformFrom(draw(o.key, fOtherIncome, st.year))
		bron := uint8(bronOverig)
		if o.bronU < 0.40 {
			bron = bronWerk
		}
		return math.Round((0.3 + 0.8*u) * norm), bron
	case kindInstitutional:
		u := uniformFrom(draw(o.key, fOtherIncome, st.year))
		bron := uint8(bronUitkering)
		if st.aow {
			bron = bronPensioen
		}
		return math.Round((0.4 + 0.8*u) * norm), bron
	}

	// The latent score: permanent part plus an AR(1) transitory part that
	// starts at the household's entry, standard normal in every year.
	tr := normalFrom(draw(o.key, fTransitory, o.entry))
	s := math.Sqrt(1 - rho*rho)
	for t := o.entry + 1; t <= st.year; t++ {
		tr = rho*tr + s*normalFrom(draw(o.key, fTransitory, t))
	}
	lam := g.lambda[yi]
	x := math.Sqrt(lam)*o.perm + math.Sqrt(1-lam)*tr
	u := normCDF(x)

	p110 := min(g.c110[yi]*st.risk, p110Cap)
	p120 := max(min(g.c120[yi]*st.risk, p120Cap), p110)
	var band int
	var r float64
	switch {
	case u < p110:
		band = bandLow
		r = interp(lowBandV, lowBandR, u/p110)
	case u < p120:
		band = bandMid
		r = 1.10 + 0.10*(u-p110)/(p120-p110)
	default:
		band = bandHigh
		v := (u - p120) / (1 - p120)
		r = 1.20 + (interp(highBandV, highBandR, v)-1.20)*tailScale[o.typ]
		if st.aow {
			r = 1.20 + (r-1.20)*0.6
		}
	}
	var bron uint8
	if st.aow {
		bron = pickBron(&bronCumAOW, o.bronU)
	} else {
		bron = pickBron(&bronCum[band], o.bronU)
	}

	if band == bandLow && bron == bronZelfstandig && u/p110 < 0.25 &&
		uniformFrom(draw(o.key, fNegative, st.year)) < 0.3 {
		// A loss-making year of a self-employed household.
		n := uniformFrom(draw(o.key, fOtherIncome, st.year))
		return -math.Round(200 + 15000*n*n), bron
	}

	// Round to whole euros, then keep the income inside its band under the
	// spec's exact comparison, so the band drawn is the band counted.
	inc := math.Round(r * norm)
	lim110, lim120 := 1.10*norm, 1.20*norm
	switch band {
	case bandLow:
		if inc > lim110 {
			inc = math.Floor(lim110)
		}
	case bandMid:
		if inc <= lim110 {
			inc = math.Floor(lim110) + 1
		}
		if inc > lim120 {
			inc = math.Floor(lim120)
		}
	default:
		if inc <= lim120 {
			inc = math.Floor(lim120) + 1
		}
	}
	return inc, bron
}

func flag(b bool) int32 {
	if b {
		return 1
	}
	return 0
}

func (g *generator) norm(yi int, typ uint8, aow bool, minors int) float64 {
	// As in norms.Table.Norm: no fused multiply-add, the spec's exact float.
	return g.base[yi][normCategory(typ, aow)] + float64(float64(minors)*g.perKind[yi])
}

// normCategory maps a type to the index of its category in
// norms.Categories (alleenstaand, eenouder, paar, alleenstaand_aow, paar_aow).
func normCategory(typ uint8, aow bool) int {
	single := typ == typeAlleenstaand || typ == typeEenouder
	switch {
	case aow && single:
		return 3
	case aow:
		return 4
	case typ == typeAlleenstaand:
		return 0
	case typ == typeEenouder:
		return 1
	}
	return 2
}

// batch is the rows of one chunk of slots in one year.
type batch struct {
	rows  []Row
	ids   []uint64
	arena []byte
	out   []byte // formatted output, when the sink formats in the workers
}

func (g *generator) fill(b *batch, yi, lo, hi int) {
	b.rows = b.rows[:0]
	b.ids = b.ids[:0]
	year := g.first + yi
	var st hhState
	for slot := lo; slot < hi; slot++ {
		if !g.state(slot, year, &st) {
			continue
		}
		inc, bron := g.income(&st)
		aow := int32(0)
		if st.aow {
			aow = 1
		}
		row := Row{
			Jaar:          int32(year),
			Buurt:         g.area.buurten[st.buurt].code,
			Type:          typeNames[st.occ.typ],
			Personen:      int32(st.persons),
			Minderjarigen: int32(st.minors),
			AOW:           aow,
			Bron:          bronNames[bron],
			Inkomen:       inc,
			Uitgesloten:   st.excl,
		}
		if !g.cfg.Version1 {
			age, edu, pw, jw, wmo := g.extras(&st, inc, bron)
			row.Leeftijd, row.Opleiding = age, eduNames[edu]
			row.Participatiewet, row.Jeugdwet, row.Wmo = flag(pw), flag(jw), flag(wmo)
		}
		b.rows = append(b.rows, row)
		b.ids = append(b.ids, st.occ.key)
	}
	// One string for all ids of the batch instead of one allocation per row.
	need := len(b.ids) * idLength
	if cap(b.arena) < need {
		b.arena = make([]byte, need)
	}
	b.arena = b.arena[:need]
	const hexdigits = "0123456789abcdef"
	for i, id := range b.ids {
		p := b.arena[i*idLength : (i+1)*idLength]
		for j := idLength - 1; j >= 0; j-- {
			p[j] = hexdigits[id&15]
			id >>= 4
		}
	}
	all := string(b.arena)
	for i := range b.rows {
		b.rows[i].Huishouden = all[i*idLength : (i+1)*idLength]
	}
}

// Generate produces the panel in batches, in a fixed order (year, then
// dwelling), and calls emit for each batch from the calling goroutine. The
// slice is reused after emit returns: copy rows to keep them.
func Generate(ctx context.Context, cfg Config, emit func([]Row) error) error {
	return generate(ctx, cfg, nil, func(b *batch) error { return emit(b.rows) })
}

// generate runs the pipeline; format, when set, runs in the workers.
func generate(ctx context.Context, cfg Config, format func(*batch), emit func(*batch) error) error {
	g, err := newGenerator(cfg)
	if err != nil {
		return err
	}
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	type task struct {
		yi, lo, hi int
		done       chan *batch
	}
	pool := sync.Pool{New: func() any { return new(batch) }}
	tasks := make(chan *task, workers*2)
	order := make(chan *task, workers*4)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(order)
		defer close(tasks)
		for yi := 0; yi <= g.last-g.first; yi++ {
			for lo := 0; lo < g.nSlots; lo += chunkSlots {
				t := &task{yi: yi, lo: lo, hi: min(lo+chunkSlots, g.nSlots), done: make(chan *batch, 1)}
				select {
				case order <- t:
				case <-stop:
					return
				}
				select {
				case tasks <- t:
				case <-stop:
					return
				}
			}
		}
	}()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for t := range tasks {
				b := pool.Get().(*batch)
				g.fill(b, t.yi, t.lo, t.hi)
				if format != nil {
					format(b)
				}
				t.done <- b
			}
		}()
	}
	var rows int64
	err = func() error {
		for t := range order {
			var b *batch
			select {
			case b = <-t.done:
			case <-ctx.Done():
				return ctx.Err()
			}
			if err := emit(b); err != nil {
				return err
			}
			rows += int64(len(b.rows))
			pool.Put(b)
			if cfg.Progress != nil {
				cfg.Progress(g.first+t.yi, rows)
			}
		}
		return ctx.Err()
	}()
	close(stop)
	// Let the workers finish what was queued so no goroutine is left behind.
	go func() {
		for range order {
		}
	}()
	wg.Wait()
	return err
}

// errStop ends Generate early when an iterator's consumer stops.
var errStop = errors.New("stop")

// All returns the panel as an iterator over rows, for in-process use.
func All(ctx context.Context, cfg Config) iter.Seq2[Row, error] {
	return func(yield func(Row, error) bool) {
		err := Generate(ctx, cfg, func(rows []Row) error {
			for _, r := range rows {
				if !yield(r, nil) {
					return errStop
				}
			}
			return nil
		})
		if err != nil && err != errStop {
			yield(Row{}, err)
		}
	}
}
