package web_test

import (
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/demo"
	"github.com/perspectief/perspectief/internal/programme"
	"github.com/perspectief/perspectief/internal/store/storetest"
	"github.com/perspectief/perspectief/internal/web"
	website "github.com/perspectief/perspectief/internal/web/site"
	wk "github.com/perspectief/perspectief/internal/wegingskader"
)

// BenchmarkWegingskaderChoicePage opens the choice page (keuze) of a
// closed round of 200 requests over 5 years, scored by a panel of four on
// the shipped framework, on SQLite: what the page computes is the proposal
// and its 18 stability scenarios. Every view starts with an empty result
// cache (a fresh Solver), as the first view after a change does. It
// reports the median and worst response time and the process CPU time per
// view; the target is an answer within 1 s.
//
//	go test ./internal/web -run '^$' -bench WegingskaderChoicePage -benchtime 10x
func BenchmarkWegingskaderChoicePage(b *testing.B) {
	ctx := context.Background()
	db := storetest.SQLite(b)
	if err := demo.Seed(ctx, storetest.Demo(db), now); err != nil {
		b.Fatal(err)
	}
	if err := demo.SeedWegingskader(ctx, storetest.Demo(db), now); err != nil {
		b.Fatal(err)
	}
	ps := programme.NewService(db.Programmes())
	as := account.NewService(db.Accounts())
	ws := wk.NewService(db.Wegingskader(), ps)
	round := bigRound(b, ws, 200, 5)
	w := &website.Server{Programme: ps, Accounts: as, Ping: db.Ping, Wegingskader: ws}
	srv := httptest.NewServer(web.SecurityHeaders(w.Handler(), false))
	defer srv.Close()
	hc := benchLogin(b, srv.URL, team)
	path := fmt.Sprintf("%s/wegingskader/rondes/%d/keuze", srv.URL, round)
	var took, cpu []time.Duration
	b.ResetTimer()
	for b.Loop() {
		ws.Solver = &wk.Solver{}
		c0, t0 := processCPU(), time.Now()
		res, err := hc.Get(path)
		if err != nil {
			b.Fatal(err)
		}
		n, _ := io.Copy(io.Discard, res.Body)
		res.Body.Close()
		took = append(took, time.Since(t0))
		cpu = append(cpu, processCPU()-c0)
		if res.StatusCode != http.StatusOK || n < 10000 {
			b.Fatalf("GET keuze: status %d, %d bytes", res.StatusCode, n)
		}
	}
	b.StopTimer()
	slices.Sort(took)
	slices.Sort(cpu)
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(took[len(took)-1].Microseconds())/1000, "max-ms")
	b.ReportMetric(float64(cpu[len(cpu)/2].Microseconds())/1000, "p50-cpu-ms")
}

// processCPU is the CPU time the process used so far, user and system.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// bigRound adds a closed round of n requests over years from 2026 on:
// per request a hidden quality, four panel members who score every
// criterion 0-3 around it, amounts in multiples of € 5.000 in a run of
// years, and a budget of 30 to 50% of what is asked.
func bigRound(b *testing.B, ws *wk.Service, n, years int) int64 {
	ctx := context.Background()
	r := rand.New(rand.NewPCG(200, 5))
	tm := account.User{Email: team, Role: account.RoleTeam}
	total := make([]int64, years)
	var ids []int64
	quality := map[int64]float64{}
	for i := range n {
		am := wk.Amounts{}
		from := r.IntN(years)
		to := from + r.IntN(years-from)
		per := 5000 * (1 + r.Int64N(20))
		for k := from; k <= to; k++ {
			am[2026+k] = per
			total[k] += per
		}
		rq, err := ws.AddRequest(ctx, tm, wk.Request{Applicant: fmt.Sprintf("Aanvrager %d", i+1), Title: fmt.Sprintf("Aanvraag %d", i+1),
			Description: "Een voorziening voor de benchmark.", Amounts: am, TargetGroup: wk.TargetGroups[i%3], Goals: []string{fmt.Sprintf("T%d", 1+(i/3)%6)}})
		if err != nil {
			b.Fatal(err)
		}
		ids = append(ids, rq.ID)
		quality[rq.ID] = r.Float64() * 3
	}
	budget := wk.Amounts{}
	tight := 0.3 + 0.2*r.Float64()
	for k := range years {
		budget[2026+k] = int64(float64(total[k])*tight/5000) * 5000
	}
	panel := []demo.Account{demo.Accounts[1], demo.Accounts[3], demo.PanelAccounts[0], demo.Accounts[2]}
	var emails []string
	for _, a := range panel {
		emails = append(emails, a.Email)
	}
	rd, err := ws.AddRound(ctx, tm, wk.RoundInput{Name: "Benchmarkronde", Budget: budget, Panel: emails, Requests: ids})
	if err != nil {
		b.Fatal(err)
	}
	if err := ws.OpenRound(ctx, tm, rd.ID); err != nil {
		b.Fatal(err)
	}
	f, err := ws.Framework(ctx, rd.FrameworkVersion)
	if err != nil {
		b.Fatal(err)
	}
	for _, a := range panel {
		u := account.User{Email: a.Email, Name: a.Name, Role: a.Role}
		for _, id := range ids {
			var in []wk.ScoreInput
			for _, c := range f.Criteria {
				v := int(math.Max(float64(c.Min()), math.Min(float64(c.Max()), math.Round(quality[id]+r.NormFloat64()*0.8))))
				in = append(in, wk.ScoreInput{Criterion: c.Code, Value: &v, Motivation: "Zo gewogen."})
			}
			if err := ws.SaveScores(ctx, u, rd.ID, id, in); err != nil {
				b.Fatal(err)
			}
		}
		if err := ws.Submit(ctx, u, rd.ID); err != nil {
			b.Fatal(err)
		}
	}
	if err := ws.CloseRound(ctx, tm, rd.ID); err != nil {
		b.Fatal(err)
	}
	return rd.ID
}

// benchLogin signs email in on the site at base and returns its browser.
func benchLogin(b *testing.B, base, email string) *http.Client {
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar}
	res, err := hc.Get(base + "/inloggen")
	if err != nil {
		b.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := csrfRef.FindStringSubmatch(string(body))
	if m == nil {
		b.Fatal("no csrf on the login page")
	}
	res, err = hc.PostForm(base+"/inloggen", url.Values{"csrf": {m[1]}, "email": {email}, "wachtwoord": {password}})
	if err != nil {
		b.Fatal(err)
	}
	res.Body.Close()
	return hc
}
