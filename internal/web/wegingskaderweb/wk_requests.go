package wegingskaderweb

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/perspectief/perspectief/internal/web"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/programme"
	wk "github.com/perspectief/perspectief/internal/wegingskader"
)

type wkRequestsView struct {
	web.Page
	Requests  []wkRequestRow
	CanManage bool
}

type wkRequestRow struct {
	wk.Request
	Goals []programme.Goal
}

func (s *Pages) wkRequests(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	reqs, err := s.Wegingskader.Requests(r.Context(), *rc.User)
	if err != nil {
		return err
	}
	goals, err := s.Wegingskader.TacticalGoals(r.Context())
	if err != nil {
		return err
	}
	v := wkRequestsView{Page: s.Page(r, rc, "Aanvragen", "wegingskader"), CanManage: rc.User.CanManageRounds()}
	for _, rq := range reqs {
		v.Requests = append(v.Requests, wkRequestRow{Request: rq, Goals: wkGoalRefs(goals, rq.Goals)})
	}
	s.Render(w, r, http.StatusOK, "wk_requests", v)
	return nil
}

type wkRequestView struct {
	web.Page
	Request wk.Request
	Goals   []programme.Goal
	CanEdit bool
	Locked  bool
	Rounds  []wk.Round
}

func (s *Pages) wkRequestPage(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	id, err := pathID(r, "id", "aanvraag")
	if err != nil {
		return err
	}
	ctx := r.Context()
	rq, err := s.Wegingskader.Request(ctx, *rc.User, id)
	if err != nil {
		return err
	}
	goals, err := s.Wegingskader.TacticalGoals(ctx)
	if err != nil {
		return err
	}
	rounds, err := s.Wegingskader.Rounds(ctx, *rc.User)
	if err != nil {
		return err
	}
	v := wkRequestView{Page: s.Page(r, rc, rq.Title, "wegingskader"), Request: *rq, Goals: wkGoalRefs(goals, rq.Goals)}
	for _, rd := range rounds {
		if rd.HasRequest(id) {
			v.Rounds = append(v.Rounds, rd)
		}
	}
	v.CanEdit = rc.User.CanManageRounds()
	v.Locked = v.CanEdit && !s.Wegingskader.Editable(ctx, *rc.User, id)
	s.Render(w, r, http.StatusOK, "wk_request", v)
	return nil
}

// The request form.

type wkRequestForm struct {
	web.Page
	ID          int64
	Applicant   string
	RTitle      string
	Description string
	Groups      []wkOption
	Goals       []wkOption
	Years       wkYearsBox
	Attachments []wkAttachmentRow
	Errors      []web.FieldErr
	Summary     string
	FieldErrors map[string]string
}

// Err returns the message shown next to a field.
func (v wkRequestForm) Err(key string) string { return v.FieldErrors[key] }

// wkOption is a radio button or checkbox.
type wkOption struct {
	ID, Value, Label, Hint string
	Checked                bool
}

// wkAmountField is the amount of one year.
type wkAmountField struct {
	Year  int
	ID    string
	Value string
	Error string
}

// wkYearsBox is a fieldset of amounts per year, with its errors.
type wkYearsBox struct {
	Legend, Hint, Error string
	Fields              []wkAmountField
}

// yearsBox puts the messages of errs (by field id, and under key for the
// whole group) next to the fields.
func yearsBox(legend, hint, key string, fields []wkAmountField, errs map[string]string) wkYearsBox {
	for i := range fields {
		fields[i].Error = errs[fields[i].ID]
	}
	return wkYearsBox{Legend: legend, Hint: hint, Error: errs[key], Fields: fields}
}

// optionalID reads the {id} of a handler that serves both "new" (no id)
// and "change"; 0 means new.
func optionalID(r *http.Request, what string) (int64, error) {
	if r.PathValue("id") == "" {
		return 0, nil
	}
	return pathID(r, "id", what)
}

type wkAttachmentRow struct {
	N           int
	Title, Text string
}

// emptyAttachmentRows is how many blank attachment rows the form offers.
const emptyAttachmentRows = 2

// formYears are the years a form offers amounts for: this year and the
// three after it, plus any year the data already has.
func formYears(now int, have []int) []int {
	ys := []int{now, now + 1, now + 2, now + 3}
	for _, y := range have {
		if !slices.Contains(ys, y) {
			ys = append(ys, y)
		}
	}
	slices.Sort(ys)
	return ys
}

func amountFields(prefix string, years []int, values map[int]string) []wkAmountField {
	out := make([]wkAmountField, len(years))
	for i, y := range years {
		out[i] = wkAmountField{Year: y, ID: prefix + "-" + strconv.Itoa(y), Value: values[y]}
	}
	return out
}

func amountTexts(a wk.Amounts) map[int]string {
	out := map[int]string{}
	for y, v := range a {
		out[y] = strconv.FormatInt(v, 10)
	}
	return out
}

// parseAmounts reads the amount fields (prefix-YEAR) of years; blank
// fields are no amount. Unreadable amounts come back as field errors at
// path.YEAR, as the domain's validation names them.
func parseAmounts(r *http.Request, prefix, path string, years []int) (wk.Amounts, map[int]string, []perspectief.FieldError) {
	a, texts := wk.Amounts{}, map[int]string{}
	var bad []perspectief.FieldError
	for _, y := range years {
		t := strings.TrimSpace(r.PostFormValue(prefix + "-" + strconv.Itoa(y)))
		texts[y] = t
		if t == "" {
			continue
		}
		v, err := wk.ParseEuros(t)
		if err != nil {
			bad = append(bad, perspectief.FieldError{Path: fmt.Sprintf("%s.%d", path, y), Message: fmt.Sprintf("%d: %v", y, err)})
			continue
		}
		a[y] = v
	}
	return a, texts, bad
}

// yearsPosted lists the years of the prefix-YEAR fields in the form.
func yearsPosted(r *http.Request, prefix string) []int {
	var out []int
	for k := range r.PostForm {
		if y, ok := strings.CutPrefix(k, prefix+"-"); ok {
			if n, err := strconv.Atoi(y); err == nil && n >= 1900 && n <= 2200 {
				out = append(out, n)
			}
		}
	}
	return out
}

func (s *Pages) thisYear() int { return s.Programme.Now().In(web.Amsterdam).Year() }

func (s *Pages) wkRequestForm(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	if err := account.Require(rc.User.CanManageRounds(), "een aanvraag registreert of wijzigt"); err != nil {
		return err
	}
	var rq wk.Request
	id, err := optionalID(r, "aanvraag")
	if err != nil {
		return err
	}
	if id != 0 {
		got, err := s.Wegingskader.Request(r.Context(), *rc.User, id)
		if err != nil {
			return err
		}
		if !s.Wegingskader.Editable(r.Context(), *rc.User, id) {
			return perspectief.Errorf(perspectief.CodeConflict, "Aanvraag %d hoort bij een ronde die al geopend is; de aanvraag kan niet meer veranderen.", id)
		}
		rq = *got
	}
	return s.showRequestForm(w, r, rc, http.StatusOK, rq, amountTexts(rq.Amounts), nil)
}

func (s *Pages) showRequestForm(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx, status int, rq wk.Request, amounts map[int]string, err error) error {
	goals, gerr := s.Wegingskader.TacticalGoals(r.Context())
	if gerr != nil {
		return gerr
	}
	title := "Nieuwe aanvraag"
	if rq.ID != 0 {
		title = "Aanvraag wijzigen: " + rq.Title
	}
	v := wkRequestForm{Page: s.Page(r, rc, title, "wegingskader"), ID: rq.ID, Applicant: rq.Applicant, RTitle: rq.Title, Description: rq.Description}
	for _, g := range wk.TargetGroups {
		v.Groups = append(v.Groups, wkOption{ID: "doelgroep-" + string(g), Value: string(g), Label: g.Label(), Checked: rq.TargetGroup == g})
	}
	for _, g := range goals {
		v.Goals = append(v.Goals, wkOption{ID: "doel-" + g.Code, Value: g.Code, Label: g.Code + " " + g.Title, Checked: slices.Contains(rq.Goals, g.Code)})
	}
	var have []int
	for y := range amounts {
		have = append(have, y)
	}
	years := formYears(s.thisYear(), have)
	fields := amountFields("bedrag", years, amounts)
	for i, a := range rq.Attachments {
		v.Attachments = append(v.Attachments, wkAttachmentRow{N: i, Title: a.Title, Text: a.Text})
	}
	for range emptyAttachmentRows {
		v.Attachments = append(v.Attachments, wkAttachmentRow{N: len(v.Attachments)})
	}
	if err != nil {
		v.Title = "Fout: " + v.Title
		v.Summary = perspectief.ErrorMessage(err)
		v.Errors, v.FieldErrors = web.FormErrors(err, place(func(path string) (string, string) {
			switch head := pathHead(path); head {
			case "bedragen":
				if y := strings.TrimPrefix(path, "bedragen."); y != path {
					return "bedrag-" + y, "bedrag-" + y
				}
				return "bedrag-" + strconv.Itoa(years[0]), "bedragen"
			case "doelgroep":
				return "doelgroep-" + string(wk.TargetGroups[0]), "doelgroep"
			case "tactische_doelen":
				if len(goals) > 0 {
					return "doel-" + goals[0].Code, "doelen"
				}
				return "inhoud", "doelen"
			case "bijlagen":
				if n, field, ok := (perspectief.FieldError{Path: path}).Item("bijlagen"); ok {
					return fmt.Sprintf("bijlage-%s-%d", field, n), fmt.Sprintf("bijlage-%s-%d", field, n)
				}
				return "bijlage-titel-0", "bijlagen"
			default:
				return head, head
			}
		}))
	}
	v.Years = yearsBox("Gevraagd bedrag per jaar", "In hele euro's, bijvoorbeeld 45.000. Laat een jaar leeg als de aanvraag voor dat jaar niets vraagt.", "bedragen", fields, v.FieldErrors)
	s.Render(w, r, status, "wk_request_form", v)
	return nil
}

func (s *Pages) wkRequestSave(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	id, err := optionalID(r, "aanvraag")
	if err != nil {
		return err
	}
	f := r.PostForm
	rq := wk.Request{
		ID:          id,
		Applicant:   f.Get("aanvrager"),
		Title:       f.Get("titel"),
		Description: f.Get("omschrijving"),
		TargetGroup: wk.TargetGroup(f.Get("doelgroep")),
		Goals:       f["doel"],
	}
	titles, texts := f["bijlage_titel"], f["bijlage_tekst"]
	for i := range max(len(titles), len(texts)) {
		var a wk.Attachment
		if i < len(titles) {
			a.Title = titles[i]
		}
		if i < len(texts) {
			a.Text = texts[i]
		}
		rq.Attachments = append(rq.Attachments, a)
	}
	years := formYears(s.thisYear(), yearsPosted(r, "bedrag"))
	amounts, texts2, bad := parseAmounts(r, "bedrag", "bedragen", years)
	rq.Amounts = amounts
	var saved *wk.Request
	if len(bad) == 0 {
		if id == 0 {
			saved, err = s.Wegingskader.AddRequest(r.Context(), *rc.User, rq)
		} else {
			saved, err = s.Wegingskader.UpdateRequest(r.Context(), *rc.User, id, rq)
		}
		if err == nil {
			http.Redirect(w, r, "/wegingskader/aanvragen/"+strconv.FormatInt(saved.ID, 10)+"?melding=wk-aanvraag", http.StatusSeeOther)
			return nil
		}
		if perspectief.ErrorCode(err) != perspectief.CodeInvalid {
			return err
		}
	} else {
		err = perspectief.Invalid("De aanvraag is niet opgeslagen.", bad)
	}
	return s.showRequestForm(w, r, rc, http.StatusUnprocessableEntity, rq, texts2, err)
}
