package report

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
)

func user(role account.Role) account.User {
	return account.User{Email: string(role) + "@example.nl", Name: "Naam " + string(role), Role: role}
}

// TestWhoMayWriteAndFreeze: the beheerder and the programmateam write the
// narrative and freeze dossiers; every other role is refused.
func TestWhoMayWriteAndFreeze(t *testing.T) {
	for _, role := range account.Roles {
		s, st := testService()
		may := role == account.RoleAdmin || role == account.RoleTeam
		_, err := s.SaveNarrative(context.Background(), user(role), 2024, Trends, "Tekst.", 0)
		if may && err != nil || !may && perspectief.ErrorCode(err) != perspectief.CodeForbidden {
			t.Errorf("%s writes a text: err %v", role, err)
		}
		_, err = s.Freeze(context.Background(), user(role), 2024, "")
		if may && err != nil || !may && perspectief.ErrorCode(err) != perspectief.CodeForbidden {
			t.Errorf("%s freezes: err %v", role, err)
		}
		if !may && (len(st.narratives) != 0 || len(st.dossiers) != 0) {
			t.Errorf("%s was refused but something was stored", role)
		}
	}
}

func TestSaveNarrativeChecksItsInput(t *testing.T) {
	s, st := testService()
	team := user(account.RoleTeam)
	ctx := context.Background()
	cases := []struct {
		year             int
		chapter, text    string
		code             perspectief.Code
		messageFragments string
	}{
		{2024, "bestaat-niet", "x", perspectief.CodeNotFound, "bestaat niet"},
		{2026, Trends, "x", perspectief.CodeInvalid, "ligt in de toekomst"},
		{2024, Trends, strings.Repeat("é", MaxNarrative+1), perspectief.CodeInvalid, "20.001 tekens"},
		{2024, Trends, "a\xffb", perspectief.CodeInvalid, "UTF-8"},
	}
	for _, c := range cases {
		_, err := s.SaveNarrative(ctx, team, c.year, c.chapter, c.text, 0)
		if perspectief.ErrorCode(err) != c.code || !strings.Contains(perspectief.ErrorMessage(err), c.messageFragments) {
			t.Errorf("%d/%s: err %v, want %s with %q", c.year, c.chapter, err, c.code, c.messageFragments)
		}
	}
	if len(st.narratives) != 0 {
		t.Fatalf("refused texts were stored: %v", st.narratives)
	}
	n, err := s.SaveNarrative(ctx, team, 2024, Trends, "  Eerste regel\r\n\r\nTweede alinea  ", 0)
	if err != nil || n.Text != "Eerste regel\n\nTweede alinea" || n.Version != 1 || n.UpdatedBy != team.Email {
		t.Fatalf("saved %+v, %v", n, err)
	}
	// A second writer who opened the empty chapter before the first saved
	// is told, not silently overwritten.
	if _, err := s.SaveNarrative(ctx, user(account.RoleAdmin), 2024, Trends, "Andere tekst", 0); perspectief.ErrorCode(err) != perspectief.CodeConflict {
		t.Errorf("stale save: err %v, want a conflict", err)
	}
	if _, err := s.SaveNarrative(ctx, user(account.RoleAdmin), 2024, Trends, "Andere tekst", n.Version); err != nil {
		t.Errorf("save on the current version: %v", err)
	}
	r, _ := s.Build(ctx, 2024)
	if r.Narratives[Trends].Text != "Andere tekst" {
		t.Errorf("report narrative %+v", r.Narratives[Trends])
	}
}

func TestFreezeNumbersDossiersAndKeepsTheirFiles(t *testing.T) {
	s, st := testService()
	ctx := context.Background()
	team := user(account.RoleTeam)
	var printed [][]byte
	s.PDF = func(_ context.Context, html []byte) ([]byte, error) {
		printed = append(printed, html)
		return tinyPDF, nil
	}
	d1, err := s.Freeze(ctx, team, 2024, " Aan de raad, 12 mei. ")
	if err != nil {
		t.Fatal(err)
	}
	if d1.Version != 1 || d1.Note != "Aan de raad, 12 mei." || d1.CreatedBy != team.Email || !d1.CreatedAt.Equal(now) {
		t.Errorf("dossier 1: %+v", d1)
	}
	if !bytes.Contains(d1.HTML, []byte("<strong>Raadsdossier 2024, versie 1</strong>, vastgelegd op 16 juni 2025, 12:00 door Naam programmateam.")) || bytes.Contains(d1.HTML, []byte("Concept.")) {
		t.Error("the frozen document does not say which dossier it is")
	}
	// Printed twice (the second time with the contents' page numbers), and
	// the print with XMP metadata added after Chromium's bytes.
	if len(printed) != 2 || !bytes.Equal(printed[0], d1.HTML) || !bytes.HasPrefix(d1.PDF, tinyPDF) || !bytes.Contains(d1.PDF, []byte("<pdfuaid:part>1</pdfuaid:part>")) {
		t.Error("the PDF is not a print of the dossier's HTML with PDF/UA metadata")
	}
	var snap Report
	if err := json.Unmarshal(d1.Snapshot, &snap); err != nil || snap.Dossier == nil || snap.Dossier.Version != 1 || snap.Year != 2024 {
		t.Errorf("snapshot: %v %+v", err, snap.Dossier)
	}
	if d1.HTMLSHA256 != checksum(d1.HTML) || d1.PDFSHA256 != checksum(d1.PDF) || d1.SnapshotSHA256 != checksum(d1.Snapshot) || d1.OpenDataSHA256 != checksum(d1.OpenData) {
		t.Error("checksums do not match the files")
	}
	d2, err := s.Freeze(ctx, user(account.RoleAdmin), 2024, "")
	if err != nil || d2.Version != 2 {
		t.Fatalf("second dossier: %+v, %v", d2, err)
	}
	if len(st.dossiers) != 2 {
		t.Errorf("%d dossiers stored", len(st.dossiers))
	}
	if _, err := s.Freeze(ctx, team, 2024, strings.Repeat("x", 1001)); perspectief.ErrorCode(err) != perspectief.CodeInvalid {
		t.Errorf("long note: %v", err)
	}

	// Without Chromium the dossier has no PDF, and the live PDF says why.
	s.PDF = nil
	d3, err := s.Freeze(ctx, team, 2024, "")
	if err != nil || d3.PDF != nil || d3.HasPDF() {
		t.Errorf("dossier without Chromium: pdf %q, %v", d3.PDF, err)
	}
	if _, err := s.MakePDF(ctx, []byte("<p>x</p>")); !errors.Is(err, ErrNoBrowser) || !strings.Contains(perspectief.ErrorMessage(err), "Chromium") {
		t.Errorf("PDF without Chromium: %v", err)
	}
	// A PDF that fails freezes nothing.
	s.PDF = func(context.Context, []byte) ([]byte, error) { return nil, errors.New("browser crashed") }
	if _, err := s.Freeze(ctx, team, 2024, ""); err == nil || len(st.dossiers) != 3 {
		t.Errorf("failed print: err %v, %d dossiers", err, len(st.dossiers))
	}
}

// tinyPDF is the smallest PDF of the shape Chromium writes (classic
// cross-reference table), for a fake printer.
var tinyPDF = func() []byte {
	head := "%PDF-1.4\n"
	o1 := "1 0 obj\n<</Type /Catalog /Pages 2 0 R>>\nendobj\n"
	o2 := "2 0 obj\n<</Type /Pages /Count 0 /Kids []>>\nendobj\n"
	x := len(head) + len(o1) + len(o2)
	return []byte(head + o1 + o2 + "xref\n0 3\n0000000000 65535 f \n" +
		fmt.Sprintf("%010d 00000 n \n%010d 00000 n \n", len(head), len(head)+len(o1)) +
		fmt.Sprintf("trailer\n<</Size 3 /Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n", x))
}()
