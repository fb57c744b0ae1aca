"""Worker processes (not threads) sharing one study on real storages: SQLite, PostgreSQL, journal.

Each worker is tests/python/distributed_worker.py in a subprocess of its own.
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path
import signal
import subprocess
import sys
import time
from typing import Any

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


@pytest.fixture(params=["sqlite", "postgresql", "journal"])
def storage_spec(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'study.db'}"
    if request.param == "journal":
        return f"journal:{tmp_path / 'study.log'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


def load(
    spec: str, study_name: str, sampler: optuna.samplers.BaseSampler | None = None
) -> optuna.Study:
    sys.path.insert(0, str(WORKER.parent))
    try:
        from distributed_worker import make_storage
    finally:
        sys.path.pop(0)
    return optuna.load_study(study_name=study_name, storage=make_storage(spec), sampler=sampler)


def create(spec: str, study_name: str) -> None:
    if spec.startswith("journal:"):
        storage: Any = optuna.storages.JournalStorage(
            optuna.storages.journal.JournalFileBackend(spec[len("journal:") :])
        )
    else:
        storage = spec
    optuna.create_study(study_name=study_name, storage=storage)


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


def check_generations(trials: list[optuna.trial.FrozenTrial], population_size: int) -> None:
    by_number = {t.number: t for t in trials}
    generations = [t.system_attrs[GENERATION] for t in trials]
    for generation in set(generations):
        # Documented bound: one extra member per extra process.
        assert generations.count(generation) <= population_size + N_WORKERS - 1
    for trial in trials:
        for number in trial.system_attrs.get(PARENTS, []):
            parent = by_number[number]
            assert parent.state == TrialState.COMPLETE
            assert parent.system_attrs[GENERATION] < trial.system_attrs[GENERATION]


@pytest.mark.parametrize("sampler", ["gpei", "ga"])
def test_workers_share_one_study(storage_spec: str, sampler: str) -> None:
    name = f"shared-{sampler}"  # one PostgreSQL database serves the whole session
    create(storage_spec, name)
    workers = [
        start_worker(storage_spec, name, sampler, TRIALS_PER_WORKER, seed)
        for seed in range(N_WORKERS)
    ]
    wait_all(workers)

    study = load(storage_spec, name)
    trials = study.trials
    assert len(trials) == N_WORKERS * TRIALS_PER_WORKER
    assert all(t.state == TrialState.COMPLETE for t in trials)
    points = np.array([[t.params[f"x{i}"] for i in range(4)] for t in trials])
    assert len({tuple(p) for p in points}) == len(points), "a parameter set was proposed twice"
    closest = min(np.linalg.norm(a - b) for a, b in itertools.combinations(points, 2))
    assert closest > 1e-6, f"two proposals {closest:.2e} apart"
    if sampler == "ga":
        check_generations(trials, population_size=6)

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
