package learningweb

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/perspectief/perspectief/internal/web"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/learning"
	"github.com/perspectief/perspectief/internal/programme"
	"github.com/perspectief/perspectief/internal/wegingskader"
)

// The leerlogboek: a timeline with filters and search, a form for signals,
// lessons and decisions (with an optional recalibration), and a page per
// entry.

type option struct {
	Value, Label string
	Selected     bool
}

type monthGroup struct {
	ID      string // a valid HTML id: maand-2026-11
	Label   string
	Entries []entryCard
}

type entryCard struct {
	learning.Entry
	Excerpt string
}

type learningView struct {
	web.Page
	Query                           string
	Kinds, Goals, Lines, Ivs        []option
	Indicators, Rounds              []option
	RoundNames                      map[string]string
	Indicator, Round, From, To      string
	FromError, ToError              string
	Months                          []monthGroup
	Count                           int
	Filtered                        bool
	CanSignal, CanLesson, CanDecide bool
}

func options(sel string, pairs ...[2]string) []option {
	out := make([]option, len(pairs))
	for i, p := range pairs {
		out[i] = option{Value: p[0], Label: p[1], Selected: p[0] == sel}
	}
	return out
}

// codeOptions is a select of codes with an "all" choice first.
func codeOptions[T any](items []T, sel, all string, codeTitle func(T) (string, string)) []option {
	out := []option{{Value: "", Label: all}}
	for _, it := range items {
		c, t := codeTitle(it)
		out = append(out, option{Value: c, Label: c + " " + t, Selected: c == sel})
	}
	return out
}

// parseDay reads a date from an <input type="date"> (YYYY-MM-DD) or as
// people type it (DD-MM-YYYY).
func parseDay(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02", "2-1-2006", "02-01-2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func (s *Pages) learningLog(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	ctx := r.Context()
	m, err := s.Programme.Model(ctx)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := learning.Filter{Query: strings.TrimSpace(q.Get("zoek")), Kind: learning.Kind(q.Get("soort")), Goal: q.Get("doel"), Line: q.Get("lijn"),
		Intervention: q.Get("interventie"), Indicator: strings.TrimSpace(q.Get("indicator")), Round: strings.TrimSpace(q.Get("ronde"))}
	v := learningView{Page: s.Page(r, rc, "Leerlogboek", "leerlogboek"), Query: f.Query, Indicator: f.Indicator, Round: f.Round,
		From: q.Get("van"), To: q.Get("tot"),
		CanSignal: rc.User.CanRecordSignal(), CanLesson: rc.User.CanRecordLesson(), CanDecide: rc.User.CanDecide()}
	if f.Kind != "" && !f.Kind.Valid() {
		f.Kind = ""
	}
	if v.From != "" {
		if t, ok := parseDay(v.From); ok {
			f.From = t
		} else {
			v.FromError = "Vul een datum in als 2025-03-31."
		}
	}
	if v.To != "" {
		if t, ok := parseDay(v.To); ok {
			f.To = t
		} else {
			v.ToError = "Vul een datum in als 2025-03-31."
		}
	}
	v.Kinds = options(string(f.Kind), [2]string{"", "Alle soorten"}, [2]string{"signaal", "Signalen"}, [2]string{"les", "Lessen"}, [2]string{"besluit", "Besluiten"})
	v.Goals = codeOptions(m.Goals, f.Goal, "Alle doelen", func(g programme.Goal) (string, string) { return g.Code, g.Title })
	v.Lines = codeOptions(m.Lines, f.Line, "Alle programmalijnen", func(l programme.Line) (string, string) { return l.Code, l.Name })
	v.Ivs = codeOptions(m.Interventions, f.Intervention, "Alle interventies", func(iv programme.Intervention) (string, string) { return iv.Code, iv.Title })
	reg, err := s.register(ctx)
	if err != nil {
		return err
	}
	// Retired indicators stay in the filter: older entries name them.
	v.Indicators = []option{{Value: "", Label: "Alle indicatoren", Selected: f.Indicator == ""}}
	for _, ind := range reg.Indicators {
		label := ind.Name + " (" + ind.Code + ")"
		if ind.Retired {
			label += ", vervallen"
		}
		v.Indicators = append(v.Indicators, option{Value: ind.Code, Label: label, Selected: ind.Code == f.Indicator})
	}
	if f.Indicator != "" && !slices.ContainsFunc(v.Indicators, func(o option) bool { return o.Selected }) {
		v.Indicators = append(v.Indicators, option{Value: f.Indicator, Label: f.Indicator + " (niet in het register)", Selected: true})
	}
	if v.Rounds, err = s.roundOptions(ctx, *rc.User, f.Round, "Alle rondes"); err != nil {
		return err
	}
	v.RoundNames = namesOf(v.Rounds)
	if f.Round != "" && !slices.ContainsFunc(v.Rounds, func(o option) bool { return o.Selected }) {
		v.Rounds = append(v.Rounds, option{Value: f.Round, Label: f.Round + " (geen bekende ronde)", Selected: true})
	}
	v.Filtered = f != (learning.Filter{})
	entries, err := s.Learning.Entries(ctx, f)
	if err != nil {
		return err
	}
	v.Count = len(entries)
	for _, e := range entries {
		label := web.Months[e.Date.Month()-1] + " " + strconv.Itoa(e.Date.Year())
		if n := len(v.Months); n == 0 || v.Months[n-1].Label != label {
			v.Months = append(v.Months, monthGroup{ID: e.Date.Format("maand-2006-01"), Label: label})
		}
		g := &v.Months[len(v.Months)-1]
		g.Entries = append(g.Entries, entryCard{Entry: e, Excerpt: excerpt(e.Text, 280)})
	}
	status := http.StatusOK
	if v.FromError != "" || v.ToError != "" {
		// A date the filter cannot read is refused like a form field; the
		// log is shown without that limit.
		status = http.StatusBadRequest
	}
	s.Render(w, r, status, "learning", v)
	return nil
}

// excerpt shortens text at a word boundary.
func excerpt(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	if i := strings.LastIndex(cut, " "); i > n/2 {
		cut = cut[:i]
	}
	return cut + " …"
}

type entryView struct {
	web.Page
	E       *learning.Entry
	Basis   []learning.Entry
	CitedBy []learning.Entry
	Goals   map[string]string
	Ivs     map[string]string
	Lines   map[string]string
	Current map[string]bool // goal and intervention codes in the programme now
	Version *programme.Version
	// RoundNames names the wegingskader rounds the user may see, by code.
	RoundNames map[string]string
}

func (s *Pages) entryPage(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	ctx := r.Context()
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return web.NotFoundf("Logboekitem %q bestaat niet.", r.PathValue("id"))
	}
	e, err := s.Learning.Entry(ctx, id)
	if err != nil {
		return err
	}
	v := entryView{Page: s.Page(r, rc, e.Kind.Label()+": "+e.Title, "leerlogboek"), E: e, Goals: map[string]string{}, Ivs: map[string]string{}, Lines: map[string]string{}, Current: map[string]bool{}}
	if v.RoundNames, err = s.roundNames(ctx, *rc.User); err != nil {
		return err
	}
	for _, b := range e.Basis {
		if be, err := s.Learning.Entry(ctx, b); err == nil {
			v.Basis = append(v.Basis, *be)
		}
	}
	if v.CitedBy, err = s.Learning.CitedBy(ctx, id); err != nil {
		return err
	}
	// Names from the programme before and after a decision, then from the
	// current one; only what is in the programme now gets a link.
	if e.Version > 1 {
		if prev, _, err := s.Programme.Version(ctx, e.Version-1); err == nil {
			names(prev.Model, v.Goals, v.Ivs, v.Lines)
		}
	}
	if e.Version > 0 {
		if ver, _, err := s.Programme.Version(ctx, e.Version); err == nil {
			v.Version = ver
			names(ver.Model, v.Goals, v.Ivs, v.Lines)
		}
	}
	if m, err := s.Programme.Model(ctx); err == nil {
		names(m, v.Goals, v.Ivs, v.Lines)
		for _, g := range m.Goals {
			v.Current[g.Code] = true
		}
		for _, iv := range m.Interventions {
			v.Current[iv.Code] = true
		}
	}
	s.Render(w, r, http.StatusOK, "entry", v)
	return nil
}

func names(m *programme.Model, goals, ivs, lines map[string]string) {
	for _, g := range m.Goals {
		goals[g.Code] = g.Title
	}
	for _, iv := range m.Interventions {
		ivs[iv.Code] = iv.Title
	}
	for _, l := range m.Lines {
		lines[l.Code] = l.Name
	}
}

// entryForm is the form of a new entry; its fields are kept on an error.
type entryFormView struct {
	web.Page
	Kinds       []option
	Kind        string
	Date        string
	Title, Text string
	Sources     []option
	Goals       []checkOption
	Lines       []checkOption
	Ivs         []checkOption
	Basis       []checkOption
	Indicators  []checkOption
	Round       string   // the round chosen, by its code
	Rounds      []option // the rounds to choose from
	Recal       recalForm
	CanDecide   bool
	Errors      []web.FieldErr
	Summary     string
	FieldErrors map[string]string
}

func (v entryFormView) Err(id string) string { return v.FieldErrors[id] }

type checkOption struct {
	ID, Value, Label string
	Checked          bool
}

type recalForm struct {
	Actions, Targets, LineOpts, Levels                            []option
	GoalOpts, ParentOpts                                          []checkOption // pickers for Goals and Parents
	Code, Title, Goals, Objective, Approach, Description, Parents string
}

func (s *Pages) entryForm(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	kind := r.URL.Query().Get("soort")
	if kind == "" {
		kind = string(learning.Signal)
	}
	if !slices.ContainsFunc(learning.Kinds, func(k learning.Kind) bool { return string(k) == kind && learning.MayAdd(*rc.User, k) }) {
		if err := account.Require(rc.User.CanRecordSignal(), "iets in het leerlogboek vastlegt"); err != nil {
			return err
		}
		kind = string(learning.Signal)
	}
	v := entryFormView{Kind: kind, Date: s.Programme.Now().In(web.Amsterdam).Format("2006-01-02")}
	// Links given in the address, as the buttons on an intervention's or a
	// goal's page do.
	q := r.URL.Query()
	return s.showEntryForm(w, r, rc, http.StatusOK, v, q["doel"], q["lijn"], q["interventie"], nil, q["indicator"]...)
}

func (s *Pages) showEntryForm(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx, status int, v entryFormView, goals, lines, ivs, basis []string, indicators ...string) error {
	ctx := r.Context()
	m, err := s.Programme.Model(ctx)
	if err != nil {
		return err
	}
	// The indicators in use, name with the code after it; a retired one
	// only when it was chosen already.
	reg, err := s.register(ctx)
	if err != nil {
		return err
	}
	for _, ind := range reg.Indicators {
		chosen := slices.Contains(indicators, ind.Code)
		if ind.Retired && !chosen {
			continue
		}
		v.Indicators = append(v.Indicators, checkOption{ID: "indicator-" + ind.Code, Value: ind.Code, Label: ind.Name + " (" + ind.Code + ")", Checked: chosen})
	}
	if v.Rounds, err = s.roundOptions(ctx, *rc.User, v.Round, "Geen ronde"); err != nil {
		return err
	}
	v.Page = s.Page(r, rc, "Nieuw in het leerlogboek", "leerlogboek")
	if len(v.Errors) > 0 {
		v.Title = "Fout: " + v.Title
	}
	v.CanDecide = rc.User.CanDecide()
	for _, k := range learning.Kinds {
		if learning.MayAdd(*rc.User, k) {
			v.Kinds = append(v.Kinds, option{Value: string(k), Label: k.Label(), Selected: string(k) == v.Kind})
		}
	}
	src := r.PostFormValue("bron")
	v.Sources = []option{{Value: "", Label: "Kies een bron"}}
	for _, x := range learning.Sources {
		v.Sources = append(v.Sources, option{Value: string(x.Code), Label: x.Label, Selected: string(x.Code) == src})
	}
	for _, g := range m.Goals {
		v.Goals = append(v.Goals, checkOption{ID: "doel-" + g.Code, Value: g.Code, Label: g.Code + " " + g.Title, Checked: slices.Contains(goals, g.Code)})
	}
	for _, l := range m.Lines {
		v.Lines = append(v.Lines, checkOption{ID: "lijn-" + l.Code, Value: l.Code, Label: l.Code + " " + l.Name, Checked: slices.Contains(lines, l.Code)})
	}
	for _, iv := range m.Interventions {
		v.Ivs = append(v.Ivs, checkOption{ID: "interventie-" + iv.Code, Value: iv.Code, Label: iv.Code + " " + iv.Title, Checked: slices.Contains(ivs, iv.Code)})
	}
	recent, err := s.Learning.Entries(ctx, learning.Filter{Limit: 40})
	if err != nil {
		return err
	}
	for _, e := range recent {
		if e.Kind == learning.Decision {
			continue
		}
		id := itoa(e.ID)
		v.Basis = append(v.Basis, checkOption{ID: "basis-" + id, Value: id, Label: fmt.Sprintf("%s van %s: %s", e.Kind.Label(), web.FormatDate(e.Date), e.Title), Checked: slices.Contains(basis, id)})
	}
	f := r.PostForm
	v.Recal.Actions = options(f.Get("herijking_actie"), [2]string{"", "Geen herijking"}, [2]string{"toevoegen", "Toevoegen"}, [2]string{"wijzigen", "Wijzigen"}, [2]string{"stoppen", "Stoppen"})
	v.Recal.Targets = options(f.Get("herijking_onderdeel"), [2]string{"interventie", "Een interventie"}, [2]string{"doel", "Een doel"})
	v.Recal.LineOpts = []option{{Value: "", Label: "Niet veranderen"}}
	for _, l := range m.Lines {
		v.Recal.LineOpts = append(v.Recal.LineOpts, option{Value: l.Code, Label: l.Code + " " + l.Name, Selected: f.Get("herijking_lijn") == l.Code})
	}
	// The goals by name with the code after them: operational goals for an
	// intervention, the others as the goal a goal falls under.
	chosenGoals, chosenParents := splitCodes(v.Recal.Goals), splitCodes(v.Recal.Parents)
	for _, g := range m.Goals {
		label := g.Title + " (" + g.Code + ")"
		if g.Level == programme.LevelOperational {
			v.Recal.GoalOpts = append(v.Recal.GoalOpts, checkOption{ID: "herijking-doel-" + g.Code, Value: g.Code, Label: label, Checked: slices.Contains(chosenGoals, g.Code)})
		} else {
			v.Recal.ParentOpts = append(v.Recal.ParentOpts, checkOption{ID: "herijking-onder-" + g.Code, Value: g.Code, Label: label, Checked: slices.Contains(chosenParents, g.Code)})
		}
	}
	v.Recal.Levels = []option{{Value: "", Label: "Niet veranderen"}}
	for _, l := range programme.Levels {
		v.Recal.Levels = append(v.Recal.Levels, option{Value: string(l), Label: l.Label(), Selected: f.Get("herijking_niveau") == string(l)})
	}
	s.Render(w, r, status, "entry_form", v)
	return nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// register is the indicator register, empty without one.
func (s *Pages) register(ctx context.Context) (*indicator.Register, error) {
	if s.Indicators == nil {
		return &indicator.Register{}, nil
	}
	return s.Indicators.Register(ctx)
}

// roundOptions are the wegingskader rounds u may see (newest first), by
// name with their years, after an option first for none; the one with
// code sel is selected.
func (s *Pages) roundOptions(ctx context.Context, u account.User, sel, first string) ([]option, error) {
	out := []option{{Value: "", Label: first, Selected: sel == ""}}
	if s.Rounds == nil {
		return out, nil
	}
	rs, err := s.Rounds.Rounds(ctx, u)
	if err != nil {
		return nil, err
	}
	for _, r := range rs {
		code := wegingskader.RoundCode(r.ID)
		out = append(out, option{Value: code, Label: roundLabel(r), Selected: code == sel})
	}
	return out, nil
}

// roundNames names the rounds u may see by their code, as the picker does.
func (s *Pages) roundNames(ctx context.Context, u account.User) (map[string]string, error) {
	opts, err := s.roundOptions(ctx, u, "", "")
	return namesOf(opts), err
}

// namesOf maps the values of options to their labels, the empty one left
// out.
func namesOf(opts []option) map[string]string {
	out := map[string]string{}
	for _, o := range opts {
		if o.Value != "" {
			out[o.Value] = o.Label
		}
	}
	return out
}

// roundLabel is a round's name with the years of its budget: "Voorjaar
// (2025–2026)"; the year it was made when it has no budget yet.
func roundLabel(r wegingskader.Round) string {
	ys := r.Years()
	switch {
	case len(ys) == 0:
		return fmt.Sprintf("%s (%d)", r.Name, r.CreatedAt.Year())
	case len(ys) == 1:
		return fmt.Sprintf("%s (%d)", r.Name, ys[0])
	}
	return fmt.Sprintf("%s (%d–%d)", r.Name, ys[0], ys[len(ys)-1])
}

// splitCodes reads codes typed with commas or spaces between them.
func splitCodes(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' || r == '\t' })
}

func (s *Pages) entrySave(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	ctx := r.Context()
	f := r.PostForm
	v := entryFormView{Kind: f.Get("soort"), Date: f.Get("datum"), Title: f.Get("titel"), Text: f.Get("tekst"),
		Round: strings.TrimSpace(f.Get("rondes")), FieldErrors: map[string]string{}}
	var indicators []string
	for _, c := range f["indicatoren"] {
		indicators = append(indicators, splitCodes(c)...)
	}
	v.Recal = recalForm{Code: strings.TrimSpace(f.Get("herijking_code")), Title: f.Get("herijking_titel"), Goals: strings.Join(f["herijking_doelen"], ","),
		Objective: f.Get("herijking_doelstelling"), Approach: f.Get("herijking_aanpak"), Description: f.Get("herijking_omschrijving"), Parents: strings.Join(f["herijking_onder"], ",")}
	e := learning.Entry{Kind: learning.Kind(v.Kind), Title: v.Title, Text: v.Text, Source: learning.Source(f.Get("bron")),
		Goals: f["doelen"], Lines: f["lijnen"], Interventions: f["interventies"], Indicators: indicators}
	if v.Round != "" {
		e.Rounds = []string{v.Round}
	}
	for _, b := range f["basis"] {
		if id, err := strconv.ParseInt(b, 10, 64); err == nil {
			e.Basis = append(e.Basis, id)
		}
	}
	var pre []web.FieldErr
	if d, ok := parseDay(v.Date); ok {
		e.Date = d
	} else {
		pre = append(pre, web.FieldErr{Anchor: "datum", Message: "Vul de datum in als 2025-03-31"})
	}
	if action := f.Get("herijking_actie"); action != "" {
		m, err := s.Programme.Model(ctx)
		if err != nil {
			return err
		}
		c, fe := recalChange(m, learning.Action(action), f.Get("herijking_onderdeel"), v.Recal, f.Get("herijking_lijn"), f.Get("herijking_niveau"))
		pre = append(pre, fe...)
		if len(fe) == 0 {
			e.Changes = []learning.Change{c}
		}
	}
	var err error
	var saved *learning.Entry
	if len(pre) == 0 {
		saved, err = s.Learning.Add(ctx, *rc.User, e)
		if err == nil {
			notice := "logboek"
			if saved.Version > 0 {
				notice = "herijkt"
			}
			http.Redirect(w, r, fmt.Sprintf("/leerlogboek/%d?melding=%s", saved.ID, notice), http.StatusSeeOther)
			return nil
		}
		if perspectief.ErrorCode(err) != perspectief.CodeInvalid {
			return err
		}
		v.Summary = perspectief.ErrorMessage(err)
	}
	for _, p := range pre {
		v.Errors = append(v.Errors, p)
		v.FieldErrors[p.Anchor] = p.Message
	}
	list, byKey := web.FormErrors(err, func(path string) web.Place {
		p := web.Place{Anchor: entryAnchor(path)}
		if strings.HasPrefix(path, "herijking") || strings.HasPrefix(path, "interventie ") || strings.HasPrefix(path, "doel ") || strings.HasPrefix(path, "programma.") {
			p.Prefix = "Herijking (" + path + "): "
		}
		return p
	})
	v.Errors = append(v.Errors, list...)
	for k, msg := range byKey {
		if _, dup := v.FieldErrors[k]; !dup {
			v.FieldErrors[k] = msg
		}
	}
	return s.showEntryForm(w, r, rc, http.StatusUnprocessableEntity, v, f["doelen"], f["lijnen"], f["interventies"], f["basis"], indicators...)
}

// entryAnchor maps a validation path to the id of its field.
func entryAnchor(path string) string {
	switch path {
	case "soort":
		return "soort-0"
	case "datum", "titel", "tekst", "bron", "indicatoren", "rondes":
		return path
	case "doelen":
		return "doelen-titel"
	case "lijnen":
		return "lijnen-titel"
	case "interventies":
		return "interventies-titel"
	case "basis":
		return "basis-titel"
	}
	return "herijking_actie"
}

// recalChange builds the change of the form's recalibration fields. For a
// change, empty fields keep what the goal or intervention has now.
func recalChange(m *programme.Model, action learning.Action, target string, rf recalForm, line, level string) (learning.Change, []web.FieldErr) {
	c := learning.Change{Action: action, Target: target, Code: rf.Code}
	if rf.Code == "" {
		return c, []web.FieldErr{{Anchor: "herijking_code", Message: "Herijking: vul de code in van wat u toevoegt, wijzigt of stopt"}}
	}
	if action == learning.Stop {
		return c, nil
	}
	set := func(dst *string, v string) {
		if v = strings.TrimSpace(v); v != "" {
			*dst = v
		}
	}
	switch target {
	case learning.TargetIntervention:
		iv := programme.Intervention{}
		if action == learning.Modify {
			if i := slices.IndexFunc(m.Interventions, func(x programme.Intervention) bool { return x.Code == rf.Code }); i >= 0 {
				iv = m.Interventions[i]
			}
		}
		set(&iv.Title, rf.Title)
		set(&iv.Line, line)
		set(&iv.Canvas.Objective, rf.Objective)
		set(&iv.Canvas.Approach, rf.Approach)
		if gs := splitCodes(rf.Goals); len(gs) > 0 {
			iv.OperationalGoals = gs
		}
		c.Intervention = &iv
	case learning.TargetGoal:
		g := programme.Goal{}
		if action == learning.Modify {
			if i := slices.IndexFunc(m.Goals, func(x programme.Goal) bool { return x.Code == rf.Code }); i >= 0 {
				g = m.Goals[i]
			}
		}
		set(&g.Title, rf.Title)
		set(&g.Description, rf.Description)
		if level != "" {
			g.Level = programme.Level(level)
		}
		if ps := splitCodes(rf.Parents); len(ps) > 0 {
			g.Parents = ps
		}
		c.Goal = &g
	}
	return c, nil
}

type versionsView struct {
	web.Page
	Versions []programme.Version
	Entries  map[int64]*learning.Entry // decisions and lessons the versions name
	Current  int                       // the newest version
}

func (s *Pages) versionList(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	vs, err := s.Programme.Versions(r.Context())
	if err != nil {
		return err
	}
	slices.Reverse(vs)
	v := versionsView{Page: s.Page(r, rc, "Versies van het programma", "doelenboom"), Versions: vs, Entries: map[int64]*learning.Entry{}}
	if len(vs) > 0 {
		v.Current = vs[0].Number
	}
	for _, ver := range vs {
		for _, id := range append([]int64{ver.Decision}, ver.Lessons...) {
			if _, seen := v.Entries[id]; id == 0 || seen {
				continue
			}
			if e, err := s.Learning.Entry(r.Context(), id); err == nil {
				v.Entries[id] = e
			}
		}
	}
	s.Render(w, r, http.StatusOK, "versions", v)
	return nil
}

// Routes adds the pages of this feature to mux.
func (s *Pages) Routes(mux *http.ServeMux) {
	mux.Handle("GET /leerlogboek", s.Auth(s.learningLog))
	mux.Handle("GET /leerlogboek/nieuw", s.Auth(s.entryForm))
	mux.Handle("POST /leerlogboek/nieuw", s.Auth(s.entrySave))
	mux.Handle("GET /leerlogboek/{id}", s.Auth(s.entryPage))
	mux.Handle("GET /programma/versies", s.Auth(s.versionList))
}
