#!/usr/bin/env bash
# docs/results.md, "Chosen on validation only": `fairtune sweep` per seed on a real data set; every
# choice on validation only, the chosen and the plain run scored once on test; then
# bench/results-summary.py tabulates the report.json files.
#   wiki_toxicity_identity (group: mentions an identity term or not, reference "no"): the FPR-gap
#     penalty, MMD on scores and counterfactual logit pairing at lambda 0.3, 1, 3; the Lagrangian target
#     |FPR gap| <= 0.02 and <= 0.05; group thresholds (equalized odds: equal TPR and FPR, randomized) on the plain run. 2 epochs.
#   redditbias (five target groups, reference "female"; label bias_sent): the FPR-gap penalty at lambda
#     0.3, 1, 3 and group thresholds. 1 epoch (the data are 7.6 times larger).
# Usage: bench/results-sweep.sh wiki|redditbias [seeds...]   (default seeds 1 2 3; data from
#        $FAIRTUNE_DATA or ../shared/datasets; output in $OUT, default target/results)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${FAIRTUNE_DATA:-../shared/datasets}
OUT=${OUT:-target/results}
SET=${1:?give the data set: wiki or redditbias}
shift
SEEDS=${*:-1 2 3}
mkdir -p "$OUT"
COMMON=(--headline FPR_GAP --rule BOUND --select-bound 0.02 --select-by AUC --postprocess EQUALIZED_ODDS
  --batch-size 16 --learning-rate 5e-5 --max-length 64 --frozen-layers 4 --cache-frozen-layers
  --explain 0 --replicates 1000 --no-progress --no-run-checkpoints)
case "$SET" in
  wiki)
    python3 - "$DATA/wiki_toxicity_identity/derived_wiki_toxicity_identity.csv" "$OUT/wiki.csv" <<'PY'
import csv, sys
with open(sys.argv[1], newline='') as f, open(sys.argv[2], 'w', newline='') as g:
    w = csv.writer(g)
    w.writerow(["comment", "toxic", "mentions_identity"])
    for row in csv.DictReader(f):
        w.writerow([row["comment"], row["toxic"], "no" if row["identity_group"] == "none" else "yes"])
PY
    ARGS=(-i "$OUT/wiki.csv" --text comment --label toxic --group mentions_identity --reference no
      --penalty FPR_GAP --penalty SCORE_DISTRIBUTION --penalty COUNTERFACTUAL_LOGIT_GAP --lambdas 0.3,1,3
      --target FPR_GAP --bounds 0.02,0.05 --epochs 2) ;;
  redditbias)
    ARGS=(-i "$DATA/redditbias/derived_redditbias_annotated.csv" --text comment --label bias_sent
      --group target_group --reference female --penalty FPR_GAP --lambdas 0.3,1,3 --epochs 1) ;;
  *) echo "unknown data set '$SET': give wiki or redditbias" >&2; exit 2 ;;
esac
for s in $SEEDS; do
  ./fairtune sweep "${ARGS[@]}" "${COMMON[@]}" --seed "$s" -o "$OUT/$SET-seed$s" > "$OUT/$SET-seed$s.log" 2>&1
  grep -E "^  [a-z]|^Choice" "$OUT/$SET-seed$s.log" | grep -v "^  target/" || true
done
