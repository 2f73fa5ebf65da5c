package account_test

import (
	"testing"
	"time"

	"github.com/perspectief/perspectief/internal/account"
)

// TestLifetimesValidate: the serve flags accept the defaults and refuse
// lifetimes that make no sense or are unsafe.
func TestLifetimesValidate(t *testing.T) {
	if err := account.DefaultLifetimes().Validate(); err != nil {
		t.Errorf("defaults refused: %v", err)
	}
	d := account.DefaultLifetimes()
	if d.Idle != 30*time.Minute || d.MaxSession != 12*time.Hour || d.Token != 365*24*time.Hour {
		t.Errorf("defaults = %+v, want 30m idle, 12h absolute, tokens a year", d)
	}
	for _, bad := range []account.Lifetimes{
		{Idle: 0, MaxSession: time.Hour, Token: d.Token},
		{Idle: time.Hour, MaxSession: 30 * time.Minute, Token: d.Token},
		{Idle: time.Hour, MaxSession: 30 * 24 * time.Hour, Token: d.Token},
		{Idle: time.Hour, MaxSession: 2 * time.Hour, Token: 3 * 365 * 24 * time.Hour},
	} {
		if err := bad.Validate(); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
}
