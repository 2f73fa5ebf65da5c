package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/perspectief/perspectief/internal/eligibility"
	"github.com/perspectief/perspectief/internal/store"
)

func init() {
	register("regelingen", "schemes: rule versions, reach and non-take-up from a panel, outreach lists", runRegelingen)
}

const regelingenUsage = `usage:
  perspectief regelingen bereik --panel FILE.csv|FILE.parquet --gebruik FILE.csv --out FILE.csv
                                [--peildatum YYYY-MM-DD] [--min-cell K] [--aanname FEIT=WAARDE ...]
                                [--regels DIR] [--db DSN] [--secundair]
  perspectief regelingen controleer [--regels DIR]
  perspectief regelingen laad --db DSN --email ADDRESS [--token TOKEN] FILE.yaml
  perspectief regelingen versies --db DSN [CODE [VERSION]]
  perspectief regelingen uitnodigen --db DSN --email ADDRESS --panel FILE.csv --gebruik FILE.csv
                                    --regeling CODE --out FILE.csv [--van PCT] [--tot PCT]

laad stores a new version of one scheme file in the database, checked like
the shipped files (every problem as FILE:LINE: field: reason; nothing is
stored on any problem). Only a beheerder (--email) may; it is audited. The
old versions stay. On a date, a scheme is decided by the newest version
whose geldig_van is on or before that date; /wijzer, bereik --db and
uitnodigen use them. versies lists every version, or prints one's file.

controleer loads a rule directory (default: the shipped rules), reports every
problem as FILE:LINE: field: reason, runs its test cases and lists the
schemes with their versions. Use it before putting new rule versions live;
bereik --regels DIR then uses them.

bereik evaluates every household of the panel's latest year (the population
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

func runRegelingen(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(os.Stderr, regelingenUsage)
		return flag.ErrHelp
	}
	switch args[0] {
	case "bereik":
		return regelingenBereik(ctx, args[1:], os.Stdout)
	case "controleer":
		return regelingenControleer(args[1:], os.Stdout)
	case "uitnodigen":
		return regelingenUitnodigen(ctx, args[1:], os.Stdout)
	case "laad":
		return regelingenLaad(ctx, args[1:], os.Stdout)
	case "versies":
		return regelingenVersies(ctx, args[1:], os.Stdout)
	}
	fmt.Fprint(os.Stderr, regelingenUsage)
	return fmt.Errorf("unknown subcommand %q", args[0])
}

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

func regelingenControleer(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("regelingen controleer", flag.ContinueOnError)
	fs.Usage = func() { fmt.Fprint(fs.Output(), regelingenUsage, "\nflags:\n"); fs.PrintDefaults() }
	dir := fs.String("regels", "", "rule `DIR` (default: the shipped rules)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	set, fsys, _, err := loadRules(context.Background(), *dir, nil)
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

// bereikMeta is what the run records beside its table.
type bereikMeta struct {
	Panel       string            `json:"panel"`
	RegelsBron  string            `json:"regels_bron"`
	Gebruik     string            `json:"gebruik"`
	Jaar        int               `json:"jaar"`
	Peildatum   string            `json:"peildatum"`
	MinCell     int               `json:"k"`
	Households  int               `json:"huishoudens"`
	Regels      map[string]string `json:"regels"` // code -> the version that decided
	Aannames    []string          `json:"aannames"`
	Afgeleid    []string          `json:"afgeleid"`
	PanelFeiten []string          `json:"panel_feiten"`
}

func regelingenBereik(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("regelingen bereik", flag.ContinueOnError)
	fs.Usage = func() { fmt.Fprint(fs.Output(), regelingenUsage, "\nflags:\n"); fs.PrintDefaults() }
	panelPath := fs.String("panel", "", "panel `FILE.csv` (trendmonitor format, extra fact columns allowed)")
	usagePath := fs.String("gebruik", "", "`FILE.csv` with jaar,huishouden,regeling")
	out := fs.String("out", "", "output `FILE.csv`")
	peil := fs.String("peildatum", "", "reference `YYYY-MM-DD` (default: 31 December of the panel's latest year)")
	minCell := fs.Int("min-cell", 10, "minimum cell size `K` of disclosure control (>= 1)")
	rulesDir := fs.String("regels", "", "rule `DIR` (default: the shipped rules)")
	dsn := fs.String("db", "", "also store the results as indicators in database `DSN` (SQLite file or postgres:// URL); stored with secondary suppression")
	secundair := fs.Bool("secundair", false, "apply secondary suppression to --out (as the trendmonitor's spec section 7, over this table's sums)")
	var assume assumptions
	fs.Var(&assume, "aanname", "assume `FEIT=WAARDE` for a fact the panel lacks (repeatable)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if *panelPath == "" || *usagePath == "" || *out == "" {
		fs.Usage()
		return errors.New("--panel, --gebruik and --out are required")
	}
	if *minCell < 1 {
		return fmt.Errorf("--min-cell must be at least 1, got %d", *minCell)
	}
	if err := checkOutDir(*out); err != nil {
		return err
	}
	var db *store.DB
	var err error
	if *dsn != "" {
		// Opened first, so that a wrong DSN fails before the long run.
		if db, err = store.Open(ctx, *dsn); err != nil {
			return err
		}
		defer db.Close()
	}
	set, _, rulesFrom, err := loadRules(ctx, *rulesDir, db)
	if err != nil {
		return err
	}
	assumed, err := parseAssumptions(set, assume)
	if err != nil {
		return err
	}

	start := time.Now()
	panel, err := readPanelShowing(set, *panelPath, assumed, os.Stderr)
	if err != nil {
		return err
	}
	readTime := time.Since(start)
	day := time.Date(panel.Year, 12, 31, 0, 0, 0, 0, time.UTC)
	if *peil != "" {
		if day, err = time.Parse("2006-01-02", *peil); err != nil {
			return fmt.Errorf("--peildatum %q: use YYYY-MM-DD", *peil)
		}
	}
	uf, err := os.Open(*usagePath)
	if err != nil {
		return err
	}
	usage, err := set.ReadUsage(*usagePath, uf, panel.Year)
	uf.Close()
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	evalStart := time.Now()
	prog := newTermProgress(os.Stderr, "evaluating", "households", int64(len(panel.Households)))
	rows, totals := set.Reach(panel, usage, day, eligibility.ReachOptions{MinCell: *minCell,
		Progress: func(done int) { prog.set(int64(done)) }})
	prog.clear()
	evalTime := time.Since(evalStart)

	meta := bereikMeta{Panel: *panelPath, RegelsBron: rulesFrom, Gebruik: *usagePath, Jaar: panel.Year, Peildatum: day.Format("2006-01-02"),
		MinCell: *minCell, Households: len(panel.Households), Regels: map[string]string{},
		Aannames: []string(assume), Afgeleid: panel.Derived, PanelFeiten: panel.FactColumns}
	for _, sc := range set.InForce(day) {
		meta.Regels[sc.Code] = sc.Version
	}
	// The file follows --secundair; what the platform stores always has it.
	protected := rows
	if *secundair || db != nil {
		protected = slices.Clone(rows)
		cells, unknown, err := eligibility.ReachSecondary(protected, *minCell)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "secondary suppression: %d sums exposed a suppressed cell, %d more cells hidden; onbekend: %d sums, %d more hidden\n",
			cells.Exposed, cells.Cells, unknown.Exposed, unknown.Cells)
		if *secundair {
			rows = protected
		}
	}
	if err := eligibility.WriteReachFile(*out, rows, *minCell); err != nil {
		return fmt.Errorf("writing %s: %w", *out, err)
	}
	mb, _ := json.MarshalIndent(meta, "", "  ")
	if err := os.WriteFile(*out+".meta.json", append(mb, '\n'), 0o600); err != nil {
		return fmt.Errorf("writing metadata: %w", err)
	}

	fmt.Fprintf(stdout, "wrote %s: %d rows (k=%d), metadata in %s.meta.json\n", *out, len(rows), *minCell, *out)
	if db != nil {
		n, err := storeReach(ctx, db, set, day, protected, *panelPath)
		if err != nil {
			return fmt.Errorf("storing the indicators: %w", err)
		}
		fmt.Fprintf(stdout, "stored %d values of the indicators niet_gebruik_<regeling> in the database\n", n)
	}
	fmt.Fprintf(stdout, "panel %s: year %d, %d households in the population; read in %s, evaluated in %s\n",
		*panelPath, panel.Year, len(panel.Households), readTime.Round(time.Millisecond), evalTime.Round(time.Millisecond))
	fmt.Fprintf(stdout, "reference date %s; rules: %s; facts from the panel: %s\n", meta.Peildatum, rulesFrom, strings.Join(panel.FactColumns, ", "))
	for _, a := range assume {
		fmt.Fprintf(stdout, "ASSUMPTION: %s\n", a)
	}
	for _, d := range panel.Derived {
		fmt.Fprintf(stdout, "derived: %s\n", d)
	}
	for _, sc := range set.InForce(day) {
		t := totals[sc.Code]
		fmt.Fprintf(stdout, "  %-20s %s  ja %d, nee %d, onbekend %d\n", sc.Code, sc.Version, t[0], t[1], t[2])
	}
	return nil
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
