package web

import (
	"errors"
	"mime"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/headless"
)

// Body limits of the forms without a file: the login form holds an address
// and a password; the public forms have their own; the rest carry at most
// a few texts.
const (
	LoginFormBytes = 4 << 10
	SmallFormBytes = 256 << 10
	// MaxSurveyForm bounds the public survey form.
	MaxSurveyForm = 64 << 10
	// MaxWijzerForm bounds the resident check's form: a few dozen short fields.
	MaxWijzerForm = 16 << 10
	// FileFormBytes bounds a form that takes a file (AuthUpload).
	FileFormBytes = maxFormBytes
)

// removeForms deletes the temporary files of every multipart form parsed
// while serving the request. net/http does this itself only for the form
// of the request it handed to the handler, and our handlers parse a copy
// (made by r.WithContext), so without this every upload, refused or not,
// left its file behind. withRequest runs it when the request ends, in
// every outcome, panics included.
func (rc *ReqCtx) removeForms() {
	for _, f := range rc.forms {
		_ = f.RemoveAll()
	}
	rc.forms = nil
}

// ParseForm reads the body of a POST once, bounded, so that a huge upload
// cannot fill memory or disk, and answers 413 or 415 itself. Forms that
// take no file refuse multipart bodies and bodies over their limit before
// reading them. A parsed multipart form is recorded for removeForms.
func (s *Core) ParseForm(w http.ResponseWriter, r *http.Request, limit int64) bool {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	isMultipart := mt == "multipart/form-data"
	if limit < FileFormBytes {
		if isMultipart {
			s.RenderError(w, r, http.StatusUnsupportedMediaType, "Dit formulier neemt geen bestanden aan. Vul het formulier in op de pagina zelf en verstuur het opnieuw.", nil)
			return false
		}
	}
	if r.ContentLength > limit {
		s.tooLarge(w, r, limit)
		return false
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	var err error
	if isMultipart {
		err = r.ParseMultipartForm(1 << 20)
		if r.MultipartForm != nil {
			rc := RequestInfo(r)
			rc.forms = append(rc.forms, r.MultipartForm)
		}
	} else {
		err = r.ParseForm()
	}
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			s.tooLarge(w, r, limit)
			return false
		}
		s.RenderError(w, r, http.StatusBadRequest, "Het formulier kon niet worden gelezen. Probeer het opnieuw.", nil)
		return false
	}
	return true
}

func (s *Core) tooLarge(w http.ResponseWriter, r *http.Request, limit int64) {
	w.Header().Set("Connection", "close")
	if limit >= 1<<20 {
		s.RenderError(w, r, http.StatusRequestEntityTooLarge, "Wat u verstuurde is te groot. Een bestand mag hier hoogstens 16 MB zijn.", nil)
		return
	}
	s.RenderError(w, r, http.StatusRequestEntityTooLarge, "Wat u verstuurde is te groot voor dit formulier (hoogstens "+strconv.FormatInt(limit>>10, 10)+" kB). Maak de tekst korter en probeer het opnieuw.", nil)
}

// SetRetryAfter tells the client when to try again, for errors that say.
func SetRetryAfter(w http.ResponseWriter, err error) {
	if d := account.RetryAfter(err); d > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int((d+time.Second-1)/time.Second)))
	}
}

// rendersPerUser is how many PDF or PNG renderings one user may have
// running or waiting at once; more clicks wait for the first to finish.
const rendersPerUser = 1

// renderLimit counts the renderings of each user. It lives in memory on
// purpose: the browser it guards is one per server process.
type renderLimit struct {
	mu      sync.Mutex
	running map[int64]int
}

// errRenderBusy is the answer when the rendering queue is full.
var errRenderBusy = &account.TooMany{Err: perspectief.Errorf(perspectief.CodeTooMany, "Er worden nu veel PDF's en afbeeldingen tegelijk gemaakt. Probeer het over een minuut opnieuw."), Wait: time.Minute}

// WithRenderSlot runs a headless rendering for the user of rc, refusing a
// second one of the same user while the first runs, and turning a full
// rendering queue into a Dutch "try again later".
func (s *Core) WithRenderSlot(rc *ReqCtx, fn func() error) error {
	var id int64
	if rc.User != nil {
		id = rc.User.ID
	}
	l := &s.renders
	l.mu.Lock()
	if l.running == nil {
		l.running = map[int64]int{}
	}
	if l.running[id] >= rendersPerUser {
		l.mu.Unlock()
		return &account.TooMany{Err: perspectief.Errorf(perspectief.CodeTooMany, "U laat al een PDF of afbeelding maken. Wacht tot die klaar is en probeer het dan opnieuw."), Wait: 10 * time.Second}
	}
	l.running[id]++
	l.mu.Unlock()
	defer func() {
		l.mu.Lock()
		if l.running[id]--; l.running[id] <= 0 {
			delete(l.running, id)
		}
		l.mu.Unlock()
	}()
	err := fn()
	if errors.Is(err, headless.ErrBusy) {
		return errRenderBusy
	}
	return err
}
