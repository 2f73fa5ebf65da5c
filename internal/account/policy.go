package account

import (
	_ "embed"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/perspectief/perspectief/internal/numfmt"

	"github.com/perspectief/perspectief"
)

// MinPasswordLength is the shortest password accepted (NIST SP 800-63B
// asks for at least 8; 12 keeps guessing out of reach at our hash cost).
const MinPasswordLength = 12

// MaxPasswordLength bounds the work one password can cause (ASVS 2.1.2:
// at least 64 allowed, more than 128 refused).
const MaxPasswordLength = 128

//go:embed data/common-passwords.txt
var commonPasswordList string

var commonPasswords = sync.OnceValue(func() map[string]bool {
	m := make(map[string]bool, 9000)
	for _, line := range strings.Split(commonPasswordList, "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			m[strings.ToLower(line)] = true
		}
	}
	return m
})

// CheckPassword applies the password policy to a new password for the
// account with this e-mail address (which may be empty) and returns nil or
// an error whose Dutch message says why the password is refused: shorter
// than MinPasswordLength, one character repeated or a plain sequence, a
// common password (the embedded list, also with digits or signs added at
// the end), or built on the e-mail address.
func CheckPassword(pw, email string) error {
	refuse := func(format string, args ...any) error {
		return perspectief.Errorf(perspectief.CodeInvalid, "Dit wachtwoord kan niet: "+format, args...)
	}
	n := utf8.RuneCountInString(pw)
	if n < MinPasswordLength {
		return refuse("het moet minstens %d tekens hebben (nu %s). Een zin van een paar woorden is lang genoeg en goed te onthouden.", MinPasswordLength, numfmt.Count(n))
	}
	if n > MaxPasswordLength {
		return refuse("het mag hoogstens %d tekens hebben.", MaxPasswordLength)
	}
	lower := strings.ToLower(pw)
	if distinctRunes(lower) < 4 {
		return refuse("het bestaat uit te weinig verschillende tekens.")
	}
	if isSequence(lower) {
		return refuse("het is een reeks opeenvolgende tekens.")
	}
	base := strings.TrimRightFunc(lower, func(r rune) bool {
		return unicode.IsDigit(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) || unicode.IsSpace(r)
	})
	if commonPasswords()[lower] || (utf8.RuneCountInString(base) >= 4 && commonPasswords()[base]) {
		return refuse("het staat op de lijst van veelgebruikte wachtwoorden, die aanvallers als eerste proberen.")
	}
	squeezed := strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, lower)
	if local, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(email)), "@"); len(local) >= 4 {
		local = strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				return r
			}
			return -1
		}, local)
		if len(local) >= 4 && strings.Contains(squeezed, local) {
			return refuse("het bevat uw e-mailadres.")
		}
	}
	return nil
}

func distinctRunes(s string) int {
	seen := map[rune]bool{}
	for _, r := range s {
		seen[r] = true
	}
	return len(seen)
}

// isSequence reports whether s steps by the same amount (+1, -1 or 0) from
// each character to the next, as abcdefghijkl and 876543210/.- do.
func isSequence(s string) bool {
	rs := []rune(s)
	if len(rs) < 3 {
		return false
	}
	step := rs[1] - rs[0]
	if step < -1 || step > 1 {
		return false
	}
	for i := 2; i < len(rs); i++ {
		if rs[i]-rs[i-1] != step {
			return false
		}
	}
	return true
}
