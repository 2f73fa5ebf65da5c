package e2e

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/perspectief/perspectief/internal/programme"
)

// TestImportPreviewAndRestorePages: the beheerder uploads the first 60% of
// the programme file and sees what it would remove; confirming without
// ticking the box is refused; the restore page of version 1 shows what
// would change. Nothing is applied, so the demo stays as it is for the
// other tests. Every page is checked with axe-core.
func TestImportPreviewAndRestorePages(t *testing.T) {
	file := programme.GroningenFile()
	cut := file[:len(file)*6/10]
	for {
		cut = cut[:bytes.LastIndexByte(cut, '\n')+1]
		if _, err := programme.ReadFile("x", bytes.NewReader(cut)); err == nil {
			break
		}
		cut = cut[:len(cut)-1]
	}
	path := filepath.Join(t.TempDir(), "programma.yaml")
	if err := os.WriteFile(path, cut, 0o600); err != nil {
		t.Fatal(err)
	}

	s := newSession(t)
	s.login("beheerder@demo.perspectief.nl")
	s.open("/programma/import", 200, "programma-inlezen")
	s.do(chromedp.SetUploadFiles(`#bestand`, []string{path}))
	s.follow(200, "import-voorvertoning", chromedp.Click(`//form[@action="/programma/import"]//button[@type="submit"]`))
	text := eval[string](s, `document.querySelector('main').innerText`)
	for _, want := range []string{"Controleer de wijzigingen", "worden verwijderd", "Verwijderd: interventie", "Verwijderd: begrotingsregel"} {
		if !strings.Contains(text, want) {
			t.Errorf("preview lacks %q: %s", want, oneLine(text, 600))
		}
	}
	s.follow(422, "import-zonder-bevestiging", chromedp.Click(`//form[@action="/programma/import"]//button[@type="submit"]`))
	if text := eval[string](s, `document.querySelector('main').innerText`); !strings.Contains(text, "Bevestig dat de onderdelen hieronder verwijderd mogen worden") {
		t.Errorf("confirming without the box: %s", oneLine(text, 400))
	}

	s.open("/programma/versies/1/terugzetten", 200, "versie-terugzetten")
	if text := eval[string](s, `document.querySelector('main').innerText`); !strings.Contains(text, "Versie 1 terugzetten") {
		t.Errorf("restore page: %s", oneLine(text, 400))
	}
}
