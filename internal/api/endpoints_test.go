package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/programme"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

// Response shapes as a client sees them; only the fields the tests look at.
type (
	ivRef struct {
		Code  string `json:"code"`
		Line  string `json:"lijn"`
		Title string `json:"titel"`
	}
	treeNode struct {
		Code          string     `json:"code"`
		Level         string     `json:"niveau"`
		Children      []treeNode `json:"kinderen"`
		Interventions []ivRef    `json:"interventies"`
	}
	tree struct {
		Line     string     `json:"lijn"`
		Roots    []treeNode `json:"wortels"`
		Loose    []treeNode `json:"los"`
		Unlinked []ivRef    `json:"niet_gekoppeld"`
	}
	lineRollup struct {
		Line *struct {
			Code string `json:"code"`
		} `json:"lijn"`
		Interventions int            `json:"interventies"`
		ByStatus      map[string]int `json:"per_status"`
		NoUpdateCount int            `json:"geen_update"`
		Concerns      []struct {
			Intervention ivRef  `json:"interventie"`
			Status       string `json:"status"`
			Text         string `json:"tekst"`
		} `json:"zorgen"`
		NoResults []ivRef `json:"zonder_resultaten"`
		NoUpdate  []ivRef `json:"zonder_update"`
	}
	rollup struct {
		Period        string           `json:"periode"`
		Lines         []lineRollup     `json:"lijnen"`
		Total         lineRollup       `json:"totaal"`
		UnservedGoals []programme.Goal `json:"onbediende_doelen"`
	}
	update struct {
		ID           int64  `json:"id"`
		Intervention string `json:"interventie"`
		Period       string `json:"periode"`
		Status       string `json:"status"`
		Narrative    string `json:"toelichting"`
		Successes    string `json:"successen"`
		Concerns     string `json:"zorgen"`
		Values       []struct {
			Result string `json:"resultaat"`
			Value  string `json:"waarde"`
		} `json:"waarden"`
		Author    string `json:"auteur"`
		CreatedAt string `json:"aangemaakt"`
	}
	comment struct {
		ID     int64  `json:"id"`
		Kind   string `json:"soort"`
		Code   string `json:"code"`
		Text   string `json:"tekst"`
		Author string `json:"auteur"`
		Role   string `json:"rol"`
	}
	goalDetail struct {
		programme.Goal
		Children      []string `json:"onderliggende_doelen"`
		Interventions []ivRef  `json:"interventies"`
	}
	budget struct {
		Available      []programme.BudgetRow `json:"beschikbaar"`
		Allocated      []programme.BudgetRow `json:"inzet"`
		Years          []int                 `json:"jaren"`
		TotalAvailable map[string]float64    `json:"totaal_beschikbaar"`
		TotalAllocated map[string]float64    `json:"totaal_inzet"`
	}
)

func progressBody(period, status string) map[string]any {
	return map[string]any{
		"periode":     period,
		"status":      status,
		"toelichting": "Voortgang uit de API-test.",
		"successen":   "",
		"zorgen":      "",
		"waarden":     []map[string]string{{"resultaat": "R1", "waarde": "12"}},
	}
}

func TestReadEndpoints(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := setup(t, db)

		rec := e.get("/api/v1/programme", reader)
		wantStatus(t, rec, http.StatusOK)
		if cc := rec.Header().Get("Cache-Control"); cc != "no-store" {
			t.Errorf("Cache-Control %q, want no-store", cc)
		}
		m := decode[programme.Model](t, rec)
		if m.Name == "" || len(m.Goals) == 0 || len(m.Lines) != 3 || len(m.Interventions) == 0 {
			t.Fatalf("programme looks empty: %s, %d goals, %d lines, %d interventions", m.Name, len(m.Goals), len(m.Lines), len(m.Interventions))
		}
		// Lists are never null, so clients need no special case.
		if strings.Contains(rec.Body.String(), "null") {
			t.Errorf("programme JSON contains null")
		}

		rec = e.get("/api/v1/programme/export", reader)
		wantStatus(t, rec, http.StatusOK)
		if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/yaml") {
			t.Errorf("export Content-Type %q", ct)
		}
		exported, err := programme.ReadFile("export.yaml", bytes.NewReader(rec.Body.Bytes()))
		if err != nil {
			t.Fatalf("export does not read back: %v", err)
		}
		if exported.Name != m.Name || len(exported.Interventions) != len(m.Interventions) {
			t.Errorf("export differs from GET programme")
		}

		goals := decode[[]programme.Goal](t, e.get("/api/v1/goals", reader))
		if len(goals) != len(m.Goals) {
			t.Errorf("%d goals, want %d", len(goals), len(m.Goals))
		}
		ops := decode[[]programme.Goal](t, e.get("/api/v1/goals?niveau=operationeel", reader))
		for _, g := range ops {
			if g.Level != programme.LevelOperational {
				t.Errorf("niveau filter let %s (%s) through", g.Code, g.Level)
			}
		}
		if len(ops) == 0 || len(ops) >= len(goals) {
			t.Errorf("niveau filter gave %d of %d goals", len(ops), len(goals))
		}

		rec = e.get("/api/v1/goals/O1", reader)
		wantStatus(t, rec, http.StatusOK)
		g := decode[goalDetail](t, rec)
		if g.Code != "O1" || g.Level != programme.LevelOperational || g.Children == nil || g.Interventions == nil {
			t.Errorf("goal O1 = %+v", g)
		}
		a1 := decode[goalDetail](t, e.get("/api/v1/goals/A1", reader))
		if len(a1.Children) == 0 {
			t.Errorf("ambition A1 has no children: %+v", a1)
		}

		lines := decode[[]programme.Line](t, e.get("/api/v1/lines", reader))
		if len(lines) != 3 || lines[0].Code != "L1" {
			t.Errorf("lines = %+v", lines)
		}

		all := decode[[]programme.Intervention](t, e.get("/api/v1/interventions", reader))
		l1 := decode[[]programme.Intervention](t, e.get("/api/v1/interventions?lijn=L1", reader))
		if len(all) != len(m.Interventions) || len(l1) == 0 || len(l1) >= len(all) {
			t.Errorf("%d interventions, %d in L1", len(all), len(l1))
		}
		for _, iv := range l1 {
			if iv.Line != "L1" {
				t.Errorf("lijn filter let %s of %s through", iv.Code, iv.Line)
			}
		}
		iv := decode[programme.Intervention](t, e.get("/api/v1/interventions/L1-01", reader))
		if iv.Code != "L1-01" || !iv.LedBy("projectleider@demo.perspectief.nl") || len(iv.Canvas.Results) == 0 {
			t.Errorf("L1-01 = %+v", iv)
		}

		tr := decode[tree](t, e.get("/api/v1/tree", reader))
		if len(tr.Roots) == 0 {
			t.Fatalf("tree has no roots")
		}
		if got := countInterventions(tr.Roots) + countInterventions(tr.Loose); got == 0 {
			t.Errorf("tree shows no interventions")
		}
		trL1 := decode[tree](t, e.get("/api/v1/tree?lijn=L1", reader))
		if trL1.Line != "L1" {
			t.Errorf("tree lijn = %q", trL1.Line)
		}
		for _, ref := range allInterventions(append(trL1.Roots, trL1.Loose...)) {
			if ref.Line != "L1" {
				t.Errorf("tree for L1 shows %s of %s", ref.Code, ref.Line)
			}
		}

		hist := decode[[]update](t, e.get("/api/v1/interventions/L1-01/progress", reader))
		if len(hist) < 2 {
			t.Fatalf("L1-01 history has %d updates", len(hist))
		}
		for i := 1; i < len(hist); i++ {
			if hist[i-1].CreatedAt < hist[i].CreatedAt {
				t.Errorf("history not newest first: %s before %s", hist[i-1].CreatedAt, hist[i].CreatedAt)
			}
		}

		ru := decode[rollup](t, e.get("/api/v1/rollup?periode=2025-T1", reader))
		if ru.Period != "2025-T1" || len(ru.Lines) != 3 || ru.Total.Interventions != len(m.Interventions) {
			t.Errorf("rollup = %+v", ru)
		}
		for _, s := range programme.Statuses {
			if _, ok := ru.Total.ByStatus[string(s)]; !ok {
				t.Errorf("rollup per_status lacks %s", s)
			}
		}
		cur := decode[rollup](t, e.get("/api/v1/rollup", reader))
		if cur.Period != "2025-T2" || cur.Total.NoUpdateCount == 0 {
			t.Errorf("current rollup: periode %s, %d without update", cur.Period, cur.Total.NoUpdateCount)
		}

		b := decode[budget](t, e.get("/api/v1/budget", reader))
		if len(b.Available) == 0 || len(b.Allocated) == 0 || len(b.Years) == 0 {
			t.Fatalf("budget = %+v", b)
		}
		var sum float64
		for _, r := range b.Available {
			sum += r.Amounts[b.Years[0]]
		}
		if got := b.TotalAvailable[fmt.Sprint(b.Years[0])]; got != sum {
			t.Errorf("totaal_beschikbaar[%d] = %v, want %v", b.Years[0], got, sum)
		}

		for _, path := range []string{"/api/v1/goals/O1/comments", "/api/v1/interventions/L1-01/comments"} {
			rec := e.get(path, reader)
			wantStatus(t, rec, http.StatusOK)
			if cs := decode[[]comment](t, rec); cs == nil {
				t.Errorf("%s: comments should be a list, got null", path)
			}
		}
	})
}

func countInterventions(ns []treeNode) int { return len(allInterventions(ns)) }

func allInterventions(ns []treeNode) []ivRef {
	var out []ivRef
	for _, n := range ns {
		out = append(out, n.Interventions...)
		out = append(out, allInterventions(n.Children)...)
	}
	return out
}

func TestProgressChangesRollup(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := setup(t, db)
		before := decode[rollup](t, e.get("/api/v1/rollup?periode=2025-T2", reader))
		if !hasRef(before.Total.NoUpdate, "L1-02") {
			t.Fatalf("L1-02 should still have to report in 2025-T2; without update: %+v", before.Total.NoUpdate)
		}

		body := progressBody("2025-T2", "achter")
		body["zorgen"] = "De locatie is nog niet beschikbaar."
		rec := e.send(http.MethodPost, "/api/v1/interventions/L1-02/progress", leader, body)
		wantStatus(t, rec, http.StatusCreated)
		up := decode[update](t, rec)
		if up.ID == 0 || up.Intervention != "L1-02" || up.Period != "2025-T2" || up.Status != "achter" ||
			up.Author != "projectleider@demo.perspectief.nl" || len(up.Values) != 1 || up.Values[0].Value != "12" {
			t.Errorf("stored update = %+v", up)
		}

		after := decode[rollup](t, e.get("/api/v1/rollup?periode=2025-T2", reader))
		if got, want := after.Total.ByStatus["achter"], before.Total.ByStatus["achter"]+1; got != want {
			t.Errorf("total achter = %d, want %d", got, want)
		}
		if got, want := after.Total.NoUpdateCount, before.Total.NoUpdateCount-1; got != want {
			t.Errorf("total geen_update = %d, want %d", got, want)
		}
		if hasRef(after.Total.NoUpdate, "L1-02") {
			t.Errorf("L1-02 still listed without update")
		}
		l1 := after.Lines[0]
		if l1.Line == nil || l1.Line.Code != "L1" || l1.ByStatus["achter"] != before.Lines[0].ByStatus["achter"]+1 {
			t.Errorf("line L1 roll-up did not count the update: %+v", l1)
		}
		found := false
		for _, c := range after.Total.Concerns {
			found = found || (c.Intervention.Code == "L1-02" && c.Text == "De locatie is nog niet beschikbaar.")
		}
		if !found {
			t.Errorf("concern of L1-02 missing from roll-up")
		}

		// A correction in the same period supersedes the first update in the
		// roll-up, and both stay in the history, newest first.
		rec = e.send(http.MethodPost, "/api/v1/interventions/L1-02/progress", leader, progressBody("2025-T2", "op_koers"))
		wantStatus(t, rec, http.StatusCreated)
		again := decode[rollup](t, e.get("/api/v1/rollup?periode=2025-T2", reader))
		if again.Total.ByStatus["achter"] != before.Total.ByStatus["achter"] ||
			again.Total.ByStatus["op_koers"] != before.Total.ByStatus["op_koers"]+1 {
			t.Errorf("correction not reflected: before %v, now %v", before.Total.ByStatus, again.Total.ByStatus)
		}
		hist := decode[[]update](t, e.get("/api/v1/interventions/L1-02/progress", reader))
		if len(hist) < 2 || hist[0].Status != "op_koers" || hist[1].Status != "achter" {
			t.Errorf("history does not start with the two new updates, newest first: %+v", hist[:min(2, len(hist))])
		}
	})
}

func hasRef(refs []ivRef, code string) bool {
	for _, r := range refs {
		if r.Code == code {
			return true
		}
	}
	return false
}

func TestProgressValidation(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := setup(t, db)
		path := "/api/v1/interventions/L1-01/progress"
		countBefore := len(decode[[]update](t, e.get(path, reader)))

		future := wantError(t, e.send(http.MethodPost, path, team, progressBody("2025-T3", "op_koers")), http.StatusUnprocessableEntity, "invalid")
		if !containsDetail(future.Error.Details, "periode") {
			t.Errorf("future period: details %v", future.Error.Details)
		}
		bad := wantError(t, e.send(http.MethodPost, path, team, progressBody("2025-T7", "op_koers")), http.StatusUnprocessableEntity, "invalid")
		if !containsDetail(bad.Error.Details, "periode") {
			t.Errorf("bad period: details %v", bad.Error.Details)
		}
		status := wantError(t, e.send(http.MethodPost, path, team, progressBody("2025-T2", "prima")), http.StatusUnprocessableEntity, "invalid")
		if !containsDetail(status.Error.Details, "status") {
			t.Errorf("bad status: details %v", status.Error.Details)
		}
		body := progressBody("2025-T2", "op_koers")
		body["waarden"] = []map[string]string{{"resultaat": "R99", "waarde": "1"}}
		res := wantError(t, e.send(http.MethodPost, path, team, body), http.StatusUnprocessableEntity, "invalid")
		if !containsDetail(res.Error.Details, "R99") {
			t.Errorf("unknown result: details %v", res.Error.Details)
		}

		body = progressBody("2025-T2", "achter")
		body["escaleren"] = true
		esc := wantError(t, e.send(http.MethodPost, path, team, body), http.StatusUnprocessableEntity, "invalid")
		if !containsDetail(esc.Error.Details, "escalatie_reden") {
			t.Errorf("escalation without a reason: details %v", esc.Error.Details)
		}
		body["escalatie_reden"] = "Besluit nodig over de huur."
		rec := e.send(http.MethodPost, path, team, body)
		if rec.Code != http.StatusCreated || !strings.Contains(rec.Body.String(), `"escaleren":true`) || !strings.Contains(rec.Body.String(), `"escalatie_reden":"Besluit nodig over de huur."`) {
			t.Errorf("escalated update: %d %s", rec.Code, rec.Body.String())
		}

		body = progressBody("2025-T2", "op_koers")
		body["stauts"] = "achter"
		unknown := wantError(t, e.send(http.MethodPost, path, team, body), http.StatusBadRequest, "invalid")
		if !strings.Contains(unknown.Error.Message, `"stauts"`) || !containsDetail(unknown.Error.Details, "status") {
			t.Errorf("unknown field: %+v", unknown.Error)
		}
		nested := progressBody("2025-T2", "op_koers")
		nested["waarden"] = []map[string]string{{"resultaat": "R1", "value": "1"}}
		wantError(t, e.send(http.MethodPost, path, team, nested), http.StatusBadRequest, "invalid")

		wrongType := wantError(t, e.send(http.MethodPost, path, team, `{"periode": 2025}`), http.StatusBadRequest, "invalid")
		if !strings.Contains(wrongType.Error.Message, "periode") {
			t.Errorf("wrong type: %q", wrongType.Error.Message)
		}
		wantError(t, e.send(http.MethodPost, path, team, `{"periode": "2025-T2",`), http.StatusBadRequest, "invalid")
		wantError(t, e.send(http.MethodPost, path, team, `not json`), http.StatusBadRequest, "invalid")
		wantError(t, e.send(http.MethodPost, path, team, ``), http.StatusBadRequest, "invalid")
		wantError(t, e.send(http.MethodPost, path, team, `{} {}`), http.StatusBadRequest, "invalid")
		wantError(t, e.send(http.MethodPost, path, team, `[]`), http.StatusBadRequest, "invalid")

		wantError(t, e.request(http.MethodPost, path, team, "", []byte(`{}`)), http.StatusUnsupportedMediaType, "invalid")
		wantError(t, e.request(http.MethodPost, path, team, "application/x-www-form-urlencoded", []byte(`periode=2025-T2`)), http.StatusUnsupportedMediaType, "invalid")
		ok := e.request(http.MethodPost, path, team, "application/json; charset=utf-8", mustJSON(t, progressBody("2025-T2", "op_koers")))
		wantStatus(t, ok, http.StatusCreated)

		huge := progressBody("2025-T2", "op_koers")
		huge["toelichting"] = strings.Repeat("x", 1<<20)
		wantError(t, e.send(http.MethodPost, path, team, huge), http.StatusRequestEntityTooLarge, "invalid")

		// Two were accepted: the escalated update and the plain one.
		if got := len(decode[[]update](t, e.get(path, reader))); got != countBefore+2 {
			t.Errorf("history has %d updates, want %d: refused updates must not be stored", got, countBefore+2)
		}
		wantError(t, e.send(http.MethodPost, "/api/v1/interventions/L9-99/progress", team, progressBody("2025-T2", "op_koers")), http.StatusNotFound, "not_found")
	})
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func containsDetail(details []string, s string) bool {
	for _, d := range details {
		if strings.Contains(d, s) {
			return true
		}
	}
	return false
}

func TestCanvas(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := setup(t, db)
		c := map[string]any{
			"doelstelling": "Meer inwoners vinden op tijd de weg naar hulp.",
			"aanpak":       "Spreekuren in de wijk.",
			"doelgroep":    "Werkende minima",
			"partners":     "WIJ Groningen",
			"beoogde_resultaten": []map[string]string{
				{"code": "R1", "omschrijving": "Bereikte huishoudens", "eenheid": "huishoudens", "streefwaarde": "500"},
			},
		}
		rec := e.send(http.MethodPut, "/api/v1/interventions/L1-01/canvas", leader, c)
		wantStatus(t, rec, http.StatusOK)
		iv := decode[programme.Intervention](t, rec)
		if iv.Canvas.Objective != c["doelstelling"] || len(iv.Canvas.Results) != 1 || iv.Canvas.Results[0].Target != "500" {
			t.Errorf("canvas after PUT = %+v", iv.Canvas)
		}
		got := decode[programme.Intervention](t, e.get("/api/v1/interventions/L1-01", reader))
		if got.Canvas.Approach != "Spreekuren in de wijk." || got.Canvas.Partners != "WIJ Groningen" {
			t.Errorf("canvas not stored: %+v", got.Canvas)
		}

		dup := map[string]any{"doelstelling": "x", "aanpak": "y", "beoogde_resultaten": []map[string]string{
			{"code": "R1", "omschrijving": "a"}, {"code": "R1", "omschrijving": "b"}}}
		wantError(t, e.send(http.MethodPut, "/api/v1/interventions/L1-01/canvas", team, dup), http.StatusUnprocessableEntity, "invalid")
		typo := wantError(t, e.send(http.MethodPut, "/api/v1/interventions/L1-01/canvas", team, `{"doelstelling": "x", "aanpk": "y"}`), http.StatusBadRequest, "invalid")
		if !strings.Contains(typo.Error.Message, "aanpk") || !containsDetail(typo.Error.Details, "beoogde_resultaten[].streefwaarde") {
			t.Errorf("unknown canvas field: %+v", typo.Error)
		}
		wantError(t, e.send(http.MethodPut, "/api/v1/interventions/L9-99/canvas", team, c), http.StatusNotFound, "not_found")
		if after := decode[programme.Intervention](t, e.get("/api/v1/interventions/L1-01", reader)); after.Canvas.Objective != c["doelstelling"] {
			t.Errorf("refused canvas changed the stored one: %+v", after.Canvas)
		}
	})
}

func TestComments(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := setup(t, db)
		for _, target := range []struct{ path, kind, code string }{
			{"/api/v1/goals/O1/comments", "doel", "O1"},
			{"/api/v1/interventions/L3-01/comments", "interventie", "L3-01"},
		} {
			rec := e.send(http.MethodPost, target.path, expert, map[string]string{"tekst": "Eerste advies van het panel."})
			wantStatus(t, rec, http.StatusCreated)
			c := decode[comment](t, rec)
			if c.ID == 0 || c.Kind != target.kind || c.Code != target.code || c.Role != "ervaringsdeskundige" ||
				c.Author != "ervaringsdeskundige@demo.perspectief.nl" || c.Text != "Eerste advies van het panel." {
				t.Errorf("%s: stored comment = %+v", target.path, c)
			}
			wantStatus(t, e.send(http.MethodPost, target.path, leader, map[string]string{"tekst": "Tweede."}), http.StatusCreated)
			wantError(t, e.send(http.MethodPost, target.path, expert, map[string]string{"tekst": "  "}), http.StatusUnprocessableEntity, "invalid")
			wantError(t, e.send(http.MethodPost, target.path, expert, map[string]string{"text": "Engels"}), http.StatusBadRequest, "invalid")

			cs := decode[[]comment](t, e.get(target.path, reader))
			if len(cs) != 2 || cs[0].Text != "Eerste advies van het panel." || cs[1].Text != "Tweede." {
				t.Errorf("%s: comments = %+v", target.path, cs)
			}
		}
		wantError(t, e.send(http.MethodPost, "/api/v1/goals/NOPE/comments", expert, map[string]string{"tekst": "x"}), http.StatusNotFound, "not_found")
	})
}

// TestRoles checks every write per role: what the role may do succeeds, the
// rest is 403 with a JSON body.
func TestRoles(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := setup(t, db)
		exportRec := e.get("/api/v1/programme/export", reader)
		wantStatus(t, exportRec, http.StatusOK)
		file := exportRec.Body.Bytes()
		canvas := func(role account.Role) map[string]any {
			return map[string]any{"doelstelling": "Doel gezet door " + string(role), "aanpak": "Aanpak",
				"beoogde_resultaten": []map[string]string{{"code": "R1", "omschrijving": "Resultaat"}}}
		}
		type write struct {
			name string
			do   func(role account.Role) int
		}
		writes := []write{
			{"progress L1-01", func(r account.Role) int {
				return e.send(http.MethodPost, "/api/v1/interventions/L1-01/progress", r, progressBody("2025-T2", "op_koers")).Code
			}},
			{"progress L3-01", func(r account.Role) int {
				return e.send(http.MethodPost, "/api/v1/interventions/L3-01/progress", r, progressBody("2025-T2", "op_koers")).Code
			}},
			{"canvas L1-01", func(r account.Role) int {
				return e.send(http.MethodPut, "/api/v1/interventions/L1-01/canvas", r, canvas(r)).Code
			}},
			{"canvas L3-01", func(r account.Role) int {
				return e.send(http.MethodPut, "/api/v1/interventions/L3-01/canvas", r, canvas(r)).Code
			}},
			{"comment", func(r account.Role) int {
				return e.send(http.MethodPost, "/api/v1/goals/O1/comments", r, map[string]string{"tekst": "Opmerking van " + string(r)}).Code
			}},
			{"import", func(r account.Role) int {
				return e.request(http.MethodPut, e.programmeURL(""), r, "application/yaml", file).Code
			}},
		}
		const ok, no = http.StatusOK, http.StatusForbidden
		created := http.StatusCreated
		want := map[account.Role][]int{
			//            progress L1, progress L3, canvas L1, canvas L3, comment, import
			admin:  {created, created, ok, ok, created, ok},
			team:   {created, created, ok, ok, created, ok},
			leader: {created, no, ok, no, created, no},
			expert: {no, no, no, no, created, no},
			reader: {no, no, no, no, no, no},
			steer:  {no, no, no, no, no, no},
		}
		for _, role := range account.Roles {
			for i, w := range writes {
				if got := w.do(role); got != want[role][i] {
					t.Errorf("%s: %s gives %d, want %d", role, w.name, got, want[role][i])
				}
			}
		}

		// A forbidden write answers with the JSON error body.
		rec := e.send(http.MethodPost, "/api/v1/interventions/L3-01/progress", leader, progressBody("2025-T2", "op_koers"))
		body := wantError(t, rec, http.StatusForbidden, "forbidden")
		if !strings.Contains(body.Error.Message, "rol") {
			t.Errorf("forbidden message %q does not mention the role", body.Error.Message)
		}
		// A role without the right gets 403 whatever is wrong with the body.
		wantError(t, e.send(http.MethodPost, "/api/v1/interventions/L1-01/progress", reader, progressBody("2025-T9", "op_koers")), http.StatusForbidden, "forbidden")
		wantError(t, e.request(http.MethodPut, "/api/v1/programme", reader, "application/yaml", []byte("::: not yaml")), http.StatusForbidden, "forbidden")

		// Every role may read.
		for _, role := range account.Roles {
			for _, path := range []string{"/api/v1/programme", "/api/v1/rollup", "/api/v1/tree?lijn=L2", "/api/v1/goals/O1/comments"} {
				if rec := e.get(path, role); rec.Code != http.StatusOK {
					t.Errorf("%s: GET %s gives %d", role, path, rec.Code)
				}
			}
		}
	})
}

var lineNumbered = regexp.MustCompile(`^programma\.(yaml|json):\d+: `)

func TestImport(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := setup(t, db)
		before := e.get("/api/v1/programme", reader).Body.String()
		file := e.get("/api/v1/programme/export", reader).Body.Bytes()

		bad := map[string]string{
			"syntax":        "perspectief_programma: 1\nprogramma:\n  naam: [unclosed\n",
			"unknown field": strings.Replace(string(file), "  naam:", "  naaam:", 1),
			"validation": strings.Replace(strings.Replace(string(file), "lijn: L1\n", "lijn: L7\n", 1),
				"code: O1\n", "code: O 1\n", 1),
			"version": strings.Replace(string(file), "perspectief_programma: 1", "perspectief_programma: 9", 1),
			"empty":   "",
		}
		for name, body := range bad {
			rec := e.request(http.MethodPut, e.programmeURL(""), team, "application/yaml", []byte(body))
			res := wantError(t, rec, http.StatusUnprocessableEntity, "invalid")
			if len(res.Error.Details) == 0 {
				t.Errorf("%s: no details", name)
			}
			for _, d := range res.Error.Details {
				if !lineNumbered.MatchString(d) {
					t.Errorf("%s: detail %q has no line number", name, d)
				}
			}
			if name == "validation" && len(res.Error.Details) < 2 {
				t.Errorf("validation: want every problem listed, got %v", res.Error.Details)
			}
			if after := e.get("/api/v1/programme", reader).Body.String(); after != before {
				t.Fatalf("%s: a refused import changed the programme", name)
			}
		}
		wantError(t, e.request(http.MethodPut, e.programmeURL(""), team, "text/plain", file), http.StatusUnsupportedMediaType, "invalid")
		wantError(t, e.request(http.MethodPut, e.programmeURL(""), team, "application/yaml", bytes.Repeat([]byte("#"), 16<<20+1)), http.StatusRequestEntityTooLarge, "invalid")

		// A good file replaces the programme and the answer is the result;
		// progress is kept.
		changed := strings.Replace(string(file), "lijn: L1\n", "lijn: L2\n", 1)
		histBefore := decode[[]update](t, e.get("/api/v1/interventions/L1-01/progress", reader))
		rec := e.request(http.MethodPut, e.programmeURL(""), team, "application/yaml", []byte(changed))
		wantStatus(t, rec, http.StatusOK)
		m := decode[programme.Model](t, rec)
		if m.Interventions[0].Code != "L1-01" || m.Interventions[0].Line != "L2" {
			t.Errorf("import not applied: first intervention %s in %s", m.Interventions[0].Code, m.Interventions[0].Line)
		}
		if got := decode[programme.Intervention](t, e.get("/api/v1/interventions/L1-01", reader)); got.Line != "L2" {
			t.Errorf("GET after import: lijn %s", got.Line)
		}
		if hist := decode[[]update](t, e.get("/api/v1/interventions/L1-01/progress", reader)); len(hist) != len(histBefore) {
			t.Errorf("import lost progress: %d updates, had %d", len(hist), len(histBefore))
		}

		// JSON is accepted too, and refused files name it in their messages.
		m.Name = "Programma uit JSON"
		// Years are JSON object keys, thus strings, which programme.ReadFile
		// does not turn back into the int keys of bedragen (yet); leave the
		// amounts out until it does.
		for _, rows := range [][]programme.BudgetRow{m.Budget.Available, m.Budget.Allocated} {
			for i := range rows {
				rows[i].Amounts = nil
			}
		}
		jsonFile := mustJSON(t, map[string]any{"perspectief_programma": 1, "programma": m})
		rec = e.request(http.MethodPut, e.programmeURL(""), team, "application/json", jsonFile)
		wantStatus(t, rec, http.StatusOK)
		if got := decode[programme.Model](t, rec); got.Name != "Programma uit JSON" {
			t.Errorf("JSON import: naam %q", got.Name)
		}
		badJSON := bytes.Replace(jsonFile, []byte(`"lijn":"L2"`), []byte(`"lijn":"L8"`), 1)
		res := wantError(t, e.request(http.MethodPut, e.programmeURL(""), team, "application/json", badJSON), http.StatusUnprocessableEntity, "invalid")
		if !containsDetail(res.Error.Details, "programma.json:1: programma.interventies[0].lijn") {
			t.Errorf("bad JSON import: details %v", res.Error.Details)
		}

		// Importing the export again gives back exactly what was there.
		wantStatus(t, e.request(http.MethodPut, e.programmeURL(""), admin, "application/yaml; charset=utf-8", file), http.StatusOK)
		if after := e.get("/api/v1/programme", reader).Body.String(); after != before {
			t.Errorf("export and import do not round-trip")
		}
	})
}
