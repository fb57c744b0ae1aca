"""Box decompositions of the region a Pareto front does not dominate: box count and time.

The box count and time of the installed build's decomposition (``_core.non_dominated_boxes``,
local upper bounds after Lacour, Klamroth and Fonseca 2017) and of one ``_core.hypervolume``,
against the grid of the points' coordinates that GPEISampler used before, which has
(p + 1) ** (m - 1) boxes for p points in m objectives. Fronts: p points drawn uniformly on the
simplex sum(z) = 1 (mutually non-dominated), reference point 1.1 in every objective.

A build without ``non_dominated_boxes`` (the grid's) is timed on ``hypervolume`` alone, for the
cases whose grid stays under ``--max-grid`` boxes; pass that run's JSON as ``--baseline`` to
the run of the new build to set the two side by side.

    python benchmarks/box_decomposition_benchmark.py --out /tmp/grid   # on the old build
    python benchmarks/box_decomposition_benchmark.py --baseline /tmp/grid/box_decomposition_benchmark.json
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
from pathlib import Path
import time
from typing import Any

import numpy as np

import compare
from optuna_gfo import _core

OBJECTIVES = (2, 3, 4, 5, 6)
FRONT_SIZES = (10, 25, 50, 100, 200, 300)
LARGEST_FRONT = {5: 100, 6: 50}  # past these the bounds take minutes and gigabytes
NO_CAP = 2**62


def simplex_front(size: int, n_objectives: int, seed: int) -> np.ndarray:
    draws = np.random.default_rng(seed).exponential(size=(size, n_objectives))
    return draws / draws.sum(axis=1, keepdims=True)


def timed(call: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    result = call()
    return result, time.perf_counter() - start


def measure(n_objectives: int, size: int, max_boxes: int, max_grid: int) -> dict[str, Any]:
    front = simplex_front(size, n_objectives, seed=size * 10 + n_objectives)
    reference = np.full(n_objectives, 1.1)
    grid = (size + 1) ** (n_objectives - 1)
    row: dict[str, Any] = {"m": n_objectives, "p": size, "grid_boxes": grid}
    if hasattr(_core, "non_dominated_boxes"):
        boxes, seconds = timed(lambda: _core.non_dominated_boxes(front, reference, max_boxes))
        row["boxes"] = None if boxes is None else len(boxes[0])
        row["boxes_s"] = seconds
        if boxes is None:  # past the cap: the hypervolume would take as long
            return row
    elif grid > max_grid:
        return row
    row["hypervolume"], row["hypervolume_s"] = timed(lambda: _core.hypervolume(front, reference))
    return row


def cell(value: Any, digits: str = ".3g") -> str:
    return "-" if value is None else format(value, digits)


def describe(meta: dict[str, Any]) -> str:
    return (
        f"{meta['date']}, commit {meta['git_commit']}, {meta['cpu']}, load {meta['load_before']:.1f} "
        f"before the run. Command: `{meta['command']}`."
    )


def report(
    rows: list[dict[str, Any]], baseline: dict[str, Any] | None, meta: dict[str, Any]
) -> str:
    old = {(r["m"], r["p"]): r for r in (baseline or {}).get("rows", [])}
    lines = [
        "# Box decomposition of the non-dominated region",
        "",
        f"Now: {describe(meta)}",
        "",
        *([f"Grid: {describe(baseline['meta'])}", ""] if baseline else []),
        "Fronts: p points uniform on the simplex, reference 1.1; times in seconds, one call each. "
        "'-': not run (grid over the time limit, or decomposition past the cap).",
        "",
        "| m | p | grid boxes (p+1)^(m-1) | boxes now | decomposition s | hypervolume s, grid "
        "| hypervolume s, now |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        before = old.get((r["m"], r["p"]), {})
        lines.append(
            f"| {r['m']} | {r['p']} | {r['grid_boxes']:.3g} | {cell(r.get('boxes'), 'd')} "
            f"| {cell(r.get('boxes_s'))} | {cell(before.get('hypervolume_s'))} "
            f"| {cell(r.get('hypervolume_s'))} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results")
    parser.add_argument("--baseline", type=Path, help="JSON of a run on the grid's build")
    parser.add_argument("--max-boxes", type=int, default=10**6, help="cap on the decomposition")
    parser.add_argument("--max-grid", type=int, default=3 * 10**7, help="largest grid timed")
    args = parser.parse_args()
    rows = [
        measure(m, p, args.max_boxes, args.max_grid)
        for m in OBJECTIVES
        for p in FRONT_SIZES
        if p <= LARGEST_FRONT.get(m, p)
    ]
    for row in rows:
        print(row, flush=True)
    baseline = json.loads(args.baseline.read_text()) if args.baseline else None
    meta = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "git_commit": compare.git_commit(),
        "cpu": compare.cpu_model(),
        "load_before": os.getloadavg()[0],
        "command": "box_decomposition_benchmark.py"
        + (" --baseline <grid run>" if baseline else ""),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "box_decomposition_benchmark.json").write_text(
        json.dumps({"meta": meta, "rows": rows}, indent=1)
    )
    (args.out / "box_decomposition_benchmark.md").write_text(report(rows, baseline, meta))


if __name__ == "__main__":
    main()
