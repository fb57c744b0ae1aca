"""Time GP proposals with each build of the C++ core that the installed optuna-gfo carries.

A wheel carries ``baseline`` (any x86-64 CPU) and ``x86_64_v3`` (AVX2/FMA); a build from source
with ``GFO_NATIVE_ARCH=ON`` carries ``native``. Each variant runs in its own process
(``OPTUNA_GFO_CORE=<variant>``) on the same random data: a cold fit plus proposal, and the best of
three proposals warm-started from that fit, on a 10-dimensional continuous space.

    python benchmarks/core_variants.py [--sizes 100 300 600]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import time

_VARIANTS = ("baseline", "x86_64_v3", "native")


def _time_variant(sizes: list[int]) -> dict[str, float]:
    import numpy as np

    from optuna_gfo import _core

    dimension = 10
    space = _core.SearchSpace([_core.Dimension.continuous(0.0, 1.0, False)] * dimension)
    options = _core.GPEIOptions()
    options.n_threads = 1
    rng = np.random.default_rng(0)
    timings: dict[str, float] = {}
    no_running = np.zeros((0, dimension))
    for n in sizes:
        observed = rng.random((n, dimension))
        values = np.sum((observed - 0.3) ** 2, axis=1) + 0.01 * rng.standard_normal(n)
        trials = (
            observed,
            [_core.TrialOutcome.COMPLETED] * n,
            values.reshape(n, 1),
            np.zeros((n, 0)),
            np.zeros(0),
            no_running,
            options,
        )
        start = time.perf_counter()
        fitted = _core.propose_gp(space, *trials, [], 1).models[0]
        timings[f"cold fit + proposal, n={n}"] = time.perf_counter() - start
        # A warm start from stored log-hyperparameters (no cached Gram factor).
        stored = _core.GPModelState.from_log_parameters(fitted.log_parameters, n)
        warm = []
        for seed in range(3):
            start = time.perf_counter()
            _core.propose_gp(space, *trials, [stored], 2 + seed)
            warm.append(time.perf_counter() - start)
        timings[f"warm proposal, n={n}"] = min(warm)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 300, 600])
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_time_variant(args.sizes)))
        return
    results: dict[str, dict[str, float]] = {}
    for variant in _VARIANTS:
        if importlib.util.find_spec(f"optuna_gfo._core_{variant}") is None:
            continue
        output = subprocess.run(
            [sys.executable, __file__, "--child", "--sizes", *map(str, args.sizes)],
            env={**os.environ, "OPTUNA_GFO_CORE": variant},
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        results[variant] = json.loads(output)
    variants = list(results)
    print("| case | " + " | ".join(f"{v} (ms)" for v in variants) + " |")
    print("|---" * (len(variants) + 1) + "|")
    for case in next(iter(results.values())):
        row = " | ".join(f"{1e3 * results[v][case]:.1f}" for v in variants)
        print(f"| {case} | {row} |")


if __name__ == "__main__":
    main()
