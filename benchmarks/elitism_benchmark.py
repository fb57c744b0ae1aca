"""GASampler's elitism with several objectives or constraints: the ``elite_size`` best trials of
the NSGA-II order (the default), or the whole first front (up to ``population_size``).

Runs GASampler(population_size=50) both ways on ZDT1, ZDT2, DTLZ2 and Gardner's constrained
problem (mo_problems.py) and prints the median score over seeds at 100, 300 and 600 trials:
the hypervolume of the feasible trials (higher is better), or for Gardner's problem the best
feasible value minus the optimum (lower is better). Run from the repository root:

    python benchmarks/elitism_benchmark.py [--seeds 0,1,2,3,4]

Writes ``elitism_benchmark.md`` to ``--out``.
"""

from __future__ import annotations

import argparse
import datetime
from pathlib import Path

import numpy as np
import optuna

import compare
from mo_problems import MO_PROBLEMS
import optuna_gfo

MARKS = (100, 300, 600)


class _FirstFront(optuna_gfo.GASampler):
    _FRONT_ELITISM = True


VARIANTS = {"first front": _FirstFront, "elite_size only": optuna_gfo.GASampler}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", default="0,1,2,3,4")
    parser.add_argument("--out", type=Path, default=compare.DEFAULT_OUT)
    args = parser.parse_args()
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    seeds = [int(s) for s in args.seeds.split(",")]
    header = ["problem"] + [f"{v} @{m}" for m in MARKS for v in VARIANTS]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for name, problem in MO_PROBLEMS.items():
        scores = {}
        for variant, sampler_class in VARIANTS.items():
            per_seed = []
            for seed in seeds:
                study = optuna.create_study(
                    directions=problem.directions,
                    sampler=sampler_class(seed=seed, population_size=50),
                )
                study.optimize(problem.objective, n_trials=max(MARKS))
                trials = study.get_trials(deepcopy=False)
                per_seed.append([problem.score(trials[:m]) for m in MARKS])
            scores[variant] = np.median(np.array(per_seed), axis=0)
        row = [name] + [f"{scores[v][i]:.4g}" for i in range(len(MARKS)) for v in VARIANTS]
        lines.append("| " + " | ".join(row) + " |")
        print(lines[-1], flush=True)
    report = (
        f"{datetime.date.today()}, commit {compare.git_commit()}, seeds {args.seeds}: median "
        "score (hypervolume, higher is better; gardner: best feasible - optimum, lower is "
        "better)\n\n" + "\n".join(lines) + "\n"
    )
    print(report)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "elitism_benchmark.md").write_text(report)


if __name__ == "__main__":
    main()
