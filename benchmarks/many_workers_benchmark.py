"""16 worker processes on one study through Optuna's two scaling paths: PostgreSQL, and the gRPC
storage proxy in front of it.

Each worker is a separate process (workers.py) that runs exactly `--trials` / `--workers` trials
of one shared study; the objective sleeps `--objective-seconds` (0.1 s by default) and returns a
benchmark problem's value. The two paths:
- ``postgresql``: every worker connects to the database itself (an RDB URL);
- ``grpc``: every worker talks to one `optuna.storages.run_grpc_proxy_server` process (Optuna's
  default thread pool) through `optuna.storages.GrpcStorageProxy`; the proxy holds the only
  storage, ``get_storage(URL)`` on the same database.

For every path and sampler this reports the study's trial count against the requested one,
complete and failed trials, duplicates (trials at the parameters of an earlier trial; the JSON names
them), trials/s (trials /
(last worker's end - first worker's start)), sampler ms/trial (median and 90th percentile over
the trials; time inside the sampler's methods, storage reads included, measured in each worker)
and the sampler share (sampler time / trial wall time, ``datetime_start`` to
``datetime_complete``, summed over trials).

Without ``--storage``, a throwaway PostgreSQL server (scripts/postgres.sh) is started in a
temporary directory and stopped at the end. Run from the repository root:

    python benchmarks/many_workers_benchmark.py            # 16 workers x 320 trials, gpei/ga/tpe
    python benchmarks/many_workers_benchmark.py --quick    # smoke test: 4 workers x 16 trials

Writes ``many_workers_benchmark.{md,json}`` to ``--out``.
"""

from __future__ import annotations

import argparse
from collections import Counter
import contextlib
import datetime
import json
from pathlib import Path
import sys
from typing import Any

import numpy as np
import optuna
from optuna.trial import TrialState

import compare
from throughput_benchmark import run_facts
from throughput_benchmark import throwaway_postgres
from workers import create_studies
from workers import grpc_proxy
from workers import open_storage
from workers import run_workers
from workers import SAMPLERS
from workers import WorkerJob

PATHS = {"postgresql": "PostgreSQL", "grpc": "gRPC proxy -> PostgreSQL"}


def measure(
    storage: str,
    study_name: str,
    sampler: str,
    n_workers: int,
    trials_per_worker: int,
    objective_seconds: float,
    problem: str,
    seed: int,
) -> dict[str, Any]:
    jobs = [
        WorkerJob(
            storage,
            study_name,
            sampler,
            seed * 1000 + w,
            problem,
            trials_per_worker,
            objective_seconds,
            budget_per_worker=True,
        )
        for w in range(n_workers)
    ]
    create_studies(jobs)
    results = run_workers(jobs)
    sampler_seconds: dict[int, float] = {}
    for result in results:
        sampler_seconds.update({int(k): v for k, v in result["sampler_seconds"].items()})
    study = optuna.load_study(storage=open_storage(storage), study_name=study_name)
    trials = sorted(study.get_trials(deepcopy=False), key=lambda t: t.number)
    by_point: dict[tuple[tuple[str, Any], ...], list[int]] = {}
    for t in trials:
        by_point.setdefault(tuple(sorted(t.params.items())), []).append(t.number)
    finished = [t for t in trials if t.datetime_complete is not None]
    return {
        "sampler": sampler,
        "workers": n_workers,
        "requested": n_workers * trials_per_worker,
        "n_trials": len(trials),
        "states": dict(Counter(t.state.name for t in trials)),
        "duplicates": sum(len(numbers) - 1 for numbers in by_point.values()),
        "duplicate_trials": [numbers for numbers in by_point.values() if len(numbers) > 1],
        "span_seconds": max(r["ended"] for r in results) - min(r["began"] for r in results),
        "sampler_seconds": [sampler_seconds.get(t.number, 0.0) for t in finished],
        "trial_seconds": [
            (t.datetime_complete - t.datetime_start).total_seconds() for t in finished
        ],
    }


def table(runs: list[dict[str, Any]]) -> str:
    header = [
        "path",
        "sampler",
        "workers",
        "trials (requested)",
        "complete",
        "failed",
        "duplicates",
        "trials/s",
        "sampler ms/trial (median)",
        "sampler ms/trial (p90)",
        "sampler share",
    ]
    rows = []
    for run in runs:
        sampler_ms = 1000 * np.array(run["sampler_seconds"])
        share = sum(run["sampler_seconds"]) / sum(run["trial_seconds"])
        rows.append(
            [
                PATHS[run["path"]],
                SAMPLERS[run["sampler"]][0],
                str(run["workers"]),
                f"{run['n_trials']} ({run['requested']})",
                str(run["states"].get(TrialState.COMPLETE.name, 0)),
                str(run["states"].get(TrialState.FAIL.name, 0)),
                str(run["duplicates"]),
                f"{run['n_trials'] / run['span_seconds']:.2f}",
                f"{np.median(sampler_ms):.1f}",
                f"{np.percentile(sampler_ms, 90):.1f}",
                f"{share:.1%}",
            ]
        )
    return compare.markdown_table(header, rows) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--samplers", default="gpei,ga,tpe")
    parser.add_argument("--paths", default="postgresql,grpc")
    parser.add_argument("--workers", type=int, default=16)
    parser.add_argument("--trials", type=int, default=320, help="per study, split over workers")
    parser.add_argument("--objective-seconds", type=float, default=0.1)
    parser.add_argument("--problem", default="sphere10")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--storage", default=None, help="RDB URL; default: a throwaway PostgreSQL")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--out", type=Path, default=compare.DEFAULT_OUT)
    args = parser.parse_args()
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    if args.quick:
        args.workers, args.trials, args.objective_seconds = 4, 16, 0.01
    if args.trials % args.workers:
        parser.error("--trials must be a multiple of --workers")
    paths = args.paths.split(",")
    configs = [(s, p) for s in args.samplers.split(",") for p in paths]

    stamp = datetime.datetime.now(datetime.timezone.utc)
    meta = {**run_facts(stamp, args), "optuna": optuna.__version__, "workers": args.workers}
    args.out.mkdir(parents=True, exist_ok=True)
    runs = []
    with contextlib.ExitStack() as stack:
        url = args.storage or stack.enter_context(throwaway_postgres())
        for sampler, path in configs:
            study_name = f"many-workers-{sampler}-{path}-{stamp.timestamp():.0f}"
            with contextlib.ExitStack() as proxy:
                storage = proxy.enter_context(grpc_proxy(url)) if path == "grpc" else url
                run = measure(
                    storage,
                    study_name,
                    sampler,
                    args.workers,
                    args.trials // args.workers,
                    args.objective_seconds,
                    args.problem,
                    args.seed,
                )
            run["path"] = path
            runs.append(run)
            print(
                f"{sampler} via {path}: {run['n_trials']} trials {run['states']} in "
                f"{run['span_seconds']:.1f} s, {run['duplicates']} duplicates",
                file=sys.stderr,
                flush=True,
            )
            (args.out / "many_workers_benchmark.json").write_text(
                json.dumps({"meta": meta, "runs": runs})
            )
    text = (
        f"# Many workers: PostgreSQL and the gRPC storage proxy\n\n"
        f"{meta['date']}, commit {meta['commit']}, Optuna {meta['optuna']}, {meta['cpu']} "
        f"({meta['cores']} cores), PostgreSQL {'given' if args.storage else '(throwaway server)'}, "
        f"{args.workers} worker processes, problem {args.problem}, {args.trials} trials "
        f"({args.trials // args.workers} per worker), objective {args.objective_seconds} s. "
        f"Command: `{meta['command']}`\n\n{table(runs)}"
    )
    (args.out / "many_workers_benchmark.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
