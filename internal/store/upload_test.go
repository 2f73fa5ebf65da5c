package store_test

import (
	"bytes"
	"context"
	"sync"
	"testing"
	"time"

	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

// A previewed file is kept in the database (bytes as they came, XLSX
// included) and can be taken once, by its own actor and kind, before it
// expires; concurrent confirmations take it once between them.
func TestPendingUploads(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ups := db.Indicators()
		now := time.Date(2026, 12, 7, 20, 0, 0, 0, time.UTC)
		content := []byte("PK\x03\x04\x00\xff binary \n content")
		up := indicator.Upload{Kind: indicator.UploadTrend, Actor: "a@example.nl", FileName: "cbs.csv", Content: content, CreatedAt: now}
		if err := ups.SaveUpload(ctx, "k1", up, now.Add(-time.Hour)); err != nil {
			t.Fatal(err)
		}
		for _, miss := range []struct{ key, kind, actor string }{
			{"k2", indicator.UploadTrend, "a@example.nl"},
			{"k1", indicator.UploadValues, "a@example.nl"},
			{"k1", indicator.UploadTrend, "b@example.nl"},
		} {
			if _, ok, err := ups.TakeUpload(ctx, miss.key, miss.kind, miss.actor, now.Add(-time.Hour)); ok || err != nil {
				t.Errorf("took %v: %v %v", miss, ok, err)
			}
		}
		// Too old by the clock of the confirmation.
		if _, ok, err := ups.TakeUpload(ctx, "k1", up.Kind, up.Actor, now); ok || err != nil {
			t.Errorf("took an expired upload: %v %v", ok, err)
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		var taken []indicator.Upload
		for range 4 {
			wg.Go(func() {
				got, ok, err := ups.TakeUpload(ctx, "k1", up.Kind, up.Actor, now.Add(-time.Hour))
				if err != nil {
					t.Error(err)
				}
				if ok {
					mu.Lock()
					taken = append(taken, got)
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if len(taken) != 1 || taken[0].FileName != "cbs.csv" || !bytes.Equal(taken[0].Content, content) || !taken[0].CreatedAt.Equal(now) {
			t.Fatalf("taken = %+v", taken)
		}
		// Saving a new upload drops the expired ones.
		if err := ups.SaveUpload(ctx, "old", up, now.Add(-time.Hour)); err != nil {
			t.Fatal(err)
		}
		later := now.Add(2 * time.Hour)
		if err := ups.SaveUpload(ctx, "new", indicator.Upload{Kind: up.Kind, Actor: up.Actor, FileName: "n.csv", Content: []byte("x"), CreatedAt: later}, later.Add(-time.Hour)); err != nil {
			t.Fatal(err)
		}
		if _, ok, _ := ups.TakeUpload(ctx, "old", up.Kind, up.Actor, time.Time{}); ok {
			t.Error("an expired upload was kept")
		}
	})
}
