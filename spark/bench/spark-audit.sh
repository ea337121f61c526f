#!/usr/bin/env bash
# The Spark audit on local[2] against the single-JVM `fairtune audit` of the same CSV files, end to
# end (JVM start, reading the CSV, the audit, writing the JSON), with peak memory (max RSS, from
# /usr/bin/time -v), and a check that both JSON documents agree within 1e-12.
#   ROWS_LIST    row counts of the rows series (default "1000000 10000000"); the files are
#                bench/audit-10m.sh's (label, prediction, score with 4 decimals, 4 groups), and that
#                script times the single-JVM audit
#   GROUPS_LIST  group counts of the groups series (default "4 64 1024"), GROUP_ROWS rows each (default 2000000)
#   SPARK_ONLY   row counts timed with Spark only (default none; the single JVM cannot hold 100 million rows in 24 GB)
#   (an empty ROWS_LIST or GROUPS_LIST skips that series)
# Run from anywhere after `mvn install -DskipTests` in the repository root; heavy, so on a shared
# machine: flock /work/notes/heavy.lock nice spark/bench/spark-audit.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS_LIST=${ROWS_LIST-"1000000 10000000"}
GROUPS_LIST=${GROUPS_LIST-"4 64 1024"}
GROUP_ROWS=${GROUP_ROWS:-2000000}
SPARK_ONLY=${SPARK_ONLY:-}
HEAP=${HEAP:-4g}
mkdir -p target/bench
(cd spark && mvn -B -ntp -q package -DskipTests && mvn -B -ntp -q dependency:build-classpath \
    -Dmdep.outputFile=target/bench-classpath.txt)
CP="spark/target/classes:$(cat spark/target/bench-classpath.txt)"
OPENS="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true"

seconds() { # wall clock of /usr/bin/time -v's file, in seconds
  grep "Elapsed (wall clock)" "$1" | awk '{print $NF}' | awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }'
}
rss_mb() { echo $(( $(grep "Maximum resident set size" "$1" | awk '{print $NF}') / 1024 )); }
cpu_s() { grep -E "User time|System time" "$1" | awk '{ s += $NF } END { print s }'; }

# spark NAME CSV ARGS...: the Spark audit of CSV on local[2]; prints wall, audit-only time and RSS
spark() {
  local name=$1 csv=$2; shift 2
  # shellcheck disable=SC2086
  /usr/bin/time -v java -Xmx"$HEAP" $OPENS -Dspark.master='local[2]' -Dspark.ui.enabled=false \
      -Dspark.driver.host=127.0.0.1 -Dspark.sql.shuffle.partitions=2 -Dlog4j2.level=warn -cp "$CP" \
      dev.fairtune.spark.AuditMain -i "$csv" "$@" --output-file "target/bench/spark-$name.json" \
      2> "target/bench/spark-$name.time" >/dev/null
  local audit; audit=$(grep -o "audited .*" "target/bench/spark-$name.time")
  echo "spark  $name: wall $(seconds "target/bench/spark-$name.time") s end to end, CPU $(cpu_s "target/bench/spark-$name.time") s, peak RSS $(rss_mb "target/bench/spark-$name.time") MB; $audit"
}

# single NAME CSV ARGS...: the single-JVM audit (the launcher's default heap, as bench/audit-10m.sh)
single() {
  local name=$1 csv=$2; shift 2
  /usr/bin/time -v ./fairtune audit -i "$csv" "$@" --json --output-file "target/bench/single-$name.json" \
      2> "target/bench/single-$name.time" >/dev/null
  local s; s=$(seconds "target/bench/single-$name.time")
  echo "single $name: wall $s s end to end ($(awk -v n="$ROWS" -v s="$s" 'BEGIN { printf "%.0f", n / s }') rows/s), CPU $(cpu_s "target/bench/single-$name.time") s, peak RSS $(rss_mb "target/bench/single-$name.time") MB"
}

same() { # both JSON documents, every number within 1e-12 (the input's file name aside)
  python3 - "$1" "$2" <<'PY'
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
def walk(x, y, p):
    if isinstance(x, (int, float)) and not isinstance(x, bool) and isinstance(y, (int, float)):
        assert x == y or abs(x - y) <= 1e-12 * max(1, abs(x)), (p, x, y)
    elif isinstance(x, dict):
        assert list(x) == list(y), p
        for k in x: walk(x[k], y[k], p + "." + k)
    elif isinstance(x, list):
        assert len(x) == len(y), p
        for i, (u, v) in enumerate(zip(x, y)): walk(u, v, p + "[%d]" % i)
    else:
        assert x == y, (p, x, y)
walk(a, b, "$")
print("  JSON equal within 1e-12")
PY
}

ARGS=(--label label --prediction prediction --score score -g group --reference a)
echo "== rows (4 groups)"
for ROWS in $ROWS_LIST; do
  ROWS=$ROWS bench/audit-10m.sh > /dev/null   # generates target/bench/audit-$ROWS.csv (and times the single JVM once)
  CSV=target/bench/audit-$ROWS.csv
  single "rows-$ROWS" "$CSV" "${ARGS[@]}"
  spark "rows-$ROWS" "$CSV" "${ARGS[@]}"
  same "target/bench/single-rows-$ROWS.json" "target/bench/spark-rows-$ROWS.json"
done
for ROWS in $SPARK_ONLY; do
  CSV=target/bench/audit-$ROWS.csv
  GENERATE_ONLY=1 ROWS=$ROWS bench/audit-10m.sh
  spark "rows-$ROWS" "$CSV" "${ARGS[@]}"
done
echo "== groups ($GROUP_ROWS rows)"
ROWS=$GROUP_ROWS
for G in $GROUPS_LIST; do
  CSV=target/bench/audit-groups-$G-$GROUP_ROWS.csv
  if [ ! -s "$CSV" ]; then
    awk -v n="$GROUP_ROWS" -v G="$G" 'BEGIN { srand(7); print "label,prediction,score,group";
      for (i = 0; i < n; i++) { g = int(rand() * G); y = rand() < 0.3 ? 1 : 0;
        s = y ? 0.35 + 0.6 * rand() : 0.6 * rand(); if (g % 4 == 3) s = s * 0.9;
        printf "%d,%d,%.4f,g%d\n", y, (s >= 0.5 ? 1 : 0), s, g } }' > "$CSV"
  fi
  GARGS=(--label label --prediction prediction --score score -g group --reference g0)
  single "groups-$G" "$CSV" "${GARGS[@]}"
  spark "groups-$G" "$CSV" "${GARGS[@]}"
  same "target/bench/single-groups-$G.json" "target/bench/spark-groups-$G.json"
done
