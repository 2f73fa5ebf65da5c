package eligibility

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
)

// VersionStore keeps the versions of the scheme files. Every method that
// stores writes an audit event in the same transaction.
type VersionStore interface {
	// RuleVersions returns every stored version, in the order stored.
	RuleVersions(ctx context.Context) ([]StoredVersion, error)
	// RuleVersionStamp returns the highest ID stored (0 for none), so that
	// a cached rule set can tell cheaply that it is out of date.
	RuleVersionStamp(ctx context.Context) (int64, error)
	// AddRuleVersion stores v and sets its ID; CodeConflict when its code
	// and version are stored already.
	AddRuleVersion(ctx context.Context, v *StoredVersion) error
}

// Service holds the rule set the platform decides by: the shipped rules
// (Base) with the versions stored in the database, and who may load a new
// version. The resident check and the batch run both ask it for the set.
type Service struct {
	Store VersionStore // nil: the shipped rules only
	Base  *Set
	Now   func() time.Time
	// Audit records the outreach lists (Outreach); nil: they cannot be made.
	Audit AuditLog

	mu    sync.Mutex
	set   *Set
	stamp int64
}

// NewService returns a service over the shipped rules base and the
// versions in store (which may be nil).
func NewService(store VersionStore, base *Set) *Service {
	return &Service{Store: store, Base: base, Now: time.Now}
}

// Rules returns the current rule set. It is rebuilt when a version has
// been stored since the last call, by this process or another (the CLI).
func (s *Service) Rules(ctx context.Context) (*Set, error) {
	if s.Store == nil {
		return s.Base, nil
	}
	stamp, err := s.Store.RuleVersionStamp(ctx)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.set != nil && stamp == s.stamp {
		return s.set, nil
	}
	vs, err := s.Store.RuleVersions(ctx)
	if err != nil {
		return nil, err
	}
	set, err := s.Base.WithVersions(vs)
	if err != nil {
		return nil, err
	}
	s.set, s.stamp = set, 0
	for _, v := range vs {
		s.stamp = max(s.stamp, v.ID)
	}
	return set, nil
}

// Sync stores the shipped versions the database does not have yet, so that
// the order of versions is the order in which they reached this platform:
// a version shipped with a later release comes after what a beheerder
// loaded before it. A shipped version whose code and version are stored
// with another content is left out; the returned lines say so.
func (s *Service) Sync(ctx context.Context) ([]string, error) {
	if s.Store == nil {
		return nil, nil
	}
	vs, err := s.Store.RuleVersions(ctx)
	if err != nil {
		return nil, err
	}
	stored := map[[2]string]StoredVersion{}
	for _, v := range vs {
		stored[[2]string{v.Code, v.Version}] = v
	}
	var notes []string
	for _, sc := range s.Base.Schemes {
		if old, ok := stored[[2]string{sc.Code, sc.Version}]; ok {
			if old.SHA256 != sc.SHA256 {
				notes = append(notes, "meegeleverde versie "+sc.Version+" van "+sc.Code+" verschilt van de opgeslagen versie met dat nummer; de opgeslagen versie blijft gelden")
			}
			continue
		}
		v := sc.Stored("systeem", s.Now().UTC())
		if err := s.Store.AddRuleVersion(ctx, &v); err != nil && perspectief.ErrorCode(err) != perspectief.CodeConflict {
			return notes, err
		}
	}
	return notes, nil
}

// CanLoad says why u may not load a version of a scheme's rules; nil when
// u may.
func (s *Service) CanLoad(u account.User) error {
	return account.Require(u.CanAdminister(), "regels van een regeling inleest")
}

// Load checks a new version of a scheme file and stores it. Only a
// beheerder may; a file with any problem is refused whole, with every
// problem as FILE:LINE: field: reason, and nothing changes.
func (s *Service) Load(ctx context.Context, u account.User, file string, data []byte) (*Scheme, error) {
	if err := s.CanLoad(u); err != nil {
		return nil, err
	}
	if s.Store == nil {
		return nil, errors.New("eligibility: no version store")
	}
	set, err := s.Rules(ctx)
	if err != nil {
		return nil, err
	}
	sc, err := set.ParseVersion(file, data)
	if err != nil {
		var le *LoadError
		if errors.As(err, &le) {
			return nil, &perspectief.Error{Code: perspectief.CodeInvalid,
				Message: "De regels zijn geweigerd; er is niets veranderd.", Details: le.Problems}
		}
		return nil, err
	}
	v := sc.Stored(u.Email, s.Now().UTC())
	if err := s.Store.AddRuleVersion(ctx, &v); err != nil {
		return nil, err
	}
	sc.Seq, sc.LoadedAt, sc.LoadedBy = v.ID, v.LoadedAt, v.Actor
	return sc, nil
}

// Version returns one version of a scheme, for showing it.
func (s *Service) Version(ctx context.Context, code, version string) (*Scheme, error) {
	set, err := s.Rules(ctx)
	if err != nil {
		return nil, err
	}
	sc, ok := set.Version(code, version)
	if !ok {
		return nil, perspectief.Errorf(perspectief.CodeNotFound, "regeling %q heeft geen versie %q", code, version)
	}
	return sc, nil
}
