package account

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/perspectief/perspectief"
)

// ThrottleStore keeps the counters of the throttles. Every method is one
// atomic step in the database, so that parallel requests, and several
// instances of the server sharing one database, all see the same counts.
type ThrottleStore interface {
	// ThrottleHit adds delta to the count of key and returns the count
	// after it and when its window ends. A key whose window has ended
	// starts again from zero with a window of the given length.
	ThrottleHit(ctx context.Context, key string, delta int, now time.Time, window time.Duration) (count int, until time.Time, err error)
	// ThrottleCount is the count of key in its current window.
	ThrottleCount(ctx context.Context, key string, now time.Time) (int, error)
	// ThrottleGate lets one caller through per interval: when the gate of
	// key is open at now, it closes it until now+interval and reports
	// true; otherwise it reports false and when it opens.
	ThrottleGate(ctx context.Context, key string, now time.Time, interval time.Duration) (ok bool, opens time.Time, err error)
	// ThrottleReset forgets key.
	ThrottleReset(ctx context.Context, key string) error
	// ThrottlePrune forgets every key whose window and gate have ended.
	ThrottlePrune(ctx context.Context, now time.Time) error
}

// LoginLimits are the login throttles. Failures are counted per (account,
// address), per address over all accounts, and per account over all
// addresses. The first two refuse further tries for the rest of the
// window; the last only slows an account down, so that an outsider who
// keeps guessing cannot lock the owner out: the owner, from their own
// address, gets a try every SlowEvery.
type LoginLimits struct {
	Window     time.Duration // how long failures count
	PerPair    int           // failures of one account from one address
	PerAddress int           // failures from one address, all accounts together
	SlowAfter  int           // failures of one account after which it slows down
	SlowEvery  time.Duration // then one try per interval, from anywhere: SlowEvery at first,
	SlowMax    time.Duration // growing by SlowEvery with every further failure up to SlowMax
}

// DefaultLoginLimits: 5 failures per account and address, 30 per address,
// and after 10 failures of an account one try per 5 seconds, then 10, 15,
// ... up to one a minute, all within 15 minutes. That keeps a guesser under
// the 100 failures per account per hour of ASVS 2.2.1, while the owner,
// once the guessing stops, waits at most a minute.
var DefaultLoginLimits = LoginLimits{Window: 15 * time.Minute, PerPair: 5, PerAddress: 30, SlowAfter: 10, SlowEvery: 5 * time.Second, SlowMax: time.Minute}

// slowInterval is the time between tries of an account with fails failures.
func (l LoginLimits) slowInterval(fails int) time.Duration {
	d := l.SlowEvery * time.Duration(fails-l.SlowAfter+1)
	if l.SlowMax > 0 && d > l.SlowMax {
		d = l.SlowMax
	}
	return d
}

// TooMany is a refusal that says when to try again.
type TooMany struct {
	Err  *perspectief.Error
	Wait time.Duration
}

func (e *TooMany) Error() string { return e.Err.Error() }
func (e *TooMany) Unwrap() error { return e.Err }

// RetryAfter is how long err says to wait, or 0.
func RetryAfter(err error) time.Duration {
	var t *TooMany
	if errors.As(err, &t) {
		return t.Wait
	}
	return 0
}

func tooMany(wait time.Duration, format string, args ...any) error {
	if wait < time.Second {
		wait = time.Second
	}
	return &TooMany{Err: perspectief.Errorf(perspectief.CodeTooMany, format, args...), Wait: wait}
}

// waitText says a duration in Dutch, rounded up: "5 seconden", "3 minuten".
func waitText(d time.Duration) string {
	if d <= time.Minute {
		s := int((d + time.Second - 1) / time.Second)
		if s <= 1 {
			return "1 seconde"
		}
		return fmt.Sprintf("%d seconden", s)
	}
	m := int((d + time.Minute - 1) / time.Minute)
	return fmt.Sprintf("%d minuten", m)
}

// loginAttempt is one admitted login try: it holds the reservations made
// before the password is checked, so that parallel tries cannot all slip
// through between a check and a record.
type loginAttempt struct {
	s                *Service
	addrKey, pairKey string
	acctKey, gateKey string
	now              time.Time
}

var pruneEvery atomic.Int64

// admitLogin reserves a try for email from remote, or refuses it. Each
// reservation counts as a failure until the password turns out right.
func (s *Service) admitLogin(ctx context.Context, email, remote string) (*loginAttempt, error) {
	ts, lim, now := s.throttle(), s.loginLimits(), s.Now().UTC()
	a := &loginAttempt{s: s, now: now,
		addrKey: "login:addr:" + remote, pairKey: "login:pair:" + remote + "|" + email,
		acctKey: "login:acct:" + email, gateKey: "login:gate:" + email}
	if pruneEvery.Add(1)%256 == 0 {
		_ = ts.ThrottlePrune(ctx, now)
	}
	n, until, err := ts.ThrottleHit(ctx, a.addrKey, 1, now, lim.Window)
	if err != nil {
		return nil, err
	}
	if n > lim.PerAddress {
		return nil, tooMany(until.Sub(now), "Te veel mislukte pogingen vanaf dit adres. Probeer het over %s opnieuw.", waitText(until.Sub(now)))
	}
	n, until, err = ts.ThrottleHit(ctx, a.pairKey, 1, now, lim.Window)
	if err != nil {
		return nil, err
	}
	if n > lim.PerPair {
		_, _, _ = ts.ThrottleHit(ctx, a.addrKey, -1, now, lim.Window)
		return nil, tooMany(until.Sub(now), "Te veel mislukte pogingen. Probeer het over %s opnieuw.", waitText(until.Sub(now)))
	}
	fails, err := ts.ThrottleCount(ctx, a.acctKey, now)
	if err != nil {
		return nil, err
	}
	if fails >= lim.SlowAfter {
		every := lim.slowInterval(fails)
		ok, opens, err := ts.ThrottleGate(ctx, a.gateKey, now, every)
		if err != nil {
			return nil, err
		}
		if !ok {
			a.release(ctx)
			wait := opens.Sub(now)
			return nil, tooMany(wait, "Voor dit account is vaak een verkeerd wachtwoord geprobeerd; het kan nu eens per %s. Probeer het over %s opnieuw.", waitText(every), waitText(wait))
		}
	}
	return a, nil
}

// release gives back the reservations of a try that did not get to check
// the password (no hash slot, a storage error).
func (a *loginAttempt) release(ctx context.Context) {
	ts, lim := a.s.throttle(), a.s.loginLimits()
	_, _, _ = ts.ThrottleHit(ctx, a.addrKey, -1, a.now, lim.Window)
	_, _, _ = ts.ThrottleHit(ctx, a.pairKey, -1, a.now, lim.Window)
}

// failed keeps the reservations as failures and counts one for the account.
func (a *loginAttempt) failed(ctx context.Context) {
	_, _, _ = a.s.throttle().ThrottleHit(ctx, a.acctKey, 1, a.now, a.s.loginLimits().Window)
}

// succeeded gives back this try's share of the address's count, without
// forgetting that address's failures for other accounts, and forgets the
// failures of this account from this address.
func (a *loginAttempt) succeeded(ctx context.Context) {
	ts, lim := a.s.throttle(), a.s.loginLimits()
	_, _, _ = ts.ThrottleHit(ctx, a.addrKey, -1, a.now, lim.Window)
	_ = ts.ThrottleReset(ctx, a.pairKey)
}

func (s *Service) loginLimits() LoginLimits {
	if s.Limits.Window <= 0 {
		return DefaultLoginLimits
	}
	return s.Limits
}

func (s *Service) throttle() ThrottleStore {
	if s.Throttle != nil {
		return s.Throttle
	}
	if ts, ok := s.Store.(ThrottleStore); ok {
		return ts
	}
	panic("account: the store keeps no throttle counters; set Service.Throttle")
}

func (s *Service) hasher() *Hasher {
	if s.Hashes == nil {
		panic("account: Service.Hashes is nil; use NewService")
	}
	return s.Hashes
}
