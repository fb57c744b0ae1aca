"""GASampler beside Optuna's NSGAIISampler (single objective) and RandomSampler.

Run from the repository root:

    python benchmarks/ga_benchmark.py             # 600 trials, seeds 0-4, all problems
    python benchmarks/ga_benchmark.py --quick     # smoke test: 60 trials, 1 seed, 2 problems

Each (problem, seed) runs every sampler in turn. Sampler time is the time spent inside the
sampler's methods for a trial (gp_benchmark.TimedSampler); the objective is not counted. Writes
``ga_benchmark.md`` (the printed tables), ``ga_benchmark.json`` (raw per-trial results) and
``ga_benchmark.png`` (best-so-far curves) to ``--out``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from collections.abc import Sequence
import datetime
import json
import os
from pathlib import Path
import platform
import shlex
import sys
import time
from typing import Any
import warnings

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import optuna
from optuna.samplers import BaseSampler

from gp_benchmark import _markdown_table
from gp_benchmark import _runs_by_key
from gp_benchmark import cpu_model
from gp_benchmark import git_commit
from gp_benchmark import TimedSampler
import optuna_gfo
from problems import PROBLEMS

matplotlib.use("Agg")

SAMPLERS: dict[str, tuple[str, Callable[[int], BaseSampler]]] = {
    "ga": ("GASampler", lambda seed: optuna_gfo.GASampler(seed=seed)),
    "nsga2": ("NSGAIISampler", lambda seed: optuna.samplers.NSGAIISampler(seed=seed)),
    "random": ("RandomSampler", lambda seed: optuna.samplers.RandomSampler(seed=seed)),
}
PROBLEM_NAMES = ["rastrigin6", "rastrigin10", "ackley6", "ackley10", "architecture"]
MARKS = (100, 300, 600)


def run_one(problem_name: str, sampler_key: str, seed: int, n_trials: int) -> dict[str, Any]:
    problem = PROBLEMS[problem_name]
    sampler = TimedSampler(SAMPLERS[sampler_key][1](seed))
    study = optuna.create_study(sampler=sampler)
    study.optimize(problem.objective, n_trials=n_trials)
    values = [t.value for t in study.trials]
    return {
        "problem": problem_name,
        "sampler": sampler_key,
        "seed": seed,
        "best_so_far": np.minimum.accumulate(values).tolist(),
        "sampler_seconds": [sampler.seconds_by_trial.get(t.number, 0.0) for t in study.trials],
    }


def report(meta: dict[str, Any], runs: list[dict[str, Any]]) -> str:
    grouped = _runs_by_key(runs)
    marks = [mark for mark in MARKS if mark < meta["trials"]] + [meta["trials"]]
    ranges = list(zip([1] + [m + 1 for m in marks[:-1]], marks))
    best_rows, time_rows, wins = [], [], []
    for problem in meta["problems"]:
        medians: dict[str, list[float]] = {}
        for sampler in meta["samplers"]:
            group = grouped[(problem, sampler)]
            medians[sampler] = [
                float(np.median([run["best_so_far"][mark - 1] for run in group])) for mark in marks
            ]
            best_rows.append([problem, SAMPLERS[sampler][0], *(f"{v:.4g}" for v in medians[sampler])])
            milliseconds = [
                1000.0 * float(np.median([np.mean(run["sampler_seconds"][a - 1 : b]) for run in group]))
                for a, b in ranges
            ]
            time_rows.append([problem, SAMPLERS[sampler][0], *(f"{ms:.3g}" for ms in milliseconds)])
        if "ga" in medians and "nsga2" in medians:
            wins.append(medians["ga"][-1] < medians["nsga2"][-1])
    parts = [
        "# GA sampler benchmark",
        "",
        f"- Date: {meta['date']}",
        f"- Machine: {meta['nproc']} CPUs ({meta['cpu']}); 1-min load average "
        f"{meta['load_before']:.2f} before the run, {meta.get('load_after', float('nan')):.2f} after",
        f"- Versions: python {meta['python']}, optuna {meta['optuna']}, optuna-gfo "
        f"{meta['optuna_gfo']} (checkout {meta['git_commit']}), numpy {meta['numpy']}",
        f"- Trials: {meta['trials']}; seeds: {','.join(map(str, meta['seeds']))}; samplers with "
        "default arguments and `seed=seed` (population 50 for both genetic algorithms)",
        f"- Run: `{meta['command']}`",
        "",
        "## Best value (median over seeds; every problem's optimum is 0)",
        "",
        _markdown_table(["problem", "sampler", *map(str, marks)], best_rows),
        "",
    ]
    if wins:
        parts += [
            f"GASampler's median best at {marks[-1]} trials is lower than NSGAIISampler's on "
            f"{sum(wins)} of {len(wins)} problems.",
            "",
        ]
    parts += [
        "## Sampler time per trial (ms)",
        "",
        "Time inside the sampler's methods, averaged over the trials of the range, median over seeds.",
        "",
        _markdown_table(
            ["problem", "sampler", *(f"{a}-{b}" for a, b in ranges)], time_rows
        ),
        "",
    ]
    return "\n".join(parts)


def plot(meta: dict[str, Any], runs: list[dict[str, Any]], path: Path) -> None:
    grouped = _runs_by_key(runs)
    problems = meta["problems"]
    figure, axes = plt.subplots(1, len(problems), figsize=(4.2 * len(problems), 3.8), squeeze=False)
    trials = np.arange(1, meta["trials"] + 1)
    for axis, problem in zip(axes[0], problems):
        for sampler in meta["samplers"]:
            curves = np.array([run["best_so_far"] for run in grouped[(problem, sampler)]])
            axis.plot(trials, np.median(curves, axis=0), label=SAMPLERS[sampler][0])
        axis.set_yscale("symlog", linthresh=1e-2)
        axis.set_title(problem)
        axis.set_xlabel("trial")
    axes[0][0].set_ylabel("best value (median over seeds)")
    axes[0][0].legend()
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=None)
    parser.add_argument("--seeds", type=lambda s: [int(x) for x in s.split(",")], default=None)
    parser.add_argument("--problems", type=lambda s: s.split(","), default=None)
    parser.add_argument("--samplers", type=lambda s: s.split(","), default=list(SAMPLERS))
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "results")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    defaults = (
        {"trials": 60, "seeds": [0], "problems": ["rastrigin6", "architecture"]}
        if args.quick
        else {"trials": 600, "seeds": [0, 1, 2, 3, 4], "problems": PROBLEM_NAMES}
    )
    for name, value in defaults.items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    unknown = [p for p in args.problems if p not in PROBLEMS] + [
        s for s in args.samplers if s not in SAMPLERS
    ]
    if unknown:
        parser.error(f"unknown problems or samplers: {unknown}")
    return args


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)
    meta: dict[str, Any] = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": len(os.sched_getaffinity(0)),
        "cpu": cpu_model(),
        "load_before": os.getloadavg()[0],
        "git_commit": git_commit(),
        "python": platform.python_version(),
        "optuna": optuna.__version__,
        "optuna_gfo": optuna_gfo.__version__,
        "numpy": np.__version__,
        "trials": args.trials,
        "seeds": args.seeds,
        "problems": args.problems,
        "samplers": args.samplers,
        "command": shlex.join(["python", *sys.argv]),
    }
    runs = []
    for problem in args.problems:
        for seed in args.seeds:
            for sampler in args.samplers:
                start = time.perf_counter()
                runs.append(run_one(problem, sampler, seed, args.trials))
                print(
                    f"{problem} seed {seed} {SAMPLERS[sampler][0]}: best "
                    f"{runs[-1]['best_so_far'][-1]:.4g} ({time.perf_counter() - start:.1f} s)",
                    file=sys.stderr,
                    flush=True,
                )
    meta["load_after"] = os.getloadavg()[0]
    (args.out / "ga_benchmark.json").write_text(json.dumps({"meta": meta, "runs": runs}))
    markdown = report(meta, runs)
    print(markdown)
    (args.out / "ga_benchmark.md").write_text(markdown)
    plot(meta, runs, args.out / "ga_benchmark.png")


if __name__ == "__main__":
    main()
