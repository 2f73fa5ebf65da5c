package web

import (
	"io"
	"net/http"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/geo"
)

// shapesView shows which outlines the maps draw and, for a beheerder, the
// form to import a GeoJSON file.
type shapesView struct {
	Page
	FileRefusal
	Sets      []ShapeSetRow
	CanUpload bool
}

// ShapeSetRow is one level of stored outlines.
type ShapeSetRow struct {
	Level, Count, Gemeenten, Source, Actor, When string
}

func (s *Server) shapesView(r *http.Request, rc *ReqCtx) (shapesView, error) {
	v := shapesView{Page: s.Page(r, rc, "Kaartbestanden", "indicatoren"), CanUpload: s.Indicators != nil && s.Indicators.CanImportShapes(*rc.User) == nil}
	if s.Shapes == nil {
		return v, nil
	}
	sets, err := s.Shapes.ShapeSets(r.Context())
	if err != nil {
		return v, err
	}
	for _, set := range sets {
		level := "wijken"
		if set.Level == geo.Buurt {
			level = "buurten"
		}
		v.Sets = append(v.Sets, ShapeSetRow{Level: level, Count: FormatThousands(float64(set.Count)), Gemeenten: FormatThousands(float64(set.Gemeenten)),
			Source: set.Source, Actor: set.Actor, When: FormatDateTime(set.ImportedAt)})
	}
	return v, nil
}

func (s *Server) shapesPage(w http.ResponseWriter, r *http.Request, rc *ReqCtx) error {
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
func (s *Server) shapesUpload(w http.ResponseWriter, r *http.Request, rc *ReqCtx) error {
	if s.Indicators == nil {
		return perspectief.Errorf(perspectief.CodeNotFound, "Kaartbestanden inlezen kan op deze server niet.")
	}
	if err := s.Indicators.CanImportShapes(*rc.User); err != nil {
		return err
	}
	refusal, err := ReadUpload(r, "Kies een kaartbestand (GeoJSON) om in te lezen.",
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
