package web

import (
	"context"
	"strings"
	"sync"

	"github.com/perspectief/perspectief/internal/account"
)

// People shows accounts by their display name instead of their e-mail
// address. Pages embed it (through Page) and call {{.Person .Author}}; the
// names are read once per request, and only when a page shows a person.
type People struct{ book *nameBook }

type nameBook struct {
	once  sync.Once
	load  func() map[string]string
	names map[string]string
}

func NewPeople(ctx context.Context, accts *account.Service) People {
	if accts == nil {
		return People{}
	}
	return People{book: &nameBook{load: func() map[string]string {
		names, err := accts.DisplayNames(ctx)
		if err != nil {
			return nil // the addresses are shown instead; the page still works
		}
		return names
	}}}
}

// systemActors are the actors that are no person, in words: the demo's
// seeded data was made by no one.
var systemActors = map[string]string{"demo": "de demo-omgeving"}

// Person is the display name of the account with this e-mail address, or
// the text itself when it is no account's address (a name typed by hand,
// an address of someone without an account, "cli").
func (p People) Person(email string) string {
	if n, ok := systemActors[email]; ok {
		return n
	}
	if p.book == nil || email == "" {
		return email
	}
	p.book.once.Do(func() { p.book.names = p.book.load() })
	if n, ok := p.book.names[strings.ToLower(strings.TrimSpace(email))]; ok {
		return n
	}
	return email
}
