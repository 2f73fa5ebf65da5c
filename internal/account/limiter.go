package account

import (
	"sync"
	"time"
)

// Limiter counts failed logins per key (an address and an e-mail) and locks
// the key out for a while after too many, which makes guessing passwords slow
// without locking the real user out for long.
type Limiter struct {
	Max    int           // failures allowed within Window
	Window time.Duration // how long failures are remembered
	Now    func() time.Time

	mu       sync.Mutex
	failures map[string][]time.Time
}

// NewLimiter allows max failures per key in window.
func NewLimiter(max int, window time.Duration) *Limiter {
	return &Limiter{Max: max, Window: window, Now: time.Now, failures: map[string][]time.Time{}}
}

// Allowed reports whether key may try again, and if not, how long to wait.
func (l *Limiter) Allowed(key string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fs := l.prune(key)
	if len(fs) < l.Max {
		return true, 0
	}
	return false, fs[0].Add(l.Window).Sub(l.Now())
}

// Fail records a failed attempt.
func (l *Limiter) Fail(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.failures[key] = append(l.prune(key), l.Now())
}

// Reset forgets the failures of key after a successful login.
func (l *Limiter) Reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.failures, key)
}

func (l *Limiter) prune(key string) []time.Time {
	cutoff := l.Now().Add(-l.Window)
	fs := l.failures[key]
	i := 0
	for i < len(fs) && !fs[i].After(cutoff) {
		i++
	}
	fs = fs[i:]
	if len(fs) == 0 {
		delete(l.failures, key)
	} else {
		l.failures[key] = fs
	}
	return fs
}
