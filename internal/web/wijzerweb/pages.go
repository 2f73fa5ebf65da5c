package wijzerweb

import (
	"embed"
	"time"

	"github.com/perspectief/perspectief/internal/eligibility"
	"github.com/perspectief/perspectief/internal/web"
)

//go:embed templates
var templateFS embed.FS

// Templates are this feature's pages, parsed at start-up.
var Templates = web.ParseTemplates(templateFS)

// Pages serves this feature's pages; Routes mounts them.
type Pages struct {
	web.Base
	Rules *eligibility.Service
	// Now gives the moment the rules are applied for.
	Now func() time.Time
}
