"""The quality suite: GPEISampler beside GPSampler and TPESampler on a broad set of problems.

Each run (problem, sampler, seed) is one study of ``problem.trials`` trials (100; 150 from 10
parameters; 200 at 20), appended as one JSON line to ``--runs`` as soon as it ends, so that a
long run can be stopped and resumed (runs already in the file are skipped) and several processes
can each run a part into files of their own. ``--report`` reads any number of such files and
writes the tables and the plot. A name ending in ``.gz`` is read and written compressed. Run from the repository root:

    python benchmarks/suite.py --samplers gp,tpe --seeds 0-9          # the baselines
    python benchmarks/suite.py --samplers gpei --seeds 0-9 --runs /tmp/gpei.jsonl
    python benchmarks/suite.py --samplers gpei --problems hartmann6,levy5 --seeds 0-4 \\
        --label gpei_2048 --kwargs '{"n_candidates": 2048}' --runs /tmp/variant.jsonl
    python benchmarks/suite.py --samplers gpei,gp --problems hartmann6,ackley10 --seeds 0,1 \\
        --trials 300 --runs benchmarks/results/suite_timing.jsonl    # sampler time at 201-300
    python benchmarks/suite.py --report benchmarks/results/suite_runs.jsonl /tmp/gpei.jsonl

Regret is the best value found minus the problem's least value (for tuning workloads: minus the
best value any run in the files found), floored at 1e-8 so that its log10 stays finite. Per problem,
GPEISampler (``--ours``) wins, ties or loses against another sampler by a two-sided Mann-Whitney U
test over the seeds' final regrets at level 0.05 (a tie when not significant); the comparison
of the medians alone (a tie within 0.1 in log10 regret) is counted beside it. Sampler time is the time spent in the sampler's methods
(``compare.TimedSampler``), the objective not counted.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from collections.abc import Sequence
import datetime
import gzip
import json
import math
import os
from pathlib import Path
import platform
import sys
import time
from typing import Any

import numpy as np
import optuna
from optuna.samplers import BaseSampler

import compare
from suite_problems import Problem
from suite_problems import SUITE
from suite_tuning import TUNING

ALL_PROBLEMS: dict[str, Problem] = {**SUITE, **TUNING}
REGRET_FLOOR = 1e-8
SIGNIFICANCE = 0.05
MEDIAN_TIE = 0.1  # log10 regret: medians within a factor of 1.26 count as equal
DEFAULT_RUNS = compare.DEFAULT_OUT / "suite_runs.jsonl.gz"
LABELS = {"gpei": "GPEISampler", "gp": "GPSampler", "tpe": "TPESampler", "random": "RandomSampler"}


def _gpei(kwargs: dict[str, Any]) -> Callable[[int], BaseSampler]:
    def make(seed: int) -> BaseSampler:
        import optuna_gfo

        return optuna_gfo.GPEISampler(seed=seed, **kwargs)

    return make


FACTORIES: dict[str, Callable[[int], BaseSampler]] = {
    "gp": lambda seed: optuna.samplers.GPSampler(seed=seed),
    "tpe": lambda seed: optuna.samplers.TPESampler(seed=seed),
    "random": lambda seed: optuna.samplers.RandomSampler(seed=seed),
}


def parse_seeds(text: str) -> list[int]:
    seeds: list[int] = []
    for part in text.split(","):
        first, _, last = part.partition("-")
        seeds += list(range(int(first), int(last or first) + 1))
    return seeds


def parse_problems(text: str) -> list[str]:
    groups = {
        "all": list(ALL_PROBLEMS),
        "functions": [n for n, p in ALL_PROBLEMS.items() if p.kind == "function"],
        "integer_or_categorical": [n for n, p in ALL_PROBLEMS.items() if p.kind == "mixed"],
        "tuning": list(TUNING),
    }
    names: list[str] = []
    for part in text.split(","):
        names += [part] if part in ALL_PROBLEMS else groups.get(part, [part])
    unknown = [name for name in names if name not in ALL_PROBLEMS]
    if unknown:
        raise SystemExit(f"unknown problems {unknown}; known: {sorted(ALL_PROBLEMS)}")
    return names


def open_text(path: Path, mode: str) -> Any:
    """Text mode; gzip-compressed when the name ends in .gz (appends add gzip members)."""
    return gzip.open(path, mode + "t") if path.suffix == ".gz" else path.open(mode)


def read_runs(paths: Sequence[Path]) -> list[dict[str, Any]]:
    runs = []
    for path in paths:
        if path.exists():
            with open_text(path, "r") as lines:
                runs += [json.loads(line) for line in lines if line.strip()]
    return runs


def run_one(
    problem: Problem, label: str, factory: Callable[[int], BaseSampler], seed: int, trials: int
) -> dict[str, Any]:
    sampler = compare.TimedSampler(factory(seed))
    study = optuna.create_study(sampler=sampler)
    start = time.perf_counter()
    study.optimize(problem.objective, n_trials=trials)
    wall = time.perf_counter() - start
    values = [t.value if t.value is not None else math.inf for t in study.trials]
    sampler_seconds = [sampler.seconds_by_trial.get(t.number, 0.0) for t in study.trials]
    return {
        "problem": problem.name,
        "sampler": label,
        "seed": seed,
        "trials": trials,
        # Ten significant digits and microseconds keep the stored runs small.
        "best_so_far": [float(f"{v:.10g}") for v in np.minimum.accumulate(values)],
        "sampler_seconds": [round(seconds, 6) for seconds in sampler_seconds],
        "wall_seconds": wall,
        **provenance(),
    }


def provenance() -> dict[str, Any]:
    """When and with what a run was made: date, checkout, versions, load average."""
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "git_commit": compare.git_commit(),
        "optuna": optuna.__version__,
        "python": platform.python_version(),
        "load": os.getloadavg()[0],
    }


def run(args: argparse.Namespace) -> None:
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    if args.torch_threads and "gp" in args.samplers:
        import torch

        torch.set_num_threads(args.torch_threads)
    factories = dict(FACTORIES)
    factories["gpei"] = _gpei({})
    if args.kwargs:
        factories[args.label] = _gpei(json.loads(args.kwargs))
    keys = [args.label if key == "gpei" and args.kwargs else key for key in args.samplers]
    done = {(r["problem"], r["sampler"], r["seed"], r["trials"]) for r in read_runs([args.runs])}
    args.runs.parent.mkdir(parents=True, exist_ok=True)
    for name in args.problems:
        problem = ALL_PROBLEMS[name]
        trials = args.trials or problem.trials
        for seed in args.seeds:
            for key in keys:
                if (name, key, seed, trials) in done:
                    continue
                record = run_one(problem, key, factories[key], seed, trials)
                with open_text(args.runs, "a") as out:
                    out.write(json.dumps(record) + "\n")
                final = record["best_so_far"][-1]
                ms = 1000 * float(np.mean(record["sampler_seconds"]))
                print(f"{name} {key} seed {seed}: best {final:.6g}, {ms:.1f} ms/trial", flush=True)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--samplers", default="gpei,gp,tpe", type=lambda s: s.split(","))
    parser.add_argument("--problems", default="all", type=parse_problems)
    parser.add_argument("--seeds", default="0-9", type=parse_seeds)
    parser.add_argument("--trials", type=int, default=0, help="override problems' trials")
    parser.add_argument(
        "--runs", type=Path, default=DEFAULT_RUNS, help="JSONL (.gz: compressed) to append to"
    )
    parser.add_argument("--label", default="gpei", help="name of the --kwargs variant")
    parser.add_argument("--kwargs", default="", help="GPEISampler arguments as JSON")
    parser.add_argument(
        "--torch-threads",
        type=int,
        default=1,
        help="GPSampler's torch threads (0: torch's default); 1 when several runs share the cores",
    )
    parser.add_argument("--report", type=Path, nargs="+", help="write tables from these JSONL")
    parser.add_argument("--ours", default="gpei", help="the sampler compared with the others")
    parser.add_argument("--out", type=Path, default=compare.DEFAULT_OUT)
    args = parser.parse_args(argv)
    if args.report:
        import suite_report

        suite_report.write(read_runs(args.report), args.ours, args.out, " ".join(sys.argv[1:]))
    else:
        run(args)


if __name__ == "__main__":
    main()
