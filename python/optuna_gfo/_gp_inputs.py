"""What a GP proposal models: the finished trials as the core's arrays (points, outcomes,
objective and constraint values, pruned trials' ranks), each trial encoded once, when added, and
the running trials' points as pending."""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import replace
import math
from typing import Any
from typing import TYPE_CHECKING

import numpy as np
from optuna.study import StudyDirection
from optuna.trial import FrozenTrial
from optuna.trial import TrialState

from optuna_gfo import _core
from optuna_gfo import _fit_store
from optuna_gfo import _optuna_compat
from optuna_gfo import _pending
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

Params = dict[str, Any]


@dataclass(frozen=True)
class GPInputs:
    """Rows follow the finished trials, oldest first; NaN where a trial has no value (not
    completed)."""

    points: np.ndarray  # core coordinates
    outcomes: list[_core.TrialOutcome]
    objectives: np.ndarray  # minimized: lower is better
    constraints: np.ndarray  # one column per constraint name
    pruned_ranks: np.ndarray
    # Models, in the core's order: "objective:<j>", "constraint:<name>", "completion" (when
    # some trial did not complete).
    models: list[str]


class _Rows:
    """A matrix that grows by rows, without copying the rows it has at each append."""

    def __init__(self, n_columns: int) -> None:
        self._data = np.empty((64, n_columns))
        self._n = 0

    def append(self, rows: np.ndarray) -> None:
        if self._n + len(rows) > len(self._data):
            grown = np.empty((2 * (self._n + len(rows)), self._data.shape[1]))
            grown[: self._n] = self._data[: self._n]
            self._data = grown
        self._data[self._n : self._n + len(rows)] = rows
        self._n += len(rows)

    def view(self) -> np.ndarray:
        return self._data[: self._n]


class FinishedTrials:
    """The completed, pruned and failed trials with a point in `space`, as the core's arrays.

    Pruned and failed trials are not observations at a value but tell the model where trials do
    not complete; their points are completed by the relative params stored while they ran. Rows
    are appended by ``add`` (oldest first within each call: cached Gram factors are then
    extended instead of refactored), so a study's trials are each encoded once.
    """

    def __init__(self, study: Study, space: EncodedSearchSpace) -> None:
        self._space = space
        self._signs = np.array(
            [-1.0 if d == StudyDirection.MAXIMIZE else 1.0 for d in study.directions]
        )
        self._points = _Rows(len(space))
        self._objectives = _Rows(len(self._signs))
        self._outcomes: list[_core.TrialOutcome] = []
        self._constraint_values: list[dict[str, float]] = []
        self._constraint_names: list[str] = []
        self._constraints = _Rows(0)
        # Pruned rows (row, minimized value at the last step reached, that step), and per step
        # the completed rows' minimized intermediate values, sorted (NaN ones only counted).
        self._pruned: list[tuple[int, float, int]] = []
        self._completed_at_step: dict[int, list[float]] = {}
        self._nan_at_step: dict[int, int] = {}
        self.numbers: set[int] = set()
        self.n_completed = 0
        self.n_pruned_with_params = 0
        # Finished trials that carry a stored fit (_fit_store), for warm starts.
        self.trials_with_fits: list[FrozenTrial] = []

    def __len__(self) -> int:
        return len(self._outcomes)

    def add(self, trials: Iterable[FrozenTrial], current: FrozenTrial) -> None:
        """Appends the finished trials among `trials` that have a point in the space (but
        `current`, and trials added before)."""
        new = [t for t in trials if t.number not in self.numbers]
        completed = trials_in_space(new, TrialState.COMPLETE, self._space)
        not_completed = [t for t in new if t.state in (TrialState.PRUNED, TrialState.FAIL)]
        self.n_pruned_with_params += len(trials_in_space(new, TrialState.PRUNED, self._space))
        finished = [(t, t.params) for t in completed]
        finished += _pending.trials_with_points(not_completed, current, self._space)
        finished = sort_oldest_first(finished)
        if not finished:
            return
        self._points.append(self._space.encode_params([params for _, params in finished]))
        objectives = np.full((len(finished), len(self._signs)), np.nan)
        for row, (t, _) in enumerate(finished):
            self.numbers.add(t.number)
            self._outcomes.append(_OUTCOMES[t.state])
            constraints: dict[str, float] = {}
            if t.state == TrialState.COMPLETE:
                self.n_completed += 1
                objectives[row] = np.asarray(t.values, dtype=float) * self._signs
                constraints = {
                    name: float(value)
                    for name, value in _optuna_compat.trial_constraints(t).items()
                }
                self._add_intermediate_values(t)
            elif t.state == TrialState.PRUNED:
                self._add_pruned(len(self._outcomes) - 1, t)
            self._constraint_values.append(constraints)
            if _fit_store.has_fit(t):
                self.trials_with_fits.append(t)
        self._objectives.append(objectives)
        self._add_constraint_rows(len(finished))

    def inputs(self) -> GPInputs:
        models = [f"objective:{j}" for j in range(len(self._signs))]
        models += [f"constraint:{name}" for name in self._constraint_names]
        if self.n_completed < len(self):
            models.append("completion")
        return GPInputs(
            points=self._points.view(),
            outcomes=self._outcomes,
            objectives=self._objectives.view(),
            constraints=self._constraints.view(),
            pruned_ranks=self._pruned_ranks(),
            models=models,
        )

    def _add_constraint_rows(self, n_new: int) -> None:
        new_rows = self._constraint_values[len(self._constraint_values) - n_new :]
        names = sorted(set(self._constraint_names).union(*(row.keys() for row in new_rows)))
        if names != self._constraint_names:  # a new name: a new column for every row
            self._constraint_names = names
            self._constraints = _Rows(len(names))
            new_rows = self._constraint_values
        matrix = np.full((len(new_rows), len(names)), np.nan)
        for row, constraints in enumerate(new_rows):
            for column, name in enumerate(names):
                if name in constraints:
                    matrix[row, column] = constraints[name]
        self._constraints.append(matrix)

    def _add_intermediate_values(self, trial: FrozenTrial) -> None:
        if len(self._signs) != 1:
            return
        for step, value in trial.intermediate_values.items():
            if math.isnan(value):
                self._nan_at_step[step] = self._nan_at_step.get(step, 0) + 1
            else:
                bisect.insort(self._completed_at_step.setdefault(step, []), self._signs[0] * value)

    def _add_pruned(self, row: int, trial: FrozenTrial) -> None:
        step = trial.last_step
        if len(self._signs) == 1 and step is not None:
            value = self._signs[0] * trial.intermediate_values[step]
            if not math.isnan(value):
                self._pruned.append((row, value, step))

    def _pruned_ranks(self) -> np.ndarray:
        """Per row, NaN unless it was pruned: then the share of the completed trials that
        reported a better value at the last step it reached (NaN when none reported at that
        step, or in studies of several objectives, which have no intermediate values). The core
        turns it into the pruned trial's imputed value (see core/include/gfo/gp/proposal.hpp)."""
        ranks = np.full(len(self), np.nan)
        for row, value, step in self._pruned:
            at_step = self._completed_at_step.get(step, [])
            n_at_step = len(at_step) + self._nan_at_step.get(step, 0)
            if n_at_step:
                ranks[row] = bisect.bisect_left(at_step, value) / n_at_step
        return ranks


@dataclass(frozen=True)
class Observations:
    """The trials a GP proposal models: the finished ones, and the params of points being
    evaluated (running trials' points, and rivals' points a trial yields to) as pending."""

    finished: FinishedTrials
    pending: list[Params]

    def with_pending(self, more: Sequence[Params]) -> Observations:
        return replace(self, pending=self.pending + list(more))


def observations_of(context: TrialContext, trials: list[FrozenTrial]) -> Observations:
    """The observations of a proposal for `context`, built afresh from a read of trials."""
    finished = FinishedTrials(context.study, context.space)
    finished.add((t for t in trials if t.state != TrialState.RUNNING), context.trial)
    running = [t for t in trials if t.state == TrialState.RUNNING]
    return Observations(finished, _pending.pending_params(running, context.trial, context.space))


def core_trials(
    space: EncodedSearchSpace, observations: Observations, inputs: GPInputs
) -> tuple[np.ndarray, list[_core.TrialOutcome], np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The trials as the core's proposal functions take them: finished points, outcomes,
    objectives, constraints, pruned trials' ranks, running points."""
    return (
        inputs.points,
        inputs.outcomes,
        inputs.objectives,
        inputs.constraints,
        inputs.pruned_ranks,
        space.encode_params(observations.pending),
    )


class StudyObserver:
    """A study's finished trials as one process has seen them, for one search space: each
    proposal adds the trials that finished since the last one, so the work per proposal follows
    the new and running trials, not the study's length.

    Relies on the trials list of a study being ordered by number (``trials[k].number == k``,
    every storage of Optuna 4.0 to 5.x); where it is not, or the trials are not those seen before
    (another study behind the same storage and id), it starts over from the whole list.
    """

    def __init__(self, study: Study, space: EncodedSearchSpace) -> None:
        self._study = study
        self._space = space
        self._start_over()

    def _start_over(self) -> None:
        self.finished = FinishedTrials(self._study, self._space)
        self._next = 0  # trials below this number were looked at
        self._unfinished: list[int] = []  # ... and these were not finished then
        self._first: tuple[int, Any] | None = None

    def observations(self, trials: list[FrozenTrial], current: FrozenTrial) -> Observations:
        """Observations from a read of all the study's trials (every state)."""
        if not self._consistent(trials):
            self._start_over()
        if trials:
            self._first = (trials[0].number, trials[0].datetime_start)
        candidates = [trials[k] for k in self._unfinished if k < len(trials)]
        candidates += trials[self._next :]
        self._next = max(self._next, len(trials))
        finished = [t for t in candidates if t.state.is_finished()]
        self.finished.add(finished, current)
        still = [t for t in candidates if not t.state.is_finished()]
        self._unfinished = [t.number for t in still]
        running = [
            t
            for t in still
            if t.state == TrialState.RUNNING and t.number not in self.finished.numbers
        ]
        return Observations(self.finished, _pending.pending_params(running, current, self._space))

    def _consistent(self, trials: list[FrozenTrial]) -> bool:
        if not trials:
            return self._next == 0
        if any(trials[k].number != k for k in (0, len(trials) - 1)):
            return False
        first = (trials[0].number, trials[0].datetime_start)
        return self._first is None or first == self._first
