"""Tables and plots of the tabular architecture benchmark (``nas_table.py --report``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib
import matplotlib.pyplot as plt
import numpy as np

import compare
from nas_table import BUDGETS
from nas_table import LABELS
from nas_table import NASTable
from nas_table import PARAMETER_BUDGET

matplotlib.use("Agg")

Runs = list[dict[str, Any]]
# The samplers every other one is tested against (two-sided Mann-Whitney U over the seeds).
RIVALS = ("tpe", "nsga2")


def _latest(runs: Runs, task: str) -> dict[str, dict[int, dict[str, Any]]]:
    """sampler -> seed -> the last run of the task (reruns replace older ones)."""
    by_sampler: dict[str, dict[int, dict[str, Any]]] = {}
    for r in runs:
        if r["task"] == task:
            by_sampler.setdefault(r["sampler"], {})[r["seed"]] = r
    return by_sampler


def regret_curve(table: NASTable, rows: list[int]) -> np.ndarray:
    """After each trial: log(best feasible perplexity so far) - log(the table's best feasible),
    inf while no feasible cell was found."""
    best = np.log(table.best_feasible_perplexity())
    values = np.array(
        [np.log(table.perplexity[r]) if r >= 0 and table.feasible()[r] else np.inf for r in rows]
    )
    return np.minimum.accumulate(values) - best


def hypervolume_gap(table: NASTable, rows: list[int], budget: int) -> float:
    """The table front's hypervolume minus that of the first `budget` trials' cells."""
    found = sorted({r for r in rows[:budget] if r >= 0})
    return table.hypervolume(range(len(table.cells))) - table.hypervolume(found)


def scores(table: NASTable, runs: Runs, task: str) -> dict[str, dict[int, np.ndarray]]:
    """sampler -> budget -> one score per seed (seeds in order; lower is better)."""
    result: dict[str, dict[int, np.ndarray]] = {}
    for sampler, by_seed in _latest(runs, task).items():
        ordered = [by_seed[s] for s in sorted(by_seed)]
        budgets = [b for b in BUDGETS if b <= min(r["trials"] for r in ordered)]
        if task == "single":
            curves = [regret_curve(table, r["rows"]) for r in ordered]
            result[sampler] = {b: np.array([c[b - 1] for c in curves]) for b in budgets}
        else:
            result[sampler] = {
                b: np.array([hypervolume_gap(table, r["rows"], b) for r in ordered])
                for b in budgets
            }
    return result


def _order(samplers: set[str]) -> list[str]:
    return [s for s in LABELS if s in samplers] + sorted(samplers - set(LABELS))


def _label(key: str) -> str:
    return LABELS.get(key, key)


def _cell(values: np.ndarray, digits: int) -> str:
    median = float(np.median(values))
    return "not found" if not np.isfinite(median) else f"{median:.{digits}f}"


def score_table(table: NASTable, runs: Runs, task: str) -> list[str]:
    from suite_report import compare_seeds  # scipy: only for the report

    all_scores = scores(table, runs, task)
    digits = 4 if task == "single" else 4
    header = ["sampler", *[f"{b} trials" for b in BUDGETS], "sampler ms/trial"]
    rows = []
    for sampler in _order(set(all_scores)):
        cells = []
        for b in BUDGETS:
            text = _cell(all_scores[sampler][b], digits)
            marks = []
            for rival in RIVALS:
                if rival == sampler or rival not in all_scores:
                    continue
                theirs = np.nan_to_num(all_scores[rival][b], posinf=1e9)
                outcome, p = compare_seeds(
                    np.nan_to_num(all_scores[sampler][b], posinf=1e9), theirs
                )
                if outcome != "tie":
                    marks.append(f"{'+' if outcome == 'win' else '-'}{rival}")
            cells.append(text + (f" ({', '.join(marks)})" if marks else ""))
        runs_of = _latest(runs, task)[sampler].values()
        ms = 1000 * np.median([np.mean(r["sampler_seconds"]) for r in runs_of])
        rows.append([_label(sampler), *cells, f"{ms:.1f}"])
    return compare.markdown_table(header, rows).splitlines()


def found_best(table: NASTable, runs: Runs) -> list[str]:
    """How many seeds found the table's best feasible cell within each budget."""
    header = ["sampler", *[f"{b} trials" for b in BUDGETS]]
    rows = []
    for sampler, by_seed in sorted(
        _latest(runs, "single").items(),
        key=lambda item: _order(set(LABELS) | {item[0]}).index(item[0]),
    ):
        curves = [regret_curve(table, r["rows"]) for r in by_seed.values()]
        rows.append(
            [_label(sampler)]
            + [f"{sum(c[b - 1] <= 1e-12 for c in curves)}/{len(curves)}" for b in BUDGETS]
        )
    return compare.markdown_table(header, rows).splitlines()


def plot(table: NASTable, runs: Runs, path: Path) -> None:
    figure, axes = plt.subplots(1, 2, figsize=(12, 4.5))
    for task, ax in zip(("single", "pareto"), axes):
        for sampler, by_seed in _latest(runs, task).items():
            ordered = list(by_seed.values())
            n = min(r["trials"] for r in ordered)
            if task == "single":
                curves = np.array([regret_curve(table, r["rows"])[:n] for r in ordered])
            else:
                marks = np.arange(5, n + 1, 5)
                curves = np.array(
                    [[hypervolume_gap(table, r["rows"], b) for b in marks] for r in ordered]
                )
            median = np.median(curves, axis=0)
            x = np.arange(1, n + 1) if task == "single" else marks
            ax.plot(x, np.where(np.isfinite(median), median, np.nan), label=_label(sampler))
        ax.set_yscale("log")
        ax.set_xlabel("trials")
        ax.set_ylabel(
            "median regret (nats/char above the best feasible cell)"
            if task == "single"
            else "median hypervolume gap to the table's front"
        )
        ax.set_title(
            "perplexity, parameters <= 100,000" if task == "single" else "perplexity and parameters"
        )
    axes[0].legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def write(table: NASTable, runs: Runs, out: Path, command: str) -> None:
    feasible = table.feasible()
    best_row = int(np.argmin(np.where(feasible, table.perplexity, np.inf)))
    seeds = sorted({r["seed"] for r in runs})
    lines = [
        "# Tabular architecture benchmark",
        "",
        f"- Table: {len(table.cells)} cells, {int(feasible.sum())} within {PARAMETER_BUDGET:,} "
        f"parameters; best feasible {table.cells[best_row]} at perplexity "
        f"{table.perplexity[best_row]:.4f} ({table.n_parameters[best_row]:,} parameters); "
        f"training took {table.train_seconds.sum() / 3600:.2f} core-hours "
        f"({np.median(table.train_seconds):.1f} s per cell, median).",
        f"- Runs: {len(runs)}; seeds {seeds[0]}-{seeds[-1]}; Optuna "
        f"{sorted({r['optuna'] for r in runs})}; commits {sorted({r['git_commit'] for r in runs})}",
        f"- Report: `python benchmarks/nas_table.py {command}`",
        "- Medians over seeds, lower is better. Marks: a significant win (+) or loss (-) against "
        "TPESampler (tpe) or NSGAIISampler (nsga2), two-sided Mann-Whitney U, p < 0.05.",
        "",
        "## One objective: regret in nats per character (perplexity under the parameter budget)",
        "",
        *score_table(table, runs, "single"),
        "",
        "Seeds that found the table's best feasible cell:",
        "",
        *found_best(table, runs),
        "",
        "## Two objectives: hypervolume gap to the table's Pareto front",
        "",
        *score_table(table, runs, "pareto"),
    ]
    out.mkdir(parents=True, exist_ok=True)
    (out / "nas_table.md").write_text("\n".join(lines) + "\n")
    plot(table, runs, out / "nas_table.png")
    print("\n".join(lines))
