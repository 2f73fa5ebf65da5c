package api_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/perspectief/perspectief/internal/programme"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

// programmeURL is PUT /api/v1/programme based on the current version (the
// ETag of GET /api/v1/programme), with query appended.
func (e *env) programmeURL(query string) string {
	e.t.Helper()
	tag := e.get("/api/v1/programme", reader).Header().Get("ETag")
	n, err := strconv.Unquote(tag)
	if err != nil {
		e.t.Fatalf("ETag %q: %v", tag, err)
	}
	u := "/api/v1/programme?basisversie=" + n
	if query != "" {
		u += "&" + query
	}
	return u
}

// truncated is the first 60% of file, cut back to the nearest end of a
// line where the rest still reads as a valid programme file: what a broken
// download or a careless copy leaves, and what the import once accepted.
func truncated(t *testing.T, file []byte) []byte {
	cut := file[:len(file)*6/10]
	for range 200 {
		cut = cut[:bytes.LastIndexByte(cut, '\n')+1]
		if _, err := programme.ReadFile("x.yaml", bytes.NewReader(cut)); err == nil {
			return cut
		}
		cut = cut[:len(cut)-1]
	}
	t.Fatal("no valid cut near 60% of the export")
	return nil
}

func TestImportNeverDestroysSilently(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := setup(t, db)
		before := e.get("/api/v1/programme", reader).Body.String()
		file := e.get("/api/v1/programme/export", reader).Body.Bytes()
		cut := truncated(t, file)
		whole, err := programme.ReadFile("x.yaml", bytes.NewReader(file))
		if err != nil {
			t.Fatal(err)
		}
		part, err := programme.ReadFile("x.yaml", bytes.NewReader(cut))
		if err != nil {
			t.Fatalf("the truncated export should still be a valid file (that is the danger): %v", err)
		}
		if len(part.Interventions) >= len(whole.Interventions) || len(part.Budget.Allocated)+len(part.Budget.Available) > 0 {
			t.Fatalf("truncation should lose interventions and the budget: %d of %d interventions, %d budget rows", len(part.Interventions), len(whole.Interventions), len(part.Budget.Allocated)+len(part.Budget.Available))
		}
		unchanged := func(what string) {
			t.Helper()
			if after := e.get("/api/v1/programme", reader).Body.String(); after != before {
				t.Fatalf("%s changed the programme", what)
			}
		}

		// Without the version it was based on, nothing is read: 428.
		wantError(t, e.request(http.MethodPut, "/api/v1/programme", team, "application/yaml", file), http.StatusPreconditionRequired, "invalid")
		wantError(t, e.request(http.MethodPut, e.programmeURL("verwijderen=ja"), team, "application/yaml", file), http.StatusBadRequest, "invalid")
		unchanged("a request without basisversie")

		// The truncated file is refused with every removal listed.
		res := wantError(t, e.request(http.MethodPut, e.programmeURL(""), team, "application/yaml", cut), http.StatusUnprocessableEntity, "invalid")
		removed := map[string]int{}
		for _, d := range res.Error.Details {
			if !strings.HasPrefix(d, "verwijderd: ") {
				t.Errorf("detail %q is not a removal", d)
			}
			removed[strings.Fields(d)[1]]++
		}
		if removed["interventie"] != len(whole.Interventions)-len(part.Interventions) || removed["begrotingsregel"] != len(whole.Budget.Available)+len(whole.Budget.Allocated) {
			t.Errorf("removals listed %v; want %d interventions and %d budget rows", removed, len(whole.Interventions)-len(part.Interventions), len(whole.Budget.Available)+len(whole.Budget.Allocated))
		}
		unchanged("the truncated file")

		// A stale version answers 409, with the header as with the
		// parameter, and changes nothing.
		tag := e.get("/api/v1/programme", reader).Header().Get("ETag")
		if exp := e.get("/api/v1/programme/export", reader).Header().Get("ETag"); exp != tag || tag == "" {
			t.Errorf("ETag of the export %q, of the programme %q", exp, tag)
		}
		changed := bytes.Replace(file, []byte("lijn: L1\n"), []byte("lijn: L2\n"), 1)
		req := func(ifMatch string, body []byte) *http.Request {
			r, _ := http.NewRequest(http.MethodPut, "/api/v1/programme", bytes.NewReader(body))
			r.Header.Set("Authorization", "Bearer "+e.tokens[team])
			r.Header.Set("Content-Type", "application/yaml")
			r.Header.Set("If-Match", ifMatch)
			return r
		}
		rec := e.do(req(tag, changed))
		wantStatus(t, rec, http.StatusOK)
		if rec.Header().Get("ETag") == tag {
			t.Errorf("the answer keeps ETag %s; want the new version", tag)
		}
		after := e.get("/api/v1/programme", reader).Body.String()
		wantError(t, e.do(req(tag, file)), http.StatusConflict, "conflict")
		old, _ := strconv.Unquote(tag)
		wantError(t, e.request(http.MethodPut, "/api/v1/programme?basisversie="+old, team, "application/yaml", file), http.StatusConflict, "conflict")
		if now := e.get("/api/v1/programme", reader).Body.String(); now != after {
			t.Fatal("a stale import changed the programme")
		}

		// With explicit consent the removals happen, and the progress of
		// removed interventions stays.
		ups, err := db.Programmes().Updates(ctx)
		if err != nil {
			t.Fatal(err)
		}
		rec = e.request(http.MethodPut, e.programmeURL("verwijderen=toestaan"), team, "application/yaml", cut)
		wantStatus(t, rec, http.StatusOK)
		if got := decode[programme.Model](t, rec); len(got.Interventions) != len(part.Interventions) {
			t.Errorf("after the consented import: %d interventions, want %d", len(got.Interventions), len(part.Interventions))
		}
		kept, err := db.Programmes().Updates(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(kept) != len(ups) || len(ups) == 0 {
			t.Errorf("progress updates: %d after, %d before", len(kept), len(ups))
		}
	})
}

func (e *env) do(r *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	e.handler.ServeHTTP(rec, r)
	return rec
}
