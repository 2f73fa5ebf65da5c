package web

import (
	"errors"
	"io"
	"net/http"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/programme"
)

type importView struct {
	Page
	fileRefusal
}

// fileRefusal is what an upload page shows (partial "upload-refused") when
// the file is missing or refused: the message and a line per problem.
type fileRefusal struct {
	Message  string
	Details  []string
	FileName string
}

// readUpload passes the form's file "bestand" to read. A missing file or a
// file that read refuses (perspectief.CodeInvalid) gives a refusal for the
// page to show with status 422; anything else is an error.
func readUpload(r *http.Request, missing string, read func(name string, f io.Reader) error) (*fileRefusal, error) {
	file, hdr, err := r.FormFile("bestand")
	if err != nil {
		if !errors.Is(err, http.ErrMissingFile) {
			return nil, err
		}
		return &fileRefusal{Message: missing}, nil
	}
	defer file.Close()
	if err := read(hdr.Filename, file); err != nil {
		if perspectief.ErrorCode(err) != perspectief.CodeInvalid {
			return nil, err
		}
		return &fileRefusal{Message: perspectief.ErrorMessage(err), Details: perspectief.ErrorDetails(err), FileName: hdr.Filename}, nil
	}
	return nil, nil
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
	refusal, err := readUpload(r, "Kies een programmabestand (YAML) om in te lezen.",
		func(name string, f io.Reader) error {
			m, err := programme.ReadFile(name, f)
			if err != nil {
				return err
			}
			return s.Programme.Import(r.Context(), *rc.User, m)
		})
	if err != nil {
		return err
	}
	if refusal != nil {
		v := importView{Page: s.page(r, rc, "Fout: Programma inlezen", "programma"), fileRefusal: *refusal}
		s.render(w, r, http.StatusUnprocessableEntity, "import", v)
		return nil
	}
	http.Redirect(w, r, "/?melding=import", http.StatusSeeOther)
	return nil
}
