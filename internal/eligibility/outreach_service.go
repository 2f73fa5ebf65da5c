package eligibility

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/perspectief/perspectief/internal/account"
)

// AuditLog records who did what. store.DB satisfies it.
type AuditLog interface {
	Audit(ctx context.Context, e account.AuditEvent) error
}

// OutreachInput asks for one outreach list ('uitnodigen').
type OutreachInput struct {
	Code   string         // the scheme
	Panel  string         // the panel file: CSV, or Parquet when it ends in .parquet
	Usage  string         // the CSV jaar,huishouden,regeling of who uses which scheme
	Out    string         // the list to write (CSV huishouden,buurt)
	Day    time.Time      // the reference date; zero: 31 December of the panel's latest year
	Filter OutreachFilter // the income range, as a percentage of the social minimum
	// Rules are the rules to decide by; nil: the service's current rules.
	Rules *Set
	// Assumed are values for facts the panel lacks, as the analyst stated
	// them in Assumptions (FEIT=WAARDE), which the audit record lists.
	Assumed     map[string]Value
	Assumptions []string
	// Proof says how the actor proved to be the account (api-token or
	// wachtwoord), for the audit record.
	Proof string
}

// OutreachAudit is the audit record of an outreach list (its after-JSON).
// It never carries a household id.
type OutreachAudit struct {
	Regeling      string            `json:"regeling"`
	Versie        string            `json:"versie"`
	Panel         string            `json:"panel"`
	PanelSHA256   string            `json:"panel_sha256"`
	Gebruik       string            `json:"gebruik"`
	GebruikSHA256 string            `json:"gebruik_sha256"`
	Jaar          int               `json:"jaar"`
	Peildatum     string            `json:"peildatum"`
	Filters       map[string]string `json:"filters"`
	Aannames      []string          `json:"aannames,omitempty"`
	Out           string            `json:"out"`
	Rijen         int               `json:"rijen"`
	Bewijs        string            `json:"bewijs"` // how the actor proved to be the account: api-token or wachtwoord
}

// OutreachAction is the audit action of an outreach list.
const OutreachAction = "uitnodigingslijst"

// Outreach makes the one export of household ids: the households of the
// panel's latest year that are entitled to the scheme on the reference
// date but do not use it, written to in.Out. Only a beheerder or the
// programmateam may; the role is checked before any household is read. The
// list appears under its name only with its audit record, written through
// Audit under the actor once the list is complete: no list without its
// record, no record without its list. The returned record is the one
// stored.
func (s *Service) Outreach(ctx context.Context, actor account.User, in OutreachInput) (*OutreachAudit, error) {
	if err := OutreachAllowed(actor); err != nil {
		return nil, err
	}
	if s.Audit == nil {
		return nil, errors.New("eligibility: no audit log for outreach lists")
	}
	set := in.Rules
	if set == nil {
		var err error
		if set, err = s.Rules(ctx); err != nil {
			return nil, err
		}
	}
	panel, panelSum, err := readPanelHashed(set, in.Panel, in.Assumed)
	if err != nil {
		return nil, err
	}
	day := in.Day
	if day.IsZero() {
		day = time.Date(panel.Year, 12, 31, 0, 0, 0, 0, time.UTC)
	}
	var usage Usage
	usageSum, err := hashedRead(in.Usage, func(r io.Reader) error {
		var err error
		usage, err = set.ReadUsage(in.Usage, r, panel.Year)
		return err
	})
	if err != nil {
		return nil, err
	}
	rows, err := set.Outreach(panel, usage, in.Code, day, in.Filter)
	if err != nil {
		return nil, err
	}
	rec := &OutreachAudit{Regeling: in.Code, Versie: versionInForce(set, in.Code, day), Panel: in.Panel, PanelSHA256: panelSum,
		Gebruik: in.Usage, GebruikSHA256: usageSum, Jaar: panel.Year, Peildatum: day.Format("2006-01-02"),
		Filters: in.Filter.texts(), Aannames: in.Assumptions, Out: in.Out, Rijen: len(rows), Bewijs: in.Proof}
	after, err := json.Marshal(rec)
	if err != nil {
		return nil, err
	}
	err = WriteOutreachFile(in.Out, rows, func() error {
		return s.Audit.Audit(ctx, account.AuditEvent{At: s.Now().UTC(), Actor: actor.Email, Action: OutreachAction,
			Entity: "regeling", Key: in.Code, After: string(after)})
	})
	if err != nil {
		return nil, fmt.Errorf("writing %s: %w", in.Out, err)
	}
	return rec, nil
}

// versionInForce is the version of scheme code that decides on day d; ""
// when none does.
func versionInForce(set *Set, code string, d time.Time) string {
	version := ""
	for _, sc := range set.InForce(d) {
		if sc.Code == code {
			version = sc.Version
		}
	}
	return version
}

// texts are the bounds that are set, as given, for the audit record.
func (f OutreachFilter) texts() map[string]string {
	m := map[string]string{}
	if f.Van != nil {
		m["van"] = strconv.FormatFloat(*f.Van, 'g', -1, 64)
	}
	if f.Tot != nil {
		m["tot"] = strconv.FormatFloat(*f.Tot, 'g', -1, 64)
	}
	return m
}

// IsParquet says whether a panel file is to be read as Parquet.
func IsParquet(path string) bool { return strings.EqualFold(filepath.Ext(path), ".parquet") }

// readPanelHashed reads the panel file at path and returns the SHA-256 of
// the whole file.
func readPanelHashed(set *Set, path string, assumed map[string]Value) (*Panel, string, error) {
	var panel *Panel
	var sum string
	var err error
	if IsParquet(path) {
		sum, err = hashedFile(path, func(f *os.File) error {
			st, err := f.Stat()
			if err != nil {
				return err
			}
			panel, err = set.ReadPanelParquet(path, f, st.Size(), assumed, nil)
			return err
		})
	} else {
		sum, err = hashedRead(path, func(r io.Reader) error {
			var err error
			panel, err = set.ReadPanel(path, r, assumed)
			return err
		})
	}
	return panel, sum, err
}

// hashedRead opens path, hands it to read and returns the SHA-256 of the
// whole file, including whatever read left unread.
func hashedRead(path string, read func(io.Reader) error) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if err := read(io.TeeReader(f, h)); err != nil {
		return "", err
	}
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// hashedFile returns the SHA-256 of the whole file at path and hands the
// open file, rewound, to read (for Parquet, which is read at offsets).
func hashedFile(path string, read func(*os.File) error) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return "", err
	}
	if err := read(f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
