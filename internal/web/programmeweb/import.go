package programmeweb

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/perspectief/perspectief/internal/web"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/programme"
)

type importView struct {
	web.Page
	web.FileRefusal
	Preview *importPreview
}

func (s *Pages) importAllowed(rc *web.ReqCtx) error {
	return account.Require(rc.User.CanEditProgramme(), "het programma inleest")
}

func (s *Pages) importForm(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	if err := s.importAllowed(rc); err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "import", importView{Page: s.Page(r, rc, "Programma inlezen", "programma")})
	return nil
}

// importPreview is the page between upload and import: what the file would
// add, change and remove, with a form that carries the file and the version
// it was compared with, so that only what was shown is applied.
type importPreview struct {
	Plan     *programme.Plan
	Content  string
	Removals []programme.Difference
	Changed  []programme.Difference
	Added    []programme.Difference
	Notice   string // why the preview is shown again
	NeedOK   bool   // removals were not confirmed
}

func newPreview(p *programme.Plan, content string) *importPreview {
	v := &importPreview{Plan: p, Content: content}
	for _, d := range p.Changes {
		switch d.Change {
		case programme.Removed:
			v.Removals = append(v.Removals, d)
		case programme.Changed:
			v.Changed = append(v.Changed, d)
		default:
			v.Added = append(v.Added, d)
		}
	}
	return v
}

// importUpload reads an uploaded programme file and shows what it would
// change; nothing is stored until the preview is confirmed (importConfirm).
// A file with any problem is refused whole and every problem is listed
// with its line, so the user can fix them all in one go.
func (s *Pages) importUpload(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	if err := s.importAllowed(rc); err != nil {
		return err
	}
	if r.PostFormValue("bevestigen") != "" {
		return s.importConfirm(w, r, rc)
	}
	var preview *importPreview
	var fileName string
	refusal, err := web.ReadUpload(r, "Kies een programmabestand (YAML) om in te lezen.",
		func(name string, f io.Reader) error {
			data, err := io.ReadAll(io.LimitReader(f, programme.MaxFileSize+1))
			if err != nil {
				return err
			}
			m, err := programme.ReadFile(name, bytes.NewReader(data))
			if err != nil {
				return err
			}
			p, err := s.Programme.PlanImport(r.Context(), *rc.User, m)
			if err != nil {
				return err
			}
			preview, fileName = newPreview(p, string(data)), name
			return nil
		})
	if err != nil {
		return err
	}
	if refusal != nil {
		v := importView{Page: s.Page(r, rc, "Fout: Programma inlezen", "programma"), FileRefusal: *refusal}
		s.Render(w, r, http.StatusUnprocessableEntity, "import", v)
		return nil
	}
	s.renderPreview(w, r, rc, http.StatusOK, preview, fileName)
	return nil
}

func (s *Pages) renderPreview(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx, status int, p *importPreview, name string) {
	title := "Controleer de wijzigingen: Programma inlezen"
	if status != http.StatusOK {
		title = "Fout: " + title
	}
	s.Render(w, r, status, "import", importView{Page: s.Page(r, rc, title, "programma"), FileRefusal: web.FileRefusal{FileName: name}, Preview: p})
}

// importConfirm applies a previewed file: only when the programme is still
// at the version the preview was compared with, and removals only when the
// user ticked that they are meant.
func (s *Pages) importConfirm(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	name := r.PostFormValue("naam")
	content := r.PostFormValue("inhoud")
	base, err := strconv.Atoi(r.PostFormValue("basisversie"))
	if err != nil {
		return perspectief.Errorf(perspectief.CodeInvalid, "Het formulier mist de versie waarmee het bestand is vergeleken. Lees het bestand opnieuw in.")
	}
	m, err := programme.ReadFile(name, strings.NewReader(content))
	if err != nil {
		if perspectief.ErrorCode(err) != perspectief.CodeInvalid {
			return err
		}
		v := importView{Page: s.Page(r, rc, "Fout: Programma inlezen", "programma"),
			FileRefusal: web.FileRefusal{Message: perspectief.ErrorMessage(err), Details: perspectief.ErrorDetails(err), FileName: name}}
		s.Render(w, r, http.StatusUnprocessableEntity, "import", v)
		return nil
	}
	plan, err := s.Programme.PlanImport(r.Context(), *rc.User, m)
	if err != nil {
		return err
	}
	p := newPreview(plan, content)
	if plan.Base != base {
		p.Notice = fmt.Sprintf("Het programma is gewijzigd sinds u dit bestand controleerde (toen versie %d, nu versie %d). Er is niets ingelezen. Hieronder staan de wijzigingen ten opzichte van de nieuwe versie; controleer ze opnieuw.", base, plan.Base)
		s.renderPreview(w, r, rc, http.StatusConflict, p, name)
		return nil
	}
	consent := r.PostFormValue("verwijderen") == "ja"
	if len(p.Removals) > 0 && !consent {
		p.NeedOK = true
		s.renderPreview(w, r, rc, http.StatusUnprocessableEntity, p, name)
		return nil
	}
	n, err := s.Programme.Import(r.Context(), *rc.User, m, programme.ImportOptions{Base: base, AllowRemovals: consent})
	if perspectief.ErrorCode(err) == perspectief.CodeConflict {
		// Another change won the race between the check above and the import.
		p.Notice = "Het programma is zojuist door iemand anders gewijzigd. Er is niets ingelezen; lees het bestand opnieuw in."
		s.renderPreview(w, r, rc, http.StatusConflict, p, name)
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/programma/versies?melding=import#versie-"+strconv.Itoa(n), http.StatusSeeOther)
	return nil
}
