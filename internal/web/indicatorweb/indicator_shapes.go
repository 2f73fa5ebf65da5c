package indicatorweb

import (
	"io"
	"net/http"

	"github.com/perspectief/perspectief/internal/web"

	"github.com/perspectief/perspectief/internal/geo"
)

// shapesView shows which outlines the maps draw and, for a beheerder, the
// form to import a GeoJSON file.
type shapesView struct {
	web.Page
	web.FileRefusal
	Sets      []ShapeSetRow
	CanUpload bool
}

// ShapeSetRow is one level of stored outlines.
type ShapeSetRow struct {
	Level, Count, Gemeenten, Source, Actor, When string
}

func (s *Pages) shapesView(r *http.Request, rc *web.ReqCtx) (shapesView, error) {
	v := shapesView{Page: s.Page(r, rc, "Kaartbestanden", "indicatoren"), CanUpload: s.Indicators.CanImportShapes(*rc.User) == nil}
	sets, err := s.Shapes.ShapeSets(r.Context())
	if err != nil {
		return v, err
	}
	for _, set := range sets {
		level := "wijken"
		if set.Level == geo.Buurt {
			level = "buurten"
		}
		v.Sets = append(v.Sets, ShapeSetRow{Level: level, Count: web.FormatThousands(float64(set.Count)), Gemeenten: web.FormatThousands(float64(set.Gemeenten)),
			Source: set.Source, Actor: set.Actor, When: web.FormatDateTime(set.ImportedAt)})
	}
	return v, nil
}

func (s *Pages) shapesPage(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	v, err := s.shapesView(r, rc)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "shapes", v)
	return nil
}

// shapesUpload imports a GeoJSON file of wijken or buurten. A file with
// any problem is refused whole and every problem is listed with the
// feature and property it concerns.
func (s *Pages) shapesUpload(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	if err := s.Indicators.CanImportShapes(*rc.User); err != nil {
		return err
	}
	refusal, err := web.ReadUpload(r, "Kies een kaartbestand (GeoJSON) om in te lezen.",
		func(name string, f io.Reader) error {
			_, err := s.Indicators.ImportShapes(r.Context(), *rc.User, name, f)
			return err
		})
	if err != nil {
		return err
	}
	if refusal != nil {
		v, err := s.shapesView(r, rc)
		if err != nil {
			return err
		}
		v.Title, v.FileRefusal = "Fout: "+v.Title, *refusal
		s.Render(w, r, http.StatusUnprocessableEntity, "shapes", v)
		return nil
	}
	http.Redirect(w, r, "/indicatoren/kaarten?melding=kaart", http.StatusSeeOther)
	return nil
}
