package account_test

import (
	"strings"
	"testing"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
)

func TestParseRoleMap(t *testing.T) {
	m, err := account.ParseRoleMap(" perspectief-beheer = beheerder, perspectief-team=programmateam,,lezers=lezer ")
	if err != nil {
		t.Fatal(err)
	}
	want := account.RoleMap{"perspectief-beheer": account.RoleAdmin, "perspectief-team": account.RoleTeam, "lezers": account.RoleReader}
	if len(m) != len(want) {
		t.Fatalf("got %v, want %v", m, want)
	}
	for k, v := range want {
		if m[k] != v {
			t.Errorf("%s maps to %q, want %q", k, m[k], v)
		}
	}
	// LDAP names hold commas and '=': entries are then split at ';', the
	// role follows the last '='.
	m, err = account.ParseRoleMap("cn=perspectief-beheer,ou=groepen,dc=gemeente,dc=nl=beheerder; cn=lezers,dc=nl=lezer")
	if err != nil {
		t.Fatal(err)
	}
	if m["cn=perspectief-beheer,ou=groepen,dc=gemeente,dc=nl"] != account.RoleAdmin || m["cn=lezers,dc=nl"] != account.RoleReader {
		t.Errorf("LDAP names: got %v", m)
	}

	refused := map[string]string{
		"":                                  "leeg",
		" , ":                               "leeg",
		"perspectief-team":                  "item 1 (\"perspectief-team\"): schrijf claimwaarde=rol",
		"a=lezer,=beheerder":                "item 2",
		"a=lezer,b=koning":                  `rol "koning" bestaat niet`,
		"a=lezer,a=beheerder":               `claimwaarde "a" staat er al met rol lezer`,
		"beheer=Beheerder":                  `rol "Beheerder" bestaat niet`,
		"x=beheerder;y=programmateam;z=fop": "item 3",
	}
	for text, msg := range refused {
		_, err := account.ParseRoleMap(text)
		if perspectief.ErrorCode(err) != perspectief.CodeInvalid || !strings.Contains(perspectief.ErrorMessage(err), msg) {
			t.Errorf("ParseRoleMap(%q) = %v, want a refusal saying %q", text, err, msg)
		}
	}
}

func TestRoleMapPicksTheMostPowerfulRole(t *testing.T) {
	m := account.RoleMap{"lezers": account.RoleReader, "team": account.RoleTeam, "beheer": account.RoleAdmin}
	cases := []struct {
		groups []string
		want   account.Role
		ok     bool
	}{
		{[]string{"lezers", "team"}, account.RoleTeam, true},
		{[]string{"kantine", "beheer", "lezers"}, account.RoleAdmin, true},
		{[]string{"lezers"}, account.RoleReader, true},
		{[]string{"kantine"}, "", false},
		{nil, "", false},
		{[]string{"Beheer"}, "", false}, // claim values are compared exactly
	}
	for _, c := range cases {
		if got, ok := m.Role(c.groups); got != c.want || ok != c.ok {
			t.Errorf("Role(%v) = %q, %v; want %q, %v", c.groups, got, ok, c.want, c.ok)
		}
	}
}

// FuzzParseRoleMap: any text gives a map of known roles or a Dutch
// refusal, never a panic or an empty map.
func FuzzParseRoleMap(f *testing.F) {
	for _, s := range []string{"a=lezer", "a=b=beheerder;c=lezer", "=", ";;", "x=koning", "a=lezer,a=lezer"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		m, err := account.ParseRoleMap(text)
		if err != nil {
			if perspectief.ErrorCode(err) != perspectief.CodeInvalid {
				t.Fatalf("ParseRoleMap(%q): %v is no CodeInvalid refusal", text, err)
			}
			return
		}
		if len(m) == 0 {
			t.Fatalf("ParseRoleMap(%q) accepted an empty map", text)
		}
		for k, r := range m {
			if k == "" || !r.Valid() {
				t.Fatalf("ParseRoleMap(%q) gave %q=%q", text, k, r)
			}
		}
	})
}
