package web

import (
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/procesmonitor"
)

// View blocks that more than one feature shows.

// FileRefusal is what an upload page shows (partial "upload-refused") when
// the file is missing or refused: the message and a line per problem.
type FileRefusal struct {
	Message  string
	Details  []string
	FileName string
}

// ReadUpload passes the form's file "bestand" to read. A missing file or a
// file that read refuses (perspectief.CodeInvalid) gives a refusal for the
// Page to show with status 422; anything else is an error.
func ReadUpload(r *http.Request, missing string, read func(name string, f io.Reader) error) (*FileRefusal, error) {
	file, hdr, err := r.FormFile("bestand")
	if err != nil {
		if !errors.Is(err, http.ErrMissingFile) {
			return nil, err
		}
		return &FileRefusal{Message: missing}, nil
	}
	defer file.Close()
	if err := read(hdr.Filename, file); err != nil {
		if perspectief.ErrorCode(err) != perspectief.CodeInvalid {
			return nil, err
		}
		return &FileRefusal{Message: perspectief.ErrorMessage(err), Details: perspectief.ErrorDetails(err), FileName: hdr.Filename}, nil
	}
	return nil, nil
}

// MilestoneRow is a milestone in a table, with its state on the day shown.
type MilestoneRow struct {
	procesmonitor.Milestone
	InterventionTitle string
	State             string // gepland, bezig, gereed, vervallen or te_laat
	StateLabel        string
}

func NewMilestoneRow(m procesmonitor.Milestone, title string, today time.Time) MilestoneRow {
	return MilestoneRow{Milestone: m, InterventionTitle: title, State: m.State(today), StateLabel: m.StateLabel(today)}
}

// Option is one choice of a select.
type Option struct {
	Value    string
	Label    string
	Selected bool
}
