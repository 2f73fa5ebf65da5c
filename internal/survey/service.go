package survey

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/numfmt"
	"github.com/perspectief/perspectief/internal/programme"
)

// Store keeps questionnaires, waves, link tokens and responses. Every
// change writes an audit event in the same transaction.
type Store interface {
	// SaveQuestionnaire stores q as the next version of its code and sets
	// q.Version.
	SaveQuestionnaire(ctx context.Context, q *Questionnaire) error
	// Questionnaires lists every version of every questionnaire, by code
	// and version.
	Questionnaires(ctx context.Context) ([]Questionnaire, error)
	Questionnaire(ctx context.Context, code string, version int) (*Questionnaire, error)

	CreateWave(ctx context.Context, w *Wave) error
	// UpdateWave changes a wave that is still a draft; for any other wave
	// it changes nothing and returns CodeConflict.
	UpdateWave(ctx context.Context, w *Wave, actor string) error
	// SetWaveStatus moves a wave from one status to another; CodeConflict
	// when it is not in from.
	SetWaveStatus(ctx context.Context, code string, from, to Status, at time.Time, actor string) error
	Waves(ctx context.Context) ([]Wave, error)
	Wave(ctx context.Context, code string) (*Wave, error)
	WaveByLink(ctx context.Context, key string) (*Wave, error)

	// AddTokens stores the hashes of new personal links of a wave.
	AddTokens(ctx context.Context, wave string, hashes []string, actor string) error
	// Token returns the wave of a personal link and whether it was used.
	Token(ctx context.Context, hash string) (wave string, used bool, err error)
	TokenCounts(ctx context.Context, wave string) (issued, used int, err error)

	// SubmitResponse stores one response from the public form; with a
	// token hash it marks that link used in the same transaction, and
	// answers CodeConflict when it was used already. Nothing links the
	// response to the token.
	SubmitResponse(ctx context.Context, r *Response, tokenHash string) error
	// ImportResponses stores the responses of a CSV file in one
	// transaction, except those whose Key the wave already holds, and
	// returns how many it stored.
	ImportResponses(ctx context.Context, wave string, rs []Response, source, actor string) (int, error)
	Responses(ctx context.Context, wave string) ([]Response, error)
	ResponseCounts(ctx context.Context) (map[string]int, error)
}

// Reader is what other parts (the yearly report) need from the surveys.
type Reader interface {
	Waves(ctx context.Context) ([]Wave, error)
	Results(ctx context.Context, code string) (*Results, error)
}

// ModelReader gives the programme model, to check the goals a question
// names.
type ModelReader interface {
	Model(ctx context.Context) (*programme.Model, error)
}

// Service holds the rules of the surveys. Programme and Indicators may be
// nil: goals and indicators are then not checked, and results cannot be
// put into the register.
type Service struct {
	Store      Store
	Programme  ModelReader
	Indicators indicator.Store
	Now        func() time.Time
	Limits     SubmitLimits // zero means DefaultSubmitLimits

	clients clientKeys
}

// NewService returns a service with the wall clock.
func NewService(s Store, m ModelReader, ind indicator.Store) *Service {
	return &Service{Store: s, Programme: m, Indicators: ind, Now: time.Now}
}

var _ Reader = (*Service)(nil)

var amsterdam = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		return time.UTC
	}
	return loc
}()

// today is the Dutch calendar day: the only time a response keeps.
func (s *Service) today() string { return s.Now().In(amsterdam).Format("2006-01-02") }

// Questionnaires lists every version of every questionnaire.
func (s *Service) Questionnaires(ctx context.Context) ([]Questionnaire, error) {
	return s.Store.Questionnaires(ctx)
}

// Questionnaire returns one version; version 0 means the newest.
func (s *Service) Questionnaire(ctx context.Context, code string, version int) (*Questionnaire, error) {
	return s.Store.Questionnaire(ctx, code, version)
}

// SaveQuestionnaire stores q as a new version of its code. A questionnaire
// equal to the newest version is not stored again; that version is
// returned. Versions are never changed, so a published wave keeps the
// questions it was asked with.
func (s *Service) SaveQuestionnaire(ctx context.Context, u account.User, q *Questionnaire) (*Questionnaire, bool, error) {
	if err := account.Require(u.CanManageSurveys(), "een vragenlijst opslaat"); err != nil {
		return nil, false, err
	}
	fe := q.Validate()
	fe = append(fe, s.checkRefs(ctx, q)...)
	if len(fe) > 0 {
		return nil, false, perspectief.Invalid("De vragenlijst is niet opgeslagen.", fe)
	}
	if latest, err := s.Store.Questionnaire(ctx, q.Code, 0); err == nil {
		if sameQuestions(latest, q) {
			return latest, false, nil
		}
	} else if perspectief.ErrorCode(err) != perspectief.CodeNotFound {
		return nil, false, err
	}
	q.CreatedAt, q.CreatedBy = s.Now().UTC(), u.Email
	if err := s.Store.SaveQuestionnaire(ctx, q); err != nil {
		return nil, false, err
	}
	return q, true, nil
}

func sameQuestions(a, b *Questionnaire) bool {
	x, y := *a, *b
	x.Version, y.Version = 0, 0
	x.CreatedAt, y.CreatedAt = time.Time{}, time.Time{}
	x.CreatedBy, y.CreatedBy = "", ""
	ja, _ := json.Marshal(x)
	jb, _ := json.Marshal(y)
	return string(ja) == string(jb)
}

// checkRefs checks that the goals and indicators a questionnaire names
// exist.
func (s *Service) checkRefs(ctx context.Context, q *Questionnaire) []programme.FieldError {
	var fe []programme.FieldError
	var goals map[string]bool
	if s.Programme != nil {
		if m, err := s.Programme.Model(ctx); err == nil && len(m.Goals) > 0 {
			goals = map[string]bool{}
			for _, g := range m.Goals {
				goals[g.Code] = true
			}
		}
	}
	var reg *indicator.Register
	if s.Indicators != nil {
		if r, err := s.Indicators.Register(ctx); err == nil && len(r.Indicators) > 0 {
			reg = r
		}
	}
	for i, qu := range q.Questions {
		for j, g := range qu.Goals {
			if goals != nil && !goals[g] {
				fe = append(fe, programme.FieldError{Path: fmt.Sprintf("vragen[%d].doelen[%d]", i, j), Message: fmt.Sprintf("doel %q staat niet in de doelenboom", g)})
			}
		}
		if qu.Indicator != "" && reg != nil {
			if _, ok := reg.Indicator(qu.Indicator); !ok {
				fe = append(fe, programme.FieldError{Path: fmt.Sprintf("vragen[%d].indicator", i), Message: fmt.Sprintf("indicator %q staat niet in het indicatorenregister", qu.Indicator)})
			}
		}
	}
	return fe
}

// ReadAndSave reads a questionnaire file and stores it as a new version.
func (s *Service) ReadAndSave(ctx context.Context, u account.User, name string, r io.Reader) (*Questionnaire, bool, error) {
	if err := account.Require(u.CanManageSurveys(), "een vragenlijst opslaat"); err != nil {
		return nil, false, err
	}
	q, err := ReadFile(name, r)
	if err != nil {
		return nil, false, err
	}
	if fe := s.checkRefs(ctx, q); len(fe) > 0 {
		msgs := make([]string, len(fe))
		for i, e := range fe {
			msgs[i] = name + ": vragenlijst." + e.Error()
		}
		return nil, false, fileError(name, msgs)
	}
	return s.SaveQuestionnaire(ctx, u, q)
}

// Waves lists every wave, newest first.
func (s *Service) Waves(ctx context.Context) ([]Wave, error) { return s.Store.Waves(ctx) }

// Wave returns one wave with its questionnaire.
func (s *Service) Wave(ctx context.Context, code string) (*Wave, *Questionnaire, error) {
	w, err := s.Store.Wave(ctx, code)
	if err != nil {
		return nil, nil, err
	}
	q, err := s.Store.Questionnaire(ctx, w.Questionnaire, w.Version)
	if err != nil {
		return nil, nil, err
	}
	return w, q, nil
}

// WaveInput is what a user fills in for a wave.
type WaveInput struct {
	Code          string `json:"code"`
	Title         string `json:"titel"`
	Questionnaire string `json:"vragenlijst"`
	Version       int    `json:"vragenlijst_versie"` // 0: the newest
	Period        string `json:"periode"`
	Access        Access `json:"toegang"`
	MinN          int    `json:"minimum_n"` // 0: DefaultMinN
	Note          string `json:"toelichting"`
}

// CreateWave adds a draft wave.
func (s *Service) CreateWave(ctx context.Context, u account.User, in WaveInput) (*Wave, error) {
	if err := account.Require(u.CanManageSurveys(), "een meting aanmaakt"); err != nil {
		return nil, err
	}
	w, err := s.checkWave(ctx, in)
	if err != nil {
		return nil, err
	}
	key, _ := NewToken()
	w.LinkKey = key
	w.Status = Draft
	w.CreatedAt, w.CreatedBy = s.Now().UTC(), u.Email
	if err := s.Store.CreateWave(ctx, w); err != nil {
		return nil, err
	}
	return w, nil
}

// UpdateWave changes a draft wave. A published or closed wave is never
// changed: the answers given must stay tied to the questions asked.
func (s *Service) UpdateWave(ctx context.Context, u account.User, in WaveInput) (*Wave, error) {
	if err := account.Require(u.CanManageSurveys(), "een meting wijzigt"); err != nil {
		return nil, err
	}
	old, err := s.Store.Wave(ctx, in.Code)
	if err != nil {
		return nil, err
	}
	if old.Status != Draft {
		return nil, errPublished(old)
	}
	w, err := s.checkWave(ctx, in)
	if err != nil {
		return nil, err
	}
	w.LinkKey, w.Status, w.CreatedAt, w.CreatedBy = old.LinkKey, Draft, old.CreatedAt, old.CreatedBy
	if err := s.Store.UpdateWave(ctx, w, u.Email); err != nil {
		return nil, err
	}
	return w, nil
}

func errPublished(w *Wave) error {
	return perspectief.Errorf(perspectief.CodeConflict, "Meting %s is %s en verandert niet meer. Maak een nieuwe meting als u iets anders wilt vragen.", w.Code, strings.ToLower(w.Status.Label()))
}

func (s *Service) checkWave(ctx context.Context, in WaveInput) (*Wave, error) {
	var fe []programme.FieldError
	add := func(path, format string, args ...any) {
		fe = append(fe, programme.FieldError{Path: path, Message: fmt.Sprintf(format, args...)})
	}
	w := &Wave{Code: strings.TrimSpace(in.Code), Title: strings.TrimSpace(in.Title), Questionnaire: in.Questionnaire,
		Version: in.Version, Period: strings.TrimSpace(in.Period), Access: in.Access, MinN: in.MinN, Note: strings.TrimSpace(in.Note)}
	if !codeRE.MatchString(w.Code) {
		add("code", "code %q is ongeldig: kleine letters, cijfers, - en _ (bijvoorbeeld inwoners-2025)", w.Code)
	}
	if w.Title == "" {
		add("titel", "de titel ontbreekt")
	}
	if q, err := s.Store.Questionnaire(ctx, w.Questionnaire, w.Version); err != nil {
		if perspectief.ErrorCode(err) != perspectief.CodeNotFound {
			return nil, err
		}
		add("vragenlijst", "vragenlijst %q (versie %d) bestaat niet", w.Questionnaire, w.Version)
	} else {
		w.Version = q.Version
	}
	if _, err := indicator.ParsePeriod(w.Period); err != nil {
		add("periode", "%v", err)
	}
	if w.Access != OpenLink && w.Access != Tokens {
		add("toegang", "kies open of tokens")
	}
	if w.MinN == 0 {
		w.MinN = DefaultMinN
	}
	if w.MinN < 5 || w.MinN > 1000 {
		add("minimum_n", "het minimum aantal antwoorden moet tussen 5 en 1000 liggen")
	}
	if len(w.Note) > 2000 {
		add("toelichting", "de toelichting is langer dan 2.000 tekens")
	}
	if len(fe) > 0 {
		return nil, perspectief.Invalid("De meting is niet opgeslagen.", fe)
	}
	return w, nil
}

// Publish opens a draft wave for answers. From now on it never changes.
func (s *Service) Publish(ctx context.Context, u account.User, code string) error {
	if err := account.Require(u.CanManageSurveys(), "een meting publiceert"); err != nil {
		return err
	}
	return s.Store.SetWaveStatus(ctx, code, Draft, Published, s.Now().UTC(), u.Email)
}

// Close stops a published wave from taking answers.
func (s *Service) Close(ctx context.Context, u account.User, code string) error {
	if err := account.Require(u.CanManageSurveys(), "een meting sluit"); err != nil {
		return err
	}
	return s.Store.SetWaveStatus(ctx, code, Published, Closed, s.Now().UTC(), u.Email)
}

// MaxTokens bounds one batch of personal links.
const MaxTokens = 5000

// IssueTokens makes n personal links for a token wave. The links are
// returned once; only their hashes are stored.
func (s *Service) IssueTokens(ctx context.Context, u account.User, code string, n int) ([]string, error) {
	if err := account.Require(u.CanManageSurveys(), "persoonlijke links maakt"); err != nil {
		return nil, err
	}
	w, err := s.Store.Wave(ctx, code)
	if err != nil {
		return nil, err
	}
	if w.Access != Tokens {
		return nil, perspectief.Errorf(perspectief.CodeConflict, "Meting %s gebruikt één open link; persoonlijke links zijn er niet voor nodig.", code)
	}
	if w.Status == Closed {
		return nil, perspectief.Errorf(perspectief.CodeConflict, "Meting %s is gesloten.", code)
	}
	if n < 1 || n > MaxTokens {
		return nil, perspectief.Invalid("Er zijn geen links gemaakt.", []programme.FieldError{{Path: "aantal", Message: fmt.Sprintf("kies een aantal van 1 tot %d", MaxTokens)}})
	}
	tokens := make([]string, n)
	hashes := make([]string, n)
	for i := range tokens {
		tokens[i], hashes[i] = NewToken()
	}
	if err := s.Store.AddTokens(ctx, code, hashes, u.Email); err != nil {
		return nil, err
	}
	return tokens, nil
}

// tokenAlphabet leaves out letters that look alike on paper (0/o, 1/l/i),
// since people type the link from a printed letter.
const tokenAlphabet = "abcdefghjkmnpqrstuvwxyz23456789"

// TokenLength gives 12 × log2(31) ≈ 59 bits: far beyond guessing, short
// enough to type.
const TokenLength = 12

// NewToken returns a random link key and its hash.
func NewToken() (token, hash string) {
	b := make([]byte, TokenLength)
	_, _ = rand.Read(b)
	out := make([]byte, TokenLength)
	for i, x := range b {
		// 256 is not a multiple of 31; the slight bias costs under a bit.
		out[i] = tokenAlphabet[int(x)%len(tokenAlphabet)]
	}
	return string(out), HashToken(string(out))
}

// HashToken is how a personal link is stored.
func HashToken(t string) string {
	h := sha256.Sum256([]byte(t))
	return hex.EncodeToString(h[:])
}

// Form is a wave opened through its public link.
type Form struct {
	Wave          *Wave
	Questionnaire *Questionnaire
	tokenHash     string // the personal link's hash, empty for an open link
}

// Personal reports whether the form was opened through a personal link.
func (f *Form) Personal() bool { return f.tokenHash != "" }

// Errors of the public form, in words a resident understands.
var (
	ErrUnknownLink = perspectief.Errorf(perspectief.CodeNotFound, "Deze link kennen wij niet. Kijk of u de link goed hebt overgetypt.")
	ErrNotOpenYet  = perspectief.Errorf(perspectief.CodeConflict, "Deze vragenlijst is nog niet open. Probeer het later opnieuw.")
	ErrClosed      = perspectief.Errorf(perspectief.CodeConflict, "Deze vragenlijst is gesloten. U kunt niet meer antwoorden. Bedankt voor uw interesse.")
	ErrUsed        = perspectief.Errorf(perspectief.CodeConflict, "Met deze link is de vragenlijst al ingevuld. Elke link werkt één keer.")
)

// OpenForm finds the wave of a public link: the open link of a wave or a
// personal link.
func (s *Service) OpenForm(ctx context.Context, key string) (*Form, error) {
	if len(key) != TokenLength || strings.Trim(key, tokenAlphabet) != "" {
		return nil, ErrUnknownLink
	}
	f := &Form{}
	w, err := s.Store.WaveByLink(ctx, key)
	switch {
	case err == nil && w.Access == OpenLink:
		f.Wave = w
	case err == nil || perspectief.ErrorCode(err) == perspectief.CodeNotFound:
		hash := HashToken(key)
		code, used, err := s.Store.Token(ctx, hash)
		if err != nil {
			if perspectief.ErrorCode(err) == perspectief.CodeNotFound {
				return nil, ErrUnknownLink
			}
			return nil, err
		}
		if used {
			return nil, ErrUsed
		}
		if f.Wave, err = s.Store.Wave(ctx, code); err != nil {
			return nil, err
		}
		f.tokenHash = hash
	default:
		return nil, err
	}
	switch f.Wave.Status {
	case Draft:
		return nil, ErrNotOpenYet
	case Closed:
		return nil, ErrClosed
	}
	q, err := s.Store.Questionnaire(ctx, f.Wave.Questionnaire, f.Wave.Version)
	if err != nil {
		return nil, err
	}
	f.Questionnaire = q
	return f, nil
}

// Submit checks and stores the answers given on the public form: area is
// the chosen area ("" for none), answers maps question codes to values.
// Field errors name the question code.
func (s *Service) Submit(ctx context.Context, f *Form, area string, answers map[string]string) error {
	return s.SubmitFrom(ctx, f, "", area, answers)
}

// SubmitFrom is Submit for a known client (its address, which is never
// stored): valid answers through an open link first pass the throttle
// (SubmitLimits), and ErrHeldBack, with the time to wait, stops them.
func (s *Service) SubmitFrom(ctx context.Context, f *Form, client, area string, answers map[string]string) error {
	var fe []programme.FieldError
	q := f.Questionnaire
	if area != "" && !q.HasArea(area) {
		fe = append(fe, programme.FieldError{Path: "gebied", Message: "kies een wijk uit de lijst"})
	}
	clean := map[string]string{}
	for code, v := range answers {
		if v == "" {
			continue
		}
		qu, ok := q.Question(code)
		if !ok {
			continue // a field the form does not have; ignore rather than fail a resident
		}
		if qu.Kind == Open {
			text, ok := CleanOpen(v)
			if !ok {
				fe = append(fe, programme.FieldError{Path: code, Message: "uw antwoord is te lang; hoogstens " + numfmt.Format(MaxOpenAnswer, 0, numfmt.Dutch) + " tekens"})
			} else if text != "" {
				clean[code] = text
			}
			continue
		}
		if _, ok := qu.Kind.Option(v); !ok {
			fe = append(fe, programme.FieldError{Path: code, Message: "kies een van de antwoorden"})
			continue
		}
		clean[code] = v
	}
	if len(fe) == 0 && len(clean) == 0 {
		fe = append(fe, programme.FieldError{Path: q.Questions[0].Code, Message: "beantwoord minstens één vraag"})
	}
	if len(fe) > 0 {
		return perspectief.Invalid("Uw antwoorden zijn nog niet verstuurd.", fe)
	}
	if err := s.admit(ctx, f, client); err != nil {
		return err
	}
	r := &Response{Wave: f.Wave.Code, Area: area, Date: s.today(), Channel: ChannelForm, Answers: clean}
	if err := s.Store.SubmitResponse(ctx, r, f.tokenHash); err != nil {
		return err
	}
	return nil
}

// ImportCSV reads a CSV of answers from another survey tool into a wave
// that is published or closed. The file is refused whole on any problem.
func (s *Service) ImportCSV(ctx context.Context, u account.User, code, name string, r io.Reader) (*Import, error) {
	if err := account.Require(u.CanManageSurveys(), "antwoorden inleest"); err != nil {
		return nil, err
	}
	w, q, err := s.Wave(ctx, code)
	if err != nil {
		return nil, err
	}
	if w.Status == Draft {
		return nil, perspectief.Errorf(perspectief.CodeConflict, "Meting %s is nog een concept. Publiceer de meting eerst; dan liggen de vragen vast.", code)
	}
	imp, err := ReadCSV(name, r, q, s.today())
	if err != nil {
		return nil, err
	}
	for i := range imp.Responses {
		imp.Responses[i].Wave = code
	}
	n, err := s.Store.ImportResponses(ctx, code, imp.Responses, name, u.Email)
	if err != nil {
		return nil, err
	}
	imp.Added, imp.Known = n, len(imp.Responses)-n
	return imp, nil
}

// Results counts the answers of a wave.
func (s *Service) Results(ctx context.Context, code string) (*Results, error) {
	w, q, err := s.Wave(ctx, code)
	if err != nil {
		return nil, err
	}
	rs, err := s.Store.Responses(ctx, code)
	if err != nil {
		return nil, err
	}
	res := Compute(*w, *q, rs)
	return &res, nil
}

// PushToRegister stores the results of a wave as values of the indicators
// its questions measure, replacing earlier values of the same period and
// area. It returns the number of values stored and the questions skipped.
func (s *Service) PushToRegister(ctx context.Context, u account.User, code string) (int, []string, error) {
	if err := account.Require(u.CanManageSurveys(), "resultaten in het indicatorenregister zet"); err != nil {
		return 0, nil, err
	}
	if s.Indicators == nil {
		return 0, nil, perspectief.Errorf(perspectief.CodeInternal, "Deze installatie heeft geen indicatorenregister.")
	}
	res, err := s.Results(ctx, code)
	if err != nil {
		return 0, nil, err
	}
	if res.Wave.Status == Draft {
		return 0, nil, perspectief.Errorf(perspectief.CodeConflict, "Meting %s is nog een concept en heeft geen resultaten.", code)
	}
	reg, err := s.Indicators.Register(ctx)
	if err != nil {
		return 0, nil, err
	}
	if len(reg.Indicators) == 0 {
		if reg, err = indicator.DefaultRegister(); err != nil {
			return 0, nil, err
		}
		if err := s.Indicators.SaveRegister(ctx, reg, u.Email); err != nil {
			return 0, nil, err
		}
	}
	vals, skipped := IndicatorValues(res, reg)
	if len(vals) == 0 {
		return 0, skipped, perspectief.Errorf(perspectief.CodeInvalid, "Geen enkele vraag van meting %s meet een indicator uit het register.", code)
	}
	if err := s.Indicators.ImportValues(ctx, vals, Source(res.Wave), u.Email); err != nil {
		return 0, nil, err
	}
	return len(vals), skipped, nil
}
