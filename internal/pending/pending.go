// Package pending keeps an uploaded file between its preview and its
// confirmation: Keep stores it in the database under the hash of a new
// one-time token, Take gives it back once, to the same person, for the
// same kind of upload, within TTL. The uploads of indicator values,
// trendmonitor tables and spending exports use it, so that any instance of
// the server can take a confirmation and a copy of the table does not let
// anyone confirm. It knows nothing of what the files hold.
package pending

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"time"

	"github.com/perspectief/perspectief"
)

// TTL is how long a previewed file waits for its confirmation.
const TTL = time.Hour

// File is a file between its preview and its confirmation.
type File struct {
	Kind      string
	Actor     string
	FileName  string
	Content   []byte
	CreatedAt time.Time
}

// Store keeps previewed files in the database.
type Store interface {
	// SaveUpload keeps f under key (the hash of its token) and drops the
	// files kept before expired.
	SaveUpload(ctx context.Context, key string, f File, expired time.Time) error
	// TakeUpload returns and removes the file under key of that kind and
	// actor kept after expired; ok is false when there is none (taken
	// already, expired, or someone else's).
	TakeUpload(ctx context.Context, key, kind, actor string, expired time.Time) (f File, ok bool, err error)
}

// Keep stores a previewed file of kind for actor at now and returns its
// one-time token. A nil store cannot keep it.
func Keep(ctx context.Context, st Store, now time.Time, kind, actor, name string, data []byte) (string, error) {
	if st == nil {
		return "", perspectief.Errorf(perspectief.CodeInternal, "Deze server kan geen bestanden bewaren tussen controle en bevestiging.")
	}
	token := rand.Text()
	err := st.SaveUpload(ctx, Key(token), File{Kind: kind, Actor: actor, FileName: name, Content: data, CreatedAt: now}, now.Add(-TTL))
	return token, err
}

// Take returns the file of kind that actor previewed under token, once:
// a missing token is invalid, one used already, expired or someone else's
// a conflict.
func Take(ctx context.Context, st Store, now time.Time, kind, actor, token string) (File, error) {
	if st == nil || token == "" {
		return File{}, perspectief.Errorf(perspectief.CodeInvalid, "Het gecontroleerde bestand ontbreekt. Lees het bestand opnieuw in.")
	}
	f, ok, err := st.TakeUpload(ctx, Key(token), kind, actor, now.Add(-TTL))
	if err != nil {
		return File{}, err
	}
	if !ok {
		return File{}, perspectief.Errorf(perspectief.CodeConflict,
			"Dit bestand is al ingelezen, of de controle is ouder dan %d minuten. Er is niets opgeslagen; lees het bestand opnieuw in.", int(TTL.Minutes()))
	}
	return f, nil
}

// Key is what the database keeps of a token: its hash, so that a copy of
// the table does not let anyone confirm an upload.
func Key(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
