"""The finished trials as the GP proposal's arrays: outcomes, objective and constraint values,
pruned trials' ranks, and the names of the models fitted to them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from optuna.study import StudyDirection
from optuna.trial import FrozenTrial
from optuna.trial import TrialState

from optuna_gfo import _core
from optuna_gfo import _pending
from optuna_gfo._base import constraint_values
from optuna_gfo._base import minimized_values
from optuna_gfo._context import Observations
from optuna_gfo._context import sort_oldest_first
from optuna_gfo._context import TrialContext
from optuna_gfo._context import trials_in_space
from optuna_gfo._search_space import EncodedSearchSpace

if TYPE_CHECKING:
    from optuna.study import Study

_OUTCOMES = {
    TrialState.COMPLETE: _core.TrialOutcome.COMPLETED,
    TrialState.PRUNED: _core.TrialOutcome.PRUNED,
    TrialState.FAIL: _core.TrialOutcome.FAILED,
}


@dataclass(frozen=True)
class GPInputs:
    """Rows follow the trials; NaN where a trial has no value (not completed)."""

    outcomes: list[_core.TrialOutcome]
    objectives: np.ndarray  # minimized: lower is better
    constraints: np.ndarray  # one column per constraint name
    pruned_ranks: np.ndarray
    # Models, in the core's order: "objective:<j>", "constraint:<name>", "completion" (when
    # some trial did not complete).
    models: list[str]


def gp_inputs(study: Study, trials: list[FrozenTrial]) -> GPInputs:
    completed = [t for t in trials if t.state == TrialState.COMPLETE]
    is_completed = np.array([t.state == TrialState.COMPLETE for t in trials], dtype=bool)
    objectives = np.full((len(trials), len(study.directions)), np.nan)
    objectives[is_completed] = minimized_values(study, completed)
    constraint_names, completed_constraints = constraint_values(completed)
    constraints = np.full((len(trials), len(constraint_names)), np.nan)
    constraints[is_completed] = completed_constraints
    models = [f"objective:{j}" for j in range(objectives.shape[1])]
    models += [f"constraint:{name}" for name in constraint_names]
    if not all(is_completed):
        models.append("completion")
    return GPInputs(
        outcomes=[_OUTCOMES[t.state] for t in trials],
        objectives=objectives,
        constraints=constraints,
        pruned_ranks=_pruned_ranks(study, trials, completed),
        models=models,
    )


def core_trials(
    space: EncodedSearchSpace, observations: Observations, inputs: GPInputs
) -> tuple[np.ndarray, list[_core.TrialOutcome], np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The trials as the core's proposal functions take them: finished points, outcomes,
    objectives, constraints, pruned trials' ranks, running points."""
    return (
        space.encode_params(observations.params),
        inputs.outcomes,
        inputs.objectives,
        inputs.constraints,
        inputs.pruned_ranks,
        space.encode_params(observations.pending),
    )


def observations_of(context: TrialContext, trials: list[FrozenTrial]) -> Observations:
    """What a GP proposal for `context` models, from a read of the study's trials: the
    completed, pruned and failed trials with a point in the space, oldest first (pruned and
    failed trials are not observations at a value but tell the model where trials do not
    complete), and the running trials' points as pending."""
    space = context.space
    finished = [(t, t.params) for t in trials_in_space(trials, TrialState.COMPLETE, space)]
    not_completed = [t for t in trials if t.state in (TrialState.PRUNED, TrialState.FAIL)]
    finished += _pending.trials_with_points(not_completed, context.trial, space)
    running = [t for t in trials if t.state == TrialState.RUNNING]
    return Observations(
        sort_oldest_first(finished), _pending.pending_params(running, context.trial, space)
    )


def _pruned_ranks(
    study: Study, trials: list[FrozenTrial], completed: list[FrozenTrial]
) -> np.ndarray:
    """Per trial, NaN unless it was pruned: then the share of the completed trials that reported
    a better value at the last step it reached (NaN when none reported at that step, or in
    studies of several objectives, which have no intermediate values). The core turns it into
    the pruned trial's imputed value (see core/include/gfo/gp/proposal.hpp)."""
    ranks = np.full(len(trials), np.nan)
    if len(study.directions) != 1:
        return ranks
    sign = -1.0 if study.direction == StudyDirection.MAXIMIZE else 1.0
    for row, t in enumerate(trials):
        step = t.last_step
        if t.state != TrialState.PRUNED or step is None:
            continue
        value = sign * t.intermediate_values[step]
        at_step = [
            sign * c.intermediate_values[step] for c in completed if step in c.intermediate_values
        ]
        if at_step and not np.isnan(value):
            ranks[row] = float(np.mean(np.asarray(at_step) < value))
    return ranks
