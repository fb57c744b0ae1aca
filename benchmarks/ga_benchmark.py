"""GASampler beside Optuna's NSGAIISampler (single objective) and RandomSampler.

Run from the repository root (``compare.py`` and ``problems.py`` beside this file are imported
as modules):

    python benchmarks/ga_benchmark.py                # 600 trials, seeds 0-4, five problems
    python benchmarks/ga_benchmark.py --quick        # smoke test: 60 trials, 1 seed, 2 problems
    python benchmarks/ga_benchmark.py --samplers nsga2,random --problems ackley6
    python benchmarks/ga_benchmark.py --from-json benchmarks/results/ga_benchmark.json

Writes ``ga_benchmark.md`` (the printed tables), ``ga_benchmark.json`` (raw per-trial results),
``ga_benchmark_best.png`` and ``ga_benchmark_time.png`` to ``--out``; see ``compare.py``.
"""

from __future__ import annotations

import optuna

import compare

BENCHMARK = compare.Benchmark(
    name="ga_benchmark",
    title="GA sampler benchmark",
    samplers={
        "ga": ("GASampler", compare.gfo_sampler("GASampler")),
        "ga_plain": ("GASampler, no model", compare.gfo_sampler("GASampler", n_candidates=1)),
        "nsga2": ("NSGAIISampler", lambda seed: optuna.samplers.NSGAIISampler(seed=seed)),
        "random": ("RandomSampler", lambda seed: optuna.samplers.RandomSampler(seed=seed)),
    },
    full=compare.Settings(
        trials=600,
        seeds=(0, 1, 2, 3, 4),
        problems=("rastrigin6", "rastrigin10", "ackley6", "ackley10", "architecture"),
    ),
    quick=compare.Settings(trials=60, seeds=(0,), problems=("rastrigin6", "architecture")),
    trial_marks=(100, 300, 600),
    ratios=(("nsga2", "ga"), ("ga", "ga_plain")),
    settings_note="(GASampler population 20, its default; NSGAIISampler 50, its default)",
)


if __name__ == "__main__":
    compare.main(BENCHMARK)
