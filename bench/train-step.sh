#!/usr/bin/env bash
# Training-step speed and memory: FairTune vs the PyTorch eager peer, back to back on this machine.
#   MiniLM-L6 shape, BertForSequenceClassification (pooler, 2 labels, dropout 0.1), AdamW,
#   batch 16 x sequence 128, fp32, intra-op threads = number of cores.
# Order: peer, FairTune (200 steps, RSS traced), peer again; the ratio uses the mean of both peer runs.
# Needs: python3-torch and libopenblas0-openmp (apt-get install -y python3-torch libopenblas0-openmp);
#        the peer in $PEER (default ../shared/bench/pytorch-peer relative to the repository).
# Usage: bench/train-step.sh [steps] [batch] [seq]
set -euo pipefail
cd "$(dirname "$0")/.."
STEPS=${1:-200}; BATCH=${2:-16}; SEQ=${3:-128}
THREADS=$(nproc)
PEER=${PEER:-../shared/bench/pytorch-peer}
OUT=${OUT:-target/bench}
mkdir -p "$OUT"

peer() {
  LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp OMP_NUM_THREADS=$THREADS OPENBLAS_NUM_THREADS=$THREADS \
    /usr/bin/python3 "$PEER/bench_bert.py" --model minilm --mode train --batch "$BATCH" --seq "$SEQ" \
    --threads "$THREADS" --warmup 2 --steps 10 | tail -1
}

CP_FILE="$OUT/classpath.txt"
# plain mvn (not -o): on a fresh machine this downloads the plugins and dependencies first
mvn -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" >/dev/null
CP="target/classes:target/test-classes:$(cat "$CP_FILE")"

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
peer > "$OUT/peer1.json"
java -Xmx2g -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" \
  dev.fairtune.bench.TrainStepBenchmark --batch "$BATCH" --seq "$SEQ" --steps "$STEPS" --threads "$THREADS" \
  2>/dev/null | tail -1 > "$OUT/fairtune.json"
peer > "$OUT/peer2.json"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

python3 - "$OUT" <<'PY'
import json, sys, os
d = sys.argv[1]
p1, ft, p2 = (json.load(open(os.path.join(d, f))) for f in ("peer1.json", "fairtune.json", "peer2.json"))
peer = (p1["samples_per_s"] + p2["samples_per_s"]) / 2
print(f"peer (PyTorch {p1['torch']} eager): {p1['samples_per_s']:.2f} and {p2['samples_per_s']:.2f} samples/s "
      f"(step {p1['step_s_median']:.3f} / {p2['step_s_median']:.3f} s, foreign CPU {p1['foreign_cpu_frac_median']:.2f} / "
      f"{p2['foreign_cpu_frac_median']:.2f}, peak RSS {p1['peak_rss_mb']:.0f} MB)")
print(f"FairTune: {ft['samples_per_s']:.2f} samples/s (step {ft['step_s_median']:.3f} s over {ft['steps']} steps, "
      f"{ft['clean_steps']} clean, foreign CPU {ft['foreign_cpu_frac_median']:.2f})")
print(f"RSS after warm-up {ft['rss_after_warmup_mb']} MB, at end {ft['rss_end_mb']} MB, every 10 steps: {ft['rss_trace_mb']}")
print(f"Java heap committed every 10 steps (RSS minus this is native): {ft['heap_committed_trace_mb']}")
print(f"NDArrays alive under the model's manager every 10 steps: {ft['arrays_alive_trace']}")
print(f"JVM direct buffers every 10 steps (MB): {ft['direct_buffers_trace_mb']}")
print(f"ratio FairTune / peer = {ft['samples_per_s'] / peer:.2f}")
PY
