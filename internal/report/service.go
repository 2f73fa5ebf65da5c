package report

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/datefmt"
	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/numfmt"
	"github.com/perspectief/perspectief/internal/programme"
)

// Store keeps the team's narrative texts and the frozen dossiers. Every
// change writes an audit event in the same transaction.
type Store interface {
	Narratives(ctx context.Context, year int) ([]Narrative, error)
	// SaveNarrative stores n as version n.Version, provided the stored text
	// is still version n.Version-1 (none when that is 0); otherwise it
	// returns CodeConflict and changes nothing.
	SaveNarrative(ctx context.Context, n Narrative) error
	// SaveDossier stores a frozen dossier; CodeConflict when its year and
	// version exist already. Stored dossiers are never changed.
	SaveDossier(ctx context.Context, d *Dossier) error
	// Dossiers lists the dossiers of a year (every year when 0), newest
	// first, without their files.
	Dossiers(ctx context.Context, year int) ([]Dossier, error)
	// Dossier reads one dossier with its files; CodeNotFound when absent.
	Dossier(ctx context.Context, year, version int) (*Dossier, error)
}

// Dossier is a frozen report: what the council received, kept unchanged
// whatever happens to the data afterwards.
type Dossier struct {
	ID        int64
	Year      int
	Version   int
	Note      string
	CreatedAt time.Time
	CreatedBy string // e-mail of who froze it

	HTML     []byte // the rendered report
	PDF      []byte // nil when no PDF could be made
	Snapshot []byte // the Report as JSON: the data the report was made from
	OpenData []byte // the open-data package (zip)

	// Checksums (SHA-256, hex) of the files, shown on the dossier's page
	// so that a copy can be checked against the original.
	HTMLSHA256, PDFSHA256, SnapshotSHA256, OpenDataSHA256 string
}

// Label names the dossier: "Raadsdossier 2024, versie 2".
func (d *Dossier) Label() string { return DossierLabel(d.Year, d.Version) }

// DossierLabel names a dossier by year and version.
func DossierLabel(year, version int) string {
	return fmt.Sprintf("Raadsdossier %d, versie %d", year, version)
}

// HasPDF reports whether the dossier holds a PDF.
func (d *Dossier) HasPDF() bool { return d.PDFSHA256 != "" }

// MaxNarrative is the longest narrative text accepted, in characters.
const MaxNarrative = 20000

// ErrNoBrowser is the answer when a PDF is asked for on a machine without
// Chromium.
var ErrNoBrowser = perspectief.Errorf(perspectief.CodeInvalid,
	"Een PDF maken kan hier niet, omdat Chromium niet op deze computer staat. Gebruik de HTML-versie van het rapport: die heeft dezelfde inhoud en kan vanuit de browser worden afgedrukt.")

// Service makes reports and holds the rules around narratives and
// dossiers.
type Service struct {
	Sources Sources
	Store   Store
	// PDF prints a self-contained HTML document to PDF (headless.PDF); nil
	// where Chromium is absent.
	PDF func(ctx context.Context, html []byte) ([]byte, error)
	Now func() time.Time
	// tocPages saves the first of a report's two prints when the same
	// document was printed before (pdf.go).
	tocPages pageCache
}

// NewService returns a service with the wall clock.
func NewService(src Sources, st Store) *Service {
	return &Service{Sources: src, Store: st, Now: time.Now}
}

// Years lists the years a report is offered for, newest first: this year
// back to the programme's start (only this year when the model has none).
func (s *Service) Years(ctx context.Context) ([]int, error) {
	m, err := s.Sources.Programme.Model(ctx)
	if err != nil {
		return nil, err
	}
	now := s.Now().In(datefmt.Amsterdam).Year()
	first := now
	if m.StartYear > 0 && m.StartYear <= now {
		first = m.StartYear
	}
	var out []int
	for y := now; y >= first; y-- {
		out = append(out, y)
	}
	return out, nil
}

// CheckYear refuses years that cannot have a report: before 1990 or after
// the current year.
func (s *Service) CheckYear(year int) error {
	now := s.Now().In(datefmt.Amsterdam).Year()
	switch {
	case year < 1990:
		return perspectief.Errorf(perspectief.CodeInvalid, "Jaar %d is te vroeg: een rapport kan over 1990 of later gaan.", year)
	case year > now:
		return perspectief.Errorf(perspectief.CodeInvalid, "Jaar %d ligt in de toekomst: een rapport kan gaan over %d of eerder.", year, now)
	}
	return nil
}

// Build assembles the report of year from the current data and the stored
// narratives.
func (s *Service) Build(ctx context.Context, year int) (*Report, error) {
	if err := s.CheckYear(year); err != nil {
		return nil, err
	}
	m, err := s.Sources.Programme.Model(ctx)
	if err != nil {
		return nil, err
	}
	ups, err := s.Sources.Programme.Updates(ctx)
	if err != nil {
		return nil, err
	}
	now := s.Now().UTC()
	r := &Report{Year: year, Programme: m.Name, MadeAt: now, Ongoing: year >= now.In(datefmt.Amsterdam).Year(), Narratives: map[string]Narrative{}}
	if !r.Ongoing && s.Sources.Versions != nil {
		if m, r.ProgrammeNote, err = programmeAt(ctx, s.Sources.Versions, m, year); err != nil {
			return nil, err
		}
	}
	if s.Store != nil {
		ns, err := s.Store.Narratives(ctx, year)
		if err != nil {
			return nil, err
		}
		for _, n := range ns {
			if strings.TrimSpace(n.Text) != "" {
				r.Narratives[n.Chapter] = n
			}
		}
	}
	var reg *indicator.Register
	if src := s.Sources.Indicators; src != nil {
		if reg, err = src.Register(ctx); err != nil {
			return nil, err
		}
		// A database without a register of its own uses the built-in one,
		// as the indicator pages do.
		if len(reg.Indicators) == 0 {
			if reg, err = indicator.DefaultRegister(); err != nil {
				return nil, err
			}
		}
	}
	if r.Trends, err = buildTrends(ctx, s.Sources.Indicators, s.Sources.TrendRuns, reg, year); err != nil {
		return nil, err
	}
	r.Interventions = buildInterventions(m, ups, year)
	if r.Goals, err = buildGoals(ctx, m, s.Sources.Indicators, reg, year); err != nil {
		return nil, err
	}
	if r.Finance, err = buildFinance(ctx, m, s.Sources.Spending, year); err != nil {
		return nil, err
	}
	if r.Decisions, err = buildDecisions(ctx, s.Sources.Decisions, year); err != nil {
		return nil, err
	}
	if r.Lessons, err = buildLessons(ctx, s.Sources.Lessons, year); err != nil {
		return nil, err
	}
	return r, nil
}

// MakePDF prints a rendered report.
func (s *Service) MakePDF(ctx context.Context, html []byte) ([]byte, error) {
	if s.PDF == nil {
		return nil, ErrNoBrowser
	}
	return s.printPDF(ctx, html)
}

// Narratives returns the stored texts of a year by chapter key.
func (s *Service) Narratives(ctx context.Context, year int) (map[string]Narrative, error) {
	ns, err := s.Store.Narratives(ctx, year)
	if err != nil {
		return nil, err
	}
	out := map[string]Narrative{}
	for _, n := range ns {
		out[n.Chapter] = n
	}
	return out, nil
}

// SaveNarrative stores the team's text for one chapter. basis is the
// version of the text the writer started from (0 when there was none), so
// that two people writing at once cannot silently overwrite each other.
func (s *Service) SaveNarrative(ctx context.Context, u account.User, year int, chapter, text string, basis int) (*Narrative, error) {
	if err := account.Require(u.CanWriteReport(), "teksten in het jaarrapport schrijft"); err != nil {
		return nil, err
	}
	if err := s.CheckYear(year); err != nil {
		return nil, err
	}
	if _, ok := ChapterTitle(chapter); !ok {
		return nil, perspectief.Errorf(perspectief.CodeNotFound, "Hoofdstuk %q bestaat niet.", chapter)
	}
	text = strings.TrimSpace(strings.ReplaceAll(text, "\r\n", "\n"))
	if !utf8.ValidString(text) {
		return nil, perspectief.Errorf(perspectief.CodeInvalid, "De tekst is niet opgeslagen: hij bevat tekens die geen geldige UTF-8 zijn.")
	}
	if n := utf8.RuneCountInString(text); n > MaxNarrative {
		return nil, perspectief.Errorf(perspectief.CodeInvalid, "De tekst is niet opgeslagen: hij is %s tekens lang, en mag hoogstens %s tekens zijn.", numfmt.Format(float64(n), 0, numfmt.Dutch), numfmt.Format(MaxNarrative, 0, numfmt.Dutch))
	}
	if basis < 0 {
		basis = 0
	}
	n := Narrative{Year: year, Chapter: chapter, Text: text, Version: basis + 1, UpdatedAt: s.Now().UTC(), UpdatedBy: u.Email}
	if err := s.Store.SaveNarrative(ctx, n); err != nil {
		return nil, err
	}
	return &n, nil
}

// Freeze makes the report of year as it stands now into the next numbered
// council dossier: the rendered HTML, the PDF where Chromium is available,
// the data as JSON and the open-data package, stored together and never
// changed afterwards.
func (s *Service) Freeze(ctx context.Context, u account.User, year int, note string) (*Dossier, error) {
	if err := account.Require(u.CanFreezeReport(), "een raadsdossier vastlegt"); err != nil {
		return nil, err
	}
	note, problem := checkNote(note)
	if problem != "" {
		return nil, perspectief.Errorf(perspectief.CodeInvalid, "Het dossier is niet vastgelegd: %s.", problem)
	}
	r, err := s.Build(ctx, year)
	if err != nil {
		return nil, err
	}
	prev, err := s.Store.Dossiers(ctx, year)
	if err != nil {
		return nil, err
	}
	version := nextVersion(prev, func(d Dossier) int { return d.Version })
	r.Dossier = &Mark{Version: version, FrozenAt: r.MadeAt, FrozenBy: frozenBy(u), Note: note}
	var printer func(context.Context, []byte) ([]byte, error)
	if s.PDF != nil {
		printer = s.printPDF
	}
	f, err := freezeFiles(ctx, r, Render, printer)
	if err != nil {
		return nil, err
	}
	d := &Dossier{Year: year, Version: version, Note: note, CreatedAt: r.MadeAt, CreatedBy: u.Email,
		HTML: f.HTML, PDF: f.PDF, Snapshot: f.Snapshot, HTMLSHA256: f.HTMLSHA256, PDFSHA256: f.PDFSHA256, SnapshotSHA256: f.SnapshotSHA256}
	if d.OpenData, err = OpenData(r); err != nil {
		return nil, err
	}
	d.OpenDataSHA256 = checksum(d.OpenData)
	if err := s.Store.SaveDossier(ctx, d); err != nil {
		if perspectief.ErrorCode(err) == perspectief.CodeConflict {
			return nil, perspectief.Errorf(perspectief.CodeConflict, "Tegelijk is er een ander raadsdossier voor %d vastgelegd. Probeer het opnieuw; het krijgt dan het volgende nummer.", year)
		}
		return nil, err
	}
	return d, nil
}

// Dossiers lists the frozen dossiers of a year (every year when 0).
func (s *Service) Dossiers(ctx context.Context, year int) ([]Dossier, error) {
	return s.Store.Dossiers(ctx, year)
}

// Dossier returns one frozen dossier with its files.
func (s *Service) Dossier(ctx context.Context, year, version int) (*Dossier, error) {
	d, err := s.Store.Dossier(ctx, year, version)
	if err != nil {
		return nil, err
	}
	return d, nil
}

// FromSnapshot reads the data of a dossier back into a Report.
func FromSnapshot(b []byte) (*Report, error) {
	var r Report
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, errors.Join(errors.New("report: read snapshot"), err)
	}
	return &r, nil
}

func checksum(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// programmeAt returns the programme as it stood at the end of year: the
// newest version stored before the year ended. When every version is
// younger (versions were kept only later), the oldest is the nearest known
// state. Without versions the current model stands.
func programmeAt(ctx context.Context, src VersionSource, current *programme.Model, year int) (*programme.Model, string, error) {
	vs, err := src.Versions(ctx)
	if err != nil || len(vs) == 0 {
		return current, "", err
	}
	end := time.Date(year+1, 1, 1, 0, 0, 0, 0, datefmt.Amsterdam)
	pick, note := vs[0], ""
	for _, v := range vs {
		if v.CreatedAt.Before(end) {
			pick = v
		}
	}
	if pick.CreatedAt.Before(end) {
		if pick.Number == vs[len(vs)-1].Number {
			return current, "", nil // nothing changed since: the current programme is that version
		}
		note = fmt.Sprintf("De hoofdstukken over interventies, doelen en begroting volgen het programma zoals het eind %d gold: programmaversie %d van %s. Latere herijkingen staan er niet in.",
			year, pick.Number, datefmt.Date(pick.CreatedAt))
	} else {
		note = fmt.Sprintf("De hoofdstukken over interventies, doelen en begroting volgen de oudste bewaarde versie van het programma (versie %d van %s); van eind %d is geen versie bewaard.",
			pick.Number, datefmt.Date(pick.CreatedAt), year)
	}
	v, err := src.Version(ctx, pick.Number)
	if err != nil {
		return nil, "", err
	}
	if v.Model == nil {
		return current, "", nil
	}
	return v.Model, note, nil
}
