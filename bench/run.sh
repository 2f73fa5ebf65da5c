#!/usr/bin/env bash
# Compares the Go trendmonitor engine with DuckDB on one synthetic panel:
# generates a Parquet panel, times `perspectief trend compute` and
# `duckcompare` (DuckDB, 2 threads) under /usr/bin/time -v for wall time and
# peak RSS, checks that both indicator tables agree, and prints the ratio.
#
#   bench/run.sh                       # 1,000,000 households x 2015-2024, all of NL
#   HOUSEHOLDS=8000000 bench/run.sh    # the 80M-row benchmark
#   V1=1 bench/run.sh                  # a panel without the section 6 columns
#
# Environment: HOUSEHOLDS (1000000), AREA (nl|groningen), YEARS (2015-2024),
# SEED (1), MIN_CELL (10), THREADS (DuckDB threads, 2), V1 (1: generate the
# panel of spec sections 1-5 only, without leeftijd, opleiding and the usage
# flags), WORK (a directory for the files; default a new one under /tmp,
# kept afterwards).
set -euo pipefail

HOUSEHOLDS=${HOUSEHOLDS:-1000000}
AREA=${AREA:-nl}
YEARS=${YEARS:-2015-2024}
SEED=${SEED:-1}
MIN_CELL=${MIN_CELL:-10}
THREADS=${THREADS:-2}
V1=${V1:-0}
GENFLAGS=()
if [ "$V1" = 1 ]; then
	GENFLAGS=(--v1)
fi
WORK=${WORK:-$(mktemp -d /tmp/perspectief-bench.XXXXXX)}
mkdir -p "$WORK"

BENCH=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$BENCH/.." && pwd)
TIME=/usr/bin/time
if ! "$TIME" -v true >/dev/null 2>&1; then
	echo "run.sh: needs GNU time at /usr/bin/time (apt-get install time)" >&2
	exit 1
fi

echo "== building (work dir $WORK)"
(cd "$ROOT" && go build -o "$WORK/perspectief" ./cmd/perspectief)
(cd "$BENCH" && go build -o "$WORK/duckcompare" ./cmd/duckcompare && go build -o "$WORK/tablecmp" ./cmd/tablecmp)

PANEL=$WORK/panel.parquet
NORMS=$WORK/norms.csv
echo "== generating $HOUSEHOLDS households, $YEARS, area $AREA, seed $SEED, v1 $V1"
"$TIME" -v -o "$WORK/generate.time" \
	"$WORK/perspectief" generate panel --area "$AREA" --households "$HOUSEHOLDS" \
	--years "$YEARS" --seed "$SEED" "${GENFLAGS[@]}" --out "$PANEL"
"$WORK/duckcompare" --write-default-norms "$NORMS"

# seconds and peak RSS (MiB) from a /usr/bin/time -v report
wall() {
	awk -F': ' '/Elapsed \(wall clock\)/ {
		n = split($2, p, ":"); s = 0
		for (i = 1; i <= n; i++) s = s * 60 + p[i]
		printf "%.2f", s }' "$1"
}
rss() { awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$1"; }
# user + system CPU seconds: steadier than wall time on a busy machine
cpu() { awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$1"; }

ENGINE=yes
# help exits 2, so capture it before grep (pipefail would see the 2).
USAGE=$("$WORK/perspectief" help 2>&1 || true)
if ! grep -qE '^ +trend ' <<<"$USAGE"; then
	ENGINE=no
	echo "== the engine's CLI (perspectief trend compute) is not in this build: DuckDB side only"
fi

if [ "$ENGINE" = yes ]; then
	echo "== engine: perspectief trend compute"
	"$TIME" -v -o "$WORK/engine.time" \
		"$WORK/perspectief" trend compute --panel "$PANEL" --norms "$NORMS" \
		--min-cell "$MIN_CELL" --out "$WORK/engine.csv"
fi

echo "== duckdb: duckcompare ($THREADS threads)"
"$TIME" -v -o "$WORK/duck.time" \
	"$WORK/duckcompare" --panel "$PANEL" --norms "$NORMS" --min-cell "$MIN_CELL" \
	--threads "$THREADS" --out "$WORK/duck.csv"

ROWS=$(($(wc -l <"$WORK/duck.csv") - 1))
echo
echo "panel:  $(du -h "$PANEL" | cut -f1)B Parquet, generated in $(wall "$WORK/generate.time") s (cpu $(cpu "$WORK/generate.time") s), peak $(rss "$WORK/generate.time") MiB"
echo "duckdb: $(wall "$WORK/duck.time") s (cpu $(cpu "$WORK/duck.time") s), peak $(rss "$WORK/duck.time") MiB, $ROWS indicator rows"
if [ "$ENGINE" = yes ]; then
	echo "engine: $(wall "$WORK/engine.time") s (cpu $(cpu "$WORK/engine.time") s), peak $(rss "$WORK/engine.time") MiB"
	awk -v et="$(wall "$WORK/engine.time")" -v dt="$(wall "$WORK/duck.time")" \
		-v em="$(rss "$WORK/engine.time")" -v dm="$(rss "$WORK/duck.time")" 'BEGIN {
		printf "ratio:  duckdb/engine time %.2f, memory %.2f\n", dt / et, dm / em }'
	"$WORK/tablecmp" "$WORK/engine.csv" "$WORK/duck.csv"
fi
echo "files in $WORK"
