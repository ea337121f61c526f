#!/usr/bin/env bash
# Cost of a 6-point sweep (plain + FPR-gap penalty at 0.1, 0.3, 1, 3, 10) on MiniLM against 6 separate
# fine-tunes with the same settings, then the same sweep with the frozen-layer cache; one process,
# back to back (SweepBenchmark). wiki_toxicity_identity, 80/10/10 split (training part subsampled to
# [train-rows], stratified), 1 epoch, batch 16, embeddings and layers 0-3 frozen.
# Usage: bench/sweep.sh [epochs] [max-length] [train-rows]      (data from $FAIRTUNE_DATA, default ../shared/datasets)
set -euo pipefail
cd "$(dirname "$0")/.."
EPOCHS=${1:-1}; LEN=${2:-48}; ROWS=${3:-400}
OUT=${OUT:-target/bench-sweep}
mkdir -p "$OUT"
CP_FILE="$OUT/classpath.txt"
mvn -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" >/dev/null
CP="target/classes:target/test-classes:$(cat "$CP_FILE")"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
java -Xmx4g -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" \
  dev.fairtune.bench.SweepBenchmark --data "${FAIRTUNE_DATA:-../shared/datasets}" --epochs "$EPOCHS" \
  --max-length "$LEN" --train-rows "$ROWS" --out "$OUT" | tee "$OUT/result.txt"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
