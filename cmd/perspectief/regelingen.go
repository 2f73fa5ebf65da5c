package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/perspectief/perspectief/internal/eligibility"
	"github.com/perspectief/perspectief/internal/store"
)

const regelingenUsage = `usage:
  perspectief regelingen bereik-berekenen --panel FILE.csv|FILE.parquet --gebruik FILE.csv --out FILE.csv
                                          [--peildatum YYYY-MM-DD] [--min-cell K] [--aanname FEIT=WAARDE ...]
                                          [--regels DIR] [--db DSN] [--secundair]
  perspectief regelingen controleren [--regels DIR]
  perspectief regelingen inlezen --db DSN --email ADDRESS [--token TOKEN] FILE.yaml
  perspectief regelingen versies-tonen --db DSN [CODE [VERSION]]
  perspectief regelingen uitnodigen --db DSN --email ADDRESS --panel FILE.csv --gebruik FILE.csv
                                    --regeling CODE --out FILE.csv [--van PCT] [--tot PCT]

inlezen stores a new version of one scheme file in the database, checked like
the shipped files (every problem as FILE:LINE: field: reason; nothing is
stored on any problem). Only a beheerder (--email) may; it is audited. The
old versions stay. On a date, a scheme is decided by the newest version
whose geldig_van is on or before that date; /wijzer, bereik-berekenen --db
and uitnodigen use them. versies-tonen lists every version, or prints one's
file.

controleren loads a rule directory (default: the shipped rules), reports every
problem as FILE:LINE: field: reason, runs its test cases and lists the
schemes with their versions. Use it before putting new rule versions live;
bereik-berekenen --regels DIR then uses them.

bereik-berekenen evaluates every household of the panel's latest year (the population
of the trendmonitor spec) against the scheme rules on the reference
date (default 31 December of that year), reads who uses which scheme from
--gebruik (CSV jaar,huishouden,regeling) and writes per scheme, area and
group how many households are entitled and how many of them do not use it,
under the trendmonitor's disclosure control. Extra panel columns named after
a fact of the rules (vermogen, leeftijd_hoofd, ...) are used; a fact the
panel lacks makes the outcome 'onbekend' unless --aanname states it.
A panel whose name ends in .parquet is read as Parquet with the same columns.
The rules are the shipped ones, with the versions stored in --db when given,
or those of --regels DIR. The run's metadata (the version of each scheme's
rules that decided, assumptions) goes to FILE.csv.meta.json.
--secundair adds secondary suppression to the file, as the trendmonitor does
over its sums (areas and groups per scheme); what --db stores always has it.
With --db the rows are also stored as the indicators niet_gebruik_<regeling>
(waarde = niet_gebruik_pct, teller = niet_gebruik, noemer = rechthebbend,
toelichting = the version of the rules that decided).
`

// assumptions collects repeated --aanname flags.
type assumptions []string

func (a *assumptions) String() string     { return strings.Join(*a, ",") }
func (a *assumptions) Set(v string) error { *a = append(*a, v); return nil }

// loadRules returns the rules a command decides by: the rule directory
// dir when given (to try rules before loading them), else the shipped
// rules with the versions stored in db when there is one. The text says
// where they came from, for the run's metadata.
func loadRules(ctx context.Context, dir string, db *store.DB) (*eligibility.Set, fs.FS, string, error) {
	if dir != "" {
		fsys := os.DirFS(dir)
		set, err := eligibility.Load(fsys, eligibility.DefaultNorm)
		return set, fsys, "map " + dir, err
	}
	base, err := eligibility.Default()
	if err != nil || db == nil {
		return base, eligibility.RulesFS(), "meegeleverd", err
	}
	svc := eligibility.NewService(db.Rules(), base)
	notes, err := svc.Sync(ctx)
	if err != nil {
		return nil, nil, "", err
	}
	for _, n := range notes {
		fmt.Fprintln(os.Stderr, "warning:", n)
	}
	set, err := svc.Rules(ctx)
	return set, eligibility.RulesFS(), "database (meegeleverd en ingelezen versies)", err
}

func regelingenControleren(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("regelingen controleren", flag.ContinueOnError)
	fs.Usage = func() { fmt.Fprint(fs.Output(), regelingenUsage, "\nflags:\n"); fs.PrintDefaults() }
	dir := fs.String("regels", "", "rule `DIR` (default: the shipped rules)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	set, fsys, _, err := loadRules(ctx, *dir, nil)
	if err != nil {
		return err
	}
	cases, err := set.LoadCases(fsys)
	if err != nil {
		return err
	}
	for _, sc := range set.Schemes {
		to := "open"
		if !sc.Valid.To.IsZero() {
			to = sc.Valid.To.Format("2006-01-02")
		}
		fmt.Fprintf(stdout, "%-20s %-8s %s to %s, checked %s (%s)\n", sc.Code, sc.Version,
			sc.Valid.From.Format("2006-01-02"), to, sc.Checked.Format("2006-01-02"), sc.File)
	}
	problems := set.CheckCases(cases)
	for _, p := range problems {
		fmt.Fprintln(stdout, p)
	}
	if len(problems) > 0 {
		return fmt.Errorf("%d of the test expectations fail", len(problems))
	}
	fmt.Fprintf(stdout, "%d schemes, %d test cases: all pass\n", len(set.Schemes), len(cases))
	return nil
}

// bereikFlags are the flags of regelingen bereik-berekenen.
type bereikFlags struct {
	panel, usage, out, peil, rulesDir, dsn string
	minCell                                int
	secundair                              bool
	assume                                 assumptions
}

func parseBereik(args []string) (*bereikFlags, error) {
	var f bereikFlags
	fs := flag.NewFlagSet("regelingen bereik-berekenen", flag.ContinueOnError)
	fs.Usage = func() { fmt.Fprint(fs.Output(), regelingenUsage, "\nflags:\n"); fs.PrintDefaults() }
	fs.StringVar(&f.panel, "panel", "", "panel `FILE.csv` (trendmonitor format, extra fact columns allowed)")
	fs.StringVar(&f.usage, "gebruik", "", "`FILE.csv` with jaar,huishouden,regeling")
	fs.StringVar(&f.out, "out", "", "output `FILE.csv`")
	fs.StringVar(&f.peil, "peildatum", "", "reference `YYYY-MM-DD` (default: 31 December of the panel's latest year)")
	fs.IntVar(&f.minCell, "min-cell", 10, "minimum cell size `K` of disclosure control (>= 1)")
	fs.StringVar(&f.rulesDir, "regels", "", "rule `DIR` (default: the shipped rules)")
	fs.StringVar(&f.dsn, "db", "", "also store the results as indicators in database `DSN` (SQLite file or postgres:// URL); stored with secondary suppression")
	fs.BoolVar(&f.secundair, "secundair", false, "apply secondary suppression to --out (as the trendmonitor's spec section 7, over this table's sums)")
	fs.Var(&f.assume, "aanname", "assume `FEIT=WAARDE` for a fact the panel lacks (repeatable)")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if f.panel == "" || f.usage == "" || f.out == "" {
		fs.Usage()
		return nil, errors.New("--panel, --gebruik and --out are required")
	}
	if f.minCell < 1 {
		return nil, fmt.Errorf("--min-cell must be at least 1, got %d", f.minCell)
	}
	return &f, checkOutDir(f.out)
}

// readUsageFile reads who uses which scheme in year.
func readUsageFile(set *eligibility.Set, path string, year int) (eligibility.Usage, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return set.ReadUsage(path, f, year)
}

// parseDay reads --peildatum; "" is the zero time (the default date).
func parseDay(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		return d, fmt.Errorf("--peildatum %q: use YYYY-MM-DD", s)
	}
	return d, nil
}

func regelingenBereik(ctx context.Context, args []string, stdout io.Writer) error {
	f, err := parseBereik(args)
	if err != nil {
		return err
	}
	var db *store.DB
	if f.dsn != "" {
		// Opened first, so that a wrong DSN fails before the long run.
		if db, err = store.Open(ctx, f.dsn); err != nil {
			return err
		}
		defer db.Close()
	}
	set, _, rulesFrom, err := loadRules(ctx, f.rulesDir, db)
	if err != nil {
		return err
	}
	assumed, err := parseAssumptions(set, f.assume)
	if err != nil {
		return err
	}
	in := eligibility.ReachRunInput{PanelName: f.panel, UsageName: f.usage, MinCell: f.minCell, RulesFrom: rulesFrom,
		Assumptions: []string(f.assume), Secondary: f.secundair, Protect: db != nil}
	start := time.Now()
	if in.Panel, err = readPanelShowing(set, f.panel, assumed, os.Stderr); err != nil {
		return err
	}
	readTime := time.Since(start)
	if in.Day, err = parseDay(f.peil); err != nil {
		return err
	}
	if in.Usage, err = readUsageFile(set, f.usage, in.Panel.Year); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	evalStart := time.Now()
	prog := newTermProgress(os.Stderr, "evaluating", "households", int64(len(in.Panel.Households)))
	in.Progress = func(done int) { prog.set(int64(done)) }
	res, err := set.ReachRun(in)
	prog.clear()
	if err != nil {
		return err
	}
	evalTime := time.Since(evalStart)
	if res.Suppressed {
		fmt.Fprintf(stdout, "secondary suppression: %d sums exposed a suppressed cell, %d more cells hidden; onbekend: %d sums, %d more hidden\n",
			res.Cells.Exposed, res.Cells.Cells, res.Unknown.Exposed, res.Unknown.Cells)
	}
	if err := eligibility.WriteReachRun(f.out, res); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s: %d rows (k=%d), metadata in %s.meta.json\n", f.out, len(res.Rows), f.minCell, f.out)
	if db != nil {
		n, skipped, err := storeReach(ctx, db, set, res.Day, res.Protected, f.panel)
		if err != nil {
			return fmt.Errorf("storing the indicators: %w", err)
		}
		fmt.Fprintf(stdout, "stored %d values of the indicators niet_gebruik_<regeling> in the database\n", n)
		for _, s := range skipped {
			fmt.Fprintf(stdout, "niet opgeslagen: %s\n", s)
		}
	}
	fmt.Fprintf(stdout, "panel %s: year %d, %d households in the population; read in %s, evaluated in %s\n",
		f.panel, in.Panel.Year, len(in.Panel.Households), readTime.Round(time.Millisecond), evalTime.Round(time.Millisecond))
	printReachSummary(stdout, set, res)
	return nil
}

// printReachSummary prints the run's reference date, rules, assumptions
// and per scheme the totals.
func printReachSummary(stdout io.Writer, set *eligibility.Set, res *eligibility.ReachRunResult) {
	m := res.Meta
	fmt.Fprintf(stdout, "reference date %s; rules: %s; facts from the panel: %s\n", m.Peildatum, m.RegelsBron, strings.Join(m.PanelFeiten, ", "))
	for _, a := range m.Aannames {
		fmt.Fprintf(stdout, "ASSUMPTION: %s\n", a)
	}
	for _, d := range m.Afgeleid {
		fmt.Fprintf(stdout, "derived: %s\n", d)
	}
	for _, sc := range set.InForce(res.Day) {
		t := res.Totals[sc.Code]
		fmt.Fprintf(stdout, "  %-20s %s  ja %d, nee %d, onbekend %d\n", sc.Code, sc.Version, t[0], t[1], t[2])
	}
}

// parseAssumptions reads the analyst's --aanname FEIT=WAARDE flags: values
// for facts the panel lacks, checked against the facts the rules declare.
func parseAssumptions(set *eligibility.Set, assume []string) (map[string]eligibility.Value, error) {
	assumed := map[string]eligibility.Value{}
	for _, a := range assume {
		name, val, ok := strings.Cut(a, "=")
		f, known := set.Fact(name)
		if !ok || !known {
			return nil, fmt.Errorf("--aanname %q: use FEIT=WAARDE with a fact of the rules", a)
		}
		v, err := f.ParseValue(val)
		if err != nil || !v.Known() {
			return nil, fmt.Errorf("--aanname %q: %v", a, err)
		}
		assumed[name] = v
	}
	return assumed, nil
}

// checkOutDir fails at once when an output file's directory is missing, so
// that a long run does not end in an error it could have given at the start.
func checkOutDir(out string) error {
	dir := filepath.Dir(out)
	if st, err := os.Stat(dir); err != nil {
		return fmt.Errorf("--out: %w", err)
	} else if !st.IsDir() {
		return fmt.Errorf("--out: %s is not a directory", dir)
	}
	return nil
}
