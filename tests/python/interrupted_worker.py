"""A study whose first GP proposal would run for minutes, for test_gp_ei_extreme_input.py: it prints
"ready" once its startup trials are stored, then proposes until SIGINT stops it.

Usage: python interrupted_worker.py STORAGE_URL N_STARTUP_TRIALS
"""

from __future__ import annotations

import signal
import sys

import optuna

from optuna_gfo import _core
from optuna_gfo import GPEISampler


class ExpensiveSampler(GPEISampler):
    """Scores the most candidates the bindings take and refines every one of them by a local
    search (about a million L-BFGS runs): minutes per proposal."""

    def _options(self) -> _core.GPEIOptions:
        options = super()._options()
        options.n_candidates = _core.MAX_COUNT
        options.n_local_searches = _core.MAX_COUNT
        return options


def main() -> None:
    # Python raises KeyboardInterrupt on SIGINT only if SIGINT was not ignored when it started;
    # a shell without job control starts background commands (a CI run under `&`) ignoring it.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    storage, n_startup = sys.argv[1], int(sys.argv[2])
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    study = optuna.create_study(
        storage=storage,
        study_name="interrupted",
        sampler=ExpensiveSampler(seed=0, n_startup_trials=n_startup),
    )

    def announce(study: optuna.Study, trial: optuna.trial.FrozenTrial) -> None:
        if trial.number == n_startup - 1:
            print("ready", flush=True)

    study.optimize(
        lambda t: (t.suggest_float("x", 0, 1) - 0.3) ** 2 + t.suggest_int("n", 0, 9),
        n_trials=n_startup + 1,
        callbacks=[announce],
    )


if __name__ == "__main__":
    main()
