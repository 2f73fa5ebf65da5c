package wegingskaderweb

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/perspectief/perspectief/internal/web"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	wk "github.com/perspectief/perspectief/internal/wegingskader"
)

type wkRoundView struct {
	web.Page
	RoundHead
	Framework       *wk.Framework
	Requests        []wkRequestRow
	Years           []wkYearRow
	Me              *wk.Member
	CanEdit         bool // prepare: edit and open
	CanClose        bool
	ExpertSubmitted bool
	Submitted       int
	Experts         int
}

// roundFor reads the round of the {id} path value for u.
func (s *Pages) roundFor(r *http.Request, rc *web.ReqCtx) (*wk.Round, error) {
	id, err := pathID(r, "id", "ronde")
	if err != nil {
		return nil, err
	}
	return s.Wegingskader.Round(r.Context(), *rc.User, id)
}

func roundURL(id int64, rest string) string {
	return "/wegingskader/rondes/" + strconv.FormatInt(id, 10) + rest
}

func (s *Pages) wkRoundPage(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	rd, err := s.roundFor(r, rc)
	if err != nil {
		return err
	}
	ctx := r.Context()
	f, err := s.Wegingskader.Framework(ctx, rd.FrameworkVersion)
	if err != nil {
		return err
	}
	reqs, err := s.Wegingskader.RoundRequests(ctx, rd)
	if err != nil {
		return err
	}
	goals, err := s.Wegingskader.TacticalGoals(ctx)
	if err != nil {
		return err
	}
	u := *rc.User
	v := wkRoundView{Page: s.Page(r, rc, rd.Name, "wegingskader"), RoundHead: wkHead(u, rd, "ronde"), Framework: f}
	asked := wk.Amounts{}
	for _, rq := range reqs {
		v.Requests = append(v.Requests, wkRequestRow{Request: rq, Goals: wkGoalRefs(goals, rq.Goals)})
		for y, a := range rq.Amounts {
			asked[y] += a
		}
	}
	for _, y := range rd.Years() {
		v.Years = append(v.Years, wkYearRow{Year: y, Budget: rd.Budget[y], Asked: asked[y], Over: asked[y] > rd.Budget[y]})
	}
	if m, ok := rd.Member(u.Email); ok {
		v.Me = &m
	}
	for _, m := range rd.Panel {
		if m.Expert() {
			v.Experts++
		}
		if m.Submitted() {
			v.Submitted++
			v.ExpertSubmitted = v.ExpertSubmitted || m.Expert()
		}
	}
	v.CanEdit = u.CanManageRounds() && rd.Status == wk.StatusDraft
	v.CanClose = u.CanManageRounds() && rd.Status == wk.StatusOpen
	s.Render(w, r, http.StatusOK, "wk_round", v)
	return nil
}

func (s *Pages) wkRoundOpen(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	id, err := pathID(r, "id", "ronde")
	if err != nil {
		return err
	}
	if err := s.Wegingskader.OpenRound(r.Context(), *rc.User, id); err != nil {
		return err
	}
	http.Redirect(w, r, roundURL(id, "?melding=wk-geopend"), http.StatusSeeOther)
	return nil
}

func (s *Pages) wkRoundClose(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	id, err := pathID(r, "id", "ronde")
	if err != nil {
		return err
	}
	if err := s.Wegingskader.CloseRound(r.Context(), *rc.User, id); err != nil {
		return err
	}
	http.Redirect(w, r, roundURL(id, "/uitslag?melding=wk-gesloten"), http.StatusSeeOther)
	return nil
}

// The round form.

type wkRoundForm struct {
	web.Page
	ID          int64
	Name        string
	Description string
	Versions    []wkOption
	Budget      wkYearsBox
	Panel       []wkOption
	Requests    []wkOption
	Errors      []web.FieldErr
	Summary     string
	FieldErrors map[string]string
}

// Err returns the message shown next to a field.
func (v wkRoundForm) Err(key string) string { return v.FieldErrors[key] }

func (s *Pages) wkRoundForm(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	if err := account.Require(rc.User.CanManageRounds(), "een beoordelingsronde voorbereidt"); err != nil {
		return err
	}
	in := wk.RoundInput{}
	var id int64
	if r.PathValue("id") != "" {
		rd, err := s.roundFor(r, rc)
		if err != nil {
			return err
		}
		if rd.Status != wk.StatusDraft {
			return perspectief.Errorf(perspectief.CodeConflict, "Ronde %q is al geopend; wat is voorbereid, kan niet meer veranderen.", rd.Name)
		}
		id = rd.ID
		in = wk.RoundInput{Name: rd.Name, Description: rd.Description, FrameworkVersion: rd.FrameworkVersion, Budget: rd.Budget, Requests: rd.Requests}
		for _, m := range rd.Panel {
			in.Panel = append(in.Panel, m.Email)
		}
	}
	return s.showRoundForm(w, r, rc, http.StatusOK, id, in, amountTexts(in.Budget), nil)
}

func (s *Pages) showRoundForm(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx, status int, id int64, in wk.RoundInput, budget map[int]string, err error) error {
	ctx := r.Context()
	versions, verr := s.Wegingskader.Frameworks(ctx)
	if verr != nil {
		return verr
	}
	candidates, cerr := s.Wegingskader.PanelCandidates(ctx, *rc.User)
	if cerr != nil {
		return cerr
	}
	reqs, rerr := s.Wegingskader.Requests(ctx, *rc.User)
	if rerr != nil {
		return rerr
	}
	title := "Nieuwe beoordelingsronde"
	if id != 0 {
		title = "Ronde voorbereiden: " + in.Name
	}
	v := wkRoundForm{Page: s.Page(r, rc, title, "wegingskader"), ID: id, Name: in.Name, Description: in.Description}
	newest := versions[len(versions)-1].Version
	for _, f := range versions {
		sel := in.FrameworkVersion == f.Version || (in.FrameworkVersion == 0 && f.Version == newest)
		v.Versions = append(v.Versions, wkOption{Value: strconv.Itoa(f.Version), Label: "Versie " + strconv.Itoa(f.Version) + ": " + f.Name, Checked: sel})
	}
	var have []int
	for y := range budget {
		have = append(have, y)
	}
	years := formYears(s.thisYear(), have)
	fields := amountFields("budget", years, budget)
	for _, a := range candidates {
		v.Panel = append(v.Panel, wkOption{ID: "panel-" + strconv.FormatInt(a.ID, 10), Value: a.Email, Label: a.Name + " (" + a.Role.Label() + ")", Hint: a.Email, Checked: slices.ContainsFunc(in.Panel, func(e string) bool { return strings.EqualFold(e, a.Email) })})
	}
	for _, rq := range reqs {
		var parts []string
		for _, y := range rq.Amounts.Years() {
			parts = append(parts, strconv.Itoa(y)+": "+wk.Euros(rq.Amounts[y]))
		}
		v.Requests = append(v.Requests, wkOption{ID: "aanvraag-" + strconv.FormatInt(rq.ID, 10), Value: strconv.FormatInt(rq.ID, 10), Label: rq.Title + " (" + rq.Applicant + ")", Hint: rq.TargetGroup.Label() + "; " + strings.Join(parts, ", "), Checked: slices.Contains(in.Requests, rq.ID)})
	}
	if err != nil {
		v.Title = "Fout: " + v.Title
		v.Summary = perspectief.ErrorMessage(err)
		v.Errors, v.FieldErrors = web.FormErrors(err, place(func(path string) (string, string) {
			switch head := pathHead(path); head {
			case "budget":
				if y := strings.TrimPrefix(path, "budget."); y != path {
					return "budget-" + y, "budget-" + y
				}
				return "budget-" + strconv.Itoa(years[0]), "budget"
			case "panel":
				if len(v.Panel) > 0 {
					return v.Panel[0].ID, "panel"
				}
				return "inhoud", "panel"
			case "aanvragen":
				if len(v.Requests) > 0 {
					return v.Requests[0].ID, "aanvragen"
				}
				return "inhoud", "aanvragen"
			default:
				return head, head
			}
		}))
	}
	v.Budget = yearsBox("Budget per jaar", "In hele euro's. Laat een jaar leeg als de ronde voor dat jaar geen budget heeft; aanvragen die in dat jaar geld vragen, passen dan niet in de ronde.", "budget", fields, v.FieldErrors)
	s.Render(w, r, status, "wk_round_form", v)
	return nil
}

func (s *Pages) wkRoundSave(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	id, err := optionalID(r, "ronde")
	if err != nil {
		return err
	}
	f := r.PostForm
	in := wk.RoundInput{Name: f.Get("naam"), Description: f.Get("omschrijving"), Panel: f["panel"]}
	in.FrameworkVersion, _ = strconv.Atoi(f.Get("kaderversie"))
	for _, x := range f["aanvraag"] {
		if n, err := strconv.ParseInt(x, 10, 64); err == nil {
			in.Requests = append(in.Requests, n)
		}
	}
	years := formYears(s.thisYear(), yearsPosted(r, "budget"))
	budget, texts, bad := parseAmounts(r, "budget", "budget", years)
	in.Budget = budget
	if len(bad) == 0 {
		var rd *wk.Round
		if id == 0 {
			rd, err = s.Wegingskader.AddRound(r.Context(), *rc.User, in)
		} else {
			rd, err = s.Wegingskader.UpdateRound(r.Context(), *rc.User, id, in)
		}
		if err == nil {
			http.Redirect(w, r, roundURL(rd.ID, "?melding=wk-ronde"), http.StatusSeeOther)
			return nil
		}
		if perspectief.ErrorCode(err) != perspectief.CodeInvalid {
			return err
		}
	} else {
		err = perspectief.Invalid("De ronde is niet opgeslagen.", bad)
	}
	return s.showRoundForm(w, r, rc, http.StatusUnprocessableEntity, id, in, texts, err)
}
