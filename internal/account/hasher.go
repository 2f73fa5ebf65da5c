package account

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/perspectief/perspectief"
)

// DefaultHashSlots is how many argon2id hashes run at once unless the
// settings say otherwise: each takes 64 MiB, so 4 keep a login storm under
// 300 MiB of hash memory.
const DefaultHashSlots = 4

// DefaultHashWait is how long a login waits for a free slot before it is
// answered with "try again shortly".
const DefaultHashWait = 2 * time.Second

// ErrBusy is the answer when no hash slot came free in time; the web layer
// turns it into 429 with Retry-After.
var ErrBusy = perspectief.Errorf(perspectief.CodeTooMany, "Er wordt nu op veel plaatsen tegelijk ingelogd. Probeer het over een paar seconden opnieuw.")

// Hasher runs password hashes with a bound on how many run at once, because
// each argon2id hash holds 64 MiB: without a bound, a burst of logins fills
// the server's memory.
type Hasher struct {
	Wait time.Duration // how long to wait for a slot

	slots    chan struct{}
	inFlight atomic.Int64
	peak     atomic.Int64
	runs     atomic.Int64
}

// NewHasher allows slots hashes at once (DefaultHashSlots when slots < 1).
func NewHasher(slots int, wait time.Duration) *Hasher {
	if slots < 1 {
		slots = DefaultHashSlots
	}
	if wait <= 0 {
		wait = DefaultHashWait
	}
	return &Hasher{Wait: wait, slots: make(chan struct{}, slots)}
}

// Slots is the number of hashes that may run at once.
func (h *Hasher) Slots() int { return cap(h.slots) }

// Runs is how many hashes have run; PeakInFlight the most that ran at once.
func (h *Hasher) Runs() int64         { return h.runs.Load() }
func (h *Hasher) PeakInFlight() int64 { return h.peak.Load() }

// do runs fn in a slot, or returns ErrBusy when none comes free within
// h.Wait (or the request ends first).
func (h *Hasher) do(ctx context.Context, fn func()) error {
	t := time.NewTimer(h.Wait)
	defer t.Stop()
	select {
	case h.slots <- struct{}{}:
	case <-t.C:
		return ErrBusy
	case <-ctx.Done():
		return ErrBusy
	}
	defer func() { <-h.slots }()
	n := h.inFlight.Add(1)
	for {
		p := h.peak.Load()
		if n <= p || h.peak.CompareAndSwap(p, n) {
			break
		}
	}
	h.runs.Add(1)
	defer h.inFlight.Add(-1)
	fn()
	// Hand the hash's 64 MiB back to the heap now, while the slot is still
	// held, so that the next hash reuses it. Left to the pacer, the heap
	// grows to twice the memory of the hashes in flight before a
	// collection, which doubles the peak. A collection is cheap here: the
	// hash memory holds no pointers.
	runtime.GC()
	return nil
}

// Verify reports whether pw matches the encoded hash, running the hash in
// a slot.
func (h *Hasher) Verify(ctx context.Context, encoded, pw string) (ok bool, err error) {
	err = h.do(ctx, func() { ok = VerifyPassword(encoded, pw) })
	return ok, err
}

// Hash hashes a new password in a slot.
func (h *Hasher) Hash(ctx context.Context, pw string) (hash string, err error) {
	if err := h.do(ctx, func() { hash, err = HashPassword(pw) }); err != nil {
		return "", err
	}
	return hash, err
}

// dummyHash is a hash of a random password with the current parameters.
// Logins for an unknown address are checked against it, so that they cost
// the same work as a wrong password for a real account and the time taken
// does not tell which addresses have an account.
var dummyHash = sync.OnceValue(func() string {
	secret, _ := NewSecret()
	h, err := HashPassword(secret)
	if err != nil {
		panic("account: dummy hash: " + err.Error())
	}
	return h
})
