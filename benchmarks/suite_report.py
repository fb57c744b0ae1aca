"""Tables and plot of the quality suite (``suite.py --report``): regret, win/tie/loss, time."""

from __future__ import annotations

from collections.abc import Sequence
import math
from pathlib import Path
from typing import Any

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from scipy.stats import mannwhitneyu

import compare
from suite import ALL_PROBLEMS
from suite import LABELS
from suite import MEDIAN_TIE
from suite import REGRET_FLOOR
from suite import SIGNIFICANCE

matplotlib.use("Agg")

Runs = list[dict[str, Any]]
TIMING_RANGES = ((1, 100), (101, 200), (201, 300))


def _latest(runs: Runs) -> dict[tuple[str, str, int, int], dict[str, Any]]:
    """The last record of each (problem, sampler, seed, trials): reruns replace older runs."""
    return {(r["problem"], r["sampler"], r["seed"], r["trials"]): r for r in runs}


def final_regrets(runs: Runs) -> dict[tuple[str, str], dict[int, float]]:
    """(problem, sampler) to seed to the regret after the problem's default number of trials."""
    suite_runs = [
        r for r in _latest(runs).values() if r["trials"] == ALL_PROBLEMS[r["problem"]].trials
    ]
    best_found: dict[str, float] = {}
    for r in suite_runs:
        best_found[r["problem"]] = min(best_found.get(r["problem"], math.inf), r["best_so_far"][-1])
    regrets: dict[tuple[str, str], dict[int, float]] = {}
    for r in suite_runs:
        optimum = ALL_PROBLEMS[r["problem"]].optimum
        reference = best_found[r["problem"]] if optimum is None else optimum
        regret = max(r["best_so_far"][-1] - reference, REGRET_FLOOR)
        regrets.setdefault((r["problem"], r["sampler"]), {})[r["seed"]] = regret
    return regrets


def compare_seeds(ours: Sequence[float], theirs: Sequence[float]) -> tuple[str, float]:
    """("win" | "tie" | "loss", p-value) of ours against theirs (lower regret is better)."""
    if np.array_equal(np.sort(ours), np.sort(theirs)):
        return "tie", 1.0
    test = mannwhitneyu(ours, theirs, alternative="two-sided")
    if test.pvalue >= SIGNIFICANCE:
        return "tie", float(test.pvalue)
    # U counts the pairs where ours is the larger regret: above half of them, ours is worse.
    worse = test.statistic > len(ours) * len(theirs) / 2
    return ("loss" if worse else "win"), float(test.pvalue)


def _sampler_order(samplers: set[str], ours: str) -> list[str]:
    known = [s for s in ("gp", "tpe", "random") if s in samplers and s != ours]
    return [ours, *known, *sorted(samplers - {ours, *known})]


def _label(key: str) -> str:
    return LABELS.get(key, key)


def _mean_ms(runs: Runs, problem: str, sampler: str, first: int, last: int) -> float:
    """Median over seeds of the mean sampler time per trial (ms) over trials first..last."""
    per_run = [
        np.mean(r["sampler_seconds"][first - 1 : last])
        for r in _latest(runs).values()
        if r["problem"] == problem and r["sampler"] == sampler and len(r["sampler_seconds"]) >= last
    ]
    return 1000.0 * float(np.median(per_run)) if per_run else math.nan


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    return compare.markdown_table(header, rows).splitlines()


def _mark(outcome: str, p: float) -> str:
    return {"win": "**win**", "tie": "tie", "loss": "*loss*"}[outcome] + f" ({p:.2g})"


def regret_section(runs: Runs, ours: str) -> tuple[list[str], dict[str, dict[str, list[str]]]]:
    """The per-problem table and, per rival, the outcome per problem."""
    regrets = final_regrets(runs)
    samplers = _sampler_order({s for _, s in regrets}, ours)
    rivals = [s for s in samplers if s != ours]
    outcomes: dict[str, dict[str, list[str]]] = {r: {} for r in rivals}
    header = ["problem", "d", "trials", *(f"{_label(s)}" for s in samplers)]
    header += [f"vs {_label(r)} (p)" for r in rivals] + [f"ms/trial {_label(s)}" for s in samplers]
    rows = []
    for name, problem in ALL_PROBLEMS.items():
        if (name, ours) not in regrets:
            continue
        medians = {
            s: float(np.median(np.log10(list(regrets[name, s].values()))))
            for s in samplers
            if (name, s) in regrets
        }
        row = [name, str(problem.dimension), str(problem.trials)]
        row += [f"{medians[s]:.2f}" if s in medians else "" for s in samplers]
        for rival in rivals:
            if (name, rival) not in regrets:
                row.append("")
                continue
            seeds = sorted(set(regrets[name, ours]) & set(regrets[name, rival]))
            outcome, p = compare_seeds(
                [regrets[name, ours][s] for s in seeds], [regrets[name, rival][s] for s in seeds]
            )
            outcomes[rival].setdefault(problem.kind, []).append(outcome)
            difference = medians[ours] - medians[rival]
            median_outcome = "tie" if abs(difference) <= MEDIAN_TIE else "win"
            if difference > MEDIAN_TIE:
                median_outcome = "loss"
            outcomes[rival].setdefault("median:" + problem.kind, []).append(median_outcome)
            row.append(_mark(outcome, p))
        suite_runs = [r for r in runs if r["trials"] == problem.trials]
        row += [f"{_mean_ms(suite_runs, name, s, 1, problem.trials):.1f}" for s in samplers]
        rows.append(row)
    return _table(header, rows), outcomes


def summary_section(outcomes: dict[str, dict[str, list[str]]], ours: str) -> list[str]:
    rows = []
    for rival, by_kind in outcomes.items():
        for kinds, what in (
            (("function", "mixed", "tuning"), "test (p < 0.05)"),
            (("median:function", "median:mixed", "median:tuning"), f"medians (±{MEDIAN_TIE})"),
        ):
            cells = []
            total = {"win": 0, "tie": 0, "loss": 0}
            for kind in kinds:
                found = by_kind.get(kind, [])
                counts = {o: found.count(o) for o in total}
                total = {o: total[o] + counts[o] for o in total}
                cells.append(f"{counts['win']}/{counts['tie']}/{counts['loss']}")
            n = sum(total.values())
            share = 100.0 * (total["win"] + total["tie"]) / n if n else math.nan
            cells.append(f"{total['win']}/{total['tie']}/{total['loss']}")
            rows.append([f"vs {_label(rival)}", what, *cells, f"{share:.0f}%"])
    header = ["", "by", "functions W/T/L", "mixed W/T/L", "tuning W/T/L", "all W/T/L"]
    header.append("win or tie")
    return _table(header, rows)


def timing_section(runs: Runs, ours: str) -> list[str]:
    """Sampler time per trial by trial range, from runs of 300 trials or more."""
    long_runs = [r for r in _latest(runs).values() if r["trials"] >= TIMING_RANGES[-1][1]]
    problems = sorted({r["problem"] for r in long_runs})
    samplers = _sampler_order({r["sampler"] for r in long_runs}, ours) if long_runs else []
    rows = []
    for name in problems:
        for sampler in samplers:
            ms = [_mean_ms(long_runs, name, sampler, a, b) for a, b in TIMING_RANGES]
            if math.isnan(ms[-1]):
                continue
            mine = _mean_ms(long_runs, name, ours, *TIMING_RANGES[-1])
            ratio = f"{ms[-1] / mine:.2g}x" if sampler != ours else ""
            rows.append([name, _label(sampler), *(f"{v:.1f}" for v in ms), ratio])
    ranges = [f"{a}-{b}" for a, b in TIMING_RANGES]
    header = ["problem", "sampler", *(f"ms/trial {r}" for r in ranges), f"/ {_label(ours)}"]
    return _table(header, rows) if rows else []


def plot(runs: Runs, ours: str, path: Path) -> None:
    regrets = final_regrets(runs)
    rivals = [s for s in _sampler_order({s for _, s in regrets}, ours) if s != ours]
    names = [n for n in ALL_PROBLEMS if (n, ours) in regrets]
    figure, axes = plt.subplots(figsize=(8, 0.28 * len(names) + 1.5))
    height = 0.8 / max(len(rivals), 1)
    for k, rival in enumerate(rivals):
        differences = [
            float(np.median(np.log10(list(regrets[n, ours].values()))))
            - float(np.median(np.log10(list(regrets[n, rival].values()))))
            if (n, rival) in regrets
            else 0.0
            for n in names
        ]
        positions = np.arange(len(names)) + k * height
        axes.barh(positions, differences, height=height, label=f"vs {_label(rival)}")
    axes.axvline(0.0, color="black", linewidth=0.8)
    axes.set_yticks(np.arange(len(names)) + height * (len(rivals) - 1) / 2, names)
    axes.invert_yaxis()
    axes.set_xlabel(f"median log10 regret of {_label(ours)} minus the other's (left: ours lower)")
    axes.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def write(runs: Runs, ours: str, out: Path, command: str) -> None:
    table, outcomes = regret_section(runs, ours)
    seeds = sorted({r["seed"] for r in runs})
    commits = sorted({r["git_commit"] for r in runs if r["sampler"] == ours})
    lines = [
        "# Quality suite",
        "",
        f"- Runs: {len(runs)} records; seeds {seeds[0]}-{seeds[-1]}; {_label(ours)} at checkout "
        f"{', '.join(commits)}; Optuna {sorted({r['optuna'] for r in runs})}",
        f"- Report: `python benchmarks/suite.py {command}`",
        "",
        "## Summary: wins/ties/losses by problem kind",
        "",
        *summary_section(outcomes, ours),
        "",
        "## Median log10 regret per problem (lower is better), outcome and sampler time",
        "",
        *table,
    ]
    timing = timing_section(runs, ours)
    if timing:
        lines += ["", "## Sampler time per trial by trial range (median over runs)", "", *timing]
    out.mkdir(parents=True, exist_ok=True)
    (out / "suite.md").write_text("\n".join(lines) + "\n")
    plot(runs, ours, out / "suite.png")
    print("\n".join(lines))
