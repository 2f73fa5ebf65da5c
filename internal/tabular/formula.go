package tabular

// A spreadsheet that opens a CSV file runs a cell that starts with =, +, -
// or @ as a formula (and a tab or carriage return in front of one still
// counts), so a note typed by one user could run code on the computer of
// another who downloads it. Text cells that start with one of these get an
// apostrophe in front, which spreadsheets read as "this is text" (OWASP,
// CSV injection). Numbers are written by the program, never as text, and
// stay numbers.

func dangerous(c byte) bool {
	switch c {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return false
}

// needsGuard reports whether s would start a formula, or is already an
// apostrophe followed by such a text (which must keep its own apostrophe
// so that Restore gives it back unchanged).
func needsGuard(s string) bool {
	for i := 0; i < len(s); i++ {
		if dangerous(s[i]) {
			return true
		}
		if s[i] != '\'' {
			return false
		}
	}
	return false
}

// Neutralise returns s with an apostrophe in front when a spreadsheet could
// take it for a formula; other texts are returned as they are.
func Neutralise(s string) string {
	if needsGuard(s) {
		return "'" + s
	}
	return s
}

// Restore undoes Neutralise, so that a downloaded file imports again with
// the texts it was made from: Restore(Neutralise(s)) == s for every s.
func Restore(s string) string {
	if len(s) > 1 && s[0] == '\'' && needsGuard(s[1:]) {
		return s[1:]
	}
	return s
}
