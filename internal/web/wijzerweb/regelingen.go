package wijzerweb

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/perspectief/perspectief/internal/web"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/eligibility"
)

// The rules of the voorzieningenwijzer for staff: which schemes there are,
// which version of each decides today, every older version as it was
// loaded, and (for a beheerder) loading a new version.

type regelingenView struct {
	web.Page
	Today   string
	Schemes []schemeRow
	CanLoad bool
	Message string
	Details []string
}

type schemeRow struct {
	Code, Name, Runner string
	Current            *versionRow // the version that decides today; nil when none has started
	InForce            bool
	Versions           int
	Newest             versionRow
	NewerLater         bool // the newest version starts after today
}

type versionRow struct {
	Code, Version, From, To, Period, Checked, Origin, LoadedAt, LoadedBy, URL string
	Today                                                                     bool
}

func versionOf(sc *eligibility.Scheme, today *eligibility.Scheme) versionRow {
	v := versionRow{Code: sc.Code, Version: sc.Version, From: web.FormatDate(sc.Valid.From), To: "geen einddatum",
		Period: "vanaf " + web.FormatDate(sc.Valid.From), Checked: web.FormatDate(sc.Checked), Origin: sc.Origin, LoadedBy: sc.LoadedBy,
		URL: "/regelingen/" + sc.Code + "/" + url.PathEscape(sc.Version), Today: sc == today}
	if !sc.Valid.To.IsZero() {
		v.To = web.FormatDate(sc.Valid.To)
		v.Period = v.From + " tot en met " + v.To
	}
	if !sc.LoadedAt.IsZero() {
		v.LoadedAt = web.FormatDateTime(sc.LoadedAt)
	}
	return v
}

// rulesToday is the day the rules are applied for, as a date.
func (s *Pages) rulesToday() time.Time {
	t := s.Now().In(web.Amsterdam)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func (s *Pages) regelingen(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	return s.renderRegelingen(w, r, rc, http.StatusOK, regelingenView{})
}

func (s *Pages) renderRegelingen(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx, status int, v regelingenView) error {
	set, err := s.Rules.Rules(r.Context())
	if err != nil {
		return err
	}
	v.Page = s.Page(r, rc, "Regelingen", "regelingen")
	if v.Message != "" {
		v.Title = "Fout: " + v.Title
	}
	v.CanLoad = s.Rules.CanLoad(*rc.User) == nil
	today := s.rulesToday()
	v.Today = web.FormatDate(today)
	for _, code := range set.Codes() {
		versions := set.Versions(code)
		row := schemeRow{Code: code, Name: versions[0].Name, Runner: versions[0].Runner, Versions: len(versions),
			Newest: versionOf(versions[0], nil)}
		row.NewerLater = true
		if cur, ok := set.SchemeOn(code, today); ok {
			vr := versionOf(cur, cur)
			row.Current, row.InForce = &vr, cur.InForce(today)
			row.Name, row.Runner = cur.Name, cur.Runner
			row.NewerLater = cur != versions[0]
		}
		v.Schemes = append(v.Schemes, row)
	}
	s.Render(w, r, status, "regelingen", v)
	return nil
}

// maxRuleFile bounds an uploaded scheme file, as the loader does.
const maxRuleFile = eligibility.MaxFileBytes

// regelingLoad stores a new version of a scheme file. A file with any
// problem is refused whole, every problem shown with its line.
func (s *Pages) regelingLoad(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	fail := func(v regelingenView) error {
		return s.renderRegelingen(w, r, rc, http.StatusUnprocessableEntity, v)
	}
	if err := s.Rules.CanLoad(*rc.User); err != nil {
		return err
	}
	file, hdr, err := r.FormFile("bestand")
	if err != nil {
		if !errors.Is(err, http.ErrMissingFile) {
			return err
		}
		return fail(regelingenView{Message: "Kies een regelbestand (YAML) om in te lezen."})
	}
	defer file.Close()
	name := path.Base(strings.ReplaceAll(hdr.Filename, "\\", "/"))
	data, err := io.ReadAll(io.LimitReader(file, maxRuleFile+1))
	if err != nil {
		return err
	}
	sc, err := s.Rules.Load(r.Context(), *rc.User, name, data)
	if err != nil {
		if perspectief.ErrorCode(err) != perspectief.CodeInvalid {
			return err
		}
		return fail(regelingenView{Message: perspectief.ErrorMessage(err), Details: perspectief.ErrorDetails(err)})
	}
	http.Redirect(w, r, "/regelingen/"+sc.Code+"/"+url.PathEscape(sc.Version)+"?melding=regelversie", http.StatusSeeOther)
	return nil
}

type regelingView struct {
	web.Page
	S       *eligibility.Scheme
	Row     versionRow
	InForce bool // decides today and is in force
	Decides bool // decides today
	Sources []string
	Params  []paramRow
	// Target are the conditions about whom the scheme is for, Conditions
	// the others, both as Dutch sentences; AllConditions every condition
	// as the rule file writes it, with Dutch words for the operators.
	Target, Conditions, AllConditions []conditionRow
	// ExplainedOn is the day whose limits the explanations show.
	ExplainedOn string
	Versions    []versionRow
}

type paramRow struct {
	Label, Name, Unit string
	Values            []string
}

type conditionRow struct{ Expr, Explain string }

func (s *Pages) regeling(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	set, err := s.Rules.Rules(r.Context())
	if err != nil {
		return err
	}
	code, version := r.PathValue("code"), r.PathValue("versie")
	sc, ok := set.Version(code, version)
	if !ok {
		return web.NotFoundf("regeling %q heeft geen versie %q", code, version)
	}
	today := s.rulesToday()
	cur, _ := set.SchemeOn(code, today)
	v := regelingView{Page: s.Page(r, rc, sc.Name+" "+sc.Version, "regelingen"), S: sc, Row: versionOf(sc, cur),
		Decides: cur == sc, InForce: cur == sc && sc.InForce(today), Sources: sc.Sources}
	for _, p := range sc.Params {
		pr := paramRow{Label: paramLabel(p.Name), Name: p.Name, Unit: p.Unit}
		for _, pv := range p.Values {
			period := "vanaf " + web.FormatDate(pv.From)
			if !pv.To.IsZero() {
				period += " tot en met " + web.FormatDate(pv.To)
			}
			pr.Values = append(pr.Values, paramText(pv.Value)+" ("+period+")")
		}
		v.Params = append(v.Params, pr)
	}
	// The explanations with the limits of today, or of the version's first
	// day when it does not apply today.
	when := today
	if !sc.InForce(today) {
		when = sc.Valid.From
	}
	v.ExplainedOn = web.FormatDate(when)
	for i, c := range sc.Conditions {
		row := conditionRow{Expr: dutchOperators(c.Source), Explain: sc.Explanation(i, when).NL}
		if c.Target {
			v.Target = append(v.Target, row)
		} else {
			v.Conditions = append(v.Conditions, row)
		}
		v.AllConditions = append(v.AllConditions, row)
	}
	for _, o := range set.Versions(code) {
		v.Versions = append(v.Versions, versionOf(o, cur))
	}
	s.Render(w, r, http.StatusOK, "regeling", v)
	return nil
}

// paramLabel is a parameter's name as words: "inkomensgrens_pct" reads
// "inkomensgrens (procent)".
func paramLabel(name string) string {
	words := strings.Split(name, "_")
	var unit string
	switch words[len(words)-1] {
	case "pct":
		unit = " (procent)"
	case "jaren":
		unit = " (jaren)"
	}
	if unit != "" {
		words = words[:len(words)-1]
	}
	s := strings.Join(words, " ")
	return strings.ToUpper(s[:1]) + s[1:] + unit
}

// operatorWords are the English keywords of the rule language and how a
// Dutch reader says them.
var operatorWords = map[string]string{"and": "en", "or": "of", "not": "niet", "true": "waar", "false": "onwaar"}

// dutchOperators writes a rule expression with Dutch words for its
// keywords, leaving names, numbers and quoted texts as they are.
func dutchOperators(expr string) string {
	var b strings.Builder
	quoted := false
	word := func(w string) {
		if nl, ok := operatorWords[w]; ok {
			w = nl
		}
		b.WriteString(w)
	}
	start := -1
	for i, r := range expr {
		isWord := !quoted && (r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
		if isWord && start < 0 {
			start = i
		}
		if !isWord && start >= 0 {
			word(expr[start:i])
			start = -1
		}
		if !isWord {
			if r == '"' {
				quoted = !quoted
			}
			b.WriteRune(r)
		}
	}
	if start >= 0 {
		word(expr[start:])
	}
	return b.String()
}

func paramText(v eligibility.Value) string {
	switch v.Type() {
	case eligibility.TNumber:
		return eligibility.FormatNumber(v.Number(), "nl")
	case eligibility.TBool:
		if v.Truth() {
			return "ja"
		}
		return "nee"
	}
	return v.Text()
}

// regelingFile serves a version's file as it was loaded.
func (s *Pages) regelingFile(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	sc, err := s.Rules.Version(r.Context(), r.PathValue("code"), r.PathValue("versie"))
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/yaml; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="`+sc.Code+"-"+sc.Version+`.yaml"`)
	h.Set("Cache-Control", "no-store")
	_, _ = w.Write(sc.Content)
	return nil
}

// Routes adds the pages of this feature to mux.
func (s *Pages) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /wijzer", s.wijzer) // public: no login, nothing stored
	mux.HandleFunc("POST /wijzer", s.wijzer)
	mux.Handle("GET /regelingen", s.Auth(s.regelingen))
	mux.Handle("POST /regelingen", s.AuthUpload(s.regelingLoad))
	mux.Handle("GET /regelingen/{code}/{versie}", s.Auth(s.regeling))
	mux.Handle("GET /regelingen/{code}/{versie}/bestand", s.Auth(s.regelingFile))
}
