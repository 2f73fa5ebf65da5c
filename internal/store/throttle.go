package store

import (
	"context"
	"time"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/survey"
)

var _ account.ThrottleStore = Throttles{}

func millis(t time.Time) int64 { return t.UnixMilli() }

// ThrottleHit adds delta to key's count in one statement (an upsert), so
// that parallel hits on one key never read the same count. A count never
// goes below zero.
func (s Throttles) ThrottleHit(ctx context.Context, key string, delta int, now time.Time, window time.Duration) (int, time.Time, error) {
	n, end := millis(now), millis(now.Add(window))
	first := max(delta, 0)
	var count int
	var until int64
	err := s.queryRow(ctx, named("ThrottleHit"),
		key, end, first, n, first, delta, delta, n, end).Scan(&count, &until)
	if err != nil {
		return 0, time.Time{}, err
	}
	return count, time.UnixMilli(until), nil
}

// ThrottleCount is key's count in its current window.
func (s Throttles) ThrottleCount(ctx context.Context, key string, now time.Time) (int, error) {
	var n int
	err := s.queryRow(ctx, named("ThrottleCount"), key, millis(now)).Scan(&n)
	if isNoRows(err) {
		return 0, nil
	}
	return n, err
}

// ThrottleGate opens key's gate for one caller per interval: the update
// only happens when the gate is open, and only one of parallel callers can
// make it.
func (s Throttles) ThrottleGate(ctx context.Context, key string, now time.Time, interval time.Duration) (bool, time.Time, error) {
	n, next := millis(now), millis(now.Add(interval))
	var got int64
	err := s.queryRow(ctx, named("ThrottleGate"), key, next, next, n).Scan(&got)
	if err == nil {
		return true, time.UnixMilli(got), nil
	}
	if !isNoRows(err) {
		return false, time.Time{}, err
	}
	if err := s.queryRow(ctx, named("ThrottleGateOpens"), key).Scan(&got); err != nil {
		return false, time.Time{}, err
	}
	return false, time.UnixMilli(got), nil
}

// ThrottleReset forgets key.
func (s Throttles) ThrottleReset(ctx context.Context, key string) error {
	_, err := s.exec(ctx, nil, named("ThrottleReset"), key)
	return err
}

// ThrottlePrune forgets the keys whose window and gate have both ended.
func (s Throttles) ThrottlePrune(ctx context.Context, now time.Time) error {
	n := millis(now)
	_, err := s.exec(ctx, nil, named("ThrottlePrune"), n, n)
	return err
}

var _ survey.ThrottleStore = Throttles{}

// AddHeldBack counts one submission of wave that the throttle held back.
func (s Throttles) AddHeldBack(ctx context.Context, wave, day string) error {
	_, err := s.exec(ctx, nil, named("AddHeldBack"), wave, day)
	return err
}

// HeldBack is how many submissions of wave were held back in all.
func (s Throttles) HeldBack(ctx context.Context, wave string) (int, error) {
	var n int
	err := s.queryRow(ctx, named("HeldBack"), wave).Scan(&n)
	return n, err
}

// Accounts and Surveys carry the throttles for their services (repos.go).
var (
	_ account.ThrottleStore = Accounts{}
	_ survey.ThrottleStore  = Surveys{}
)
