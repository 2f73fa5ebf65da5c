// Package atomicfile writes output files whole or not at all: every output
// of Perspectief (indicator tables, panels, reach tables, outreach lists)
// goes to a temporary file beside its destination, is synced, and is renamed
// into place only when complete, so that an error or a crash never leaves a
// half-written file and an existing file stays as it was.
package atomicfile

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Options tune Write.
type Options struct {
	// Perm is the new file's mode; 0 keeps the mode of an existing file at
	// path, or uses 0600: exports are for their owner only unless the
	// caller says otherwise.
	Perm os.FileMode
	// BeforeRename runs once the temporary file is complete and synced, just
	// before it replaces path; when it fails, nothing is written. The
	// outreach export audits itself here, so that no list appears without
	// its audit event.
	BeforeRename func() error
}

// Write calls write with a buffered writer on a temporary file beside path
// and renames that file to path when everything succeeded.
func Write(path string, opt Options, write func(w io.Writer) error) (err error) {
	perm := opt.Perm
	if st, statErr := os.Stat(path); statErr == nil {
		if !st.Mode().IsRegular() {
			return fmt.Errorf("%s: not a regular file", path)
		}
		if perm == 0 {
			perm = st.Mode().Perm()
		}
	}
	if perm == 0 {
		perm = 0o600
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	bw := bufio.NewWriterSize(f, 1<<20)
	if err = write(bw); err != nil {
		return err
	}
	if err = bw.Flush(); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Chmod(f.Name(), perm); err != nil {
		return err
	}
	if opt.BeforeRename != nil {
		if err = opt.BeforeRename(); err != nil {
			return err
		}
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return err
	}
	// Syncing the directory makes the rename itself durable; not every
	// system allows it, and the file is complete either way.
	if d, derr := os.Open(filepath.Dir(path)); derr == nil {
		d.Sync()
		d.Close()
	}
	return nil
}
