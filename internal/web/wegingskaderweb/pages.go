package wegingskaderweb

import (
	"embed"

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
	Wegingskader *wegingskader.Service
	Programme    *programme.Service
}
