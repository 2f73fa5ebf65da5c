// Command duckcompare computes the trendmonitor's indicator table with
// DuckDB, in SQL, from a Parquet panel and a norms file, as an independent
// reference for the Go engine's results and speed. It does no input
// validation: it is meant for panels made by `perspectief generate panel`.
//
//	duckcompare --panel panel.parquet --out duck.csv [--norms norms.csv] [--min-cell 10] [--threads 2]
//	duckcompare --write-default-norms norms.csv
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/perspectief/perspectief/internal/norms"
)

func main() {
	panel := flag.String("panel", "", "panel Parquet file (required)")
	out := flag.String("out", "", "indicator table CSV to write (required)")
	normsPath := flag.String("norms", "", "norms CSV (default: the project's default norms)")
	minCell := flag.Int("min-cell", 10, "minimum cell size k for disclosure control")
	threads := flag.Int("threads", 2, "DuckDB threads")
	memLimit := flag.String("memory-limit", "", "DuckDB memory_limit, e.g. 4GB (default: DuckDB's own)")
	dumpNorms := flag.String("write-default-norms", "", "write the project's default norms to this file and exit")
	flag.BoolVar(&verbose, "v", false, "print the time of each SQL statement")
	flag.Parse()

	if *dumpNorms != "" {
		if err := os.WriteFile(*dumpNorms, norms.DefaultCSV(), 0o644); err != nil {
			fatal(err)
		}
		return
	}
	if *panel == "" || *out == "" || *minCell < 1 {
		flag.Usage()
		os.Exit(2)
	}
	start := time.Now()
	if err := run(context.Background(), *panel, *normsPath, *out, *minCell, *threads, *memLimit); err != nil {
		fatal(err)
	}
	fmt.Fprintf(os.Stderr, "duckdb: %s in %.2fs, peak RSS %s\n", *out, time.Since(start).Seconds(), peakRSS())
}

var verbose bool

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "duckcompare:", err)
	os.Exit(1)
}

func run(ctx context.Context, panel, normsPath, out string, minCell, threads int, memLimit string) error {
	if normsPath == "" {
		f, err := os.CreateTemp("", "norms-*.csv")
		if err != nil {
			return err
		}
		defer os.Remove(f.Name())
		if _, err := f.Write(norms.DefaultCSV()); err != nil {
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
		normsPath = f.Name()
	}
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return err
	}
	defer db.Close()
	// One connection: SET and TEMP tables are per connection.
	db.SetMaxOpenConns(1)

	tmp, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".*.tmp")
	if err != nil {
		return err
	}
	tmp.Close()
	defer os.Remove(tmp.Name())

	// Row order of the output is free, so DuckDB need not keep it.
	stmts := []string{fmt.Sprintf("SET threads = %d", threads), "SET preserve_insertion_order = false"}
	if memLimit != "" {
		stmts = append(stmts, "SET memory_limit = "+quote(memLimit))
	}
	v2, err := hasVersion2(ctx, db, quote(panel))
	if err != nil {
		return err
	}
	if verbose {
		fmt.Fprintf(os.Stderr, "panel with the section 6 columns: %v\n", v2)
	}
	stmts = append(stmts, script(quote(panel), quote(normsPath), minCell, v2)...)
	stmts = append(stmts, "COPY (SELECT indicator, jaar, niveau, gebied, groep, teller, noemer, waarde, onderdrukt FROM result) TO "+
		quote(tmp.Name())+" (FORMAT csv, HEADER true, DELIMITER ',')")
	for _, s := range stmts {
		t := time.Now()
		if _, err := db.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("%w\nin: %s", err, firstLine(s))
		}
		if verbose {
			fmt.Fprintf(os.Stderr, "%6.2fs  %s\n", time.Since(t).Seconds(), firstLine(s))
		}
	}
	return os.Rename(tmp.Name(), out)
}

func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i > 0 {
		return s[:i] + " ..."
	}
	return s
}

// v2cols are the optional columns of the spec's section 6. duckcompare
// handles panels with all of them or none, as the generator writes them.
var v2cols = []string{"leeftijd", "opleiding", "participatiewet", "jeugdwet", "wmo"}

// hasVersion2 reports whether the panel has the section 6 columns.
func hasVersion2(ctx context.Context, db *sql.DB, panel string) (bool, error) {
	var n int
	q := `SELECT count(*) FROM (DESCRIBE SELECT * FROM read_parquet(` + panel + `)) WHERE column_name IN ('` +
		strings.Join(v2cols, "', '") + `')`
	if err := db.QueryRowContext(ctx, q).Scan(&n); err != nil {
		return false, err
	}
	if n != 0 && n != len(v2cols) {
		return false, fmt.Errorf("the panel has %d of the 5 section 6 columns; duckcompare needs all or none", n)
	}
	return n == len(v2cols), nil
}

// script is the indicator table of the trendmonitor spec in SQL. Every
// count and sum is additive, so the panel is first reduced to cells of
// (jaar, buurt, type, bron) and the nine area-by-group combinations are
// rolled up from those cells with GROUPING SETS. With v2 (section 6) the
// cells are also split by age band (lf) and education level (opl), with
// the users of each flag at or below 110%, and six more combinations and
// three more indicators follow.
func script(panel, normsFile string, k int, v2 bool) []string {
	// The pieces that only a version 2 panel has; empty for version 1, so
	// that its SQL is what it was.
	var popCols, dims, cellCols, aggGroup, aggSums, sets, inds, tellers, ths string
	if v2 {
		popCols = `,
  CASE WHEN p.leeftijd < 25 THEN 'tot_25' WHEN p.leeftijd < 45 THEN '25_44'
       WHEN p.leeftijd < 65 THEN '45_64' ELSE '65_plus' END AS lf,
  coalesce(nullif(p.opleiding, ''), 'onbekend') AS opl,
  p.participatiewet::INTEGER = 1 AS pw, p.jeugdwet::INTEGER = 1 AS jw, p.wmo::INTEGER = 1 AS wmo`
		dims = ", lf, opl"
		cellCols = `,
  count(*) FILTER (WHERE l110 AND pw) AS pw110,
  count(*) FILTER (WHERE l110 AND jw) AS jw110,
  count(*) FILTER (WHERE l110 AND wmo) AS wmo110`
		aggGroup = `
       WHEN grouping(c.lf) = 0 THEN 'leeftijd:' || c.lf
       WHEN grouping(c.opl) = 0 THEN 'opleiding:' || c.opl`
		aggSums = `,
  sum(pw110) AS pw110, sum(jw110) AS jw110, sum(wmo110) AS wmo110`
		sets = `,
  (c.jaar, gm, c.lf), (c.jaar, gm, c.opl), (c.jaar, wk, c.lf), (c.jaar, wk, c.opl),
  (c.jaar, bu, c.lf), (c.jaar, bu, c.opl)`
		inds = `,
  (10, 'gebruik_participatiewet_110'), (11, 'gebruik_jeugdwet_110'), (12, 'gebruik_wmo_110')`
		tellers = " WHEN 10 THEN pw110 WHEN 11 THEN jw110 WHEN 12 THEN wmo110"
		ths = tellers
	}
	return []string{
		// The norms, one row per year with a column per category.
		`CREATE TEMP TABLE nt AS
SELECT jaar,
  max(bedrag) FILTER (WHERE categorie = 'alleenstaand') AS alleenstaand,
  max(bedrag) FILTER (WHERE categorie = 'eenouder') AS eenouder,
  max(bedrag) FILTER (WHERE categorie = 'paar') AS paar,
  max(bedrag) FILTER (WHERE categorie = 'alleenstaand_aow') AS alleenstaand_aow,
  max(bedrag) FILTER (WHERE categorie = 'paar_aow') AS paar_aow,
  max(bedrag) FILTER (WHERE categorie = 'per_kind') AS per_kind
FROM read_csv(` + normsFile + `, header = true,
  columns = {'jaar': 'INTEGER', 'categorie': 'VARCHAR', 'bedrag': 'DOUBLE'})
GROUP BY jaar`,

		// The first panel year counts excluded rows too (spec 3).
		`CREATE TEMP TABLE y0 AS SELECT min(jaar)::INTEGER AS y0 FROM read_parquet(` + panel + `)`,

		// The population with its two thresholds. The norm is computed as
		// the spec writes it, in DOUBLE: bedrag + minderjarigen * per_kind,
		// then 1.1 * norm, then the comparison.
		`CREATE TEMP VIEW pop AS
SELECT p.jaar::INTEGER AS jaar, p.huishouden, p.buurt, p.type, p.bron,
  p.personen::BIGINT AS personen, p.minderjarigen::BIGINT AS minderjarigen,
  p.inkomen::DOUBLE <= 1.1::DOUBLE * ((CASE
      WHEN p.aow::INTEGER = 1 AND p.type IN ('alleenstaand', 'eenouder') THEN nt.alleenstaand_aow
      WHEN p.aow::INTEGER = 1 THEN nt.paar_aow
      WHEN p.type = 'alleenstaand' THEN nt.alleenstaand
      WHEN p.type = 'eenouder' THEN nt.eenouder
      ELSE nt.paar END) + (p.minderjarigen::DOUBLE * nt.per_kind)) AS l110,
  p.inkomen::DOUBLE <= 1.2::DOUBLE * ((CASE
      WHEN p.aow::INTEGER = 1 AND p.type IN ('alleenstaand', 'eenouder') THEN nt.alleenstaand_aow
      WHEN p.aow::INTEGER = 1 THEN nt.paar_aow
      WHEN p.type = 'alleenstaand' THEN nt.alleenstaand
      WHEN p.type = 'eenouder' THEN nt.eenouder
      ELSE nt.paar END) + (p.minderjarigen::DOUBLE * nt.per_kind)) AS l120` + popCols + `
FROM read_parquet(` + panel + `) p
JOIN nt ON nt.jaar = p.jaar
WHERE p.uitgesloten IS NULL OR regexp_full_match(p.uitgesloten, '\s*')`,

		`CREATE TEMP TABLE cells AS
SELECT jaar, buurt, type, bron` + dims + `,
  count(*) AS hh,
  count(*) FILTER (WHERE l110) AS hh110,
  count(*) FILTER (WHERE l120) AS hh120,
  sum(personen) AS p,
  coalesce(sum(personen) FILTER (WHERE l110), 0) AS p110,
  coalesce(sum(personen) FILTER (WHERE l120), 0) AS p120,
  sum(minderjarigen) AS m,
  coalesce(sum(minderjarigen) FILTER (WHERE l110), 0) AS m110,
  coalesce(sum(minderjarigen) FILTER (WHERE l120), 0) AS m120,
  count(*) FILTER (WHERE minderjarigen > 0) AS hm,
  count(*) FILTER (WHERE minderjarigen > 0 AND l110) AS hm110,
  count(*) FILTER (WHERE minderjarigen > 0 AND l120) AS hm120` + cellCols + `
FROM pop GROUP BY ALL`,

		// Durations by gaps and islands: among a household's years at or
		// below 110%, consecutive years share jaar - row_number(); the
		// duration in a year is its position within its island. A year
		// absent or excluded is not in the set, so it ends the run.
		`CREATE TEMP TABLE longcells AS
WITH low AS (
  SELECT jaar, huishouden, buurt, type, bron` + dims + `, personen, minderjarigen,
    jaar - row_number() OVER (PARTITION BY huishouden ORDER BY jaar) AS island
  FROM pop WHERE l110
), dur AS (
  SELECT *, row_number() OVER (PARTITION BY huishouden, island ORDER BY jaar) AS duration
  FROM low
)
SELECT jaar, buurt, type, bron` + dims + `,
  count(*) AS hhl, sum(personen) AS pl, sum(minderjarigen) AS ml,
  count(*) FILTER (WHERE minderjarigen > 0) AS hml
FROM dur WHERE duration >= 4 GROUP BY ALL`,

		`CREATE TEMP TABLE agg AS
SELECT c.jaar,
  CASE WHEN grouping(bu) = 0 THEN 'buurt' WHEN grouping(wk) = 0 THEN 'wijk' ELSE 'gemeente' END AS niveau,
  coalesce(bu, wk, gm) AS gebied,
  CASE WHEN grouping(c.type) = 0 THEN 'type:' || c.type
       WHEN grouping(c.bron) = 0 THEN 'bron:' || c.bron` + aggGroup + ` ELSE 'totaal' END AS groep,
  sum(hh) AS hh, sum(hh110) AS hh110, sum(hh120) AS hh120,
  sum(p) AS p, sum(p110) AS p110, sum(p120) AS p120,
  sum(m) AS m, sum(m110) AS m110, sum(m120) AS m120,
  sum(hm) AS hm, sum(hm110) AS hm110, sum(hm120) AS hm120,
  sum(coalesce(hhl, 0)) AS hhl, sum(coalesce(pl, 0)) AS pl,
  sum(coalesce(ml, 0)) AS ml, sum(coalesce(hml, 0)) AS hml` + aggSums + `
FROM (
  SELECT c.*, l.hhl, l.pl, l.ml, l.hml,
    'GM' || substr(c.buurt, 3, 4) AS gm, 'WK' || substr(c.buurt, 3, 6) AS wk, c.buurt AS bu
  FROM cells c LEFT JOIN longcells l USING (jaar, buurt, type, bron` + dims + `)
) c
GROUP BY GROUPING SETS (
  (c.jaar, gm), (c.jaar, gm, c.type), (c.jaar, gm, c.bron),
  (c.jaar, wk), (c.jaar, wk, c.type), (c.jaar, wk, c.bron),
  (c.jaar, bu), (c.jaar, bu, c.type), (c.jaar, bu, c.bron)` + sets + `)`,

		// One row per indicator: each cell of agg is joined with the nine
		// indicators; nh and th are the households behind the denominator
		// and the numerator (for minderjarigen_*: those with minors). The
		// 4jaar rows exist from the panel's fourth year on.
		`CREATE TEMP TABLE ind (id INTEGER, indicator VARCHAR)`,
		`INSERT INTO ind VALUES (1, 'huishoudens_110'), (2, 'huishoudens_120'), (3, 'personen_110'),
  (4, 'personen_120'), (5, 'minderjarigen_110'), (6, 'minderjarigen_120'),
  (7, 'huishoudens_110_4jaar'), (8, 'personen_110_4jaar'), (9, 'minderjarigen_110_4jaar')` + inds,
		fmt.Sprintf(`CREATE TEMP VIEW result AS
WITH v AS (
  SELECT i.indicator, a.jaar, a.niveau, a.gebied, a.groep,
    CASE i.id WHEN 1 THEN hh110 WHEN 2 THEN hh120 WHEN 3 THEN p110 WHEN 4 THEN p120
      WHEN 5 THEN m110 WHEN 6 THEN m120 WHEN 7 THEN hhl WHEN 8 THEN pl`+tellers+` ELSE ml END AS teller,
    CASE WHEN i.id IN (1, 2, 7) THEN hh WHEN i.id IN (3, 4, 8) THEN p WHEN i.id >= 10 THEN hh110 ELSE m END AS noemer,
    CASE WHEN i.id IN (5, 6, 9) THEN hm WHEN i.id >= 10 THEN hh110 ELSE hh END AS nh,
    CASE i.id WHEN 1 THEN hh110 WHEN 2 THEN hh120 WHEN 3 THEN hh110 WHEN 4 THEN hh120
      WHEN 5 THEN hm110 WHEN 6 THEN hm120 WHEN 7 THEN hhl WHEN 8 THEN hhl`+ths+` ELSE hml END AS th
  FROM agg a CROSS JOIN y0 JOIN ind i ON i.id <= 6 OR i.id >= 10 OR a.jaar - 3 >= y0.y0
)
SELECT indicator, jaar, niveau, gebied, groep,
  CASE WHEN sup THEN NULL ELSE teller::BIGINT END AS teller,
  CASE WHEN sup THEN NULL ELSE noemer::BIGINT END AS noemer,
  CASE WHEN sup OR noemer = 0 THEN NULL ELSE 100.0::DOUBLE * teller::DOUBLE / noemer::DOUBLE END AS waarde,
  CASE WHEN sup THEN 1 ELSE 0 END AS onderdrukt
FROM (SELECT *, (nh < %d OR (th >= 1 AND th <= %d)) AS sup FROM v)`, k, k-1),
	}
}

// peakRSS reads the process's high-water mark of resident memory, which
// includes DuckDB's allocations outside the Go heap.
func peakRSS() string {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}
