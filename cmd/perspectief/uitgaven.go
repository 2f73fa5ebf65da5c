package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/procesmonitor"
	"github.com/perspectief/perspectief/internal/store"
)

const uitgavenUsage = `usage:
  perspectief uitgaven inlezen --db DSN FILE.csv

inlezen reads an export of the financial administration with the header
  boekdatum,lijn_of_post,bedrag,omschrijving,referentie
(comma or semicolon separated; dates JJJJ-MM-DD or DD-MM-JJJJ; amounts in
euros with at most two decimals) and stores its bookings in one
transaction. lijn_of_post is the code of a budget item (L1.2) or of a
programme line (L1). A file with any bad line is refused whole, each
problem named as FILE:LINE: column: reason. Bookings whose reference is
already stored with the same date, code and amount are skipped, so
importing the same export twice changes nothing. The import is audited
with the actor "cli".
`

// cliUser is who acts for the command line: it has the database itself in
// hand, so it may do what a beheerder may.
var cliUser = account.User{Email: "cli", Name: "perspectief (command line)", Role: account.RoleAdmin}

func uitgavenInlezen(ctx context.Context, args []string) error {
	return withImport(ctx, "uitgaven inlezen", uitgavenUsage, args, func(db *store.DB, name string, f io.Reader) error {
		res, err := procesmonitor.NewService(db.Procesmonitor(), db.Programmes()).ImportBookings(ctx, cliUser, name, f)
		if err != nil {
			return refused(err)
		}
		if res.Added == 0 {
			fmt.Fprintf(os.Stderr, "Nothing new in %s: all %d bookings were already stored; nothing changed.\n", name, res.Known)
			return nil
		}
		fmt.Fprintf(os.Stderr, "Stored %d new bookings from %s (%d already stored, skipped).\n", res.Added, name, res.Known)
		return nil
	})
}
