"""optuna_gfo._optuna_compat: the one module that touches Optuna's private API, on 4.0 to 5.x."""

from __future__ import annotations

import ast
from pathlib import Path
import warnings

import optuna
import pytest

from constrained_problems import HAS_SET_CONSTRAINT
from constrained_problems import requires_set_constraint
from optuna_gfo import _optuna_compat
from optuna_gfo import GPEISampler

PACKAGE = Path(_optuna_compat.__file__).resolve().parent


def _private(name: str) -> bool:
    return name.startswith("_") and not name.endswith("__")


def _private_optuna_uses(path: Path) -> list[str]:
    """Uses of a ``_`` name in `path` that may be Optuna's: imports of Optuna's private modules
    or names, and ``x._name`` on anything but ``self``, ``cls`` and our own modules."""
    tree = ast.parse(path.read_text(), filename=str(path))
    own = {"self", "cls"}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "optuna_gfo":
            own.update(alias.asname or alias.name for alias in node.names)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "optuna" and any(map(_private, parts)):
                    found.append(f"{path.name}:{node.lineno}: import {alias.name}")
        elif isinstance(node, ast.ImportFrom) and node.module:
            parts = node.module.split(".")
            names = [alias.name for alias in node.names]
            if parts[0] == "optuna" and (any(map(_private, parts)) or any(map(_private, names))):
                found.append(f"{path.name}:{node.lineno}: from {node.module} import {names}")
        elif isinstance(node, ast.Attribute) and _private(node.attr):
            if not (isinstance(node.value, ast.Name) and node.value.id in own):
                found.append(f"{path.name}:{node.lineno}: {ast.unparse(node)}")
    return found


def test_only_the_compat_module_touches_optunas_private_api() -> None:
    modules = sorted(p for p in PACKAGE.glob("*.py") if p.name != "_optuna_compat.py")
    assert {"_base.py", "_ga.py", "_gp_ei.py"} <= {p.name for p in modules}
    assert [use for path in modules for use in _private_optuna_uses(path)] == []
    # The scan does see such uses: the compat module has them.
    assert _private_optuna_uses(PACKAGE / "_optuna_compat.py")


def _study_with_constraints_func() -> optuna.Study:
    def objective(trial: optuna.Trial) -> float:
        x = trial.suggest_float("x", 0.0, 1.0)
        trial.set_user_attr("constraints", (x - 0.5, -x))
        return x

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # Optuna 5 deprecates constraints_func
        sampler = GPEISampler(
            seed=0, n_startup_trials=2, constraints_func=lambda t: t.user_attrs["constraints"]
        )
    study = optuna.create_study(sampler=sampler)
    study.optimize(objective, n_trials=4)
    return study


def test_trial_constraints_names_constraints_func_values_by_position() -> None:
    study = _study_with_constraints_func()
    for trial in study.trials:
        values = trial.user_attrs["constraints"]
        assert _optuna_compat.trial_constraints(trial) == {"0": values[0], "1": values[1]}
    assert _optuna_compat.trial_constraints(optuna.trial.create_trial(value=1.0)) == {}


@requires_set_constraint
def test_trial_constraints_reads_set_constraint() -> None:
    def objective(trial: optuna.Trial) -> float:
        x = trial.suggest_float("x", 0.0, 1.0)
        trial.set_constraint("low", x - 0.5)
        return x

    study = optuna.create_study(sampler=GPEISampler(seed=0, n_startup_trials=2))
    study.optimize(objective, n_trials=3)
    for trial in study.trials:
        assert _optuna_compat.trial_constraints(trial) == {"low": trial.params["x"] - 0.5}


def test_constraints_func_is_deprecated_exactly_where_optuna_has_set_constraint() -> None:
    assert _optuna_compat.constraints_func_deprecated() is HAS_SET_CONSTRAINT


def test_deprecation_warning_points_at_the_users_call() -> None:
    if not HAS_SET_CONSTRAINT:
        pytest.skip("constraints_func is not deprecated before Optuna 5")
    with pytest.warns(FutureWarning, match="constraints_func") as caught:
        GPEISampler(constraints_func=lambda t: (0.0,))
    assert caught[0].filename == __file__


def test_independent_sampling_message_names_what_fell_back_and_how_to_silence_it() -> None:
    message = _optuna_compat.independent_sampling_message(
        param_name="y",
        trial_number=3,
        independent_sampler_name="RandomSampler",
        sampler_name="GPEISampler",
        fallback_reason="a reason",
    )
    for part in ("`y`", "Trial#3", "RandomSampler", "GPEISampler", "because a reason"):
        assert part in message
    assert "warn_independent_sampling" in message
