package indicator

import (
	"context"
	"io"

	"github.com/perspectief/perspectief/internal/reqmemo"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/geo"
)

// Service is the indicator register's use cases: reading values (imported
// ones and the trendmonitor's, merged by one rule: read.go), the figures of
// the indicator and trendmonitor pages (page.go, trendpage.go, groups.go),
// and changing indicator data by hand: who may, and what is valid. Values
// typed into a form meet the rules of the CSV import, because both go
// through checkRecord.
type Service struct {
	Store Store
	// Trend holds the trendmonitor's runs; nil when none are kept.
	Trend  TrendStore
	Shapes geo.Store
	// Uploads keeps previewed files until they are confirmed (upload.go);
	// NewService takes it from st when st keeps them too.
	Uploads UploadStore
}

// NewService returns a service on st (register and imported values), trend
// (the trendmonitor's runs; may be nil) and shapes (map outlines).
func NewService(st Store, trend TrendStore, shapes geo.Store) *Service {
	ups, _ := st.(UploadStore)
	return &Service{Store: st, Trend: trend, Shapes: shapes, Uploads: ups}
}

// CanEnterValues says why u may not enter indicator values by hand; nil
// when u may.
func (s *Service) CanEnterValues(u account.User) error {
	return account.Require(u.CanEditIndicators(), "indicatorwaarden invoert")
}

// CanImportShapes says why u may not import map outlines; nil when u may.
func (s *Service) CanImportShapes(u account.User) error {
	return account.Require(u.CanImportShapes(), "een kaartbestand inleest")
}

// ValueInput is a value as typed into the form: the columns of the import
// format after indicator.
type ValueInput struct {
	Period, Area, Group, Value, Num, Den, Margin, Source, Note string
}

// Record is the input in the columns of CSVHeader.
func (in ValueInput) Record(code string) []string {
	return []string{code, in.Period, in.Area, in.Group, in.Value, in.Num, in.Den, in.Margin, in.Source, in.Note}
}

// Register returns the stored register, or the built-in one when the
// database has none yet. A read-only request reads it once (reqmemo); the
// register returned is then shared, so callers do not change it.
func (s *Service) Register(ctx context.Context) (*Register, error) {
	return reqmemo.Do(ctx, registerKey{}, func() (*Register, error) {
		reg, err := s.Store.Register(ctx)
		if err != nil || len(reg.Indicators) > 0 {
			return reg, err
		}
		return DefaultRegister()
	})
}

type registerKey struct{}

// EnterValue checks one value of indicator code and stores it, replacing a
// stored value of the same period, area and group. Problems come back as a
// perspectief.Error whose details read "column: message", one per column.
func (s *Service) EnterValue(ctx context.Context, u account.User, code string, in ValueInput) (Value, error) {
	if err := s.CanEnterValues(u); err != nil {
		return Value{}, err
	}
	stored, err := s.Store.Register(ctx)
	if err != nil {
		return Value{}, err
	}
	reg := stored
	if len(stored.Indicators) == 0 {
		if reg, err = DefaultRegister(); err != nil {
			return Value{}, err
		}
	}
	if _, ok := reg.Indicator(code); !ok {
		return Value{}, perspectief.Errorf(perspectief.CodeNotFound, "De indicator %q bestaat niet.", code)
	}
	v, problems := checkRecord(in.Record(code), reg)
	if len(problems) > 0 {
		fields := make([]perspectief.FieldError, len(problems))
		for i, p := range problems {
			fields[i] = perspectief.FieldError{Path: p.Column, Message: p.Message}
		}
		return Value{}, perspectief.Invalid("De waarde is niet opgeslagen.", fields)
	}
	if len(stored.Indicators) == 0 {
		// Values refer to the register; store the built-in one first, as
		// the CSV import does.
		if err := s.Store.SaveRegister(ctx, reg, u.Email); err != nil {
			return Value{}, err
		}
	}
	return v, s.Store.SaveValue(ctx, v, u.Email)
}

// ImportShapes reads a GeoJSON file of wijken or buurten (see geo.Read)
// and stores its outlines, which the maps then draw. It returns the shapes
// stored.
func (s *Service) ImportShapes(ctx context.Context, u account.User, name string, r io.Reader) ([]geo.Shape, error) {
	if err := s.CanImportShapes(u); err != nil {
		return nil, err
	}
	shapes, err := geo.Read(name, r)
	if err != nil {
		return nil, err
	}
	return shapes, s.Shapes.SaveShapes(ctx, shapes, name, u.Email)
}
