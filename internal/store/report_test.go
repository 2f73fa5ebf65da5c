package store_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/report"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

func TestReportNarratives(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		at := time.Date(2025, 5, 1, 10, 0, 0, 123456789, time.UTC)
		text := func(version int, s, by string) report.Narrative {
			return report.Narrative{Year: 2024, Chapter: report.Trends, Text: s, Version: version, UpdatedAt: at.Add(time.Duration(version) * time.Hour), UpdatedBy: by}
		}
		if err := db.Reports().SaveNarrative(ctx, text(1, "Eerste tekst", "team@example.nl")); err != nil {
			t.Fatal(err)
		}
		// Someone who opened the empty chapter earlier must not overwrite it.
		if err := db.Reports().SaveNarrative(ctx, text(1, "Ander", "b@example.nl")); perspectief.ErrorCode(err) != perspectief.CodeConflict {
			t.Errorf("save over an unseen text: %v, want conflict", err)
		}
		second := text(2, "Tweede tekst", "admin@example.nl")
		if err := db.Reports().SaveNarrative(ctx, second); err != nil {
			t.Fatalf("save on the current version: %v", err)
		}
		// Nor may someone who opened the older version, even at the same moment.
		stale := text(2, "Ander", "b@example.nl")
		if err := db.Reports().SaveNarrative(ctx, stale); perspectief.ErrorCode(err) != perspectief.CodeConflict {
			t.Errorf("save on an old version: %v, want conflict", err)
		}
		if err := db.Reports().SaveNarrative(ctx, report.Narrative{Year: 2025, Chapter: report.Trends, Text: "Ander jaar", Version: 1, UpdatedAt: at, UpdatedBy: "x"}); err != nil {
			t.Fatal(err)
		}
		got, err := db.Reports().Narratives(ctx, 2024)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].Text != "Tweede tekst" || got[0].Version != 2 || got[0].UpdatedBy != "admin@example.nl" || !got[0].UpdatedAt.Equal(second.UpdatedAt) {
			t.Errorf("2024 texts: %+v", got)
		}
		log, err := db.Accounts().AuditLog(ctx, 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		var changed bool
		for _, ev := range log {
			if ev.Entity == "rapporttekst" && ev.Key == "2024/trends" && ev.Action == "gewijzigd" && ev.Actor == "admin@example.nl" &&
				strings.Contains(ev.Before, "Eerste tekst") && strings.Contains(ev.After, "Tweede tekst") {
				changed = true
			}
		}
		if !changed {
			t.Errorf("no audit event for the change with before and after: %+v", log)
		}
	})
}

func TestReportDossiers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		at := time.Date(2025, 5, 1, 10, 0, 0, 0, time.UTC)
		pdf := append([]byte("%PDF-1.4\x00\xff\xfe binary"), make([]byte, 300000)...)
		d1 := &report.Dossier{Year: 2024, Version: 1, Note: "Aan de raad", CreatedAt: at, CreatedBy: "team@example.nl",
			HTML: []byte("<!doctype html><p>één</p>"), PDF: pdf, Snapshot: []byte(`{"jaar":2024}`), OpenData: []byte("PK\x03\x04zip"),
			HTMLSHA256: "h", PDFSHA256: "p", SnapshotSHA256: "s", OpenDataSHA256: "o"}
		if err := db.Reports().SaveDossier(ctx, d1); err != nil {
			t.Fatal(err)
		}
		if d1.ID == 0 {
			t.Error("no id")
		}
		d2 := &report.Dossier{Year: 2024, Version: 2, CreatedAt: at.Add(time.Hour), CreatedBy: "admin@example.nl", HTML: []byte("v2"), Snapshot: []byte("{}"), OpenData: []byte("z")}
		if err := db.Reports().SaveDossier(ctx, d2); err != nil {
			t.Fatal(err)
		}
		dup := *d2
		if err := db.Reports().SaveDossier(ctx, &dup); perspectief.ErrorCode(err) != perspectief.CodeConflict {
			t.Errorf("the same version twice: %v, want conflict", err)
		}
		list, err := db.Reports().Dossiers(ctx, 2024)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 || list[0].Version != 2 || list[1].Note != "Aan de raad" || list[1].HTML != nil || !list[1].HasPDF() || list[0].HasPDF() {
			t.Errorf("list (newest first, without files): %+v", list)
		}
		if all, _ := db.Reports().Dossiers(ctx, 0); len(all) != 2 {
			t.Errorf("all years: %d dossiers", len(all))
		}
		if none, _ := db.Reports().Dossiers(ctx, 2023); len(none) != 0 {
			t.Errorf("2023: %d dossiers", len(none))
		}
		got, err := db.Reports().Dossier(ctx, 2024, 1)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.HTML, d1.HTML) || !bytes.Equal(got.PDF, pdf) || !bytes.Equal(got.Snapshot, d1.Snapshot) || !bytes.Equal(got.OpenData, d1.OpenData) ||
			got.CreatedBy != d1.CreatedBy || !got.CreatedAt.Equal(at) || got.HTMLSHA256 != "h" || got.OpenDataSHA256 != "o" {
			t.Errorf("dossier read back differs: %+v", got)
		}
		if got2, _ := db.Reports().Dossier(ctx, 2024, 2); got2 == nil || got2.PDF != nil {
			t.Errorf("dossier without a PDF reads back with one: %+v", got2)
		}
		if _, err := db.Reports().Dossier(ctx, 2024, 3); perspectief.ErrorCode(err) != perspectief.CodeNotFound {
			t.Errorf("missing dossier: %v", err)
		}
		log, _ := db.Accounts().AuditLog(ctx, 10, 0)
		n := 0
		for _, ev := range log {
			if ev.Entity == "raadsdossier" && ev.Action == "vastgelegd" {
				n++
			}
		}
		if n != 2 {
			t.Errorf("%d audit events for 2 dossiers", n)
		}
	})
}
