"""Sampler time per trial against the Pareto front's size, for 2 to 6 objectives.

Every trial of the study lies on the front: 5 parameters x in [0, 1], objective j is
w_j / sum(w) with w_j = 0.1 + x_j for j < m - 1 and w_{m-1} = 1 (points of the simplex, none
dominating another). The study is grown with ``add_trials`` to each front size, then the time of
``--repeats`` trials (ask, suggest, tell) is measured and the median kept. One thread everywhere
(GPEISampler's ``n_threads=1``, ``torch.set_num_threads(1)``). A sampler whose trial took longer
than ``--time-limit`` seconds is not run at larger fronts of that objective count.

    python benchmarks/mo_scaling_benchmark.py
    python benchmarks/mo_scaling_benchmark.py --samplers GPEISampler --objectives 5,6

Writes ``mo_scaling_benchmark.md`` and ``.json`` to ``--out`` (as it goes). Runs made
separately (one sampler at a time) are set side by side with ``--combine a.json b.json``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
from pathlib import Path
import statistics
import time
from typing import Any
from typing import Callable
import warnings

import numpy as np
import optuna
from optuna.distributions import FloatDistribution

import compare
from optuna_gfo import GPEISampler

N_PARAMS = 5
FRONT_SIZES = (10, 25, 50, 100, 200)
SAMPLERS: dict[str, Callable[[], optuna.samplers.BaseSampler]] = {
    "GPEISampler": lambda: GPEISampler(seed=0, n_threads=1),
    "GPSampler": lambda: optuna.samplers.GPSampler(seed=0),
    "TPESampler": lambda: optuna.samplers.TPESampler(seed=0),
}
DISTRIBUTIONS = {f"x{i}": FloatDistribution(0.0, 1.0) for i in range(N_PARAMS)}


def front_values(x: np.ndarray, n_objectives: int) -> list[float]:
    weights = np.append(0.1 + x[: n_objectives - 1], 1.0)
    return list(weights / weights.sum())


def add_front_trials(
    study: optuna.Study, count: int, n_objectives: int, rng: np.random.Generator
) -> None:
    trials = []
    for _ in range(count):
        x = rng.random(N_PARAMS)
        trials.append(
            optuna.trial.create_trial(
                params={name: float(v) for name, v in zip(DISTRIBUTIONS, x)},
                distributions=DISTRIBUTIONS,
                values=front_values(x, n_objectives),
            )
        )
    study.add_trials(trials)


def timed_trial(study: optuna.Study, n_objectives: int) -> float:
    start = time.perf_counter()
    trial = study.ask()
    x = np.array([trial.suggest_float(name, 0.0, 1.0) for name in DISTRIBUTIONS])
    seconds = time.perf_counter() - start
    study.tell(trial, front_values(x, n_objectives))
    return seconds


def run(
    sampler_name: str, n_objectives: int, repeats: int, time_limit: float
) -> list[dict[str, Any]]:
    study = optuna.create_study(
        directions=["minimize"] * n_objectives, sampler=SAMPLERS[sampler_name]()
    )
    rng = np.random.default_rng(n_objectives)
    rows = []
    for size in FRONT_SIZES:
        add_front_trials(study, size - len(study.trials), n_objectives, rng)
        seconds = [timed_trial(study, n_objectives) for _ in range(repeats)]
        rows.append(
            {
                "sampler": sampler_name,
                "m": n_objectives,
                "front": size,
                "seconds": statistics.median(seconds),
            }
        )
        print(rows[-1], flush=True)
        if max(seconds) > time_limit:
            break
    return rows


def describe(meta: dict[str, Any]) -> str:
    return (
        f"{meta['date']}, commit {meta['git_commit']}, {meta['cpu']} ({meta['nproc']} cores, load "
        f"{meta['load_before']:.1f} before the run), Optuna {meta['optuna']}. Command: `{meta['command']}`."
        + (f" {meta['note']}" if "note" in meta else "")
    )


def combined_report(rows: list[dict[str, Any]], metas: list[dict[str, Any]]) -> str:
    samplers = list(dict.fromkeys(r["sampler"] for r in rows))
    by_key = {(r["sampler"], r["m"], r["front"]): r["seconds"] for r in rows}
    lines = [
        "# Sampler time per trial against the front's size",
        "",
        *[f"- {describe(meta)}" for meta in metas],
        "",
        f"Median of {metas[0]['repeats']} trials, milliseconds, one thread; every trial on the front. "
        "'-': not run (an earlier front size took over the time limit).",
        "",
        "| objectives | front size | " + " | ".join(f"{s} ms" for s in samplers) + " |",
        "|---|---|" + "---|" * len(samplers),
    ]
    for m in sorted({r["m"] for r in rows}):
        for size in FRONT_SIZES:
            cells = [by_key.get((s, m, size)) for s in samplers]
            if all(c is None for c in cells):
                continue
            lines.append(
                f"| {m} | {size} | "
                + " | ".join("-" if c is None else f"{1000 * c:.0f}" for c in cells)
                + " |"
            )
    return "\n".join(lines) + "\n"


def report(rows: list[dict[str, Any]], meta: dict[str, Any]) -> str:
    return combined_report(rows, [meta])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samplers", default=",".join(SAMPLERS))
    parser.add_argument("--objectives", default="2,3,4,5,6")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--time-limit", type=float, default=20.0)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results")
    parser.add_argument(
        "--combine", type=Path, nargs="+", help="only write one report from these runs' JSON files"
    )
    args = parser.parse_args()
    if args.combine:
        runs = [json.loads(path.read_text()) for path in args.combine]
        args.out.mkdir(parents=True, exist_ok=True)
        rows = [row for run in runs for row in run["rows"]]
        (args.out / "mo_scaling_benchmark.json").write_text(json.dumps({"runs": runs}, indent=1))
        (args.out / "mo_scaling_benchmark.md").write_text(
            combined_report(rows, [run["meta"] for run in runs])
        )
        return
    import torch

    torch.set_num_threads(1)
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    warnings.simplefilter("ignore")  # experimental-feature and n_objectives > 4 warnings
    meta = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "git_commit": compare.git_commit(),
        "cpu": compare.cpu_model(),
        "nproc": len(os.sched_getaffinity(0)),
        "load_before": os.getloadavg()[0],
        "optuna": optuna.__version__,
        "repeats": args.repeats,
        "command": "mo_scaling_benchmark.py "
        + " ".join(
            f"--{k.replace('_', '-')} {v}"
            for k, v in vars(args).items()
            if k not in ("out", "combine")
        ),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, Any]] = []
    for m in (int(v) for v in args.objectives.split(",")):
        for name in args.samplers.split(","):
            rows += run(name, m, args.repeats, args.time_limit)
            # Written as it goes: a run stopped early keeps what it measured.
            (args.out / "mo_scaling_benchmark.json").write_text(
                json.dumps({"meta": meta, "rows": rows}, indent=1)
            )
            (args.out / "mo_scaling_benchmark.md").write_text(report(rows, meta))


if __name__ == "__main__":
    main()
