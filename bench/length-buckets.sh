#!/usr/bin/env bash
# The whole fine-tune three ways (LengthBucketBenchmark): random batches padded to each batch's
# longest text (the baseline), length-bucketed batches, and length-bucketed batches with the frozen
# layers' outputs cached: MiniLM on wiki_toxicity_identity, layers 0-3 frozen, max length 128,
# 2 epochs, SEEDS seeds (default 3) each way, back to back. One JSON line per run.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/cp.txt
CP=target/classes:target/test-classes:$(cat target/cp.txt)
java -Xmx3g -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda=error -cp "$CP" \
    dev.fairtune.bench.LengthBucketBenchmark --seeds "${SEEDS:-3}" --epochs "${EPOCHS:-2}"
