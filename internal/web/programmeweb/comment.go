package programmeweb

import (
	"cmp"
	"net/http"
	"slices"

	"github.com/perspectief/perspectief/internal/web"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/programme"
)

// CommentsBlock is the advice section of a goal or intervention page.
type CommentsBlock struct {
	Comments []programme.Comment
	CanAdd   bool
	Action   string
	CSRF     string
	Form     CommentForm
	web.People
}

// CommentForm keeps what the user typed when the comment was refused.
type CommentForm struct {
	Text  string
	Error string
}

func (s *Pages) commentsBlock(r *http.Request, rc *web.ReqCtx, kind, code, action string, form CommentForm) (CommentsBlock, error) {
	// The programme service has no read method for comments; reading them is
	// open to every role, so the store is asked directly.
	cs, err := s.Programme.Comments(r.Context(), kind, code)
	if err != nil {
		return CommentsBlock{}, err
	}
	// Newest first, like the progress history, whatever order the store keeps.
	slices.SortStableFunc(cs, func(a, b programme.Comment) int {
		if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
			return c
		}
		return cmp.Compare(b.ID, a.ID)
	})
	b := CommentsBlock{Comments: cs, CanAdd: rc.User.CanComment(), Action: action, Form: form, People: web.NewPeople(r.Context(), s.Accounts)}
	if rc.Session != nil {
		b.CSRF = rc.Session.CSRF
	}
	return b, nil
}

// addComment handles the comment form of a goal or intervention. On a
// validation error, reshow re-renders the page with the text kept.
// commentOn adds a comment to the goal or intervention (kind "doel" or
// "interventie") whose code the path names; its page is page+code, and
// show renders it again with a refused comment.
func (s *Pages) commentOn(kind, page string, show func(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx, code string, form CommentForm, status int) error) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
		code := r.PathValue("code")
		return s.addComment(w, r, rc, kind, code, page+code, func(f CommentForm) error {
			return show(w, r, rc, code, f, http.StatusUnprocessableEntity)
		})
	}
}

func (s *Pages) addComment(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx, kind, code, page string, reshow func(CommentForm) error) error {
	text := r.PostFormValue("tekst")
	if _, err := s.Programme.Comment(r.Context(), *rc.User, kind, code, text); err != nil {
		if perspectief.ErrorCode(err) != perspectief.CodeInvalid {
			return err
		}
		msg := perspectief.ErrorMessage(err)
		if fe := perspectief.ErrorFields(err); len(fe) > 0 {
			msg = web.UpperFirst(fe[0].Message) + "."
		}
		return reshow(CommentForm{Text: text, Error: msg})
	}
	http.Redirect(w, r, page+"?melding=opmerking#opmerkingen", http.StatusSeeOther)
	return nil
}
