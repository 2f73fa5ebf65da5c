package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
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

// uitnodigenFlags are the flags of regelingen uitnodigen.
type uitnodigenFlags struct {
	dsn, email, token, rulesDir, peil string
	in                                eligibility.OutreachInput
	assume                            assumptions
}

func parseUitnodigen(args []string) (*uitnodigenFlags, error) {
	var u uitnodigenFlags
	fs := flag.NewFlagSet("regelingen uitnodigen", flag.ContinueOnError)
	fs.Usage = func() { fmt.Fprint(fs.Output(), uitnodigenUsage, "\nflags:\n"); fs.PrintDefaults() }
	fs.StringVar(&u.dsn, "db", "", "database: a SQLite file or a postgres:// URL")
	fs.StringVar(&u.email, "email", "", "e-mail `ADDRESS` of the account that makes the export")
	fs.StringVar(&u.token, "token", "", "API `TOKEN` of that account (default: $"+tokenEnv+"; without one, the password is asked on the terminal)")
	fs.StringVar(&u.in.Panel, "panel", "", "panel `FILE.csv` (trendmonitor format, extra fact columns allowed)")
	fs.StringVar(&u.in.Usage, "gebruik", "", "`FILE.csv` with jaar,huishouden,regeling")
	fs.StringVar(&u.in.Code, "regeling", "", "scheme `CODE` (e.g. stadjerspas)")
	fs.StringVar(&u.in.Out, "out", "", "output `FILE`: .xlsx writes an Excel workbook, any other name CSV")
	van := fs.Float64("van", 0, "lowest income as `PCT` of the social minimum (inclusive)")
	tot := fs.Float64("tot", 0, "highest income as `PCT` of the social minimum (inclusive)")
	fs.StringVar(&u.peil, "peildatum", "", "reference `YYYY-MM-DD` (default: 31 December of the panel's latest year)")
	fs.StringVar(&u.rulesDir, "regels", "", "rule `DIR` (default: the shipped rules)")
	fs.Var(&u.assume, "aanname", "assume `FEIT=WAARDE` for a fact the panel lacks (repeatable)")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if u.dsn == "" || u.email == "" || u.in.Panel == "" || u.in.Usage == "" || u.in.Code == "" || u.in.Out == "" {
		fs.Usage()
		return nil, errors.New("--db, --email, --panel, --gebruik, --regeling and --out are required")
	}
	fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "van":
			u.in.Filter.Van = van
		case "tot":
			u.in.Filter.Tot = tot
		}
	})
	if u.in.Filter.Van != nil && u.in.Filter.Tot != nil && *van > *tot {
		return nil, fmt.Errorf("--van %g is higher than --tot %g", *van, *tot)
	}
	var err error
	if u.in.Day, err = parseDay(u.peil); err != nil {
		return nil, err
	}
	return &u, checkOutDir(u.in.Out)
}

// regelingenUitnodigen makes an outreach list as the account --email, once
// it has proven to be that account; eligibility.Service.Outreach checks
// the role and audits the list.
func regelingenUitnodigen(ctx context.Context, args []string, stdout io.Writer) error {
	f, err := parseUitnodigen(args)
	if err != nil {
		return err
	}
	db, err := store.Open(ctx, f.dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	u, proof, err := actingUser(ctx, db, f.email, f.token)
	if err != nil {
		return err
	}
	in := f.in
	in.Proof, in.Assumptions = proof, []string(f.assume)
	if in.Rules, _, _, err = loadRules(ctx, f.rulesDir, db); err != nil {
		return err
	}
	if in.Assumed, err = parseAssumptions(in.Rules, f.assume); err != nil {
		return err
	}
	svc := &eligibility.Service{Base: in.Rules, Audit: db.Accounts(), Now: time.Now}
	rec, err := svc.Outreach(ctx, *u, in)
	if perspectief.ErrorCode(err) == perspectief.CodeForbidden {
		return fmt.Errorf("geweigerd: %s (%s heeft de rol %s)", perspectief.ErrorMessage(err), u.Email, u.Role.Label())
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s: %d households entitled to %s (%s) that do not use it, year %d, reference date %s\n",
		rec.Out, rec.Rijen, rec.Regeling, rec.Versie, rec.Jaar, rec.Peildatum)
	if len(rec.Filters) > 0 {
		fmt.Fprintf(stdout, "income filter: %s %% of the social minimum\n", pctRange(rec.Filters))
	}
	for _, a := range rec.Aannames {
		fmt.Fprintf(stdout, "ASSUMPTION: %s\n", a)
	}
	fmt.Fprintf(stdout, "recorded in the audit log as %s\n", u.Email)
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
		return nil, "", fmt.Errorf("geweigerd: bewijs dat u %s bent: geef het API-token van dit account met --token of %s (perspectief token maken maakt er een), of start het commando op een terminal en typ het wachtwoord", email, tokenEnv)
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
