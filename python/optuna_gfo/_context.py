"""What a proposal works from: the trial being sampled, and helpers to pick the study's trials."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
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
