-- Queries of store.Shapes (shapes.go): the area shapes of the maps.
-- Written once for SQLite and PostgreSQL with ? placeholders (see queries.go).

-- name: UpsertShape
INSERT INTO area_shapes (code, level, gemeente, name, rings, source, imported_at, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (code) DO UPDATE SET level = excluded.level, gemeente = excluded.gemeente, name = excluded.name, rings = excluded.rings,
  source = excluded.source, imported_at = excluded.imported_at, actor = excluded.actor;

-- name: Shapes
SELECT code, name, rings FROM area_shapes WHERE level = ? AND gemeente = ? ORDER BY code;

-- name: ShapeSets
SELECT level, COUNT(*), COUNT(DISTINCT gemeente), MAX(imported_at) FROM area_shapes GROUP BY level ORDER BY level DESC;

-- name: ShapeSetSource
SELECT source, actor FROM area_shapes WHERE level = ? AND imported_at = ? ORDER BY code LIMIT 1;
