"""A worker process of the distributed tests: runs trials of a shared study, then exits.

    python distributed_worker.py STORAGE STUDY SAMPLER N_TRIALS SEED [--hang-first] [--short-grace]

STORAGE is an RDB URL (heartbeat on, failed trials retried once), ``journal:PATH`` or
``grpc:HOST:PORT`` (Optuna's gRPC storage proxy, grpc_proxy_server.py; no heartbeat through it).
SAMPLER is ``gpei`` or ``ga``. With ``--hang-first`` the worker's first trial sleeps for a long
time, so that the test can kill the worker mid-trial; ``--short-grace`` sets the heartbeat's
grace period to 2 s (20 s otherwise).
"""

from __future__ import annotations

import sys
import time
from typing import Any
import warnings

import optuna
from optuna.storages import JournalStorage
from optuna.storages import RDBStorage
from optuna.storages.journal import JournalFileBackend

from optuna_gfo import GASampler
from optuna_gfo import GPEISampler


def _retry_stale_trials_once() -> dict[str, Any]:
    """RDBStorage's argument that retries a trial whose worker died, once."""
    try:  # Optuna 5 (and later 4.x), which deprecates failed_trial_callback
        from optuna.storages import RetryHeartbeatStaleTrialCallback
    except ImportError:  # Optuna 4.0
        return {"failed_trial_callback": optuna.storages.RetryFailedTrialCallback(max_retry=1)}
    return {"heartbeat_stale_trial_callback": RetryHeartbeatStaleTrialCallback(max_retry=1)}


def make_storage(spec: str, grace_period: int = 20) -> optuna.storages.BaseStorage:
    if spec.startswith("journal:"):
        return JournalStorage(JournalFileBackend(spec[len("journal:") :]))
    if spec.startswith("grpc:"):
        host, port = spec[len("grpc:") :].rsplit(":", 1)
        return optuna.storages.GrpcStorageProxy(host=host, port=int(port))
    return RDBStorage(
        spec,
        heartbeat_interval=1,
        grace_period=grace_period,
        **_retry_stale_trials_once(),
    )


def make_sampler(kind: str, seed: int) -> optuna.samplers.BaseSampler:
    if kind == "gpei":
        return GPEISampler(n_startup_trials=5, seed=seed)
    return GASampler(population_size=6, seed=seed)


def main() -> None:
    storage, study_name, sampler, n_trials, seed = sys.argv[1:6]
    hang_first = "--hang-first" in sys.argv
    # A short grace period lets the fault test see a killed worker's trial go stale quickly; the
    # others keep a long one, so that a worker starved of CPU for a moment is not declared dead.
    grace_period = 2 if "--short-grace" in sys.argv else 20
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)
    study = optuna.load_study(
        study_name=study_name,
        storage=make_storage(storage, grace_period),
        sampler=make_sampler(sampler, int(seed)),
    )

    def objective(trial: optuna.Trial) -> float:
        xs = [trial.suggest_float(f"x{i}", -5.0, 5.0) for i in range(4)]
        if hang_first:
            # Optuna's heartbeat thread writes its first row a moment after the trial starts, and
            # a RUNNING trial without one is never stale: wait two heartbeat intervals first.
            time.sleep(2.0)
            print(f"hanging in trial {trial.number}", flush=True)
            time.sleep(600)
        time.sleep(0.02)  # lets the workers' trials overlap
        return sum((x - 1.0) ** 2 for x in xs)

    study.optimize(objective, n_trials=int(n_trials))


if __name__ == "__main__":
    main()
