package learningweb

import (
	"context"
	"embed"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/learning"
	"github.com/perspectief/perspectief/internal/programme"
	"github.com/perspectief/perspectief/internal/web"
	"github.com/perspectief/perspectief/internal/wegingskader"
)

//go:embed templates
var templateFS embed.FS

// Templates are this feature's pages, parsed at start-up.
var Templates = web.ParseTemplates(templateFS)

// Pages serves this feature's pages; Routes mounts them.
type Pages struct {
	web.Base
	Learning  *learning.Service
	Programme *programme.Service
	// Indicators offers the register's indicators to link and filter on;
	// nil offers none.
	Indicators indicator.Reader
	// Rounds offers the wegingskader rounds to link and filter on; nil
	// offers none.
	Rounds RoundLister
}

// RoundLister lists the wegingskader rounds u may see
// (wegingskader.Service).
type RoundLister interface {
	Rounds(ctx context.Context, u account.User) ([]wegingskader.Round, error)
}
