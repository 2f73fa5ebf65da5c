package beheerweb

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/perspectief/perspectief/internal/web"

	"github.com/perspectief/perspectief"
)

type tokensView struct {
	web.Page
	Tokens    []TokenRow
	Validity  []ValidityOption
	NewName   string
	NewSecret string // shown once, right after creation
	Error     string
}

// tokens lists the user's own API tokens. A token acts with the user's role,
// so every role may make tokens for itself and nobody for someone else.
func (s *Pages) tokens(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	return s.showTokens(w, r, rc, http.StatusOK, tokensView{})
}

func (s *Pages) showTokens(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx, status int, v tokensView) error {
	ts, err := s.Accounts.Tokens(r.Context(), *rc.User)
	if err != nil {
		return err
	}
	v.Page = s.Page(r, rc, "API-tokens", "tokens")
	v.Tokens = s.tokenRows(ts)
	v.Validity = validityOptions(r.PostFormValue("geldig"))
	s.Render(w, r, status, "tokens", v)
	return nil
}

func (s *Pages) tokenCreate(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	name := strings.TrimSpace(r.PostFormValue("naam"))
	if name == "" || len(name) > 100 {
		return s.showTokens(w, r, rc, http.StatusUnprocessableEntity, tokensView{NewName: name, Error: "Geef het token een naam van hoogstens 100 tekens, zodat u het later herkent."})
	}
	days, err := 365, error(nil)
	if g := r.PostFormValue("geldig"); g != "" {
		days, err = strconv.Atoi(g)
	}
	if err != nil || !validDays(days) {
		return s.showTokens(w, r, rc, http.StatusUnprocessableEntity, tokensView{NewName: name, Error: "Kies hoe lang het token geldig is."})
	}
	secret, _, err := s.Accounts.CreateTokenUntil(r.Context(), rc.User.Email, name, rc.User.Email, s.Accounts.Now().Add(time.Duration(days)*24*time.Hour))
	if err != nil {
		if perspectief.ErrorCode(err) == perspectief.CodeInvalid {
			return s.showTokens(w, r, rc, http.StatusUnprocessableEntity, tokensView{NewName: name, Error: perspectief.ErrorMessage(err)})
		}
		return err
	}
	// Rendered, not redirected: the secret exists only in this response.
	return s.showTokens(w, r, rc, http.StatusOK, tokensView{NewSecret: secret})
}

// ValidityOption is one choice of how long a new token is valid.
type ValidityOption struct {
	Days     int
	Label    string
	Selected bool
}

var validities = []ValidityOption{{30, "30 dagen", false}, {90, "90 dagen", false}, {365, "1 jaar", false}, {730, "2 jaar", false}}

func validDays(d int) bool {
	for _, o := range validities {
		if o.Days == d {
			return true
		}
	}
	return false
}

// validityOptions selects the posted choice, or one year.
func validityOptions(sel string) []ValidityOption {
	out := make([]ValidityOption, len(validities))
	copy(out, validities)
	d, err := strconv.Atoi(sel)
	if err != nil || !validDays(d) {
		d = 365
	}
	for i := range out {
		out[i].Selected = out[i].Days == d
	}
	return out
}

func (s *Pages) tokenRevoke(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return web.NotFoundf("Dit API-token bestaat niet.")
	}
	// The store revokes only tokens of this user, so one user cannot revoke
	// another's token by guessing its number.
	if err := s.Accounts.RevokeToken(r.Context(), *rc.User, id); err != nil {
		return err
	}
	http.Redirect(w, r, "/tokens?melding=token-ingetrokken", http.StatusSeeOther)
	return nil
}
