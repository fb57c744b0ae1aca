"""The model that picks which of GASampler's children is evaluated (surrogate-assisted evolution):
GPEISampler's Gaussian processes and acquisition over the study's trials, maximized over the
children instead of the whole search space."""

from __future__ import annotations

from typing import Any

import numpy as np
import optuna
from optuna.trial import FrozenTrial
from optuna.trial import TrialState

from optuna_gfo import _core
from optuna_gfo import _fit_store
from optuna_gfo import _optuna_compat
from optuna_gfo._context import TrialContext
from optuna_gfo._gp_inputs import core_trials
from optuna_gfo._gp_inputs import observations_of

_logger = optuna.logging.get_logger(__name__)
_STATES_TO_READ = (TrialState.COMPLETE, TrialState.RUNNING, TrialState.PRUNED, TrialState.FAIL)
# The model sees at most this many finished trials, the most recent ones, so that a choice costs
# about the same at 5,000 trials as at 500 (the GA's population moves on anyway). The window
# starts at a multiple of half of it, so between moves it grows and each model's Gram factor is
# extended rather than refactored. Measured (one core, 10 dimensions, machine loaded): a choice
# took about 25 ms per trial over trials 801-1,000 with no window.
_MODEL_WINDOW = 400


def _recent(finished: list[FrozenTrial]) -> list[FrozenTrial]:
    """The window of `finished` (in trial-number order) that the model sees, taken before the
    observations are built, so that building them costs the same at any number of trials."""
    n = len(finished)
    if n <= _MODEL_WINDOW:
        return finished
    half = _MODEL_WINDOW // 2
    start = ((n - _MODEL_WINDOW) // half + 1) * half
    return finished[start:]


# Hyperparameters are refitted each time the number of observations has grown by a quarter (and
# kept in between), not at every trial below 100 and by 10% beyond as GPEISampler's are. Measured
# on benchmarks/nas_table.py (population 20, 20 seeds, 200 trials): the same cells found (the
# best one within 100 trials on every seed), at 1.65 instead of 2.84 ms per trial, against
# TPESampler's 2.31.
_ALWAYS_REFIT_BELOW = 0
_REFIT_GROWTH = 0.25


# With three or more objectives, expected hypervolume improvement is estimated on this many
# quasi-random samples once the front's box decomposition passes this many boxes (GPEISampler:
# 4,096 of each, which its search needs). Ranking 32 children needs less: on DTLZ2 with 5
# objectives (200 trials, seeds 0-2) the hypervolume was the same (median 96.1 against 95.9) at
# 7 instead of 55 ms per trial.
_MAX_EHVI_BOXES = 256
_N_EHVI_SAMPLES = 256


def _options() -> _core.GPEIOptions:
    options = _core.GPEIOptions()
    options.always_refit_below = _ALWAYS_REFIT_BELOW
    options.refit_growth = _REFIT_GROWTH
    options.max_ehvi_boxes = _MAX_EHVI_BOXES
    options.n_ehvi_samples = _N_EHVI_SAMPLES
    return options


class ChildChooser:
    """Keeps the models' fits of one process (per study and parameter names) as the next
    choice's warm start. Not thread-safe: GASampler calls it under its lock."""

    def __init__(self) -> None:
        self._fits: dict[tuple[Any, ...], dict[str, _core.GPModelState]] = {}

    def choose(self, context: TrialContext, children: np.ndarray, seed: int) -> int | None:
        """The row of `children` (core coordinates) whose acquisition is the largest; None when
        the model cannot say (no completed trial in the space, every child excluded, or a fit
        that failed numerically: the caller keeps its first child)."""
        study, space = context.study, context.space
        trials = _optuna_compat.get_trials(study, _STATES_TO_READ, use_cache=True)
        running = [t for t in trials if t.state == TrialState.RUNNING]
        finished = [t for t in trials if t.state != TrialState.RUNNING]
        observations = observations_of(context, _recent(finished) + running)
        inputs = observations.finished.inputs()
        if _core.TrialOutcome.COMPLETED not in inputs.outcomes:
            return None
        key = (_optuna_compat.study_identity(study), *space.names)
        try:
            choice = _core.choose_gp_candidate(
                space.core,
                *core_trials(space, observations, inputs),
                children,
                _options(),
                _fit_store.warm_starts(inputs.models, self._fits.get(key, {}), {}),
                seed,
            )
        except _core.NumericalError as error:
            _logger.warning(
                f"GASampler could not fit the model that chooses among its children for trial "
                f"{context.trial.number} ({error}); that trial is the first child bred."
            )
            return None
        if choice.candidate < 0:
            return None
        self._fits[key] = dict(zip(inputs.models, choice.models))
        return int(choice.candidate)
