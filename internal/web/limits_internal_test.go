package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/headless"
)

// One user gets one rendering at a time; others are not held up by it; a
// full browser queue becomes a Dutch "try again later" with Retry-After.
func TestRenderSlotPerUser(t *testing.T) {
	s := &Core{}
	anna, bert := &ReqCtx{User: &account.User{ID: 1}}, &ReqCtx{User: &account.User{ID: 2}}
	var second, other error
	ran := false
	err := s.WithRenderSlot(anna, func() error {
		second = s.WithRenderSlot(anna, func() error { t.Error("a second rendering of one user ran"); return nil })
		other = s.WithRenderSlot(bert, func() error { ran = true; return nil })
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if perspectief.ErrorCode(second) != perspectief.CodeTooMany || !strings.Contains(perspectief.ErrorMessage(second), "Wacht tot die klaar is") {
		t.Errorf("second rendering of one user: %v, want a Dutch too-many error", second)
	}
	if other != nil || !ran {
		t.Errorf("another user's rendering: ran %v, err %v", ran, other)
	}
	if err := s.WithRenderSlot(anna, func() error { return nil }); err != nil {
		t.Errorf("after the first ended, the user's next rendering: %v", err)
	}

	busy := s.WithRenderSlot(anna, func() error { return headless.ErrBusy })
	if !strings.Contains(perspectief.ErrorMessage(busy), "Probeer het over een minuut opnieuw") {
		t.Errorf("full queue: %q, want a Dutch try-again-later", perspectief.ErrorMessage(busy))
	}
	rec := httptest.NewRecorder()
	s.Fail(rec, httptest.NewRequest(http.MethodGet, "/rapportage/2025/rapport.pdf", nil), busy)
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") != "60" {
		t.Errorf("full queue answered %d with Retry-After %q, want 429 and 60", rec.Code, rec.Header().Get("Retry-After"))
	}
}
