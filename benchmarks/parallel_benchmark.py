"""Does a study lose quality when 4 workers share it? Sequential vs 4 workers vs 4 independent.

For each sampler, problem and seed, the same budget of N trials is spent three ways:
- sequential: one worker process, N trials;
- 4 workers: four processes on one study (JournalStorage on a file), N trials in all, each
  worker's sampler seeing the others' running trials through the storage;
- 4 independent: four separate studies of N/4 trials each, run at the same time (what four
  machines without a shared storage would do); the best of the four counts.
The objective sleeps (a stand-in for training) so that the workers really overlap. Reported:
median over seeds of the best value after N/2 and N trials in all.

Run from the repository root:

    python benchmarks/parallel_benchmark.py                 # GPEISampler and GASampler, 5 seeds
    python benchmarks/parallel_benchmark.py --samplers gpei --seeds 0,1 --problems sphere5
    python benchmarks/parallel_benchmark.py --quick         # smoke test

Writes ``parallel_benchmark.md`` and ``parallel_benchmark.json`` to ``--out``.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
import datetime
import json
from pathlib import Path
import sys
import tempfile
from typing import Any

import numpy as np
import optuna

import compare
from workers import best_so_far
from workers import create_studies
from workers import run_workers
from workers import SAMPLERS
from workers import WorkerJob

N_WORKERS = 4
MODES = ("sequential", "4 workers", "4 independent")


@dataclass(frozen=True)
class Plan:
    trials: int
    objective_seconds: float
    problems: tuple[str, ...]


PLANS = {
    "gpei": Plan(trials=100, objective_seconds=0.1, problems=("sphere5", "ackley6", "mixed")),
    "ga": Plan(
        trials=600, objective_seconds=0.01, problems=("rastrigin6", "ackley6", "architecture")
    ),
}
QUICK = {
    "gpei": Plan(trials=16, objective_seconds=0.01, problems=("sphere5",)),
    "ga": Plan(trials=40, objective_seconds=0.0, problems=("sphere5",)),
}


def run_mode(
    mode: str, sampler: str, problem: str, seed: int, plan: Plan, directory: Path
) -> list[float]:
    """Best value after each trial of the N in all (for independent runs: best of the four
    after the same total)."""
    file_name = f"{sampler}-{problem}-{seed}-{mode.replace(' ', '_')}.log"
    storage = f"journal:{directory / file_name}"

    def job(study: str, n_trials: int, worker: int) -> WorkerJob:
        return WorkerJob(
            storage, study, sampler, seed * 1000 + worker, problem, n_trials, plan.objective_seconds
        )

    if mode == "sequential":
        jobs = [job("study", plan.trials, 0)]
    elif mode == "4 workers":
        jobs = [job("study", plan.trials, w) for w in range(N_WORKERS)]
    else:
        jobs = [job(f"study{w}", plan.trials // N_WORKERS, w) for w in range(N_WORKERS)]
    create_studies(jobs)
    run_workers(jobs)
    if mode != "4 independent":
        return best_so_far(storage, "study", plan.trials)
    curves = [best_so_far(storage, j.study_name, j.n_trials) for j in jobs]
    # After t trials in all, each independent study has run t / 4 of them.
    per_study = np.array(curves)
    return np.repeat(per_study.min(axis=0), N_WORKERS).tolist()


def report(runs: list[dict[str, Any]], plans: dict[str, Plan]) -> str:
    lines = []
    for sampler, plan in plans.items():
        label = SAMPLERS[sampler][0]
        marks = (plan.trials // 2, plan.trials)
        lines.append(
            f"\n### {label}: best value after N trials in all (median over seeds), objective "
            f"{plan.objective_seconds} s\n"
        )
        header = ["problem"] + [f"{mode} @{mark}" for mode in MODES for mark in marks]
        rows = []
        for problem in plan.problems:
            row = [problem]
            for mode in MODES:
                curves = [
                    r["best_so_far"]
                    for r in runs
                    if (r["sampler"], r["problem"], r["mode"]) == (sampler, problem, mode)
                ]
                for mark in marks:
                    values = [curve[mark - 1] for curve in curves if len(curve) >= mark]
                    row.append(f"{np.median(values):.3g}" if values else "-")
            rows.append(row)
        lines.append("| " + " | ".join(header) + " |")
        lines.append("|" + "---|" * len(header))
        lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--samplers", default="gpei,ga")
    parser.add_argument("--seeds", default="0,1,2,3,4")
    parser.add_argument("--problems", default=None, help="override the problems of every sampler")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--out", type=Path, default=compare.DEFAULT_OUT)
    args = parser.parse_args()
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    samplers = args.samplers.split(",")
    seeds = [int(s) for s in args.seeds.split(",")] if not args.quick else [0]
    plans = {s: (QUICK if args.quick else PLANS)[s] for s in samplers}
    if args.problems:
        problems = tuple(args.problems.split(","))
        plans = {s: Plan(p.trials, p.objective_seconds, problems) for s, p in plans.items()}

    meta = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "commit": compare.git_commit(),
        "cpu": compare.cpu_model(),
        "seeds": seeds,
        "plans": {s: vars(p) for s, p in plans.items()},
        "command": " ".join(sys.argv),
    }
    runs = []
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as directory:
        for sampler, plan in plans.items():
            for problem in plan.problems:
                for seed in seeds:
                    for mode in MODES:
                        curve = run_mode(mode, sampler, problem, seed, plan, Path(directory))
                        runs.append(
                            {
                                "sampler": sampler,
                                "problem": problem,
                                "seed": seed,
                                "mode": mode,
                                "best_so_far": curve,
                            }
                        )
                        print(
                            f"{sampler} {problem} seed {seed} {mode}: best {curve[-1]:.4g}",
                            file=sys.stderr,
                            flush=True,
                        )
                        (args.out / "parallel_benchmark.json").write_text(
                            json.dumps({"meta": meta, "runs": runs})
                        )
    text = (
        f"# Parallel benchmark\n\n{meta['date']}, commit {meta['commit']}, {meta['cpu']}, "
        f"seeds {seeds}. Command: `{meta['command']}`\n" + report(runs, plans)
    )
    (args.out / "parallel_benchmark.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
