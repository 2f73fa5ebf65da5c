// Package reqmemo keeps what one read-only request has already read, so
// that the parts of a page that each need the same thing (the indicator
// register, for one) read it once. A memo lives as long as the request's
// context and is never shared between requests, users or instances: it
// holds nothing that could go stale, and a request that writes gets none.
package reqmemo

import (
	"context"
	"sync"
)

type ctxKey struct{}

type memo struct {
	mu sync.Mutex
	m  map[any]*entry
}

type entry struct {
	once sync.Once
	v    any
	err  error
}

// New returns ctx with an empty memo.
func New(ctx context.Context) context.Context {
	return context.WithValue(ctx, ctxKey{}, &memo{m: map[any]*entry{}})
}

// Do returns what load returned the first time Do was called with key in
// this request, calling load only then. Without a memo in ctx (a request
// that writes, a command, a test), it calls load every time. Callers must
// treat the value as read-only: it is shared by every reader of the key.
func Do[T any](ctx context.Context, key any, load func() (T, error)) (T, error) {
	m, _ := ctx.Value(ctxKey{}).(*memo)
	if m == nil {
		return load()
	}
	m.mu.Lock()
	e := m.m[key]
	if e == nil {
		e = &entry{}
		m.m[key] = e
	}
	m.mu.Unlock()
	e.once.Do(func() { e.v, e.err = load() })
	v, _ := e.v.(T)
	return v, e.err
}
