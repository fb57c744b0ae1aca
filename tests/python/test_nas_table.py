"""The tabular architecture benchmark (benchmarks/nas_table.py): the table holds every cell of
examples/llm's stage-1 space once, with values its model and corpus allow, and a study on it
scores as the report says."""

from __future__ import annotations

import importlib
import math
from pathlib import Path
import sys
from typing import Any

import numpy as np
import optuna
import pytest

from constrained_problems import requires_set_constraint

# The benchmark's report draws with matplotlib (the "examples" and "benchmark" extras; not in the
# oldest-Optuna environment).
pytest.importorskip("matplotlib")

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
# The corpus of `python -m examples.llm --seed 0` has this entropy floor (examples/llm/README.md).
PERPLEXITY_FLOOR = 1.3991


def _import_benchmark(name: str) -> Any:
    """A module of benchmarks/, whose problems.py has the name of this folder's problems.py:
    imported without leaving either in the other's place."""
    tests_problems = sys.modules.pop("problems", None)
    sys.path.insert(0, str(BENCHMARKS))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(BENCHMARKS))
        sys.modules.pop("problems", None)
        if tests_problems is not None:
            sys.modules["problems"] = tests_problems


nas_table = _import_benchmark("nas_table")
nas_table_report = _import_benchmark("nas_table_report")
nas_table_train = _import_benchmark("nas_table_train")
TABLE = nas_table.NASTable.load()


def test_every_cell_of_the_space_is_in_the_table_once() -> None:
    expected = {
        (c.n_layers, c.width, c.n_heads, c.ff_ratio, c.activation)
        for c in nas_table_train.all_cells()
    }
    assert len(TABLE.cells) == len(expected) == 4 * 7 * 4 * 4 * 3
    assert set(TABLE.cells) == expected


def test_values_are_possible() -> None:
    assert np.all(TABLE.perplexity > PERPLEXITY_FLOOR)
    assert np.all(TABLE.perplexity < 17.0)  # uniform over the 17 characters
    assert np.all(TABLE.train_seconds > 0)
    # The heads and the activation do not change the parameter count.
    by_shape: dict[tuple[int, int, int], set[int]] = {}
    for (layers, width, _, ff_ratio, _), n in zip(TABLE.cells, TABLE.n_parameters):
        by_shape.setdefault((layers, width, ff_ratio), set()).add(int(n))
    assert all(len(counts) == 1 for counts in by_shape.values())
    assert 0 < TABLE.feasible().sum() < len(TABLE.cells)


def test_parameter_counts_are_the_models() -> None:
    pytest.importorskip("torch")
    from examples.llm.model import count_parameters
    from examples.llm.model import ModelConfig
    from examples.llm.model import TransformerLM

    for row in (0, 100, 777, len(TABLE.cells) - 1):
        layers, width, heads, ff_ratio, activation = TABLE.cells[row]
        config = ModelConfig(17, 24, layers, width, heads, ff_ratio, activation)
        assert count_parameters(TransformerLM(config)) == TABLE.n_parameters[row]


def test_regret_and_hypervolume_gap_are_zero_at_the_best_cells() -> None:
    perplexity = np.where(TABLE.feasible(), TABLE.perplexity, np.inf)
    best = int(np.argmin(perplexity))
    worst_feasible = int(np.argmax(np.where(TABLE.feasible(), TABLE.perplexity, -np.inf)))
    infeasible = int(np.argmax(TABLE.n_parameters))
    curve = nas_table_report.regret_curve(TABLE, [infeasible, worst_feasible, best])
    assert curve[0] == math.inf
    assert curve[1] > 0.0
    assert curve[2] == 0.0
    everything = list(range(len(TABLE.cells)))
    assert nas_table_report.hypervolume_gap(TABLE, everything, len(everything)) == 0.0
    assert nas_table_report.hypervolume_gap(TABLE, [best], 1) > 0.0


@pytest.mark.parametrize("task", [pytest.param("single", marks=requires_set_constraint), "pareto"])
def test_a_study_records_the_cells_it_visited(task: str) -> None:
    record = nas_table.run_one(
        TABLE, task, "random", lambda seed: optuna.samplers.RandomSampler(seed=seed), 0, 30
    )
    rows = record["rows"]
    assert len(rows) == 30 and all(0 <= r < len(TABLE.cells) for r in rows)
    assert len(record["sampler_seconds"]) == 30
    scores = nas_table_report.scores(TABLE, [record], task)["random"]
    assert scores[25].shape == (1,)


def test_the_training_script_reproduces_a_row() -> None:
    torch = pytest.importorskip("torch")
    threads = torch.get_num_threads()
    try:
        # On one torch thread, as the table was trained.
        row = nas_table_train.train_cell(nas_table_train.Cell(1, 32, 2, 1, "gelu"), seed=0)
    finally:
        torch.set_num_threads(threads)
    stored = TABLE.row_of()[(1, 32, 2, 1, "gelu")]
    assert row["n_parameters"] == TABLE.n_parameters[stored]
    assert float(row["perplexity"]) == pytest.approx(TABLE.perplexity[stored], rel=1e-4)
