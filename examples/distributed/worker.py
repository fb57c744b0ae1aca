"""One worker of a distributed study: run it on as many processes and machines as you like.

    python examples/distributed/worker.py --storage postgresql+psycopg2://user@db-host/optuna \
        --study search --sampler gpei --trials 50

Every worker loads (or creates) the same study from the shared storage and runs trials until it
has done ``--trials`` of them. Optuna coordinates the workers through the storage; the samplers
keep what they need there too (pending points, generations). A worker that dies mid-trial stops
sending heartbeats: after the grace period the next trial started by any worker fails the stale
trial and enqueues a retry of it.
"""

from __future__ import annotations

import argparse
import math
import os
import socket

import optuna

from optuna_gfo import GASampler
from optuna_gfo import GPEISampler


def objective(trial: optuna.Trial) -> float:
    """Replace with a training run: here a cheap stand-in with a known optimum of 0."""
    lr = trial.suggest_float("lr", 1e-5, 1e-1, log=True)
    n_layers = trial.suggest_int("n_layers", 1, 12)
    width = trial.suggest_int("width", 64, 1024, step=64)
    dropout = trial.suggest_float("dropout", 0.0, 0.5)
    return (
        (math.log10(lr) + 3.0) ** 2
        + 0.1 * (n_layers - 6) ** 2
        + ((width - 512) / 256) ** 2
        + 4 * (dropout - 0.1) ** 2
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--storage", default=os.environ.get("OPTUNA_STORAGE"), required=False)
    parser.add_argument("--study", default="distributed-search")
    parser.add_argument("--sampler", choices=["gpei", "ga"], default="gpei")
    parser.add_argument("--trials", type=int, default=50)
    args = parser.parse_args()
    if not args.storage:
        parser.error("give --storage URL or set OPTUNA_STORAGE")

    storage = optuna.storages.RDBStorage(
        args.storage,
        heartbeat_interval=10,
        grace_period=30,
        heartbeat_stale_trial_callback=optuna.storages.RetryHeartbeatStaleTrialCallback(
            max_retry=2
        ),
    )
    # No seed: each worker draws its own random numbers.
    sampler = GPEISampler() if args.sampler == "gpei" else GASampler(population_size=20)
    study = optuna.create_study(
        study_name=args.study, storage=storage, sampler=sampler, load_if_exists=True
    )
    study.optimize(objective, n_trials=args.trials)
    print(f"{socket.gethostname()}:{os.getpid()} done; best so far {study.best_value:.4g}")


if __name__ == "__main__":
    main()
