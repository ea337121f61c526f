#!/usr/bin/env bash
# The audit of a large prediction file, end to end: generates ROWS rows (default 10,000,000) of
# label, prediction, score and group into target/bench/ as CSV and as JSON Lines, runs
# `./fairtune audit --json` on each (the launcher, its default heap and its class-data archive: one
# first run writes the archive, then RUNS runs, default 3, read it), and prints each run's wall time,
# rows per second, CPU seconds and peak memory (max RSS, from /usr/bin/time -v), then the medians.
# With BASELINE_CLASSES set to another build's target/classes (say, of the commit before a change),
# each run is followed by the same audit with java on NEW_CLASSES (default target/classes) and on
# BASELINE_CLASSES, no archive, on the CSV (and on the JSON Lines too with BASELINE_JSONL=1), for a
# same-run ratio of the code alone. Works on a fresh machine: the launcher builds what it needs first.
# GENERATE_ONLY=1 writes the files and stops (spark/bench/spark-audit.sh reads the same files).
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-10000000}
RUNS=${RUNS:-3}
mkdir -p target/bench
CSV=target/bench/audit-$ROWS.csv
JSONL=target/bench/audit-$ROWS.jsonl
if [ ! -s "$CSV" ]; then
  echo "generating $ROWS rows into $CSV" >&2
  awk -v n="$ROWS" 'BEGIN { srand(7); print "label,prediction,score,group";
    split("a b c d", gs, " ");
    for (i = 0; i < n; i++) { g = gs[1 + int(rand() * 4)]; y = rand() < 0.3 ? 1 : 0;
      s = y ? 0.35 + 0.6 * rand() : 0.6 * rand(); if (g == "d") s = s * 0.9;
      printf "%d,%d,%.4f,%s\n", y, (s >= 0.5 ? 1 : 0), s, g } }' > "$CSV"
fi
if [ ! -s "$JSONL" ]; then
  echo "writing the same rows as JSON Lines into $JSONL" >&2
  awk -F, 'NR > 1 { printf "{\"label\": %s, \"prediction\": %s, \"score\": %s, \"group\": \"%s\"}\n", $1, $2, $3, $4 }' \
      "$CSV" > "$JSONL"
fi
if [ "${GENERATE_ONLY:-0}" = 1 ]; then exit 0; fi
./fairtune --version >/dev/null 2>&1 || true   # builds the launcher's jar on a fresh machine
declare -A WALLS
run() { # name, then the command
  local name=$1; shift
  local out=target/bench/audit-$ROWS-$name
  "$@" audit -i "$FILE" --label label --prediction prediction --score score -g group --reference a --json \
      --output-file "$out.json" 2> "$out.time" >/dev/null || { echo "$name: exit $? ($(tail -n 3 "$out.time" | head -n 1))"; return 0; }
  local wall rss secs cpu
  wall=$(grep "Elapsed (wall clock)" "$out.time" | awk '{print $NF}')
  rss=$(grep "Maximum resident set size" "$out.time" | awk '{print $NF}')
  cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.1f", s }' "$out.time")
  secs=$(echo "$wall" | awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
  WALLS[$name]="${WALLS[$name]:-} $secs"
  echo "$name audit of $ROWS rows: wall ${secs} s, $(awk -v n="$ROWS" -v s="$secs" 'BEGIN { printf "%.0f", n / s }') rows/s" \
      "end to end, CPU ${cpu} s, peak RSS $((rss / 1024)) MB"
}
CP=$(cat target/fairtune.classpath)
JAVA_FLAGS=(${FAIRTUNE_JAVA_OPTS:--Xmx4g} -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn)
for FILE in "$CSV" "$JSONL"; do
  kind=${FILE##*.}
  rm -f target/cds/audit.jsa
  run "$kind-first-run" /usr/bin/time -v ./fairtune
  for ((r = 1; r <= RUNS; r++)); do
    run "$kind" /usr/bin/time -v ./fairtune
    if [ -n "${BASELINE_CLASSES:-}" ] && { [ "$kind" = csv ] || [ -n "${BASELINE_JSONL:-}" ]; }; then
      run "$kind-java-new" /usr/bin/time -v java "${JAVA_FLAGS[@]}" -cp "${NEW_CLASSES:-target/classes}:$CP" dev.fairtune.cli.FairTuneCli
      run "$kind-java-baseline" /usr/bin/time -v java "${JAVA_FLAGS[@]}" -cp "$BASELINE_CLASSES:$CP" dev.fairtune.cli.FairTuneCli
    fi
  done
done
for name in "${!WALLS[@]}"; do
  echo "${WALLS[$name]}" | tr ' ' '\n' | grep . | sort -n | awk -v name="$name" -v n="$ROWS" \
      '{ w[NR] = $1 } END { m = NR % 2 ? w[(NR + 1) / 2] : (w[NR / 2] + w[NR / 2 + 1]) / 2;
        printf "%s: median wall %.2f s of %d runs, %.2f M rows/s end to end\n", name, m, NR, n / m / 1e6 }'
done | sort
