package store

import (
	"context"
	"database/sql"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/eligibility"
)

var _ eligibility.VersionStore = Rules{}

// AddRuleVersion stores a version of a scheme file with its audit event in
// one transaction.
func (s Rules) AddRuleVersion(ctx context.Context, v *eligibility.StoredVersion) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		validTo := ""
		if !v.ValidTo.IsZero() {
			validTo = v.ValidTo.Format(dateLayout)
		}
		id, err := s.insertID(ctx, tx, named("InsertRuleVersion"),
			v.Code, v.Version, v.File, string(v.Content), v.SHA256, v.ValidFrom.Format(dateLayout), validTo, v.Origin, v.Actor, timeText(v.LoadedAt))
		if err != nil {
			if isUnique(err) {
				return perspectief.Errorf(perspectief.CodeConflict, "versie %q van regeling %q bestaat al", v.Version, v.Code)
			}
			return err
		}
		v.ID = id
		return s.audit(ctx, tx, v.Actor, "ingelezen", "regelversie", v.Code+" "+v.Version, nil, map[string]any{
			"regeling": v.Code, "versie": v.Version, "bestand": v.File, "sha256": v.SHA256, "herkomst": v.Origin,
			"geldig_van": v.ValidFrom.Format(dateLayout), "geldig_tot": validTo})
	})
}

// RuleVersions returns every stored version in the order stored.
func (s Rules) RuleVersions(ctx context.Context) ([]eligibility.StoredVersion, error) {
	rows, err := s.query(ctx, named("RuleVersions"))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []eligibility.StoredVersion
	for rows.Next() {
		var v eligibility.StoredVersion
		var content, from, to, loaded string
		if err := rows.Scan(&v.ID, &v.Code, &v.Version, &v.File, &content, &v.SHA256, &from, &to, &v.Origin, &v.Actor, &loaded); err != nil {
			return nil, err
		}
		v.Content = []byte(content)
		v.ValidFrom = parseDate(from)
		v.ValidTo = parseDate(to)
		v.LoadedAt = parseTime(loaded)
		out = append(out, v)
	}
	return out, rows.Err()
}

// RuleVersionStamp returns the highest version ID, 0 when none is stored.
func (s Rules) RuleVersionStamp(ctx context.Context) (int64, error) {
	var id sql.NullInt64
	err := s.queryRow(ctx, named("RuleVersionStamp")).Scan(&id)
	return id.Int64, err
}
