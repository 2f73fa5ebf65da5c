package indicatorweb

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/web"
)

// The register kept by the team: a form to add or change an indicator
// (retiring is a change too), and the register's versions.

// registerForm is the form of one indicator.
type registerForm struct {
	web.Page
	New         bool   // adding, not changing
	Code        string // the indicator changed; empty when adding
	In          indicator.IndicatorInput
	Reason      string
	WasRetired  bool
	Types       []web.Option
	Kinds       []web.Option
	Levels      []web.Option
	Directions  []web.Option
	Goals       []check
	Targets     []targetRow
	Errors      []web.FieldErr
	Summary     string
	FieldErrors map[string]string
}

// Err returns the message shown next to a field.
func (v registerForm) Err(id string) string { return v.FieldErrors[id] }

// check is one checkbox of a list.
type check struct {
	ID, Value, Label string
	Checked          bool
}

// targetRow is one row of the targets table: the years 2024 to 2026 are
// always there, then the other targets, then an empty row for a later year.
type targetRow struct {
	N       int
	Fixed   bool // the year is one of the programme's and cannot be typed
	In      indicator.TargetInput
	Goals   []web.Option
	Summary string // legend of the row
}

// programmeYears always have a row in the targets table.
var programmeYears = []string{"2024", "2025", "2026"}

// targetGoals are the choices for a target's goal.
var targetGoals = []struct{ Value, Label string }{
	{"", "geen streefwaarde"},
	{indicator.Stable, "stabiel"},
	{indicator.Increase, "stijging"},
	{indicator.Decrease, "daling"},
	{indicator.Number, "getal (met marge)"},
}

// formFields are the fields in the order of the form, for the summary.
var formFields = []string{"code", "naam", "definitie", "type", "soort", "niveau", "eenheid", "goede_richting", "bron", "frequentie", "eigenaar", "doelen", "nulmeting.jaar", "nulmeting.waarde", "vervallen", "reden"}

func (s *Pages) registerAllowed(rc *web.ReqCtx) error { return s.Indicators.CanEditRegister(*rc.User) }

// newIndicatorForm shows the empty form.
func (s *Pages) newIndicatorForm(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	if err := s.registerAllowed(rc); err != nil {
		return err
	}
	in := indicator.IndicatorInput{Kind: indicator.KindPolicy, Type: "output", Level: "operationeel", Direction: indicator.Up, Frequency: "jaarlijks"}
	return s.showRegisterForm(w, r, rc, http.StatusOK, &registerForm{New: true, In: in}, nil)
}

// editIndicatorForm shows the form with the indicator as it is.
func (s *Pages) editIndicatorForm(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	if err := s.registerAllowed(rc); err != nil {
		return err
	}
	reg, err := s.Indicators.Register(r.Context())
	if err != nil {
		return err
	}
	ind, ok := reg.Indicator(r.PathValue("code"))
	if !ok {
		return unknownIndicator(r.PathValue("code"))
	}
	v := &registerForm{Code: ind.Code, In: ind.Input(), WasRetired: ind.Retired}
	v.In.Targets = withProgrammeYears(v.In.Targets)
	if r.URL.Query().Get("vervallen") == "ja" {
		v.In.Retired = true
	}
	return s.showRegisterForm(w, r, rc, http.StatusOK, v, nil)
}

// saveIndicator adds or changes the indicator and goes to its page, or
// shows the form again with the input and a message per field.
func (s *Pages) saveIndicator(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	if err := s.registerAllowed(rc); err != nil {
		return err
	}
	code := r.PathValue("code")
	in := readIndicatorForm(r)
	v := &registerForm{New: code == "", Code: code, In: in, Reason: strings.TrimSpace(r.PostFormValue("reden"))}
	if !v.New {
		reg, err := s.Indicators.Register(r.Context())
		if err != nil {
			return err
		}
		old, ok := reg.Indicator(code)
		if !ok {
			return unknownIndicator(code)
		}
		v.WasRetired = old.Retired
		in.Code = code
	}
	ind, rows, problems := in.Indicator()
	var err error
	if len(problems) > 0 {
		// Name the other problems too, so that one round fixes them all.
		for _, p := range indicator.CheckIndicator(&ind) {
			if !slices.ContainsFunc(problems, func(q perspectief.FieldError) bool { return q.Path == p.Path }) {
				p.Path = indicator.TargetRow(p.Path, rows)
				problems = append(problems, p)
			}
		}
		err = perspectief.Invalid("De indicator is niet opgeslagen.", problems)
	} else if v.New {
		_, err = s.Indicators.AddIndicator(r.Context(), *rc.User, ind, v.Reason)
	} else {
		_, err = s.Indicators.UpdateIndicator(r.Context(), *rc.User, code, ind, v.Reason)
	}
	if err == nil {
		notice := "indicator-gewijzigd"
		if v.New {
			notice = "indicator-toegevoegd"
		}
		http.Redirect(w, r, "/indicatoren/"+ind.Code+"?melding="+notice, http.StatusSeeOther)
		return nil
	}
	switch perspectief.ErrorCode(err) {
	case perspectief.CodeInvalid, perspectief.CodeConflict:
	default:
		return err
	}
	if len(problems) == 0 {
		// The service counts only the targets read; name their rows.
		if e, ok := err.(*perspectief.Error); ok {
			for i := range e.Fields {
				e.Fields[i].Path = indicator.TargetRow(e.Fields[i].Path, rows)
			}
		}
	}
	return s.showRegisterForm(w, r, rc, http.StatusUnprocessableEntity, v, err)
}

// readIndicatorForm reads the posted form.
func readIndicatorForm(r *http.Request) indicator.IndicatorInput {
	f := r.PostForm
	in := indicator.IndicatorInput{Code: f.Get("code"), Name: f.Get("naam"), Definition: f.Get("definitie"), Unit: f.Get("eenheid"),
		Type: f.Get("type"), Kind: f.Get("soort"), Level: f.Get("niveau"), Source: f.Get("bron"), Frequency: f.Get("frequentie"),
		Direction: f.Get("goede_richting"), Owner: f.Get("eigenaar"), Note: f.Get("toelichting"), Goals: f["doelen"],
		BaselineYear: f.Get("nulmeting_jaar"), BaselineValue: f.Get("nulmeting_waarde"), Retired: f.Get("vervallen") == "ja"}
	years, goals, values, margins, reasons := f["streef_jaar"], f["streef_doel"], f["streef_waarde"], f["streef_marge"], f["streef_reden"]
	at := func(list []string, i int) string {
		if i < len(list) {
			return list[i]
		}
		return ""
	}
	for i := range years {
		in.Targets = append(in.Targets, indicator.TargetInput{Year: years[i], Goal: at(goals, i), Value: at(values, i), Margin: at(margins, i), Reason: at(reasons, i)})
	}
	return in
}

// showRegisterForm fills in the form's choices and renders it; err is the
// refusal to show, nil for none.
func (s *Pages) showRegisterForm(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx, status int, v *registerForm, err error) error {
	title := "Indicator toevoegen"
	if !v.New {
		title = "Indicator wijzigen: " + v.In.Name
	}
	v.Page = s.Page(r, rc, title, "indicatoren")
	for _, t := range indicator.Types {
		v.Types = append(v.Types, web.Option{Value: t, Label: indicator.TypeLabels[t], Selected: t == v.In.Type})
	}
	for _, k := range indicator.Kinds {
		v.Kinds = append(v.Kinds, web.Option{Value: k, Label: kindHints[k], Selected: k == v.In.Kind})
	}
	for _, l := range indicator.Levels {
		v.Levels = append(v.Levels, web.Option{Value: l.Code, Label: l.Label, Selected: l.Code == v.In.Level})
	}
	for _, d := range []string{indicator.Up, indicator.Down, indicator.None} {
		v.Directions = append(v.Directions, web.Option{Value: d, Label: directionLabels[d], Selected: d == v.In.Direction})
	}
	goals, err2 := s.goalChecks(r.Context(), v.In.Goals)
	if err2 != nil {
		return err2
	}
	v.Goals = goals
	v.Targets = targetRows(v.In.Targets)
	if err != nil {
		v.Title = "Fout: " + v.Title
		v.Summary = perspectief.ErrorMessage(err)
		var list []web.FieldErr
		list, v.FieldErrors = web.FormErrors(err, func(path string) web.Place {
			switch {
			case path == "":
				return web.Place{Anchor: "naam"}
			case strings.HasPrefix(path, "streefwaarden["):
				return web.Place{Anchor: targetAnchor(path), Prefix: targetLabel(path, v.In.Targets) + ": "}
			}
			p := web.Place{Anchor: strings.ReplaceAll(path, ".", "_")}
			if l, ok := fieldLabels[path]; ok {
				p.Prefix = l + ": "
			}
			return p
		})
		// The summary lists the problems in the order of the form.
		for _, f := range formFields {
			for _, e := range list {
				if e.Anchor == strings.ReplaceAll(f, ".", "_") {
					v.Errors = append(v.Errors, e)
				}
			}
		}
		for _, e := range list {
			if !slices.Contains(v.Errors, e) {
				v.Errors = append(v.Errors, e)
			}
		}
	}
	s.Render(w, r, status, "indicator_form", v)
	return nil
}

// fieldLabels name the fields in the error summary as the form does.
var fieldLabels = map[string]string{
	"code": "Code", "naam": "Naam", "definitie": "Definitie", "type": "Type", "soort": "Soort", "niveau": "Doelniveau",
	"eenheid": "Eenheid", "goede_richting": "Goede richting", "bron": "Bron", "frequentie": "Frequentie", "eigenaar": "Eigenaar",
	"doelen": "Doelen", "nulmeting.jaar": "Nulmeting, jaar", "nulmeting.waarde": "Nulmeting, waarde", "reden": "Reden", "vervallen": "Vervallen",
}

// targetLabel names a target's field for the error summary:
// "Streefwaarde 2026, waarde".
func targetLabel(path string, rows []indicator.TargetInput) string {
	rest := strings.TrimPrefix(path, "streefwaarden[")
	n, field, _ := strings.Cut(rest, "]")
	year := "voor een ander jaar"
	if i, err := strconv.Atoi(n); err == nil && i >= 0 && i < len(rows) && strings.TrimSpace(rows[i].Year) != "" {
		year = strings.TrimSpace(rows[i].Year)
	}
	return "Streefwaarde " + year + ", " + strings.TrimPrefix(field, ".")
}

// targetAnchor is the id of the control a target's problem belongs to:
// streefwaarden[2].waarde → streef-2-waarde.
func targetAnchor(path string) string {
	rest := strings.TrimPrefix(path, "streefwaarden[")
	n, field, _ := strings.Cut(rest, "]")
	field = strings.TrimPrefix(field, ".")
	if field == "" {
		field = "doel"
	}
	return "streef-" + n + "-" + field
}

// targetRows are the rows of the targets table: the input's rows (which
// keep their index, so that problems find them) with the programme's years
// added where missing, and one empty row for a later year.
func targetRows(in []indicator.TargetInput) []targetRow {
	rows := slices.Clone(in)
	for _, y := range programmeYears {
		if !slices.ContainsFunc(rows, func(t indicator.TargetInput) bool { return strings.TrimSpace(t.Year) == y }) {
			rows = append(rows, indicator.TargetInput{Year: y})
		}
	}
	if len(rows) == 0 || !rows[len(rows)-1].Blank() || slices.Contains(programmeYears, strings.TrimSpace(rows[len(rows)-1].Year)) {
		rows = append(rows, indicator.TargetInput{})
	}
	out := make([]targetRow, len(rows))
	for i, t := range rows {
		row := targetRow{N: i, In: t, Fixed: slices.Contains(programmeYears, strings.TrimSpace(t.Year))}
		row.Summary = "Streefwaarde " + t.Year
		if t.Year == "" {
			row.Summary = "Streefwaarde voor een ander jaar"
		}
		for _, g := range targetGoals {
			row.Goals = append(row.Goals, web.Option{Value: g.Value, Label: g.Label, Selected: g.Value == t.Goal})
		}
		out[i] = row
	}
	return out
}

// withProgrammeYears adds empty rows for the programme's years an
// indicator has no target for, and puts the rows in year order: the rows
// of a stored indicator, before any problem refers to their order.
func withProgrammeYears(ts []indicator.TargetInput) []indicator.TargetInput {
	out := slices.Clone(ts)
	for _, y := range programmeYears {
		if !slices.ContainsFunc(out, func(t indicator.TargetInput) bool { return t.Year == y }) {
			out = append(out, indicator.TargetInput{Year: y})
		}
	}
	slices.SortStableFunc(out, func(a, b indicator.TargetInput) int { return strings.Compare(a.Year, b.Year) })
	return out
}

// kindHints name the kinds with what they mean, for the form.
var kindHints = map[string]string{
	indicator.KindPolicy:  "Beleidsindicator (gemeente stuurt)",
	indicator.KindContext: "Omgevingsindicator (context)",
}

// goalChecks are the programme's goals as checkboxes, name with the code
// after it; codes the programme does not know (any more) stay checked.
func (s *Pages) goalChecks(ctx context.Context, chosen []string) ([]check, error) {
	var out []check
	seen := map[string]bool{}
	if s.Programme != nil {
		m, err := s.Programme.Model(ctx)
		if err != nil {
			return nil, err
		}
		for _, g := range m.Goals {
			seen[g.Code] = true
			out = append(out, check{ID: "doel-" + g.Code, Value: g.Code, Label: g.Title + " (" + g.Code + ")", Checked: slices.Contains(chosen, g.Code)})
		}
	}
	for _, c := range chosen {
		if !seen[c] && c != "" {
			out = append(out, check{ID: "doel-" + c, Value: c, Label: c + " (niet in het huidige programma)", Checked: true})
		}
	}
	return out, nil
}

// registerVersionsView lists the register's versions.
type registerVersionsView struct {
	web.Page
	Versions []indicator.RegisterVersion
	CanEdit  bool
}

// registerVersions lists the versions; ?versie=N shows the register as it
// was in version N instead (a path under /indicatoren/versies/ would clash
// with the indicators' own pages).
func (s *Pages) registerVersions(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	if r.URL.Query().Has("versie") {
		return s.registerVersion(w, r, rc)
	}
	vs, err := s.Indicators.RegisterVersions(r.Context())
	if err != nil {
		return err
	}
	slices.Reverse(vs)
	s.Render(w, r, http.StatusOK, "register_versions", registerVersionsView{Page: s.Page(r, rc, "Versies van het indicatorenregister", "indicatoren"),
		Versions: vs, CanEdit: s.registerAllowed(rc) == nil})
	return nil
}

// registerVersionView is the register as it was after one version.
type registerVersionView struct {
	web.Page
	Version *indicator.RegisterVersion
	Rows    []registerRow
	// CanRestore: the user may edit the register and this is not the
	// current version.
	CanRestore bool
}

// registerRow is one indicator of an old version.
type registerRow struct {
	Code, Name, Kind, Type, Level, Targets, Baseline string
	Retired                                          bool
}

func (s *Pages) registerVersion(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	n, err := strconv.Atoi(r.URL.Query().Get("versie"))
	if err != nil || n < 1 {
		return perspectief.Errorf(perspectief.CodeNotFound, "Versie %q van het indicatorenregister bestaat niet.", r.URL.Query().Get("versie"))
	}
	if r.URL.Query().Has("terugzetten") {
		return s.restoreRegisterForm(w, r, rc, n)
	}
	v, err := s.Indicators.RegisterVersion(r.Context(), n)
	if err != nil {
		return err
	}
	view := registerVersionView{Page: s.Page(r, rc, fmt.Sprintf("Indicatorenregister, versie %d", n), "indicatoren"), Version: v}
	if s.registerAllowed(rc) == nil {
		vs, err := s.Indicators.RegisterVersions(r.Context())
		if err != nil {
			return err
		}
		view.CanRestore = len(vs) > 0 && vs[len(vs)-1].Number != n
	}
	for i := range v.Indicators {
		ind := &v.Indicators[i]
		var ts []string
		for _, t := range ind.Targets {
			ts = append(ts, fmt.Sprintf("%d: %s", t.Year, ind.TargetLabel(t)))
		}
		view.Rows = append(view.Rows, registerRow{Code: ind.Code, Name: ind.Name, Kind: indicator.KindLabels[ind.Kind], Type: typeLabel(ind.Type),
			Level: levelLabel(ind.Level), Targets: strings.Join(ts, "; "), Baseline: ind.BaselineLabel(), Retired: ind.Retired})
	}
	s.Render(w, r, http.StatusOK, "register_version", view)
	return nil
}

// registerRestoreView asks to confirm restoring an earlier version: what
// it changes against the current register, with the button that does it.
type registerRestoreView struct {
	web.Page
	Plan   *indicator.RegisterRestore
	Reason string
	Error  string
}

// restoreRegisterForm shows what restoring version n would change
// (/indicatoren/versies?versie=N&terugzetten).
func (s *Pages) restoreRegisterForm(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx, n int) error {
	p, err := s.Indicators.PlanRegisterRestore(r.Context(), *rc.User, n)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "register_restore", registerRestoreView{Page: s.Page(r, rc, fmt.Sprintf("Versie %d van het indicatorenregister terugzetten", n), "indicatoren"), Plan: p})
	return nil
}

// restoreRegister makes the posted version the register again, as a new
// version; a refusal shows the confirmation again with the message.
func (s *Pages) restoreRegister(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	if err := s.registerAllowed(rc); err != nil {
		return err
	}
	n, err := strconv.Atoi(r.PostFormValue("versie"))
	if err != nil || n < 1 {
		return perspectief.Errorf(perspectief.CodeNotFound, "Versie %q van het indicatorenregister bestaat niet.", r.PostFormValue("versie"))
	}
	reason := r.PostFormValue("reden")
	m, err := s.Indicators.RestoreRegister(r.Context(), *rc.User, n, reason)
	if code := perspectief.ErrorCode(err); code == perspectief.CodeInvalid || code == perspectief.CodeConflict {
		p, perr := s.Indicators.PlanRegisterRestore(r.Context(), *rc.User, n)
		if perr != nil {
			return perr
		}
		status := http.StatusUnprocessableEntity
		if code == perspectief.CodeConflict {
			status = http.StatusConflict
		}
		s.Render(w, r, status, "register_restore", registerRestoreView{
			Page: s.Page(r, rc, fmt.Sprintf("Fout: versie %d van het indicatorenregister terugzetten", n), "indicatoren"), Plan: p, Reason: reason, Error: perspectief.ErrorMessage(err)})
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/indicatoren/versies?melding=register-teruggezet#versie-%d", m), http.StatusSeeOther)
	return nil
}

// typeLabel is the short name of a type: Proces for throughput.
func typeLabel(t string) string {
	if l, ok := indicator.TypeLabels[t]; ok {
		name, _, _ := strings.Cut(l, " (")
		return name
	}
	return t
}

func levelLabel(code string) string {
	for _, l := range indicator.Levels {
		if l.Code == code {
			return l.Label
		}
	}
	return code
}
