package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/procesmonitor"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

// TestLedgerMappingAndPreview: a file in the codes of the financial
// administration is previewed with its unmapped code listed, the code is
// mapped on the spot, and the confirmed file stores bookings with their
// item, intervention and code, audited; the mapping itself is kept, changed
// and removed with audit rows, on both databases.
func TestLedgerMappingAndPreview(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := pmService(t, db)
		if err := s.SaveLedgerCodes(ctx, pmReader, []procesmonitor.LedgerInput{{Code: "6340100", Target: "L2.1"}}); perspectief.ErrorCode(err) != perspectief.CodeForbidden {
			t.Fatalf("a reader maps a code: %v", err)
		}
		audits := auditCount(t, db)
		if err := s.SaveLedgerCodes(ctx, pmTeam, []procesmonitor.LedgerInput{
			{Code: "6340100", Target: "L2.1", Intervention: "L2-01", Note: "schuldhulp"},
			{Code: "KP1", Target: "L9"},
		}); perspectief.ErrorCode(err) != perspectief.CodeInvalid || len(perspectief.ErrorFields(err)) != 1 || perspectief.ErrorFields(err)[0].Path != "codes[1].bestemming" {
			t.Fatalf("one bad mapping: %v %v", err, perspectief.ErrorFields(err))
		}
		if cs, _ := s.LedgerCodes(ctx); len(cs) != 0 || auditCount(t, db) != audits {
			t.Fatalf("a refused batch stored %v", cs)
		}
		if err := s.SaveLedgerCodes(ctx, pmTeam, []procesmonitor.LedgerInput{{Code: "6340100", Target: "L2.1", Intervention: "L2-01", Note: "schuldhulp"}}); err != nil {
			t.Fatal(err)
		}
		file := "boekdatum,lijn_of_post,bedrag,omschrijving,referentie\n" +
			"2025-03-01,6340100,1000,Training,GB-1\n" +
			"2025-03-02,kp4410/6340900,250.50,Zaal,GB-2\n" +
			"2025-03-03,L1.2,10,Pas,GB-3\n"
		p, err := s.PreviewSpending(ctx, pmTeam, "grootboek.csv", []byte(file))
		if err != nil {
			t.Fatal(err, perspectief.ErrorDetails(err))
		}
		if p.Ready() || len(p.Unmapped) != 1 || p.Unmapped[0].Code != "KP4410/6340900" || p.Unmapped[0].Lines[0] != 3 || p.Added != 2 || p.Rows != 3 {
			t.Fatalf("preview: %+v", p)
		}
		if _, err := s.ConfirmSpending(ctx, pmTeam, p.Token); perspectief.ErrorCode(err) != perspectief.CodeInvalid ||
			!strings.Contains(strings.Join(perspectief.ErrorDetails(err), "\n"), "grootboek.csv:3: lijn_of_post") {
			t.Fatalf("confirming with an unmapped code: %v %v", err, perspectief.ErrorDetails(err))
		}
		if bs, _ := db.Procesmonitor().Bookings(ctx, 0); len(bs) != 0 {
			t.Fatalf("refused file stored %d bookings", len(bs))
		}
		p, err = s.PreviewSpending(ctx, pmTeam, "grootboek.csv", []byte(file))
		if err != nil {
			t.Fatal(err)
		}
		// Map the kostenplaats: the combined code follows it.
		p, err = s.MapAndPreview(ctx, pmTeam, p.Token, []procesmonitor.LedgerInput{{Code: "KP4410", Target: "L2"}})
		if err != nil || !p.Ready() || p.Added != 3 {
			t.Fatalf("after mapping: %+v %v", p, err)
		}
		if _, err := s.MapAndPreview(ctx, pmTeam, "used-or-wrong", nil); perspectief.ErrorCode(err) != perspectief.CodeConflict {
			t.Fatalf("unknown token: %v", err)
		}
		res, err := s.ConfirmSpending(ctx, pmTeam, p.Token)
		if err != nil || res.Added != 3 {
			t.Fatalf("confirm: %+v %v", res, err)
		}
		if _, err := s.ConfirmSpending(ctx, pmTeam, p.Token); perspectief.ErrorCode(err) != perspectief.CodeConflict {
			t.Fatalf("second confirmation: %v", err)
		}
		bs, _ := db.Procesmonitor().Bookings(ctx, 2025)
		got := map[string]procesmonitor.Booking{}
		for _, b := range bs {
			got[b.Reference] = b
		}
		if b := got["GB-1"]; b.Target != "L2.1" || b.Intervention != "L2-01" || b.Code != "6340100" || b.Cents != 100000 {
			t.Errorf("GB-1: %+v", b)
		}
		if b := got["GB-2"]; b.Target != "L2" || b.Intervention != "" || b.Code != "KP4410/6340900" {
			t.Errorf("GB-2: %+v", b)
		}
		if b := got["GB-3"]; b.Target != "L1.2" || b.Code != "" {
			t.Errorf("GB-3: %+v", b)
		}
		per, err := s.SpendingPerIntervention(ctx, 2025)
		if err != nil || len(per) != 2 || per[0].Intervention != "L2-01" || per[0].Cents != 100000 || per[1].Intervention != "" || per[1].Cents != 26050 {
			t.Fatalf("per intervention: %+v %v", per, err)
		}
		// Change and remove, audited; removing keeps the bookings.
		audits = auditCount(t, db)
		if err := s.SaveLedgerCodes(ctx, pmTeam, []procesmonitor.LedgerInput{{Code: "6340100", Target: "L2.2", Note: "schuldhulp"}}); err != nil {
			t.Fatal(err)
		}
		if c, err := s.LedgerCode(ctx, "6340100"); err != nil || c.Target != "L2.2" || c.Intervention != "" || c.Actor != pmTeam.Email {
			t.Fatalf("changed: %+v %v", c, err)
		}
		if err := s.DeleteLedgerCode(ctx, pmTeam, "kp4410"); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteLedgerCode(ctx, pmTeam, "KP4410"); perspectief.ErrorCode(err) != perspectief.CodeNotFound {
			t.Fatalf("removing twice: %v", err)
		}
		if n := auditCount(t, db); n != audits+2 {
			t.Fatalf("%d audit rows, want 2", n-audits)
		}
		if bs, _ := db.Procesmonitor().Bookings(ctx, 0); len(bs) != 3 {
			t.Fatalf("removing a mapping changed bookings: %d", len(bs))
		}
	})
}
