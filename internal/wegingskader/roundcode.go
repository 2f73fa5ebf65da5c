package wegingskader

import (
	"context"
	"strconv"
)

// RoundCode is the code by which other parts (the learning log) name a
// round: its number.
func RoundCode(id int64) string { return strconv.FormatInt(id, 10) }

// RoundExists reports whether a round with code exists, whoever may read
// it; the learning log checks its links with it.
func (s *Service) RoundExists(ctx context.Context, code string) bool {
	id, err := strconv.ParseInt(code, 10, 64)
	if err != nil || id < 1 {
		return false
	}
	_, err = s.Store.Round(ctx, id)
	return err == nil
}
