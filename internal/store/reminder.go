package store

import (
	"context"
	"time"

	"github.com/perspectief/perspectief/internal/reminder"
)

var _ reminder.Store = Reminders{}

// Claim inserts the key of a message about to be sent; a key that is
// there already (sent, or being sent by another run) is not claimed. The
// primary key makes this hold across instances.
func (s Reminders) Claim(ctx context.Context, kind, period, recipient string, at time.Time) (bool, error) {
	res, err := s.exec(ctx, nil, named("ClaimReminder"), kind, period, recipient, timeText(at))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// Sent marks a claimed message as sent.
func (s Reminders) Sent(ctx context.Context, kind, period, recipient string, at time.Time) error {
	_, err := s.exec(ctx, nil, named("MarkReminderSent"), timeText(at), kind, period, recipient)
	return err
}

// Release removes a claim that was not sent.
func (s Reminders) Release(ctx context.Context, kind, period, recipient string) error {
	_, err := s.exec(ctx, nil, named("ReleaseReminder"), kind, period, recipient)
	return err
}

// WasSent reports whether the message went out.
func (s Reminders) WasSent(ctx context.Context, kind, period, recipient string) (bool, error) {
	var n int
	err := s.queryRow(ctx, named("ReminderSent"), kind, period, recipient).Scan(&n)
	return n > 0, err
}
