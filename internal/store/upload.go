package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/perspectief/perspectief/internal/pending"
)

var (
	_ pending.Store = Indicators{}
	_ pending.Store = Procesmonitor{}
)

// SaveUpload keeps a previewed file under key and drops the uploads made
// before expired, in one transaction.
func (s Indicators) SaveUpload(ctx context.Context, key string, u pending.File, expired time.Time) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.exec(ctx, tx, named("DeleteExpiredUploads"), millis(expired)); err != nil {
			return err
		}
		_, err := s.exec(ctx, tx, named("InsertUpload"), key, u.Kind, u.Actor, u.FileName, u.Content, millis(u.CreatedAt))
		return err
	})
}

// TakeUpload returns and deletes the upload under key of kind and actor
// made after expired, in one statement, so that two confirmations of the
// same preview (from any instances) store it once.
func (s Indicators) TakeUpload(ctx context.Context, key, kind, actor string, expired time.Time) (pending.File, bool, error) {
	u := pending.File{Kind: kind, Actor: actor}
	var created int64
	err := s.queryRow(ctx, named("TakeUpload"), key, kind, actor, millis(expired)).Scan(&u.FileName, &u.Content, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return pending.File{}, false, nil
	}
	if err != nil {
		return pending.File{}, false, err
	}
	u.CreatedAt = time.UnixMilli(created).UTC()
	return u, true, nil
}
