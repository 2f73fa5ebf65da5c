package store

import "strconv"

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// nullString stores "" as NULL, for columns where NULL means "none" and
// must not clash in a unique index.
func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}
