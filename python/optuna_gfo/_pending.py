"""Running trials' points, seen by every worker: how GPEISampler keeps workers from proposing one
point twice.

A trial stores its relative params (system attr ``optuna_gfo:relative_params``, internal
representation) as soon as it has a point, before the objective suggests them, so that other
threads and processes take it as a pending point; ``optuna_gfo:settled`` marks the point final.
Two processes proposing at the same instant see neither's point and, from the same data, find
the same maximizer: ``settle`` resolves that after the point is stored.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable
from typing import Any
from typing import TYPE_CHECKING

import numpy as np
from optuna.trial import FrozenTrial
from optuna.trial import TrialState

from optuna_gfo import _optuna_compat
from optuna_gfo._context import TrialContext
from optuna_gfo._search_space import EncodedSearchSpace

if TYPE_CHECKING:
    from optuna_gfo._gp_inputs import Observations

RELATIVE_PARAMS_ATTR = "optuna_gfo:relative_params"
SETTLED_ATTR = "optuna_gfo:settled"
# Times a trial proposes again after finding its point taken by a rival.
_MAX_YIELDS = 3
# Two workers' maximizers of one acquisition from the same data differ only by where their local
# searches stopped: closer than this in every snapped unit coordinate, they are one point. (Loose
# on purpose, unlike GASampler's exact-repeat check: a near copy wastes a trial just the same.)
RIVAL_POINT_TOLERANCE = 1e-4

Params = dict[str, Any]


def store_point(context: TrialContext, point: np.ndarray) -> None:
    """Publish the trial's point as its relative params."""
    space = context.space
    internal = space.decode_internal(point)
    _optuna_compat.set_trial_system_attr(
        context.study,
        context.trial,
        RELATIVE_PARAMS_ATTR,
        {name: float(value) for name, value in zip(space.names, internal)},
    )


def mark_settled(context: TrialContext, settled: bool = True) -> None:
    _optuna_compat.set_trial_system_attr(context.study, context.trial, SETTLED_ATTR, settled)


def trials_with_points(
    trials: Iterable[FrozenTrial], current: FrozenTrial, space: EncodedSearchSpace
) -> list[tuple[FrozenTrial, Params]]:
    """The given trials (but `current`) that have a point in `space`, with its external params:
    their params, completed by the relative params stored while they ran (a trial may fail or be
    pruned before it has suggested every parameter)."""
    found = []
    for t in trials:
        if t.number == current.number:
            continue
        stored = t.system_attrs.get(RELATIVE_PARAMS_ATTR, {})
        params = {
            name: distribution.to_external_repr(stored[name])
            for name, distribution in zip(space.names, space.distributions)
            if name in stored
        }
        params.update(t.params)
        if space.admits(params):
            found.append((t, params))
    return found


def pending_params(
    trials: Iterable[FrozenTrial], current: FrozenTrial, space: EncodedSearchSpace
) -> list[Params]:
    """External params of the given trials (but `current`) that have a point in `space`."""
    return [params for _, params in trials_with_points(trials, current, space)]


def settle(
    context: TrialContext,
    observations: Observations,
    point: np.ndarray,
    propose: Callable[[Observations], np.ndarray | None],
    own_point: Callable[[], np.ndarray],
) -> np.ndarray:
    """Store the point, then move off points that other processes proposed meanwhile.

    After storing its point, a trial yields (proposes again with ``propose``, the rivals' points
    pending) to a nearly equal point of a trial that completed or settled meanwhile, or of a
    lower-numbered trial; otherwise it marks itself settled and, if a lower-numbered trial was
    still unsettled, looks once more, yielding to a lower-numbered trial that stored the same
    point in between. A trial that has yielded ``_MAX_YIELDS`` times, or cannot propose again,
    takes ``own_point()``, a point no other trial proposes (the initial design's point of its
    number): many workers that propose at once from the same data and fits can keep meeting on
    one maximizer. Only checks that interleave within a few storage writes can still let a pair
    through.
    """
    seen = observations.finished.numbers
    for _ in range(_MAX_YIELDS):
        store_point(context, point)
        close, unsettled_before = _rival_points(context, seen, point, yield_to_settled=True)
        if not close:
            mark_settled(context)
            # Only a lower-numbered trial that had not settled at the first look can have stored
            # a clashing point since (later trials see this one's point as pending).
            if not unsettled_before:
                return point
            close, _ = _rival_points(context, seen, point, yield_to_settled=False)
            if not close:
                return point
            mark_settled(context, False)
        observations = observations.with_pending(close)
        proposal = propose(observations)
        if proposal is None:
            break
        point = proposal
    point = own_point()
    store_point(context, point)
    mark_settled(context)
    return point


def _rival_points(
    context: TrialContext, seen: set[int], point: np.ndarray, yield_to_settled: bool
) -> tuple[list[Params], bool]:
    """Params of the trials whose nearly equal point this trial must yield to, and whether a
    lower-numbered running trial has not settled yet."""
    trial, space = context.trial, context.space
    recent = _optuna_compat.get_trials(
        context.study, (TrialState.RUNNING, TrialState.COMPLETE), use_cache=False
    )
    unsettled_before = any(
        t.state == TrialState.RUNNING
        and t.number < trial.number
        and not t.system_attrs.get(SETTLED_ATTR, False)
        for t in recent
    )
    rivals = [
        t
        for t in recent
        if t.number not in seen
        and t.number != trial.number
        and (
            t.state == TrialState.COMPLETE
            or t.number < trial.number
            or (yield_to_settled and t.system_attrs.get(SETTLED_ATTR, False))
        )
    ]
    close = [
        params
        for params in pending_params(rivals, trial, space)
        if _nearly_equal(space.encode_params([params])[0], point, space)
    ]
    return close, unsettled_before


def _nearly_equal(a: np.ndarray, b: np.ndarray, space: EncodedSearchSpace) -> bool:
    snapped = space.core.snap(np.stack([a, b]))
    return bool(np.all(np.abs(snapped[0] - snapped[1]) <= RIVAL_POINT_TOLERANCE))
