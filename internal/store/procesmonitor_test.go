package store_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/procesmonitor"
	"github.com/perspectief/perspectief/internal/programme"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

var (
	pmTeam   = account.User{Email: "team@example.org", Role: account.RoleTeam}
	pmLeader = account.User{Email: "projectleider@demo.perspectief.nl", Role: account.RoleProjectLeader}
	pmReader = account.User{Email: "lezer@example.org", Role: account.RoleReader}
)

func pmService(t *testing.T, db *store.DB) *procesmonitor.Service {
	t.Helper()
	m, err := programme.ReadFile("groningen.yaml", bytes.NewReader(programme.GroningenFile()))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Programmes().ReplaceModel(context.Background(), m, "test"); err != nil {
		t.Fatal(err)
	}
	s := procesmonitor.NewService(db.Procesmonitor(), db.Programmes())
	s.Now = func() time.Time { return time.Date(2025, 6, 16, 10, 0, 0, 0, time.UTC) }
	return s
}

func auditCount(t *testing.T, db *store.DB) int {
	t.Helper()
	evs, err := db.Accounts().AuditLog(context.Background(), 10000, 0)
	if err != nil {
		t.Fatal(err)
	}
	return len(evs)
}

func TestBudgetRowFieldsStored(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		pmService(t, db)
		m, err := db.Programmes().Model(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		pok, cut, wijk := m.Budget.Available[1], m.Budget.Available[3], m.Budget.Allocated[3]
		if pok.To != 2027 || pok.Structural != nil || cut.From != 2027 || cut.Structural == nil || *cut.Structural != -900 {
			t.Errorf("sources lost their period or structural amount: %+v, %+v", pok, cut)
		}
		if wijk.Code != "L2.1" || wijk.Structural == nil || *wijk.Structural != 350 {
			t.Errorf("item lost its code or structural amount: %+v", wijk)
		}
	})
}

func TestSpendingImport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := pmService(t, db)
		file := "boekdatum,lijn_of_post,bedrag,omschrijving,referentie\n" +
			"2025-01-31,L1.2,25000,Kindpassen januari,FA-001\n" +
			"2025-02-28,L2.1,\"59166,67\",Subsidie WIJ februari,FA-002\n" +
			"2025-03-03,L2,-100,Correctie,FA-003\n"
		if _, err := s.ImportBookings(ctx, pmReader, "export.csv", strings.NewReader(file)); perspectief.ErrorCode(err) != perspectief.CodeForbidden {
			t.Fatalf("a lezer imported: %v", err)
		}
		if _, err := s.ImportBookings(ctx, pmLeader, "export.csv", strings.NewReader(file)); perspectief.ErrorCode(err) != perspectief.CodeForbidden {
			t.Fatalf("a projectleider imported: %v", err)
		}
		before := auditCount(t, db)
		res, err := s.ImportBookings(ctx, pmTeam, "export.csv", strings.NewReader(file))
		if err != nil || res.Added != 3 || res.Known != 0 {
			t.Fatalf("first import: %+v %v %v", res, err, perspectief.ErrorDetails(err))
		}
		if n := auditCount(t, db); n != before+1 {
			t.Errorf("%d audit events for one import, want 1", n-before)
		}
		bs, _ := db.Procesmonitor().Bookings(ctx, 2025)
		if len(bs) != 3 || bs[1].Cents != 5916667 || bs[1].Target != "L2.1" || bs[2].Cents != -10000 {
			t.Fatalf("stored %+v", bs)
		}

		// The same export again, and with one new line: only that is added.
		audits := auditCount(t, db)
		res, err = s.ImportBookings(ctx, pmTeam, "export.csv", strings.NewReader(file))
		if err != nil || res.Added != 0 || res.Known != 3 {
			t.Fatalf("second import: %+v %v", res, err)
		}
		if imps, _ := db.Procesmonitor().Imports(ctx); len(imps) != 1 || auditCount(t, db) != audits {
			t.Errorf("importing the same export again changed something: %d imports, %d new audit events", len(imps), auditCount(t, db)-audits)
		}
		res, err = s.ImportBookings(ctx, pmTeam, "export2.csv", strings.NewReader(file+"2025-04-01,ORG,10,Zaalhuur,FA-004\n"))
		if err != nil || res.Added != 1 || res.Known != 3 {
			t.Fatalf("third import: %+v %v", res, err)
		}

		// A reference that comes back with another amount refuses the file.
		changed := strings.Replace(file, "25000", "25001", 1) + "2025-04-02,ORG,10,Nieuw,FA-005\n"
		_, err = s.ImportBookings(ctx, pmTeam, "fout.csv", strings.NewReader(changed))
		if perspectief.ErrorCode(err) != perspectief.CodeInvalid || !strings.Contains(strings.Join(perspectief.ErrorDetails(err), "\n"), `fout.csv:2: referentie: "FA-001" is al ingelezen met andere gegevens`) {
			t.Fatalf("changed booking: %v %v", err, perspectief.ErrorDetails(err))
		}
		if bs, _ := db.Procesmonitor().Bookings(ctx, 0); len(bs) != 4 {
			t.Errorf("%d bookings after a refused file, want 4", len(bs))
		}

		imps, _ := db.Procesmonitor().Imports(ctx)
		if len(imps) != 2 || imps[0].File != "export2.csv" || imps[0].Added != 1 || imps[0].Known != 3 || imps[0].Actor != pmTeam.Email || imps[0].Synthetic {
			t.Errorf("imports %+v", imps)
		}
		if syn, _ := s.Synthetic(ctx); syn {
			t.Error("real imports are reported as synthetic")
		}
		if _, err := s.ImportSynthetic(ctx, pmTeam, "demo.csv", strings.NewReader("boekdatum,lijn_of_post,bedrag,omschrijving,referentie\n2024-05-01,L1.1,1,,DEMO-1\n")); err != nil {
			t.Fatal(err)
		}
		if syn, _ := s.Synthetic(ctx); !syn {
			t.Error("the synthetic import is not reported")
		}

		// The overview counts the bookings.
		_, o, err := s.Overview(ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		f, _ := o.Programme.FiguresOf(2025)
		if want := (2500000 + 5916667 - 10000 + 1000) / 100000.0; f.Spent != want {
			t.Errorf("2025 spent %v, want %v", f.Spent, want)
		}
	})
}

func TestCommitmentsStored(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := pmService(t, db)
		in := []procesmonitor.CommitmentInput{{Target: "l1.2", Amount: "200000"}, {Target: "L2.1", Amount: "650000,50"}, {Target: "L3.1", Amount: ""}}
		if err := s.SetCommitments(ctx, pmLeader, 2025, in); perspectief.ErrorCode(err) != perspectief.CodeForbidden {
			t.Fatalf("a projectleider set commitments: %v", err)
		}
		before := auditCount(t, db)
		if err := s.SetCommitments(ctx, pmTeam, 2025, in); err != nil {
			t.Fatal(err)
		}
		if n := auditCount(t, db) - before; n != 2 {
			t.Errorf("%d audit events, want 2 (one per changed amount)", n)
		}
		// Changing one and clearing another.
		if err := s.SetCommitments(ctx, pmTeam, 2025, []procesmonitor.CommitmentInput{{Target: "L1.2", Amount: "210000"}, {Target: "L2.1", Amount: "0"}}); err != nil {
			t.Fatal(err)
		}
		cs, _ := db.Procesmonitor().Commitments(ctx)
		if len(cs) != 1 || cs[0].Target != "L1.2" || cs[0].Cents != 21000000 || cs[0].Actor != pmTeam.Email {
			t.Errorf("commitments %+v, want only L1.2 at 210.000", cs)
		}
		err := s.SetCommitments(ctx, pmTeam, 2025, []procesmonitor.CommitmentInput{{Target: "L9", Amount: "1"}, {Target: "L1.1", Amount: "-5"}, {Target: "L1.3", Amount: "12,345"}})
		if d := strings.Join(perspectief.ErrorDetails(err), "\n"); !strings.Contains(d, "L9: geen post") || !strings.Contains(d, "L1.1: een vastgelegd bedrag kan niet negatief zijn") || !strings.Contains(d, "L1.3:") {
			t.Errorf("bad commitments: %v\n%s", err, d)
		}
		if err := s.SetCommitments(ctx, pmTeam, 2031, nil); perspectief.ErrorCode(err) != perspectief.CodeInvalid {
			t.Errorf("a year outside the budget was accepted: %v", err)
		}
	})
}

func TestMilestonesStored(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := pmService(t, db)
		in := procesmonitor.MilestoneInput{Title: "Eerste brief herschreven", Due: "2025-06-30", Owner: "Lotte Leider", Status: "bezig"}
		// L1-01 belongs to the demo projectleider, L3-01 to nobody.
		if _, err := s.AddMilestone(ctx, pmLeader, "L3-01", in); perspectief.ErrorCode(err) != perspectief.CodeForbidden {
			t.Fatalf("projectleider planned someone else's intervention: %v", err)
		}
		if _, err := s.AddMilestone(ctx, pmReader, "L1-01", in); perspectief.ErrorCode(err) != perspectief.CodeForbidden {
			t.Fatalf("lezer planned: %v", err)
		}
		if _, err := s.AddMilestone(ctx, pmTeam, "L9-99", in); perspectief.ErrorCode(err) != perspectief.CodeNotFound {
			t.Fatalf("unknown intervention: %v", err)
		}
		before := auditCount(t, db)
		m, err := s.AddMilestone(ctx, pmLeader, "L1-01", in)
		if err != nil {
			t.Fatal(err)
		}
		in.Status, in.Due = "gereed", "2025-06-10"
		if _, err := s.UpdateMilestone(ctx, pmTeam, "L1-01", m.ID, in); err != nil {
			t.Fatal(err)
		}
		if _, err := s.UpdateMilestone(ctx, pmTeam, "L2-01", m.ID, in); perspectief.ErrorCode(err) != perspectief.CodeNotFound {
			t.Errorf("a milestone changed through another intervention: %v", err)
		}
		got, _ := s.Milestones(ctx, "L1-01")
		if len(got) != 1 || got[0].Status != procesmonitor.StatusDone || got[0].Due.Format("2006-01-02") != "2025-06-10" || got[0].Actor != pmTeam.Email {
			t.Fatalf("milestones %+v", got)
		}
		if _, err := s.AddMilestone(ctx, pmTeam, "L1-01", procesmonitor.MilestoneInput{Title: "x", Due: "gisteren"}); perspectief.ErrorCode(err) != perspectief.CodeInvalid {
			t.Errorf("bad milestone accepted: %v", err)
		}
		if err := s.DeleteMilestone(ctx, pmLeader, "L1-01", m.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Milestones(ctx, ""); len(got) != 0 {
			t.Errorf("milestone not deleted: %+v", got)
		}
		evs, _ := db.Accounts().AuditLog(ctx, 3, 0)
		if n := auditCount(t, db) - before; n != 3 || evs[0].Action != "verwijderd" || evs[1].Action != "gewijzigd" || !strings.Contains(evs[1].Before, `"status":"bezig"`) || !strings.Contains(evs[1].After, `"status":"gereed"`) {
			t.Errorf("%d audit events %+v, want added, changed (with before and after), removed", n, evs)
		}
	})
}

// TestMilestoneHistoryStored: adding a milestone and each change of its
// status or date is kept with when and by whom; a change of its title
// alone is not; the tertial's view reads it back.
func TestMilestoneHistoryStored(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := pmService(t, db)
		clock := time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)
		s.Now = func() time.Time { return clock }
		in := procesmonitor.MilestoneInput{Title: "Convenant getekend", Due: "2025-07-01", Owner: "Lotte Leider", Status: "gepland"}
		m, err := s.AddMilestone(ctx, pmLeader, "L1-01", in)
		if err != nil {
			t.Fatal(err)
		}
		other, err := s.AddMilestone(ctx, pmTeam, "L2-01", in)
		if err != nil {
			t.Fatal(err)
		}
		clock = clock.AddDate(0, 3, 0) // 3 June
		in.Status = "bezig"
		if _, err := s.UpdateMilestone(ctx, pmLeader, "L1-01", m.ID, in); err != nil {
			t.Fatal(err)
		}
		clock = clock.AddDate(0, 1, 0) // 3 July
		in.Title = "Convenant ondertekend"
		if _, err := s.UpdateMilestone(ctx, pmTeam, "L1-01", m.ID, in); err != nil {
			t.Fatal(err)
		}
		clock = clock.AddDate(0, 2, 0) // 3 September
		in.Status = "gereed"
		if _, err := s.UpdateMilestone(ctx, pmTeam, "L1-01", m.ID, in); err != nil {
			t.Fatal(err)
		}
		hs, err := s.MilestoneHistory(ctx, "L1-01")
		if err != nil {
			t.Fatal(err)
		}
		if len(hs) != 3 {
			t.Fatalf("history %+v, want added, bezig, gereed (not the title)", hs)
		}
		for i, want := range []struct {
			status procesmonitor.MilestoneStatus
			at     string
			actor  string
		}{{"gepland", "2025-03-03", pmLeader.Email}, {"bezig", "2025-06-03", pmLeader.Email}, {"gereed", "2025-09-03", pmTeam.Email}} {
			if h := hs[i]; h.Milestone != m.ID || h.Status != want.status || h.At.Format("2006-01-02") != want.at || h.Actor != want.actor || h.Due.Format("2006-01-02") != "2025-07-01" {
				t.Errorf("entry %d: %+v, want %v", i, h, want)
			}
		}
		if all, _ := s.MilestoneHistory(ctx, ""); len(all) != 4 {
			t.Errorf("history of all milestones: %d entries, want 4", len(all))
		}
		// At the end of T2 (31 August) the milestone was busy and late.
		at, err := s.MilestonesAt(ctx, time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		if len(at) != 2 || at[0].ID != m.ID || at[0].Status != procesmonitor.StatusBusy || !at[0].Late(time.Date(2025, 8, 31, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("milestones at the end of T2: %+v", at)
		}
		if before, _ := s.MilestonesAt(ctx, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)); len(before) != 0 {
			t.Errorf("milestones before they were added: %+v", before)
		}
		if err := s.DeleteMilestone(ctx, pmTeam, "L2-01", other.ID); err != nil {
			t.Fatal(err)
		}
		if all, _ := s.MilestoneHistory(ctx, ""); len(all) != 3 {
			t.Errorf("a removed milestone's history stays: %d entries, want 3", len(all))
		}
	})
}
