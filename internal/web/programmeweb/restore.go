package programmeweb

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/perspectief/perspectief/internal/web"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/programme"
)

type restoreView struct {
	web.Page
	Version *programme.Version
	Preview *importPreview
}

func versionParam(r *http.Request) (int, error) {
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 1 {
		return 0, perspectief.Errorf(perspectief.CodeNotFound, "Versie %q van het programma bestaat niet.", r.PathValue("n"))
	}
	return n, nil
}

// restoreForm shows what restoring an earlier version would change against
// the current one, with the button that does it (beheerder only).
func (s *Pages) restoreForm(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	n, err := versionParam(r)
	if err != nil {
		return err
	}
	v, plan, err := s.Programme.PlanRestore(r.Context(), *rc.User, n)
	if err != nil {
		return err
	}
	s.renderRestore(w, r, rc, http.StatusOK, v, newPreview(plan, ""))
	return nil
}

func (s *Pages) renderRestore(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx, status int, v *programme.Version, p *importPreview) {
	title := fmt.Sprintf("Versie %d terugzetten", v.Number)
	if status != http.StatusOK {
		title = "Fout: " + title
	}
	s.Render(w, r, status, "restore", restoreView{Page: s.Page(r, rc, title, "doelenboom"), Version: v, Preview: p})
}

// restore makes an earlier version the programme again, as a new version,
// when the programme is still at the version the form showed.
func (s *Pages) restore(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	if err := account.Require(rc.User.CanAdminister(), "een eerdere versie van het programma terugzet"); err != nil {
		return err
	}
	n, err := versionParam(r)
	if err != nil {
		return err
	}
	base, err := strconv.Atoi(r.PostFormValue("basisversie"))
	if err != nil {
		return perspectief.Errorf(perspectief.CodeInvalid, "Het formulier mist de huidige versie. Open de pagina opnieuw.")
	}
	_, err = s.Programme.Restore(r.Context(), *rc.User, n, base)
	if perspectief.ErrorCode(err) == perspectief.CodeConflict {
		v, plan, perr := s.Programme.PlanRestore(r.Context(), *rc.User, n)
		if perr != nil {
			return perr
		}
		p := newPreview(plan, "")
		p.Notice = fmt.Sprintf("Het programma is gewijzigd sinds u deze pagina opende (toen versie %d, nu versie %d). Er is niets teruggezet; controleer de wijzigingen opnieuw.", base, plan.Base)
		s.renderRestore(w, r, rc, http.StatusConflict, v, p)
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/programma/versies?melding=teruggezet", http.StatusSeeOther)
	return nil
}
