package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/eligibility"
	"github.com/perspectief/perspectief/internal/store"
)

const uitnodigenUsage = `usage:
  perspectief regelingen uitnodigen --db DSN --email ADDRESS [--token TOKEN] --panel FILE.csv|FILE.parquet --gebruik FILE.csv
                                    --regeling CODE --out FILE.csv
                                    [--van PCT] [--tot PCT] [--peildatum YYYY-MM-DD]
                                    [--aanname FEIT=WAARDE ...] [--regels DIR]

uitnodigen writes the pseudonymous ids (and buurt) of the households of the
panel's latest year that are entitled to the scheme --regeling on the
reference date but do not use it, optionally only those whose income lies
between --van and --tot percent of the social minimum (bounds included).
It is the one export of household ids: only an account with the role
beheerder or programmateam (--email, looked up in --db) may make it, and
only its owner: prove it with the account's API token (--token or the
environment variable PERSPECTIEF_TOKEN) or type its password when asked on
the terminal. Every export is recorded in the audit log under that account
(checksums, filters, row count, how the account was proven; never the ids).
`

// uitnodigenAudit is the audit event's after-JSON. It must never carry a
// household id.
type uitnodigenAudit struct {
	Regeling      string            `json:"regeling"`
	Versie        string            `json:"versie"`
	Panel         string            `json:"panel"`
	PanelSHA256   string            `json:"panel_sha256"`
	Gebruik       string            `json:"gebruik"`
	GebruikSHA256 string            `json:"gebruik_sha256"`
	Jaar          int               `json:"jaar"`
	Peildatum     string            `json:"peildatum"`
	Filters       map[string]string `json:"filters"`
	Aannames      []string          `json:"aannames,omitempty"`
	Out           string            `json:"out"`
	Rijen         int               `json:"rijen"`
	Bewijs        string            `json:"bewijs"` // how the actor proved to be the account: api-token or wachtwoord
}

func regelingenUitnodigen(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("regelingen uitnodigen", flag.ContinueOnError)
	fs.Usage = func() { fmt.Fprint(fs.Output(), uitnodigenUsage, "\nflags:\n"); fs.PrintDefaults() }
	dsn := fs.String("db", "", "database: a SQLite file or a postgres:// URL")
	email := fs.String("email", "", "e-mail `ADDRESS` of the account that makes the export")
	token := fs.String("token", "", "API `TOKEN` of that account (default: $"+tokenEnv+"; without one, the password is asked on the terminal)")
	panelPath := fs.String("panel", "", "panel `FILE.csv` (trendmonitor format, extra fact columns allowed)")
	usagePath := fs.String("gebruik", "", "`FILE.csv` with jaar,huishouden,regeling")
	code := fs.String("regeling", "", "scheme `CODE` (e.g. stadjerspas)")
	out := fs.String("out", "", "output `FILE.csv`")
	van := fs.Float64("van", 0, "lowest income as `PCT` of the social minimum (inclusive)")
	tot := fs.Float64("tot", 0, "highest income as `PCT` of the social minimum (inclusive)")
	peil := fs.String("peildatum", "", "reference `YYYY-MM-DD` (default: 31 December of the panel's latest year)")
	rulesDir := fs.String("regels", "", "rule `DIR` (default: the shipped rules)")
	var assume assumptions
	fs.Var(&assume, "aanname", "assume `FEIT=WAARDE` for a fact the panel lacks (repeatable)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if *dsn == "" || *email == "" || *panelPath == "" || *usagePath == "" || *code == "" || *out == "" {
		fs.Usage()
		return errors.New("--db, --email, --panel, --gebruik, --regeling and --out are required")
	}
	var filter eligibility.OutreachFilter
	filters := map[string]string{}
	fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "van":
			filter.Van = van
			filters["van"] = f.Value.String()
		case "tot":
			filter.Tot = tot
			filters["tot"] = f.Value.String()
		}
	})
	if filter.Van != nil && filter.Tot != nil && *van > *tot {
		return fmt.Errorf("--van %g is higher than --tot %g", *van, *tot)
	}
	if st, err := os.Stat(filepath.Dir(*out)); err != nil {
		return fmt.Errorf("--out: %w", err)
	} else if !st.IsDir() {
		return fmt.Errorf("--out: %s is not a directory", filepath.Dir(*out))
	}

	// The role is checked before any household is read.
	db, err := store.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	u, proof, err := actingUser(ctx, db, *email, *token)
	if err != nil {
		return err
	}
	if err := eligibility.OutreachAllowed(*u); err != nil {
		return fmt.Errorf("geweigerd: %s (%s heeft de rol %s)", perspectief.ErrorMessage(err), u.Email, u.Role.Label())
	}
	actor := u.Email

	set, _, _, err := loadRules(ctx, *rulesDir, db)
	if err != nil {
		return err
	}
	assumed, err := parseAssumptions(set, assume)
	if err != nil {
		return err
	}

	var panel *eligibility.Panel
	var panelSum string
	if isParquet(*panelPath) {
		panelSum, err = hashedFile(*panelPath, func(f *os.File) error {
			var err error
			panel, err = readParquetPanel(set, *panelPath, f, assumed)
			return err
		})
	} else {
		panelSum, err = hashedRead(*panelPath, func(r io.Reader) error {
			var err error
			panel, err = set.ReadPanel(*panelPath, r, assumed)
			return err
		})
	}
	if err != nil {
		return err
	}
	day := time.Date(panel.Year, 12, 31, 0, 0, 0, 0, time.UTC)
	if *peil != "" {
		if day, err = time.Parse("2006-01-02", *peil); err != nil {
			return fmt.Errorf("--peildatum %q: use YYYY-MM-DD", *peil)
		}
	}
	var usage eligibility.Usage
	usageSum, err := hashedRead(*usagePath, func(r io.Reader) error {
		var err error
		usage, err = set.ReadUsage(*usagePath, r, panel.Year)
		return err
	})
	if err != nil {
		return err
	}
	rows, err := set.Outreach(panel, usage, *code, day, filter)
	if err != nil {
		return err
	}
	version := ""
	for _, sc := range set.InForce(day) {
		if sc.Code == *code {
			version = sc.Version
		}
	}
	meta := uitnodigenAudit{Regeling: *code, Versie: version, Panel: *panelPath, PanelSHA256: panelSum,
		Gebruik: *usagePath, GebruikSHA256: usageSum, Jaar: panel.Year, Peildatum: day.Format("2006-01-02"),
		Filters: filters, Aannames: []string(assume), Out: *out, Rijen: len(rows), Bewijs: proof}
	after, err := json.Marshal(meta)
	if err != nil {
		return err
	}
	// The audit event is written once the list is complete and before it
	// appears under its name: no list without its event.
	err = eligibility.WriteOutreachFile(*out, rows, func() error {
		return db.Accounts().Audit(ctx, account.AuditEvent{At: time.Now().UTC(), Actor: actor, Action: "uitnodigingslijst",
			Entity: "regeling", Key: *code, After: string(after)})
	})
	if err != nil {
		return fmt.Errorf("writing %s: %w", *out, err)
	}
	fmt.Fprintf(stdout, "wrote %s: %d households entitled to %s (%s) that do not use it, year %d, reference date %s\n",
		*out, len(rows), *code, version, panel.Year, meta.Peildatum)
	if len(filters) > 0 {
		fmt.Fprintf(stdout, "income filter: %s %% of the social minimum\n", pctRange(filters))
	}
	for _, a := range assume {
		fmt.Fprintf(stdout, "ASSUMPTION: %s\n", a)
	}
	fmt.Fprintf(stdout, "recorded in the audit log as %s\n", actor)
	return nil
}

func pctRange(f map[string]string) string {
	lo, hi := f["van"], f["tot"]
	if lo == "" {
		lo = "..."
	}
	if hi == "" {
		hi = "..."
	}
	return lo + " to " + hi
}

// tokenEnv is the environment variable that may carry the API token of
// the account a command acts for, instead of --token.
const tokenEnv = "PERSPECTIEF_TOKEN"

// actingUser is the account a command acts for (--email), so that the
// command is allowed what that account's role allows and audited under it.
// Naming the account is not enough: the person proves it with the
// account's API token (--token or PERSPECTIEF_TOKEN) or, without one, with
// the account's password typed on the terminal. It returns the account and
// how it was proven ("api-token" or "wachtwoord"), for the audit log.
func actingUser(ctx context.Context, db *store.DB, email, token string) (*account.User, string, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	svc := account.NewService(db.Accounts())
	if token == "" {
		token = os.Getenv(tokenEnv)
	}
	if token != "" {
		u, err := svc.TokenUser(ctx, strings.TrimSpace(token))
		if err != nil {
			return nil, "", fmt.Errorf("geweigerd: %s", perspectief.ErrorMessage(err))
		}
		if u.Email != email {
			return nil, "", fmt.Errorf("geweigerd: het API-token hoort niet bij %s", email)
		}
		return u, "api-token", nil
	}
	in := os.Stdin
	if !term.IsTerminal(int(in.Fd())) {
		return nil, "", fmt.Errorf("geweigerd: bewijs dat u %s bent: geef het API-token van dit account met --token of %s (perspectief token create maakt er een), of start het commando op een terminal en typ het wachtwoord", email, tokenEnv)
	}
	fmt.Fprintf(os.Stderr, "Wachtwoord van %s: ", email)
	pw, err := term.ReadPassword(int(in.Fd()))
	fmt.Fprintln(os.Stderr)
	if err != nil {
		return nil, "", err
	}
	u, err := svc.VerifyPassword(ctx, email, string(pw), "cli")
	if err != nil {
		return nil, "", fmt.Errorf("geweigerd: %s", perspectief.ErrorMessage(err))
	}
	return u, "wachtwoord", nil
}

// hashedRead opens path, hands it to read and returns the SHA-256 of the
// whole file, including whatever read left unread.
func hashedRead(path string, read func(io.Reader) error) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	tee := io.TeeReader(f, h)
	if err := read(tee); err != nil {
		return "", err
	}
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// hashedFile returns the SHA-256 of the whole file at path and hands the
// open file, rewound, to read (for Parquet, which is read at offsets).
func hashedFile(path string, read func(*os.File) error) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return "", err
	}
	if err := read(f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// isParquet says whether a panel file is to be read as Parquet.
func isParquet(path string) bool { return strings.EqualFold(filepath.Ext(path), ".parquet") }

// readParquetPanel reads an open Parquet panel.
func readParquetPanel(set *eligibility.Set, path string, f *os.File, assumed map[string]eligibility.Value) (*eligibility.Panel, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	return set.ReadPanelParquet(path, f, st.Size(), assumed, nil)
}
