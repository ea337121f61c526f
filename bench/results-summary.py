#!/usr/bin/env python3
"""Tabulates the report.json files of bench/results-sweep.sh as the Markdown of docs/results.md.

Usage: bench/results-summary.py target/results/wiki-seed*/report.json
Per seed: the sweep's validation points (every run; COLLAPSED marked), the chosen run, and the test
figures (95% bootstrap intervals) of the chosen and the plain run; whether the chosen run meets
"FPR gap cut by at least 50% at no more than 1 point of AUC" against the plain run on test.
"""
import json
import sys


def est(ev, kind, name, group):
    for m in ev[kind]:
        key = m.get("metric") or m.get("statistic")
        if key == name and m.get("group") == group:
            return m.get("estimate") or m.get("interval") or m
    return None


def cf(ev):
    c = ev.get("counterfactual")
    if not c:
        return None
    for e in c["estimates"]:
        if e["statistic"] == "MEAN_ABSOLUTE_DIFFERENCE" and e["group"] == "overall":
            return e["estimate"]
    return None


def fmt(e, digits=3):
    if e is None or e.get("value") is None:
        return "undefined"
    s = f"{e['value']:.{digits}f}"
    if e.get("lower") is not None:
        s += f" [{e['lower']:.{digits}f}, {e['upper']:.{digits}f}]"
    return s


def main(files):
    rows = []
    for f in files:
        r = json.load(open(f))
        seed = r["provenance"]["seed"]
        sweep = r["trainingSweep"]
        print(f"\n**Seed {seed}**: {sweep['choice']}.\n")
        print("| run | val. accuracy | val. AUC | val. FPR gap | status |")
        print("|---|---|---|---|---|")
        for p in sweep["points"]:
            status = ("COLLAPSED: " + p["collapsed"]) if p["collapsed"] else (
                "chosen" if p["name"] == sweep["chosen"] else "frontier" if p["frontier"] else "dominated")
            d = "undefined" if p["distance"] is None else f"{p['distance']:.3f}"
            print(f"| {p['name']} | {p['accuracy']:.3f} | {p['auc']:.3f} | {d} | {status} |")
        runs = {run["name"]: run["evaluation"] for run in r["runs"]}
        chosen = sweep["chosen"]
        plain = runs.get("plain")
        for name, ev in runs.items():
            rows.append((seed, name, name == chosen, ev))
        if chosen in runs and plain is not None and chosen != "plain":
            c, p = runs[chosen], plain
            gap_c = est(c, "metrics", "FPR_GAP", None)["value"]
            gap_p = est(p, "metrics", "FPR_GAP", None)["value"]
            auc_c = est(c, "scores", "AUC", "overall")["value"]
            auc_p = est(p, "scores", "AUC", "overall")["value"]
            cut = (gap_p - gap_c) / gap_p if gap_p else float("nan")
            meets = cut >= 0.5 and (auc_p - auc_c) <= 0.01
            print(f"\nTest, chosen against plain: FPR gap {gap_p:.3f} -> {gap_c:.3f} ({-100 * cut:+.0f}%), AUC "
                  f"{auc_p:.3f} -> {auc_c:.3f} ({100 * (auc_c - auc_p):+.1f} pt): target "
                  f"{'met' if meets else 'not met'}.")
    print("\n| seed | run | test AUC | test accuracy | test FPR gap | counterfactual token gap (mean abs. score diff.) |")
    print("|---|---|---|---|---|---|")
    for seed, name, chosen, ev in rows:
        acc = None
        for x in ev["rates"]:
            if x["group"] == "overall" and x["rate"] == "ACCURACY":
                acc = x["estimate"]
        print(f"| {seed} | {name}{' (chosen)' if chosen else ''} | {fmt(est(ev, 'scores', 'AUC', 'overall'))} | "
              f"{fmt(acc)} | {fmt(est(ev, 'metrics', 'FPR_GAP', None))} | {fmt(cf(ev), 4)} |")


if __name__ == "__main__":
    main(sys.argv[1:])
