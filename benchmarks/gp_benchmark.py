"""GPEISampler beside Optuna's GPSampler, TPESampler and RandomSampler: sampler time, best values.

Run from the repository root (``compare.py`` and ``problems.py`` beside this file are imported
as modules):

    python benchmarks/gp_benchmark.py                # 300 trials, seeds 0,1,2, five problems
    python benchmarks/gp_benchmark.py --quick        # smoke test: 30 trials, 1 seed, 2 problems
    python benchmarks/gp_benchmark.py --problems sphere10 --seeds 0 --samplers gpei,gp
    python benchmarks/gp_benchmark.py --from-json benchmarks/results/gp_benchmark.json

Writes ``gp_benchmark.md`` (the printed tables), ``gp_benchmark.json`` (raw per-trial results),
``gp_benchmark_best.png`` and ``gp_benchmark_time.png`` to ``--out``; see ``compare.py``.
"""

from __future__ import annotations

import importlib.util
from typing import Any

import optuna
import torch

import compare


def _torch_facts() -> dict[str, Any]:
    return {
        "torch_threads": torch.get_num_threads(),
        # Without greenlet, GPSampler runs L-BFGS-B sequentially (optuna/_gp/batched_lbfgsb.py).
        "greenlet": importlib.util.find_spec("greenlet") is not None,
    }


def _greenlet_note(meta: dict[str, Any]) -> str:
    greenlet = "installed" if meta["greenlet"] else "missing"
    return (
        f"greenlet {greenlet} (GPSampler batches its L-BFGS-B with it, else runs it sequentially)"
    )


BENCHMARK = compare.Benchmark(
    name="gp_benchmark",
    title="GP sampler benchmark",
    samplers={
        "gpei": ("GPEISampler", compare.gfo_sampler("GPEISampler")),
        "gp": ("GPSampler", lambda seed: optuna.samplers.GPSampler(seed=seed)),
        "tpe": ("TPESampler", lambda seed: optuna.samplers.TPESampler(seed=seed)),
        "random": ("RandomSampler", lambda seed: optuna.samplers.RandomSampler(seed=seed)),
    },
    full=compare.Settings(
        trials=300,
        seeds=(0, 1, 2),
        problems=("sphere5", "sphere10", "rastrigin5", "rastrigin10", "mixed"),
    ),
    quick=compare.Settings(trials=30, seeds=(0,), problems=("sphere5", "mixed")),
    trial_marks=(50, 100, 200, 300),
    ratios=(("gp", "gpei"),),
    libraries=("torch", "numpy", "scipy"),
    extra_metadata=_torch_facts,
    machine_note=lambda meta: f"torch threads {meta['torch_threads']}",
    versions_note=_greenlet_note,
)


if __name__ == "__main__":
    compare.main(BENCHMARK)
