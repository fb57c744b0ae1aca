"""How the estimate behind GPEISampler's long-proposal warning compares with the time proposals take.

``_core.proposal_work`` estimates the floating-point operations of one cold proposal (fits with
every restart, candidate scoring, local searches); GPEISampler warns once when the estimate passes
``_LONG_PROPOSAL_WORK``. This times cold proposals (no warm start, one thread) on random data for a
few study sizes and prints the estimate, the time and their ratio, the rate the threshold assumes.

    python benchmarks/proposal_work.py [--cases 200x10x512 400x20x512 50x20x200000]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from optuna_gfo import _core
from optuna_gfo import _gp_ei


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--cases",
        nargs="+",
        default=["200x10x512", "400x20x512", "50x20x200000"],
        help="trials x parameters x n_candidates",
    )
    cases = [tuple(int(v) for v in case.split("x")) for case in parser.parse_args().cases]
    rng = np.random.default_rng(0)
    print(f"warning threshold: {_gp_ei._LONG_PROPOSAL_WORK:.1e} estimated operations")
    print("| trials | parameters | n_candidates | estimate | seconds | estimate / second |")
    print("|---:|---:|---:|---:|---:|---:|")
    for n, d, n_candidates in cases:
        space = _core.SearchSpace([_core.Dimension.continuous(0.0, 1.0, False)] * d)
        observed = rng.random((n, d))
        values = np.sum((observed - 0.3) ** 2, axis=1) + 0.01 * rng.standard_normal(n)
        options = _core.GPEIOptions()
        options.n_candidates = n_candidates
        options.n_threads = 1
        work = _core.proposal_work(n, d, 1, options)
        start = time.perf_counter()
        _core.propose_gp(
            space,
            observed,
            [_core.TrialOutcome.COMPLETED] * n,
            values.reshape(-1, 1),
            np.zeros((n, 0)),
            np.full(n, np.nan),
            np.zeros((0, d)),
            options,
            [],
            1,
        )
        seconds = time.perf_counter() - start
        print(f"| {n} | {d} | {n_candidates} | {work:.2e} | {seconds:.2f} | {work / seconds:.2e} |")


if __name__ == "__main__":
    main()
