"""Worker processes (not threads) sharing one study on real storages: SQLite, PostgreSQL,
journal, and Optuna's gRPC storage proxy in front of SQLite or PostgreSQL.

Each worker is tests/python/distributed_worker.py in a subprocess of its own.
"""

from __future__ import annotations

from collections.abc import Callable
import itertools
import os
from pathlib import Path
import signal
import subprocess
import sys
import time

import numpy as np
import optuna
from optuna.trial import TrialState
import pytest

from optuna_gfo import GASampler
from optuna_gfo import GPEISampler

WORKER = Path(__file__).with_name("distributed_worker.py")
GENERATION = "optuna_gfo:ga:generation"
PARENTS = "optuna_gfo:ga:parents"
N_WORKERS = 4
TRIALS_PER_WORKER = 8


@pytest.fixture(params=["sqlite", "postgresql", "journal", "grpc"])
def storage_spec(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'study.db'}"
    if request.param == "journal":
        return f"journal:{tmp_path / 'study.log'}"
    if request.param == "grpc":  # the proxy in front of SQLite; PostgreSQL's below
        proxy: Callable[[str], str] = request.getfixturevalue("grpc_proxy")
        return proxy(f"sqlite:///{tmp_path / 'study.db'}")
    url: str = request.getfixturevalue("postgres_url")
    return url


def make_storage(spec: str) -> optuna.storages.BaseStorage:
    sys.path.insert(0, str(WORKER.parent))
    try:
        from distributed_worker import make_storage
    finally:
        sys.path.pop(0)
    return make_storage(spec)


def load(
    spec: str, study_name: str, sampler: optuna.samplers.BaseSampler | None = None
) -> optuna.Study:
    return optuna.load_study(study_name=study_name, storage=make_storage(spec), sampler=sampler)


def create(spec: str, study_name: str) -> None:
    optuna.create_study(study_name=study_name, storage=make_storage(spec))


def start_worker(
    spec: str, study_name: str, sampler: str, n_trials: int, seed: int, *extra: str
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WORKER), spec, study_name, sampler, str(n_trials), str(seed), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_all(workers: list[subprocess.Popen[str]], timeout: float = 180) -> None:
    for worker in workers:
        _, stderr = worker.communicate(timeout=timeout)
        assert worker.returncode == 0, stderr


def check_generations(
    trials: list[optuna.trial.FrozenTrial], population_size: int, n_workers: int = N_WORKERS
) -> None:
    by_number = {t.number: t for t in trials}
    generations = [t.system_attrs[GENERATION] for t in trials]
    for generation in set(generations):
        # Documented bound: one extra member per extra process.
        assert generations.count(generation) <= population_size + n_workers - 1
    for trial in trials:
        for number in trial.system_attrs.get(PARENTS, []):
            parent = by_number[number]
            assert parent.state == TrialState.COMPLETE
            assert parent.system_attrs[GENERATION] < trial.system_attrs[GENERATION]


def check_shared_study(
    spec: str, study_name: str, sampler: str, n_workers: int, trials_per_worker: int
) -> None:
    """Every worker's trials are in the study, all complete, no two at the same point."""
    trials = load(spec, study_name).trials
    assert len(trials) == n_workers * trials_per_worker
    states = [t.state for t in trials]
    assert states.count(TrialState.COMPLETE) == len(trials), states
    points = np.array([[t.params[f"x{i}"] for i in range(4)] for t in trials])
    assert len({tuple(p) for p in points}) == len(points), "a parameter set was proposed twice"
    closest = min(np.linalg.norm(a - b) for a, b in itertools.combinations(points, 2))
    assert closest > 1e-6, f"two proposals {closest:.2e} apart"
    if sampler == "ga":
        check_generations(trials, population_size=6, n_workers=n_workers)


@pytest.mark.parametrize("sampler", ["gpei", "ga"])
def test_workers_share_one_study(storage_spec: str, sampler: str) -> None:
    name = f"shared-{sampler}"  # one PostgreSQL database serves the whole session
    create(storage_spec, name)
    workers = [
        start_worker(storage_spec, name, sampler, TRIALS_PER_WORKER, seed)
        for seed in range(N_WORKERS)
    ]
    wait_all(workers)

    check_shared_study(storage_spec, name, sampler, N_WORKERS, TRIALS_PER_WORKER)

    # The study resumes in a fresh process-less sampler after the workers are gone.
    resumed_sampler = (
        GPEISampler(n_startup_trials=5, seed=9)
        if sampler == "gpei"
        else GASampler(population_size=6, seed=9)
    )
    resumed = load(storage_spec, name, resumed_sampler)
    resumed.optimize(
        lambda t: sum((t.suggest_float(f"x{i}", -5, 5) - 1) ** 2 for i in range(4)), n_trials=4
    )
    assert len(resumed.trials) == N_WORKERS * TRIALS_PER_WORKER + 4
    assert all(t.state == TrialState.COMPLETE for t in resumed.trials)
    if sampler == "ga":
        check_generations(resumed.trials, population_size=6)


@pytest.mark.parametrize("sampler", ["gpei", "ga"])
@pytest.mark.parametrize("path", ["postgresql", "grpc-postgresql"])
def test_eight_workers_through_optunas_scaling_paths(
    request: pytest.FixtureRequest, path: str, sampler: str
) -> None:
    """Optuna's two ways to many workers: each worker on the database, or all through the gRPC
    storage proxy in front of it. benchmarks/many_workers_benchmark.py runs 16 workers."""
    # The proxy's fixture first: it skips where Optuna has no proxy, before PostgreSQL starts.
    proxy = request.getfixturevalue("grpc_proxy") if path == "grpc-postgresql" else None
    spec: str = request.getfixturevalue("postgres_url")
    if proxy is not None:
        spec = proxy(spec)
    name = f"eight-{path}-{sampler}"
    create(spec, name)
    workers = [start_worker(spec, name, sampler, 4, seed) for seed in range(8)]
    wait_all(workers)
    check_shared_study(spec, name, sampler, n_workers=8, trials_per_worker=4)


@pytest.mark.parametrize("sampler", ["gpei", "ga"])
def test_a_killed_worker_is_failed_by_heartbeat_and_retried(tmp_path: Path, sampler: str) -> None:
    spec = f"sqlite:///{tmp_path / 'faults.db'}"
    create(spec, "faults")
    seeded = start_worker(spec, "faults", sampler, 6, 0, "--short-grace")
    wait_all([seeded])

    doomed = start_worker(spec, "faults", sampler, 1, 1, "--hang-first", "--short-grace")
    assert doomed.stdout is not None
    line = doomed.stdout.readline()  # "hanging in trial N": the trial is running
    stale_number = int(line.split()[-1])
    os.kill(doomed.pid, signal.SIGKILL)
    doomed.wait(timeout=30)
    time.sleep(3.0)  # past the grace period: the trial's heartbeat is stale

    survivor = start_worker(spec, "faults", sampler, 4, 2, "--short-grace")
    wait_all([survivor])

    study = load(spec, "faults")
    by_number = {t.number: t for t in study.trials}
    assert by_number[stale_number].state == TrialState.FAIL
    retries = [t for t in study.trials if t.system_attrs.get("failed_trial") == stale_number]
    assert len(retries) == 1
    assert retries[0].state == TrialState.COMPLETE
    assert retries[0].params == by_number[stale_number].params
    states = [t.state for t in study.trials]
    assert states.count(TrialState.COMPLETE) == 6 + 4
    assert states.count(TrialState.RUNNING) == 0
