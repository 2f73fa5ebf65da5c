package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.csv")
	if err := Write(path, Options{}, func(w io.Writer) error { _, err := io.WriteString(w, "a,b\n"); return err }); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "a,b\n" {
		t.Fatalf("content %q", b)
	}
	boom := errors.New("boom")
	// A failing writer and a failing BeforeRename both leave the old file.
	if err := Write(path, Options{}, func(w io.Writer) error { io.WriteString(w, "half"); return boom }); err != boom {
		t.Fatalf("err = %v", err)
	}
	if err := Write(path, Options{BeforeRename: func() error { return boom }}, func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }); err != boom {
		t.Fatalf("err = %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "a,b\n" {
		t.Errorf("failed writes changed the file: %q", b)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("temporary files left behind: %v", ents)
	}
	// The mode is kept, or set when asked.
	secret := filepath.Join(dir, "ids.csv")
	if err := Write(secret, Options{Perm: 0o600}, func(w io.Writer) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(secret); st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", st.Mode().Perm())
	}
	// A new file without a mode asked for is its owner's only.
	export := filepath.Join(dir, "export.csv")
	if err := Write(export, Options{}, func(w io.Writer) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(export); st.Mode().Perm() != 0o600 {
		t.Errorf("new file without Perm: mode %v, want 0600", st.Mode().Perm())
	}
	if err := Write(filepath.Join(dir, "missing", "x.csv"), Options{}, func(w io.Writer) error { return nil }); err == nil {
		t.Error("writing into a missing directory succeeded")
	}
}
