package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"golang.org/x/term"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/store"
)

const accountUsage = `usage:
  perspectief account aanmaken             --db DSN --email ADDRESS --role ROLE [--name NAME]   (password on stdin or the terminal)
  perspectief account tonen                --db DSN
  perspectief account rol-wijzigen         --db DSN --email ADDRESS --role ROLE
  perspectief account uitschakelen         --db DSN --email ADDRESS   (ends its sessions, revokes its API tokens)
  perspectief account inschakelen          --db DSN --email ADDRESS
  perspectief account wachtwoord-instellen --db DSN --email ADDRESS   (a one-time password, to be changed at the next login)
Whoever holds the database is the operator: these commands need no login.
`

// accountFlags are the flags of the account verbs.
type accountFlags struct {
	dsn, email, role, name string
}

// parseAccount reads the flags of the account verb named verb; needEmail
// and needRole say which of --email and --role it requires.
func parseAccount(verb string, args []string, needEmail, needRole bool) (accountFlags, error) {
	var a accountFlags
	fs := flag.NewFlagSet("account "+verb, flag.ContinueOnError)
	fs.Usage = func() { fmt.Fprint(fs.Output(), accountUsage, "\nflags:\n"); fs.PrintDefaults() }
	fs.StringVar(&a.dsn, "db", "", "database: a SQLite file or a postgres:// URL")
	fs.StringVar(&a.email, "email", "", "e-mail address of the account")
	fs.StringVar(&a.role, "role", "", "beheerder, programmateam, projectleider, ervaringsdeskundige or lezer")
	fs.StringVar(&a.name, "name", "", "display name (default: the e-mail address)")
	if err := fs.Parse(args); err != nil {
		return a, err
	}
	switch {
	case a.dsn == "":
		return a, errors.New("--db is required")
	case needEmail && a.email == "":
		return a, errors.New("--email is required")
	case needRole && a.role == "":
		return a, errors.New("--role is required")
	case a.role != "" && !account.Role(a.role).Valid():
		return a, fmt.Errorf("unknown role %q: choose beheerder, programmateam, projectleider, ervaringsdeskundige or lezer", a.role)
	}
	return a, nil
}

// withAccounts opens the database of a and hands do the account service.
func withAccounts(ctx context.Context, a accountFlags, do func(svc *account.Service) error) error {
	db, err := store.Open(ctx, a.dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	return do(account.NewService(db.Accounts()))
}

func accountAanmaken(ctx context.Context, args []string) error {
	a, err := parseAccount("aanmaken", args, true, true)
	if err != nil {
		return err
	}
	pw, err := readPassword(os.Stdin, os.Stderr)
	if err != nil {
		return err
	}
	return withAccounts(ctx, a, func(svc *account.Service) error {
		u, err := svc.AddUser(ctx, a.email, a.name, account.Role(a.role), pw, "cli")
		if err != nil {
			return userError(err)
		}
		fmt.Fprintf(os.Stderr, "Account %s created with role %s.\n", u.Email, u.Role)
		return nil
	})
}

func accountTonen(ctx context.Context, args []string) error {
	a, err := parseAccount("tonen", args, false, false)
	if err != nil {
		return err
	}
	return withAccounts(ctx, a, func(svc *account.Service) error {
		us, err := svc.Users(ctx, cliUser)
		if err != nil {
			return err
		}
		return writeUsers(os.Stdout, us)
	})
}

// changeAccount runs one change to the account --email as the operator and
// says what it did.
func changeAccount(ctx context.Context, a accountFlags, done string, change func(svc *account.Service, id int64) error) error {
	return withAccounts(ctx, a, func(svc *account.Service) error {
		u, err := svc.UserByEmail(ctx, cliUser, a.email)
		if err != nil {
			return userError(err)
		}
		if err := change(svc, u.ID); err != nil {
			return userError(err)
		}
		fmt.Fprintf(os.Stderr, "Account %s %s.\n", u.Email, done)
		return nil
	})
}

func accountRolWijzigen(ctx context.Context, args []string) error {
	a, err := parseAccount("rol-wijzigen", args, true, true)
	if err != nil {
		return err
	}
	return changeAccount(ctx, a, "now has role "+a.role, func(svc *account.Service, id int64) error {
		return svc.SetRole(ctx, cliUser, id, account.Role(a.role))
	})
}

func accountUitschakelen(ctx context.Context, args []string) error {
	a, err := parseAccount("uitschakelen", args, true, false)
	if err != nil {
		return err
	}
	return changeAccount(ctx, a, "is disabled: its sessions ended and its API tokens were revoked", func(svc *account.Service, id int64) error {
		return svc.Disable(ctx, cliUser, id)
	})
}

func accountInschakelen(ctx context.Context, args []string) error {
	a, err := parseAccount("inschakelen", args, true, false)
	if err != nil {
		return err
	}
	return changeAccount(ctx, a, "is enabled; it needs new API tokens", func(svc *account.Service, id int64) error {
		return svc.Enable(ctx, cliUser, id)
	})
}

func accountWachtwoordInstellen(ctx context.Context, args []string) error {
	a, err := parseAccount("wachtwoord-instellen", args, true, false)
	if err != nil {
		return err
	}
	pw, err := readPassword(os.Stdin, os.Stderr)
	if err != nil {
		return err
	}
	return changeAccount(ctx, a, "has a one-time password, to be changed at the next login; its sessions ended", func(svc *account.Service, id int64) error {
		return svc.SetOneTimePassword(ctx, cliUser, id, pw)
	})
}

// writeUsers prints the accounts as a table: e-mail, name, role, status and
// last login (UTC).
func writeUsers(w io.Writer, us []account.User) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "E-MAIL\tNAME\tROLE\tSTATUS\tLAST LOGIN")
	for _, u := range us {
		status := "active"
		if u.Disabled() {
			status = "disabled"
		} else if u.MustChangePassword {
			status = "must change password"
		}
		last := "never"
		if u.LastLoginAt != nil {
			last = u.LastLoginAt.UTC().Format("2006-01-02 15:04Z")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", u.Email, u.Name, u.Role, status, last)
	}
	return tw.Flush()
}

// readPassword asks twice on a terminal, or reads the first line of stdin
// when it is not a terminal (for scripts).
func readPassword(in *os.File, prompt io.Writer) (string, error) {
	if term.IsTerminal(int(in.Fd())) {
		fmt.Fprint(prompt, "Password: ")
		a, err := term.ReadPassword(int(in.Fd()))
		fmt.Fprintln(prompt)
		if err != nil {
			return "", err
		}
		fmt.Fprint(prompt, "Again: ")
		b, err := term.ReadPassword(int(in.Fd()))
		fmt.Fprintln(prompt)
		if err != nil {
			return "", err
		}
		if string(a) != string(b) {
			return "", errors.New("the passwords differ")
		}
		return string(a), nil
	}
	line, err := bufio.NewReader(in).ReadString('\n')
	if err != nil && !(errors.Is(err, io.EOF) && line != "") {
		return "", errors.New("no password on stdin: give it on the first line")
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// userError shows a domain error's user message (Dutch) on the terminal.
func userError(err error) error {
	if c := perspectief.ErrorCode(err); c != perspectief.CodeInternal {
		return errors.New(perspectief.ErrorMessage(err))
	}
	return err
}
