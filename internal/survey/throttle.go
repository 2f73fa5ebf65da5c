package survey

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"sync"
	"sync/atomic"
	"time"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
)

// ThrottleStore keeps the counters of the submission throttle (shared by
// every instance, in the database) and how many submissions it held back.
type ThrottleStore interface {
	account.ThrottleStore
	// AddHeldBack counts one held-back submission of wave on day.
	AddHeldBack(ctx context.Context, wave, day string) error
	// HeldBack is how many submissions of wave were held back in total.
	HeldBack(ctx context.Context, wave string) (int, error)
}

// SubmitLimits bound the answers through a wave's open link: per client
// (one browser's address, never stored: see clientKey) and per wave.
// Personal links are not throttled; each works once.
type SubmitLimits struct {
	PerClient    int           // submissions of one client to one wave ...
	ClientWindow time.Duration // ... within this time
	PerWave      int           // submissions to one wave from everyone ...
	WaveWindow   time.Duration // ... within this time
}

// DefaultSubmitLimits: 5 per client per hour (a household sharing a
// device, or a library computer, still gets through), 60 per wave per 10
// minutes (a full room scanning a QR code at once).
var DefaultSubmitLimits = SubmitLimits{PerClient: 5, ClientWindow: time.Hour, PerWave: 60, WaveWindow: 10 * time.Minute}

// ErrHeldBack is the answer to a submission the throttle stops.
var ErrHeldBack = perspectief.Errorf(perspectief.CodeTooMany, "Er zijn vanaf dit apparaat of in korte tijd erg veel antwoorden verstuurd. Uw antwoorden zijn daarom niet opgeslagen. Probeer het later opnieuw.")

// clientKeys makes the key under which a client is counted: an HMAC of the
// address with a key that is replaced every day and never stored, so the
// database never holds an address nor anything from which one can be found
// by trying all addresses. The day's key is random and lives only in this
// process's memory, unless secret is set: then it is the HMAC of the day
// under secret, so that every instance behind one load balancer counts a
// client under the same key (serve --throttle-secret-file).
type clientKeys struct {
	mu     sync.Mutex
	secret []byte
	day    string
	key    []byte
}

func (c *clientKeys) of(day, wave, client string) string {
	c.mu.Lock()
	if c.day != day || c.key == nil {
		c.key = dayKey(c.secret, day)
		c.day = day
	}
	m := hmac.New(sha256.New, c.key)
	c.mu.Unlock()
	m.Write([]byte(wave + "\x00" + client))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

var pruneEvery atomic.Int64

// admit counts a submission of f from client and refuses it when a limit
// is reached; a refused submission is counted as held back for the team.
func (s *Service) admit(ctx context.Context, f *Form, client string) error {
	ts, ok := s.Store.(ThrottleStore)
	if !ok || f.Personal() {
		return nil
	}
	lim := s.Limits
	if lim.PerWave <= 0 {
		lim = DefaultSubmitLimits
	}
	now, day := s.Now().UTC(), s.today()
	if pruneEvery.Add(1)%256 == 0 {
		_ = ts.ThrottlePrune(ctx, now) // forget ended windows now and then
	}
	hold := func(until time.Time) error {
		if err := ts.AddHeldBack(ctx, f.Wave.Code, day); err != nil {
			return err
		}
		return &account.TooMany{Err: ErrHeldBack, Wait: until.Sub(now)}
	}
	if client != "" {
		n, until, err := ts.ThrottleHit(ctx, "survey:client:"+s.clients.of(day, f.Wave.Code, client), 1, now, lim.ClientWindow)
		if err != nil {
			return err
		}
		if n > lim.PerClient {
			return hold(until)
		}
	}
	n, until, err := ts.ThrottleHit(ctx, "survey:wave:"+f.Wave.Code, 1, now, lim.WaveWindow)
	if err != nil {
		return err
	}
	if n > lim.PerWave {
		return hold(until)
	}
	return nil
}

// HeldBack is how many submissions to wave's open link the throttle held
// back, or 0 when the store keeps no count.
func (s *Service) HeldBack(ctx context.Context, wave string) (int, error) {
	ts, ok := s.Store.(ThrottleStore)
	if !ok {
		return 0, nil
	}
	return ts.HeldBack(ctx, wave)
}

// dayKey is the key of one day: derived from secret when there is one,
// random otherwise.
func dayKey(secret []byte, day string) []byte {
	if len(secret) > 0 {
		m := hmac.New(sha256.New, secret)
		m.Write([]byte("perspectief enquete-klant " + day))
		return m.Sum(nil)
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	return key
}

// MinThrottleSecret is the shortest secret SetThrottleSecret accepts.
const MinThrottleSecret = 32

// SetThrottleSecret makes the day's key under which a client is counted
// derive from secret, shared by every instance, instead of a random key of
// this process. Call it before the service answers requests.
func (s *Service) SetThrottleSecret(secret []byte) error {
	if len(secret) < MinThrottleSecret {
		return perspectief.Errorf(perspectief.CodeInvalid, "het geheim voor de telling van inzendingen is %d bytes; geef er minstens %d", len(secret), MinThrottleSecret)
	}
	s.clients.mu.Lock()
	defer s.clients.mu.Unlock()
	s.clients.secret = append([]byte(nil), secret...)
	s.clients.key, s.clients.day = nil, ""
	return nil
}
