#!/usr/bin/env bash
# docs/results.md, sweep section: `fairtune sweep` on wiki_toxicity_identity (group: mentions an identity
# term or not) for each seed; every choice on validation only, the chosen and the plain run scored once on
# test; then bench/results-summary.py tabulates the report.json files.
# Usage: bench/results-sweep.sh [seeds...]     (default 1 2 3; data from $FAIRTUNE_DATA or ../shared/datasets)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${FAIRTUNE_DATA:-../shared/datasets}
OUT=${OUT:-target/results}
SEEDS=${*:-1 2 3}
mkdir -p "$OUT"
python3 - "$DATA/wiki_toxicity_identity/derived_wiki_toxicity_identity.csv" "$OUT/wiki.csv" <<'PY'
import csv, sys
with open(sys.argv[1], newline='') as f, open(sys.argv[2], 'w', newline='') as g:
    r = csv.DictReader(f)
    w = csv.writer(g)
    w.writerow(["comment", "toxic", "mentions_identity"])
    for row in r:
        w.writerow([row["comment"], row["toxic"], "no" if row["identity_group"] == "none" else "yes"])
PY
for s in $SEEDS; do
  ./fairtune sweep -i "$OUT/wiki.csv" --text comment --label toxic --group mentions_identity --reference no \
    --penalty FPR_GAP --lambdas 0.3,1,3 --postprocess EQUAL_OPPORTUNITY \
    --headline FPR_GAP --rule BOUND --select-bound 0.02 --select-by AUC \
    --epochs 2 --batch-size 16 --learning-rate 5e-5 --max-length 64 --frozen-layers 4 --cache-frozen-layers \
    --seed "$s" --explain 0 --replicates 1000 --no-progress --no-run-checkpoints -o "$OUT/wiki-seed$s" \
    > "$OUT/wiki-seed$s.log" 2>&1
  grep -E "^  |^Choice" "$OUT/wiki-seed$s.log"
done
