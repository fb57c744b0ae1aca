"""The OptunaHub package in optunahub/samplers/optuna_gfo: loaded by optunahub.load_local_module,
its samplers run short studies, and its files are what the OptunaHub registry asks for."""

from __future__ import annotations

from collections.abc import Callable
import inspect
import json
import math
from pathlib import Path
import re
import subprocess
import sys
import types
from typing import Any

import optuna
from optuna.samplers import BaseSampler
from optuna.samplers import RandomSampler
from optuna.trial import TrialState
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
import pytest
import yaml

import optuna_gfo
import optunahub

REPO = Path(__file__).resolve().parents[2]
REGISTRY_ROOT = REPO / "optunahub"
PACKAGE = "samplers/optuna_gfo"
PACKAGE_DIR = REGISTRY_ROOT / PACKAGE
MODULE_NAME = "optunahub_registry.package.samplers.optuna_gfo"

N_TRIALS = 15
GP_STARTUP = 3
GA_POPULATION = 5

# Running pytest from the repository root puts the root on sys.path, where the optunahub/ folder
# (no __init__.py) would be imported as an empty namespace package if the optunahub distribution
# were missing: fail with the reason rather than with an AttributeError further down.
assert getattr(optunahub, "__file__", None) is not None, (
    "optunahub is not installed (pip install optunahub); the repository's optunahub/ folder was "
    "imported in its place"
)


def _load() -> types.ModuleType:
    return optunahub.load_local_module(package=PACKAGE, registry_root=str(REGISTRY_ROOT))


@pytest.fixture(scope="module")
def hub_module() -> types.ModuleType:
    return _load()


def _objective(trial: optuna.Trial) -> float:
    # A mixed search space: float, log float, stepped float, int, categorical.
    x = trial.suggest_float("x", -5.0, 5.0)
    lr = trial.suggest_float("lr", 1e-4, 1e-1, log=True)
    dropout = trial.suggest_float("dropout", 0.0, 0.5, step=0.1)
    layers = trial.suggest_int("layers", 1, 8)
    activation = trial.suggest_categorical("activation", ["relu", "gelu", "tanh"])
    penalty = {"relu": 0.0, "gelu": 0.1, "tanh": 0.5}[activation]
    return x**2 + (math.log10(lr) + 2.0) ** 2 + dropout + (layers - 3) ** 2 + penalty


def _run(sampler: BaseSampler) -> optuna.Study:
    study = optuna.create_study(sampler=sampler)
    study.optimize(_objective, n_trials=N_TRIALS)
    return study


def _check_all_complete(study: optuna.Study) -> None:
    assert len(study.trials) == N_TRIALS
    assert all(t.state == TrialState.COMPLETE for t in study.trials)
    assert all(
        set(t.params) == {"x", "lr", "dropout", "layers", "activation"} for t in study.trials
    )


def _check_gp_ei_study(study: optuna.Study) -> None:
    """What GPEISampler(n_startup_trials=GP_STARTUP) leaves in a study and RandomSampler does not."""
    for t in study.trials[1:]:
        # From the second trial on, every point is a relative proposal (Sobol design, then the
        # GP), stored before the objective ran; the trial's parameters are that point.
        stored = t.system_attrs.get("optuna_gfo:relative_params")
        assert isinstance(stored, dict), f"trial {t.number} has no optuna_gfo:relative_params"
        assert set(stored) == set(t.params)
        for name, value in t.params.items():
            internal = t.distributions[name].to_internal_repr(value)
            assert stored[name] == pytest.approx(internal, rel=1e-9, abs=1e-12), (t.number, name)
    for t in study.trials[GP_STARTUP:]:
        # After the startup trials each proposal fits the GP to all completed trials so far.
        fit = t.system_attrs.get("optuna_gfo:gp_fit")
        assert isinstance(fit, dict), f"trial {t.number} has no optuna_gfo:gp_fit"
        assert fit["names"] == sorted(t.params)
        assert fit["models"]["objective:0"]["n_observations"] == t.number
        assert all(math.isfinite(v) for v in fit["models"]["objective:0"]["log_values"])
    assert all("optuna_gfo:gp_fit" not in t.system_attrs for t in study.trials[:GP_STARTUP])


def _check_ga_study(study: optuna.Study) -> None:
    """What GASampler(population_size=GA_POPULATION) leaves in a study and RandomSampler does not."""
    generation = {t.number: t.system_attrs.get("optuna_gfo:ga:generation") for t in study.trials}
    # All trials complete, so generation g is trials g * population ... (g + 1) * population - 1.
    assert generation == {t.number: t.number // GA_POPULATION for t in study.trials}
    assert max(generation.values()) == (N_TRIALS - 1) // GA_POPULATION >= 2
    for t in study.trials[1:]:
        parents = t.system_attrs.get("optuna_gfo:ga:parents")
        assert isinstance(parents, list), f"trial {t.number} has no optuna_gfo:ga:parents"
        if generation[t.number] == 0:
            assert parents == []
        else:
            # Bred from one or two members of earlier generations (the previous one or elites).
            assert 1 <= len(parents) <= 2
            assert all(generation[p] < generation[t.number] for p in parents)


def test_module_reexports_the_optuna_gfo_classes(hub_module: types.ModuleType) -> None:
    assert hub_module.__name__ == MODULE_NAME
    assert Path(hub_module.__file__) == PACKAGE_DIR / "__init__.py"
    assert sorted(hub_module.__all__) == ["GASampler", "GPEISampler"]
    assert hub_module.GPEISampler is optuna_gfo.GPEISampler
    assert hub_module.GASampler is optuna_gfo.GASampler
    assert issubclass(hub_module.GPEISampler, BaseSampler)
    assert issubclass(hub_module.GASampler, BaseSampler)


@pytest.mark.parametrize(
    ("name", "arguments", "check"),
    [
        ("GPEISampler", {"n_startup_trials": GP_STARTUP}, _check_gp_ei_study),
        ("GASampler", {"population_size": GA_POPULATION}, _check_ga_study),
    ],
)
def test_each_sampler_runs_a_study_through_optunahub(
    hub_module: types.ModuleType,
    name: str,
    arguments: dict[str, Any],
    check: Callable[[optuna.Study], None],
) -> None:
    sampler = getattr(hub_module, name)(seed=0, **arguments)
    assert type(sampler) is getattr(optuna_gfo, name)
    study = _run(sampler)
    _check_all_complete(study)
    check(study)


def test_checks_reject_a_random_sampler_study() -> None:
    # The sampler-specific checks above would fail if the module handed out any other sampler.
    study = _run(RandomSampler(seed=0))
    _check_all_complete(study)
    with pytest.raises(AssertionError, match="relative_params"):
        _check_gp_ei_study(study)
    with pytest.raises(AssertionError):
        _check_ga_study(study)


def test_missing_optuna_gfo_raises_an_import_error_naming_the_package(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delitem(sys.modules, MODULE_NAME, raising=False)
    monkeypatch.setitem(sys.modules, "optuna_gfo", None)  # import optuna_gfo now fails
    with pytest.raises(ImportError, match=r"pip install optuna-gfo") as raised:
        _load()
    assert isinstance(raised.value.__cause__, ModuleNotFoundError)


def test_a_missing_dependency_of_optuna_gfo_is_reported_as_is(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # optuna_gfo is found but cannot import one of its own modules: that error, not the
    # "pip install optuna-gfo" hint, reaches the user.
    monkeypatch.delitem(sys.modules, MODULE_NAME, raising=False)
    monkeypatch.delitem(sys.modules, "optuna_gfo")
    monkeypatch.setitem(sys.modules, "optuna_gfo._ga", None)
    with pytest.raises(ModuleNotFoundError) as raised:
        _load()
    assert raised.value.name == "optuna_gfo._ga"
    assert "pip install optuna-gfo" not in str(raised.value)


def test_example_runs(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(PACKAGE_DIR / "example.py")],
        check=False,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "GPEISampler:" in done.stdout and "GASampler:" in done.stdout


# --- The files the registry asks for -------------------------------------------------------------


def _readme() -> str:
    return (PACKAGE_DIR / "README.md").read_text(encoding="utf-8")


def _front_matter() -> dict:
    match = re.match(r"---\n(.*?)\n---\n", _readme(), re.DOTALL)
    assert match, "README.md does not start with a --- front matter block"
    data = yaml.safe_load(match.group(1))
    assert isinstance(data, dict)
    return data


def test_readme_front_matter_has_the_registry_fields() -> None:
    # The fields the registry's header check requires, each non-empty; its template asks for
    # string values and the tag "sampler" for packages under samplers/.
    front = _front_matter()
    for field in ("author", "title", "description", "tags", "optuna_versions", "license"):
        assert front.get(field) not in (None, "", []), f"{field} is missing or empty"
    for field in ("author", "title", "description", "license"):
        assert isinstance(front[field], str), field
    assert isinstance(front["tags"], list) and all(isinstance(t, str) for t in front["tags"])
    assert "sampler" in front["tags"]
    versions = front["optuna_versions"]
    assert isinstance(versions, list)
    assert all(isinstance(v, str) and re.fullmatch(r"\d+\.\d+\.\d+", v) for v in versions)
    assert front["license"] == "MIT License"


def test_readme_sections_and_no_html() -> None:
    text = _readme()
    headings = re.findall(r"^## (.+)$", text, re.MULTILINE)
    assert headings == ["Abstract", "APIs", "Installation", "Example", "Others"]
    # The registry strips HTML tags from README.md; markdown only (code blocks aside).
    prose = re.sub(r"```.*?```", "", text, flags=re.DOTALL)
    assert not re.search(r"</?[A-Za-z][^>]*>", prose)
    for name in ("GPEISampler", "GASampler", 'load_module(package="samplers/optuna_gfo")'):
        assert name in text


def test_readme_benchmark_figures_are_those_of_the_benchmarks_readme() -> None:
    # Every table row quoted in the package's README is a row of benchmarks/README.md, so the
    # hub page cannot drift from the measured figures; the plots are copies of the results'.
    benchmark_lines = set(
        (REPO / "benchmarks" / "README.md").read_text(encoding="utf-8").splitlines()
    )
    rows = [line for line in _readme().splitlines() if line.startswith("| ")]
    assert len(rows) >= 15
    stale = [row for row in rows if row not in benchmark_lines]
    assert not stale, f"rows not in benchmarks/README.md: {stale}"
    images = re.findall(r"!\[[^\]]*\]\((images/[^)]+)\)", _readme())
    assert len(images) == 2
    for image in images:
        copy = PACKAGE_DIR / image
        assert copy.read_bytes() == (REPO / "benchmarks" / "results" / copy.name).read_bytes()


def _signature_line(cls: type) -> str:
    """``Name(*, a=1, b="x")``: the class's keyword-only signature as the APIs section prints it."""
    shown = [
        f"{p.name}={json.dumps(p.default) if isinstance(p.default, str) else repr(p.default)}"
        for p in inspect.signature(cls).parameters.values()
    ]
    return f"{cls.__name__}(*, {', '.join(shown)})"


@pytest.mark.parametrize("cls", [optuna_gfo.GPEISampler, optuna_gfo.GASampler])
def test_readme_apis_show_the_samplers_signatures(cls: type) -> None:
    # Every argument, with its default, as the installed class has it.
    assert f"- `{_signature_line(cls)}`" in _readme().splitlines()


def test_license_is_mit_with_the_authors() -> None:
    text = (PACKAGE_DIR / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n")
    assert "Copyright (c) 2026 The optuna-gfo authors" in text
    assert "<COPYRIGHT HOLDER" not in text


def test_requirements_name_optuna_gfo() -> None:
    lines = (PACKAGE_DIR / "requirements.txt").read_text(encoding="utf-8").splitlines()
    requirements = [
        Requirement(line) for line in lines if line.strip() and not line.startswith("#")
    ]
    names = {canonicalize_name(r.name) for r in requirements}
    assert {"optuna", "optuna-gfo"} <= names
    optuna_requirement = next(r for r in requirements if canonicalize_name(r.name) == "optuna")
    # The same Optuna range as the package itself declares.
    declared = re.search(r'"(optuna>=[^"]+)"', (REPO / "pyproject.toml").read_text()).group(1)
    assert optuna_requirement.specifier == Requirement(declared).specifier
