package web_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/perspectief/perspectief/internal/demo"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
	"github.com/perspectief/perspectief/internal/survey"
)

// submit fills in the open survey form from f's address.
func (f from) submit(link string) *httptest.ResponseRecorder {
	f.t.Helper()
	return f.fillIn(link, url.Values{"gebied": {"WK001404"}, "v-serieus": {"eens"}})
}

// Answers through an open link cannot be stuffed: one client gets
// PerClient submissions per window, the wave PerWave from everyone, and the
// team sees how many were held back. No address is stored.
func TestSurveySubmissionThrottle(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _ := newLearningSite(t, db)
		clk := &clock{t: now}
		s.web.Surveys.Now = clk.Now
		s.web.Surveys.Limits = survey.SubmitLimits{PerClient: 3, ClientWindow: time.Hour, PerWave: 5, WaveWindow: 10 * time.Minute}
		wave := demo.ResidentWave(now)
		link := openLink(t, s, wave)
		h := handlerOf(s)
		one, two, three := from{t, h, "192.0.2.10"}, from{t, h, "192.0.2.11"}, from{t, h, "192.0.2.12"}

		for i := range 3 {
			if r := one.submit(link); r.Code != http.StatusSeeOther {
				t.Fatalf("submission %d from one client: %d, want 303", i+1, r.Code)
			}
		}
		r := one.submit(link)
		if r.Code != http.StatusTooManyRequests || r.Header().Get("Retry-After") == "" {
			t.Fatalf("4th submission from one client: %d (Retry-After %q), want 429 with Retry-After", r.Code, r.Header().Get("Retry-After"))
		}
		mustContain(t, response{Body: r.Body.String()}, "Uw antwoorden zijn daarom niet opgeslagen")
		// Another client still gets through, until the wave's cap.
		for i := range 2 {
			if r := two.submit(link); r.Code != http.StatusSeeOther {
				t.Fatalf("submission %d from a second client: %d, want 303", i+1, r.Code)
			}
		}
		if r := three.submit(link); r.Code != http.StatusTooManyRequests {
			t.Fatalf("6th submission to the wave within 10 minutes: %d, want 429", r.Code)
		}
		// After the wave's window, the third client is let in.
		clk.Add(10 * time.Minute)
		if r := three.submit(link); r.Code != http.StatusSeeOther {
			t.Errorf("after 10 minutes: %d, want 303", r.Code)
		}

		page := s.login(team).get("/enquetes/" + wave)
		mustContain(t, page, "Tegengehouden", "2 inzendingen via de open link niet opgeslagen")
		results := s.login(reader).get("/enquetes/" + wave + "/resultaten")
		mustContain(t, results, "206 ingevulde vragenlijsten") // 200 seeded + 6 let through

		// The database holds no client address, only keyed hashes: the
		// SQLite files (with the write-ahead log) do not contain one.
		if db.Path != "" {
			files, _ := filepath.Glob(db.Path + "*")
			for _, f := range files {
				b, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				if bytes.Contains(b, []byte("192.0.2.")) {
					t.Errorf("%s holds a client address", filepath.Base(f))
				}
			}
			if len(files) == 0 {
				t.Errorf("no database files at %s", db.Path)
			}
		}
	})
}
