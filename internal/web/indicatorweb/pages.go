package indicatorweb

import (
	"embed"

	"github.com/perspectief/perspectief/internal/geo"
	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/programme"
	"github.com/perspectief/perspectief/internal/web"
)

//go:embed templates
var templateFS embed.FS

// Templates are this feature's pages, parsed at start-up.
var Templates = web.ParseTemplates(templateFS)

// Pages serves this feature's pages; Routes mounts them.
type Pages struct {
	web.Base
	Indicators *indicator.Service
	Shapes     geo.Reader
	// Programme offers the goals an indicator can measure; nil offers none.
	Programme *programme.Service
}
