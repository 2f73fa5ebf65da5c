package web_test

import (
	"html"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
	"github.com/perspectief/perspectief/internal/web"
)

// from is a browser at one address: it talks to the handler directly, with
// the RemoteAddr a listener would have given.
type from struct {
	t    testing.TB
	h    http.Handler
	addr string
}

func (f from) do(req *http.Request) *httptest.ResponseRecorder {
	req.RemoteAddr = f.addr + ":40000"
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	return rec
}

// fillIn opens the form at path from f's address and posts it with the
// form's token and cookies and the given fields.
func (f from) fillIn(path string, fields url.Values) *httptest.ResponseRecorder {
	f.t.Helper()
	page := f.do(httptest.NewRequest(http.MethodGet, path, nil))
	m := csrfRef.FindStringSubmatch(page.Body.String())
	if page.Code != http.StatusOK || m == nil {
		f.t.Fatalf("GET %s from %s: %d, no form", path, f.addr, page.Code)
	}
	form := url.Values{"csrf": {html.UnescapeString(m[1])}}
	for k, v := range fields {
		form[k] = v
	}
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for _, c := range page.Result().Cookies() {
		req.AddCookie(c)
	}
	return f.do(req)
}

// login fills in the login form from f's address and returns the answer.
func (f from) login(email, pw string) *httptest.ResponseRecorder {
	f.t.Helper()
	return f.fillIn("/inloggen", url.Values{"email": {email}, "wachtwoord": {pw}})
}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }
func handlerOf(s *site) http.Handler { return web.SecurityHeaders(s.web.Handler(), false) }

// An outsider guessing from two addresses cannot lock the owner out: each
// address is stopped after 5 failures, the account only slows down, and
// the owner, from a third address, gets in.
func TestLockoutFromThreeAddresses(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		clk := &clock{t: now}
		s.web.Accounts.Now = clk.Now
		h := handlerOf(s)
		a2, a3, owner := from{t, h, "127.0.0.2"}, from{t, h, "127.0.0.3"}, from{t, h, "127.0.0.4"}

		for i := range 5 {
			if r := a2.login(admin, "geraden-wachtwoord"); r.Code != http.StatusUnauthorized {
				t.Fatalf("guess %d from 127.0.0.2: %d, want 401", i+1, r.Code)
			}
		}
		r := a2.login(admin, password)
		if r.Code != http.StatusTooManyRequests || r.Header().Get("Retry-After") == "" {
			t.Fatalf("6th try from 127.0.0.2 (right password): %d, Retry-After %q; want 429 with Retry-After", r.Code, r.Header().Get("Retry-After"))
		}
		if !strings.Contains(r.Body.String(), "Te veel mislukte pogingen") {
			t.Errorf("429 page does not say why:\n%s", text(r.Body.String()))
		}
		for i := range 5 {
			if r := a3.login(admin, "nog-een-gok-123"); r.Code != http.StatusUnauthorized {
				t.Fatalf("guess %d from 127.0.0.3: %d, want 401", i+1, r.Code)
			}
		}
		// Ten failures for the account: it slows down, but the owner's try
		// is the first in its interval and gets through.
		if r := owner.login(admin, password); r.Code != http.StatusSeeOther {
			t.Fatalf("owner from 127.0.0.4 after 10 guesses elsewhere: %d, want 303 (logged in)\n%s", r.Code, text(r.Body.String()))
		}
		// Right after, another address must wait for the account's interval.
		a5 := from{t, h, "127.0.0.5"}
		r = a5.login(admin, "weer-een-gok-456")
		if r.Code != http.StatusTooManyRequests || r.Header().Get("Retry-After") != "5" {
			t.Fatalf("try from 127.0.0.5 within 5 s: %d, Retry-After %q; want 429, 5", r.Code, r.Header().Get("Retry-After"))
		}
		mustContain(t, response{Body: r.Body.String()}, "eens per 5 seconden")
		clk.Add(5 * time.Second)
		if r := a5.login(admin, "weer-een-gok-456"); r.Code != http.StatusUnauthorized {
			t.Fatalf("try from 127.0.0.5 after 5 s: %d, want 401", r.Code)
		}
		// Other accounts are not slowed down by this one's failures.
		if r := a5.login(reader, password); r.Code != http.StatusSeeOther {
			t.Errorf("another account from 127.0.0.5: %d, want 303", r.Code)
		}
		// After the window, 127.0.0.2 may try again.
		clk.Add(15 * time.Minute)
		if r := a2.login(admin, password); r.Code != http.StatusSeeOther {
			t.Errorf("127.0.0.2 after 15 minutes: %d, want 303", r.Code)
		}
	})
}

// One address guessing over many accounts is stopped after PerAddress
// failures, and a good login of another account in between does not wipe
// its count.
func TestAddressLimitSurvivesOtherLogins(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		a := from{t, handlerOf(s), "127.0.0.6"}
		lim := account.DefaultLoginLimits
		lim.PerAddress = 8 // fewer hashes to run than the default 30
		s.web.Accounts.Limits = lim
		for i := range lim.PerAddress {
			if r := a.login(strings.Replace(reader, "lezer", "iemand"+string(rune('a'+i%26))+string(rune('a'+i/26)), 1), "fout-wachtwoord-1"); r.Code != http.StatusUnauthorized {
				t.Fatalf("failure %d: %d, want 401", i+1, r.Code)
			}
			if i%3 == 2 && i < lim.PerAddress-1 {
				if r := a.login(reader, password); r.Code != http.StatusSeeOther {
					t.Fatalf("good login after failure %d: %d, want 303", i+1, r.Code)
				}
			}
		}
		if r := a.login("nog.iemand@demo.perspectief.nl", "fout-wachtwoord-1"); r.Code != http.StatusTooManyRequests {
			t.Errorf("failure %d from one address: %d, want 429", lim.PerAddress+1, r.Code)
		}
		if r := (from{t, a.h, "127.0.0.7"}).login(reader, password); r.Code != http.StatusSeeOther {
			t.Errorf("another address: %d, want 303", r.Code)
		}
	})
}

// An unknown address costs the same work as a known one: every login runs
// exactly one password hash, whether the account exists or not.
func TestUnknownAccountRunsTheHash(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		a := from{t, handlerOf(s), "127.0.0.8"}
		hashes := s.web.Accounts.Hashes
		for _, c := range []struct {
			email, pw string
			status    int
		}{
			{"niemand@demo.perspectief.nl", password, http.StatusUnauthorized},
			{reader, "verkeerd-wachtwoord", http.StatusUnauthorized},
			{reader, password, http.StatusSeeOther},
			{"ook.niemand@example.org", "verkeerd-wachtwoord", http.StatusUnauthorized},
		} {
			before := hashes.Runs()
			if r := a.login(c.email, c.pw); r.Code != c.status {
				t.Fatalf("login %s: %d, want %d", c.email, r.Code, c.status)
			}
			if n := hashes.Runs() - before; n != 1 {
				t.Errorf("login %s ran %d hashes, want 1", c.email, n)
			}
		}
	})
}

// Parallel logins: at most the configured number of hashes run at once;
// those that find no slot in time get 429 with Retry-After, the rest 401;
// pages go on answering meanwhile.
func TestParallelLogins(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		s.web.Accounts.Hashes = account.NewHasher(2, 300*time.Millisecond)
		h := handlerOf(s)
		const n = 40
		codes := make([]int, n)
		retry := make([]string, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				// Each from its own address, so that only the hash slots,
				// not the address throttle, decide.
				r := from{t, h, "10.0." + itoa(int64(i/200)) + "." + itoa(int64(i%200+1))}.login(expert, "parallel-fout-wachtwoord")
				codes[i], retry[i] = r.Code, r.Header().Get("Retry-After")
			}()
		}
		// A page answers while the logins run.
		if r := s.client().get("/healthz"); r.Status != http.StatusOK {
			t.Errorf("/healthz during the logins: %d", r.Status)
		}
		wg.Wait()
		count := map[int]int{}
		for i, c := range codes {
			count[c]++
			if c == http.StatusTooManyRequests && retry[i] == "" {
				t.Errorf("429 without Retry-After")
			}
		}
		if count[http.StatusUnauthorized]+count[http.StatusTooManyRequests] != n {
			t.Fatalf("answers %v: want only 401 and 429", count)
		}
		if count[http.StatusUnauthorized] == 0 {
			t.Errorf("answers %v: no login got a hash slot", count)
		}
		t.Logf("%d parallel logins: %d × 401, %d × 429", n, count[http.StatusUnauthorized], count[http.StatusTooManyRequests])
		if p := s.web.Accounts.Hashes.PeakInFlight(); p > 2 || p < 1 {
			t.Errorf("at most %d hashes ran at once, want between 1 and the cap of 2", p)
		}
		if int(s.web.Accounts.Hashes.Runs()) != count[http.StatusUnauthorized] {
			t.Errorf("%d hashes ran for %d answers 401", s.web.Accounts.Hashes.Runs(), count[http.StatusUnauthorized])
		}
	})
}

// Forty parallel wrong passwords for one account from one address: 5 get
// 401 and the rest 429, because check and record are one step.
func TestParallelGuessesFromOneAddress(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		s.web.Accounts.Hashes = account.NewHasher(4, time.Minute) // no 429 from a lack of slots
		a := from{t, handlerOf(s), "127.0.0.9"}
		const n = 40
		codes := make([]int, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				codes[i] = a.login(team, "parallel-gok-123").Code
			}()
		}
		wg.Wait()
		count := map[int]int{}
		for _, c := range codes {
			count[c]++
		}
		if count[http.StatusUnauthorized] != account.DefaultLoginLimits.PerPair || count[http.StatusTooManyRequests] != n-account.DefaultLoginLimits.PerPair {
			t.Errorf("answers %v: want %d × 401 and the rest 429", count, account.DefaultLoginLimits.PerPair)
		}
	})
}

// Behind a reverse proxy every request comes from the proxy. With the proxy
// trusted, the throttles count the client that X-Forwarded-For names, so
// one guesser does not lock out everyone behind the same proxy; without it,
// the header is ignored, since any client can send it.
func TestThrottleBehindTrustedProxy(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		h := handlerOf(s)
		via := func(client string) from {
			return from{t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				r.Header.Set("X-Forwarded-For", client+", 10.0.0.7")
				h.ServeHTTP(w, r)
			}), "10.0.0.9"}
		}
		// Untrusted: both "clients" are the proxy's one address.
		for i := range 5 {
			if r := via("203.0.113.1").login(admin, "geraden-wachtwoord"); r.Code != http.StatusUnauthorized {
				t.Fatalf("guess %d: %d, want 401", i+1, r.Code)
			}
		}
		if r := via("203.0.113.2").login(admin, "geraden-wachtwoord"); r.Code != http.StatusTooManyRequests {
			t.Fatalf("without trusted proxies X-Forwarded-For counted: %d, want 429", r.Code)
		}

		// Trusted (the proxy and the hop before it): each client counts alone.
		s.web.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("10.0.0.0/24")}
		h = handlerOf(s)
		for i := range 5 {
			if r := via("203.0.113.3").login(reader, "geraden-wachtwoord"); r.Code != http.StatusUnauthorized {
				t.Fatalf("guess %d from 203.0.113.3: %d, want 401", i+1, r.Code)
			}
		}
		if r := via("203.0.113.3").login(reader, "geraden-wachtwoord"); r.Code != http.StatusTooManyRequests {
			t.Fatalf("6th guess from 203.0.113.3: %d, want 429", r.Code)
		}
		if r := via("203.0.113.4").login(reader, password); r.Code != http.StatusSeeOther {
			t.Fatalf("the owner from 203.0.113.4 behind the same proxy: %d, want 303", r.Code)
		}
	})
}
