package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
)

type tokensView struct {
	Page
	Tokens    []account.Token
	NewName   string
	NewSecret string // shown once, right after creation
	Error     string
}

// tokens lists the user's own API tokens. A token acts with the user's role,
// so every role may make tokens for itself and nobody for someone else.
func (s *Server) tokens(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	return s.showTokens(w, r, rc, http.StatusOK, tokensView{})
}

func (s *Server) showTokens(w http.ResponseWriter, r *http.Request, rc *reqCtx, status int, v tokensView) error {
	ts, err := s.Accounts.Tokens(r.Context(), *rc.User)
	if err != nil {
		return err
	}
	v.Page = s.page(r, rc, "API-tokens", "tokens")
	v.Tokens = ts
	s.render(w, r, status, "tokens", v)
	return nil
}

func (s *Server) tokenCreate(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	name := strings.TrimSpace(r.PostFormValue("naam"))
	if name == "" || len(name) > 100 {
		return s.showTokens(w, r, rc, http.StatusUnprocessableEntity, tokensView{NewName: name, Error: "Geef het token een naam van hoogstens 100 tekens, zodat u het later herkent."})
	}
	secret, _, err := s.Accounts.CreateToken(r.Context(), rc.User.Email, name, rc.User.Email)
	if err != nil {
		if perspectief.ErrorCode(err) == perspectief.CodeInvalid {
			return s.showTokens(w, r, rc, http.StatusUnprocessableEntity, tokensView{NewName: name, Error: perspectief.ErrorMessage(err)})
		}
		return err
	}
	// Rendered, not redirected: the secret exists only in this response.
	return s.showTokens(w, r, rc, http.StatusOK, tokensView{NewSecret: secret})
}

func (s *Server) tokenRevoke(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return notFoundf("Dit API-token bestaat niet.")
	}
	// The store revokes only tokens of this user, so one user cannot revoke
	// another's token by guessing its number.
	if err := s.Accounts.RevokeToken(r.Context(), *rc.User, id); err != nil {
		return err
	}
	http.Redirect(w, r, "/tokens?melding=token-ingetrokken", http.StatusSeeOther)
	return nil
}
