package web_test

import (
	"bufio"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	website "github.com/perspectief/perspectief/internal/web/site"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/demo"
	"github.com/perspectief/perspectief/internal/programme"
	"github.com/perspectief/perspectief/internal/store/storetest"
	"github.com/perspectief/perspectief/internal/web"
)

// peakRSS is the process's peak resident set (VmHWM) in bytes.
func peakRSS(b *testing.B) int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		b.Skip("no /proc/self/status on this system")
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10
		}
	}
	b.Skip("no VmHWM in /proc/self/status")
	return 0
}

// BenchmarkParallelLogins sends 200 logins at once, each from its own
// address (so that only the hash slots hold them back), with the default
// hash slots, and reports the peak RSS of the process during the storm
// (VmHWM, reset before each round through /proc/self/clear_refs) and the
// slowest answer of the login page fetched meanwhile.
func BenchmarkParallelLogins(b *testing.B) {
	db := storetest.SQLite(b)
	ctx := context.Background()
	if err := demo.Seed(ctx, storetest.Demo(db), now); err != nil {
		b.Fatal(err)
	}
	as := account.NewService(db.Accounts())
	w := &website.Server{Programme: programme.NewService(db.Programmes()), Accounts: as, Ping: db.Ping}
	h := web.SecurityHeaders(w.Handler(), false)
	const n = 200
	var peak int64
	var slowest time.Duration
	count := map[int]int{}
	for i := 0; b.Loop(); i++ {
		if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
			b.Skipf("cannot reset the peak RSS: %v", err)
		}
		var wg sync.WaitGroup
		codes := make([]int, n)
		for j := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				f := from{t: b, h: h, addr: "10." + strconv.Itoa(i%250) + "." + strconv.Itoa(j/250) + "." + strconv.Itoa(j%250+1)}
				codes[j] = f.login(expert, "storm-wachtwoord-fout").Code
			}()
		}
		done := make(chan struct{})
		go func() { wg.Wait(); close(done) }()
	poll:
		for {
			start := time.Now()
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/inloggen", nil))
			if d := time.Since(start); d > slowest {
				slowest = d
			}
			if rec.Code != http.StatusOK {
				b.Errorf("login page during the storm: %d", rec.Code)
			}
			select {
			case <-done:
				break poll
			case <-time.After(50 * time.Millisecond):
			}
		}
		for _, c := range codes {
			count[c]++
		}
		peak = max(peak, peakRSS(b))
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-RSS-MiB")
	b.ReportMetric(float64(slowest.Milliseconds()), "slowest-page-ms")
	b.ReportMetric(float64(as.Hashes.PeakInFlight()), "max-hashes-at-once")
	b.Logf("answers over all rounds: %v", count)
}
