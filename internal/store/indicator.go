package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/indicator"
)

var _ indicator.Store = Indicators{}

// indicatorBatch rows go into one statement: 14 parameters each stays far
// below both databases' limits on parameters per statement.
const indicatorBatch = 400

// SaveRegister inserts or updates every indicator and area of reg in one
// transaction; entries that reg does not name stay, because stored values
// may refer to them. When the indicators changed, the register is kept as
// a new version (kind ingelezen).
func (s Indicators) SaveRegister(ctx context.Context, reg *indicator.Register, actor string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.beginRegisterChange(ctx, tx, actor); err != nil {
			return err
		}
		for i, ind := range reg.Indicators {
			args, err := indicatorArgs(ind)
			if err != nil {
				return err
			}
			if _, err = s.exec(ctx, tx, named("UpsertIndicator"), append([]any{ind.Code, i}, args...)...); err != nil {
				return err
			}
		}
		for i, a := range reg.Areas {
			_, err := s.exec(ctx, tx, named("UpsertArea"),
				a.Code, i, a.Name, a.Kind, a.Level, a.ValidFrom, a.ValidTo, a.Parent, a.Note)
			if err != nil {
				return err
			}
		}
		if _, err := s.recordRegisterVersion(ctx, tx, indicator.RegisterChange{Kind: indicator.VersionImport, Reason: "Register ingelezen", Actor: actor}, true); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "opgeslagen", "indicatorenregister", "", nil, map[string]any{
			"indicatoren": len(reg.Indicators), "gebieden": len(reg.Areas)})
	})
}

// indicatorArgs are the columns of an indicator after code and position,
// in the order of InsertIndicator and UpsertIndicator.
func indicatorArgs(ind indicator.Indicator) ([]any, error) {
	targets, err := json.Marshal(ind.Targets)
	if err != nil {
		return nil, err
	}
	goals, err := json.Marshal(ind.Goals)
	if err != nil {
		return nil, err
	}
	baseline := ""
	if ind.Baseline != nil {
		b, err := json.Marshal(ind.Baseline)
		if err != nil {
			return nil, err
		}
		baseline = string(b)
	}
	return []any{ind.Name, ind.Definition, ind.Unit, ind.Type, ind.Kind, ind.Level, ind.Source, ind.Frequency, ind.Direction,
		string(targets), string(goals), ind.Owner, ind.Note, boolInt(ind.Retired), baseline}, nil
}

// SaveIndicator adds or replaces one indicator and records the register as
// a new version, with an audit event holding the indicator before and
// after.
func (s Indicators) SaveIndicator(ctx context.Context, ind indicator.Indicator, add bool, ch indicator.RegisterChange) (int, error) {
	var n int
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.beginRegisterChange(ctx, tx, ch.Actor); err != nil {
			return err
		}
		before, err := s.indicatorsIn(ctx, tx)
		if err != nil {
			return err
		}
		var old any
		for _, o := range before {
			if o.Code == ind.Code {
				old = o
			}
		}
		args, err := indicatorArgs(ind)
		if err != nil {
			return err
		}
		if add {
			if old != nil {
				return perspectief.Errorf(perspectief.CodeConflict, "De indicator %q bestaat al.", ind.Code)
			}
			if _, err := s.exec(ctx, tx, named("InsertIndicator"), append([]any{ind.Code}, args...)...); err != nil {
				if isUnique(err) {
					return perspectief.Errorf(perspectief.CodeConflict, "De indicator %q bestaat al.", ind.Code)
				}
				return err
			}
		} else {
			res, err := s.exec(ctx, tx, named("UpdateIndicator"), append(args, ind.Code)...)
			if err != nil {
				return err
			}
			if k, err := res.RowsAffected(); err != nil || k == 0 {
				return notFound("indicator", ind.Code)
			}
		}
		if n, err = s.recordRegisterVersion(ctx, tx, ch, false); err != nil {
			return err
		}
		return s.audit(ctx, tx, ch.Actor, ch.Kind, "indicator", ind.Code, old, ind)
	})
	return n, err
}

// RestoreRegister adds or replaces inds, in their order, and records the
// register as a new version with ch, with an audit event naming it.
func (s Indicators) RestoreRegister(ctx context.Context, inds []indicator.Indicator, ch indicator.RegisterChange) (int, error) {
	var n int
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.beginRegisterChange(ctx, tx, ch.Actor); err != nil {
			return err
		}
		for i, ind := range inds {
			args, err := indicatorArgs(ind)
			if err != nil {
				return err
			}
			if _, err = s.exec(ctx, tx, named("UpsertIndicator"), append([]any{ind.Code, i}, args...)...); err != nil {
				return err
			}
		}
		var err error
		if n, err = s.recordRegisterVersion(ctx, tx, ch, false); err != nil {
			return err
		}
		return s.audit(ctx, tx, ch.Actor, ch.Kind, "indicatorenregister", strconv.Itoa(n), nil,
			map[string]any{"reden": ch.Reason, "indicatoren": len(inds)})
	})
	return n, err
}

// beginRegisterChange stores the register as it is as version 1 when a
// database that had a register before versions existed changes for the
// first time.
func (s Indicators) beginRegisterChange(ctx context.Context, tx *sql.Tx, actor string) error {
	var n int
	err := tx.QueryRowContext(ctx, named("LatestRegisterVersion")).Scan(&n, new(string))
	if err == nil || !isNoRows(err) {
		return err
	}
	inds, err := s.indicatorsIn(ctx, tx)
	if err != nil || len(inds) == 0 {
		return err
	}
	return s.insertRegisterVersion(ctx, tx, 1, indicator.RegisterChange{Kind: indicator.VersionImport, Actor: actor,
		Reason: "Het register zoals het was toen versies werden bijgehouden"}, nil, inds)
}

// recordRegisterVersion stores the indicators as tx left them with what
// differs from the version before, and returns its number. onlyChanged
// skips a version that would change nothing (0 is returned).
func (s Indicators) recordRegisterVersion(ctx context.Context, tx *sql.Tx, ch indicator.RegisterChange, onlyChanged bool) (int, error) {
	inds, err := s.indicatorsIn(ctx, tx)
	if err != nil {
		return 0, err
	}
	var last int
	var prevJSON string
	var changes []indicator.RegisterDifference
	err = tx.QueryRowContext(ctx, named("LatestRegisterVersion")).Scan(&last, &prevJSON)
	switch {
	case isNoRows(err):
	case err != nil:
		return 0, err
	default:
		var prev []indicator.Indicator
		if err := json.Unmarshal([]byte(prevJSON), &prev); err != nil {
			return 0, err
		}
		changes = indicator.DiffIndicators(prev, inds)
		if len(changes) == 0 && onlyChanged {
			return 0, nil
		}
	}
	if err := s.insertRegisterVersion(ctx, tx, last+1, ch, changes, inds); err != nil {
		if isUnique(err) {
			return 0, perspectief.Errorf(perspectief.CodeConflict, "Het indicatorenregister werd tegelijk door iemand anders gewijzigd; probeer het opnieuw.")
		}
		return 0, err
	}
	return last + 1, nil
}

func (s Indicators) insertRegisterVersion(ctx context.Context, tx *sql.Tx, n int, ch indicator.RegisterChange, changes []indicator.RegisterDifference, inds []indicator.Indicator) error {
	if changes == nil {
		changes = []indicator.RegisterDifference{}
	}
	c, err := json.Marshal(changes)
	if err != nil {
		return err
	}
	all, err := json.Marshal(inds)
	if err != nil {
		return err
	}
	_, err = s.exec(ctx, tx, named("InsertRegisterVersion"), n, timeText(time.Now()), ch.Actor, ch.Kind, ch.Code, ch.Reason, string(c), string(all))
	return err
}

// RegisterVersions lists the register's versions, oldest first, without
// their indicators.
func (s Indicators) RegisterVersions(ctx context.Context) ([]indicator.RegisterVersion, error) {
	rows, err := s.query(ctx, named("RegisterVersions"))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []indicator.RegisterVersion
	for rows.Next() {
		var v indicator.RegisterVersion
		var created, changes string
		if err := rows.Scan(&v.Number, &created, &v.Actor, &v.Kind, &v.Code, &v.Reason, &changes); err != nil {
			return nil, err
		}
		v.CreatedAt = parseTime(created)
		if err := json.Unmarshal([]byte(changes), &v.Changes); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// RegisterVersion returns version n with its indicators.
func (s Indicators) RegisterVersion(ctx context.Context, n int) (*indicator.RegisterVersion, error) {
	var v indicator.RegisterVersion
	var created, changes, inds string
	err := s.queryRow(ctx, named("RegisterVersion"), n).Scan(&v.Number, &created, &v.Actor, &v.Kind, &v.Code, &v.Reason, &changes, &inds)
	if isNoRows(err) {
		return nil, perspectief.Errorf(perspectief.CodeNotFound, "Versie %d van het indicatorenregister bestaat niet.", n)
	}
	if err != nil {
		return nil, err
	}
	v.CreatedAt = parseTime(created)
	if err := json.Unmarshal([]byte(changes), &v.Changes); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(inds), &v.Indicators); err != nil {
		return nil, err
	}
	for i := range v.Indicators {
		v.Indicators[i].NormalizeKind()
	}
	return &v, nil
}

// Register reads the whole register in the order it was saved.
func (s Indicators) Register(ctx context.Context) (*indicator.Register, error) {
	inds, err := s.indicatorsIn(ctx, s.db)
	if err != nil {
		return nil, err
	}
	reg := &indicator.Register{Indicators: inds}
	arows, err := s.query(ctx, named("Areas"))
	if err != nil {
		return nil, err
	}
	defer arows.Close()
	for arows.Next() {
		var a indicator.Area
		if err := arows.Scan(&a.Code, &a.Name, &a.Kind, &a.Level, &a.ValidFrom, &a.ValidTo, &a.Parent, &a.Note); err != nil {
			return nil, err
		}
		reg.Areas = append(reg.Areas, a)
	}
	return reg, arows.Err()
}

// indicatorsIn reads the indicators through q (the database, or a
// transaction that must see its own changes), mapping old kinds.
func (s Indicators) indicatorsIn(ctx context.Context, q queryer) ([]indicator.Indicator, error) {
	rows, err := s.queryIn(ctx, q, named("Indicators"))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []indicator.Indicator
	for rows.Next() {
		var ind indicator.Indicator
		var targets, goals, baseline string
		var retired int
		if err := rows.Scan(&ind.Code, &ind.Name, &ind.Definition, &ind.Unit, &ind.Type, &ind.Kind, &ind.Level, &ind.Source, &ind.Frequency, &ind.Direction, &targets, &goals, &ind.Owner, &ind.Note, &retired, &baseline); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(targets), &ind.Targets); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(goals), &ind.Goals); err != nil {
			return nil, err
		}
		if baseline != "" {
			ind.Baseline = &indicator.Baseline{}
			if err := json.Unmarshal([]byte(baseline), ind.Baseline); err != nil {
				return nil, err
			}
		}
		ind.Retired = retired != 0
		ind.NormalizeKind()
		out = append(out, ind)
	}
	return out, rows.Err()
}

// ImportValues stores values in one transaction; a stored value with the
// same indicator, period, area and group is replaced. The rows are first
// put in a temporary table on the import's own connection, which on
// SQLite takes no lock on the database; the transaction then moves them
// in one statement, so that it holds SQLite's one write lock only for the
// writing itself (issue 17: a web write during a large import waits for
// that lock).
func (s Indicators) ImportValues(ctx context.Context, values []indicator.Value, source, actor string) error {
	inds := map[string]bool{}
	for _, v := range values {
		inds[v.Indicator] = true
	}
	rows := valueRows(values, actor, named("StageImportValues"))
	c, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	for _, q := range []string{named("CreateImportValues"), named("ClearImportValues")} {
		if _, err := c.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	// The table lives as long as the connection, which goes back to the
	// pool: empty it even when the import fails.
	defer c.ExecContext(context.WithoutCancel(ctx), named("DropImportValues"))
	if err := rows.exec(ctx, s.d, c, nil); err != nil {
		return err
	}
	tx, err := c.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, named("MoveImportValues")); err != nil {
		return err
	}
	if err := s.audit(ctx, tx, actor, "ingelezen", "indicatorwaarden", source, nil, map[string]any{"rijen": len(values), "indicatoren": len(inds)}); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// SaveValue stores one value typed in by a user, replacing a stored value
// of the same cell; the audit event holds the value before and after.
func (s Indicators) SaveValue(ctx context.Context, v indicator.Value, actor string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var before any
		var val, num, den, margin sql.NullFloat64
		var sup int
		var src, note string
		err := tx.QueryRowContext(ctx, s.d.rebind(named("IndicatorValueCell")), v.Indicator, v.Period.String(), v.Area, v.Group).Scan(&val, &sup, &num, &den, &margin, &src, &note)
		switch {
		case err == nil:
			old := indicator.Value{Indicator: v.Indicator, Period: v.Period, Area: v.Area, Group: v.Group, Value: val.Float64, Suppressed: sup != 0,
				Num: floatPtr(num), Den: floatPtr(den), Margin: floatPtr(margin), Source: src, Note: note}
			before = auditValue(old)
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		if err := valueRows([]indicator.Value{v}, actor, named("UpsertIndicatorValues")).exec(ctx, s.d, tx, nil); err != nil {
			return err
		}
		key := v.Indicator + " " + v.Period.String() + " " + v.Area + " " + v.Group
		return s.audit(ctx, tx, actor, "ingevoerd", "indicatorwaarde", key, before, auditValue(v))
	})
}

// auditValue is a value as the audit log shows it: the columns of the
// import format.
func auditValue(v indicator.Value) map[string]any {
	m := map[string]any{"periode": v.Period.String(), "gebied": v.Area, "groep": v.Group, "bron": v.Source, "toelichting": v.Note}
	if v.Suppressed {
		m["waarde"] = indicator.SuppressedText
	} else {
		m["waarde"] = v.Value
	}
	for k, p := range map[string]*float64{"teller": v.Num, "noemer": v.Den, "marge": v.Margin} {
		if p != nil {
			m[k] = *p
		}
	}
	return m
}

// valueRows are values as the rows of UpsertIndicatorValues, made before
// a transaction starts so that the transaction only writes. The rows are
// in the order of the table's key (indicator, group, period, area), so
// that SQLite writes each page of the table once.
func valueRows(values []indicator.Value, actor, insert string) *rowBatches {
	now := timeText(time.Now())
	values = slices.Clone(values)
	slices.SortFunc(values, func(a, b indicator.Value) int {
		return cmp.Or(cmp.Compare(a.Indicator, b.Indicator), cmp.Compare(a.Group, b.Group), cmp.Compare(a.Period.Key(), b.Period.Key()), cmp.Compare(a.Area, b.Area))
	})
	rows := newRowBatches(insert, 14, indicatorBatch)
	for _, v := range values {
		var val any
		if !v.Suppressed {
			val = v.Value
		}
		rows.add(v.Indicator, v.Period.String(), v.Period.Key(), v.Area, v.Group, val, boolInt(v.Suppressed),
			nullFloat(v.Num), nullFloat(v.Den), nullFloat(v.Margin), v.Source, v.Note, now, actor)
	}
	return rows
}

// levelPrefix is the prefix of the CBS codes of each level of areas.
var levelPrefix = map[string]string{"gemeente": "GM", "wijk": "WK", "buurt": "BU"}

// StoredValues returns the imported and typed-in values that match f, in
// time order. The trendmonitor's values are read by TrendValues; which of
// the two wins is the indicator service's rule (indicator.Service.Values).
func (s Indicators) StoredValues(ctx context.Context, f indicator.ValueFilter) ([]indicator.Value, error) {
	// The filter decides at run time which conditions the query has, so
	// they are added here rather than written out for every combination.
	q := named("IndicatorValues")
	var args []any
	if f.Indicator != "" {
		q += ` AND indicator = ?`
		args = append(args, f.Indicator)
	} else {
		// Every value's indicator is in the register (a foreign key); named
		// as a list, each indicator is a seek in the indexes that start
		// with it, instead of a scan of every value (the doelenboom asks for
		// the gemeente totals of all indicators).
		q += ` AND indicator IN (SELECT code FROM indicators)`
	}
	for _, c := range []struct {
		cond string
		val  any
		set  bool
	}{
		{` AND area = ?`, f.Area, f.Area != ""},
		{` AND grp = ?`, f.Group, f.Group != ""},
		{` AND period_key = ?`, f.Period.Key(), f.Period.Kind != 0},
	} {
		if c.set {
			q += c.cond
			args = append(args, c.val)
		}
	}
	level := f.Level
	if f.Gemeente {
		level = "gemeente"
	}
	prefix, ok := levelPrefix[level]
	if !ok {
		return s.valuesOf(ctx, q+` ORDER BY indicator, period_key, area, grp`, args...)
	}
	// The CBS codes of the level are a range of codes, which the index
	// indicator_values_area seeks. The register's other areas of the level
	// (rare) are read apart: with an OR, SQLite would read every value of
	// the indicator instead.
	end := prefix[:1] + string(prefix[1]+1)
	out, err := s.valuesOf(ctx, q+` AND area >= ? AND area < ? ORDER BY indicator, period_key, area, grp`, append(slices.Clip(args), prefix, end)...)
	if err != nil {
		return nil, err
	}
	others, err := queryColumn[string](ctx, s.conn, named("AreasOfLevelOutside"), level, prefix, end)
	if err != nil || len(others) == 0 {
		return out, err
	}
	for _, o := range others {
		args = append(args, o)
	}
	more, err := s.valuesOf(ctx, q+` AND `+inList(`area IN (?)`, len(others)), args...)
	if err != nil {
		return nil, err
	}
	out = append(out, more...)
	slices.SortFunc(out, func(a, b indicator.Value) int {
		return cmp.Or(cmp.Compare(a.Indicator, b.Indicator), cmp.Compare(a.Period.Key(), b.Period.Key()), cmp.Compare(a.Area, b.Area), cmp.Compare(a.Group, b.Group))
	})
	return out, nil
}

// valuesOf runs a query of IndicatorValues' columns.
func (s Indicators) valuesOf(ctx context.Context, q string, args ...any) ([]indicator.Value, error) {
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []indicator.Value
	for rows.Next() {
		var v indicator.Value
		var period string
		var val, num, den, margin sql.NullFloat64
		var sup int
		if err := rows.Scan(&v.Indicator, &period, &v.Area, &v.Group, &val, &sup, &num, &den, &margin, &v.Source, &v.Note); err != nil {
			return nil, err
		}
		if v.Period, err = indicator.ParsePeriod(period); err != nil {
			return nil, err
		}
		v.Value, v.Suppressed = val.Float64, sup != 0
		v.Num, v.Den, v.Margin = floatPtr(num), floatPtr(den), floatPtr(margin)
		out = append(out, v)
	}
	return out, rows.Err()
}

// StoredGroups lists the groups of an indicator's imported values, sorted.
func (s Indicators) StoredGroups(ctx context.Context, code string) ([]string, error) {
	// A loose index scan (see the query).
	return queryColumn[string](ctx, s.conn, named("IndicatorValueGroups"), code, code)
}

// StoredPeriods lists the periods of an indicator's imported values in one
// group, in time order, by a loose index scan over the period keys.
func (s Indicators) StoredPeriods(ctx context.Context, code, group string) ([]indicator.Period, error) {
	rows, err := s.query(ctx, named("IndicatorValuePeriods"), code, group, code, group)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []indicator.Period
	for rows.Next() {
		var k int
		if err := rows.Scan(&k); err != nil {
			return nil, err
		}
		p, ok := indicator.PeriodOfKey(k)
		if !ok {
			return nil, fmt.Errorf("stored period key %d is no period", k)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

func nullFloat(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func floatPtr(n sql.NullFloat64) *float64 {
	if !n.Valid {
		return nil
	}
	v := n.Float64
	return &v
}
