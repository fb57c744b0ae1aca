"""Trials per second with 1, 2 and 4 worker processes on PostgreSQL, and the sampler's share.

Each worker is a separate process running ``study.optimize`` on one shared study in a
PostgreSQL database; the objective sleeps `--objective-seconds` (0.2 s by default) and returns a
benchmark problem's value. For every sampler and worker count this reports:
- trials/s: trials in the study / (last worker's end - first worker's start);
- sampler ms/trial: time spent inside the sampler's methods per trial (median over the
  trials of the run, and its mean over the last 10% of the trials), measured in each worker;
- sampler share: sampler time / trial wall time (storage ``datetime_start`` to
  ``datetime_complete``, which brackets every sampler call of the trial), summed over trials.

``--target`` runs the issue's target instead: GPEISampler, 1,000 trials, 4 workers, a 1-second
objective; it reports the sampler time and share per range of 100 trials.

Without ``--storage``, a throwaway PostgreSQL server (scripts/postgres.sh) is started in a
temporary directory and stopped at the end. Run from the repository root:

    python benchmarks/throughput_benchmark.py                       # 4 samplers x 1/2/4 workers
    python benchmarks/throughput_benchmark.py --target              # 1,000 trials, 4 workers
    python benchmarks/throughput_benchmark.py --quick               # smoke test

Writes ``throughput_benchmark.{md,json}`` (or ``throughput_target.{md,json}``) to ``--out``.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
import contextlib
import datetime
import json
import os
from pathlib import Path
import socket
import subprocess
import sys
import tempfile
from typing import Any

import numpy as np
import optuna
from optuna.trial import TrialState

import compare
from workers import create_studies
from workers import run_workers
from workers import SAMPLERS
from workers import WorkerJob

POSTGRES_SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "postgres.sh"


@contextlib.contextmanager
def throwaway_postgres() -> Iterator[str]:
    """A PostgreSQL server (scripts/postgres.sh) on a free loopback port, for the run."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    with tempfile.TemporaryDirectory(prefix="gfo-pg-") as directory:
        os.chmod(directory, 0o777)
        subprocess.run(["bash", str(POSTGRES_SCRIPT), "start", directory, str(port)], check=True)
        try:
            yield f"postgresql+psycopg2://postgres@127.0.0.1:{port}/optuna_gfo_test"
        finally:
            subprocess.run(["bash", str(POSTGRES_SCRIPT), "stop", directory], check=False)


def measure(
    storage: str,
    study_name: str,
    sampler: str,
    n_workers: int,
    n_trials: int,
    objective_seconds: float,
    problem: str,
    seed: int,
) -> dict[str, Any]:
    jobs = [
        WorkerJob(
            storage, study_name, sampler, seed * 1000 + w, problem, n_trials, objective_seconds
        )
        for w in range(n_workers)
    ]
    create_studies(jobs)
    results = run_workers(jobs)
    sampler_seconds: dict[int, float] = {}
    for result in results:
        sampler_seconds.update({int(k): v for k, v in result["sampler_seconds"].items()})
    study = optuna.load_study(storage=storage, study_name=study_name)
    trials = sorted(study.get_trials(deepcopy=False), key=lambda t: t.number)
    finished = [t for t in trials if t.datetime_complete is not None]
    return {
        "sampler": sampler,
        "workers": n_workers,
        "n_trials": len(trials),
        "n_complete": sum(t.state == TrialState.COMPLETE for t in trials),
        "span_seconds": max(r["ended"] for r in results) - min(r["began"] for r in results),
        "sampler_seconds": [sampler_seconds.get(t.number, 0.0) for t in finished],
        "trial_seconds": [
            (t.datetime_complete - t.datetime_start).total_seconds() for t in finished
        ],
    }


def _share(run: dict[str, Any], first: int, last: int) -> tuple[float, float]:
    """Mean sampler ms per trial and sampler share of trial wall time over trials [first, last)."""
    sampler = np.array(run["sampler_seconds"][first:last])
    trial = np.array(run["trial_seconds"][first:last])
    return 1000 * sampler.mean(), sampler.sum() / trial.sum()


def throughput_table(runs: list[dict[str, Any]]) -> str:
    header = [
        "sampler",
        "workers",
        "trials",
        "trials/s",
        "sampler ms/trial (median)",
        "sampler ms/trial (last 10%)",
        "sampler share",
    ]
    rows = []
    for run in runs:
        n = len(run["sampler_seconds"])
        last_ms, _ = _share(run, n - max(n // 10, 1), n)
        _, share = _share(run, 0, n)
        rows.append(
            [
                SAMPLERS[run["sampler"]][0],
                str(run["workers"]),
                str(run["n_trials"]),
                f"{run['n_trials'] / run['span_seconds']:.2f}",
                f"{1000 * np.median(run['sampler_seconds']):.1f}",
                f"{last_ms:.1f}",
                f"{share:.1%}",
            ]
        )
    return compare.markdown_table(header, rows) + "\n"


def target_table(run: dict[str, Any], step: int = 100) -> str:
    lines = ["| trials | sampler ms/trial (mean) | sampler share of trial time |", "|---|---|---|"]
    n = len(run["sampler_seconds"])
    for first in range(0, n, step):
        last = min(first + step, n)
        ms, share = _share(run, first, last)
        lines.append(f"| {first + 1}-{last} | {ms:.1f} | {share:.1%} |")
    return "\n".join(lines) + "\n"


def run_facts(stamp: datetime.datetime, args: argparse.Namespace) -> dict[str, Any]:
    """What a worker benchmark's results record about their run: when, what code, what machine,
    and its common settings (args.trials, objective_seconds, problem)."""
    return {
        "date": stamp.isoformat(timespec="seconds"),
        "commit": compare.git_commit(),
        "cpu": compare.cpu_model(),
        "cores": os.cpu_count(),
        "trials": args.trials,
        "objective_seconds": args.objective_seconds,
        "problem": args.problem,
        "command": " ".join(sys.argv),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--samplers", default="gpei,ga,tpe,gp")
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--trials", type=int, default=200)
    parser.add_argument("--objective-seconds", type=float, default=0.2)
    parser.add_argument("--problem", default="sphere10")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--storage", default=None, help="RDB URL; default: a throwaway PostgreSQL")
    parser.add_argument(
        "--target",
        action="store_true",
        help="GPEISampler, 1000 trials, 4 workers, 1-second objective",
    )
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--out", type=Path, default=compare.DEFAULT_OUT)
    args = parser.parse_args()
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    if args.target:
        configs = [("gpei", 4)]
        args.trials, args.objective_seconds, name = 1000, 1.0, "throughput_target"
    else:
        workers = [int(w) for w in args.workers.split(",")]
        configs = [(s, w) for s in args.samplers.split(",") for w in workers]
        name = "throughput_benchmark"
    if args.quick:
        configs = [(s, w) for s, w in configs if w <= 2][:2]
        args.trials, args.objective_seconds = 12, 0.01

    stamp = datetime.datetime.now(datetime.timezone.utc)
    meta = run_facts(stamp, args)
    args.out.mkdir(parents=True, exist_ok=True)
    runs = []
    with contextlib.ExitStack() as stack:
        storage = args.storage or stack.enter_context(throwaway_postgres())
        for sampler, n_workers in configs:
            study_name = f"{name}-{sampler}-{n_workers}-{stamp.timestamp():.0f}"
            run = measure(
                storage,
                study_name,
                sampler,
                n_workers,
                args.trials,
                args.objective_seconds,
                args.problem,
                args.seed,
            )
            runs.append(run)
            print(
                f"{sampler} x{n_workers}: {run['n_trials']} trials in {run['span_seconds']:.1f} s",
                file=sys.stderr,
                flush=True,
            )
            (args.out / f"{name}.json").write_text(json.dumps({"meta": meta, "runs": runs}))
    table = target_table(runs[0]) if args.target else throughput_table(runs)
    text = (
        f"# {'Throughput target' if args.target else 'Throughput benchmark'}\n\n"
        f"{meta['date']}, commit {meta['commit']}, {meta['cpu']} ({meta['cores']} cores), "
        f"PostgreSQL {'given' if args.storage else '(throwaway server)'}, problem {args.problem}, "
        f"{args.trials} trials, objective {args.objective_seconds} s. "
        f"Command: `{meta['command']}`\n\n{table}"
    )
    (args.out / f"{name}.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
