#!/usr/bin/env bash
# The audit of a large prediction file, end to end: generates ROWS rows (default 10,000,000) of
# label, prediction, score and group into target/bench/, runs `fairtune audit --json` on them with
# the launcher's default heap, and prints the wall time, rows per second and peak memory (max RSS,
# from /usr/bin/time -v). Works on a fresh machine: the launcher builds what it needs first.
# GENERATE_ONLY=1 writes the file and stops (spark/bench/spark-audit.sh reads the same files).
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-10000000}
mkdir -p target/bench
CSV=target/bench/audit-$ROWS.csv
if [ ! -s "$CSV" ]; then
  echo "generating $ROWS rows into $CSV" >&2
  awk -v n="$ROWS" 'BEGIN { srand(7); print "label,prediction,score,group";
    split("a b c d", gs, " ");
    for (i = 0; i < n; i++) { g = gs[1 + int(rand() * 4)]; y = rand() < 0.3 ? 1 : 0;
      s = y ? 0.35 + 0.6 * rand() : 0.6 * rand(); if (g == "d") s = s * 0.9;
      printf "%d,%d,%.4f,%s\n", y, (s >= 0.5 ? 1 : 0), s, g } }' > "$CSV"
fi
if [ "${GENERATE_ONLY:-0}" = 1 ]; then exit 0; fi
./fairtune --version >/dev/null 2>&1 || true   # builds the launcher's jar on a fresh machine
/usr/bin/time -v ./fairtune audit -i "$CSV" --label label --prediction prediction --score score \
    -g group --reference a --json -o target/bench/audit-$ROWS.json 2> target/bench/audit-$ROWS.time >/dev/null
wall=$(grep "Elapsed (wall clock)" target/bench/audit-$ROWS.time | awk '{print $NF}')
rss=$(grep "Maximum resident set size" target/bench/audit-$ROWS.time | awk '{print $NF}')
secs=$(echo "$wall" | awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
echo "audit of $ROWS rows: wall ${secs} s, $(awk -v n="$ROWS" -v s="$secs" 'BEGIN { printf "%.0f", n / s }') rows/s end to end, peak RSS $((rss / 1024)) MB"
