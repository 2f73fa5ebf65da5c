package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"time"

	"github.com/perspectief/perspectief/internal/geo"
)

var _ geo.Store = Shapes{}

// SaveShapes stores imported outlines in one transaction with one audit
// event; a stored outline with the same code is replaced, others stay.
func (s Shapes) SaveShapes(ctx context.Context, shapes []geo.Shape, source, actor string) error {
	now := timeText(time.Now())
	return s.tx(ctx, func(tx *sql.Tx) error {
		levels := map[string]int{}
		for _, sh := range shapes {
			rings, err := json.Marshal(sh.Rings)
			if err != nil {
				return err
			}
			level := geo.Level(sh.Code)
			levels[level]++
			_, err = s.exec(ctx, tx, named("UpsertShape"),
				sh.Code, level, geo.Gemeente(sh.Code), sh.Name, string(rings), source, now, actor)
			if err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, actor, "ingelezen", "kaartbestand", source, nil, map[string]any{"wijken": levels[geo.Wijk], "buurten": levels[geo.Buurt]})
	})
}

// Shapes returns the stored outlines of one level in one gemeente.
func (s Shapes) Shapes(ctx context.Context, level, gemeente string) ([]geo.Shape, error) {
	rows, err := s.query(ctx, named("Shapes"), level, gemeente)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []geo.Shape
	for rows.Next() {
		var sh geo.Shape
		var rings string
		if err := rows.Scan(&sh.Code, &sh.Name, &rings); err != nil {
			return nil, err
		}
		if err := json.NewDecoder(strings.NewReader(rings)).Decode(&sh.Rings); err != nil {
			return nil, err
		}
		out = append(out, sh)
	}
	return out, rows.Err()
}

// ShapeSets describes the stored outlines per level, with the source and
// time of the latest import.
func (s Shapes) ShapeSets(ctx context.Context) ([]geo.Set, error) {
	rows, err := s.query(ctx, named("ShapeSets"))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []geo.Set
	var at []string
	for rows.Next() {
		var set geo.Set
		var t string
		if err := rows.Scan(&set.Level, &set.Count, &set.Gemeenten, &t); err != nil {
			return nil, err
		}
		set.ImportedAt = parseTime(t)
		out = append(out, set)
		at = append(at, t)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	for i := range out {
		err := s.queryRow(ctx, named("ShapeSetSource"), out[i].Level, at[i]).
			Scan(&out[i].Source, &out[i].Actor)
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
