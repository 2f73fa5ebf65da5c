package api_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/api"
	"github.com/perspectief/perspectief/internal/demo"
	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/learning"
	"github.com/perspectief/perspectief/internal/procesmonitor"
	"github.com/perspectief/perspectief/internal/programme"
	"github.com/perspectief/perspectief/internal/report"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
	"github.com/perspectief/perspectief/internal/survey"
	wk "github.com/perspectief/perspectief/internal/wegingskader"
)

// The contract test holds the API to its own description: it calls every
// operation of the served OpenAPI document with data from the demo and
// checks each real answer (status, headers, media type and body) against
// what the document says, with a JSON Schema validator that shares no code
// with the API. An operation the test does not call fails it.

// setupAll is setup with every part of the demo seeded and every service
// wired, as cmd/perspectief server does.
func setupAll(t *testing.T, db *store.DB) *env {
	t.Helper()
	e := setup(t, db)
	ctx := context.Background()
	if err := demo.SeedIndicators(ctx, db.Indicators()); err != nil {
		t.Fatalf("seed indicators: %v", err)
	}
	if err := demo.SeedProcesmonitor(ctx, storetest.Demo(db), now); err != nil {
		t.Fatalf("seed procesmonitor: %v", err)
	}
	if err := demo.SeedSurveysAndLearning(ctx, storetest.Demo(db), now); err != nil {
		t.Fatalf("seed surveys and learning: %v", err)
	}
	ps := programme.NewService(db.Programmes())
	ps.Now = e.accts.Now
	ss := survey.NewService(db.Surveys(), db.Programmes(), db.Indicators())
	ss.Now = e.accts.Now
	ls := learning.NewService(db.Learning(), db.Programmes())
	ls.Now = e.accts.Now
	pm := procesmonitor.NewService(db.Procesmonitor(), ps)
	pm.Now = e.accts.Now
	ws := wk.NewService(db.Wegingskader(), ps)
	ws.Now = e.accts.Now
	inds := indicator.NewService(db.Indicators(), db.Trends(), db.Shapes())
	ts := report.NewTertialService(report.TertialSources{Programme: db.Programmes(), Indicators: inds, Procesmonitor: pm, Users: db.Accounts().Users}, db.Reports())
	ts.Now = e.accts.Now
	h := &api.Handler{Programme: ps, Accounts: e.accts, Logger: slog.New(slog.NewTextHandler(e, nil)),
		Indicators: inds, Surveys: ss, Learning: ls, Procesmonitor: pm, Wegingskader: ws, Tertials: ts}
	e.handler = h.Routes()
	return e
}

// contract validates answers against the served document.
type contract struct {
	t      *testing.T
	e      *env
	doc    map[string]any
	c      *jsonschema.Compiler
	called map[string]bool // "get /goals/{code}" with a 2xx answer
}

const docURL = "https://perspectief.test/openapi.json"

func newContract(t *testing.T, e *env) *contract {
	rec := e.get("/api/v1/openapi.json", noToken)
	wantStatus(t, rec, http.StatusOK)
	raw, err := jsonschema.UnmarshalJSON(bytes.NewReader(rec.Body.Bytes()))
	if err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	if err := c.AddResource(docURL, raw); err != nil {
		t.Fatal(err)
	}
	return &contract{t: t, e: e, doc: raw.(map[string]any), c: c, called: map[string]bool{}}
}

// operations lists every "method path" of the document.
func (k *contract) operations() []string {
	var ops []string
	for path, item := range k.doc["paths"].(map[string]any) {
		for m := range item.(map[string]any) {
			if slices.Contains(httpMethods, m) {
				ops = append(ops, m+" "+path)
			}
		}
	}
	sort.Strings(ops)
	return ops
}

// resolve follows a local $ref and returns the node with its JSON pointer.
func (k *contract) resolve(node any, ptr string) (map[string]any, string) {
	m, _ := node.(map[string]any)
	if ref, ok := m["$ref"].(string); ok {
		ptr = strings.TrimPrefix(ref, "#")
		var n any = k.doc
		for _, part := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
			part = strings.ReplaceAll(strings.ReplaceAll(part, "~1", "/"), "~0", "~")
			n = n.(map[string]any)[part]
		}
		return k.resolve(n, ptr)
	}
	return m, ptr
}

func escape(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

func (k *contract) validate(ptr string, v any) error {
	sch, err := k.c.Compile(docURL + "#" + ptr)
	if err != nil {
		k.t.Fatalf("compile %s: %v", ptr, err)
	}
	return sch.Validate(v)
}

// call sends a request for the operation "method docPath" to path and
// checks the answer against the document. body is sent as is when it is a
// string or []byte (with contentType), else as JSON. It returns the answer
// with its body decompressed.
func (k *contract) call(method, docPath, path string, role account.Role, contentType string, body any, status int) *httptest.ResponseRecorder {
	t := k.t
	t.Helper()
	var data []byte
	switch b := body.(type) {
	case nil:
	case string:
		data = []byte(b)
	case []byte:
		data = b
	default:
		data = mustJSON(t, b)
	}
	if contentType == "" && body != nil {
		contentType = jsonType
	}
	req := httptest.NewRequest(method, path, bytes.NewReader(data))
	if role != noToken {
		req.Header.Set("Authorization", "Bearer "+k.e.tokens[role])
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Accept-Encoding", "gzip")
	rec := httptest.NewRecorder()
	k.e.handler.ServeHTTP(rec, req)
	name := method + " " + path
	if rec.Header().Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(rec.Body)
		if err != nil {
			t.Fatalf("%s: gzip: %v", name, err)
		}
		plain, err := io.ReadAll(zr)
		if err != nil {
			t.Fatalf("%s: gzip: %v", name, err)
		}
		rec.Body = bytes.NewBuffer(plain)
	} else if rec.Code != http.StatusNoContent {
		t.Errorf("%s: %d answer not gzip-compressed although the client accepts gzip", name, rec.Code)
	}
	if rec.Code != status {
		t.Fatalf("%s as %s: status %d, want %d; body: %s", name, role, rec.Code, status, rec.Body.String())
	}

	opPtr := "/paths/" + escape(docPath) + "/" + strings.ToLower(method)
	op, _ := k.resolve(k.doc["paths"].(map[string]any)[docPath], "")
	if op == nil || op[strings.ToLower(method)] == nil {
		t.Fatalf("%s: %s %s is not in the document", name, method, docPath)
	}
	responses := op[strings.ToLower(method)].(map[string]any)["responses"].(map[string]any)
	code := strconv.Itoa(rec.Code)
	rnode, ok := responses[code]
	if !ok {
		t.Fatalf("%s: status %d is not documented for %s %s", name, rec.Code, method, docPath)
	}
	resp, respPtr := k.resolve(rnode, opPtr+"/responses/"+code)

	// Headers: every documented required header is sent and fits its
	// schema; API-Version is documented on every response.
	headers, _ := resp["headers"].(map[string]any)
	if _, ok := headers["API-Version"]; !ok {
		t.Errorf("%s: response %s does not document API-Version", name, respPtr)
	}
	for h, hn := range headers {
		hdr, hptr := k.resolve(hn, respPtr+"/headers/"+escape(h))
		got := rec.Header().Values(h)
		if len(got) == 0 {
			if hdr["required"] == true {
				t.Errorf("%s: required header %s missing", name, h)
			}
			continue
		}
		if err := k.validate(hptr+"/schema", strings.Join(got, ", ")); err != nil {
			t.Errorf("%s: header %s %q: %v", name, h, got, err)
		}
	}

	// Body: the media type is documented, and JSON fits its schema.
	content, _ := resp["content"].(map[string]any)
	if len(content) == 0 {
		if rec.Body.Len() != 0 {
			t.Errorf("%s: body %q where the document has none", name, rec.Body.String())
		}
		k.mark(method, docPath, rec.Code)
		return rec
	}
	mt, _, err := mime.ParseMediaType(rec.Header().Get("Content-Type"))
	if err != nil || content[mt] == nil {
		t.Fatalf("%s: Content-Type %q is not documented (%v)", name, rec.Header().Get("Content-Type"), keys(content))
	}
	if mt == "application/json" || strings.HasSuffix(mt, "+json") {
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(rec.Body.Bytes()))
		if err != nil {
			t.Fatalf("%s: body is not JSON: %v", name, err)
		}
		if err := k.validate(respPtr+"/content/"+escape(mt)+"/schema", v); err != nil {
			t.Errorf("%s: body differs from %s: %v\nbody: %.300s", name, respPtr, err, rec.Body.String())
		}
	}
	k.mark(method, docPath, rec.Code)
	return rec
}

func (k *contract) mark(method, docPath string, status int) {
	if status < 300 {
		k.called[strings.ToLower(method)+" "+docPath] = true
	}
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// id reads the field "id" of a JSON answer.
func id(t *testing.T, rec *httptest.ResponseRecorder) string {
	t.Helper()
	var v struct {
		ID int64 `json:"id"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil || v.ID == 0 {
		t.Fatalf("no id in %s (%v)", rec.Body.String(), err)
	}
	return strconv.FormatInt(v.ID, 10)
}

func TestContract(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := setupAll(t, db)
		k := newContract(t, e)
		const (
			ok, created, noContent = http.StatusOK, http.StatusCreated, http.StatusNoContent
			v1                     = "/api/v1"
		)
		get := func(docPath, path string, role account.Role, status int) *httptest.ResponseRecorder {
			t.Helper()
			return k.call(http.MethodGet, docPath, v1+path, role, "", nil, status)
		}

		get("/openapi.json", "/openapi.json", noToken, ok)

		// Programme, goals, tree, interventions.
		get("/programme", "/programme", reader, ok)
		export := get("/programme/export", "/programme/export", reader, ok)
		file, baseVersion := export.Body.Bytes(), strings.Trim(export.Header().Get("ETag"), `"`)
		get("/goals", "/goals", reader, ok)
		get("/goals", "/goals?niveau=tactisch", reader, ok)
		get("/goals", "/goals?niveau=hoog", reader, http.StatusBadRequest)
		get("/goals/{code}", "/goals/O1", reader, ok)
		get("/goals/{code}", "/goals/NOPE", reader, http.StatusNotFound)
		get("/tree", "/tree", reader, ok)
		get("/tree", "/tree?lijn=L1", reader, ok)
		get("/lines", "/lines", reader, ok)
		get("/interventions", "/interventions", reader, ok)
		get("/interventions/{code}", "/interventions/L1-01", reader, ok)
		get("/lines", "/lines", noToken, http.StatusUnauthorized)
		get("/rollup", "/rollup", reader, ok)
		get("/rollup", "/rollup?periode=2025-T4", reader, http.StatusBadRequest)
		if rec := get("/rollup", "/rollup?gebied=noord", reader, ok); !strings.Contains(rec.Body.String(), `"resultaten":{"gehaald":`) {
			t.Errorf("rollup by area: %s", rec.Body.String())
		}
		get("/rollup", "/rollup?gebied=WK999999", reader, http.StatusNotFound)
		if rec := get("/interventions", "/interventions?gebied=noord", reader, ok); !strings.Contains(rec.Body.String(), `"L3-02"`) || strings.Contains(rec.Body.String(), `"L1-01"`) {
			t.Errorf("interventions in Groningen Noord: %s", rec.Body.String())
		}
		get("/interventions", "/interventions?gebied=zuid", reader, http.StatusNotFound)
		get("/budget", "/budget", reader, ok)

		k.call("PUT", "/interventions/{code}/canvas", v1+"/interventions/L1-01/canvas", leader, "", map[string]any{
			"doelstelling": "Meer inwoners vinden op tijd de weg naar hulp.", "aanpak": "Spreekuren in de wijk.",
			"doelgroep": "Werkende minima", "partners": "WIJ Groningen",
			"beoogde_resultaten": []map[string]string{{"code": "R1", "omschrijving": "Bereikte huishoudens", "eenheid": "huishoudens", "streefwaarde": "500"}},
		}, ok)
		k.call("PUT", "/interventions/{code}/canvas", v1+"/interventions/L3-01/canvas", leader, "", map[string]any{"doelstelling": "x"}, http.StatusForbidden)
		k.call("POST", "/interventions/{code}/progress", v1+"/interventions/L1-02/progress", team, "", progressBody("2025-T2", "op_koers"), created)
		bad := k.call("POST", "/interventions/{code}/progress", v1+"/interventions/L1-02/progress", team, "",
			map[string]any{"periode": "2025-T2", "status": "prima", "toelichting": ""}, http.StatusUnprocessableEntity)
		if p := wantError(t, bad, http.StatusUnprocessableEntity, "invalid"); !containsDetail(p.Error.Details, "status: ") || !containsDetail(p.Error.Details, "toelichting: ") {
			t.Errorf("invalid-params %v, want status and toelichting", p.Error.Details)
		}
		k.call("POST", "/interventions/{code}/progress", v1+"/interventions/L1-02/progress", team, "", `{"periode": 5}`, http.StatusBadRequest)
		get("/interventions/{code}/progress", "/interventions/L1-02/progress", reader, ok)
		for _, target := range []struct{ doc, path string }{{"/goals/{code}/comments", "/goals/O1/comments"}, {"/interventions/{code}/comments", "/interventions/L1-01/comments"}} {
			k.call("POST", target.doc, v1+target.path, expert, "", map[string]string{"tekst": "Advies van het panel."}, created)
			k.call("POST", target.doc, v1+target.path, expert, "", map[string]string{"tekst": ""}, http.StatusUnprocessableEntity)
			get(target.doc, target.path, reader, ok)
		}
		// An import names the version it was based on (optimistic concurrency);
		// the canvas edit above made the exported version stale.
		version := func() string {
			return strings.Trim(get("/programme", "/programme", reader, ok).Header().Get("ETag"), `"`)
		}
		k.call("PUT", "/programme", v1+"/programme", team, "application/yaml", file, http.StatusPreconditionRequired)
		k.call("PUT", "/programme", v1+"/programme?basisversie="+baseVersion, team, "application/yaml", file, http.StatusConflict)
		k.call("PUT", "/programme", v1+"/programme?basisversie="+version(), team, "application/yaml", file, ok)
		k.call("PUT", "/programme", v1+"/programme?basisversie="+version(), team, "application/yaml",
			strings.Replace(string(file), "lijn: L1\n", "lijn: L7\n", 1), http.StatusUnprocessableEntity)
		k.call("PUT", "/programme", v1+"/programme", team, "text/plain", file, http.StatusUnsupportedMediaType)

		// Interventions edited one at a time (issue 14, section 5), their
		// projectleiders, and the verdicts on their results.
		const pl = "projectleider@demo.perspectief.nl"
		k.call("PUT", "/interventions/{code}/leaders", v1+"/interventions/L3-01/leaders", team, "", map[string]any{"projectleiders": []string{pl}, "eigenaar": "WIJ en gemeente"}, ok)
		k.call("PUT", "/interventions/{code}/leaders", v1+"/interventions/L3-01/leaders", team, "", map[string]any{"projectleiders": []string{"lezer@demo.perspectief.nl"}}, http.StatusUnprocessableEntity)
		k.call("PUT", "/interventions/{code}/leaders", v1+"/interventions/L3-01/leaders", leader, "", map[string]any{"projectleiders": []string{pl}}, http.StatusForbidden)
		k.call("PUT", "/interventions/{code}/leaders", v1+"/interventions/NOPE/leaders", team, "", map[string]any{"projectleiders": []string{pl}}, http.StatusNotFound)
		k.call("PUT", "/interventions/{code}/leaders", v1+"/interventions/L3-01/leaders", team, "", `{"projectleiders": "x"}`, http.StatusBadRequest)
		ivJSON := get("/interventions/{code}", "/interventions/L3-04", reader, ok)
		var iv map[string]any
		if err := json.Unmarshal(ivJSON.Body.Bytes(), &iv); err != nil {
			t.Fatal(err)
		}
		ivBase, _ := strconv.Atoi(version())
		iv["fase"], iv["gebied"], iv["wijken"] = "borgen", "wijken", []string{"WK001410"}
		k.call("PUT", "/interventions/{code}", v1+"/interventions/L3-04", team, "", map[string]any{"interventie": iv, "reden": "Vast aanbod (voorbeeld)", "basisversie": ivBase}, ok)
		k.call("PUT", "/interventions/{code}", v1+"/interventions/L3-04", team, "", map[string]any{"interventie": iv, "reden": "Nog eens", "basisversie": ivBase}, http.StatusConflict)
		iv["fase"] = "proef"
		badIv := k.call("PUT", "/interventions/{code}", v1+"/interventions/L3-04", team, "", map[string]any{"interventie": iv, "reden": "x", "basisversie": ivBase + 1}, http.StatusUnprocessableEntity)
		if !strings.Contains(badIv.Body.String(), `fase \"proef\" bestaat niet`) {
			t.Errorf("bad stage: %s", badIv.Body.String())
		}
		k.call("PUT", "/interventions/{code}", v1+"/interventions/L3-04", leader, "", map[string]any{"interventie": iv, "reden": "x", "basisversie": ivBase + 1}, http.StatusForbidden)
		k.call("PUT", "/interventions/{code}", v1+"/interventions/L3-09", team, "", map[string]any{"interventie": map[string]any{"lijn": "L3", "titel": "Nieuw (voorbeeld)", "fase": "onderzoek", "gebied": "noord",
			"canvas": map[string]any{"doelstelling": "d", "aanpak": "a", "beoogde_resultaten": []map[string]any{{"code": "R1", "omschrijving": "Gezinnen (voorbeeld)", "eenheid": "gezinnen", "aantal": 20, "jaar": 2026}}}},
			"reden": "Nieuw (voorbeeld)", "basisversie": ivBase + 1}, created)
		// Goals and budget rows, one at a time (programme_edit_test.go tries bad input).
		goal := map[string]any{"code": "O1", "niveau": "operationeel", "titel": "Meer inwoners kennen hun regelingen (voorbeeld)", "onder": []string{"T1"}}
		k.call("PUT", "/goals/{code}", v1+"/goals/O1", team, "", map[string]any{"doel": goal, "reden": "Scherper (voorbeeld)", "basisversie": ivBase + 2}, ok)
		goal["code"] = "O99"
		k.call("PUT", "/goals/{code}", v1+"/goals/O99", team, "", map[string]any{"doel": goal, "reden": "Nieuw doel (voorbeeld)", "basisversie": ivBase + 3}, created)
		row := map[string]any{"post": "Voorlezen thuis (voorbeeld)", "lijn": "L2", "bedragen": map[string]float64{"2025": 40, "2026": 60}}
		k.call("POST", "/budget/{table}/rows", v1+"/budget/inzet/rows", team, "", map[string]any{"regel": row, "reden": "Nieuwe post (voorbeeld)", "basisversie": ivBase + 4}, created)
		row["bedragen"] = map[string]float64{"2025": 45, "2026": 60}
		k.call("PUT", "/budget/{table}/rows/{n}", v1+"/budget/beschikbaar/rows/1", team, "", map[string]any{"regel": row, "reden": "Bijgesteld (voorbeeld)", "basisversie": ivBase + 5}, ok)
		res := get("/interventions/{code}/results", "/interventions/L3-04/results", reader, ok)
		if !strings.Contains(res.Body.String(), `"oordeel":"niet_gehaald"`) {
			t.Errorf("L3-04 results: %s", res.Body.String())
		}
		get("/interventions/{code}/results", "/interventions/NOPE/results", reader, http.StatusNotFound)
		// A numeric result takes a number.
		word := progressBody("2025-T2", "op_koers")
		word["waarden"] = []map[string]string{{"resultaat": "R1", "waarde": "veel"}}
		if rec := k.call("POST", "/interventions/{code}/progress", v1+"/interventions/L3-04/progress", team, "", word, http.StatusUnprocessableEntity); !strings.Contains(rec.Body.String(), `\"veel\" is geen aantal`) {
			t.Errorf("a word for a number: %s", rec.Body.String())
		}

		// Indicators: the values come in pages.
		get("/indicators", "/indicators", reader, ok)
		get("/indicators", "/indicators?soort=beleidsindicator&type=output", reader, ok)
		get("/indicators", "/indicators?soort=prestatie", reader, http.StatusBadRequest)
		all := get("/indicators/{code}/values", "/indicators/moeite_met_rondkomen/values", reader, ok)
		total, _ := strconv.Atoi(all.Header().Get("X-Total-Count"))
		if total < 3 {
			t.Fatalf("demo has %d values of moeite_met_rondkomen; the paging check needs 3", total)
		}
		page := get("/indicators/{code}/values", "/indicators/moeite_met_rondkomen/values?limit=2&page=2", reader, ok)
		var vals []valueOut
		_ = json.Unmarshal(page.Body.Bytes(), &vals)
		if len(vals) != 2 || !strings.Contains(page.Header().Get("Link"), `page=1>; rel="prev"`) || !strings.Contains(page.Header().Get("Link"), `page=1>; rel="first"`) {
			t.Errorf("page 2 of 2: %d values, Link %q", len(vals), page.Header().Get("Link"))
		}
		get("/indicators/{code}/values", "/indicators/moeite_met_rondkomen/values?limit=0", reader, http.StatusBadRequest)
		get("/indicators/{code}/values", "/indicators/bestaat_niet/values", reader, http.StatusNotFound)

		// Procesmonitor.
		get("/budget/years", "/budget/years", reader, ok)
		get("/budget/forecast", "/budget/forecast", reader, ok)
		get("/budget/forecast", "/budget/forecast?jaar=1980", reader, http.StatusBadRequest)
		csvFile := "boekdatum,lijn_of_post,bedrag,omschrijving,referentie\n2025-06-01,L1.2,100.50,Kindpassen,API-1\n2025-06-02,ORG,20,Zaal,API-2\n"
		k.call("POST", "/spending", v1+"/spending?bestand=juni.csv", team, "text/csv", csvFile, created)
		k.call("POST", "/spending", v1+"/spending?bestand=juni.csv", team, "text/csv", csvFile, ok)
		k.call("POST", "/spending", v1+"/spending?bestand=juli.csv", team, "text/csv", csvFile+"2025-06-03,L1.2,1,x,API-1\n", http.StatusUnprocessableEntity)
		get("/spending", "/spending", reader, ok)

		// The register kept by the team.
		newInd := map[string]any{"code": "api_nieuw", "naam": "Nieuw via de API", "definitie": "", "eenheid": "aantal", "type": "output",
			"soort": "beleidsindicator", "niveau": "operationeel", "bron": "", "frequentie": "jaarlijks", "richting": "omhoog", "doelen": []string{"O1"},
			"eigenaar": "", "toelichting": "", "nulmeting": map[string]any{"jaar": 2023, "waarde": 10}, "vervallen": false,
			"targets": []map[string]any{{"jaar": 2026, "doel": "getal", "waarde": 20, "marge": 2, "reden": "(voorbeeld)"}}}
		k.call("POST", "/indicators", v1+"/indicators", team, "", newInd, created)
		k.call("POST", "/indicators", v1+"/indicators", team, "", newInd, http.StatusConflict)
		k.call("POST", "/indicators", v1+"/indicators", team, "", map[string]any{"code": "x y"}, http.StatusUnprocessableEntity)
		k.call("POST", "/indicators", v1+"/indicators", reader, "", newInd, http.StatusForbidden)
		get("/indicators/{code}", "/indicators/api_nieuw", reader, ok)
		get("/indicators/{code}", "/indicators/bestaat_niet", reader, http.StatusNotFound)
		newInd["vervallen"] = true
		k.call("PUT", "/indicators/{code}", v1+"/indicators/api_nieuw?reden=Vervangen", team, "", newInd, ok)
		k.call("PUT", "/indicators/{code}", v1+"/indicators/bestaat_niet", team, "", newInd, http.StatusNotFound)
		k.call("PUT", "/indicators/{code}", v1+"/indicators/api_nieuw", team, "", map[string]any{"naam": 3}, http.StatusBadRequest)
		get("/indicator-register/versions", "/indicator-register/versions", reader, ok)
		get("/indicator-register/versions", "/indicator-register/versions?limit=1&page=2", reader, ok)
		get("/indicator-register/versions/{n}", "/indicator-register/versions/2", reader, ok)
		get("/indicator-register/versions/{n}", "/indicator-register/versions/99", reader, http.StatusNotFound)
		k.call("POST", "/indicator-register/versions/{n}/restore", v1+"/indicator-register/versions/2/restore?reden=Terug", reader, "", nil, http.StatusForbidden)
		k.call("POST", "/indicator-register/versions/{n}/restore", v1+"/indicator-register/versions/99/restore", team, "", nil, http.StatusNotFound)
		k.call("POST", "/indicator-register/versions/{n}/restore", v1+"/indicator-register/versions/2/restore?reden=Terug", team, "", nil, created)
		k.call("POST", "/indicator-register/versions/{n}/restore", v1+"/indicator-register/versions/4/restore", team, "", nil, http.StatusUnprocessableEntity)

		// Uploads of indicator values and trendmonitor tables.
		k.call("POST", "/indicator-values", v1+"/indicator-values?bestand=w.csv", team, "text/csv", valuesCSV, created)
		k.call("POST", "/indicator-values", v1+"/indicator-values", team, "text/csv", valuesCSV+"o3_vroegsignalen,2024,GM0014,totaal,x,,,,y,\n", http.StatusUnprocessableEntity)
		k.call("POST", "/trend-runs", v1+"/trend-runs?bestand=cbs.csv", team, "text/csv", exposedTable, created)
		k.call("POST", "/trend-runs", v1+"/trend-runs", team, "text/csv", uncountedTable, http.StatusUnprocessableEntity)
		get("/spending", "/spending?jaar=2025&limit=1", reader, ok)
		get("/commitments", "/commitments", reader, ok)
		k.call("PUT", "/commitments/{year}", v1+"/commitments/2026", team, "", map[string]any{"bedragen": map[string]float64{"L1.1": 250000.50}}, ok)
		k.call("PUT", "/commitments/{year}", v1+"/commitments/2026", team, "", map[string]any{"bedragen": map[string]float64{"L9.9": 1}}, http.StatusUnprocessableEntity)
		get("/milestones", "/milestones", reader, ok)
		get("/milestones", "/milestones?binnen=30", reader, ok)
		ms := map[string]string{"titel": "Eerste brief herschreven", "datum": "2025-07-01", "eigenaar": "Lotte", "status": "bezig"}
		mid := id(t, k.call("POST", "/interventions/{code}/milestones", v1+"/interventions/L1-01/milestones", leader, "", ms, created))
		k.call("POST", "/interventions/{code}/milestones", v1+"/interventions/L1-01/milestones", leader, "", map[string]string{"titel": ""}, http.StatusUnprocessableEntity)
		get("/interventions/{code}/milestones", "/interventions/L1-01/milestones", reader, ok)
		ms["status"] = "gereed"
		k.call("PUT", "/interventions/{code}/milestones/{id}", v1+"/interventions/L1-01/milestones/"+mid, leader, "", ms, ok)
		k.call("DELETE", "/interventions/{code}/milestones/{id}", v1+"/interventions/L1-01/milestones/"+mid, leader, "", nil, noContent)
		k.call("DELETE", "/interventions/{code}/milestones/{id}", v1+"/interventions/L1-01/milestones/"+mid, leader, "", nil, http.StatusNotFound)

		// The mapping of codes of the financial administration.
		codes := get("/ledger-codes", "/ledger-codes", reader, ok)
		if !strings.Contains(codes.Body.String(), `"KP4410/6349900"`) {
			t.Errorf("the demo's mapping is missing: %s", codes.Body.String())
		}
		lc := map[string]string{"bestemming": "L2.1", "interventie": "L2-01", "toelichting": "Fictief"}
		put := k.call("PUT", "/ledger-codes/{code}", v1+"/ledger-codes/kp9%2F6340777", team, "", lc, ok)
		if !strings.Contains(put.Body.String(), `"code":"KP9/6340777"`) || !strings.Contains(put.Body.String(), `"interventie":"L2-01"`) {
			t.Errorf("put ledger code: %s", put.Body.String())
		}
		k.call("PUT", "/ledger-codes/{code}", v1+"/ledger-codes/6340777", reader, "", lc, http.StatusForbidden)
		badCode := k.call("PUT", "/ledger-codes/{code}", v1+"/ledger-codes/6340777", team, "", map[string]string{"bestemming": "L1.1", "interventie": "L2-01"}, http.StatusUnprocessableEntity)
		if p := wantError(t, badCode, http.StatusUnprocessableEntity, "invalid"); !containsDetail(p.Error.Details, "interventie: ") {
			t.Errorf("invalid-params %v, want interventie", p.Error.Details)
		}
		k.call("PUT", "/ledger-codes/{code}", v1+"/ledger-codes/6340777", team, "", `{"bestemming": 5}`, http.StatusBadRequest)
		k.call("POST", "/spending", v1+"/spending?bestand=grootboek.csv", team, "text/csv",
			"boekdatum,lijn_of_post,bedrag,omschrijving,referentie\n2025-06-01,KP9/6340777,99.50,Fictief,API-GB-1\n", created)
		k.call("POST", "/spending", v1+"/spending?bestand=onbekend.csv", team, "text/csv",
			"boekdatum,lijn_of_post,bedrag,omschrijving,referentie\n2025-06-01,9999999,1,Fictief,API-GB-2\n", http.StatusUnprocessableEntity)
		byIv := get("/spending", "/spending?interventie=L2-01&jaar=2025", reader, ok)
		if !strings.Contains(byIv.Body.String(), `"grootboekcode":"KP9/6340777"`) {
			t.Errorf("spending per intervention lacks the mapped booking: %s", byIv.Body.String())
		}
		k.call("DELETE", "/ledger-codes/{code}", v1+"/ledger-codes/KP9%2F6340777", team, "", nil, noContent)
		k.call("DELETE", "/ledger-codes/{code}", v1+"/ledger-codes/KP9%2F6340777", team, "", nil, http.StatusNotFound)

		// Tertial reports for the regiegroep (tertials_test.go tries bad input).
		k.call("POST", "/tertial-reports", v1+"/tertial-reports", team, "", map[string]string{"periode": "2025-T1", "notitie": "Regiegroep (voorbeeld)"}, created)
		get("/tertial-reports", "/tertial-reports", steer, ok)
		get("/tertial-reports/{period}/versions/{version}", "/tertial-reports/2025-T1/versions/1", steer, ok)

		// Programme versions, the learning log and surveys.
		get("/programme/versions", "/programme/versions", reader, ok)
		get("/programme/versions/{n}", "/programme/versions/1", reader, ok)
		get("/programme/versions/{n}", "/programme/versions/999", reader, http.StatusNotFound)
		get("/learning", "/learning", reader, ok)
		get("/learning", "/learning?soort=besluit&limit=1", reader, ok)
		get("/learning", "/learning?van=gisteren", reader, http.StatusBadRequest)
		lid := id(t, k.call("POST", "/learning", v1+"/learning", expert, "", map[string]any{"soort": "signaal", "datum": "2025-06-01",
			"titel": "Formulier te lang", "tekst": "Inwoners haken af.", "bron": "inwoners", "interventies": []string{"L1-01"}}, created))
		k.call("POST", "/learning", v1+"/learning", expert, "", map[string]any{"soort": "signaal", "datum": "1-6-2025", "titel": "x", "tekst": "y", "bron": "inwoners"}, http.StatusUnprocessableEntity)
		get("/learning/{id}", "/learning/"+lid, reader, ok)
		get("/learning/{id}", "/learning/999999", reader, http.StatusNotFound)
		wave := demo.ResidentWave(now)
		get("/surveys", "/surveys", reader, ok)
		get("/surveys/{code}/results", "/surveys/"+wave+"/results", reader, ok)
		k.call("POST", "/surveys/{code}/responses", v1+"/surveys/"+wave+"/responses?bestand=papier.csv", team, "text/csv", "serieus,andere_hulp\n4,ja\n", created)
		k.call("POST", "/surveys/{code}/responses", v1+"/surveys/"+wave+"/responses?bestand=papier.csv", team, "text/csv", "serieus\n9\n", http.StatusUnprocessableEntity)

		// Wegingskader: a whole round, from request to grant.
		const wkp = "/wegingskader"
		get(wkp+"/frameworks", wkp+"/frameworks", reader, ok)
		get(wkp+"/frameworks/{version}", wkp+"/frameworks/1", reader, ok)
		k.call("POST", wkp+"/frameworks", v1+wkp+"/frameworks", team, "application/yaml", wk.DefaultSource(), created)
		k.call("POST", wkp+"/frameworks", v1+wkp+"/frameworks", team, "application/yaml", "perspectief_wegingskader: 1\nkader:\n  naam: x\n  criteria: []\n", http.StatusUnprocessableEntity)
		get(wkp+"/requests", wkp+"/requests", reader, ok)
		get(wkp+"/requests/{id}", wkp+"/requests/1", reader, ok)
		request := map[string]any{"aanvrager": "Stichting Test", "titel": "Voorleesproject", "omschrijving": "Voorlezen thuis.",
			"bedragen": map[string]int{"2026": 8000}, "doelgroep": "gezinnen", "tactische_doelen": []string{"T1", "T6"}}
		rid := id(t, k.call("POST", wkp+"/requests", v1+wkp+"/requests", team, "", request, created))
		request["titel"] = "Voorleesproject thuis"
		k.call("PUT", wkp+"/requests/{id}", v1+wkp+"/requests/"+rid, team, "", request, ok)
		k.call("PUT", wkp+"/requests/{id}", v1+wkp+"/requests/1", team, "", request, http.StatusConflict)
		round := map[string]any{"naam": "API-ronde", "budget": map[string]int{"2026": 10000},
			"panel": []string{"programmateam@demo.perspectief.nl", "ervaringsdeskundige@demo.perspectief.nl"}, "aanvragen": []string{rid}}
		k.call("POST", wkp+"/rounds", v1+wkp+"/rounds", team, "", round, http.StatusBadRequest) // ids are numbers
		n, _ := strconv.ParseInt(rid, 10, 64)
		round["aanvragen"] = []int64{n}
		rd := id(t, k.call("POST", wkp+"/rounds", v1+wkp+"/rounds", team, "", round, created))
		base := wkp + "/rounds/" + rd
		round["omschrijving"] = "Ronde uit de contracttest."
		k.call("PUT", wkp+"/rounds/{id}", v1+base, team, "", round, ok)
		get(wkp+"/rounds", wkp+"/rounds", team, ok)
		get(wkp+"/rounds/{id}", base, team, ok)
		get(wkp+"/rounds/{id}", base, reader, http.StatusForbidden)
		k.call("POST", wkp+"/rounds/{id}/open", v1+base+"/open", team, "", nil, ok)
		for _, member := range []struct {
			role  account.Role
			score int
		}{{team, 3}, {expert, 1}} {
			var scores []map[string]any
			for _, c := range []string{"1a", "1b", "1c", "1d", "1e", "1f", "2", "3", "4"} {
				scores = append(scores, map[string]any{"criterium": c, "score": member.score, "motivering": "over " + c})
			}
			k.call("PUT", wkp+"/rounds/{id}/scores/{request}", v1+base+"/scores/"+rid, member.role, "", map[string]any{"scores": scores}, ok)
			get(wkp+"/rounds/{id}/scores", base+"/scores", member.role, ok)
			k.call("POST", wkp+"/rounds/{id}/submit", v1+base+"/submit", member.role, "", nil, ok)
		}
		k.call("PUT", wkp+"/rounds/{id}/scores/{request}", v1+base+"/scores/"+rid, team, "", map[string]any{"scores": []any{}}, http.StatusConflict)
		k.call("POST", wkp+"/rounds/{id}/close", v1+base+"/close", team, "", nil, ok)
		get(wkp+"/rounds/{id}/results", base+"/results", reader, ok)
		get(wkp+"/rounds/{id}/choice", base+"/choice", reader, ok)
		k.call("PUT", wkp+"/rounds/{id}/fixes", v1+base+"/fixes", expert, "", map[string]any{"vastgezet": map[string]string{rid: "in"}}, ok)
		k.call("PUT", wkp+"/rounds/{id}/fixes", v1+base+"/fixes", expert, "", map[string]any{"vastgezet": map[string]string{rid: "misschien"}}, http.StatusUnprocessableEntity)
		k.call("POST", wkp+"/rounds/{id}/decision", v1+base+"/decision", team, "", map[string]any{"motivering": ""}, http.StatusUnprocessableEntity)
		k.call("POST", wkp+"/rounds/{id}/decision", v1+base+"/decision", team, "", map[string]any{"motivering": "Voorlezen werkt."}, created)
		k.call("POST", wkp+"/rounds/{id}/grants", v1+base+"/grants", team, "", map[string]any{"lijnen": map[string]string{rid: "L2"}}, created)

		// Every operation of the document was called with success.
		var missed []string
		for _, op := range k.operations() {
			if !k.called[op] {
				missed = append(missed, op)
			}
		}
		if len(missed) > 0 {
			t.Errorf("operations in openapi.json that the contract test did not call with success: %s", strings.Join(missed, ", "))
		}
		if n := len(k.operations()); n != len(routes) {
			t.Errorf("the document lists %d operations, the API serves %d", n, len(routes))
		}
	})
}
