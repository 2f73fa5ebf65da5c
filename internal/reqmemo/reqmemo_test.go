package reqmemo_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/perspectief/perspectief/internal/reqmemo"
)

type key struct{}

func TestLoadsOncePerRequest(t *testing.T) {
	calls := 0
	load := func() (*int, error) { calls++; n := calls; return &n, nil }
	ctx := reqmemo.New(context.Background())
	a, _ := reqmemo.Do(ctx, key{}, load)
	b, _ := reqmemo.Do(ctx, key{}, load)
	if calls != 1 || a != b {
		t.Fatalf("one request: %d loads, same value %v; want 1 load and the same value", calls, a == b)
	}
	other := reqmemo.New(context.Background())
	c, _ := reqmemo.Do(other, key{}, load)
	if calls != 2 || *c != 2 {
		t.Fatalf("another request read %d after %d loads; want its own load", *c, calls)
	}
	reqmemo.Do(context.Background(), key{}, load)
	reqmemo.Do(context.Background(), key{}, load)
	if calls != 4 {
		t.Fatalf("without a memo: %d loads, want every call to load", calls)
	}
}

func TestErrorIsKeptToo(t *testing.T) {
	ctx := reqmemo.New(context.Background())
	boom := errors.New("boom")
	calls := 0
	for range 3 {
		if _, err := reqmemo.Do(ctx, key{}, func() (int, error) { calls++; return 0, boom }); !errors.Is(err, boom) {
			t.Fatalf("err = %v", err)
		}
	}
	if calls != 1 {
		t.Fatalf("%d loads of a failing read, want 1", calls)
	}
}

func TestConcurrentReadersShareOneLoad(t *testing.T) {
	ctx := reqmemo.New(context.Background())
	var mu sync.Mutex
	calls := 0
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			reqmemo.Do(ctx, key{}, func() (int, error) { mu.Lock(); calls++; mu.Unlock(); return 1, nil })
		}()
	}
	wg.Wait()
	if calls != 1 {
		t.Fatalf("%d loads from 8 concurrent readers, want 1", calls)
	}
}
