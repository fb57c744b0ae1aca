"""Run GPEISampler and GASampler, loaded through OptunaHub, on a small mixed search space.

By default the package is loaded from the folder this file is in (``load_local_module``), which
is how a contributor checks the package before registering it. Set ``test_local = False`` to load
it from the OptunaHub registry instead.
"""

from __future__ import annotations

import os

import optuna
import optunahub


def objective(trial: optuna.Trial) -> float:
    x = trial.suggest_float("x", -5.0, 5.0)
    lr = trial.suggest_float("lr", 1e-4, 1e-1, log=True)
    layers = trial.suggest_int("layers", 1, 8)
    activation = trial.suggest_categorical("activation", ["relu", "gelu", "tanh"])
    penalty = {"relu": 0.0, "gelu": 0.1, "tanh": 0.5}[activation]
    return x**2 + (layers - 3) ** 2 + (lr - 0.01) ** 2 + penalty


package_name = "samplers/optuna_gfo"
test_local = True

if test_local:
    # This file sits in <registry_root>/samplers/optuna_gfo/.
    registry_root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    module = optunahub.load_local_module(package=package_name, registry_root=registry_root)
else:
    module = optunahub.load_module(package=package_name)

study = optuna.create_study(sampler=module.GPEISampler(seed=0))
study.optimize(objective, n_trials=50)
print("GPEISampler:", study.best_value, study.best_params)

study = optuna.create_study(sampler=module.GASampler(population_size=20, seed=0))
study.optimize(objective, n_trials=200)
print("GASampler:", study.best_value, study.best_params)
