"""Long studies: sampler time per trial up to 5,000 trials, and GPEISampler's model of a subset of
its trials against the exact GP.

Two parts, each run in one process (so that two can run side by side on two cores):

- ``--part time``: one study per sampler of ``--trials`` trials (5,000) on ``ackley10``, one
  worker, in memory; the sampler time of every trial (objective excluded). GPSampler stops at
  ``--gp-minutes`` (30) of wall time, wherever it is.
- ``--part quality``: GPEISampler with its default model size against the exact GP
  (``max_model_trials=None``), ``--quality-trials`` (1,000) trials, ``--seeds`` (0-4), on the
  problems of ``--problems``: the best value after each number of trials.

Each run is appended as one line to ``--runs`` (gzipped JSON lines, resumable: a run already in
the file is skipped); ``--report`` reads every ``results/scale_benchmark_runs*.jsonl.gz`` and
writes ``scale_benchmark.md`` and ``scale_benchmark.png``. Run from the repository root:

    python benchmarks/scale_benchmark.py --part time --samplers gp --runs benchmarks/results/scale_benchmark_runs_gp.jsonl.gz
    python benchmarks/scale_benchmark.py --part time --samplers gpei,tpe
    python benchmarks/scale_benchmark.py --part quality
    python benchmarks/scale_benchmark.py --report
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from collections.abc import Sequence
import json
from pathlib import Path
import time
from typing import Any
import warnings

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import optuna
from optuna.samplers import BaseSampler

import compare
from problems import PROBLEMS
import suite

matplotlib.use("Agg")

NAME = "scale_benchmark"
DEFAULT_RUNS = compare.DEFAULT_OUT / f"{NAME}_runs.jsonl.gz"
TIME_PROBLEM = "ackley10"
# Ranges of trial numbers (1-based, inclusive) in the time table.
TIME_RANGES = [(1, 100)] + [(end - 99, end) for end in (500, 1000, 2000, 3000, 4000, 5000)]
QUALITY_MARKS = (100, 250, 500, 750, 1000)

SAMPLERS: dict[str, tuple[str, Callable[[int], BaseSampler]]] = {
    "gpei": ("GPEISampler", compare.gfo_sampler("GPEISampler")),
    "gpei_exact": (
        "GPEISampler, exact GP",
        compare.gfo_sampler("GPEISampler", max_model_trials=None),
    ),
    "gp": ("GPSampler", lambda seed: optuna.samplers.GPSampler(seed=seed)),
    "tpe": ("TPESampler", lambda seed: optuna.samplers.TPESampler(seed=seed)),
}


def _sampler(key: str) -> tuple[str, Callable[[int], BaseSampler]]:
    """SAMPLERS[key]; ``gpei_m<N>``: GPEISampler with ``max_model_trials=N``."""
    if key.startswith("gpei_m"):
        size = int(key[len("gpei_m") :])
        return f"GPEISampler, model of {size} trials", compare.gfo_sampler(
            "GPEISampler", max_model_trials=size
        )
    return SAMPLERS[key]


def run_one(
    part: str, sampler_key: str, problem_name: str, seed: int, n_trials: int, timeout: float | None
) -> dict[str, Any]:
    problem = PROBLEMS[problem_name]
    sampler = compare.TimedSampler(_sampler(sampler_key)[1](seed))
    study = optuna.create_study(sampler=sampler)
    start = time.perf_counter()
    study.optimize(problem.objective, n_trials=n_trials, timeout=timeout)
    values = [t.value for t in study.trials]
    return {
        "part": part,
        "sampler": sampler_key,
        "problem": problem_name,
        "seed": seed,
        "best_so_far": [float(f"{v:.10g}") for v in np.minimum.accumulate(values)],
        "sampler_seconds": [
            round(sampler.seconds_by_trial.get(t.number, 0.0), 6) for t in study.trials
        ],
        "wall_seconds": time.perf_counter() - start,
        "provenance": suite.provenance(),
    }


def _key(run: dict[str, Any]) -> tuple[str, str, str, int]:
    return run["part"], run["sampler"], run["problem"], run["seed"]


def run(args: argparse.Namespace) -> None:
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)
    done = {_key(r) for r in suite.read_runs([args.runs])} if args.runs.exists() else set()
    if args.part == "time":
        jobs = [(s, TIME_PROBLEM, 0, args.trials) for s in args.samplers]
    else:
        jobs = [
            (s, p, seed, args.quality_trials)
            for p in args.problems
            for seed in args.seeds
            for s in args.samplers
        ]
    for sampler_key, problem, seed, n_trials in jobs:
        if (args.part, sampler_key, problem, seed) in done:
            continue
        timeout = 60.0 * args.gp_minutes if sampler_key == "gp" else None
        result = run_one(args.part, sampler_key, problem, seed, n_trials, timeout)
        with suite.open_text(args.runs, "at") as runs:
            runs.write(json.dumps(result) + "\n")
        print(
            f"{args.part} {sampler_key} {problem} seed {seed}: {len(result['best_so_far'])} trials, "
            f"best {result['best_so_far'][-1]:.4g}, sampler {sum(result['sampler_seconds']):.1f} s",
            flush=True,
        )


def _range_ms(run: dict[str, Any], first: int, last: int) -> float | None:
    seconds = run["sampler_seconds"]
    return 1000.0 * float(np.mean(seconds[first - 1 : last])) if len(seconds) >= last else None


def _keys(runs: list[dict[str, Any]]) -> list[str]:
    """The samplers of the runs: SAMPLERS' order, then the model sizes in increasing order."""
    present = {r["sampler"] for r in runs}
    sizes = sorted((k for k in present if k.startswith("gpei_m")), key=lambda k: int(k[6:]))
    return [k for k in SAMPLERS if k in present] + sizes


def time_table(runs: list[dict[str, Any]]) -> str:
    rows = []
    for sampler_key in _keys(runs):
        group = [r for r in runs if r["part"] == "time" and r["sampler"] == sampler_key]
        if not group:
            continue
        cells = []
        for first, last in TIME_RANGES:
            values = [ms for ms in (_range_ms(r, first, last) for r in group) if ms is not None]
            cells.append(f"{np.median(values):.3g}" if values else "-")
        reached = max(len(r["sampler_seconds"]) for r in group)
        total = float(np.median([sum(r["sampler_seconds"]) for r in group]))
        rows.append([_sampler(sampler_key)[0], *cells, str(reached), f"{total:.0f}"])
    header = ["sampler", *(f"{a:,}-{b:,}" for a, b in TIME_RANGES), "trials run", "total (s)"]
    return compare.markdown_table(header, rows)


def quality_table(runs: list[dict[str, Any]]) -> str:
    quality = [r for r in runs if r["part"] == "quality"]
    rows = []
    for problem in sorted({r["problem"] for r in quality}):
        for sampler_key in _keys(quality):
            group = [r for r in quality if r["problem"] == problem and r["sampler"] == sampler_key]
            if not group:
                continue
            medians = [
                np.median([r["best_so_far"][mark - 1] for r in group])
                for mark in QUALITY_MARKS
                if all(len(r["best_so_far"]) >= mark for r in group)
            ]
            ms = [
                np.median([np.mean(r["sampler_seconds"][mark - 100 : mark]) for r in group]) * 1e3
                for mark in (500, 1000)
                if all(len(r["sampler_seconds"]) >= mark for r in group)
            ]
            rows.append(
                [
                    problem,
                    _sampler(sampler_key)[0],
                    str(len(group)),
                    *(f"{v:.3g}" for v in medians),
                    *(f"{v:.3g}" for v in ms),
                ]
            )
    header = ["problem", "sampler", "seeds", *(str(m) for m in QUALITY_MARKS)]
    header += ["ms/trial 401-500", "ms/trial 901-1,000"]
    return compare.markdown_table(header, rows)


def plot(runs: list[dict[str, Any]], path: Path) -> None:
    figure, axis = plt.subplots(figsize=(7, 4.2), layout="constrained")
    for sampler_key in _keys(runs):
        label = _sampler(sampler_key)[0]
        for r in (r for r in runs if r["part"] == "time" and r["sampler"] == sampler_key):
            seconds = np.asarray(r["sampler_seconds"]) * 1e3
            window = 50
            smooth = np.convolve(seconds, np.ones(window) / window, mode="valid")
            axis.plot(np.arange(window, len(seconds) + 1), smooth, label=label)
    axis.set_yscale("log")
    axis.set_xlabel("trial")
    axis.set_ylabel("sampler time per trial (ms, mean of 50)")
    axis.set_title(f"{TIME_PROBLEM}, one worker, in memory")
    axis.legend()
    figure.savefig(path, dpi=120)
    plt.close(figure)


def report(out: Path) -> None:
    runs = suite.read_runs(sorted(out.glob(f"{NAME}_runs*.jsonl.gz")))
    made = sorted(
        {
            (r["provenance"]["git_commit"], r["provenance"]["optuna"], r["provenance"]["python"])
            for r in runs
        }
    )
    dates = sorted(r["provenance"]["date"] for r in runs)
    parts = [
        "# Long studies: sampler time to 5,000 trials",
        "",
        "Generated by `python benchmarks/scale_benchmark.py --report` from the runs in "
        f"`{NAME}_runs*.jsonl.gz`, made {dates[0]} to {dates[-1]} at:",
        "",
        *(f"- commit {c}, Optuna {o}, Python {p}" for c, o, p in made),
        "",
        f"## Sampler time per trial (ms), {TIME_PROBLEM}",
        "",
        "One study per sampler, one worker, in-memory storage, seed 0: mean sampler time per "
        "trial over each range of trial numbers (objective excluded). GPSampler stopped at 30 "
        "minutes of wall time.",
        "",
        time_table(runs),
        "",
        "## GPEISampler: model of a subset against the exact GP",
        "",
        "Best value after the given number of trials, median over seeds; then the sampler time "
        "per trial (ms) over trials 401-500 and 901-1,000, median over seeds.",
        "",
        quality_table(runs),
        "",
    ]
    (out / f"{NAME}.md").write_text("\n".join(parts))
    plot(runs, out / f"{NAME}.png")
    print("\n".join(parts))


def _problems(text: str) -> list[str]:
    names = text.split(",")
    unknown = [name for name in names if name not in PROBLEMS]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown problems {unknown}; known: {list(PROBLEMS)}")
    return names


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=("time", "quality"), default="time")
    parser.add_argument("--samplers", type=lambda s: s.split(","), default=None)
    parser.add_argument("--trials", type=int, default=5000)
    parser.add_argument("--gp-minutes", type=float, default=30.0)
    parser.add_argument("--quality-trials", type=int, default=1000)
    parser.add_argument("--seeds", type=suite.parse_seeds, default=[0, 1, 2, 3, 4])
    parser.add_argument("--problems", type=_problems, default=["ackley10", "rastrigin10"])
    parser.add_argument("--runs", type=Path, default=DEFAULT_RUNS)
    parser.add_argument("--out", type=Path, default=compare.DEFAULT_OUT)
    parser.add_argument("--report", action="store_true")
    args = parser.parse_args(argv)
    if args.report:
        report(args.out)
        return
    if args.samplers is None:
        args.samplers = ["gpei", "tpe", "gp"] if args.part == "time" else ["gpei", "gpei_exact"]
    unknown = [s for s in args.samplers if s not in SAMPLERS and not s.startswith("gpei_m")]
    if unknown:
        parser.error(f"unknown samplers {unknown}; choose from {','.join(SAMPLERS)}")
    run(args)


if __name__ == "__main__":
    main()
