#!/usr/bin/env bash
# Measures one perspectief binary the way issue 17 §3 asks, on a database of
# its own: makes the demo database, serves it, runs the load tool's issue17
# preset with the server's CPU per request and a 280,000-row import, then
# times the 2025 report's PDF four times. Output: /tmp/measure-LABEL.txt.
#
#   (cd bench && go build -o /tmp/load ./cmd/load && go build -o /tmp/valuesgen ./cmd/valuesgen)
#   /tmp/valuesgen -rows 280000 -out /tmp/w280.csv
#   bench/measure.sh after /tmp/perspectief
#
# Environment: LOAD (/tmp/load), VALUES (/tmp/w280.csv), PORT (18491).
set -euo pipefail
L=$1 BIN=$2
LOAD=${LOAD:-/tmp/load} VALUES=${VALUES:-/tmp/w280.csv} PORT=${PORT:-18491}
DB=/tmp/m-$L.db
rm -f "$DB" "$DB-wal" "$DB-shm"
"$BIN" demo --addr 127.0.0.1:$PORT --db "$DB" > /tmp/m-$L.log 2>&1 &
DEMO=$!
for _ in $(seq 1 180); do grep -q "draait op" /tmp/m-$L.log && break; sleep 1; done
kill $DEMO; wait $DEMO 2>/dev/null || true
"$BIN" server --addr 127.0.0.1:$PORT --db "$DB" > /tmp/m-$L-srv.log 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -s -o /dev/null http://127.0.0.1:$PORT/livez && break; sleep 1; done
{
	echo "# $L $(date -u +%H:%M:%S) load: $(cut -d' ' -f1-3 /proc/loadavg)"
	"$LOAD" -url http://127.0.0.1:$PORT -preset issue17 -duration 15s -server-pid $PID -import "$VALUES"
	echo "# pdf $(date -u +%H:%M:%S) load: $(cut -d' ' -f1-3 /proc/loadavg)"
	"$LOAD" -url http://127.0.0.1:$PORT -document /rapportage/2025/rapport.pdf -n 4
	echo "# end $(date -u +%H:%M:%S) load: $(cut -d' ' -f1-3 /proc/loadavg)"
} > /tmp/measure-$L.txt 2>&1
cat /tmp/measure-$L.txt
