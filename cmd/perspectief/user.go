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

func init() {
	register("user", "manage accounts: user add|list|role|disable|enable|passwd --db DSN [--email ADDRESS] [--role ROLE]", runUser)
}

const userUsage = `usage:
  perspectief user add     --db DSN --email ADDRESS --role ROLE [--name NAME]   (password on stdin or the terminal)
  perspectief user list    --db DSN
  perspectief user role    --db DSN --email ADDRESS --role ROLE
  perspectief user disable --db DSN --email ADDRESS   (ends its sessions, revokes its API tokens)
  perspectief user enable  --db DSN --email ADDRESS
  perspectief user passwd  --db DSN --email ADDRESS   (a one-time password, to be changed at the next login)
Whoever holds the database is the operator: these commands need no login`

func runUser(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return errors.New(userUsage)
	}
	sub := args[0]
	fs := flag.NewFlagSet("user "+sub, flag.ContinueOnError)
	dsn := fs.String("db", "", "database: a SQLite file or a postgres:// URL")
	email := fs.String("email", "", "e-mail address of the account")
	role := fs.String("role", "", "beheerder, programmateam, projectleider, ervaringsdeskundige or lezer")
	name := fs.String("name", "", "display name (default: the e-mail address)")
	switch sub {
	case "add", "list", "role", "disable", "enable", "passwd":
	default:
		return errors.New(userUsage)
	}
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *dsn == "" {
		return errors.New("--db is required")
	}
	if sub != "list" && *email == "" {
		return fmt.Errorf("user %s: --email is required", sub)
	}
	if (sub == "add" || sub == "role") && *role == "" {
		return fmt.Errorf("user %s: --role is required", sub)
	}
	if *role != "" && !account.Role(*role).Valid() {
		return fmt.Errorf("unknown role %q: choose beheerder, programmateam, projectleider, ervaringsdeskundige or lezer", *role)
	}
	var pw string
	if sub == "add" || sub == "passwd" {
		var err error
		if pw, err = readPassword(os.Stdin, os.Stderr); err != nil {
			return err
		}
	}
	db, err := store.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	svc := account.NewService(db.Accounts())
	if sub == "add" {
		u, err := svc.AddUser(ctx, *email, *name, account.Role(*role), pw, "cli")
		if err != nil {
			return userError(err)
		}
		fmt.Fprintf(os.Stderr, "Account %s created with role %s.\n", u.Email, u.Role)
		return nil
	}
	if sub == "list" {
		us, err := svc.Users(ctx, cliUser)
		if err != nil {
			return err
		}
		return writeUsers(os.Stdout, us)
	}
	u, err := svc.UserByEmail(ctx, cliUser, *email)
	if err != nil {
		return userError(err)
	}
	var done string
	switch sub {
	case "role":
		done = "now has role " + *role
		err = svc.SetRole(ctx, cliUser, u.ID, account.Role(*role))
	case "disable":
		done = "is disabled: its sessions ended and its API tokens were revoked"
		err = svc.Disable(ctx, cliUser, u.ID)
	case "enable":
		done = "is enabled; it needs new API tokens"
		err = svc.Enable(ctx, cliUser, u.ID)
	case "passwd":
		done = "has a one-time password, to be changed at the next login; its sessions ended"
		err = svc.SetOneTimePassword(ctx, cliUser, u.ID, pw)
	}
	if err != nil {
		return userError(err)
	}
	fmt.Fprintf(os.Stderr, "Account %s %s.\n", u.Email, done)
	return nil
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
