"""Multi-objective and constrained studies: our samplers beside Optuna's, in one run.

Two comparisons, on ZDT1, ZDT2 (6 variables, 2 objectives), DTLZ2 (6 variables, 3 objectives)
and Gardner's constrained problem (2 variables, one constraint):
- ``gp``: GPEISampler vs Optuna's GPSampler (default budget 60 trials);
- ``ga``: GASampler vs Optuna's NSGAIISampler, population 50 both (default 600 trials).
Score: hypervolume of the feasible trials (higher is better; reference points in
mo_problems.py), or for Gardner's problem the best feasible value minus the optimum (lower is
better). Medians over seeds. Sampler time per trial: time inside the sampler's methods
(`compare.TimedSampler`), mean over the run, median over seeds.

Run from the repository root:

    python benchmarks/mo_benchmark.py                   # both parts, seeds 0-4
    python benchmarks/mo_benchmark.py --part gp --seeds 0,1
    python benchmarks/mo_benchmark.py --part gp --samplers GPEISampler
    python benchmarks/mo_benchmark.py --quick           # smoke test

Writes ``mo_benchmark.md`` and ``mo_benchmark.json`` to ``--out``.
"""

from __future__ import annotations

import argparse
import datetime
import json
from pathlib import Path
import sys
import time
from typing import Any
import warnings

import numpy as np
import optuna

import compare
from mo_problems import MO_PROBLEMS

PARTS: dict[str, dict[str, Any]] = {
    "gp": {
        "trials": 60,
        "marks": (30, 60),
        "samplers": {
            "GPEISampler": lambda seed: _gfo().GPEISampler(seed=seed),
            "GPSampler": lambda seed: optuna.samplers.GPSampler(seed=seed),
        },
    },
    "ga": {
        "trials": 600,
        "marks": (100, 300, 600),
        "samplers": {
            "GASampler": lambda seed: _gfo().GASampler(seed=seed, population_size=50),
            "NSGAIISampler": lambda seed: optuna.samplers.NSGAIISampler(
                seed=seed, population_size=50
            ),
        },
    },
}


def _gfo() -> Any:
    import optuna_gfo

    return optuna_gfo


def run(part: str, problem_name: str, sampler_name: str, seed: int, trials: int) -> dict[str, Any]:
    problem = MO_PROBLEMS[problem_name]
    sampler = compare.TimedSampler(PARTS[part]["samplers"][sampler_name](seed))
    study = optuna.create_study(directions=problem.directions, sampler=sampler)
    start = time.perf_counter()
    study.optimize(problem.objective, n_trials=trials)
    wall = time.perf_counter() - start
    all_trials = study.get_trials(deepcopy=False)
    marks = PARTS[part]["marks"]
    return {
        "part": part,
        "problem": problem_name,
        "sampler": sampler_name,
        "seed": seed,
        "scores": {str(m): problem.score(all_trials[:m]) for m in marks if m <= trials},
        "sampler_ms": 1000 * float(np.mean(list(sampler.seconds_by_trial.values()))),
        "wall_seconds": wall,
    }


def table(runs: list[dict[str, Any]], part: str) -> str:
    selected = [r for r in runs if r["part"] == part]
    samplers = list(dict.fromkeys(r["sampler"] for r in selected))
    marks = list(selected[0]["scores"]) if selected else []
    header = ["problem (score)"]
    header += [f"{s} @{m}" for m in marks for s in samplers]
    header += [f"{s} ms/trial" for s in samplers]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for problem in dict.fromkeys(r["problem"] for r in selected):
        kind = (
            "best - optimum, lower is better"
            if MO_PROBLEMS[problem].reference is None
            else "hypervolume"
        )
        row = [f"{problem} ({kind})"]
        for mark in marks:
            for sampler in samplers:
                values = [
                    r["scores"][mark]
                    for r in selected
                    if (r["problem"], r["sampler"]) == (problem, sampler)
                ]
                row.append(f"{np.median(values):.4g}")
        for sampler in samplers:
            times = [
                r["sampler_ms"]
                for r in selected
                if (r["problem"], r["sampler"]) == (problem, sampler)
            ]
            row.append(f"{np.median(times):.2f}")
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--part", choices=["gp", "ga", "both"], default="both")
    parser.add_argument("--seeds", default="0,1,2,3,4")
    parser.add_argument("--problems", default=",".join(MO_PROBLEMS))
    parser.add_argument("--samplers", help="comma-separated subset of the parts' samplers")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--out", type=Path, default=compare.DEFAULT_OUT)
    args = parser.parse_args()
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)
    parts = ["gp", "ga"] if args.part == "both" else [args.part]
    seeds = [0] if args.quick else [int(s) for s in args.seeds.split(",")]
    problems = args.problems.split(",")
    if args.quick:
        for part in parts:
            PARTS[part]["marks"] = (12,)
        problems = problems[:1] + ["gardner"]
    meta = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "commit": compare.git_commit(),
        "cpu": compare.cpu_model(),
        "seeds": seeds,
        "command": " ".join(sys.argv),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    runs = []
    for part in parts:
        trials = max(PARTS[part]["marks"])
        for problem in problems:
            for seed in seeds:
                for sampler in PARTS[part]["samplers"]:
                    if args.samplers and sampler not in args.samplers.split(","):
                        continue
                    result = run(part, problem, sampler, seed, trials)
                    runs.append(result)
                    print(
                        f"{part} {problem} seed {seed} {sampler}: {result['scores']} "
                        f"{result['sampler_ms']:.1f} ms/trial",
                        file=sys.stderr,
                        flush=True,
                    )
                    (args.out / "mo_benchmark.json").write_text(
                        json.dumps({"meta": meta, "runs": runs})
                    )
    text = (
        f"# Multi-objective and constrained benchmark\n\n{meta['date']}, commit {meta['commit']}, "
        f"{meta['cpu']}, seeds {seeds} (medians). Command: `{meta['command']}`\n"
    )
    for part in parts:
        text += (
            f"\n### {' vs '.join(PARTS[part]['samplers'])}, {max(PARTS[part]['marks'])} trials\n\n"
        )
        text += table(runs, part)
    (args.out / "mo_benchmark.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
