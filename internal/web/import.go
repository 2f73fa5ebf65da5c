package web

import (
	"errors"
	"net/http"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/programme"
)

type importView struct {
	Page
	Message  string
	Details  []string
	FileName string
}

func (s *Server) importAllowed(rc *reqCtx) error {
	return account.Require(rc.User.CanEditProgramme(), "het programma inleest")
}

func (s *Server) importForm(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	if err := s.importAllowed(rc); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "import", importView{Page: s.page(r, rc, "Programma inlezen", "programma")})
	return nil
}

// importUpload replaces the programme with an uploaded file. A file with
// any problem is refused whole and every problem is listed with its line, so
// the user can fix them all in one go.
func (s *Server) importUpload(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	if err := s.importAllowed(rc); err != nil {
		return err
	}
	v := importView{Page: s.page(r, rc, "Programma inlezen", "programma")}
	file, hdr, err := r.FormFile("bestand")
	if err != nil {
		if !errors.Is(err, http.ErrMissingFile) {
			return err
		}
		v.Title = "Fout: " + v.Title
		v.Message = "Kies een programmabestand (YAML) om in te lezen."
		s.render(w, r, http.StatusUnprocessableEntity, "import", v)
		return nil
	}
	defer file.Close()
	v.FileName = hdr.Filename
	m, err := programme.ReadFile(hdr.Filename, file)
	if err == nil {
		err = s.Programme.Import(r.Context(), *rc.User, m)
	}
	if err != nil {
		if perspectief.ErrorCode(err) != perspectief.CodeInvalid {
			return err
		}
		v.Title = "Fout: " + v.Title
		v.Message = perspectief.ErrorMessage(err)
		v.Details = perspectief.ErrorDetails(err)
		s.render(w, r, http.StatusUnprocessableEntity, "import", v)
		return nil
	}
	http.Redirect(w, r, "/?melding=import", http.StatusSeeOther)
	return nil
}
