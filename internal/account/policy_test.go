package account_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
)

func TestPasswordPolicy(t *testing.T) {
	refused := map[string]string{
		"wachtwoord":              "minstens 12 tekens",
		"1234567890":              "minstens 12 tekens",
		"aaaaaaaaaaaa":            "te weinig verschillende tekens",
		"abababababab":            "te weinig verschillende tekens",
		"abcdefghijklmnop":        "reeks",
		"qwertyuiop123":           "veelgebruikte wachtwoorden",
		"wachtwoord123":           "veelgebruikte wachtwoorden",
		"Wachtwoord2026!":         "veelgebruikte wachtwoorden",
		"welkomwelkom":            "veelgebruikte wachtwoorden",
		"Feyenoord1908":           "veelgebruikte wachtwoorden",
		"iloveyou12345":           "veelgebruikte wachtwoorden",
		"j.de.vries.2024":         "e-mailadres",
		"Perspectief12":           "veelgebruikte wachtwoorden",
		strings.Repeat("ab1", 90): "hoogstens 128 tekens",
	}
	for pw, want := range refused {
		err := account.CheckPassword(pw, "J.de.Vries@groningen.nl")
		if err == nil {
			t.Errorf("%q accepted, want refused (%s)", pw, want)
			continue
		}
		if perspectief.ErrorCode(err) != perspectief.CodeInvalid || !strings.Contains(err.Error(), want) || !strings.HasPrefix(err.Error(), "Dit wachtwoord kan niet: ") {
			t.Errorf("%q: %v, want an invalid-input error saying %q", pw, err, want)
		}
	}
	for _, pw := range []string{"correct horse battery", "kopje-thee-met-honing", "Zes vogels op een dak", "8w$Lq!zP0r#x"} {
		if err := account.CheckPassword(pw, "j.de.vries@groningen.nl"); err != nil {
			t.Errorf("%q refused: %v", pw, err)
		}
	}
	// 128 characters are allowed, and any printable Unicode.
	if err := account.CheckPassword(strings.Repeat("zon-maan-ster-", 9)+"ab", ""); err != nil {
		t.Errorf("a 128-character password: %v", err)
	}
	// Length counts characters, not bytes.
	if err := account.CheckPassword("ééééééxyzwvu", ""); err != nil {
		t.Errorf("12 characters of which 6 take two bytes: %v", err)
	}
	if err := account.CheckPassword("éééééxyzwvu", ""); err == nil {
		t.Error("11 characters (16 bytes) accepted")
	}
	// Every line of the shipped list is refused (checked on a sample of
	// long entries, which pass the length rule).
	if err := account.CheckPassword("1qaz2wsx3edc", ""); err == nil {
		t.Error("1qaz2wsx3edc (on the list) accepted")
	}
}

func FuzzCheckPassword(f *testing.F) {
	for _, s := range []string{"wachtwoord", "correct horse battery", "aaaaaaaaaaaa", "\xff\xfe", "perspectief!!"} {
		f.Add(s, "a@b.nl")
	}
	f.Fuzz(func(t *testing.T, pw, email string) {
		err := account.CheckPassword(pw, email)
		if err == nil && utf8.RuneCountInString(pw) < account.MinPasswordLength {
			t.Fatalf("%q accepted with fewer than %d characters", pw, account.MinPasswordLength)
		}
		if err != nil && perspectief.ErrorCode(err) != perspectief.CodeInvalid {
			t.Fatalf("%q: %v is not an invalid-input error", pw, err)
		}
	})
}
