package reportweb

import (
	"embed"

	"github.com/perspectief/perspectief/internal/report"
	"github.com/perspectief/perspectief/internal/web"
)

//go:embed templates
var templateFS embed.FS

// Templates are this feature's pages, parsed at start-up.
var Templates = web.ParseTemplates(templateFS)

// Pages serves this feature's pages; Routes mounts them.
type Pages struct {
	web.Base
	Reports *report.Service
	// Tertials makes the tertial reports for the regiegroep; nil answers
	// their pages with "not available".
	Tertials *report.TertialService
}
