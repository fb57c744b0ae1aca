"""Extreme input through the public samplers: objective values up to the largest double, thousands
of parameters, Ctrl-C during a long proposal, a proposal that will take long."""

from __future__ import annotations

import logging
from pathlib import Path
import signal
import subprocess
import sys
import time

import numpy as np
import optuna
from optuna.trial import TrialState
import pytest

from optuna_gfo import _gp_ei
from optuna_gfo import GASampler
from optuna_gfo import GPEISampler

WORKER = Path(__file__).with_name("interrupted_worker.py")
OPTIMUM = np.array([0.3, 0.6])


def _bowl(trial: optuna.Trial) -> float:
    """In [0, 0.65] on the unit square; 0 at OPTIMUM."""
    point = np.array([trial.suggest_float("x", 0, 1), trial.suggest_float("y", 0, 1)])
    return float(np.sum((point - OPTIMUM) ** 2))


@pytest.mark.parametrize("largest", [1.0, 1e200, 1.7e308, -1e200])
def test_huge_objective_values_optimize_as_well_as_unscaled_ones(
    largest: float, optuna_caplog: pytest.LogCaptureFixture
) -> None:
    """The bowl scaled so that its largest value is `largest` (negative: maximized) is found by the
    GP as it is unscaled; random search would need thousands of trials for the distance reached
    here."""
    direction = "maximize" if largest < 0 else "minimize"
    distances = []
    with optuna_caplog.at_level(logging.WARNING):
        for seed in range(2):
            study = optuna.create_study(
                direction=direction, sampler=GPEISampler(seed=seed, n_startup_trials=8)
            )
            study.optimize(lambda t: _bowl(t) / 0.65 * largest, n_trials=30)
            best = np.array([study.best_params["x"], study.best_params["y"]])
            distances.append(float(np.linalg.norm(best - OPTIMUM)))
    assert max(distances) < 0.01, distances
    assert "GPEISampler" not in optuna_caplog.text


@pytest.mark.parametrize("sampler_class", [GPEISampler, GASampler])
def test_thousands_of_parameters_beyond_the_sobol_table(
    sampler_class: type, optuna_caplog: pytest.LogCaptureFixture
) -> None:
    n_params = 4000  # Boost's Sobol table stops at 3667 dimensions
    if sampler_class is GPEISampler:
        sampler = GPEISampler(seed=0, n_startup_trials=2)
    else:
        sampler = GASampler(seed=0, population_size=3)

    def objective(trial: optuna.Trial) -> float:
        return sum((trial.suggest_float(f"x{i}", -1, 1) - 0.5) ** 2 for i in range(n_params))

    study = optuna.create_study(sampler=sampler)
    with optuna_caplog.at_level(logging.WARNING):
        study.optimize(objective, n_trials=5)
    assert [t.state for t in study.trials] == [TrialState.COMPLETE] * 5
    points = np.array([[t.params[f"x{i}"] for i in range(n_params)] for t in study.trials])
    assert np.all(np.abs(points) <= 1)
    assert len({tuple(p) for p in points}) == 5
    # Every trial was the sampler's own: no fallback to the independent sampler.
    assert "independent" not in optuna_caplog.text


def test_ctrl_c_stops_a_long_proposal_and_keeps_the_finished_trials(tmp_path: Path) -> None:
    n_startup = 4
    storage = f"sqlite:///{tmp_path / 'study.db'}"
    worker = subprocess.Popen(
        [sys.executable, str(WORKER), storage, str(n_startup)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert worker.stdout is not None
        assert worker.stdout.readline().strip() == "ready"
        time.sleep(2.0)  # well inside the C++ proposal, which would run for minutes
        assert worker.poll() is None
        interrupted = time.monotonic()
        worker.send_signal(signal.SIGINT)
        _, stderr = worker.communicate(timeout=60)
        elapsed = time.monotonic() - interrupted
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    assert elapsed < 5.0, elapsed
    assert worker.returncode != 0
    assert "KeyboardInterrupt" in stderr, stderr
    study = optuna.load_study(study_name="interrupted", storage=storage)
    completed = study.get_trials(states=(TrialState.COMPLETE,))
    assert len(completed) == n_startup
    for t in completed:
        assert t.value == pytest.approx((t.params["x"] - 0.3) ** 2 + t.params["n"])


def test_a_long_proposal_is_warned_of_once(
    monkeypatch: pytest.MonkeyPatch, optuna_caplog: pytest.LogCaptureFixture
) -> None:
    study = optuna.create_study(sampler=GPEISampler(seed=0, n_startup_trials=3))
    with optuna_caplog.at_level(logging.WARNING):
        study.optimize(_bowl, n_trials=6)
    assert "may take minutes" not in optuna_caplog.text
    # The threshold lowered to what these small proposals cost: warned at the first, once.
    monkeypatch.setattr(_gp_ei, "_LONG_PROPOSAL_WORK", 1.0)
    study = optuna.create_study(sampler=GPEISampler(seed=0, n_startup_trials=3))
    with optuna_caplog.at_level(logging.WARNING):
        study.optimize(_bowl, n_trials=6)
    assert optuna_caplog.text.count("may take minutes") == 1
