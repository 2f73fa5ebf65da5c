package wegingskader

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/perspectief/perspectief/internal/numfmt"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/programme"
)

// FrameworkRecord is a stored version of the framework: its file as it was
// uploaded, so that a round can always be shown with the exact framework it
// used.
type FrameworkRecord struct {
	Version   int
	Source    []byte
	CreatedAt time.Time
	CreatedBy string
}

// Store is what the service needs from storage. Every change writes an
// audit event in the same transaction. Methods that change a round check
// its status in the same statement, so that two people acting at once
// cannot, say, score in a round that was just closed.
type Store interface {
	Frameworks(ctx context.Context) ([]FrameworkRecord, error)
	// AddFramework stores rec with the next version number, which it sets.
	AddFramework(ctx context.Context, rec *FrameworkRecord, actor string) error

	Requests(ctx context.Context) ([]Request, error)
	AddRequest(ctx context.Context, r *Request, actor string) error
	UpdateRequest(ctx context.Context, before, after Request, actor string) error

	Rounds(ctx context.Context) ([]Round, error)
	Round(ctx context.Context, id int64) (*Round, error) // CodeNotFound when absent
	AddRound(ctx context.Context, r *Round, actor string) error
	// UpdateRound replaces what a manager prepares; only while in concept.
	UpdateRound(ctx context.Context, before, after Round, actor string) error
	// SetStatus moves a round from one status to the next; a conflict when
	// it is not in from. Closing also records the handed-in scores in the
	// audit log, now that they are no longer blind.
	SetStatus(ctx context.Context, id int64, from, to Status, at time.Time, actor string) error

	Scores(ctx context.Context, round int64) ([]Score, error)
	// SaveScores replaces the member's scores of one request; a conflict
	// when the round is not open or the member has handed in.
	SaveScores(ctx context.Context, round int64, member string, request int64, scores []Score, actor string) error
	Submit(ctx context.Context, round int64, member string, at time.Time, actor string) error

	SetFixes(ctx context.Context, round int64, before, after map[int64]Fix, actor string) error
	// Decide records the decision and moves the round to besloten.
	Decide(ctx context.Context, round int64, d Decision, actor string) error
	AddGrants(ctx context.Context, round int64, gs []Grant, actor string) error

	Users(ctx context.Context) ([]account.User, error)
}

// Service holds the rules of the wegingskader.
type Service struct {
	Store     Store
	Programme *programme.Service
	Now       func() time.Time
	// Solver searches the choices and keeps them per problem.
	Solver *Solver
	// The time the searches may take: the proposal on a page, all
	// stability scenarios together, all searches of one page view, and
	// the search before a decision.
	ChoiceTime, ScenarioTime, PageTime, DecideTime time.Duration
}

// NewService returns a service on s that reads goals from, and adds
// interventions to, the programme of p.
func NewService(s Store, p *programme.Service) *Service {
	return &Service{Store: s, Programme: p, Now: time.Now, Solver: &Solver{},
		ChoiceTime: DefaultChoiceTime, ScenarioTime: DefaultScenarioTime, PageTime: DefaultPageTime, DecideTime: DefaultDecideTime}
}

// ---- the framework

// Frameworks lists the stored versions, newest last. Before anything is
// stored, the framework that ships with Perspectief is shown as version 1;
// it is stored as version 1 when the first round or version needs it.
// Everyone may read the framework: it is the gemeente's published policy.
func (s *Service) Frameworks(ctx context.Context) ([]Framework, error) {
	recs, err := s.Store.Frameworks(ctx)
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		f := Default()
		f.Version = 1
		return []Framework{*f}, nil
	}
	out := make([]Framework, 0, len(recs))
	for _, rec := range recs {
		f, err := parseRecord(rec)
		if err != nil {
			return nil, err
		}
		out = append(out, *f)
	}
	return out, nil
}

func parseRecord(rec FrameworkRecord) (*Framework, error) {
	f, err := ReadFramework(fmt.Sprintf("versie %d", rec.Version), bytes.NewReader(rec.Source))
	if err != nil {
		return nil, fmt.Errorf("stored framework version %d: %w", rec.Version, err)
	}
	f.Version, f.CreatedAt, f.CreatedBy = rec.Version, rec.CreatedAt, rec.CreatedBy
	return f, nil
}

// Framework returns one version; 0 is the newest.
func (s *Service) Framework(ctx context.Context, version int) (*Framework, error) {
	all, err := s.Frameworks(ctx)
	if err != nil {
		return nil, err
	}
	if version == 0 {
		return &all[len(all)-1], nil
	}
	for i := range all {
		if all[i].Version == version {
			return &all[i], nil
		}
	}
	return nil, perspectief.Errorf(perspectief.CodeNotFound, "versie %d van het wegingskader bestaat niet", version)
}

// FrameworkSource returns the file of a stored version (0: the newest), as
// it was uploaded.
func (s *Service) FrameworkSource(ctx context.Context, version int) ([]byte, int, error) {
	recs, err := s.Store.Frameworks(ctx)
	if err != nil {
		return nil, 0, err
	}
	if len(recs) == 0 && version <= 1 {
		return DefaultSource(), 1, nil
	}
	for _, rec := range recs {
		if rec.Version == version || (version == 0 && rec.Version == recs[len(recs)-1].Version) {
			return rec.Source, rec.Version, nil
		}
	}
	return nil, 0, perspectief.Errorf(perspectief.CodeNotFound, "versie %d van het wegingskader bestaat niet", version)
}

// ensureStored stores the shipped framework as version 1 when nothing is
// stored yet, so that a round always refers to a stored version.
func (s *Service) ensureStored(ctx context.Context, actor string) error {
	recs, err := s.Store.Frameworks(ctx)
	if err != nil || len(recs) > 0 {
		return err
	}
	err = s.Store.AddFramework(ctx, &FrameworkRecord{Source: DefaultSource(), CreatedAt: s.Now().UTC(), CreatedBy: actor}, actor)
	if perspectief.ErrorCode(err) == perspectief.CodeConflict {
		return nil // stored by someone else just now
	}
	return err
}

// CanAddFramework says why u may not record a new version of the
// wegingskader; nil when u may.
func (s *Service) CanAddFramework(u account.User) error {
	return account.Require(u.CanManageRounds(), "een nieuwe versie van het wegingskader vastlegt")
}

// AddFramework stores a new version from a framework file. Rounds keep the
// version they were prepared with.
func (s *Service) AddFramework(ctx context.Context, u account.User, name string, data []byte) (*Framework, error) {
	if err := s.CanAddFramework(u); err != nil {
		return nil, err
	}
	if _, err := ReadFramework(name, bytes.NewReader(data)); err != nil {
		return nil, err
	}
	if err := s.ensureStored(ctx, u.Email); err != nil {
		return nil, err
	}
	rec := &FrameworkRecord{Source: data, CreatedAt: s.Now().UTC(), CreatedBy: u.Email}
	if err := s.Store.AddFramework(ctx, rec, u.Email); err != nil {
		return nil, err
	}
	return parseRecord(*rec)
}

// ---- requests

// TacticalGoals lists the programme's tactical goals, which requests name.
func (s *Service) TacticalGoals(ctx context.Context) ([]programme.Goal, error) {
	m, err := s.Programme.Model(ctx)
	if err != nil {
		return nil, err
	}
	var out []programme.Goal
	for _, g := range m.Goals {
		if g.Level == programme.LevelTactical {
			out = append(out, g)
		}
	}
	return out, nil
}

// Requests lists the requests u may see: all for managers, otherwise those
// in rounds u may read.
func (s *Service) Requests(ctx context.Context, u account.User) ([]Request, error) {
	all, err := s.Store.Requests(ctx)
	if err != nil || u.CanManageRounds() {
		return all, err
	}
	rounds, err := s.Store.Rounds(ctx)
	if err != nil {
		return nil, err
	}
	visible := map[int64]bool{}
	for i := range rounds {
		if CanRead(u, &rounds[i]) {
			for _, id := range rounds[i].Requests {
				visible[id] = true
			}
		}
	}
	var out []Request
	for _, r := range all {
		if visible[r.ID] {
			out = append(out, r)
		}
	}
	return out, nil
}

// Request returns one request, if u may see it.
func (s *Service) Request(ctx context.Context, u account.User, id int64) (*Request, error) {
	all, err := s.Requests(ctx, u)
	if err != nil {
		return nil, err
	}
	for i := range all {
		if all[i].ID == id {
			return &all[i], nil
		}
	}
	if !u.CanManageRounds() {
		// Do not tell whether a request u may not see exists.
		return nil, forbidden("U kunt aanvraag %d niet inzien: die hoort niet bij een ronde die u kunt inzien.", id)
	}
	return nil, perspectief.Errorf(perspectief.CodeNotFound, "aanvraag %d bestaat niet", id)
}

// AddRequest registers a funding request.
func (s *Service) AddRequest(ctx context.Context, u account.User, r Request) (*Request, error) {
	if err := account.Require(u.CanManageRounds(), "een aanvraag registreert"); err != nil {
		return nil, err
	}
	m, err := s.Programme.Model(ctx)
	if err != nil {
		return nil, err
	}
	if fe := validateRequest(&r, m); len(fe) > 0 {
		return nil, perspectief.Invalid("De aanvraag is niet opgeslagen.", fe)
	}
	r.ID, r.CreatedAt, r.CreatedBy = 0, s.Now().UTC(), u.Email
	if err := s.Store.AddRequest(ctx, &r, u.Email); err != nil {
		return nil, err
	}
	return &r, nil
}

// UpdateRequest changes a request, as long as no round that holds it has
// opened: the panel must score what the applicant asked.
func (s *Service) UpdateRequest(ctx context.Context, u account.User, id int64, r Request) (*Request, error) {
	if err := account.Require(u.CanManageRounds(), "een aanvraag wijzigt"); err != nil {
		return nil, err
	}
	before, err := s.Request(ctx, u, id)
	if err != nil {
		return nil, err
	}
	if locked, err := s.lockedBy(ctx, id); err != nil {
		return nil, err
	} else if locked != "" {
		return nil, conflict("Aanvraag %d hoort bij ronde %q, die al geopend is; de aanvraag kan niet meer veranderen.", id, locked)
	}
	m, err := s.Programme.Model(ctx)
	if err != nil {
		return nil, err
	}
	if fe := validateRequest(&r, m); len(fe) > 0 {
		return nil, perspectief.Invalid("De aanvraag is niet opgeslagen.", fe)
	}
	r.ID, r.CreatedAt, r.CreatedBy = id, before.CreatedAt, before.CreatedBy
	if err := s.Store.UpdateRequest(ctx, *before, r, u.Email); err != nil {
		return nil, err
	}
	return &r, nil
}

// lockedBy names a round past concept that holds the request, or "".
func (s *Service) lockedBy(ctx context.Context, id int64) (string, error) {
	rounds, err := s.Store.Rounds(ctx)
	if err != nil {
		return "", err
	}
	for _, rd := range rounds {
		if rd.Status != StatusDraft && rd.HasRequest(id) {
			return rd.Name, nil
		}
	}
	return "", nil
}

// Editable reports whether request id may still change.
func (s *Service) Editable(ctx context.Context, u account.User, id int64) bool {
	if !u.CanManageRounds() {
		return false
	}
	locked, err := s.lockedBy(ctx, id)
	return err == nil && locked == ""
}

// ---- rounds

// Rounds lists the rounds u may read, newest first.
func (s *Service) Rounds(ctx context.Context, u account.User) ([]Round, error) {
	all, err := s.Store.Rounds(ctx)
	if err != nil {
		return nil, err
	}
	var out []Round
	for i := len(all) - 1; i >= 0; i-- {
		if CanRead(u, &all[i]) {
			out = append(out, all[i])
		}
	}
	return out, nil
}

// Round returns one round, if u may read it.
func (s *Service) Round(ctx context.Context, u account.User, id int64) (*Round, error) {
	r, err := s.Store.Round(ctx, id)
	if err != nil {
		return nil, err
	}
	if !CanRead(u, r) {
		if r.Status == StatusOpen && u.CanJoinPanel() {
			return nil, forbidden("U zit niet in het panel van ronde %q. U kunt de ronde inzien als die gesloten is.", r.Name)
		}
		return nil, forbidden("U kunt ronde %q nog niet inzien: een ronde is voor iedereen te lezen als die gesloten is.", r.Name)
	}
	return r, nil
}

// RoundRequests returns the requests of a round in the round's order.
func (s *Service) RoundRequests(ctx context.Context, r *Round) ([]Request, error) {
	all, err := s.Store.Requests(ctx)
	if err != nil {
		return nil, err
	}
	byID := map[int64]Request{}
	for _, rq := range all {
		byID[rq.ID] = rq
	}
	out := make([]Request, 0, len(r.Requests))
	for _, id := range r.Requests {
		if rq, ok := byID[id]; ok {
			out = append(out, rq)
		}
	}
	return out, nil
}

// PanelCandidates lists the accounts that may sit on a panel.
func (s *Service) PanelCandidates(ctx context.Context, u account.User) ([]account.User, error) {
	if err := account.Require(u.CanManageRounds(), "een panel samenstelt"); err != nil {
		return nil, err
	}
	all, err := s.Store.Users(ctx)
	if err != nil {
		return nil, err
	}
	var out []account.User
	for _, a := range all {
		if a.CanJoinPanel() {
			out = append(out, a)
		}
	}
	return out, nil
}

// buildRound checks a manager's input and turns it into a round.
func (s *Service) buildRound(ctx context.Context, in RoundInput) (Round, error) {
	var fe []programme.FieldError
	add := func(path, format string, args ...any) {
		fe = append(fe, programme.FieldError{Path: path, Message: fmt.Sprintf(format, args...)})
	}
	r := Round{Name: strings.TrimSpace(in.Name), Description: strings.TrimSpace(in.Description), Budget: Amounts{}, Fixed: map[int64]Fix{}}
	switch {
	case r.Name == "":
		add("naam", "geef de ronde een naam")
	case len([]rune(r.Name)) > maxShort:
		add("naam", "de naam is langer dan %s tekens", numfmt.Count(maxShort))
	}
	if len([]rune(r.Description)) > maxDescription {
		add("omschrijving", "de omschrijving is langer dan %s tekens", numfmt.Count(maxDescription))
	}
	f, err := s.Framework(ctx, in.FrameworkVersion)
	if err != nil {
		if perspectief.ErrorCode(err) != perspectief.CodeNotFound {
			return r, err
		}
		add("kaderversie", "versie %d van het wegingskader bestaat niet", in.FrameworkVersion)
	} else {
		r.FrameworkVersion = f.Version
	}
	fe = append(fe, checkAmounts(in.Budget, "budget", "het budget")...)
	for y, v := range in.Budget {
		r.Budget[y] = v
	}
	if len(in.Budget) == 0 {
		add("budget", "vul het budget in voor minstens één jaar")
	}
	users, err := s.Store.Users(ctx)
	if err != nil {
		return r, err
	}
	for _, email := range in.Panel {
		email = strings.ToLower(strings.TrimSpace(email))
		i := slices.IndexFunc(users, func(a account.User) bool { return strings.EqualFold(a.Email, email) })
		p := fmt.Sprintf("panel[%d]", len(r.Panel))
		switch {
		case i < 0:
			add(p, "er is geen account met e-mailadres %q", email)
		case !users[i].CanJoinPanel():
			add(p, "%s heeft de rol lezer en kan niet in een panel", email)
		case slices.ContainsFunc(r.Panel, func(m Member) bool { return m.Email == users[i].Email }):
			add(p, "%s staat er twee keer in", email)
		default:
			r.Panel = append(r.Panel, Member{Email: users[i].Email, Name: users[i].Name, Role: users[i].Role})
		}
	}
	all, err := s.Store.Requests(ctx)
	if err != nil {
		return r, err
	}
	for _, id := range in.Requests {
		i := slices.IndexFunc(all, func(rq Request) bool { return rq.ID == id })
		p := fmt.Sprintf("aanvragen[%d]", len(r.Requests))
		switch {
		case i < 0:
			add(p, "aanvraag %d bestaat niet", id)
		case r.HasRequest(id):
			add(p, "aanvraag %d staat er twee keer in", id)
		default:
			r.Requests = append(r.Requests, id)
			for _, y := range all[i].Amounts.Years() {
				if _, ok := in.Budget[y]; !ok && all[i].Amounts[y] > 0 {
					add(p, "aanvraag %d (%s) vraagt geld voor %d, maar de ronde heeft geen budget voor %d", id, all[i].Title, y, y)
				}
			}
		}
	}
	if len(fe) > 0 {
		return r, perspectief.Invalid("De ronde is niet opgeslagen.", fe)
	}
	return r, nil
}

// AddRound prepares a new round (status concept).
func (s *Service) AddRound(ctx context.Context, u account.User, in RoundInput) (*Round, error) {
	if err := account.Require(u.CanManageRounds(), "een beoordelingsronde voorbereidt"); err != nil {
		return nil, err
	}
	if err := s.ensureStored(ctx, u.Email); err != nil {
		return nil, err
	}
	r, err := s.buildRound(ctx, in)
	if err != nil {
		return nil, err
	}
	r.Status, r.CreatedAt, r.CreatedBy = StatusDraft, s.Now().UTC(), u.Email
	if err := s.Store.AddRound(ctx, &r, u.Email); err != nil {
		return nil, err
	}
	return &r, nil
}

// UpdateRound changes a round in preparation.
func (s *Service) UpdateRound(ctx context.Context, u account.User, id int64, in RoundInput) (*Round, error) {
	if err := account.Require(u.CanManageRounds(), "een beoordelingsronde voorbereidt"); err != nil {
		return nil, err
	}
	before, err := s.Store.Round(ctx, id)
	if err != nil {
		return nil, err
	}
	if before.Status != StatusDraft {
		return nil, conflict("Ronde %q is al geopend; wat is voorbereid, kan niet meer veranderen.", before.Name)
	}
	r, err := s.buildRound(ctx, in)
	if err != nil {
		return nil, err
	}
	r.ID, r.Status, r.CreatedAt, r.CreatedBy = before.ID, before.Status, before.CreatedAt, before.CreatedBy
	if err := s.Store.UpdateRound(ctx, *before, r, u.Email); err != nil {
		return nil, err
	}
	return &r, nil
}

// OpenRound starts the blind scoring. The round needs requests and a
// panel with at least one ervaringsdeskundige, since it cannot close
// without one.
func (s *Service) OpenRound(ctx context.Context, u account.User, id int64) error {
	if err := account.Require(u.CanManageRounds(), "een beoordelingsronde opent"); err != nil {
		return err
	}
	r, err := s.Store.Round(ctx, id)
	if err != nil {
		return err
	}
	if r.Status != StatusDraft {
		return conflict("Ronde %q is al geopend.", r.Name)
	}
	var problems []string
	if len(r.Requests) == 0 {
		problems = append(problems, "kies minstens één aanvraag")
	}
	if !slices.ContainsFunc(r.Panel, Member.Expert) {
		problems = append(problems, "zet minstens één ervaringsdeskundige in het panel: zonder hun scores kan de ronde niet sluiten")
	}
	if len(problems) > 0 {
		return &perspectief.Error{Code: perspectief.CodeInvalid, Message: fmt.Sprintf("Ronde %q kan nog niet open.", r.Name), Details: problems}
	}
	return s.Store.SetStatus(ctx, id, StatusDraft, StatusOpen, s.Now().UTC(), u.Email)
}

// CloseRound ends the scoring. Only handed-in scores count; at least one
// ervaringsdeskundige must have handed in.
func (s *Service) CloseRound(ctx context.Context, u account.User, id int64) error {
	if err := account.Require(u.CanManageRounds(), "een beoordelingsronde sluit"); err != nil {
		return err
	}
	r, err := s.Store.Round(ctx, id)
	if err != nil {
		return err
	}
	if r.Status != StatusOpen {
		return conflict("Ronde %q is niet open en kan dus niet sluiten.", r.Name)
	}
	if !slices.ContainsFunc(r.Panel, func(m Member) bool { return m.Expert() && m.Submitted() }) {
		return conflict("Ronde %q kan niet sluiten: nog geen ervaringsdeskundige heeft scores ingediend. Het wegingskader vraagt hun oordeel.", r.Name)
	}
	return s.Store.SetStatus(ctx, id, StatusOpen, StatusClosed, s.Now().UTC(), u.Email)
}

// ---- scoring

// ScoreInput is one score as a member enters it.
type ScoreInput struct {
	Criterion  string `json:"criterium"`
	Value      *int   `json:"score"` // nil: not scored yet
	Motivation string `json:"motivering"`
}

// Sheet is a member's own scoring sheet of a round.
type Sheet struct {
	Round     *Round
	Framework *Framework
	Member    Member
	Requests  []Request
	Scores    map[int64]map[string]Score // request -> criterion -> score
}

// Complete reports whether every criterion of request id has a score and
// a motivation.
func (sh *Sheet) Complete(id int64) bool {
	for _, c := range sh.Framework.Criteria {
		if s, ok := sh.Scores[id][c.Code]; !ok || s.Motivation == "" {
			return false
		}
	}
	return true
}

// Missing counts, over all requests, the criteria without a score or a
// motivation.
func (sh *Sheet) Missing() int {
	n := 0
	for _, rq := range sh.Requests {
		for _, c := range sh.Framework.Criteria {
			if s, ok := sh.Scores[rq.ID][c.Code]; !ok || s.Motivation == "" {
				n++
			}
		}
	}
	return n
}

// Sheet returns u's own scores in round id. Only panel members have one.
func (s *Service) Sheet(ctx context.Context, u account.User, id int64) (*Sheet, error) {
	r, err := s.Round(ctx, u, id)
	if err != nil {
		return nil, err
	}
	m, member := r.Member(u.Email)
	if !member {
		return nil, forbidden("U zit niet in het panel van ronde %q en geeft dus geen scores.", r.Name)
	}
	if r.Status == StatusDraft {
		return nil, conflict("Ronde %q is nog niet geopend.", r.Name)
	}
	f, err := s.Framework(ctx, r.FrameworkVersion)
	if err != nil {
		return nil, err
	}
	reqs, err := s.RoundRequests(ctx, r)
	if err != nil {
		return nil, err
	}
	all, err := s.Store.Scores(ctx, id)
	if err != nil {
		return nil, err
	}
	sh := &Sheet{Round: r, Framework: f, Member: m, Requests: reqs, Scores: map[int64]map[string]Score{}}
	for _, sc := range all {
		if !strings.EqualFold(sc.Member, m.Email) {
			continue
		}
		if sh.Scores[sc.Request] == nil {
			sh.Scores[sc.Request] = map[string]Score{}
		}
		sh.Scores[sc.Request][sc.Criterion] = sc
	}
	return sh, nil
}

// SaveScores stores u's scores of one request, as far as filled in: a
// member may save part and come back. Everything must be within the
// criterion's scale.
func (s *Service) SaveScores(ctx context.Context, u account.User, id, request int64, in []ScoreInput) error {
	r, err := s.Round(ctx, u, id)
	if err != nil {
		return err
	}
	m, member := r.Member(u.Email)
	switch {
	case !member:
		return forbidden("U zit niet in het panel van ronde %q en geeft dus geen scores.", r.Name)
	case r.Status != StatusOpen:
		return conflict("Ronde %q is niet open; scores kunnen niet meer veranderen.", r.Name)
	case m.Submitted():
		return conflict("U hebt uw scores voor ronde %q al ingediend; ze kunnen niet meer veranderen.", r.Name)
	case !r.HasRequest(request):
		return perspectief.Errorf(perspectief.CodeNotFound, "aanvraag %d hoort niet bij ronde %q", request, r.Name)
	}
	f, err := s.Framework(ctx, r.FrameworkVersion)
	if err != nil {
		return err
	}
	var fe []programme.FieldError
	var out []Score
	now := s.Now().UTC()
	seen := map[string]bool{}
	for _, x := range in {
		c, ok := f.Criterion(x.Criterion)
		x.Motivation = strings.TrimSpace(x.Motivation)
		switch {
		case !ok:
			fe = append(fe, programme.FieldError{Path: x.Criterion, Message: fmt.Sprintf("criterium %q bestaat niet in versie %d van het kader", x.Criterion, f.Version)})
			continue
		case seen[c.Code]:
			fe = append(fe, programme.FieldError{Path: c.Code, Message: fmt.Sprintf("criterium %s staat er twee keer", c.Code)})
			continue
		}
		seen[c.Code] = true
		if x.Value == nil {
			if x.Motivation != "" {
				fe = append(fe, programme.FieldError{Path: c.Code, Message: fmt.Sprintf("kies bij %s ook een score", c.Code)})
			}
			continue
		}
		if *x.Value < c.Min() || *x.Value > c.Max() {
			fe = append(fe, programme.FieldError{Path: c.Code, Message: fmt.Sprintf("score %d ligt buiten de schaal %d-%d van %s", *x.Value, c.Min(), c.Max(), c.Code)})
			continue
		}
		if len([]rune(x.Motivation)) > maxMotivation {
			fe = append(fe, programme.FieldError{Path: c.Code, Message: fmt.Sprintf("de motivering bij %s is langer dan %s tekens", c.Code, numfmt.Count(maxMotivation))})
			continue
		}
		out = append(out, Score{Request: request, Member: m.Email, Criterion: c.Code, Value: *x.Value, Motivation: x.Motivation, UpdatedAt: now})
	}
	if len(fe) > 0 {
		return perspectief.Invalid("De scores zijn niet opgeslagen.", fe)
	}
	return s.Store.SaveScores(ctx, id, m.Email, request, out, u.Email)
}

// Submit hands in u's scores. Every request needs a score and a short
// motivation on every criterion; after this, they cannot change, and u
// sees the scores the others handed in.
func (s *Service) Submit(ctx context.Context, u account.User, id int64) error {
	sh, err := s.Sheet(ctx, u, id)
	if err != nil {
		return err
	}
	switch {
	case sh.Round.Status != StatusOpen:
		return conflict("Ronde %q is niet open.", sh.Round.Name)
	case sh.Member.Submitted():
		return conflict("U hebt uw scores al ingediend.")
	}
	var missing []string
	for _, rq := range sh.Requests {
		var crit []string
		for _, c := range sh.Framework.Criteria {
			if sc, ok := sh.Scores[rq.ID][c.Code]; !ok || sc.Motivation == "" {
				crit = append(crit, c.Code)
			}
		}
		if len(crit) > 0 {
			missing = append(missing, fmt.Sprintf("%s: nog geen score of motivering bij %s", rq.Title, strings.Join(crit, ", ")))
		}
	}
	if len(missing) > 0 {
		return &perspectief.Error{Code: perspectief.CodeInvalid, Message: "Uw scores zijn nog niet compleet; er is niets ingediend.", Details: missing}
	}
	return s.Store.Submit(ctx, id, sh.Member.Email, s.Now().UTC(), u.Email)
}

// ---- outcome

// Outcome is what u sees of the scores of a round.
type Outcome struct {
	Round     *Round
	Framework *Framework
	Requests  []Request
	// Visible says whether u sees the scores; Reason says why not.
	Visible bool
	Reason  string
	// Results holds the handed-in scores u may see (empty when not
	// Visible).
	Results Results
	// Overlaps are the pairs of requests that are 'meer van hetzelfde'.
	Overlaps []Overlap
}

// Outcome returns the results of round id as far as u may see them.
func (s *Service) Outcome(ctx context.Context, u account.User, id int64) (*Outcome, error) {
	r, err := s.Round(ctx, u, id)
	if err != nil {
		return nil, err
	}
	f, err := s.Framework(ctx, r.FrameworkVersion)
	if err != nil {
		return nil, err
	}
	reqs, err := s.RoundRequests(ctx, r)
	if err != nil {
		return nil, err
	}
	o := &Outcome{Round: r, Framework: f, Requests: reqs, Overlaps: Overlaps(reqs)}
	o.Visible, o.Reason = SeesScores(u, r)
	if !o.Visible {
		o.Results = Results{Framework: f}
		return o, nil
	}
	scores, err := s.Store.Scores(ctx, id)
	if err != nil {
		return nil, err
	}
	var counted []Member
	for _, m := range r.Panel {
		if m.Submitted() {
			counted = append(counted, m)
		}
	}
	o.Results = Compute(f, reqs, counted, scores)
	return o, nil
}

// ChoiceView is the choice within the budget with its stability.
type ChoiceView struct {
	*Outcome
	Choice    Choice
	Scenarios []Scenario
}

// Choice computes the proposal of a closed round with the panel's fixes
// and how it changes when a weight moves by 20%. For a decided round it is
// the choice as decided.
func (s *Service) Choice(ctx context.Context, u account.User, id int64) (*ChoiceView, error) {
	o, err := s.Outcome(ctx, u, id)
	if err != nil {
		return nil, err
	}
	if o.Round.Status != StatusClosed && o.Round.Status != StatusDecided {
		return nil, conflict("De keuze binnen het budget komt als de ronde gesloten is.")
	}
	fixed := o.Round.Fixed
	if d := o.Round.Decision; d != nil {
		fixed = d.Fixed
	}
	return s.choiceView(ctx, o, fixed, s.ChoiceTime)
}

// choiceView computes the choice with fixed, the proposal's search taking
// at most limit, and its stability.
func (s *Service) choiceView(ctx context.Context, o *Outcome, fixed map[int64]Fix, limit time.Duration) (*ChoiceView, error) {
	start := time.Now()
	c, err := Choose(ctx, o.Results, o.Round.Budget, fixed, s.Solver, limit)
	if err != nil {
		return nil, err
	}
	cv := &ChoiceView{Outcome: o, Choice: c}
	// The scenarios share one deadline, so that the page answers in time:
	// ScenarioTime, but no later than PageTime after the view began.
	deadline := time.Now().Add(s.ScenarioTime)
	if page := start.Add(s.PageTime); s.PageTime > 0 && page.Before(deadline) {
		deadline = page
	}
	sctx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()
	if cv.Scenarios, err = Stability(sctx, o.Results, o.Round.Budget, fixed, c, s.Solver, s.ScenarioTime); err != nil {
		return nil, err
	}
	return cv, nil
}

// SetFixes records which requests the panel fixes in or out of the
// choice; requests not named are left to the optimiser. Fixes that cannot
// fit the budget are refused.
func (s *Service) SetFixes(ctx context.Context, u account.User, id int64, fixes map[int64]Fix) error {
	o, err := s.Outcome(ctx, u, id)
	if err != nil {
		return err
	}
	if !CanFix(u, o.Round) {
		if o.Round.Status != StatusClosed {
			return conflict("Aanvragen vastzetten kan alleen als de ronde gesloten is en nog niet besloten.")
		}
		return forbidden("Alleen het panel, de beheerder en het programmateam zetten aanvragen vast.")
	}
	clean := map[int64]Fix{}
	for rid, f := range fixes {
		if !o.Round.HasRequest(rid) {
			return perspectief.Errorf(perspectief.CodeNotFound, "aanvraag %d hoort niet bij ronde %q", rid, o.Round.Name)
		}
		switch f {
		case FixNone:
		case FixIn, FixOut:
			clean[rid] = f
		default:
			return perspectief.Errorf(perspectief.CodeInvalid, "%q is geen keuze; kies in, uit of niets", f)
		}
	}
	if _, err := Choose(ctx, o.Results, o.Round.Budget, clean, s.Solver, s.ChoiceTime); err != nil {
		return err
	}
	return s.Store.SetFixes(ctx, id, o.Round.Fixed, clean, u.Email)
}

// Decide records the decision: the current proposal, with its motivation,
// who took it and when.
func (s *Service) Decide(ctx context.Context, u account.User, id int64, motivation string) (*Decision, error) {
	o, err := s.Outcome(ctx, u, id)
	if err != nil {
		return nil, err
	}
	r := o.Round
	if r.Status != StatusClosed && r.Status != StatusDecided {
		return nil, conflict("De keuze binnen het budget komt als de ronde gesloten is.")
	}
	if !CanDecide(u, r) {
		if r.Status != StatusClosed {
			return nil, conflict("Ronde %q is al besloten.", r.Name)
		}
		return nil, forbidden("Alleen de beheerder en het programmateam leggen het besluit vast.")
	}
	motivation = strings.TrimSpace(motivation)
	switch {
	case motivation == "":
		return nil, perspectief.Invalid("Het besluit is niet vastgelegd.", []programme.FieldError{{Path: "motivering", Message: "schrijf waarom het panel zo kiest"}})
	case len([]rune(motivation)) > maxDescription:
		return nil, perspectief.Invalid("Het besluit is niet vastgelegd.", []programme.FieldError{{Path: "motivering", Message: fmt.Sprintf("de motivering is langer dan %s tekens", numfmt.Count(maxDescription))}})
	}
	c, err := Choose(ctx, o.Results, r.Budget, r.Fixed, s.Solver, s.DecideTime)
	if err != nil {
		return nil, err
	}
	if !c.Proven {
		return nil, conflict("De berekening bewees binnen %s niet dat dit de beste keuze is: ze ligt hoogstens %s punt onder de best mogelijke keuze. Zet aanvragen vast om de keuze kleiner te maken.",
			s.DecideTime, FormatShortfall(c.MaxShortfall))
	}
	d := Decision{Chosen: c.Chosen(), Fixed: r.Fixed, Total: c.Total, Motivation: motivation, DecidedBy: u.Email, DecidedAt: s.Now().UTC()}
	if d.Chosen == nil {
		d.Chosen = []int64{}
	}
	if err := s.Store.Decide(ctx, id, d, u.Email); err != nil {
		return nil, err
	}
	return &d, nil
}

// Grant turns the granted requests of a decided round into interventions
// of the programme, each in the programme line given for it, in one
// action. Requests granted before are skipped, so the action can be
// repeated after a failure.
func (s *Service) Grant(ctx context.Context, u account.User, id int64, lines map[int64]string) ([]Grant, error) {
	r, err := s.Round(ctx, u, id)
	if err != nil {
		return nil, err
	}
	if !CanGrant(u, r) {
		if r.Status != StatusDecided {
			return nil, conflict("Toekennen kan als het besluit over ronde %q is vastgelegd.", r.Name)
		}
		return nil, forbidden("Alleen de beheerder en het programmateam kennen aanvragen toe als interventie.")
	}
	reqs, err := s.RoundRequests(ctx, r)
	if err != nil {
		return nil, err
	}
	m, err := s.Programme.Model(ctx)
	if err != nil {
		return nil, err
	}
	done := map[int64]bool{}
	for _, g := range r.Grants {
		done[g.Request] = true
	}
	taken := map[string]bool{}
	var fe []programme.FieldError
	var ivs []programme.Intervention
	var grants []Grant
	now := s.Now().UTC()
	for _, rid := range r.Decision.Chosen {
		if done[rid] {
			continue
		}
		i := slices.IndexFunc(reqs, func(rq Request) bool { return rq.ID == rid })
		if i < 0 {
			continue
		}
		rq := reqs[i]
		line := strings.TrimSpace(lines[rid])
		if _, err := m.Line(line); err != nil {
			msg := "kies een programmalijn"
			if line != "" {
				msg = perspectief.ErrorMessage(err)
			}
			fe = append(fe, programme.FieldError{Path: fmt.Sprintf("lijnen.%d", rid), Message: fmt.Sprintf("%s: %s", rq.Title, msg)})
			continue
		}
		code := programme.NextInterventionCode(m, line, taken)
		taken[code] = true
		ivs = append(ivs, intervention(code, line, rq, r))
		grants = append(grants, Grant{Request: rid, Intervention: code, Line: line, GrantedBy: u.Email, GrantedAt: now})
	}
	if len(fe) > 0 {
		return nil, perspectief.Invalid("Er is niets toegekend.", fe)
	}
	if len(ivs) == 0 {
		return nil, conflict("Alle gekozen aanvragen van ronde %q zijn al toegekend.", r.Name)
	}
	if err := s.Programme.AddInterventions(ctx, u, ivs); err != nil {
		return nil, err
	}
	if err := s.Store.AddGrants(ctx, id, grants, u.Email); err != nil {
		return nil, fmt.Errorf("interventions %v were added but the grants of round %d not recorded: %w", grants, id, err)
	}
	return grants, nil
}

// intervention is what a granted request becomes in the programme: its
// canvas says where it came from and what was granted.
func intervention(code, line string, rq Request, r *Round) programme.Intervention {
	var amounts []string
	for _, y := range rq.Amounts.Years() {
		amounts = append(amounts, fmt.Sprintf("%d: %s", y, Euros(rq.Amounts[y])))
	}
	return programme.Intervention{
		Code:  code,
		Line:  line,
		Title: rq.Title,
		Canvas: programme.Canvas{
			Objective: rq.Description,
			Approach: fmt.Sprintf("Gefinancierd na beoordeling met het wegingskader in ronde %q (besluit van %s). Toegekend: %s.",
				r.Name, r.Decision.DecidedAt.Format("2006-01-02"), strings.Join(amounts, "; ")),
			Audience: rq.TargetGroup.Label(),
			Partners: rq.Applicant,
		},
	}
}
