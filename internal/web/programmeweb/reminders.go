package programmeweb

import (
	"net/http"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/reminder"
	"github.com/perspectief/perspectief/internal/web"
)

// remindersView is the list of reminders due now: what the e-mail sends,
// or, without a mail server, what the team passes on by hand.
type remindersView struct {
	web.Page
	Items    []reminder.Item
	Mail     bool // a mail server is set up
	Settings reminder.Settings
	Period   string // the tertial whose update is due, "" for none
}

func (s *Pages) reminders(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	if err := account.Require(rc.User.CanEditProgramme(), "de herinneringen bekijkt"); err != nil {
		return err
	}
	items, err := s.Reminders.Due(r.Context(), *rc.User)
	if err != nil {
		return err
	}
	v := remindersView{Page: s.Page(r, rc, "Herinneringen", "herinneringen"), Items: items, Mail: s.Reminders.Sender != nil, Settings: s.Reminders.Settings}
	if p, ok := s.Reminders.Settings.DueTertial(s.Reminders.Now()); ok {
		v.Period = p.Label()
	}
	s.Render(w, r, http.StatusOK, "reminders", v)
	return nil
}
