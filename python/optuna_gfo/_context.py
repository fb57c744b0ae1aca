"""What a proposal works from: the trial being sampled, and (GPEISampler) the study's trials that
the model sees."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import replace
import datetime
from typing import Any
from typing import TYPE_CHECKING

from optuna.trial import FrozenTrial
from optuna.trial import TrialState

from optuna_gfo._search_space import EncodedSearchSpace

if TYPE_CHECKING:
    from optuna.study import Study

_NO_DATE = datetime.datetime.min


@dataclass(frozen=True)
class TrialContext:
    """The trial being sampled, its study, and the relative search space it is sampled in."""

    study: Study
    trial: FrozenTrial
    space: EncodedSearchSpace


@dataclass(frozen=True)
class Observations:
    """The trials a GP proposal models.

    ``finished``: the completed, pruned and failed trials with a point in the search space, with
    that point's external params, oldest first (new observations come last, so that cached Gram
    factors are extended instead of refactored). ``pending``: the params of points being
    evaluated (running trials' points, and rivals' points a trial yields to).
    """

    finished: list[tuple[FrozenTrial, dict[str, Any]]]
    pending: list[dict[str, Any]]

    @property
    def trials(self) -> list[FrozenTrial]:
        return [t for t, _ in self.finished]

    @property
    def params(self) -> list[dict[str, Any]]:
        return [params for _, params in self.finished]

    def with_pending(self, more: Sequence[dict[str, Any]]) -> Observations:
        return replace(self, pending=self.pending + list(more))


def sort_oldest_first(
    finished: list[tuple[FrozenTrial, dict[str, Any]]],
) -> list[tuple[FrozenTrial, dict[str, Any]]]:
    return sorted(finished, key=lambda f: (f[0].datetime_complete or _NO_DATE, f[0].number))


def trials_in_space(
    trials: Sequence[FrozenTrial], state: TrialState, space: EncodedSearchSpace
) -> list[FrozenTrial]:
    """The trials of `state` that have a value of every parameter of `space`."""
    names = set(space.names)
    return [t for t in trials if t.state == state and names <= t.params.keys()]
