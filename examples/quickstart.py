"""The main job: tune a model-training-like objective with GPEISampler, stored in SQLite.

Run it with ``bash scripts/quickstart.sh`` (installs what is missing first) or, once the package
is installed, ``python examples/quickstart.py [--trials N] [--storage URL]``. Afterwards,
``optuna-dashboard sqlite:///optuna_gfo_quickstart.db`` shows the study.
"""

from __future__ import annotations

import argparse
import math
import time

import optuna

from optuna_gfo import GPEISampler


def validation_loss(trial: optuna.Trial) -> float:
    """A stand-in for a training run: smooth in the floats, with discrete choices that matter.

    Its minimum, 1.0, is at lr=3e-3, weight_decay=1e-4, dropout=0.1, n_layers=4, batch_size=64,
    optimizer="adamw".
    """
    lr = trial.suggest_float("lr", 1e-5, 1e-1, log=True)
    weight_decay = trial.suggest_float("weight_decay", 1e-6, 1e-2, log=True)
    dropout = trial.suggest_float("dropout", 0.0, 0.5, step=0.05)
    n_layers = trial.suggest_int("n_layers", 1, 8)
    batch_size = trial.suggest_int("batch_size", 16, 256, log=True)
    optimizer = trial.suggest_categorical("optimizer", ["sgd", "adam", "adamw"])
    return (
        1.0
        + 0.5 * (math.log10(lr) - math.log10(3e-3)) ** 2
        + 0.1 * (math.log10(weight_decay) + 4.0) ** 2
        + 2.0 * (dropout - 0.1) ** 2
        + 0.05 * (n_layers - 4) ** 2
        + 0.2 * math.log2(batch_size / 64) ** 2
        + {"sgd": 0.3, "adam": 0.05, "adamw": 0.0}[optimizer]
    )


def run(name: str, sampler: optuna.samplers.BaseSampler, storage: str, n_trials: int) -> dict:
    try:
        optuna.delete_study(study_name=name, storage=storage)
    except KeyError:
        pass
    study = optuna.create_study(study_name=name, storage=storage, sampler=sampler)
    start = time.perf_counter()
    study.optimize(validation_loss, n_trials=n_trials)
    return {"study": study, "seconds": time.perf_counter() - start}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=60)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--storage", default="sqlite:///optuna_gfo_quickstart.db")
    args = parser.parse_args()
    optuna.logging.set_verbosity(optuna.logging.WARNING)

    samplers = {
        "GPEISampler": GPEISampler(seed=args.seed),
        "TPESampler": optuna.samplers.TPESampler(seed=args.seed),
        "RandomSampler": optuna.samplers.RandomSampler(seed=args.seed),
    }
    results = {
        label: run(f"quickstart-{label}", sampler, args.storage, args.trials)
        for label, sampler in samplers.items()
    }

    best = results["GPEISampler"]["study"].best_trial
    print(f"GPEISampler, {args.trials} trials, stored in {args.storage}")
    print(f"  best trial #{best.number}: value {best.value:.4f} (optimum 1.0)")
    for key, value in best.params.items():
        print(f"    {key} = {value}")
    print()
    print(f"| sampler | best value after {args.trials} trials | gap to optimum | wall time (s) |")
    print("|---|---|---|---|")
    for label, result in results.items():
        value = result["study"].best_value
        print(f"| {label} | {value:.4f} | {value - 1.0:.4f} | {result['seconds']:.2f} |")
    print()
    print(f"See the studies with: optuna-dashboard {args.storage}")


if __name__ == "__main__":
    main()
