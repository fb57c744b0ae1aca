"""The samplers log as Optuna's samplers do: under Optuna's logger, in its format, at its
verbosity."""

from __future__ import annotations

from collections.abc import Callable
import logging
import re
import subprocess
import sys
import textwrap

import optuna
import pytest

from optuna_gfo import GASampler
from optuna_gfo import GPEISampler

SAMPLERS: dict[str, Callable[[], optuna.samplers.BaseSampler]] = {
    # Both fall back to the independent sampler for `y` once past their startup trials.
    "gp_ei": lambda: GPEISampler(seed=0, n_startup_trials=2),
    "ga": lambda: GASampler(seed=0, population_size=2),
}


def dynamic(trial: optuna.Trial) -> float:
    x = trial.suggest_float("x", -1, 1)
    if trial.number % 2 == 0:
        return x**2 + trial.suggest_float("y", -1, 1) ** 2
    return x**2


def _independent_sampling_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if "warn_independent_sampling" in r.getMessage()]


@pytest.mark.parametrize("sampler", SAMPLERS)
def test_optunas_verbosity_silences_the_independent_sampling_warning(
    sampler: str, optuna_caplog: pytest.LogCaptureFixture
) -> None:
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    # The root logger (where caplog listens) lets everything through: only Optuna's level counts.
    with optuna_caplog.at_level(logging.DEBUG):
        optuna.create_study(sampler=SAMPLERS[sampler]()).optimize(dynamic, n_trials=8)
    assert _independent_sampling_records(optuna_caplog) == []

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    with optuna_caplog.at_level(logging.DEBUG):
        optuna.create_study(sampler=SAMPLERS[sampler]()).optimize(dynamic, n_trials=8)
    records = _independent_sampling_records(optuna_caplog)
    assert records
    assert all(r.name.startswith("optuna.") and r.levelno == logging.WARNING for r in records)


_SCRIPT = textwrap.dedent(
    """
    import sys
    import optuna
    sys.path.insert(0, {tests!r})
    from test_logging import SAMPLERS, dynamic
    optuna.logging.set_verbosity(getattr(optuna.logging, sys.argv[1]))
    for make_sampler in SAMPLERS.values():
        optuna.create_study(sampler=make_sampler()).optimize(dynamic, n_trials=8)
    """
)
# Optuna's default format, "[W 2024-01-31 12:34:56,789] message", perhaps with colour codes.
_OPTUNA_WARNING_LINE = re.compile(r"^\[W \d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}\] ")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.mark.parametrize("verbosity", ["ERROR", "WARNING"])
def test_stderr_shows_the_warning_in_optunas_format_at_its_verbosity(verbosity: str) -> None:
    script = _SCRIPT.format(tests=str(__file__.rsplit("/", 1)[0]))
    run = subprocess.run(
        [sys.executable, "-c", script, verbosity], capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stderr
    lines = [_ANSI.sub("", line) for line in run.stderr.splitlines()]
    warned = [line for line in lines if "warn_independent_sampling" in line]
    if verbosity == "ERROR":
        assert warned == []
    else:
        assert len(warned) >= 2  # from both samplers
        assert all(_OPTUNA_WARNING_LINE.match(line) for line in warned), warned
