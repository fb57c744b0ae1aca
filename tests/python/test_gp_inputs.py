"""GPEISampler's per-process view of a study's finished trials (_gp_inputs.StudyObserver): each
trial encoded once, the same arrays as reading the whole study afresh, and no stale rows."""

from __future__ import annotations

from typing import Any

import numpy as np
import optuna
from optuna.distributions import FloatDistribution
from optuna.trial import TrialState
import pytest

from optuna_gfo import _pending
from optuna_gfo import GPEISampler
from optuna_gfo._context import TrialContext
from optuna_gfo._gp_inputs import FinishedTrials
from optuna_gfo._gp_inputs import GPInputs
from optuna_gfo._gp_inputs import Observations
from optuna_gfo._gp_inputs import observations_of
from optuna_gfo._gp_inputs import StudyObserver
from optuna_gfo._search_space import EncodedSearchSpace
from problems import sphere

SPACE = {"x": FloatDistribution(-5, 5), "y": FloatDistribution(-5, 5)}


def _tell_random(study: optuna.Study, rng: np.random.Generator, n: int) -> None:
    """Trials of every finished state: completed (with intermediate values and, now and then,
    a constraint), pruned at various steps, failed."""
    for _ in range(n):
        trial = study.ask(SPACE)
        x, y = trial.params["x"], trial.params["y"]
        steps = int(rng.integers(1, 5))
        for step in range(steps):
            trial.report(x * x + y * y + step + float(rng.normal()), step)
        kind = rng.random()
        if kind < 0.2:
            study.tell(trial, state=TrialState.PRUNED)
        elif kind < 0.3:
            study.tell(trial, state=TrialState.FAIL)
        else:
            if kind > 0.8:
                trial.set_user_attr("unused", 1)
            study.tell(trial, x * x + y * y)


def _assert_same(a: GPInputs, b: GPInputs) -> None:
    assert a.models == b.models
    assert a.outcomes == b.outcomes
    for name in ("points", "objectives", "constraints", "pruned_ranks"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name), err_msg=name)


@pytest.mark.parametrize("direction", ["minimize", "maximize"])
def test_the_observer_gives_the_arrays_of_a_fresh_read(direction: str) -> None:
    rng = np.random.default_rng(0)
    study = optuna.create_study(direction=direction)
    space = EncodedSearchSpace(SPACE)
    observer = StudyObserver(study, space)
    for _ in range(6):
        _tell_random(study, rng, 15)
        running = study.ask(SPACE)  # running: pending, not observed
        current = study.ask(SPACE)
        trials = study.get_trials(deepcopy=False)
        observed = observer.observations(trials, current)
        fresh = observations_of(TrialContext(study, current, space), trials)
        _assert_same(observed.finished.inputs(), fresh.finished.inputs())
        assert observed.pending == fresh.pending == [running.params]
        study.tell(running, 1.0)
        study.tell(current, 2.0)
    inputs = observer.finished.inputs()
    assert len(inputs.outcomes) == len(study.trials) - 2  # but the last two told
    # The pruned trials' ranks, computed by brute force on the rows' trials, oldest first.
    sign = -1.0 if direction == "maximize" else 1.0
    finished = [t for t in study.trials[:-2] if t.state.is_finished()]
    finished.sort(key=lambda t: (t.datetime_complete, t.number))
    completed = [t for t in finished if t.state == TrialState.COMPLETE]
    for row, t in enumerate(finished):
        if t.state != TrialState.PRUNED:
            assert np.isnan(inputs.pruned_ranks[row])
            continue
        step = t.last_step
        at_step = [
            sign * c.intermediate_values[step] for c in completed if step in c.intermediate_values
        ]
        expected = np.mean(np.asarray(at_step) < sign * t.intermediate_values[step])
        assert inputs.pruned_ranks[row] == pytest.approx(expected)
    assert np.isfinite(inputs.pruned_ranks).sum() > 5


def test_each_finished_trial_is_encoded_once(monkeypatch: pytest.MonkeyPatch) -> None:
    encoded: list[int] = []
    original = EncodedSearchSpace.encode_params

    def counting(self: EncodedSearchSpace, params_list: Any) -> np.ndarray:
        encoded.append(len(params_list))
        return original(self, params_list)

    monkeypatch.setattr(EncodedSearchSpace, "encode_params", counting)
    study = optuna.create_study(sampler=GPEISampler(seed=0, n_startup_trials=5))
    study.optimize(lambda t: sphere(t, 2), n_trials=40)
    # Each finished trial's point once, and each proposal's (empty) pending points.
    assert sum(encoded) == 39


def test_a_new_constraint_name_gets_a_column_for_every_row() -> None:
    study = optuna.create_study()
    space = EncodedSearchSpace(SPACE)
    observer = StudyObserver(study, space)
    for k in range(4):
        trial = study.ask(SPACE)
        study.tell(trial, float(k))
    current = study.ask(SPACE)
    observer.observations(study.get_trials(deepcopy=False), current)
    study.tell(current, 0.0)
    trial = study.ask(SPACE)
    trial.storage.set_trial_system_attr(trial._trial_id, "constraints", [0.5])
    study.tell(trial, 1.0)
    current = study.ask(SPACE)
    inputs = observer.observations(study.get_trials(deepcopy=False), current).finished.inputs()
    assert inputs.models == ["objective:0", "constraint:0"]
    assert inputs.constraints.shape == (6, 1)
    assert np.isnan(inputs.constraints[:5, 0]).all()
    assert inputs.constraints[5, 0] == 0.5


def test_a_trial_running_in_an_older_snapshot_is_not_pending_once_observed() -> None:
    study = optuna.create_study()
    space = EncodedSearchSpace(SPACE)
    observer = StudyObserver(study, space)
    study.tell(study.ask(SPACE), 1.0)
    other = study.ask(SPACE)
    current = study.ask(SPACE)
    older = study.get_trials(deepcopy=True)  # `other` running
    study.tell(other, 2.0)
    assert len(observer.observations(study.get_trials(deepcopy=False), current).pending) == 0
    observed = observer.observations(older, current)
    assert observed.pending == []
    assert len(observed.finished) == 2


def test_other_trials_behind_the_same_study_start_the_observer_over() -> None:
    """Trials that are not those seen before (another study behind the same storage object and
    id) replace the rows instead of joining them."""
    space = EncodedSearchSpace(SPACE)
    first, second = optuna.create_study(), optuna.create_study()
    for study, offset in ((first, 0.0), (second, 100.0)):
        for k in range(5):
            study.tell(study.ask(SPACE), offset + k)
        study.ask(SPACE)
    observer = StudyObserver(first, space)
    for study in (first, second):
        trials = study.get_trials(deepcopy=False)
        observed = observer.observations(trials, trials[-1])
    inputs = observed.finished.inputs()
    np.testing.assert_array_equal(inputs.objectives[:, 0], 100.0 + np.arange(5))


def test_a_trial_that_keeps_meeting_a_rival_takes_its_own_point() -> None:
    """Workers proposing at once from the same data may keep meeting on one maximizer: after
    _MAX_YIELDS yields a trial takes the point no other trial proposes, never the rival's."""
    study = optuna.create_study()
    space = EncodedSearchSpace(SPACE)
    study.ask()
    study.ask()
    rival, current = study.get_trials(deepcopy=False)
    clash = space.encode_params([{"x": 1.0, "y": 2.0}])[0]
    _pending.store_point(TrialContext(study, rival, space), clash)
    proposals: list[int] = []

    def propose(observations: Observations) -> np.ndarray:
        proposals.append(len(observations.pending))
        return clash

    own = space.encode_params([{"x": -3.0, "y": 4.0}])[0]
    observations = Observations(FinishedTrials(study, space), [])
    context = TrialContext(study, current, space)
    point = _pending.settle(context, observations, clash, propose, lambda: own)
    np.testing.assert_array_equal(point, own)
    assert proposals == [1, 2, 3]
    stored = study.get_trials(deepcopy=False)[1].system_attrs
    assert stored[_pending.RELATIVE_PARAMS_ATTR] == {"x": -3.0, "y": 4.0}
    assert stored[_pending.SETTLED_ATTR] is True
