"""Storage traffic per trial does not grow with the study: the same storage calls, SQL statements
and rows read per trial at 30 trials as at 150 (benchmarks/storage_traffic_benchmark.py counts
them; its results at 100 and 2,000 trials are in benchmarks/README.md)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
import types

import pytest

BENCHMARK = Path(__file__).resolve().parents[2] / "benchmarks" / "storage_traffic_benchmark.py"


def _benchmark() -> types.ModuleType:
    spec = importlib.util.spec_from_file_location("storage_traffic_benchmark", BENCHMARK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


traffic = _benchmark()


@pytest.mark.parametrize("sampler", ["GPEISampler", "GASampler", "GASampler (steady state)"])
def test_storage_traffic_per_trial_does_not_grow(sampler: str, tmp_path: Path) -> None:
    # Most trials are added by study.add_trials (random points) to keep the test short; the
    # sampler runs the last 10 of each study and the last 5 are counted.
    url = f"sqlite:///{tmp_path}/study.db"
    small = traffic.measure(url, sampler, n_trials=30, n_added=20, window=5, seed=0)
    large = traffic.measure(url, sampler, n_trials=150, n_added=140, window=5, seed=0)
    # Slack for GPEISampler's refits, which store the fit (one call more in a trial that refits).
    assert large["calls"] <= small["calls"] + 1, (small, large)
    assert large["statements"] <= small["statements"] + 5, (small, large)
    assert large["rows"] <= small["rows"] + 5, (small, large)


def test_counting_storage_counts_every_call(tmp_path: Path) -> None:
    storage, engine = traffic.counted_storage(f"sqlite:///{tmp_path}/study.db")
    with traffic.SqlCounter(engine) as sql:
        study = traffic.optuna.create_study(storage=storage)
        study.optimize(traffic.objective, n_trials=3)
        trials = study.get_trials()
    engine.dispose()
    assert storage.calls["create_new_trial"] == 3
    assert storage.calls["set_trial_param"] == 15
    assert sql.statements > 0
    assert sql.rows["trials"] >= len(trials)
