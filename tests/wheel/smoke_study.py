"""Run by tests/wheel/test_wheel.py inside a clean environment holding only the wheel and Optuna:
a short study with each sampler; prints one JSON line of what it saw."""

from __future__ import annotations

import json

import optuna

import optuna_gfo
from optuna_gfo import _core

optuna.logging.set_verbosity(optuna.logging.ERROR)


def objective(trial: optuna.Trial) -> float:
    x = trial.suggest_float("x", -5.0, 5.0)
    n = trial.suggest_int("n", 1, 8)
    kind = trial.suggest_categorical("kind", ["a", "b", "c"])
    return (x - 1.0) ** 2 + (n - 3) ** 2 + (kind != "b")


def run(sampler: optuna.samplers.BaseSampler) -> optuna.Study:
    study = optuna.create_study(sampler=sampler)
    study.optimize(objective, n_trials=20)
    return study


gp = run(optuna_gfo.GPEISampler(seed=0, n_startup_trials=5))
ga = run(optuna_gfo.GASampler(seed=0, population_size=5))
with open("/proc/self/maps") as maps:
    nlopt = next(line.split()[-1] for line in maps if "libnlopt" in line)
print(
    json.dumps(
        {
            "optuna": optuna.__version__,
            "core": _core.build_variant,
            "nlopt": nlopt,
            "gp": {
                "complete": sum(t.state == optuna.trial.TrialState.COMPLETE for t in gp.trials),
                "proposals_stored": sum(
                    "optuna_gfo:relative_params" in t.system_attrs for t in gp.trials
                ),
            },
            "ga": {
                "complete": sum(t.state == optuna.trial.TrialState.COMPLETE for t in ga.trials),
                "generations": sorted(
                    {t.system_attrs.get("optuna_gfo:ga:generation", -1) for t in ga.trials}
                ),
            },
        }
    )
)
