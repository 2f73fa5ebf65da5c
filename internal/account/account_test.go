package account_test

import (
	"strings"
	"testing"

	"github.com/perspectief/perspectief/internal/account"
)

func TestPassword(t *testing.T) {
	h, err := account.HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$") || strings.Contains(h, "correct horse") {
		t.Errorf("hash %q is not an argon2id hash or contains the password", h)
	}
	if !account.VerifyPassword(h, "correct horse battery") {
		t.Error("right password refused")
	}
	if account.VerifyPassword(h, "correct horse batterY") {
		t.Error("wrong password accepted")
	}
	h2, _ := account.HashPassword("correct horse battery")
	if h == h2 {
		t.Error("two hashes of one password are equal: no salt")
	}
	if _, err := account.HashPassword("kort"); err == nil {
		t.Error("short password accepted")
	}
	for _, bad := range []string{"", "$argon2id$", "$bcrypt$x$y$z$w", h[:len(h)-4]} {
		if account.VerifyPassword(bad, "correct horse battery") {
			t.Errorf("malformed hash %q accepted", bad)
		}
	}
}

func TestPermissions(t *testing.T) {
	type perms struct{ programme, own, other, comment, admin bool }
	want := map[account.Role]perms{
		account.RoleAdmin:         {true, true, true, true, true},
		account.RoleTeam:          {true, true, true, true, false},
		account.RoleProjectLeader: {false, true, false, true, false},
		account.RoleExpert:        {false, false, false, true, false},
		account.RoleReader:        {false, false, false, false, false},
		account.RoleSteering:      {false, false, false, false, false},
	}
	for role, w := range want {
		u := account.User{Role: role}
		if u.CanJoinPanel() != (role != account.RoleReader && role != account.RoleSteering) {
			t.Errorf("%s may join a panel: %v", role, u.CanJoinPanel())
		}
		if u.CanSeeEscalations() != (w.programme || role == account.RoleSteering) {
			t.Errorf("%s sees escalations: %v", role, u.CanSeeEscalations())
		}
		if got := (account.User{Role: role}).CanAssignLeaders(); got != w.programme {
			t.Errorf("%s may assign projectleiders: %v", role, got)
		}
	}
	for role, w := range want {
		u := account.User{Email: "Me@Example.nl", Role: role}
		got := perms{u.CanEditProgramme(), u.CanEditIntervention([]string{"you@example.nl", "me@example.nl"}), u.CanEditIntervention([]string{"you@example.nl"}), u.CanComment(), u.CanAdminister()}
		if got != w {
			t.Errorf("%s: got %+v, want %+v", role, got, w)
		}
	}
	if (account.User{Role: account.RoleProjectLeader, Email: "a@b.nl"}).CanEditIntervention(nil) {
		t.Error("a projectleider may edit an intervention without owner")
	}
}

func TestSecrets(t *testing.T) {
	a, ha := account.NewSecret()
	b, _ := account.NewSecret()
	if a == b || len(a) < 40 || ha != account.HashSecret(a) || ha == a {
		t.Errorf("secrets %q %q hash %q", a, b, ha)
	}
}
