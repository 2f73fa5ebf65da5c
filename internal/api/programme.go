package api

import (
	"bytes"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/programme"
)

func (h *Handler) getProgramme(w http.ResponseWriter, r *http.Request, _ *account.User) error {
	m, err := h.Programme.Model(r.Context())
	if err != nil {
		return err
	}
	if err := h.versionTag(w, r); err != nil {
		return err
	}
	return respond(w, http.StatusOK, normalModel(m))
}

// versionTag sets the ETag to the current version of the programme: the
// value that PUT /api/v1/programme wants back in If-Match (or as
// ?basisversie=).
func (h *Handler) versionTag(w http.ResponseWriter, r *http.Request) error {
	n, err := h.Programme.CurrentVersion(r.Context())
	if err != nil {
		return err
	}
	w.Header().Set("ETag", strconv.Quote(strconv.Itoa(n)))
	return nil
}

// baseVersion reads the version an import was based on, from If-Match
// ("7", as the ETag gave it) or ?basisversie=7. Without it the import is
// refused with 428: replacing the programme blind could undo someone
// else's change.
func baseVersion(r *http.Request) (int, error) {
	q := r.URL.Query().Get("basisversie")
	tag := strings.TrimSpace(r.Header.Get("If-Match"))
	if q == "" && tag == "" {
		return 0, requestError(http.StatusPreconditionRequired, "Geef de versie van het programma mee waarop het bestand gebaseerd is: de header If-Match met de ETag van GET /api/v1/programme, of ?basisversie=N.")
	}
	parse := func(s string) (int, bool) {
		n, err := strconv.Atoi(s)
		return n, err == nil && n >= 0
	}
	var n int
	if q != "" {
		v, ok := parse(q)
		if !ok {
			return 0, requestError(http.StatusBadRequest, "basisversie %q is geen versienummer.", q)
		}
		n = v
	}
	if tag != "" {
		v, ok := parse(strings.Trim(strings.TrimPrefix(tag, "W/"), `"`))
		if !ok {
			return 0, requestError(http.StatusBadRequest, "If-Match %q is geen versie van het programma; gebruik de ETag van GET /api/v1/programme.", tag)
		}
		if q != "" && v != n {
			return 0, requestError(http.StatusBadRequest, "If-Match (%d) en basisversie (%d) noemen een andere versie.", v, n)
		}
		n = v
	}
	return n, nil
}

// allowRemovals reads ?verwijderen=toestaan, the explicit consent to an
// import that removes goals, lines, interventions, links or budget rows.
func allowRemovals(r *http.Request) (bool, error) {
	switch v := r.URL.Query().Get("verwijderen"); v {
	case "":
		return false, nil
	case "toestaan":
		return true, nil
	default:
		return false, requestError(http.StatusBadRequest, "verwijderen=%q: de enige waarde is toestaan.", v)
	}
}

// exportProgramme writes the programme file, which PUT /api/v1/programme
// reads back unchanged; its ETag is the version to send back with it.
func (h *Handler) exportProgramme(w http.ResponseWriter, r *http.Request, _ *account.User) error {
	m, err := h.Programme.Model(r.Context())
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := programme.WriteFile(&buf, m); err != nil {
		return err
	}
	if err := h.versionTag(w, r); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/yaml; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="programma.yaml"`)
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(buf.Bytes())
	return nil
}

// putProgramme replaces the programme with the file in the body. The
// request names the version it was based on (If-Match or ?basisversie=):
// a stale one answers 409. A file that removes anything is refused with
// 422 and the list of what it would remove, unless ?verwijderen=toestaan. The role is
// checked before the file is read, so that someone who may not import does
// not get to learn what is wrong with a file either.
func (h *Handler) putProgramme(w http.ResponseWriter, r *http.Request, u *account.User) error {
	if err := account.Require(u.CanEditProgramme(), "het programma inleest"); err != nil {
		return err
	}
	if err := requireContentType(r, yamlTypes...); err != nil {
		return err
	}
	base, err := baseVersion(r)
	if err != nil {
		return err
	}
	removals, err := allowRemovals(r)
	if err != nil {
		return err
	}
	data, err := readBody(w, r, maxImportBody)
	if err != nil {
		return err
	}
	// The name only appears in the line-numbered messages of a refused file.
	name := "programma.yaml"
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "application/json" {
		name = "programma.json"
	}
	m, err := programme.ReadFile(name, bytes.NewReader(data))
	if err != nil {
		return err
	}
	n, err := h.Programme.Import(r.Context(), *u, m, programme.ImportOptions{Base: base, AllowRemovals: removals})
	if err != nil {
		return err
	}
	stored, err := h.Programme.Model(r.Context())
	if err != nil {
		return err
	}
	w.Header().Set("ETag", strconv.Quote(strconv.Itoa(n)))
	return respond(w, http.StatusOK, normalModel(stored))
}

func (h *Handler) listGoals(w http.ResponseWriter, r *http.Request, _ *account.User) error {
	level := programme.Level(r.URL.Query().Get("niveau"))
	if level != "" && !slices.Contains(programme.Levels, level) {
		return requestError(http.StatusBadRequest, "Niveau %q bestaat niet; kies ambitie, strategisch, tactisch of operationeel.", level)
	}
	m, err := h.Programme.Model(r.Context())
	if err != nil {
		return err
	}
	goals := []programme.Goal{}
	for _, g := range m.Goals {
		if level == "" || g.Level == level {
			goals = append(goals, g)
		}
	}
	return respond(w, http.StatusOK, goals)
}

func (h *Handler) getGoal(w http.ResponseWriter, r *http.Request, _ *account.User) error {
	m, err := h.Programme.Model(r.Context())
	if err != nil {
		return err
	}
	g, err := findGoal(m, r.PathValue("code"))
	if err != nil {
		return err
	}
	d := goalDetail{Goal: *g, Children: []string{}, Interventions: []interventionRef{}}
	for _, c := range m.Goals {
		if slices.Contains(c.Parents, g.Code) {
			d.Children = append(d.Children, c.Code)
		}
	}
	for _, iv := range m.Interventions {
		if slices.Contains(iv.OperationalGoals, g.Code) {
			d.Interventions = append(d.Interventions, toRefs([]programme.Intervention{iv})...)
		}
	}
	return respond(w, http.StatusOK, d)
}

func findGoal(m *programme.Model, code string) (*programme.Goal, error) {
	for i := range m.Goals {
		if m.Goals[i].Code == code {
			return &m.Goals[i], nil
		}
	}
	return nil, perspectief.Errorf(perspectief.CodeNotFound, "doel %q bestaat niet", code)
}

// lineParam reads the optional ?lijn= filter; a line that does not exist is
// an error rather than an empty answer, which would look like a line
// without interventions.
func lineParam(r *http.Request, m *programme.Model) (string, error) {
	code := r.URL.Query().Get("lijn")
	if code == "" {
		return "", nil
	}
	for _, l := range m.Lines {
		if l.Code == code {
			return code, nil
		}
	}
	return "", perspectief.Errorf(perspectief.CodeNotFound, "programmalijn %q bestaat niet", code)
}

func (h *Handler) getTree(w http.ResponseWriter, r *http.Request, _ *account.User) error {
	m, err := h.Programme.Model(r.Context())
	if err != nil {
		return err
	}
	line, err := lineParam(r, m)
	if err != nil {
		return err
	}
	t := programme.BuildTree(m, line)
	return respond(w, http.StatusOK, treeJSON{
		Line:     line,
		Roots:    toTreeNodes(t.Roots),
		Loose:    toTreeNodes(t.Loose),
		Unlinked: toRefs(programme.Unlinked(m, line)),
	})
}

func (h *Handler) listLines(w http.ResponseWriter, r *http.Request, _ *account.User) error {
	m, err := h.Programme.Model(r.Context())
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK, nonNil(m.Lines))
}

func (h *Handler) getRollup(w http.ResponseWriter, r *http.Request, _ *account.User) error {
	p, err := parsePeriodParam(r.URL.Query().Get("periode"))
	if err != nil {
		return err
	}
	_, ru, err := h.Programme.RollupIn(r.Context(), p, r.URL.Query().Get("gebied"))
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK, toRollup(ru))
}

func (h *Handler) getBudget(w http.ResponseWriter, r *http.Request, _ *account.User) error {
	m, err := h.Programme.Model(r.Context())
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK, toBudget(m.Budget))
}
