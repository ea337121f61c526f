#!/usr/bin/env bash
# Scoring throughput on real comments (ScoringBenchmark): FairTune's Predictor against ONNX Runtime
# on the same exported MiniLM, the same texts and the same length-sorted batches, and FairTune's
# former file-order batches. TEXTS (512), BATCH (64), ROUNDS (3). One JSON line. Runs with the
# launcher's native-memory setting (GLIBC_TUNABLES in ./fairtune); GLIBC_TUNABLES= for glibc's defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(grep '^export GLIBC_TUNABLES=' fairtune)"
mvn -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/cp.txt
CP=target/classes:target/test-classes:$(cat target/cp.txt)
java -Xmx3g -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda=error -cp "$CP" \
    dev.fairtune.bench.ScoringBenchmark --texts "${TEXTS:-512}" --batch "${BATCH:-64}" --rounds "${ROUNDS:-3}"
