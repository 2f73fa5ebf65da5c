package report

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/perspectief/perspectief/internal/numfmt"

	"github.com/perspectief/perspectief/internal/account"
)

// What freezing the yearly report (Service.Freeze, a council dossier) and
// the tertial report (TertialService.FreezeTertial) share: the note's
// limit, the next version number, who froze it by name, and the files
// stored with their checksums.

// maxNote is the longest note of a frozen version, in characters.
const maxNote = 1000

// checkNote trims a frozen version's note; problem says why it is refused
// ("" when it is not), for the caller to word in its own message.
func checkNote(note string) (trimmed, problem string) {
	note = strings.TrimSpace(note)
	if n := utf8.RuneCountInString(note); n > maxNote {
		return note, fmt.Sprintf("de notitie is %s tekens lang, en mag hoogstens %s tekens zijn", numfmt.Format(float64(n), 0, numfmt.Dutch), numfmt.Format(maxNote, 0, numfmt.Dutch))
	}
	return note, ""
}

// nextVersion is one more than the highest version among prev, 1 when
// there is none.
func nextVersion[T any](prev []T, version func(T) int) int {
	n := 1
	for _, p := range prev {
		n = max(n, version(p)+1)
	}
	return n
}

// frozenBy names who froze a version: the display name, else the address.
func frozenBy(u account.User) string {
	if u.Name != "" {
		return u.Name
	}
	return u.Email
}

// frozenFiles are the files every frozen version keeps: the rendered HTML,
// the PDF (nil where no browser prints one) and the data as JSON, each
// with its SHA-256 (hex; none for an absent PDF).
type frozenFiles struct {
	HTML, PDF, Snapshot                   []byte
	HTMLSHA256, PDFSHA256, SnapshotSHA256 string
}

// freezeFiles renders data, keeps it as indented JSON, prints the HTML
// with printer when there is one, and sums the files.
func freezeFiles[T any](ctx context.Context, data T, render func(T) ([]byte, error), printer func(context.Context, []byte) ([]byte, error)) (frozenFiles, error) {
	var f frozenFiles
	var err error
	if f.HTML, err = render(data); err != nil {
		return f, err
	}
	if f.Snapshot, err = json.MarshalIndent(data, "", "  "); err != nil {
		return f, err
	}
	if printer != nil {
		if f.PDF, err = printer(ctx, f.HTML); err != nil {
			return f, err
		}
	}
	f.HTMLSHA256, f.SnapshotSHA256 = checksum(f.HTML), checksum(f.Snapshot)
	if f.PDF != nil {
		f.PDFSHA256 = checksum(f.PDF)
	}
	return f, nil
}
