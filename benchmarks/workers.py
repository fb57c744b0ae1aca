"""Worker processes that optimize studies on a shared storage, as distributed Optuna users run them.

`run_workers` starts one process per `WorkerJob` (spawned, so each worker is a fresh interpreter
with its own storage connection and sampler), releases them all at the same instant, and returns
what each measured: per-trial sampler time (`compare.TimedSampler`) and the worker's wall time.
Several jobs may name the same study (parallel workers) or different ones (independent runs).

Example:
    .. code-block:: python

        from workers import WorkerJob, run_workers, create_studies

        jobs = [WorkerJob("sqlite:///s.db", "s", "gpei", seed=i, problem="sphere5", n_trials=40,
                          objective_seconds=0.1) for i in range(4)]
        create_studies(jobs)
        results = run_workers(jobs)
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterator
from collections.abc import Sequence
import contextlib
from dataclasses import asdict
from dataclasses import dataclass
import multiprocessing
import queue
import socket
import time
from typing import Any
import warnings

import numpy as np
import optuna
from optuna.samplers import BaseSampler
from optuna.storages import BaseStorage
from optuna.study import MaxTrialsCallback
from optuna.trial import TrialState

import compare
from problems import PROBLEMS

_JOURNAL_PREFIX = "journal:"
_GRPC_PREFIX = "grpc:"
_START_TIMEOUT_SECONDS = 300.0


def _gpei(seed: int) -> BaseSampler:
    import optuna_gfo

    return optuna_gfo.GPEISampler(seed=seed)


def _ga(seed: int) -> BaseSampler:
    import optuna_gfo

    return optuna_gfo.GASampler(seed=seed)


def _ga_generational_20(seed: int) -> BaseSampler:
    import optuna_gfo

    return optuna_gfo.GASampler(seed=seed, population_size=20)


def _ga_steady_20(seed: int) -> BaseSampler:
    import optuna_gfo

    return optuna_gfo.GASampler(seed=seed, population_size=20, steady_state=True)


# Short key -> (label, factory). TPESampler runs with constant_liar=True, which Optuna's
# documentation recommends for parallel workers.
SAMPLERS: dict[str, tuple[str, Callable[[int], BaseSampler]]] = {
    "gpei": ("GPEISampler", _gpei),
    "ga": ("GASampler", _ga),
    "ga20": ("GASampler(population_size=20)", _ga_generational_20),
    "ga20_steady": ("GASampler(population_size=20, steady_state=True)", _ga_steady_20),
    "gp": ("GPSampler", lambda seed: optuna.samplers.GPSampler(seed=seed)),
    "tpe": (
        "TPESampler",
        lambda seed: optuna.samplers.TPESampler(seed=seed, constant_liar=True),
    ),
    "nsga2": ("NSGAIISampler", lambda seed: optuna.samplers.NSGAIISampler(seed=seed)),
    "random": ("RandomSampler", lambda seed: optuna.samplers.RandomSampler(seed=seed)),
}


@dataclass(frozen=True)
class WorkerJob:
    """One worker process: optimize `study_name` until it holds `n_trials` trials, or with
    `budget_per_worker` run exactly `n_trials` trials itself (so that the study ends with the sum
    over its workers, which a study-wide budget cannot promise: workers racing past it overshoot).

    `storage` is an RDB URL, ``journal:<path>`` for a JournalStorage on a file, or
    ``grpc:<host>:<port>`` for Optuna's gRPC storage proxy (`grpc_proxy`). The objective
    sleeps `objective_seconds` (the training run it stands for) and returns the problem's value;
    with `objective_seconds_max`, it sleeps between the two, the same time for the same trial
    number in every run (a fixed hash of the number), as training runs of different sizes do.
    """

    storage: str
    study_name: str
    sampler: str
    seed: int
    problem: str
    n_trials: int
    objective_seconds: float
    objective_seconds_max: float | None = None
    budget_per_worker: bool = False

    def sleep_seconds(self, trial_number: int) -> float:
        if self.objective_seconds_max is None:
            return self.objective_seconds
        fraction = ((trial_number * 2654435761) % 2**32) / 2**32
        return self.objective_seconds + fraction * (
            self.objective_seconds_max - self.objective_seconds
        )


def open_storage(spec: str) -> BaseStorage | str:
    if spec.startswith(_JOURNAL_PREFIX):
        backend = optuna.storages.journal.JournalFileBackend(spec[len(_JOURNAL_PREFIX) :])
        return optuna.storages.JournalStorage(backend)
    if spec.startswith(_GRPC_PREFIX):
        host, port = spec[len(_GRPC_PREFIX) :].rsplit(":", 1)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
            return optuna.storages.GrpcStorageProxy(host=host, port=int(port))
    return spec


def _serve_grpc_proxy(url: str, port: int) -> None:
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)
    # get_storage, as Optuna's documentation asks: it caches finished trials in the proxy.
    storage = optuna.storages.get_storage(url)
    optuna.storages.run_grpc_proxy_server(storage, host="127.0.0.1", port=port)


@contextlib.contextmanager
def grpc_proxy(url: str) -> Iterator[str]:
    """Optuna's gRPC storage proxy (its default thread pool of 10) in front of the RDB `url`, in
    a process of its own on a free loopback port; yields its ``grpc:<host>:<port>`` storage."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    server = multiprocessing.get_context("spawn").Process(
        target=_serve_grpc_proxy, args=(url, port)
    )
    server.start()
    try:
        spec = f"{_GRPC_PREFIX}127.0.0.1:{port}"
        client = open_storage(spec)
        assert isinstance(client, optuna.storages.GrpcStorageProxy)
        client.wait_server_ready(timeout=_START_TIMEOUT_SECONDS)
        client.close()
        yield spec
    finally:
        server.terminate()
        server.join(timeout=30)
        if server.is_alive():
            server.kill()


def create_studies(jobs: Sequence[WorkerJob]) -> None:
    """Create every study up front: workers starting together on a fresh database would race to
    create Optuna's tables."""
    for job in {(job.storage, job.study_name): job for job in jobs}.values():
        optuna.create_study(storage=open_storage(job.storage), study_name=job.study_name)


def _work(job: WorkerJob, start: Any, results: Any) -> None:
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)
    try:
        problem = PROBLEMS[job.problem]
        sampler = compare.TimedSampler(SAMPLERS[job.sampler][1](job.seed))
        study = optuna.load_study(
            storage=open_storage(job.storage), study_name=job.study_name, sampler=sampler
        )

        def objective(trial: optuna.Trial) -> float:
            time.sleep(job.sleep_seconds(trial.number))
            return problem.objective(trial)

        if not start.wait(_START_TIMEOUT_SECONDS):
            raise RuntimeError("the other workers never started")
        began = time.time()
        if job.budget_per_worker:
            study.optimize(objective, n_trials=job.n_trials)
        else:
            study.optimize(objective, callbacks=[MaxTrialsCallback(job.n_trials, states=None)])
        ended = time.time()
        results.put(
            {
                "job": asdict(job),
                "began": began,
                "ended": ended,
                "sampler_seconds": {str(k): v for k, v in sampler.seconds_by_trial.items()},
            }
        )
    except BaseException as error:  # reported to the parent, which raises it
        results.put({"job": asdict(job), "error": repr(error)})


def run_workers(jobs: Sequence[WorkerJob]) -> list[dict[str, Any]]:
    """Run every job in its own process, all released together; one result per job."""
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    results = context.Queue()
    processes = [context.Process(target=_work, args=(job, start, results)) for job in jobs]
    for process in processes:
        process.start()
    start.set()
    collected = []
    try:
        while len(collected) < len(jobs):
            try:
                collected.append(results.get(timeout=5.0))
            except queue.Empty:
                if not any(process.is_alive() for process in processes):
                    raise RuntimeError("a worker process died without reporting") from None
    finally:
        for process in processes:
            process.join(timeout=60)
            if process.is_alive():
                process.kill()
    errors = [result["error"] for result in collected if "error" in result]
    if errors:
        raise RuntimeError(f"worker failed: {errors[0]}")
    return collected


def best_so_far(storage: str, study_name: str, n_trials: int) -> list[float]:
    """Best value after each of the study's first `n_trials` trials (by number); failed trials
    keep the previous best."""
    study = optuna.load_study(storage=open_storage(storage), study_name=study_name)
    trials = sorted(study.get_trials(deepcopy=False), key=lambda t: t.number)[:n_trials]
    values = [t.value if t.state == TrialState.COMPLETE else np.inf for t in trials]
    return np.minimum.accumulate(values).tolist()
