package account_test

import (
	"testing"

	"github.com/perspectief/perspectief/internal/account"
)

func TestIndicatorPermissions(t *testing.T) {
	type perms struct{ values, shapes bool }
	want := map[account.Role]perms{
		account.RoleAdmin:         {true, true},
		account.RoleTeam:          {true, false},
		account.RoleProjectLeader: {false, false},
		account.RoleExpert:        {false, false},
		account.RoleReader:        {false, false},
		"":                        {false, false},
	}
	for role, w := range want {
		u := account.User{Email: "me@example.nl", Role: role}
		if got := (perms{u.CanEditIndicators(), u.CanImportShapes()}); got != w {
			t.Errorf("%q: got %+v, want %+v", role, got, w)
		}
	}
}
