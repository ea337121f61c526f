#!/usr/bin/env python3
"""Tabulates the report.json files of bench/results-sweep.sh as the Markdown of docs/results.md.

Usage: bench/results-summary.py target/results/wiki-seed*/report.json

1. Per seed, the sweep's validation points (every run; COLLAPSED marked) and the rule's choice.
2. Per method, on validation only: the run the same rule picks within that method (highest
   validation AUC within the bound among runs that did not collapse, else the fairest that did not),
   and whether it cuts the validation FPR gap by at least 50% at no more than 1 point of validation
   AUC against the plain run; counted over seeds. Only the sweep's choice is scored on test, so
   this per-method answer is a validation answer.
3. Test, scored once: the chosen and the plain run of each seed with 95% bootstrap intervals and the
   counterfactual token fairness gap, and whether the choice meets the target on test.
"""
import json
import sys
from collections import OrderedDict


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
        return "-"
    s = f"{e['value']:.{digits}f}"
    if e.get("lower") is not None:
        s += f" [{e['lower']:.{digits}f}, {e['upper']:.{digits}f}]"
    return s


def md(name):
    return name.replace("|", "\\|")


def family(name):
    if " x " in name:
        return name.split(" x ")[0] + " (penalty)"
    if name.startswith("target"):
        return "Lagrangian target"
    return name


def pick(points, bound):
    ok = [p for p in points if not p["collapsed"] and p["distance"] is not None]
    within = [p for p in ok if p["distance"] <= bound]
    if within:
        return max(within, key=lambda p: p["auc"]), True
    if ok:
        return min(ok, key=lambda p: p["distance"]), False
    return None, False


def main(files):
    reports = [json.load(open(f)) for f in files]
    bound = None
    per_method = OrderedDict()
    print("### Validation points per seed\n")
    for r in reports:
        seed = r["provenance"]["seed"]
        sweep = r["trainingSweep"]
        bound = bound or float(sweep["rule"].split("<=")[-1].split()[0].rstrip(")")) if "<=" in sweep["rule"] else 0.02
        print(f"**Seed {seed}**: {sweep['choice']}.\n")
        print("| run | val. accuracy | val. AUC | val. FPR gap | status |")
        print("|---|---|---|---|---|")
        for p in sweep["points"]:
            status = ("COLLAPSED: " + p["collapsed"]) if p["collapsed"] else (
                "**chosen**" if p["name"] == sweep["chosen"] else "frontier" if p["frontier"] else "dominated")
            d = "undefined" if p["distance"] is None else f"{p['distance']:.3f}"
            print(f"| {md(p['name'])} | {p['accuracy']:.3f} | {p['auc']:.3f} | {d} | {status} |")
        print()
        plain = next(p for p in sweep["points"] if p["name"] == "plain")
        fams = OrderedDict()
        for p in sweep["points"]:
            if p["name"] != "plain":
                fams.setdefault(family(p["name"]), []).append(p)
        for fam, pts in fams.items():
            chosen, within = pick(pts, bound)
            entry = per_method.setdefault(fam, [])
            if chosen is None:
                entry.append((seed, None, False, len(pts)))
                continue
            if not plain["distance"]:
                entry.append((seed, "n/a", None, len(pts)))
                continue
            cut = (plain["distance"] - chosen["distance"]) / plain["distance"]
            drop = plain["auc"] - chosen["auc"]
            entry.append((seed, (chosen["name"], cut, drop, within), cut >= 0.5 and drop <= 0.01, len(pts)))

    print("### Per method, on validation\n")
    print("| method | seed: run the rule picks (FPR gap change, AUC change vs plain) | meets the target on validation |")
    print("|---|---|---|")
    for fam, entries in per_method.items():
        cells, met, asked = [], 0, 0
        for seed, c, ok, n in entries:
            if c == "n/a":
                cells.append(f"{seed}: n/a, the plain run's validation FPR gap is already 0")
                continue
            asked += 1
            if c is None:
                cells.append(f"{seed}: all {n} collapsed")
            else:
                name, cut, drop, within = c
                cells.append(f"{seed}: {md(name)} ({-100 * cut:+.0f}%, {-100 * drop:+.1f} pt{'' if within else ', outside the bound'})")
            met += ok
        print(f"| {fam} | {'; '.join(cells)} | {met} of {asked} seeds |")

    print("\n### Test, scored once: the chosen run against the plain run\n")
    print("| seed | run | test AUC | test accuracy | test FPR gap | counterfactual token gap |")
    print("|---|---|---|---|---|---|")
    verdicts = []
    for r in reports:
        seed = r["provenance"]["seed"]
        chosen = r["trainingSweep"]["chosen"]
        runs = {run["name"]: run["evaluation"] for run in r["runs"]}
        for name, ev in runs.items():
            acc = next((x["estimate"] for x in ev["rates"] if x["group"] == "overall" and x["rate"] == "ACCURACY"), None)
            print(f"| {seed} | {md(name)}{' (chosen)' if name == chosen else ''} | {fmt(est(ev, 'scores', 'AUC', 'overall'))} | "
                  f"{fmt(acc)} | {fmt(est(ev, 'metrics', 'FPR_GAP', None))} | {fmt(cf(ev), 4)} |")
        if chosen in runs and "plain" in runs and chosen != "plain":
            c, p = runs[chosen], runs["plain"]
            gc, gp = est(c, "metrics", "FPR_GAP", None)["value"], est(p, "metrics", "FPR_GAP", None)["value"]
            ac, ap = est(c, "scores", "AUC", "overall")["value"], est(p, "scores", "AUC", "overall")["value"]
            cut = (gp - gc) / gp if gp else float("nan")
            verdicts.append(f"seed {seed}: {md(chosen)}, FPR gap {gp:.3f} -> {gc:.3f} ({-100 * cut:+.0f}%), AUC {ap:.3f} -> "
                            f"{ac:.3f} ({100 * (ac - ap):+.1f} pt): target {'met' if cut >= 0.5 and ap - ac <= 0.01 else 'not met'}")
    print()
    for v in verdicts:
        print(f"* {v}.")


if __name__ == "__main__":
    main(sys.argv[1:])
