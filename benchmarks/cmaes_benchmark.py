"""GPEISampler and GASampler beside Optuna's CmaEsSampler, on continuous problems.

CMA-ES is the usual choice for continuous spaces with large budgets; this comparison says where
each of the three stands at 100, 300 and 1,000 trials. Run from the repository root
(``compare.py`` and ``problems.py`` beside this file are imported as modules; CmaEsSampler needs
the ``cmaes`` package, in the ``benchmark`` extra):

    python benchmarks/cmaes_benchmark.py             # 1,000 trials, seeds 0,1,2, three problems
    python benchmarks/cmaes_benchmark.py --quick     # smoke test: 60 trials, 1 seed, 1 problem
    python benchmarks/cmaes_benchmark.py --samplers cmaes,ga --problems ackley10

Writes ``cmaes_benchmark.md``, ``.json``, ``_best.png`` and ``_time.png`` to ``--out``; see
``compare.py``.
"""

from __future__ import annotations

import optuna

import compare

BENCHMARK = compare.Benchmark(
    name="cmaes_benchmark",
    title="GPEISampler and GASampler vs CmaEsSampler",
    samplers={
        "gpei": ("GPEISampler", compare.gfo_sampler("GPEISampler")),
        "ga": ("GASampler", compare.gfo_sampler("GASampler")),
        "cmaes": ("CmaEsSampler", lambda seed: optuna.samplers.CmaEsSampler(seed=seed)),
    },
    full=compare.Settings(
        trials=1000, seeds=(0, 1, 2), problems=("sphere10", "rastrigin10", "ackley10")
    ),
    quick=compare.Settings(trials=60, seeds=(0,), problems=("sphere10",)),
    trial_marks=(100, 300, 1000),
    ratios=(("gpei", "cmaes"),),
    libraries=("numpy", "cmaes"),
)


if __name__ == "__main__":
    compare.main(BENCHMARK)
