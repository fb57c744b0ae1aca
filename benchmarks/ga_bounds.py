"""Share of GASampler's genes that sit exactly on a bound, beside Optuna's NSGAIISampler.

A 4-D sphere on [-5, 5]^4 whose optimum is inside but near the lower bounds (-4.8, -4.9, -4.7,
-4.85); population 20, 300 trials, seeds 0-4. Counts, over the bred trials 21-300 of every run,
the parameters equal to -5 or 5. Operators that clip put every child beyond a bound on it.

    python benchmarks/ga_bounds.py
"""

from __future__ import annotations

import argparse

import optuna

OPTIMUM = (-4.8, -4.9, -4.7, -4.85)
LOW, HIGH = -5.0, 5.0


def objective(trial: optuna.Trial) -> float:
    return sum((trial.suggest_float(f"x{i}", LOW, HIGH) - c) ** 2 for i, c in enumerate(OPTIMUM))


def sampler_for(name: str, seed: int) -> optuna.samplers.BaseSampler:
    if name == "NSGAIISampler":
        return optuna.samplers.NSGAIISampler(population_size=20, seed=seed)
    import optuna_gfo

    crossover, mutation = name.split("+")
    return optuna_gfo.GASampler(
        population_size=20, crossover=crossover, mutation=mutation, seed=seed
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--trials", type=int, default=300)
    parser.add_argument("--seeds", default="0,1,2,3,4")
    args = parser.parse_args()
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    names = [
        "sbx+polynomial",
        "sbx+gaussian",
        "blx_alpha+polynomial",
        "blx_alpha+gaussian",
        "NSGAIISampler",
    ]
    print(f"| sampler | genes on a bound, trials 21-{args.trials} | share | best value (median) |")
    print("|---|---|---|---|")
    for name in names:
        on_bound = genes = 0
        bests = []
        for seed in (int(s) for s in args.seeds.split(",")):
            study = optuna.create_study(sampler=sampler_for(name, seed))
            study.optimize(objective, n_trials=args.trials)
            for trial in study.trials[20:]:
                values = list(trial.params.values())
                on_bound += sum(v in (LOW, HIGH) for v in values)
                genes += len(values)
            bests.append(study.best_value)
        bests.sort()
        label = name if name == "NSGAIISampler" else f"GASampler {name}"
        print(
            f"| {label} | {on_bound} / {genes} | {on_bound / genes:.1%} | {bests[len(bests) // 2]:.3g} |"
        )


if __name__ == "__main__":
    main()
