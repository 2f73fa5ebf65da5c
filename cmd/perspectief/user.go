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

	"golang.org/x/term"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/store"
)

func init() {
	register("user", "manage accounts: user add --db DSN --role ROLE --email ADDRESS", runUser)
}

func runUser(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "add" {
		return errors.New("usage: perspectief user add --db DSN --role ROLE --email ADDRESS [--name NAME]")
	}
	fs := flag.NewFlagSet("user add", flag.ContinueOnError)
	dsn := fs.String("db", "", "database: a SQLite file or a postgres:// URL")
	role := fs.String("role", "", "beheerder, programmateam, projectleider, ervaringsdeskundige or lezer")
	email := fs.String("email", "", "e-mail address, used to log in")
	name := fs.String("name", "", "display name (default: the e-mail address)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *dsn == "" || *role == "" || *email == "" {
		return errors.New("--db, --role and --email are required")
	}
	if !account.Role(*role).Valid() {
		return fmt.Errorf("unknown role %q: choose beheerder, programmateam, projectleider, ervaringsdeskundige or lezer", *role)
	}
	pw, err := readPassword(os.Stdin, os.Stderr)
	if err != nil {
		return err
	}
	db, err := store.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := account.NewService(db).AddUser(ctx, *email, *name, account.Role(*role), pw, "cli")
	if err != nil {
		return userError(err)
	}
	fmt.Fprintf(os.Stderr, "Account %s created with role %s.\n", u.Email, u.Role)
	return nil
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
