package eligibility

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
)

// auditLog keeps the audit events in memory; fail makes every write fail.
type auditLog struct {
	events []account.AuditEvent
	fail   error
}

func (l *auditLog) Audit(_ context.Context, e account.AuditEvent) error {
	if l.fail != nil {
		return l.fail
	}
	l.events = append(l.events, e)
	return nil
}

// outreachFiles writes a panel of six single households at 90..125 % of
// the social minimum (h4 uses the Stadjerspas) and returns the input for a
// list of the Stadjerspas and the panel's bytes.
func outreachFiles(t *testing.T) (OutreachInput, []byte) {
	t.Helper()
	dir := t.TempDir()
	norm, _ := DefaultNorm(2025, "alleenstaand", false, 0)
	var b strings.Builder
	b.WriteString(panelHeader + "\n")
	for i, pct := range []float64{90, 105, 115, 125, 110, 95} {
		fmt.Fprintf(&b, "2025,h%d,BU001401%02d,alleenstaand,1,0,0,werk,%.2f,\n", i, i, pct/100*norm)
	}
	in := OutreachInput{Code: "stadjerspas", Panel: filepath.Join(dir, "panel.csv"), Usage: filepath.Join(dir, "gebruik.csv"),
		Out: filepath.Join(dir, "lijst.csv"), Proof: "api-token"}
	if err := os.WriteFile(in.Panel, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(in.Usage, []byte("jaar,huishouden,regeling\n2025,h4,stadjerspas\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return in, []byte(b.String())
}

func outreachService(t *testing.T, log *auditLog) *Service {
	t.Helper()
	set, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	return &Service{Base: set, Audit: log, Now: time.Now}
}

func TestOutreachRefusedWritesNothing(t *testing.T) {
	for _, role := range []account.Role{account.RoleReader, account.RoleExpert, account.RoleProjectLeader} {
		log := &auditLog{}
		in, _ := outreachFiles(t)
		_, err := outreachService(t, log).Outreach(context.Background(), account.User{Email: "x@gemeente.nl", Role: role}, in)
		if perspectief.ErrorCode(err) != perspectief.CodeForbidden {
			t.Errorf("%s: err = %v, want forbidden", role, err)
		}
		if len(log.events) != 0 {
			t.Errorf("%s: audit records %+v after a refusal", role, log.events)
		}
		if _, err := os.Stat(in.Out); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s: list written after a refusal: %v", role, err)
		}
	}
}

func TestOutreachWritesListWithItsAuditRecord(t *testing.T) {
	log := &auditLog{}
	in, panel := outreachFiles(t)
	tot := 112.0
	in.Filter.Tot = &tot
	svc := outreachService(t, log)
	actor := account.User{Email: "team@gemeente.nl", Role: account.RoleTeam}
	rec, err := svc.Outreach(context.Background(), actor, in)
	if err != nil {
		t.Fatal(err)
	}
	list, err := os.ReadFile(in.Out)
	if err != nil {
		t.Fatal(err)
	}
	// Entitled up to 120 %, within ..112 %, not using it: h0 (90), h1 (105), h5 (95); h4 uses it.
	if got := string(list); got != "huishouden,buurt\nh0,BU00140100\nh1,BU00140101\nh5,BU00140105\n" {
		t.Errorf("list:\n%s", got)
	}
	if len(log.events) != 1 {
		t.Fatalf("audit events: %+v, want one", log.events)
	}
	e := log.events[0]
	if e.Actor != actor.Email || e.Action != "uitnodigingslijst" || e.Key != "stadjerspas" {
		t.Errorf("audit event %+v", e)
	}
	var stored OutreachAudit
	if err := json.Unmarshal([]byte(e.After), &stored); err != nil {
		t.Fatal(err)
	}
	day := time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
	sc, ok := svc.Base.Version("stadjerspas", stored.Versie)
	if !ok || sc.Valid.From.After(day) {
		t.Errorf("audit names rule version %q, which does not decide on %s", stored.Versie, day.Format("2006-01-02"))
	}
	sum := sha256.Sum256(panel)
	if stored.Rijen != 3 || stored.Jaar != 2025 || stored.Peildatum != "2025-12-31" || stored.PanelSHA256 != hex.EncodeToString(sum[:]) ||
		stored.Filters["tot"] != "112" || stored.Bewijs != "api-token" || stored.Out != in.Out {
		t.Errorf("audit record %+v", stored)
	}
	if got, _ := json.Marshal(rec); string(got) != e.After {
		t.Errorf("returned record %+v differs from the stored %+v", *rec, stored)
	}
	for _, id := range []string{"h0", "h1", "h5"} {
		if strings.Contains(e.After, `"`+id+`"`) {
			t.Errorf("audit record carries household id %s: %s", id, e.After)
		}
	}
}

func TestOutreachWithoutAuditLeavesNoList(t *testing.T) {
	log := &auditLog{fail: errors.New("database gone")}
	in, _ := outreachFiles(t)
	_, err := outreachService(t, log).Outreach(context.Background(), account.User{Email: "b@gemeente.nl", Role: account.RoleAdmin}, in)
	if err == nil || !strings.Contains(err.Error(), "database gone") {
		t.Errorf("err = %v", err)
	}
	if _, err := os.Stat(in.Out); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("list written without its audit record: %v", err)
	}
}
