package indicator_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
	"github.com/perspectief/perspectief/internal/tabular"
)

// exposedTable is a trendmonitor table (spec output format) in which one
// sum gives a suppressed cell away: WK001401 = BU00140100 + BU00140101 +
// BU00140102, with only BU00140102 suppressed. The buurt with the fewest
// households behind its noemer (BU00140101, 30) is the one to hide.
const exposedTable = `indicator,jaar,niveau,gebied,groep,teller,noemer,waarde,onderdrukt
huishoudens_110,2024,gemeente,GM0014,totaal,11,74,14.864864864864865,0
huishoudens_110,2024,wijk,WK001401,totaal,11,74,14.864864864864865,0
huishoudens_110,2024,buurt,BU00140100,totaal,6,40,15,0
huishoudens_110,2024,buurt,BU00140101,totaal,5,30,16.666666666666668,0
huishoudens_110,2024,buurt,BU00140102,totaal,,,,1
`

// uncountedTable has the same exposed sum for minderjarigen_110, whose
// household counts no row of the table gives: the rule cannot choose.
const uncountedTable = `indicator,jaar,niveau,gebied,groep,teller,noemer,waarde,onderdrukt
minderjarigen_110,2024,wijk,WK001401,totaal,9,50,18,0
minderjarigen_110,2024,buurt,BU00140100,totaal,5,25,20,0
minderjarigen_110,2024,buurt,BU00140101,totaal,4,20,20,0
minderjarigen_110,2024,buurt,BU00140102,totaal,,,,1
`

const valuesCSV = "indicator,periode,gebied,groep,waarde,teller,noemer,marge,bron,toelichting\n" +
	"o3_vroegsignalen,2024-Q3,GM0014,totaal,3,,,,Eigen registratie,\n" +
	"o3_vroegsignalen,2024-Q4,GM0014,totaal,5,,,,Eigen registratie,\n" +
	"moeite_met_rondkomen,2024,GM0014,,14,,,,OIS,\n"

var (
	team   = account.User{Email: "team@example.nl", Role: account.RoleTeam}
	other  = account.User{Email: "ander@example.nl", Role: account.RoleTeam}
	reader = account.User{Email: "lezer@example.nl", Role: account.RoleReader}
)

func newService(t *testing.T) (*indicator.Service, *store.DB) {
	t.Helper()
	db := storetest.SQLite(t)
	return indicator.NewService(db.Indicators(), db.Trends(), db.Shapes()), db
}

func TestValuesUploadPreviewThenConfirm(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t)
	// One value is there already: the upload replaces it.
	if _, err := s.EnterValue(ctx, team, "o3_vroegsignalen", indicator.ValueInput{Period: "2024-Q3", Area: "GM0014", Value: "2", Source: "x"}); err != nil {
		t.Fatal(err)
	}
	plan, err := s.PreviewValues(ctx, team, "waarden.csv", []byte(valuesCSV))
	if err != nil {
		t.Fatalf("%v %v", err, perspectief.ErrorDetails(err))
	}
	if plan.Rows != 3 || plan.Added != 2 || plan.Replaced != 1 || len(plan.Indicators) != 2 || plan.Token == "" {
		t.Fatalf("plan = %+v", plan)
	}
	if ip := plan.Indicators[1]; ip.Code != "o3_vroegsignalen" || ip.Replaced != 1 || strings.Join(ip.Periods, " ") != "2024-Q3 2024-Q4" {
		t.Errorf("o3 plan = %+v", ip)
	}
	// The preview stored nothing.
	if vals := stored(t, s, "o3_vroegsignalen"); len(vals) != 1 || vals[0].Value != 2 {
		t.Fatalf("after preview: %+v", vals)
	}
	// Someone else cannot confirm this preview.
	if _, err := s.ConfirmValues(ctx, other, plan.Token); perspectief.ErrorCode(err) != perspectief.CodeConflict {
		t.Errorf("another user confirmed: %v", err)
	}
	if _, err := s.ConfirmValues(ctx, team, plan.Token); err != nil {
		t.Fatal(err)
	}
	if vals := stored(t, s, "o3_vroegsignalen"); len(vals) != 2 || vals[0].Value != 3 || vals[1].Value != 5 {
		t.Errorf("after confirm: %+v", vals)
	}
	// The token works once.
	if _, err := s.ConfirmValues(ctx, team, plan.Token); perspectief.ErrorCode(err) != perspectief.CodeConflict {
		t.Errorf("second confirm: %v", err)
	}
}

func stored(t *testing.T, s *indicator.Service, code string) []indicator.Value {
	t.Helper()
	vals, err := s.Store.StoredValues(context.Background(), indicator.ValueFilter{Indicator: code})
	if err != nil {
		t.Fatal(err)
	}
	return vals
}

func TestValuesUploadRefusals(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t)
	if _, err := s.PreviewValues(ctx, reader, "waarden.csv", []byte(valuesCSV)); perspectief.ErrorCode(err) != perspectief.CodeForbidden {
		t.Errorf("a reader previewed an upload: %v", err)
	}
	if _, err := s.ImportValuesFile(ctx, reader, "waarden.csv", []byte(valuesCSV)); perspectief.ErrorCode(err) != perspectief.CodeForbidden {
		t.Errorf("a reader imported: %v", err)
	}
	bad := valuesCSV + "o3_vroegsignalen,2024-Q1,GM9999,totaal,5,,,,x,\n"
	_, err := s.ImportValuesFile(ctx, team, "fout.csv", []byte(bad))
	if d := perspectief.ErrorDetails(err); perspectief.ErrorCode(err) != perspectief.CodeInvalid || len(d) != 1 || !strings.HasPrefix(d[0], "fout.csv:5: gebied: ") {
		t.Errorf("bad area: %v %q", err, d)
	}
	if vals := stored(t, s, "o3_vroegsignalen"); len(vals) != 0 {
		t.Errorf("a refused file stored %d values", len(vals))
	}
}

func TestValuesUploadXLSX(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t)
	vals, err := indicator.ReadValues("waarden.csv", strings.NewReader(valuesCSV+"huishoudens_110,2023,WK001401,totaal,onderdrukt,,,,Trendmonitor,\n"), mustRegister(t))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := tabular.WriteXLSX(&buf, indicator.ValuesTable(vals)); err != nil {
		t.Fatal(err)
	}
	plan, err := s.ImportValuesFile(ctx, team, "waarden.xlsx", buf.Bytes())
	if err != nil {
		t.Fatalf("%v %v", err, perspectief.ErrorDetails(err))
	}
	if plan.Rows != 4 || plan.Added != 4 {
		t.Errorf("plan = %+v", plan)
	}
	got := stored(t, s, "huishoudens_110")
	if len(got) != 1 || !got[0].Suppressed {
		t.Errorf("suppressed value from XLSX: %+v", got)
	}
	if got := stored(t, s, "moeite_met_rondkomen"); len(got) != 1 || got[0].Value != 14 || got[0].Source != "OIS" {
		t.Errorf("moeite_met_rondkomen from XLSX: %+v", got)
	}

	// A bad cell is named by its sheet row and column.
	vals[1].Area = "GM9999"
	buf.Reset()
	if err := tabular.WriteXLSX(&buf, indicator.ValuesTable(vals)); err != nil {
		t.Fatal(err)
	}
	_, err = s.ImportValuesFile(ctx, team, "fout.xlsx", buf.Bytes())
	if d := perspectief.ErrorDetails(err); len(d) != 1 || !strings.HasPrefix(d[0], "fout.xlsx:3: gebied: ") {
		t.Errorf("bad XLSX: %v %q", err, d)
	}
	_, err = s.ImportValuesFile(ctx, team, "kapot.xlsx", []byte("PK\x03\x04 no zip"))
	if perspectief.ErrorCode(err) != perspectief.CodeInvalid || !strings.Contains(strings.Join(perspectief.ErrorDetails(err), ""), "kapot.xlsx: geen leesbaar Excel-bestand") {
		t.Errorf("broken XLSX: %v %q", err, perspectief.ErrorDetails(err))
	}
}

func mustRegister(t *testing.T) *indicator.Register {
	reg, err := indicator.DefaultRegister()
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

func TestTrendUploadAppliesSecondarySuppression(t *testing.T) {
	ctx := context.Background()
	s, db := newService(t)
	plan, err := s.PreviewTrendTable(ctx, team, "cbs.csv", []byte(exposedTable))
	if err != nil {
		t.Fatalf("%v %v", err, perspectief.ErrorDetails(err))
	}
	if plan.Exposed != 1 || plan.Hidden != 1 || plan.Rows != 5 || plan.Areas != 5 || plan.Replaced != 0 ||
		strings.Join(plan.Gemeenten, ",") != "GM0014" || len(plan.Years) != 1 || plan.Years[0] != 2024 {
		t.Fatalf("plan = %+v", plan)
	}
	if runs, _ := db.Trends().TrendRuns(ctx); len(runs) != 0 {
		t.Fatalf("the preview stored %d runs", len(runs))
	}
	done, err := s.ConfirmTrendTable(ctx, team, plan.Token)
	if err != nil {
		t.Fatal(err)
	}
	cells, err := db.Trends().TrendValues(ctx, indicator.TrendFilter{Level: "buurt"})
	if err != nil {
		t.Fatal(err)
	}
	hidden := map[string]string{}
	for _, c := range cells {
		hidden[c.Area] = map[[2]bool]string{{false, false}: "getoond", {true, false}: "primair", {true, true}: "secundair"}[[2]bool{c.Suppressed, c.Secondary}]
	}
	if hidden["BU00140100"] != "getoond" || hidden["BU00140101"] != "secundair" || hidden["BU00140102"] != "primair" {
		t.Errorf("stored buurten: %v", hidden)
	}
	runs, _ := db.Trends().TrendRuns(ctx)
	if len(runs) != 1 || runs[0].ID != done.RunID || runs[0].Kind != "ingelezen" || runs[0].Source != "cbs.csv" || runs[0].Actor != team.Email {
		t.Errorf("runs = %+v", runs)
	}
	log, err := db.Accounts().AuditLog(ctx, 10, 0)
	if err != nil || len(log) == 0 || log[0].Actor != team.Email || log[0].Key != "cbs.csv" ||
		!strings.Contains(log[0].After, `"blootgestelde_sommen":1`) || !strings.Contains(log[0].After, `"rijen":5`) {
		t.Errorf("audit: %+v %v", log, err)
	}
	// Uploaded again, the table replaces the run's cells.
	again, err := s.PreviewTrendTable(ctx, team, "cbs.csv", []byte(exposedTable))
	if err != nil || again.Replaced != 5 {
		t.Errorf("second preview: %+v %v", again, err)
	}
}

func TestTrendUploadRefusals(t *testing.T) {
	ctx := context.Background()
	s, db := newService(t)
	_, err := s.ImportTrendTable(ctx, team, "cbs.csv", []byte(uncountedTable))
	d := perspectief.ErrorDetails(err)
	if perspectief.ErrorCode(err) != perspectief.CodeInvalid || !strings.Contains(perspectief.ErrorMessage(err), "1 sommen") ||
		strings.Join(d, "|") != "minderjarigen_110 2024 buurt BU00140100 totaal|minderjarigen_110 2024 buurt BU00140101 totaal" {
		t.Errorf("uncounted table: %v %q", err, d)
	}
	bad := strings.Replace(exposedTable, "BU00140101,totaal,5,30", "BU00140101,totaal,50,30", 1)
	_, err = s.ImportTrendTable(ctx, team, "fout.csv", []byte(bad))
	if d := perspectief.ErrorDetails(err); perspectief.ErrorCode(err) != perspectief.CodeInvalid || len(d) != 1 || d[0] != "fout.csv:5: kolom noemer: noemer 30 is kleiner dan teller 50" {
		t.Errorf("bad table: %v %q", err, d)
	}
	if _, err := s.PreviewTrendTable(ctx, reader, "cbs.csv", []byte(exposedTable)); perspectief.ErrorCode(err) != perspectief.CodeForbidden {
		t.Errorf("a reader previewed: %v", err)
	}
	if runs, _ := db.Trends().TrendRuns(ctx); len(runs) != 0 {
		t.Errorf("refused tables stored %d runs", len(runs))
	}
	if _, err := s.ConfirmTrendTable(ctx, team, "verzonnen"); perspectief.ErrorCode(err) != perspectief.CodeConflict {
		t.Errorf("made-up token: %v", err)
	}
}
