#!/usr/bin/env bash
# DP-SGD measurements of docs/benchmarks.md and docs/results.md, serialised with other heavy runs:
#   1. the DP-SGD step against the non-private step on the same shape, back to back (PrivateStepBenchmark);
#   2. the privacy experiment on wiki_toxicity_identity (PrivacyExperiment): plain, DP at each epsilon,
#      an over-trained plain model, each with test AUC, FPR gap and the membership-inference audit.
# STEP_ARGS / EXP_ARGS override the programs' options; SKIP_STEP=1 or SKIP_EXP=1 skip one.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target/bench
[ -s target/cp.txt ] || mvn -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/cp.txt
mvn -q test-compile
# run from a snapshot of the classes, so a rebuild during the (long) run does not change them under it
SNAP=target/bench/classes-$$
mkdir -p "$SNAP" && cp -r target/classes target/test-classes "$SNAP"/
CP=$SNAP/classes:$SNAP/test-classes:$(cat target/cp.txt)
LOCK=${LOCK:-/work/notes/heavy.lock}
run() { if [ -e "$(dirname "$LOCK")" ]; then flock "$LOCK" nice "$@"; else nice "$@"; fi; }
if [ "${SKIP_STEP:-0}" != 1 ]; then
  for seq in 64 128; do
    run java -Xmx4g -Dai.djl.offline=true -cp "$CP" dev.fairtune.bench.PrivateStepBenchmark \
        --batch 16 --seq $seq --steps 20 --frozen 4 ${STEP_ARGS:-} | tee -a target/bench/private-step.jsonl
  done
fi
if [ "${SKIP_EXP:-0}" != 1 ]; then
  run java -Xmx4g -Dai.djl.offline=true -cp "$CP" dev.fairtune.bench.PrivacyExperiment \
      --out target/experiment-privacy ${EXP_ARGS:-}
fi
