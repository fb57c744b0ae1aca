"""GASampler's steady-state mode against its generational mode with 1, 4 and 8 workers.

Each worker is a separate process running ``study.optimize`` on one shared study in a throwaway
PostgreSQL database (scripts/postgres.sh); the objective sleeps between ``--min-seconds`` and
``--max-seconds`` (the same time for the same trial number in every run) and returns a benchmark
problem's value. Both modes use population_size=20 and the same total number of trials. For
each mode and worker count, over the seeds: the median wall time until the best value reached
``--target`` (the run's wall time and a ">" when it never did), and the median best value at the
end. Run from the repository root:

    python benchmarks/steady_state_benchmark.py                  # 1/4/8 workers, 3 seeds
    python benchmarks/steady_state_benchmark.py --quick          # smoke test

Writes ``steady_state_benchmark.{md,json}`` to ``--out``.
"""

from __future__ import annotations

import argparse
import datetime
import json
from pathlib import Path
import subprocess
from typing import Any

import numpy as np
import optuna
from optuna.trial import TrialState

import compare
from throughput_benchmark import throwaway_postgres
from workers import create_studies
from workers import run_workers
from workers import SAMPLERS
from workers import WorkerJob

MODES = ("ga20", "ga20_steady")


def run_once(
    storage: str, mode: str, n_workers: int, seed: int, args: argparse.Namespace
) -> dict[str, Any]:
    study_name = f"{mode}-w{n_workers}-s{seed}"
    jobs = [
        WorkerJob(
            storage,
            study_name,
            mode,
            seed * 1000 + w,
            args.problem,
            args.trials,
            args.min_seconds,
            args.max_seconds,
        )
        for w in range(n_workers)
    ]
    create_studies(jobs)
    results = run_workers(jobs)
    began = min(r["began"] for r in results)
    ended = max(r["ended"] for r in results)
    study = optuna.load_study(storage=storage, study_name=study_name)
    completed = sorted(
        (t for t in study.get_trials(deepcopy=False) if t.state == TrialState.COMPLETE),
        key=lambda t: t.datetime_complete,
    )
    reached = next(
        (t.datetime_complete.timestamp() - began for t in completed if t.value <= args.target), None
    )
    return {
        "mode": mode,
        "workers": n_workers,
        "seed": seed,
        "n_trials": len(study.trials),
        "wall_seconds": ended - began,
        "seconds_to_target": reached,
        "best": min(t.value for t in completed),
    }


def table(runs: list[dict[str, Any]], args: argparse.Namespace) -> str:
    lines = [
        f"| mode | workers | median wall s | median s to best <= {args.target} | median best |",
        "|---|---|---|---|---|",
    ]
    for mode in MODES:
        for n_workers in args.workers:
            group = [r for r in runs if r["mode"] == mode and r["workers"] == n_workers]
            if not group:
                continue
            times = [
                r["seconds_to_target"] if r["seconds_to_target"] is not None else np.inf
                for r in group
            ]
            median_time = float(np.median(times))
            shown = (
                f"{median_time:.1f}"
                if np.isfinite(median_time)
                else f"> {np.median([r['wall_seconds'] for r in group]):.1f}"
            )
            lines.append(
                f"| {SAMPLERS[mode][0]} | {n_workers} | "
                f"{np.median([r['wall_seconds'] for r in group]):.1f} | {shown} | "
                f"{np.median([r['best'] for r in group]):.3g} |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 4, 8])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--trials", type=int, default=200)
    parser.add_argument("--min-seconds", type=float, default=0.1)
    parser.add_argument("--max-seconds", type=float, default=1.0)
    parser.add_argument("--problem", default="architecture")
    parser.add_argument("--target", type=float, default=1.0)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--out", type=Path, default=compare.DEFAULT_OUT)
    args = parser.parse_args()
    if args.quick:
        args.workers, args.seeds, args.trials = [1, 4], 1, 30
        args.min_seconds, args.max_seconds = 0.01, 0.05
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    runs = []
    with throwaway_postgres() as storage:
        for seed in range(args.seeds):
            for n_workers in args.workers:
                for mode in MODES:
                    runs.append(run_once(storage, mode, n_workers, seed, args))
                    print(json.dumps(runs[-1]), flush=True)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    header = (
        f"{datetime.date.today()}, commit {commit}: problem {args.problem}, {args.trials} trials, "
        f"objective {args.min_seconds}-{args.max_seconds} s, {args.seeds} seeds, PostgreSQL\n\n"
    )
    report = header + table(runs, args)
    print(report)
    if not args.quick:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "steady_state_benchmark.md").write_text(report + "\n")
        (args.out / "steady_state_benchmark.json").write_text(json.dumps(runs, indent=1) + "\n")


if __name__ == "__main__":
    main()
