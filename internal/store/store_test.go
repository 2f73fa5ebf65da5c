package store_test

import (
	"context"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/programme"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

func smallModel(t *testing.T) *programme.Model {
	t.Helper()
	f, err := os.Open("testdata/small.yaml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := programme.ReadFile("small.yaml", f)
	if err != nil {
		t.Fatalf("read small.yaml: %v %v", err, perspectief.ErrorDetails(err))
	}
	return m
}

func TestModelRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		empty, err := db.Programmes().Model(ctx)
		if err != nil || len(empty.Goals) != 0 || empty.Name != "" {
			t.Fatalf("new database: model %+v, err %v; want empty", empty, err)
		}
		m := smallModel(t)
		if err := db.Programmes().ReplaceModel(ctx, m, "tester@example.nl"); err != nil {
			t.Fatal(err)
		}
		got, err := db.Programmes().Model(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, m) {
			t.Errorf("model read back differs:\n got %+v\nwant %+v", got, m)
		}
		if got.Goals[4].Code != "O1" || !reflect.DeepEqual(got.Goals[4].Parents, []string{"T1", "T2"}) {
			t.Errorf("O1 links = %v, want [T1 T2]", got.Goals[4].Parents)
		}
		if got.Budget.Allocated[0].Amounts[2024] != 300.5 {
			t.Errorf("budget amount = %v, want 300.5", got.Budget.Allocated[0].Amounts[2024])
		}
		log, err := db.Accounts().AuditLog(ctx, 10, 0)
		if err != nil || len(log) != 1 || log[0].Action != "ingelezen" || log[0].Actor != "tester@example.nl" || !strings.Contains(log[0].After, "Regelingenwoud") {
			t.Errorf("audit after import = %+v, %v", log, err)
		}
	})
}

func TestReplaceKeepsHistory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		m := smallModel(t)
		if err := db.Programmes().ReplaceModel(ctx, m, "a"); err != nil {
			t.Fatal(err)
		}
		u := &programme.Update{Intervention: "I1", Period: perspectief.Period{Year: 2025, Tertial: 2}, Status: programme.StatusBehind,
			Narrative: "vertraagd", Concerns: "geen personeel", Author: "pl@example.nl", CreatedAt: time.Date(2025, 8, 1, 10, 0, 0, 0, time.UTC),
			Values: []programme.ResultValue{{Result: "R1", Value: "12"}}}
		if err := db.Programmes().AddUpdate(ctx, u); err != nil {
			t.Fatal(err)
		}
		if err := db.Programmes().AddComment(ctx, &programme.Comment{TargetKind: "doel", TargetCode: "O1", Text: "let op taal", Author: "e@x.nl", AuthorRole: "ervaringsdeskundige", CreatedAt: time.Now()}); err != nil {
			t.Fatal(err)
		}
		m.Interventions = m.Interventions[1:] // the new programme drops I1
		if err := db.Programmes().ReplaceModel(ctx, m, "a"); err != nil {
			t.Fatal(err)
		}
		ups, err := db.Programmes().Updates(ctx)
		if err != nil || len(ups) != 1 || ups[0].Intervention != "I1" || ups[0].Values[0].Value != "12" || ups[0].Period.String() != "2025-T2" {
			t.Fatalf("updates after replace = %+v, %v; want the I1 update kept", ups, err)
		}
		cs, err := db.Programmes().Comments(ctx, "doel", "O1")
		if err != nil || len(cs) != 1 || cs[0].Text != "let op taal" {
			t.Fatalf("comments = %+v, %v", cs, err)
		}
	})
}

func TestSaveInterventionAudited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		m := smallModel(t)
		if err := db.Programmes().ReplaceModel(ctx, m, "a"); err != nil {
			t.Fatal(err)
		}
		before := m.Interventions[0]
		after := before
		after.Canvas.Objective = "Nieuw doel"
		after.Canvas.Results = []programme.Result{{Code: "R9", Description: "Nieuw resultaat"}}
		if err := db.Programmes().SaveIntervention(ctx, before, after, "pl@example.nl"); err != nil {
			t.Fatal(err)
		}
		got, _ := db.Programmes().Model(ctx)
		if got.Interventions[0].Canvas.Objective != "Nieuw doel" || len(got.Interventions[0].Canvas.Results) != 1 {
			t.Errorf("canvas not saved: %+v", got.Interventions[0].Canvas)
		}
		log, _ := db.Accounts().AuditLog(ctx, 1, 0)
		if len(log) != 1 || log[0].Entity != "canvas" || !strings.Contains(log[0].Before, "Minder en eenvoudiger") || !strings.Contains(log[0].After, "Nieuw doel") {
			t.Errorf("audit = %+v; want before and after of the canvas", log)
		}
		missing := after
		missing.Code = "NOPE"
		if err := db.Programmes().SaveIntervention(ctx, missing, missing, "x"); perspectief.ErrorCode(err) != perspectief.CodeNotFound {
			t.Errorf("saving an unknown intervention: %v, want not found", err)
		}
	})
}

func TestAccounts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := account.NewService(db.Accounts())
		u, err := svc.AddUser(ctx, "Anna@Example.nl", "Anna", account.RoleTeam, "een lang wachtwoord", "cli")
		if err != nil {
			t.Fatal(err)
		}
		if u.Email != "anna@example.nl" {
			t.Errorf("email stored as %q, want lower case", u.Email)
		}
		if _, err := svc.AddUser(ctx, "anna@example.nl", "", account.RoleReader, "een lang wachtwoord", "cli"); perspectief.ErrorCode(err) != perspectief.CodeConflict {
			t.Errorf("duplicate account: %v, want conflict", err)
		}
		secret, _, err := svc.Login(ctx, "anna@example.nl", "een lang wachtwoord", "127.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		_, who, err := svc.SessionUser(ctx, secret)
		if err != nil || who.Email != "anna@example.nl" || who.Role != account.RoleTeam {
			t.Fatalf("session user = %+v, %v", who, err)
		}
		if err := svc.Logout(ctx, secret); err != nil {
			t.Fatal(err)
		}
		if _, _, err := svc.SessionUser(ctx, secret); perspectief.ErrorCode(err) != perspectief.CodeUnauthorized {
			t.Errorf("session after logout: %v, want unauthorized", err)
		}
		tok, rec, err := svc.CreateToken(ctx, "anna@example.nl", "script", "cli")
		if err != nil {
			t.Fatal(err)
		}
		if who, err := svc.TokenUser(ctx, tok); err != nil || who.Email != "anna@example.nl" {
			t.Fatalf("token user = %+v, %v", who, err)
		}
		if err := db.Accounts().RevokeToken(ctx, u.ID, rec.ID, "anna@example.nl"); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.TokenUser(ctx, tok); perspectief.ErrorCode(err) != perspectief.CodeUnauthorized {
			t.Errorf("revoked token: %v, want unauthorized", err)
		}
		toks, _ := db.Accounts().Tokens(ctx, u.ID)
		if len(toks) != 1 || toks[0].RevokedAt == nil || toks[0].Hash == tok {
			t.Errorf("tokens = %+v; want one revoked token stored as a hash", toks)
		}
	})
}

func TestConcurrentUpdates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := db.Programmes().ReplaceModel(ctx, smallModel(t), "a"); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errs := make(chan error, 20)
		for i := 0; i < 20; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs <- db.Programmes().AddUpdate(ctx, &programme.Update{Intervention: "I2", Period: perspectief.Period{Year: 2025, Tertial: 1}, Status: programme.StatusOnTrack, Narrative: "ok", Author: "x", CreatedAt: time.Now()})
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		ups, _ := db.Programmes().Updates(ctx)
		if len(ups) != 20 {
			t.Errorf("%d updates stored, want 20", len(ups))
		}
	})
}

func TestBackup(t *testing.T) {
	ctx := context.Background()
	db := storetest.SQLite(t)
	if err := db.Programmes().ReplaceModel(ctx, smallModel(t), "a"); err != nil {
		t.Fatal(err)
	}
	dest := t.TempDir() + "/copy.db"
	if err := db.Backup(ctx, dest); err != nil {
		t.Fatal(err)
	}
	if err := db.Backup(ctx, dest); err == nil {
		t.Error("backup over an existing file succeeded; want refusal")
	}
	cp, err := store.Open(ctx, dest)
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	if cp.Created {
		t.Error("the copy has no schema")
	}
	m, err := cp.Programmes().Model(ctx)
	if err != nil || m.Name != "Klein testprogramma" || len(m.Interventions) != 2 {
		t.Errorf("copy holds %+v, %v", m, err)
	}
}

func TestReopenDoesNotMigrateAgain(t *testing.T) {
	ctx := context.Background()
	path := t.TempDir() + "/p.db"
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if !db.Created {
		t.Error("first open: Created = false")
	}
	db.Close()
	db, err = store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if db.Created {
		t.Error("second open: Created = true; migrations ran twice")
	}
}

func TestPoolStats(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := db.Programmes().ReplaceModel(ctx, smallModel(t), "a"); err != nil {
			t.Fatal(err)
		}
		st := db.PoolStats()
		if st.Open < 1 || st.InUse != 0 || st.Idle != st.Open {
			t.Errorf("after the work is done: %+v; want an open, idle connection and none in use", st)
		}
		if db.Dialect() == "postgres" && st.MaxOpen != 16 {
			t.Errorf("postgres pool limit %d, want 16", st.MaxOpen)
		}
	})
}
