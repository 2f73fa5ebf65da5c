package procesmonitorweb

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/procesmonitor"
	"github.com/perspectief/perspectief/internal/programme"
	"github.com/perspectief/perspectief/internal/web"
)

// The mapping of codes of the financial administration (kostenplaatsen,
// grootboekrekeningen) to the budget and interventions: a list, a form to
// add or change one, and the same picker on the preview of an upload.

// OptGroup is a group of options in a select.
type OptGroup struct {
	Label   string
	Options []web.Option
}

// destValue is the value of a destination option: item or line, and
// intervention, joined by "|".
func destValue(target, intervention string) string { return target + "|" + intervention }

func splitDest(v string) (target, intervention string) {
	target, intervention, _ = strings.Cut(v, "|")
	return target, intervention
}

// destinationGroups are the destinations a code can map to, per programme
// line, by name: the line itself and each of its items, each alone and
// with each intervention of the line.
func destinationGroups(m *programme.Model, sel string) []OptGroup {
	var out []OptGroup
	opt := func(g *OptGroup, target, iv, label string) {
		v := destValue(target, iv)
		g.Options = append(g.Options, web.Option{Value: v, Label: label, Selected: v == sel})
	}
	for _, l := range m.Lines {
		g := OptGroup{Label: "Lijn " + l.Name}
		var ivs []programme.Intervention
		for _, iv := range m.Interventions {
			if iv.Line == l.Code {
				ivs = append(ivs, iv)
			}
		}
		add := func(target, name string) {
			opt(&g, target, "", name)
			for _, iv := range ivs {
				opt(&g, target, iv.Code, name+" › interventie "+iv.Title)
			}
		}
		add(l.Code, "De lijn zelf (geen post)")
		for _, r := range m.Budget.Allocated {
			if r.Line == l.Code && r.Code != "" {
				add(r.Code, "Post "+r.Label)
			}
		}
		out = append(out, g)
	}
	loose := OptGroup{Label: "Posten buiten de lijnen"}
	for _, r := range m.Budget.Allocated {
		if r.Line == "" && r.Code != "" {
			opt(&loose, r.Code, "", "Post "+r.Label)
		}
	}
	if len(loose.Options) > 0 {
		out = append(out, loose)
	}
	return out
}

// destinationLabel names a destination in words; ok is false when its item
// or line is no longer in the budget.
func destinationLabel(m *programme.Model, target, intervention string) (label string, ok bool) {
	for _, l := range m.Lines {
		if l.Code == target {
			label, ok = "Lijn "+l.Name+" (geen post)", true
		}
	}
	for _, r := range m.Budget.Allocated {
		if r.Code != "" && r.Code == target {
			label, ok = "Post "+r.Label, true
		}
	}
	if !ok {
		return target + " (staat niet meer in de begroting)", false
	}
	if intervention != "" {
		name := intervention + " (gestopt)"
		for _, iv := range m.Interventions {
			if iv.Code == intervention {
				name = iv.Title
			}
		}
		label += " › interventie " + name
	}
	return label, true
}

// LedgerRow is one mapping in the list.
type LedgerRow struct {
	procesmonitor.LedgerCode
	Destination string
	Stale       bool
	EditLink    string
}

// LedgerForm adds or changes one mapping.
type LedgerForm struct {
	CSRF        string
	Code        string
	Editing     bool // the code is fixed
	Dest        string
	Note        string
	Groups      []OptGroup
	Errors      []web.FieldErr
	Summary     string
	FieldErrors map[string]string
}

// Err is the message for one field.
func (f LedgerForm) Err(field string) string { return f.FieldErrors[field] }

func (f *LedgerForm) withErrors(err error) {
	f.Summary = perspectief.ErrorMessage(err)
	f.Errors, f.FieldErrors = web.FormErrors(err, func(path string) web.Place {
		switch path {
		case "code", "toelichting":
			return web.Place{Anchor: "koppeling-" + path, Key: path}
		}
		return web.Place{Anchor: "koppeling-bestemming", Key: "bestemming"}
	})
}

type ledgerView struct {
	web.Page
	Codes   []LedgerRow
	CanEdit bool
	Form    LedgerForm
}

func (s *Pages) ledgerView(r *http.Request, rc *web.ReqCtx, title string) (*ledgerView, *programme.Model, error) {
	m, err := s.Programme.Model(r.Context())
	if err != nil {
		return nil, nil, err
	}
	cs, err := s.Procesmonitor.LedgerCodes(r.Context())
	if err != nil {
		return nil, nil, err
	}
	v := &ledgerView{Page: s.Page(r, rc, title, "procesmonitor"), CanEdit: s.Procesmonitor.CanImportSpending(*rc.User) == nil}
	for _, c := range cs {
		label, ok := destinationLabel(m, c.Target, c.Intervention)
		v.Codes = append(v.Codes, LedgerRow{LedgerCode: c, Destination: label, Stale: !ok,
			EditLink: "/procesmonitor/koppeling/wijzigen?code=" + url.QueryEscape(c.Code)})
	}
	v.Form = LedgerForm{CSRF: v.CSRF, Groups: destinationGroups(m, "")}
	return v, m, nil
}

func (s *Pages) ledgerPage(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	v, _, err := s.ledgerView(r, rc, "Koppeling van codes uit de financiële administratie")
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "ledger", v)
	return nil
}

// ledgerEdit shows the form of one mapping.
func (s *Pages) ledgerEdit(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	if err := s.Procesmonitor.CanImportSpending(*rc.User); err != nil {
		return err
	}
	c, err := s.Procesmonitor.LedgerCode(r.Context(), r.URL.Query().Get("code"))
	if err != nil {
		return err
	}
	v, m, err := s.ledgerView(r, rc, "Koppeling van code "+c.Code+" wijzigen")
	if err != nil {
		return err
	}
	dest := destValue(c.Target, c.Intervention)
	v.Form = LedgerForm{CSRF: v.CSRF, Code: c.Code, Editing: true, Dest: dest, Note: c.Note, Groups: destinationGroups(m, dest)}
	s.Render(w, r, http.StatusOK, "ledger_edit", v)
	return nil
}

// ledgerSave adds a mapping or changes one.
func (s *Pages) ledgerSave(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	if err := s.Procesmonitor.CanImportSpending(*rc.User); err != nil {
		return err
	}
	f := r.PostForm
	target, iv := splitDest(f.Get("bestemming"))
	in := procesmonitor.LedgerInput{Code: f.Get("code"), Target: target, Intervention: iv, Note: f.Get("toelichting")}
	err := s.Procesmonitor.SaveLedgerCodes(r.Context(), *rc.User, []procesmonitor.LedgerInput{in})
	if perspectief.ErrorCode(err) == perspectief.CodeInvalid {
		editing := f.Get("wijzigen") != ""
		title, page := "Fout: Koppeling van codes uit de financiële administratie", "ledger"
		if editing {
			title, page = "Fout: Koppeling van code "+in.Code+" wijzigen", "ledger_edit"
		}
		v, m, verr := s.ledgerView(r, rc, title)
		if verr != nil {
			return verr
		}
		v.Form = LedgerForm{CSRF: v.CSRF, Code: in.Code, Editing: editing, Dest: f.Get("bestemming"), Note: in.Note, Groups: destinationGroups(m, f.Get("bestemming"))}
		v.Form.withErrors(err)
		s.Render(w, r, http.StatusUnprocessableEntity, page, v)
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/procesmonitor/koppeling?melding=koppeling", http.StatusSeeOther)
	return nil
}

func (s *Pages) ledgerDelete(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	if err := s.Procesmonitor.DeleteLedgerCode(r.Context(), *rc.User, r.PostFormValue("code")); err != nil {
		return err
	}
	http.Redirect(w, r, "/procesmonitor/koppeling?melding=koppeling-weg", http.StatusSeeOther)
	return nil
}
